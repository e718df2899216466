//! The wording of every change, written once and rendered as plain text (terminal,
//! JSON) or Markdown (pull-request comments): "owner tomasz → ines", "deadline
//! slipped 21 days (2026-12-10 → 2026-12-31)".

use serde_json::Value;

use super::coverage::{Coverage, CoverageChange};
use super::entities::{EntityChange, Presence};
use super::fields::{FieldChange, Meaning};
use super::pages::PageChange;
use super::risks::Risk;
use super::sections::{SectionChange, SectionEdit};
use super::{Changes, View};
use crate::finding::{Finding, Level};
use crate::report::plural;

/// Longer values are not repeated in full: "description edited".
const LONG: usize = 80;

enum Piece {
    Text(String),
    /// An id, a path or a value: `code` in Markdown.
    Code(String),
    /// Prose written by people (a title, a metric): quoted.
    Quoted(String),
    /// A finding's message, whose `backticked` words are code in Markdown.
    Message(String),
}

/// A sentence of text and code pieces.
#[derive(Default)]
pub struct Phrase(Vec<Piece>);

impl Phrase {
    pub fn text(mut self, text: impl Into<String>) -> Self {
        self.0.push(Piece::Text(text.into()));
        self
    }

    pub fn code(mut self, code: impl Into<String>) -> Self {
        self.0.push(Piece::Code(code.into()));
        self
    }

    pub fn quoted(mut self, text: impl Into<String>) -> Self {
        self.0.push(Piece::Quoted(text.into()));
        self
    }

    pub fn message(mut self, text: impl Into<String>) -> Self {
        self.0.push(Piece::Message(text.into()));
        self
    }

    pub fn then(mut self, other: Phrase) -> Self {
        self.0.extend(other.0);
        self
    }

    /// Plain text; `style` wraps ids and values (bold on a terminal, or nothing).
    pub fn plain_with(&self, style: &dyn Fn(&str) -> String) -> String {
        self.0
            .iter()
            .map(|piece| match piece {
                Piece::Text(t) => t.clone(),
                Piece::Code(c) => style(c),
                Piece::Quoted(q) => format!("\"{q}\""),
                Piece::Message(m) => m.clone(),
            })
            .collect()
    }

    pub fn plain(&self) -> String {
        self.plain_with(&|c| c.to_string())
    }

    pub fn markdown(&self) -> String {
        self.0
            .iter()
            .map(|piece| match piece {
                Piece::Text(t) => escape_markdown(t),
                Piece::Code(c) => code_span(c),
                Piece::Quoted(q) => format!("\"{}\"", escape_markdown(q)),
                Piece::Message(m) => message_markdown(m),
            })
            .collect()
    }
}

/// Text that Markdown shows as written (no emphasis, links, tables or HTML).
pub fn escape_markdown(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '|' | '#' | '~' | '!' | '&' | '$' => {
                out.push('\\');
                out.push(c);
            }
            '\n' | '\r' => out.push(' '),
            _ => out.push(c),
        }
    }
    out
}

/// A message written with `code` words: the words in code spans, the rest escaped.
/// An odd number of backticks means they are not pairs: all of it is text then.
fn message_markdown(message: &str) -> String {
    if message.matches('`').count() % 2 == 1 {
        return escape_markdown(message);
    }
    message
        .split('`')
        .enumerate()
        .map(|(i, part)| {
            if i % 2 == 1 {
                code_span(part)
            } else {
                escape_markdown(part)
            }
        })
        .collect()
}

/// A code span that holds any text, backticks included (CommonMark: a longer fence).
pub fn code_span(text: &str) -> String {
    let text = text.replace(['\n', '\r'], " ");
    let mut longest = 0;
    let mut run = 0;
    for c in text.chars() {
        run = if c == '`' { run + 1 } else { 0 };
        longest = longest.max(run);
    }
    let fence = "`".repeat(longest + 1);
    let pad = if longest > 0 || text.starts_with('`') || text.ends_with('`') {
        " "
    } else {
        ""
    };
    format!("{fence}{pad}{text}{pad}{fence}")
}

/// A value as one line of text.
pub fn value_text(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        Value::Array(items) => items.iter().map(value_text).collect::<Vec<_>>().join(", "),
        Value::Object(map) => map
            .iter()
            .filter(|(_, v)| !v.is_null())
            .map(|(k, v)| format!("{k} = {}", value_text(v)))
            .collect::<Vec<_>>()
            .join(", "),
        other => other.to_string(),
    }
}

fn days(n: i32) -> String {
    let n = n.unsigned_abs() as usize;
    format!("{n} {}", plural(n, "day", "days"))
}

/// "goal `q4-pipeline` ("Q4 pipeline")": the entity, with its name when it has one.
pub fn entity(change: &EntityChange) -> Phrase {
    let phrase = Phrase::default()
        .text(format!("{} ", change.kind.table()))
        .code(&change.id);
    if change.name != change.id {
        phrase.text(" (").quoted(&change.name).text(")")
    } else {
        phrase
    }
}

