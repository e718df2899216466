//! `opsctl score` output: the score and its reasons for people, a versioned JSON
//! document for machines, and the trend of `--history`.

use std::io::{self, Write};

use serde_json::{Value, json};

use super::{Band, Score, Series};
use crate::table::{Table, Terminal, Tone, bold};

/// Bumped when a field is removed or changes meaning; adding fields keeps it.
pub const VERSION: u32 = 1;

fn tone(band: Band) -> Tone {
    match band {
        Band::StrongFoundation => Tone::Plain,
        Band::Building => Tone::Warn,
        Band::FixExecution => Tone::Bad,
    }
}

fn tone_of(score: u8) -> Tone {
    match score {
        5 => Tone::Plain,
        3 | 4 => Tone::Warn,
        _ => Tone::Bad,
    }
}

/// The score as a headline and one line per category with its reason.
pub fn write(score: &Score, out: &mut dyn Write, terminal: &Terminal) -> io::Result<()> {
    let headline = format!(
        "Execution Score: {}/25 ({})",
        score.total,
        score.band.label()
    );
    writeln!(out, "{}", terminal.paint(bold(), &headline))?;
    writeln!(out)?;
    let mut table = Table::new(["CATEGORY", "SCORE", "WHY"]).indent(2);
    for c in &score.categories {
        table.row(
            vec![
                c.name.to_string(),
                format!("{}/5", c.score),
                c.reason.clone(),
            ],
            tone_of(c.score),
        );
    }
    table.write(out, terminal)
}

/// A score as JSON values (shared by `score --json`, `--history --json` and the site).
pub fn score_value(score: &Score) -> Value {
    json!({
        "total": score.total,
        "max": 25,
        "band": score.band.id(),
        "band_label": score.band.label(),
        "categories": score.categories,
    })
}

fn document(today: jiff::civil::Date, body: Value) -> Value {
    let mut doc = json!({
        "version": VERSION,
        "tool": {"name": "opsctl", "version": env!("CARGO_PKG_VERSION")},
        "today": today.to_string(),
    });
    if let (Value::Object(doc), Value::Object(body)) = (&mut doc, body) {
        doc.extend(body);
    }
    doc
}

pub fn json(score: &Score, today: jiff::civil::Date) -> Value {
    document(today, score_value(score))
}

pub fn history_json(series: &Series, every: &str, today: jiff::civil::Date) -> Value {
    let samples: Vec<Value> = series
        .samples
        .iter()
        .map(|s| {
            json!({
                "date": s.date,
                "commit": s.commit,
                "committed": s.committed,
                "score": score_value(&s.score),
            })
        })
        .collect();
    document(
        today,
        json!({"every": every, "shallow": series.shallow, "samples": samples}),
    )
}

/// One row per sample (oldest first), then the change from first to last.
pub fn write_history(
    series: &Series,
    every: &str,
    out: &mut dyn Write,
    terminal: &Terminal,
) -> io::Result<()> {
    let title = format!("Execution Score at the last commit of every {every}");
    writeln!(out, "{}", terminal.paint(bold(), &title))?;
    writeln!(out)?;
    if series.samples.is_empty() {
        writeln!(out, "No commits to score.")?;
        return Ok(());
    }
    let mut table = Table::new([
        "AS OF", "COMMIT", "TOTAL", "CL", "CO", "AC", "SY", "ME", "BAND",
    ])
    .indent(2);
    for s in &series.samples {
        let mut cells = vec![
            s.date.clone(),
            s.commit.chars().take(7).collect(),
            format!("{:>2}/25", s.score.total),
        ];
        cells.extend(s.score.categories.iter().map(|c| format!("{:>2}", c.score)));
        cells.push(s.score.band.label().to_string());
        table.row(cells, tone(s.score.band));
    }
    table.write(out, terminal)?;
    writeln!(out)?;
    writeln!(
        out,
        "  CL Clarity, CO Communication, AC Accountability, SY Systems, ME Measurement"
    )?;
    if let (Some(first), Some(last)) = (series.samples.first(), series.samples.last()) {
        if series.samples.len() > 1 {
            let change = i32::from(last.score.total) - i32::from(first.score.total);
            writeln!(
                out,
                "\nFrom {} to {}: {} -> {} ({change:+}).",
                first.date, last.date, first.score.total, last.score.total
            )?;
        }
    }
    Ok(())
}
