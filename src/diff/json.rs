//! `opsctl diff --format json`: opsctl's own versioned document of a diff.

use std::io::{self, Write};

use serde_json::{Value, json};

use serde::Serialize;

use super::describe::{self, Phrase};
use super::fields::FieldChange;
use super::summary::summary;
use super::{Changes, Side, Version, View};
use crate::report::json::finding;

/// Bumped when a field is removed or changes meaning; adding fields keeps the version.
pub const VERSION: u32 = 1;

fn version(side: &Side) -> Value {
    let Version { label, commit, .. } = &side.version;
    json!({"label": label, "commit": commit})
}

/// A change as serialized, with whether it is risky and how it reads.
fn explained(change: &impl Serialize, risky: bool, text: Phrase) -> Value {
    let mut value = serde_json::to_value(change).unwrap_or(Value::Null);
    if let Some(map) = value.as_object_mut() {
        map.insert("risky".into(), risky.into());
        map.insert("text".into(), text.plain().into());
    }
    value
}

fn field(change: &FieldChange) -> Value {
    explained(change, change.risky(), describe::field(change))
}

fn fields(list: &[FieldChange]) -> Vec<Value> {
    list.iter().map(field).collect()
}

pub fn write(changes: &Changes, view: &View, out: &mut dyn Write) -> io::Result<()> {
    let summary = summary(changes);
    let entities: Vec<Value> = changes
        .entities
        .iter()
        .map(|e| {
            json!({
                "kind": e.kind.table(),
                "id": e.id,
                "name": e.name,
                "change": e.presence,
                "fields": fields(&e.fields),
            })
        })
        .collect();
    let pages: Vec<Value> = changes
        .pages
        .iter()
        .map(|p| {
            json!({
                "path": format!("{}{}", view.path_prefix, p.path),
                "from": p.from.as_ref().map(|f| format!("{}{f}", view.path_prefix)),
                "change": p.presence,
                "title": p.title,
                "capability": p.capability,
                "sections": p.sections,
                "fields": fields(&p.fields),
            })
        })
        .collect();
    let coverage: Vec<Value> = changes
        .coverage
        .iter()
        .map(|c| explained(c, c.change.risky(), describe::coverage(c)))
        .collect();
    let (head, base) = (view.report(changes.head), view.report(changes.base));
    let document = json!({
        "version": VERSION,
        "tool": {"name": "opsctl", "version": env!("CARGO_PKG_VERSION")},
        "today": view.today.to_string(),
        "base": version(changes.base),
        "head": version(changes.head),
        "summary": {
            "text": summary.text(),
            "counts": summary,
        },
        "entities": entities,
        "pages": pages,
        "coverage": coverage,
        "findings": {
            "introduced": changes.introduced.iter().map(|f| finding(&head, f)).collect::<Vec<_>>(),
            "resolved": changes.resolved.iter().map(|f| finding(&base, f)).collect::<Vec<_>>(),
        },
        "score": changes.score,
    });
    serde_json::to_writer_pretty(&mut *out, &document)?;
    writeln!(out)
}