/// One changed field: "owner `tomasz` → `ines`", "milestone "Pricing" done".
pub fn field(change: &FieldChange) -> Phrase {
    let key = change.key();
    let parent = change.field.split('.').next().unwrap_or(key);
    let (before, after) = (change.before.as_ref(), change.after.as_ref());
    let text = |v: Option<&Value>| v.map(value_text).unwrap_or_default();
    let item = || {
        Phrase::default()
            .text(format!("{parent} "))
            .quoted(change.item.clone().unwrap_or_default())
    };
    let body = match change.meaning {
        Meaning::Done => {
            let done = after.and_then(Value::as_bool).unwrap_or(false);
            return item().text(if done { " done" } else { " no longer done" });
        }
        Meaning::Item => {
            let (value, verb) = match after {
                Some(v) => (v, " added"),
                None => (before.unwrap_or(&Value::Null), " removed"),
            };
            let due = value.get("due").or_else(|| value.get("deadline"));
            let phrase = item().text(verb);
            return match (after.is_some(), due) {
                (true, Some(due)) => phrase.text(" (due ").text(value_text(due)).text(")"),
                _ => phrase,
            };
        }
        Meaning::Deadline if change.days.is_some_and(|d| d != 0) => {
            let moved = change.days.unwrap_or(0);
            let verb = if moved > 0 { "slipped" } else { "pulled in" };
            Phrase::default().text(format!(
                "{key} {verb} {} ({} → {})",
                days(moved),
                text(before),
                text(after)
            ))
        }
        Meaning::Metric => match (before, after) {
            (Some(b), Some(a)) => Phrase::default()
                .text("metric ")
                .quoted(value_text(b))
                .text(" → ")
                .quoted(value_text(a)),
            _ => values(key, before, after),
        },
        Meaning::List => list(key, before, after),
        Meaning::Other if text(before).len() > LONG || text(after).len() > LONG => {
            let verb = match (before, after) {
                (None, _) => "added",
                (_, None) => "removed",
                _ => "edited",
            };
            Phrase::default().text(format!("{key} {verb}"))
        }
        _ => values(key, before, after),
    };
    match &change.item {
        Some(_) => item().text(": ").then(body),
        None => body,
    }
}

/// "status `active` → `done`", "owner set to `ines`", "deadline `2026-12-31` removed".
fn values(key: &str, before: Option<&Value>, after: Option<&Value>) -> Phrase {
    let phrase = Phrase::default().text(format!("{key} "));
    match (before, after) {
        (Some(b), Some(a)) => phrase.code(value_text(b)).text(" → ").code(value_text(a)),
        (None, Some(a)) => phrase.text("set to ").code(value_text(a)),
        (Some(b), None) => phrase.code(value_text(b)).text(" removed"),
        (None, None) => phrase.text("changed"),
    }
}

/// "requires: added `implementation`; removed `sales`".
fn list(key: &str, before: Option<&Value>, after: Option<&Value>) -> Phrase {
    let items = |v: Option<&Value>| -> Vec<String> {
        v.and_then(Value::as_array)
            .map(|l| l.iter().map(value_text).collect())
            .unwrap_or_default()
    };
    let (old, new) = (items(before), items(after));
    let added: Vec<&String> = new.iter().filter(|v| !old.contains(v)).collect();
    let removed: Vec<&String> = old.iter().filter(|v| !new.contains(v)).collect();
    let mut phrase = Phrase::default().text(format!("{key}:"));
    for (verb, values) in [("added", &added), ("removed", &removed)] {
        if values.is_empty() {
            continue;
        }
        let first = verb == "added" || added.is_empty();
        phrase = phrase.text(if first { " " } else { "; " }).text(verb);
        for (i, value) in values.iter().enumerate() {
            phrase = phrase.text(if i == 0 { " " } else { ", " }).code(*value);
        }
    }
    if added.is_empty() && removed.is_empty() {
        phrase = phrase.text(" reordered");
    }
    phrase
}

/// "capability `support` now has no SOP (it had 2)".
pub fn coverage(change: &CoverageChange) -> Phrase {
    let capability = |id: &str| Phrase::default().text("capability ").code(id);
    let had = |what: &str| {
        format!(
            " now has no {what} (it had {})",
            if change.had == 1 {
                "one".to_string()
            } else {
                change.had.to_string()
            }
        )
    };
    match change.change {
        Coverage::LostSop => capability(&change.id).text(had("SOP")),
        Coverage::LostKpi => capability(&change.id).text(had("KPI")),
        Coverage::LostOwner => capability(&change.id).text(" now has no owner"),
        Coverage::GainedSop => capability(&change.id).text(" now has an SOP"),
        Coverage::GainedKpi => capability(&change.id).text(" now has a KPI"),
        Coverage::GainedOwner => capability(&change.id).text(" now has an owner"),
        Coverage::RequiredCapabilityGone => Phrase::default()
            .text("offering ")
            .code(&change.id)
            .text(" requires capability ")
            .code(change.capability.clone().unwrap_or_default())
            .text(", which no longer exists"),
    }
}

