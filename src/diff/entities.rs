//! Entities added, removed and changed, matched by kind and id: a goal whose id stays
//! the same is changed, field by field, never removed and added again.

use std::collections::HashMap;

use rayon::prelude::*;
use serde::Serialize;
use serde_json::Value;

use super::fields::{self, FieldChange};
use crate::model::{Entity, Identified, Kind, Model, Named};

/// Whether the entity (or page) is new, gone, or there on both sides.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Presence {
    Added,
    Removed,
    Renamed,
    Changed,
}

#[derive(Debug, Clone, PartialEq)]
pub struct EntityChange {
    pub kind: Kind,
    pub id: String,
    /// Its name (a goal's title), from the head side unless it was removed.
    pub name: String,
    pub presence: Presence,
    /// For a changed entity, what changed; empty for added and removed ones.
    pub fields: Vec<FieldChange>,
}

/// One entity reduced to what is compared.
struct Doc<'a> {
    id: &'a str,
    name: &'a str,
    value: Value,
}

fn docs<T: Identified + Named + Serialize + Sync>(entities: &[Entity<T>]) -> Vec<Doc<'_>> {
    entities
        .par_iter()
        .map(|e| Doc {
            id: e.doc.id().value.as_str(),
            name: e.doc.display_name(),
            value: serde_json::to_value(&e.doc).unwrap_or(Value::Null),
        })
        .collect()
}

fn of_kind(model: &Model, kind: Kind) -> Vec<Doc<'_>> {
    match kind {
        Kind::Person => docs(&model.people),
        Kind::Team => docs(&model.teams),
        Kind::Capability => docs(&model.capabilities),
        Kind::Offering => docs(&model.offerings),
        Kind::Goal => docs(&model.goals),
        Kind::Kpi => docs(&model.kpis),
        Kind::Cadence => docs(&model.cadences),
    }
}

/// Every entity that differs between `base` and `head`, by kind, then id.
pub fn compare(base: &Model, head: &Model) -> Vec<EntityChange> {
    let mut changes = Vec::new();
    for kind in Kind::ALL {
        let (before, after) = (of_kind(base, kind), of_kind(head, kind));
        changes.extend(of_one_kind(kind, before, after));
    }
    changes.sort_by(|a, b| (a.kind, &a.id, a.presence).cmp(&(b.kind, &b.id, b.presence)));
    changes
}

fn of_one_kind(kind: Kind, before: Vec<Doc>, after: Vec<Doc>) -> Vec<EntityChange> {
    // Duplicate ids (an error the check reports) pair up in file order.
    let mut waiting: HashMap<&str, Vec<Doc>> = HashMap::new();
    for doc in before.into_iter().rev() {
        waiting.entry(doc.id).or_default().push(doc);
    }
    let change = |doc: &Doc, presence, fields| EntityChange {
        kind,
        id: doc.id.to_string(),
        name: doc.name.to_string(),
        presence,
        fields,
    };
    let mut changes = Vec::new();
    for new in &after {
        match waiting.get_mut(new.id).and_then(Vec::pop) {
            Some(old) if old.value == new.value => {}
            Some(old) => {
                let fields = fields::compare(&old.value, &new.value);
                changes.push(change(new, Presence::Changed, fields));
            }
            None => changes.push(change(new, Presence::Added, Vec::new())),
        }
    }
    for old in waiting.values().flatten() {
        changes.push(change(old, Presence::Removed, Vec::new()));
    }
    changes
}
