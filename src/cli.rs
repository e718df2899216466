//! The command line: arguments only; the work is done by the library.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

use opsctl::report::Format;

#[derive(Debug, Parser)]
#[command(name = "opsctl", version, about = "Check, render and explain a company's operating system of record", long_about = None)]
pub struct Cli {
    /// Treat this date as today (YYYY-MM-DD), for reproducible results.
    #[arg(long, global = true, env = "OPSCTL_TODAY", value_name = "DATE")]
    pub today: Option<String>,

    /// When to use colour.
    #[arg(long, global = true, value_enum, default_value_t = ColorWhen::Auto, value_name = "WHEN")]
    pub color: ColorWhen,

    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorWhen {
    Auto,
    Always,
    Never,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Load, validate and lint the repository.
    Check(CheckArgs),
    /// Render the handbook site (the check runs first; its findings are on the site).
    Build(BuildArgs),
    /// Build the site, serve it locally, rebuild what changes on save and reload the browser.
    Serve(ServeArgs),
    /// Explain what a change does to the model: owners, deadlines, SOPs, coverage, findings.
    Diff(DiffArgs),
    /// Install or remove the git pre-commit hook.
    Hook(HookArgs),
    /// Write the JSON Schemas of opsctl.toml, entity files and front matter.
    Schema(SchemaArgs),
    /// Scaffold a new ops repository that checks clean and builds.
    Init(InitArgs),
    /// Add a goal, SOP, person, team, capability, offering, KPI or cadence.
    New(crate::cli_new::NewArgs),
    /// List goals, KPIs, pages, SOPs, capabilities, offerings, cadences or people, filtered.
    List(ListArgs),
    /// Who owns what and how loaded each owner is; everything one person owns.
    Owners(OwnersArgs),
    /// The Execution Score: five categories scored 1-5, a total out of 25 and its band.
    Score(ScoreArgs),
    /// Write a calendar (ics), a CODEOWNERS file or the whole model as JSON.
    Export(ExportArgs),
    /// Explain a rule: what it checks, why, an example that fires and how to fix it.
    Explain(ExplainArgs),
    /// Print a shell completion script to stdout.
    Completions(CompletionsArgs),
    /// Write the man pages (opsctl.1 to stdout, or every page into --out).
    Man(ManArgs),
}

#[derive(Debug, Args)]
pub struct BuildArgs {
    /// The repository root (default: the nearest directory upwards with opsctl.toml).
    pub path: Option<PathBuf>,

    /// Output directory (default: [site] out in opsctl.toml, else _site in the root).
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,

    /// Do not build when the check finds errors.
    #[arg(long)]
    pub strict: bool,

    /// Build a git revision (e.g. a tag) without checking it out.
    #[arg(long, value_name = "REV")]
    pub rev: Option<String>,

    /// Do not read git history (page dates, authors and contributors).
    #[arg(long)]
    pub no_history: bool,
}

#[derive(Debug, Args)]
#[command(
    after_help = "Examples:\n  opsctl serve\n  opsctl serve examples/acme --port 8000 --open\n  \
opsctl serve --poll    (network file systems, containers)"
)]
pub struct ServeArgs {
    /// The repository root (default: the nearest directory upwards with opsctl.toml).
    pub path: Option<PathBuf>,

    /// Port to listen on (default: the first free one from 3000 on; 0: any free port).
    #[arg(long, value_name = "N")]
    pub port: Option<u16>,

    /// Address to listen on; anything but loopback makes the handbook reachable from the network.
    #[arg(long, value_name = "ADDR", default_value = "127.0.0.1")]
    pub bind: std::net::IpAddr,

    /// Open the site in the default browser.
    #[arg(long)]
    pub open: bool,

    /// Poll for changes instead of relying on file-system events (network mounts, some VMs).
    #[arg(long)]
    pub poll: bool,
}

#[derive(Debug, Args)]
#[command(
    after_help = "Exit status: 0 no errors (warnings allowed unless --deny-warnings), \
1 findings at error level, 2 usage, I/O or internal error.\n\n\
Examples:\n  opsctl check\n  opsctl check examples/acme --today 2026-11-21\n  \
opsctl check --format github --deny-warnings"
)]
pub struct CheckArgs {
    /// The repository root (default: the nearest directory upwards with opsctl.toml).
    pub path: Option<PathBuf>,

    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,

