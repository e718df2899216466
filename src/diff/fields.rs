//! Field-by-field comparison of two versions of one entity (or of a page's front
//! matter), each change tagged with what it means to a reviewer: an owner moved, a
//! deadline slipped so many days, a milestone done.
//!
//! Both versions are compared as the JSON the entity types serialize to (values
//! without their spans), so every field of every kind is covered without a list of
//! fields to keep in step with the model.

use serde::Serialize;
use serde_json::{Map, Value};

use crate::model::value::{days, parse_date};

/// What a changed field means.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Meaning {
    Owner,
    /// A deadline or due date; `days` says how far it moved.
    Deadline,
    Status,
    Metric,
    Priority,
    /// A milestone or action marked done (or not done any more).
    Done,
    /// A milestone or action added or removed as a whole.
    Item,
    /// A list of values (requires, contributors, readings) gained or lost members.
    List,
    Other,
}

/// One field that differs between the two versions.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FieldChange {
    /// The field's name, dotted below a milestone or action ("milestone.due").
    pub field: String,
    /// The title of the milestone or action the field belongs to.
    pub item: Option<String>,
    pub before: Option<Value>,
    pub after: Option<Value>,
    pub meaning: Meaning,
    /// How many days a deadline moved: positive when it slipped (later).
    pub days: Option<i32>,
}

impl FieldChange {
    /// An owner moved or removed, or a deadline slipped or was removed: what a reviewer
    /// must not miss. (An owner or deadline set for the first time is a fix.)
    pub fn risky(&self) -> bool {
        match self.meaning {
            Meaning::Owner => self.before.is_some(),
            Meaning::Deadline => {
                self.days.is_some_and(|d| d > 0) || (self.before.is_some() && self.after.is_none())
            }
            _ => false,
        }
    }

    /// The last part of the field's name ("due" of "milestone.due").
    pub fn key(&self) -> &str {
        self.field.rsplit('.').next().unwrap_or(&self.field)
    }
}

/// The fields that differ between two serialized versions, in the order the newer
/// version writes them.
pub fn compare(before: &Value, after: &Value) -> Vec<FieldChange> {
    let mut changes = Vec::new();
    objects("", None, &as_map(before), &as_map(after), &mut changes);
    changes
}

fn as_map(value: &Value) -> Map<String, Value> {
    value.as_object().cloned().unwrap_or_default()
}

/// Absent, null and an empty list all mean "not given".
fn given(value: Option<&Value>) -> Option<&Value> {
    value.filter(|v| !v.is_null() && v.as_array().is_none_or(|a| !a.is_empty()))
}

fn objects(
    prefix: &str,
    item: Option<&str>,
    before: &Map<String, Value>,
    after: &Map<String, Value>,
    out: &mut Vec<FieldChange>,
) {
    let keys = after
        .keys()
        .chain(before.keys().filter(|k| !after.contains_key(*k)));
    for key in keys {
        let (b, a) = (given(before.get(key)), given(after.get(key)));
        if b == a {
            continue;
        }
        let field = if prefix.is_empty() {
            key.clone()
        } else {
            format!("{prefix}.{key}")
        };
        let titled = |v: Option<&Value>| v.and_then(Value::as_array).is_some_and(|l| is_titled(l));
        if titled(b) || titled(a) {
            items(&field, list(b), list(a), out);
        } else {
            out.push(scalar(field, item, b, a));
        }
    }
}

fn list(value: Option<&Value>) -> &[Value] {
    value.and_then(Value::as_array).map_or(&[], Vec::as_slice)
}

/// A list of tables such as milestones and retro actions, matched by title.
fn is_titled(list: &[Value]) -> bool {
    list.iter().all(Value::is_object)
        && list
            .iter()
            .any(|v| v.get("title").is_some_and(Value::is_string))
}

/// How an item of a titled list is named: its title, else its position.
fn item_name(value: &Value, position: usize) -> String {
    value
        .get("title")
        .and_then(Value::as_str)
        .map_or_else(|| format!("#{}", position + 1), str::to_string)
}

