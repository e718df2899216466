//! `--format sarif`: SARIF 2.1.0 for code-scanning dashboards.

use std::io::{self, Write};

use serde_json::{Value, json};

use super::Context;
use crate::check::rules::RULES;
use crate::finding::Level;

fn level(level: Level) -> &'static str {
    match level {
        Level::Error => "error",
        Level::Warn => "warning",
        Level::Allow => "none",
    }
}

pub fn document(cx: &Context) -> Value {
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
    let results: Vec<Value> = cx
        .findings()
        .iter()
        .map(|f| {
            let place = cx.place(&f.location);
            let mut text = f.message.clone();
            if let Some(help) = &f.help {
                text.push_str("\nhelp: ");
                text.push_str(help);
            }
            let related: Vec<Value> = f
                .labels
                .iter()
                .enumerate()
                .map(|(i, l)| {
                    let p = cx.place(&l.location);
                    json!({
                        "id": i,
                        "message": {"text": l.message},
                        "physicalLocation": physical(&p),
                    })
                })
                .collect();
            let mut result = json!({
                "ruleId": f.rule,
                "ruleIndex": RULES.iter().position(|r| r.id == f.rule),
                "level": level(f.level),
                "message": {"text": text},
                "locations": [{"physicalLocation": physical(&place)}],
            });
            if !related.is_empty() {
                result["relatedLocations"] = Value::Array(related);
            }
            result
        })
        .collect();
    json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "opsctl",
                "semanticVersion": env!("CARGO_PKG_VERSION"),
                "rules": rules,
            }},
            "results": results,
        }],
    })
}

fn physical(place: &super::Place) -> Value {
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
    serde_json::to_writer_pretty(&mut *out, &document(cx))?;
    writeln!(out)
}
