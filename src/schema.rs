//! JSON Schemas (draft-07, as taplo / Even Better TOML reads them) generated from the
//! Rust types, for editors and for the loader's unknown-key check.

use std::sync::OnceLock;

use schemars::JsonSchema;
use schemars::generate::SchemaSettings;
use serde_json::Value;

use crate::config::Config;
use crate::model::entities::{EntityFile, PageMeta};

/// A schema file: its name under `schema/` and its generated content.
pub struct SchemaFile {
    pub name: &'static str,
    pub value: &'static Value,
}

fn generate<T: JsonSchema>() -> Value {
    let schema = SchemaSettings::draft07()
        .into_generator()
        .into_root_schema_for::<T>();
    serde_json::to_value(schema).unwrap_or(Value::Null)
}

pub fn entities() -> &'static Value {
    static SCHEMA: OnceLock<Value> = OnceLock::new();
    SCHEMA.get_or_init(generate::<EntityFile>)
}

pub fn config() -> &'static Value {
    static SCHEMA: OnceLock<Value> = OnceLock::new();
    SCHEMA.get_or_init(generate::<Config>)
}

pub fn front_matter() -> &'static Value {
    static SCHEMA: OnceLock<Value> = OnceLock::new();
    SCHEMA.get_or_init(generate::<PageMeta>)
}

/// Every schema opsctl publishes, in the order written to `schema/`.
pub fn all() -> [SchemaFile; 3] {
    [
        SchemaFile {
            name: "opsctl.schema.json",
            value: config(),
        },
        SchemaFile {
            name: "entities.schema.json",
            value: entities(),
        },
        SchemaFile {
            name: "front-matter.schema.json",
            value: front_matter(),
        },
    ]
}

/// A schema as it is written to disk: pretty JSON with a final newline.
pub fn render(value: &Value) -> String {
    let mut text = serde_json::to_string_pretty(value).unwrap_or_default();
    text.push('\n');
    text
}
