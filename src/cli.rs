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
    /// Install or remove the git pre-commit hook.
    Hook(HookArgs),
    /// Write the JSON Schemas of opsctl.toml, entity files and front matter.
    Schema(SchemaArgs),
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

#[cfg(test)]
mod tests {
    use clap::CommandFactory;

    #[test]
    fn the_command_line_definition_is_consistent() {
        super::Cli::command().debug_assert();
    }
}