/// "sections "Steps" edited, "Escalation" added".
pub fn sections(changes: &[SectionChange]) -> Phrase {
    let mut phrase = Phrase::default().text(if changes.len() == 1 {
        "section "
    } else {
        "sections "
    });
    for (i, section) in changes.iter().enumerate() {
        phrase = phrase.text(if i == 0 { "" } else { ", " });
        if let Some(from) = &section.from {
            phrase = phrase.quoted(from).text(" renamed to ");
        }
        let verb = match (section.change, section.from.is_some()) {
            (SectionEdit::Added, _) => " added",
            (SectionEdit::Removed, _) => " removed",
            (SectionEdit::Edited, false) => " edited",
            (SectionEdit::Edited, true) => " and edited",
            (SectionEdit::Renamed, _) => "",
        };
        phrase = phrase.quoted(&section.heading).text(verb);
    }
    phrase
}

/// "error `missing-owner` at `goals.toml:3:1`: goal `x` has no owner".
pub fn finding(place: crate::report::Place, found: &Finding) -> Phrase {
    let level = match found.level {
        Level::Error => "error",
        _ => "warning",
    };
    Phrase::default()
        .text(format!("{level} "))
        .code(found.rule)
        .text(" at ")
        .code(format!("{}:{}:{}", place.path, place.line, place.column))
        .text(": ")
        .message(&found.message)
}

/// One line of "needs attention".
pub fn risk(risk: &Risk, changes: &Changes, view: &View) -> Phrase {
    match risk {
        Risk::Entity(e, f) => entity(e).text(": ").then(field(f)),
        Risk::Page(p, f) => Phrase::default()
            .text("page ")
            .code(&p.path)
            .text(": ")
            .then(field(f)),
        Risk::Coverage(c) => coverage(c),
        Risk::NewError(found) => {
            let place = view.report(changes.head).place(&found.location);
            Phrase::default().text("new ").then(finding(place, found))
        }
    }
}

/// "`old.md` → `new.md` ("Title"), SOP of `sales`: section "Steps" edited".
pub fn page(change: &PageChange) -> Phrase {
    let mut phrase = Phrase::default();
    if let Some(from) = &change.from {
        phrase = phrase.code(from).text(" → ");
    }
    phrase = phrase
        .code(&change.path)
        .text(" (")
        .quoted(&change.title)
        .text(")");
    if let Some(capability) = &change.capability {
        phrase = phrase.text(", SOP of ").code(capability);
    }
    if !change.sections.is_empty() {
        phrase = phrase.text(": ").then(sections(&change.sections));
    }
    phrase
}

/// An entity or a page as one item of its section: what it is, then its changed fields.
pub struct Item<'a> {
    pub presence: Presence,
    pub head: Phrase,
    pub fields: &'a [FieldChange],
    /// The head ends with a list of sections (a page's).
    sectioned: bool,
}

impl Item<'_> {
    /// What joins the head and the fields on one line: after a list of sections, the
    /// fields are a clause of their own.
    pub fn joint(&self) -> &'static str {
        if self.sectioned { "; " } else { ": " }
    }
}

pub fn entity_items<'a>(changes: &'a Changes) -> Vec<Item<'a>> {
    let item = |e: &'a EntityChange| Item {
        presence: e.presence,
        head: entity(e),
        fields: &e.fields,
        sectioned: false,
    };
    changes.entities.iter().map(item).collect()
}

pub fn page_items<'a>(changes: &'a Changes) -> Vec<Item<'a>> {
    let item = |p: &'a PageChange| Item {
        presence: p.presence,
        head: page(p),
        fields: &p.fields,
        sectioned: !p.sections.is_empty(),
    };
    changes.pages.iter().map(item).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn change(field: &str, before: Value, after: Value) -> String {
        let changes =
            super::super::fields::compare(&json!({ field: before }), &json!({ field: after }));
        field_text(&changes[0])
    }

    fn field_text(change: &FieldChange) -> String {
        field(change).plain()
    }

    #[test]
    fn changes_are_worded_as_a_reviewer_reads_them() {
        assert_eq!(
            change("owner", json!("tomasz"), json!("ines")),
            "owner tomasz → ines"
        );
        assert_eq!(
            change("deadline", json!("2026-12-10"), json!("2026-12-31")),
            "deadline slipped 21 days (2026-12-10 → 2026-12-31)"
        );
        assert_eq!(
            change("deadline", json!("2026-12-10"), json!("2026-12-09")),
            "deadline pulled in 1 day (2026-12-10 → 2026-12-09)"
        );
        assert_eq!(
            change("requires", json!(["a", "b"]), json!(["b", "c"])),
            "requires: added c; removed a"
        );
        assert_eq!(
            change("status", Value::Null, json!("done")),
            "status set to done"
        );
    }

    #[test]
    fn markdown_cannot_be_broken_out_of() {
        assert_eq!(code_span("a`b"), "`` a`b ``");
        assert_eq!(code_span("plain"), "`plain`");
        assert_eq!(
            escape_markdown("<b>*x*</b> | y"),
            "\\<b\\>\\*x\\*\\</b\\> \\| y"
        );
    }
}
