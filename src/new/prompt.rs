//! Asks for the required fields `opsctl new` was not given, one line each, checking
//! every answer at once so a typo is caught at the prompt rather than in the file.
//! Reads and writes through the given streams: the binary passes stdin and stderr.

use std::io::{BufRead, Write};

use super::fields::{Field, NewKind, Shape};
use super::validate::Lookup;
use super::{Values, missing};
use crate::load::Repository;
use crate::model::Kind;
use crate::model::entities::Horizon;

/// How many ids a hint lists before "…".
const HINT_IDS: usize = 8;

/// Fills `values` with answers until no required field is missing.
pub fn ask(
    repo: &Repository,
    kind: NewKind,
    values: &mut Values,
    input: &mut dyn BufRead,
    output: &mut dyn Write,
) -> Result<(), String> {
    let lookup = Lookup::new(repo);
    let io = |e: std::io::Error| format!("cannot prompt: {e}");
    while let Some(field) = missing(kind, values).first().copied() {
        let hint = hint(&lookup, field);
        loop {
            write!(output, "{} — {}{hint}: ", field.key, field.help).map_err(io)?;
            output.flush().map_err(io)?;
            let mut line = String::new();
            if input.read_line(&mut line).map_err(io)? == 0 {
                return Err(format!(
                    "no answer for `{}`; nothing was written",
                    field.key
                ));
            }
            let answer = line.trim();
            if answer.is_empty() {
                writeln!(output, "  {} is required", field.key).map_err(io)?;
                continue;
            }
            match lookup.value(kind, field, answer) {
                Ok(_) => {
                    values.insert(field.key, answer.to_string());
                    break;
                }
                Err(e) => writeln!(output, "  {e}").map_err(io)?,
            }
        }
    }
    Ok(())
}

/// " [alex, jo, sam]": the ids a reference may name, when there are any.
fn hint(lookup: &Lookup, field: &Field) -> String {
    let ids: Vec<&str> = match field.shape {
        Shape::Person | Shape::People => lookup.ids(Kind::Person),
        Shape::Team => lookup.ids(Kind::Team),
        Shape::Capability | Shape::Capabilities => lookup.ids(Kind::Capability),
        Shape::AnnualGoal => {
            let model = &lookup.repo.model;
            let mut ids: Vec<&str> = model
                .goals
                .iter()
                .filter(|g| g.horizon() == Some(Horizon::Annual) && g.is_open())
                .map(|g| g.id.value.as_str())
                .collect();
            ids.sort_unstable();
            ids
        }
        _ => return String::new(),
    };
    if ids.is_empty() {
        return String::new();
    }
    let shown = ids
        .iter()
        .take(HINT_IDS)
        .copied()
        .collect::<Vec<_>>()
        .join(", ");
    let more = if ids.len() > HINT_IDS { ", …" } else { "" };
    format!(" [{shown}{more}]")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::Memory;

    fn repo() -> Repository {
        let source = Memory::new().with(
            "people.toml",
            "[[person]]\nid = \"maya\"\n\n[[team]]\nid = \"ops\"\nlead = \"maya\"\n",
        );
        crate::load(Box::new(source), ".".into()).unwrap()
    }

    #[test]
    fn asks_for_what_is_missing_and_re_asks_after_a_bad_answer() {
        let repo = repo();
        let mut values = Values::new();
        values.insert("id", "ops-weekly".into());
        let mut input: &[u8] = b"Weekly ops review\nfortnightly\n2w\nops\nmaya\n";
        let mut output = Vec::new();
        ask(
            &repo,
            NewKind::Cadence,
            &mut values,
            &mut input,
            &mut output,
        )
        .unwrap();
        let shown = String::from_utf8(output).unwrap();
        assert_eq!(values["every"], "2w");
        assert_eq!(values["owner"], "maya");
        assert!(shown.contains("`fortnightly` is not a period"), "{shown}");
        assert!(shown.contains("`ops` is a team"), "{shown}");
        assert!(shown.contains("owner — The one person accountable (a person id) [maya]: "));
        assert!(
            !values.contains_key("attendees"),
            "optional fields are not asked"
        );
    }

    #[test]
    fn a_quarter_goal_is_asked_for_its_parent() {
        let repo = repo();
        let mut values = Values::new();
        let mut input: &[u8] =
            b"q1-hiring\nHire two engineers\nquarter\nmaya\n2027-03-31\nTwo offers signed\n";
        let mut output = Vec::new();
        let err = ask(&repo, NewKind::Goal, &mut values, &mut input, &mut output).unwrap_err();
        assert_eq!(err, "no answer for `parent`; nothing was written");
    }
}
