//! The check's findings after a rebuild: only those that appeared or went away since the
//! previous one, so an edit shows what it caused without the whole report again.

use rustc_hash::FxHashMap as HashMap;
use std::io::{self, Write};

use crate::check::Outcome;
use crate::finding::{Finding, Level};
use crate::load::Repository;
use crate::report;

/// A finding as the same finding across rebuilds: not by line, which moves with edits
/// above it, nor by file id, which moves when files are added.
type Key = (&'static str, Level, String, String);

fn key(repo: &Repository, finding: &Finding) -> Key {
    (
        finding.rule,
        finding.level,
        repo.file(finding.location.file).path.clone(),
        finding.message.clone(),
    )
}

/// What changed between two checks.
pub struct Delta {
    pub new: Vec<Finding>,
    /// Rule, path and message of each finding that went away.
    pub fixed: Vec<Key>,
}

/// The findings of the last rebuild, counted by key (two alike count twice).
#[derive(Default)]
pub struct Seen {
    counts: HashMap<Key, usize>,
}

impl Seen {
    /// What `outcome` adds and removes compared with the last call; remembers it.
    pub fn update(&mut self, repo: &Repository, outcome: &Outcome) -> Delta {
        let mut counts: HashMap<Key, usize> = HashMap::default();
        let mut new = Vec::new();
        for finding in &outcome.findings {
            let key = key(repo, finding);
            let before = self.counts.get(&key).copied().unwrap_or(0);
            let count = counts.entry(key).or_default();
            *count += 1;
            if *count > before {
                new.push(finding.clone());
            }
        }
        let mut fixed = Vec::new();
        for (key, &before) in &self.counts {
            let now = counts.get(key).copied().unwrap_or(0);
            for _ in now..before {
                fixed.push(key.clone());
            }
        }
        fixed.sort();
        self.counts = counts;
        Delta { new, fixed }
    }
}

/// A first build shows its findings only when they are few: a large handbook's would
/// bury the address to open.
const FIRST_SHOWN: usize = 20;

/// Prints the new findings in full, the fixed ones a line each, and the summary line.
pub fn print(
    cx: &report::Context,
    delta: &Delta,
    first: bool,
    out: &mut dyn Write,
) -> io::Result<()> {
    let summary = report::summary(cx.outcome);
    if first {
        if delta.new.len() > FIRST_SHOWN {
            return writeln!(
                out,
                "check: {summary}; `opsctl check` lists them, and each save here shows what it changes"
            );
        }
        let all = Outcome {
            findings: delta.new.clone(),
        };
        report::write_human_findings(&only(cx, &all), out)?;
        return writeln!(out, "check: {summary}");
    }
    let new = Outcome {
        findings: delta.new.clone(),
    };
    report::write_human_findings(&only(cx, &new), out)?;
    let green = style(cx.color, anstyle::AnsiColor::Green);
    for (rule, _, path, message) in &delta.fixed {
        writeln!(
            out,
            "{green}fixed{green:#} {}{path}: {message} [{rule}]",
            cx.path_prefix
        )?;
    }
    writeln!(
        out,
        "check: {summary} ({} new, {} fixed)",
        delta.new.len(),
        delta.fixed.len()
    )
}

/// `cx` reporting `outcome` instead of its own.
pub fn only<'a>(cx: &report::Context<'a>, outcome: &'a Outcome) -> report::Context<'a> {
    report::Context {
        repo: cx.repo,
        outcome,
        today: cx.today,
        path_prefix: cx.path_prefix.clone(),
        color: cx.color,
        width: cx.width,
    }
}

pub fn style(color: bool, colour: anstyle::AnsiColor) -> anstyle::Style {
    if color {
        anstyle::Style::new().fg_color(Some(colour.into()))
    } else {
        anstyle::Style::new()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::Memory;

    fn repo(files: &[(&str, &str)]) -> Repository {
        let source = files.iter().fold(Memory::new(), |source, (path, text)| {
            source.with(path, *text)
        });
        crate::load(Box::new(source), "/repo".into()).unwrap()
    }

    #[test]
    fn only_new_and_fixed_findings_are_reported() {
        let today = jiff::civil::date(2026, 11, 21);
        let mut seen = Seen::default();
        let before = repo(&[("a.md", "# A\n"), ("b.md", "# B\n")]);
        let first = seen.update(&before, &crate::check(&before, today));
        assert_eq!(first.new.len(), 2, "both pages have no owner");
        let after = repo(&[
            ("a.md", "+++\nowner = \"x\"\n+++\n# A\n"),
            ("b.md", "# B\n\nmore\n"),
        ]);
        let outcome = crate::check(&after, today);
        let delta = seen.update(&after, &outcome);
        let rules: Vec<_> = delta.new.iter().map(|f| f.rule).collect();
        assert_eq!(rules, ["unknown-reference"]);
        assert_eq!(delta.fixed.len(), 1);
        assert_eq!(delta.fixed[0].2, "a.md");
        let again = seen.update(&after, &outcome);
        assert!(again.new.is_empty() && again.fixed.is_empty());
    }
}
