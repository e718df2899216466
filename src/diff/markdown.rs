//! `opsctl diff --format markdown`: a pull-request comment. A summary line, then what
//! needs attention, then the sections; long lists are cut so the comment stays
//! within what GitHub accepts.

use std::io::{self, Write};

use super::describe::{self, Phrase, code_span};
use super::entities::Presence;
use super::risks::risks;
use super::summary::summary;
use super::{Changes, View};

/// Items shown per section; a GitHub comment holds at most 65,536 characters.
const MAX_ITEMS: usize = 50;

/// The first line, so a workflow can find and replace its own earlier comment.
pub const MARKER: &str = "<!-- opsctl diff -->";

fn presence(presence: Presence) -> &'static str {
    match presence {
        Presence::Added => "**added**",
        Presence::Removed => "**removed**",
        Presence::Renamed => "**renamed**",
        Presence::Changed => "**changed**",
    }
}

/// A section: its heading and its bullet lines, cut at `MAX_ITEMS`.
fn section(out: &mut dyn Write, title: &str, lines: Vec<String>) -> io::Result<()> {
    if lines.is_empty() {
        return Ok(());
    }
    writeln!(out, "\n#### {title}\n")?;
    for line in lines.iter().take(MAX_ITEMS) {
        writeln!(out, "- {line}")?;
    }
    if lines.len() > MAX_ITEMS {
        writeln!(
            out,
            "- … and {} more (`opsctl diff --format json` lists them all)",
            lines.len() - MAX_ITEMS
        )?;
    }
    Ok(())
}

fn joined(phrases: impl Iterator<Item = Phrase>) -> String {
    phrases.map(|p| p.markdown()).collect::<Vec<_>>().join("; ")
}

pub fn write(changes: &Changes, view: &View, out: &mut dyn Write) -> io::Result<()> {
    writeln!(out, "{MARKER}")?;
    writeln!(
        out,
        "### opsctl diff: {} → {}\n",
        code_span(&changes.base.version.label),
        code_span(&changes.head.version.label)
    )?;
    let summary = summary(changes);
    let text = describe::escape_markdown(&summary.text());
    if summary.risky > 0 {
        // The count of risky changes leads the line, in bold.
        let (count, rest) = text.split_once("; ").unwrap_or((&text, ""));
        let rest = if rest.is_empty() {
            String::new()
        } else {
            format!("; {rest}")
        };
        writeln!(out, "**{count}**{rest}")?;
    } else {
        writeln!(out, "{text}")?;
    }

    let attention = risks(changes)
        .iter()
        .map(|r| describe::risk(r, changes, view).markdown())
        .collect();
    section(out, "⚠️ Needs attention", attention)?;

    for (title, items) in [
        ("Entities", describe::entity_items(changes)),
        ("Pages", describe::page_items(changes)),
    ] {
        let lines = items
            .iter()
            .map(|item| {
                let head = format!("{} {}", presence(item.presence), item.head.markdown());
                if item.fields.is_empty() {
                    head
                } else {
                    let fields = joined(item.fields.iter().map(describe::field));
                    format!("{head}{}{fields}", item.joint())
                }
            })
            .collect();
        section(out, title, lines)?;
    }

    let coverage = changes
        .coverage
        .iter()
        .map(|c| {
            let mark = if c.change.risky() {
                "**lost**"
            } else {
                "**gained**"
            };
            format!("{mark} {}", describe::coverage(c).markdown())
        })
        .collect();
    section(out, "Capability coverage", coverage)?;

    for (title, side, list) in [
        ("Findings introduced", changes.head, &changes.introduced),
        ("Findings resolved", changes.base, &changes.resolved),
    ] {
        let cx = view.report(side);
        let lines = list
            .iter()
            .map(|f| describe::finding(cx.place(&f.location), f).markdown())
            .collect();
        section(out, title, lines)?;
    }

    if let Some(score) = &changes.score {
        let (total, categories) = score.lines();
        writeln!(out, "\n#### Execution Score\n\n{total}")?;
        for line in categories {
            writeln!(out, "- {line}")?;
        }
    }
    Ok(())
}
