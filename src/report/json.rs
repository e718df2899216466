//! `--format json`: opsctl's own versioned document of findings.

use std::io::{self, Write};

use serde::Serialize;
use serde_json::{Value, json};

use super::Context;
use crate::finding::{Finding, Level};

/// Bumped when a field is removed or changes meaning; adding fields keeps the version.
pub const VERSION: u32 = 1;

/// The document; findings are serialized one at a time, so memory stays flat.
#[derive(Serialize)]
struct Document<'a> {
    version: u32,
    tool: Value,
    today: String,
    summary: Value,
    findings: Findings<'a>,
}

struct Findings<'a>(&'a Context<'a>);

impl Serialize for Findings<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.0.findings().iter().map(|f| finding(self.0, f)))
    }
}

/// One finding as the JSON document writes it (also used by `opsctl diff`).
pub(crate) fn finding(cx: &Context, f: &Finding) -> Value {
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
}

pub fn write(cx: &Context, out: &mut dyn Write) -> io::Result<()> {
    let document = Document {
        version: VERSION,
        tool: json!({"name": "opsctl", "version": env!("CARGO_PKG_VERSION")}),
        today: cx.today.to_string(),
        summary: json!({
            "errors": cx.outcome.count(Level::Error),
            "warnings": cx.outcome.count(Level::Warn),
            "files": cx.outcome.files(),
            "checked": cx.repo.files.len(),
        }),
        findings: Findings(cx),
    };
    serde_json::to_writer_pretty(&mut *out, &document)?;
    writeln!(out)
}
