//! The arguments of `opsctl new KIND`, made from the field tables of `opsctl::new`
//! (one subcommand per kind, one flag per field) so that flags, help, completions,
//! the man page and the prompts all come from one definition.

use std::path::PathBuf;

use clap::builder::PossibleValuesParser;
use clap::error::ErrorKind;
use clap::{Arg, ArgAction, ArgMatches, Args, Command, FromArgMatches, value_parser};

use opsctl::new::{Field, Need, NewKind, Shape, Values};

#[derive(Debug, Clone)]
pub struct NewArgs {
    pub kind: NewKind,
    pub path: Option<PathBuf>,
    pub file: Option<String>,
    pub values: Values,
}

impl FromArgMatches for NewArgs {
    fn from_arg_matches(matches: &ArgMatches) -> Result<Self, clap::Error> {
        let Some((name, sub)) = matches.subcommand() else {
            return Err(clap::Error::new(ErrorKind::MissingSubcommand));
        };
        let kind = NewKind::from_name(name)
            .ok_or_else(|| clap::Error::new(ErrorKind::InvalidSubcommand))?;
        let mut values = Values::new();
        for field in kind.fields() {
            if let Some(given) = sub.get_many::<String>(field.key) {
                values.insert(field.key, given.cloned().collect::<Vec<_>>().join(","));
            }
        }
        Ok(NewArgs {
            kind,
            path: sub.get_one::<PathBuf>("path").cloned(),
            file: sub.get_one::<String>("file").cloned(),
            values,
        })
    }

    fn update_from_arg_matches(&mut self, matches: &ArgMatches) -> Result<(), clap::Error> {
        *self = Self::from_arg_matches(matches)?;
        Ok(())
    }
}

impl Args for NewArgs {
    fn augment_args(cmd: Command) -> Command {
        cmd.subcommand_required(true)
            .subcommands(NewKind::ALL.map(subcommand))
    }

    fn augment_args_for_update(cmd: Command) -> Command {
        Self::augment_args(cmd)
    }
}

fn subcommand(kind: NewKind) -> Command {
    let file_help = match kind {
        NewKind::Sop => "Path of the new page [default: sops/<capability>/<title as a slug>.md]",
        _ => {
            "TOML file to add it to [default: the file that already holds this kind, else the conventional one]"
        }
    };
    let mut cmd = Command::new(kind.name())
        .about(kind.about())
        .after_help(
            "Required fields that are not given as flags are asked for when stdin is a \
             terminal; in CI (CI set) or without a terminal, missing flags are an error. \
             Lists are comma-separated.",
        )
        .arg(
            Arg::new("path")
                .value_name("PATH")
                .value_parser(value_parser!(PathBuf))
                .help(
                    "The repository root (default: the nearest directory upwards with opsctl.toml)",
                ),
        )
        .arg(
            Arg::new("file")
                .long("file")
                .value_name("FILE")
                .help(file_help),
        );
    for field in kind.fields() {
        cmd = cmd.arg(flag(field));
    }
    cmd
}

fn flag(field: &Field) -> Arg {
    let need = match field.need {
        Need::Required => " (required)",
        Need::ForQuarter | Need::Optional => "",
    };
    let arg = Arg::new(field.key)
        .long(field.flag())
        .help(format!("{}{need}", field.help))
        .action(if field.is_list() {
            ArgAction::Append
        } else {
            ArgAction::Set
        });
    match field.shape {
        Shape::Choice(names) => arg
            .value_name("WORD")
            .value_parser(PossibleValuesParser::new(names)),
        Shape::Date => arg.value_name("YYYY-MM-DD"),
        Shape::Person => arg.value_name("PERSON"),
        Shape::People => arg.value_name("PERSON,…"),
        Shape::Capabilities => arg.value_name("CAPABILITY,…"),
        Shape::Period => arg.value_name("PERIOD"),
        Shape::Number | Shape::Rank => arg.value_name("N"),
        Shape::Words => arg.value_name("TAG,…"),
        Shape::NewId => arg.value_name("ID"),
        Shape::Team => arg.value_name("TEAM"),
        Shape::Capability => arg.value_name("CAPABILITY"),
        Shape::AnnualGoal => arg.value_name("GOAL"),
        Shape::Page => arg.value_name("PAGE"),
        Shape::Text => arg.value_name("TEXT"),
    }
}
