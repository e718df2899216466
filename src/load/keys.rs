//! Finds unknown keys by walking a parsed TOML table alongside the JSON Schema of
//! its Rust type, so the schema editors use is also the one list of known keys.

use std::ops::Range;

use serde_json::{Map, Value};
use toml::de::{DeTable, DeValue};

/// An unknown key, already removed from the table so the rest still deserializes.
#[derive(Debug, Clone)]
pub struct UnknownKey {
    pub key: String,
    /// Dotted path of the table holding the key, e.g. `goal.milestone`.
    pub table: String,
    pub span: Range<usize>,
    pub known: Vec<String>,
}

/// Removes from `table` every key its schema does not know and returns them.
/// `allow` is asked about top-level keys the schema does not list.
pub fn strip_unknown(
    table: &mut DeTable<'_>,
    schema: &Value,
    root: &Value,
    allow: &dyn Fn(&str) -> bool,
) -> Vec<UnknownKey> {
    let mut found = Vec::new();
    walk_table(table, schema, root, "", allow, &mut found);
    found
}

fn walk_table(
    table: &mut DeTable<'_>,
    schema: &Value,
    root: &Value,
    path: &str,
    allow: &dyn Fn(&str) -> bool,
    found: &mut Vec<UnknownKey>,
) {
    let Some(properties) = object_properties(schema, root) else {
        return;
    };
    let mut unknown = Vec::new();
    for (key, value) in table.iter_mut() {
        let name: &str = key.get_ref();
        match properties.get(name) {
            Some(property) => {
                let child = if path.is_empty() {
                    name.to_string()
                } else {
                    format!("{path}.{name}")
                };
                walk_value(value.get_mut(), property, root, &child, found);
            }
            None if path.is_empty() && allow(name) => unknown.push((name.to_string(), None)),
            None => unknown.push((name.to_string(), Some(key.span()))),
        }
    }
    for (name, span) in unknown {
        table.remove(name.as_str());
        if let Some(span) = span {
            found.push(UnknownKey {
                key: name,
                table: path.to_string(),
                span,
                known: properties.keys().cloned().collect(),
            });
        }
    }
}

fn walk_value(
    value: &mut DeValue<'_>,
    schema: &Value,
    root: &Value,
    path: &str,
    found: &mut Vec<UnknownKey>,
) {
    match value {
        DeValue::Table(table) => walk_table(table, schema, root, path, &|_| false, found),
        DeValue::Array(array) => {
            if let Some(items) = array_items(schema, root) {
                for item in array.iter_mut() {
                    if let DeValue::Table(table) = item.get_mut() {
                        walk_table(table, items, root, path, &|_| false, found);
                    }
                }
            }
        }
        _ => {}
    }
}

/// Follows `$ref` and looks through `anyOf`/`oneOf` (how optional fields are written)
/// for a schema satisfying `accept`.
fn find<'a>(
    schema: &'a Value,
    root: &'a Value,
    accept: &dyn Fn(&'a Map<String, Value>) -> bool,
) -> Option<&'a Map<String, Value>> {
    let object = schema.as_object()?;
    if let Some(reference) = object.get("$ref").and_then(Value::as_str) {
        let target = reference
            .strip_prefix("#/")?
            .split('/')
            .try_fold(root, |node, part| node.get(part))?;
        return find(target, root, accept);
    }
    if accept(object) {
        return Some(object);
    }
    ["anyOf", "oneOf", "allOf"]
        .iter()
        .filter_map(|k| object.get(*k).and_then(Value::as_array))
        .flatten()
        .find_map(|alternative| find(alternative, root, accept))
}

fn object_properties<'a>(schema: &'a Value, root: &'a Value) -> Option<&'a Map<String, Value>> {
    find(schema, root, &|o| o.contains_key("properties"))?
        .get("properties")?
        .as_object()
}

fn array_items<'a>(schema: &'a Value, root: &'a Value) -> Option<&'a Value> {
    find(schema, root, &|o| o.contains_key("items"))?.get("items")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::entities::EntityFile;

    #[test]
    fn finds_unknown_keys_at_every_depth() {
        let schema = serde_json::to_value(schemars::schema_for!(EntityFile)).unwrap();
        let text = "[[goal]]\nid = \"a\"\nownr = \"x\"\n[[goal.milestone]]\ntitel = \"m\"\n[[gaol]]\nid = \"b\"\n";
        let mut table = DeTable::parse(text).unwrap().into_inner();
        let found = strip_unknown(&mut table, &schema, &schema, &|_| false);
        let keys: Vec<_> = found
            .iter()
            .map(|u| (u.table.as_str(), u.key.as_str()))
            .collect();
        assert_eq!(
            keys,
            [("goal.milestone", "titel"), ("goal", "ownr"), ("", "gaol")]
        );
        assert_eq!(&text[found[1].span.clone()], "ownr");
    }
}
