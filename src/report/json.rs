//! `--format json`: opsctl's own versioned document of findings.

use std::io::{self, Write};

use serde_json::{Value, json};

use super::Context;
use crate::finding::Level;

/// Bumped when a field is removed or changes meaning; adding fields keeps the version.
pub const VERSION: u32 = 1;

pub fn document(cx: &Context) -> Value {
    let findings: Vec<Value> = cx
        .findings()
        .iter()
        .map(|f| {
            let place = cx.place(&f.location);
            let labels: Vec<Value> = f
                .labels
                .iter()
                .map(|l| {
                    let p = cx.place(&l.location);
                    json!({"file": p.path, "line": p.line, "column": p.column, "message": l.message})
                })
                .collect();
            json!({
                "rule": f.rule,
                "level": f.level.as_str(),
                "message": f.message,
                "file": place.path,
                "line": place.line,
                "column": place.column,
                "end_line": place.end_line,
                "end_column": place.end_column,
                "help": f.help,
                "subject": f.subject,
                "labels": labels,
            })
        })
        .collect();
    json!({
        "version": VERSION,
        "tool": {"name": "opsctl", "version": env!("CARGO_PKG_VERSION")},
        "today": cx.today.to_string(),
        "summary": {
            "errors": cx.outcome.count(Level::Error),
            "warnings": cx.outcome.count(Level::Warn),
            "files": cx.outcome.files(),
        },
        "findings": findings,
    })
}

pub fn write(cx: &Context, out: &mut dyn Write) -> io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, &document(cx))?;
    writeln!(out)
}
