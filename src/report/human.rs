//! Human output: each finding with its source line underlined (miette), grouped by file.

use std::fmt;
use std::io::{self, Write};

use miette::{
    Diagnostic, GraphicalReportHandler, GraphicalTheme, LabeledSpan, MietteError,
    MietteSpanContents, Severity, SourceCode, SourceSpan, SpanContents,
};

use super::Context;
use crate::finding::{Finding, Level};

/// A finding borrowed as a miette diagnostic.
struct Shown<'a> {
    finding: &'a Finding,
    source: Named<'a>,
    labels: Vec<LabeledSpan>,
    help: Option<String>,
}

struct Named<'a> {
    name: String,
    text: &'a str,
}

impl SourceCode for Named<'_> {
    fn read_span<'b>(
        &'b self,
        span: &SourceSpan,
        before: usize,
        after: usize,
    ) -> Result<Box<dyn SpanContents<'b> + 'b>, MietteError> {
        let inner = self.text.read_span(span, before, after)?;
        Ok(Box::new(MietteSpanContents::new_named(
            self.name.clone(),
            inner.data(),
            *inner.span(),
            inner.line(),
            inner.column(),
            inner.line_count(),
        )))
    }
}

impl fmt::Debug for Shown<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.finding.message)
    }
}

impl fmt::Display for Shown<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.finding.message)
    }
}

impl std::error::Error for Shown<'_> {}

impl Diagnostic for Shown<'_> {
    fn code<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        Some(Box::new(self.finding.rule))
    }
    fn severity(&self) -> Option<Severity> {
        Some(match self.finding.level {
            Level::Error => Severity::Error,
            _ => Severity::Warning,
        })
    }
    fn help<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        self.help
            .as_ref()
            .map(|h| Box::new(h) as Box<dyn fmt::Display>)
    }
    fn source_code(&self) -> Option<&dyn SourceCode> {
        Some(&self.source)
    }
    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        Some(Box::new(self.labels.iter().cloned()))
    }
}

fn shown<'a>(cx: &'a Context, finding: &'a Finding) -> Shown<'a> {
    let file = cx.repo.file(finding.location.file);
    let span = file.real_span(&finding.location.span);
    let mut labels = vec![LabeledSpan::new_primary_with_span(
        None,
        (span.start, span.len()),
    )];
    let mut help = finding.help.clone();
    let line = |span: &std::ops::Range<usize>| {
        cx.place(&crate::finding::Location::new(
            finding.location.file,
            span.clone(),
        ))
        .line
    };
    let primary_line = line(&finding.location.span);
    for label in &finding.labels {
        // A label far from the finding would print every line in between: name it instead.
        let near = label.location.file == finding.location.file
            && line(&label.location.span).abs_diff(primary_line) <= 6;
        if near {
            let span = file.real_span(&label.location.span);
            labels.push(LabeledSpan::new_with_span(
                Some(label.message.clone()),
                (span.start, span.len()),
            ));
        } else {
            let place = cx.place(&label.location);
            let note = format!(
                "{}: {}:{}:{}",
                label.message, place.path, place.line, place.column
            );
            help = Some(match help {
                Some(h) => format!("{h}\n{note}"),
                None => note,
            });
        }
    }
    // Loads that let page texts go (see `load::Reading`) never print this report;
    // were one shown, it would be without its snippet rather than with a wrong one.
    if file.text().is_none() {
        labels.clear();
    }
    Shown {
        finding,
        source: Named {
            name: format!("{}{}", cx.path_prefix, file.path),
            text: file.text().unwrap_or_default(),
        },
        labels,
        help,
    }
}

pub fn write(cx: &Context, out: &mut dyn Write) -> io::Result<()> {
    write_findings(cx, out)?;
    let bold = if cx.color {
        anstyle::Style::new().bold()
    } else {
        anstyle::Style::new()
    };
    writeln!(
        out,
        "{bold}{}{bold:#} {}",
        super::summary(cx.outcome),
        super::files_checked(cx.repo.files.len())
    )
}

/// The findings grouped by file, without the closing summary.
pub fn write_findings(cx: &Context, out: &mut dyn Write) -> io::Result<()> {
    let theme = if cx.color {
        GraphicalTheme::unicode()
    } else {
        GraphicalTheme::unicode_nocolor()
    };
    let handler = GraphicalReportHandler::new_themed(theme)
        .with_width(cx.width)
        .with_links(false);
    let bold = if cx.color {
        anstyle::Style::new().bold()
    } else {
        anstyle::Style::new()
    };
    let findings = cx.findings();
    let mut start = 0;
    while start < findings.len() {
        let file = findings[start].location.file;
        let end = start
            + findings[start..]
                .iter()
                .take_while(|f| f.location.file == file)
                .count();
        let group = &findings[start..end];
        let errors = group.iter().filter(|f| f.level == Level::Error).count();
        let path = format!("{}{}", cx.path_prefix, cx.repo.file(file).path);
        writeln!(
            out,
            "{bold}{path}{bold:#}: {} {}, {} {}",
            errors,
            if errors == 1 { "error" } else { "errors" },
            group.len() - errors,
            if group.len() - errors == 1 {
                "warning"
            } else {
                "warnings"
            }
        )?;
        for finding in group {
            let mut text = String::new();
            handler
                .render_report(&mut text, &shown(cx, finding))
                .map_err(io::Error::other)?;
            out.write_all(text.as_bytes())?;
        }
        start = end;
    }
    Ok(())
}