    /// Exit with status 1 when there are warnings, not only errors.
    #[arg(long)]
    pub deny_warnings: bool,

    #[command(flatten)]
    pub snapshot: SnapshotArgs,

    /// Do not read git history (SOPs without `last_reviewed` are then not checked for staleness).
    #[arg(long)]
    pub no_history: bool,

    /// Report only findings that this revision did not have (e.g. origin/main), so an
    /// older repository can adopt the gate without fixing everything first.
    #[arg(long, value_name = "REV")]
    pub new_since: Option<String>,
}

#[derive(Debug, Args)]
#[command(
    after_help = "BASE defaults to HEAD (the last commit) and HEAD to the working tree, so \
`opsctl diff` shows what the uncommitted changes do. `A..B` compares A with B; `A...B` compares \
B with the merge base of A and B, as GitHub shows a pull request.\n\n\
Exit status: 0 (also when the change introduces errors, unless --fail-on-new-errors), \
1 new error-level findings with --fail-on-new-errors, 2 usage, git or I/O error.\n\n\
Examples:\n  opsctl diff\n  opsctl diff HEAD~3\n  \
opsctl diff origin/main...HEAD --format markdown"
)]
pub struct DiffArgs {
    /// The base revision, or a range A..B or A...B [default: HEAD].
    pub base: Option<String>,

    /// The head revision [default: the working tree].
    pub head: Option<String>,

    /// Output format.
    #[arg(long, value_enum, default_value_t = opsctl::diff::Format::Human)]
    pub format: opsctl::diff::Format,

    /// The repository root (default: the nearest directory upwards with opsctl.toml).
    #[arg(long, value_name = "DIR")]
    pub root: Option<PathBuf>,

    /// Exit with status 1 when the change introduces error-level findings.
    #[arg(long)]
    pub fail_on_new_errors: bool,
}

/// Which version of the files to read (default: the working tree).
#[derive(Debug, Args)]
pub struct SnapshotArgs {
    /// Check what is staged in the git index: what `git commit` will record.
    #[arg(long, conflicts_with = "rev")]
    pub staged: bool,

    /// Read a git revision (e.g. HEAD~3, a tag, origin/main) without checking it out.
    #[arg(long, value_name = "REV")]
    pub rev: Option<String>,
}

impl SnapshotArgs {
    pub fn snapshot(&self) -> opsctl::Snapshot {
        match (&self.rev, self.staged) {
            (Some(rev), _) => opsctl::Snapshot::Revision(rev.clone()),
            (None, true) => opsctl::Snapshot::Staged,
            (None, false) => opsctl::Snapshot::WorkTree,
        }
    }
}

#[derive(Debug, Args)]
pub struct HookArgs {
    #[command(subcommand)]
    pub action: HookAction,
}

#[derive(Debug, Subcommand)]
pub enum HookAction {
    /// Install a git pre-commit hook that runs `opsctl check --staged`.
    Install {
        /// The repository root (default: the nearest directory upwards with opsctl.toml).
        path: Option<PathBuf>,
        /// Replace a pre-commit hook opsctl did not write (it is kept as pre-commit.opsctl-backup).
        #[arg(long)]
        force: bool,
    },
    /// Remove the pre-commit hook if opsctl wrote it.
    Uninstall {
        /// The repository root (default: the nearest directory upwards with opsctl.toml).
        path: Option<PathBuf>,
    },
}

#[derive(Debug, Args)]
pub struct SchemaArgs {
    /// Directory to write the schemas to.
    #[arg(long, default_value = "schema")]
    pub out: PathBuf,
}

#[derive(Debug, Args)]
#[command(
    after_help = "Writes opsctl.toml, people, capabilities (one of each kind) and an offering, \
goals, KPIs, a cadence, SOPs, the JSON Schemas (schema/) and a .gitignore for the site. \
Dates are computed from today (or --today), so the new repository checks clean.\n\n\
Examples:\n  opsctl init ops\n  git init ops && cd ops && opsctl init"
)]
pub struct InitArgs {
    /// Directory of the new repository (created if missing; default: the current directory).
    pub path: Option<PathBuf>,

    /// Write into a non-empty directory; only missing files are added, none is overwritten.
    #[arg(long)]
    pub force: bool,
}

