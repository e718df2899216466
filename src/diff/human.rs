//! `opsctl diff` for a terminal: the summary, what needs attention, then every change.

use std::io::{self, Write};

use anstyle::{AnsiColor, Style};

use super::describe::{self, Phrase};
use super::entities::Presence;
use super::risks::risks;
use super::summary::summary;
use super::{Changes, View};

struct Styles {
    bold: Style,
    risky: Style,
    good: Style,
    changed: Style,
}

impl Styles {
    fn new(color: bool) -> Styles {
        let fg = |c: AnsiColor| Style::new().fg_color(Some(c.into()));
        if color {
            Styles {
                bold: Style::new().bold(),
                risky: fg(AnsiColor::Red).bold(),
                good: fg(AnsiColor::Green),
                changed: fg(AnsiColor::Yellow),
            }
        } else {
            Styles {
                bold: Style::new(),
                risky: Style::new(),
                good: Style::new(),
                changed: Style::new(),
            }
        }
    }

    fn plain(&self, phrase: &Phrase) -> String {
        let bold = self.bold;
        phrase.plain_with(&|code| format!("{bold}{code}{bold:#}"))
    }

    fn mark(&self, presence: Presence) -> String {
        let (style, mark) = match presence {
            Presence::Added => (self.good, "+"),
            Presence::Removed => (self.risky, "-"),
            Presence::Renamed => (self.changed, ">"),
            Presence::Changed => (self.changed, "~"),
        };
        format!("{style}{mark}{style:#}")
    }
}

pub fn write(changes: &Changes, view: &View, out: &mut dyn Write) -> io::Result<()> {
    let s = Styles::new(view.color);
    let bold = s.bold;
    writeln!(
        out,
        "{bold}opsctl diff{bold:#}: {} → {}",
        changes.base.version.label, changes.head.version.label
    )?;
    writeln!(out, "{}", summary(changes).text())?;
    let heading = |out: &mut dyn Write, title: &str| writeln!(out, "\n{bold}{title}{bold:#}");

    let risks = risks(changes);
    if !risks.is_empty() {
        heading(out, "Needs attention")?;
        let risky = s.risky;
        for risk in &risks {
            let line = s.plain(&describe::risk(risk, changes, view));
            writeln!(out, "  {risky}!{risky:#} {line}")?;
        }
    }
    for (title, items) in [
        ("Entities", describe::entity_items(changes)),
        ("Pages", describe::page_items(changes)),
    ] {
        if items.is_empty() {
            continue;
        }
        heading(out, title)?;
        for item in &items {
            writeln!(out, "  {} {}", s.mark(item.presence), s.plain(&item.head))?;
            for field in item.fields {
                writeln!(out, "      {}", s.plain(&describe::field(field)))?;
            }
        }
    }
    if !changes.coverage.is_empty() {
        heading(out, "Capability coverage")?;
        for coverage in &changes.coverage {
            let (style, mark) = if coverage.change.risky() {
                (s.risky, "!")
            } else {
                (s.good, "+")
            };
            let line = s.plain(&describe::coverage(coverage));
            writeln!(out, "  {style}{mark}{style:#} {line}")?;
        }
    }
    for (title, side, list) in [
        ("Findings introduced", changes.head, &changes.introduced),
        ("Findings resolved", changes.base, &changes.resolved),
    ] {
        if list.is_empty() {
            continue;
        }
        heading(out, title)?;
        let cx = view.report(side);
        for finding in list {
            let line = s.plain(&describe::finding(cx.place(&finding.location), finding));
            writeln!(out, "  {line}")?;
        }
    }
    if let Some(score) = &changes.score {
        heading(out, "Execution Score")?;
        let (total, categories) = score.lines();
        for line in std::iter::once(total).chain(categories) {
            writeln!(out, "  {line}")?;
        }
    }
    Ok(())
}