fn items(field: &str, before: &[Value], after: &[Value], out: &mut Vec<FieldChange>) {
    let named = |l: &[Value]| -> Vec<(String, Value)> {
        l.iter()
            .enumerate()
            .map(|(i, v)| (item_name(v, i), v.clone()))
            .collect()
    };
    let (before, after) = (named(before), named(after));
    let find = |l: &[(String, Value)], name: &str| l.iter().find(|(n, _)| n == name).cloned();
    for (name, new) in &after {
        match find(&before, name) {
            Some((_, old)) => {
                objects(field, Some(name), &as_map(&old), &as_map(new), out);
            }
            None => out.push(whole_item(field, name, None, Some(new.clone()))),
        }
    }
    for (name, old) in &before {
        if find(&after, name).is_none() {
            out.push(whole_item(field, name, Some(old.clone()), None));
        }
    }
}

fn whole_item(field: &str, name: &str, before: Option<Value>, after: Option<Value>) -> FieldChange {
    FieldChange {
        field: field.to_string(),
        item: Some(name.to_string()),
        before,
        after,
        meaning: Meaning::Item,
        days: None,
    }
}

fn scalar(field: String, item: Option<&str>, b: Option<&Value>, a: Option<&Value>) -> FieldChange {
    let key = field.rsplit('.').next().unwrap_or(&field);
    let meaning = match key {
        "owner" => Meaning::Owner,
        "deadline" | "due" => Meaning::Deadline,
        "status" => Meaning::Status,
        "metric" => Meaning::Metric,
        "priority" => Meaning::Priority,
        "done" => Meaning::Done,
        _ if b.is_some_and(Value::is_array) || a.is_some_and(Value::is_array) => Meaning::List,
        _ => Meaning::Other,
    };
    let date = |v: Option<&Value>| v.and_then(Value::as_str).and_then(|s| parse_date(s).ok());
    let moved = match (meaning, date(b), date(a)) {
        (Meaning::Deadline, Some(from), Some(to)) => Some(days(from, to)),
        _ => None,
    };
    FieldChange {
        field,
        item: item.map(str::to_string),
        before: b.cloned(),
        after: a.cloned(),
        meaning,
        days: moved,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn owner_deadline_and_milestones_are_named_by_meaning() {
        let before = json!({"id": "g", "owner": "tomasz", "deadline": "2026-12-10", "contributors": [],
            "milestone": [{"title": "Pricing", "due": "2026-10-15", "done": false}]});
        let after = json!({"id": "g", "owner": "ines", "deadline": "2026-12-31", "contributors": ["sam"],
            "milestone": [{"title": "Pricing", "due": "2026-10-15", "done": true}, {"title": "New", "done": false}]});
        let changes = compare(&before, &after);
        let by = |f: &str| changes.iter().find(|c| c.field == f).unwrap();
        assert_eq!(by("owner").meaning, Meaning::Owner);
        assert!(by("owner").risky());
        assert_eq!(by("deadline").days, Some(21));
        assert!(by("deadline").risky());
        assert_eq!(by("contributors").meaning, Meaning::List);
        assert_eq!(by("milestone.done").item.as_deref(), Some("Pricing"));
        assert_eq!(by("milestone.done").meaning, Meaning::Done);
        assert_eq!(by("milestone").meaning, Meaning::Item);
        assert_eq!(changes.len(), 5);
    }

    #[test]
    fn a_deadline_pulled_in_or_set_is_not_risky() {
        let changes = compare(
            &json!({"deadline": "2026-12-10"}),
            &json!({"deadline": "2026-12-05"}),
        );
        assert_eq!(changes[0].days, Some(-5));
        assert!(!changes[0].risky());
        let set = compare(&json!({}), &json!({"owner": "ines"}));
        assert!(!set[0].risky());
    }
}
