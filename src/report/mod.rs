//! Renders the findings of a check: for people (miette) or machines (JSON, GitHub, SARIF).

mod github;
mod human;
pub(crate) mod json;
mod sarif;

use std::io::{self, Write};

use jiff::civil::Date;

use crate::check::Outcome;
use crate::finding::{Finding, Level};
use crate::load::Repository;

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Each finding with its source line underlined, grouped by file.
    Human,
    /// opsctl's own versioned JSON document.
    Json,
    /// GitHub Actions workflow commands (annotations on the changed lines).
    Github,
    /// SARIF 2.1.0, for code-scanning dashboards.
    Sarif,
}

/// What every reporter needs besides the findings.
pub struct Context<'a> {
    pub repo: &'a Repository,
    pub outcome: &'a Outcome,
    pub today: Date,
    /// Prepended to repository paths so they are relative to where opsctl was run.
    pub path_prefix: String,
    pub color: bool,
    /// Terminal width for human output.
    pub width: usize,
}

/// A finding's place in file coordinates, ready to print.
pub struct Place {
    pub path: String,
    pub line: usize,
    pub column: usize,
    pub end_line: usize,
    pub end_column: usize,
}

impl Context<'_> {
    pub fn place(&self, location: &crate::finding::Location) -> Place {
        let file = self.repo.file(location.file);
        let (start, end) = file.locate(&location.span);
        Place {
            path: format!("{}{}", self.path_prefix, file.path),
            line: start.line,
            column: start.column,
            end_line: end.line,
            end_column: end.column,
        }
    }

    pub fn findings(&self) -> &[Finding] {
        &self.outcome.findings
    }
}

pub fn write(format: Format, cx: &Context, out: &mut dyn Write) -> io::Result<()> {
    match format {
        Format::Human => human::write(cx, out),
        Format::Json => json::write(cx, out),
        Format::Github => github::write(cx, out),
        Format::Sarif => sarif::write(cx, out),
    }
}

/// The findings for people, grouped by file, without the closing summary line.
pub fn write_human_findings(cx: &Context, out: &mut dyn Write) -> io::Result<()> {
    human::write_findings(cx, out)
}

/// "2 errors, 1 warning in 3 files" (the files with findings).
pub fn summary(outcome: &Outcome) -> String {
    let errors = outcome.count(Level::Error);
    let warnings = outcome.count(Level::Warn);
    let files = outcome.files();
    format!(
        "{} {}, {} {} in {} {}",
        errors,
        plural(errors, "error", "errors"),
        warnings,
        plural(warnings, "warning", "warnings"),
        files,
        plural(files, "file", "files")
    )
}

/// How many files a check read: "(25 files checked)".
pub fn files_checked(files: usize) -> String {
    format!("({files} {} checked)", plural(files, "file", "files"))
}

pub(crate) fn plural<'a>(n: usize, one: &'a str, many: &'a str) -> &'a str {
    if n == 1 { one } else { many }
}