#[derive(Debug, Args)]
#[command(after_help = "Without a rule, lists every rule with its default level.")]
pub struct ExplainArgs {
    /// The rule id, e.g. goal-overdue.
    pub rule: Option<String>,
}

#[derive(Debug, Args)]
#[command(
    after_help = "Examples:\n  opsctl completions bash > ~/.local/share/bash-completion/completions/opsctl\n  \
opsctl completions zsh > ~/.zfunc/_opsctl\n  opsctl completions fish > ~/.config/fish/completions/opsctl.fish"
)]
pub struct CompletionsArgs {
    /// The shell to complete for.
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}

#[derive(Debug, Args)]
pub struct ManArgs {
    /// Write opsctl.1 and a page per subcommand (opsctl-check.1, …) into this directory.
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
}

#[derive(Debug, Args)]
#[command(after_help = "Examples:\n  opsctl list goals --overdue\n  \
opsctl list goals --owner maya --due-within 30d\n  opsctl list sops --stale --json\n  \
opsctl list kpis --capability sales")]
pub struct ListArgs {
    /// What to list.
    #[arg(value_enum)]
    pub what: opsctl::query::Kind,

    /// The repository root (default: the nearest directory upwards with opsctl.toml).
    pub path: Option<PathBuf>,

    /// Only what this person owns.
    #[arg(long, value_name = "PERSON")]
    pub owner: Option<String>,

    /// Only what belongs to this capability (offerings: that require it).
    #[arg(long, value_name = "ID")]
    pub capability: Option<String>,

    /// Goals: planned, active, done, dropped or open; pages: draft, active or retired.
    #[arg(long)]
    pub status: Option<String>,

    /// Goals of one horizon: annual or quarter.
    #[arg(long)]
    pub horizon: Option<String>,

    /// Open goals whose deadline has passed.
    #[arg(long, conflicts_with = "due_within")]
    pub overdue: bool,

    /// Open goals due, or pages due for review, between today and this far ahead (30d, 2w, 6m, 1q).
    #[arg(long, value_name = "PERIOD")]
    pub due_within: Option<String>,

    /// Pages past their review date; KPIs without a reading recent enough for their cadence.
    #[arg(long)]
    pub stale: bool,

    /// Print a versioned JSON document instead of a table.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct OwnersArgs {
    /// One person: everything they own and their load (default: a table of every owner).
    pub person: Option<String>,

    /// The repository root (default: the nearest directory upwards with opsctl.toml).
    #[arg(long, value_name = "PATH")]
    pub root: Option<PathBuf>,

    /// Print a versioned JSON document instead of text.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
#[command(
    after_help = "Bands: 20-25 strong foundation; 13-19 building, critical gaps; \
12 or below, fix execution before growth.\n\nExamples:\n  opsctl score\n  \
opsctl score --history\n  opsctl score --history --every 1w --json"
)]
pub struct ScoreArgs {
    /// The repository root (default: the nearest directory upwards with opsctl.toml).
    pub path: Option<PathBuf>,

    /// Score the last commit of every month of the first-parent git history, oldest first.
    #[arg(long)]
    pub history: bool,

    /// With --history: the period sampled instead of a month (7d, 1w, 2w, 1m, 1q).
    #[arg(long, value_name = "PERIOD", requires = "history")]
    pub every: Option<String>,

    /// Score a git revision without checking it out (with --history: where the walk starts).
    #[arg(long, value_name = "REV")]
    pub rev: Option<String>,

    /// Print a versioned JSON document instead of text.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ExportFormat {
    /// An iCalendar file: goal deadlines, milestones, retro actions, SOP reviews and cadences.
    Ics,
    /// A CODEOWNERS file that asks each page's and entity file's owner to review changes.
    Codeowners,
    /// The whole model as a versioned JSON document.
    Json,
}

#[derive(Debug, Args)]
pub struct ExportArgs {
    /// What to write.
    #[arg(value_enum)]
    pub format: ExportFormat,

    /// The repository root (default: the nearest directory upwards with opsctl.toml).
    pub path: Option<PathBuf>,

    /// Write to this file instead of standard output.
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
}

#[cfg(test)]
mod tests {
    use clap::CommandFactory;

    #[test]
    fn the_command_line_definition_is_consistent() {
        super::Cli::command().debug_assert();
    }
}
