//! `--format sarif`: SARIF 2.1.0 for code-scanning dashboards.

use std::io::{self, Write};

use serde::Serialize;
use serde_json::{Value, json};

use super::{Context, Place};
use crate::check::rules::RULES;
use crate::finding::{Finding, Level};

fn level(level: Level) -> &'static str {
    match level {
        Level::Error => "error",
        Level::Warn => "warning",
        Level::Allow => "none",
    }
}

#[derive(Serialize)]
struct Sarif<'a> {
    #[serde(rename = "$schema")]
    schema: &'static str,
    version: &'static str,
    runs: [Run<'a>; 1],
}

#[derive(Serialize)]
struct Run<'a> {
    tool: Value,
    results: Results<'a>,
}

/// Serializes results one at a time, so memory stays flat on large repositories.
struct Results<'a>(&'a Context<'a>);

impl Serialize for Results<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.0.findings().iter().map(|f| result(self.0, f)))
    }
}

fn tool() -> Value {
    let rules: Vec<Value> = RULES
        .iter()
        .map(|r| {
            json!({
                "id": r.id,
                "shortDescription": {"text": r.summary},
                "defaultConfiguration": {"level": level(r.level)},
            })
        })
        .collect();
    json!({"driver": {
        "name": "opsctl",
        "semanticVersion": env!("CARGO_PKG_VERSION"),
        "rules": rules,
    }})
}

fn result(cx: &Context, f: &Finding) -> Value {
    let mut text = f.message.clone();
    if let Some(help) = &f.help {
        text.push_str("\nhelp: ");
        text.push_str(help);
    }
    let mut result = json!({
        "ruleId": f.rule,
        "ruleIndex": RULES.iter().position(|r| r.id == f.rule),
        "level": level(f.level),
        "message": {"text": text},
        "locations": [{"physicalLocation": physical(&cx.place(&f.location))}],
    });
    if !f.labels.is_empty() {
        let related: Vec<Value> = f
            .labels
            .iter()
            .enumerate()
            .map(|(i, l)| {
                json!({
                    "id": i,
                    "message": {"text": l.message},
                    "physicalLocation": physical(&cx.place(&l.location)),
                })
            })
            .collect();
        result["relatedLocations"] = Value::Array(related);
    }
    result
}

fn physical(place: &Place) -> Value {
    json!({
        "artifactLocation": {"uri": place.path},
        "region": {
            "startLine": place.line,
            "startColumn": place.column,
            "endLine": place.end_line,
            "endColumn": place.end_column,
        },
    })
}

pub fn write(cx: &Context, out: &mut dyn Write) -> io::Result<()> {
    let sarif = Sarif {
        schema: "https://json.schemastore.org/sarif-2.1.0.json",
        version: "2.1.0",
        runs: [Run {
            tool: tool(),
            results: Results(cx),
        }],
    };
    serde_json::to_writer_pretty(&mut *out, &sarif)?;
    writeln!(out)
}
