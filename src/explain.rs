//! `opsctl explain`: the rule list, and one rule's long explanation with the findings
//! its example produces when checked now (so the example is shown firing, not claimed to).

use std::fmt::Write as _;
use std::path::PathBuf;

use jiff::civil::Date;

use crate::check::explanations::{self, Explanation};
use crate::check::rules::{RULES, Rule};
use crate::source::Memory;

const WIDTH: usize = 80;

/// Every rule with its default level and one-line summary.
pub fn list() -> String {
    let width = RULES.iter().map(|r| r.id.len()).max().unwrap_or(0);
    let mut out = String::new();
    for rule in RULES {
        let _ = writeln!(
            out,
            "{:width$}  {:5}  {}",
            rule.id,
            rule.level.as_str(),
            rule.summary
        );
    }
    out.push_str(
        "\nRun `opsctl explain RULE` for what a rule checks, why it matters, an example and how to fix it.\n",
    );
    out
}

/// The long explanation of rule `id`, its example checked as of `today`.
pub fn explain(id: &str, today: Date) -> Result<String, String> {
    let (Some(rule), Some(text)) = (crate::check::rules::find(id), explanations::find(id)) else {
        let hint = crate::suggest::did_you_mean(id, RULES.iter().map(|r| r.id))
            .map(|h| format!("; {h}"))
            .unwrap_or_default();
        return Err(format!(
            "unknown rule `{id}`{hint} (`opsctl explain` lists every rule)"
        ));
    };
    Ok(render(rule, text, today))
}

fn render(rule: &Rule, text: &Explanation, today: Date) -> String {
    let mut out = format!(
        "{} ({} by default)\n{}\n",
        rule.id,
        rule.level.as_str(),
        rule.summary
    );
    section(&mut out, "What it checks", text.checks);
    section(&mut out, "Why it matters", text.why);
    out.push_str("\nExample\n");
    if let Some(note) = text.note {
        paragraph(&mut out, note);
    }
    for (path, body) in text.example {
        let _ = writeln!(out, "  {path}:");
        for line in body.lines() {
            let _ = writeln!(out, "    {line}");
        }
        out.push('\n');
    }
    if !text.example.is_empty() {
        let _ = writeln!(out, "  `opsctl check --today {today}` reports:");
        let reported = fired(rule.id, text.example, today);
        if reported.is_empty() {
            let _ = writeln!(out, "    nothing on this date");
        }
        for line in reported {
            let _ = writeln!(out, "    {line}");
        }
    }
    section(&mut out, "How to fix", text.fix);
    out.push('\n');
    paragraph(
        &mut out,
        &format!(
            "Change its level under [rules] in opsctl.toml (`{} = \"allow\"`, \"warn\" or \"error\"), or excuse one case with a [[waiver]] that has an owner, a reason and an until date.",
            rule.id
        ),
    );
    out
}

/// The findings of rule `id` in an example repository: "path:line:col: level: message".
pub fn fired(id: &str, files: &[(&str, &str)], today: Date) -> Vec<String> {
    let source = files.iter().fold(Memory::new(), |source, (path, body)| {
        source.with(path, *body)
    });
    let Ok(repo) = crate::load(Box::new(source), PathBuf::from(".")) else {
        return Vec::new();
    };
    let outcome = crate::check(&repo, today);
    let mut lines = Vec::new();
    for finding in outcome.findings.iter().filter(|f| f.rule == id) {
        let file = repo.file(finding.location.file);
        let (start, _) = file.locate(&finding.location.span);
        lines.push(format!(
            "{}:{}:{}: {}: {}",
            file.path,
            start.line,
            start.column,
            finding.level.as_str(),
            finding.message
        ));
        if let Some(help) = &finding.help {
            lines.push(format!("  help: {help}"));
        }
    }
    lines
}

fn section(out: &mut String, title: &str, text: &str) {
    let _ = write!(out, "\n{title}\n");
    paragraph(out, text);
}

fn paragraph(out: &mut String, text: &str) {
    let options = textwrap::Options::new(WIDTH)
        .initial_indent("  ")
        .subsequent_indent("  ");
    for line in textwrap::wrap(text, options) {
        out.push_str(&line);
        out.push('\n');
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> Date {
        Date::new(2026, 11, 21).unwrap()
    }

    #[test]
    fn every_rule_is_explained_once() {
        for rule in RULES {
            let count = explanations::EXPLANATIONS
                .iter()
                .filter(|e| e.id == rule.id)
                .count();
            assert_eq!(count, 1, "{} needs exactly one explanation", rule.id);
        }
        assert_eq!(explanations::EXPLANATIONS.len(), RULES.len());
    }

    #[test]
    fn every_example_fires_its_rule() {
        for text in explanations::EXPLANATIONS {
            if text.example.is_empty() {
                assert!(text.note.is_some(), "{}: no example and no note", text.id);
                continue;
            }
            assert!(
                !fired(text.id, text.example, today()).is_empty(),
                "the example of {} does not fire it",
                text.id
            );
        }
    }

    #[test]
    fn an_unknown_rule_suggests_the_closest() {
        let err = explain("goal-overdu", today()).unwrap_err();
        assert!(err.contains("did you mean `goal-overdue`?"), "{err}");
    }
}
