//! Handlers of the commands that create things: init, new, explain, completions and
//! man pages. Kept apart from `main.rs` so that dispatch there stays one line each.

use std::io::{self, IsTerminal, Write};
use std::path::{Path, PathBuf};

use clap::CommandFactory;

use crate::cli::{Cli, CompletionsArgs, ExplainArgs, InitArgs, ManArgs};
use crate::cli_new::NewArgs;

pub fn init(cli: &Cli, args: &InitArgs) -> Result<u8, String> {
    let today = opsctl::today(cli.today.as_deref())?;
    let dir = args.path.clone().unwrap_or_else(|| PathBuf::from("."));
    let done = opsctl::scaffold::init(&dir, args.force, today)?;
    let shown = dir.display();
    let mut err = io::stderr().lock();
    if done.written.is_empty() {
        let _ = writeln!(
            err,
            "nothing to write: every file of the scaffold is already in {shown}"
        );
    } else {
        let _ = writeln!(err, "created {} files in {shown}:", done.written.len());
        for path in &done.written {
            let _ = writeln!(err, "  {path}");
        }
    }
    if !done.kept.is_empty() {
        let _ = writeln!(
            err,
            "kept {} existing files (not overwritten):",
            done.kept.len()
        );
        for path in &done.kept {
            let _ = writeln!(err, "  {path}");
        }
    }
    let _ = writeln!(
        err,
        "next: `opsctl check {shown}`, then `opsctl build {shown}`; add to it with `opsctl new goal|sop|person|…`"
    );
    Ok(0)
}

pub fn new(cli: &Cli, args: &NewArgs) -> Result<u8, String> {
    let today = opsctl::today(cli.today.as_deref())?;
    let (_, root) = crate::locate(args.path.as_deref())?;
    let repo = opsctl::open(&root).map_err(|e| e.to_string())?;
    let kind = args.kind;
    let mut values = args.values.clone();
    let missing = opsctl::new::missing(kind, &values);
    if !missing.is_empty() {
        // Prompting in CI or from a pipe would hang or read garbage: name the flags instead.
        let reason = if std::env::var_os("CI").is_some() {
            Some("CI is set")
        } else if !io::stdin().is_terminal() {
            Some("stdin is not a terminal")
        } else {
            None
        };
        if let Some(reason) = reason {
            return Err(format!(
                "missing {} for `opsctl new {}` (not asking: {reason}); give them as flags",
                opsctl::new::flags(&missing),
                kind.name()
            ));
        }
        opsctl::new::prompt::ask(
            &repo,
            kind,
            &mut values,
            &mut io::stdin().lock(),
            &mut io::stderr(),
        )?;
    }
    let added = opsctl::new::add(&repo, kind, &values, args.file.as_deref(), today)?;
    let mut err = io::stderr().lock();
    let _ = match (kind, added.created) {
        (opsctl::new::NewKind::Sop, _) => writeln!(err, "created SOP {}", added.path),
        (_, created) => writeln!(
            err,
            "added {} `{}` to {}{}",
            kind.name(),
            added.name,
            if created { "new file " } else { "" },
            added.path
        ),
    };
    for default in &added.defaults {
        let _ = writeln!(err, "  {default}");
    }
    // What the check still wants of the new entity (a KPI's first reading, a
    // capability's SOP) is worth saying now, while its author is here.
    if let Ok(repo) = opsctl::open(&root) {
        let outcome = opsctl::check(&repo, today);
        for finding in outcome.findings.iter().filter(|f| {
            f.subject.as_deref() == Some(added.name.as_str())
                || repo.file(f.location.file).path == added.name
        }) {
            let help = finding
                .help
                .as_deref()
                .map(|h| format!(" ({h})"))
                .unwrap_or_default();
            let _ = writeln!(
                err,
                "  {}[{}]: {}{help}",
                finding.level.as_str(),
                finding.rule,
                finding.message
            );
        }
    }
    let _ = writeln!(err, "next: review it, then `opsctl check`");
    Ok(0)
}

pub fn explain(cli: &Cli, args: &ExplainArgs) -> Result<u8, String> {
    let text = match &args.rule {
        None => opsctl::explain::list(),
        Some(rule) => opsctl::explain::explain(rule, opsctl::today(cli.today.as_deref())?)?,
    };
    print(&text)
}

pub fn completions(args: &CompletionsArgs) -> Result<u8, String> {
    let mut out = Vec::new();
    clap_complete::generate(args.shell, &mut Cli::command(), "opsctl", &mut out);
    print(&String::from_utf8_lossy(&out))
}

pub fn man(args: &ManArgs) -> Result<u8, String> {
    let cmd = Cli::command();
    let Some(dir) = &args.out else {
        let mut page = Vec::new();
        clap_mangen::Man::new(cmd)
            .render(&mut page)
            .map_err(|e| format!("cannot render the man page: {e}"))?;
        return print(&String::from_utf8_lossy(&page));
    };
    std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    let mut cmd = cmd.disable_help_subcommand(true);
    cmd.build();
    let mut written = Vec::new();
    write_pages(&cmd, dir, &mut written)?;
    let _ = writeln!(
        io::stderr(),
        "wrote {} man pages into {} (read one with `man {}/opsctl.1`)",
        written.len(),
        dir.display(),
        dir.display()
    );
    Ok(0)
}

/// One page per command and visible subcommand, named `opsctl-hook-install.1` and so on.
fn write_pages(cmd: &clap::Command, dir: &Path, written: &mut Vec<String>) -> Result<(), String> {
    for sub in cmd.get_subcommands().filter(|s| !s.is_hide_set()) {
        write_pages(sub, dir, written)?;
    }
    let path = clap_mangen::Man::new(cmd.clone())
        .generate_to(dir)
        .map_err(|e| format!("{}: {e}", dir.display()))?;
    written.push(path.display().to_string());
    Ok(())
}

fn print(text: &str) -> Result<u8, String> {
    let mut out = io::stdout().lock();
    out.write_all(text.as_bytes())
        .and_then(|()| out.flush())
        .map_err(|e| format!("cannot write to stdout: {e}"))?;
    Ok(0)
}
