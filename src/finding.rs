//! A finding: one thing a rule found wrong, as plain data that every reporter renders.

use std::ops::Range;

use serde::Serialize;

use crate::load::FileId;

/// How serious a finding is; `Allow` silences a rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    Allow,
    Warn,
    Error,
}

impl Level {
    pub fn parse(name: &str) -> Option<Level> {
        match name {
            "allow" => Some(Level::Allow),
            "warn" | "warning" => Some(Level::Warn),
            "error" => Some(Level::Error),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Level::Allow => "allow",
            Level::Warn => "warn",
            Level::Error => "error",
        }
    }
}

/// A byte range in one file of the repository.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Location {
    pub file: FileId,
    pub span: Range<usize>,
}

impl Location {
    pub fn new(file: FileId, span: Range<usize>) -> Self {
        Location { file, span }
    }
}

/// A secondary place that helps explain a finding ("first defined here").
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Label {
    pub location: Location,
    pub message: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    pub rule: &'static str,
    pub level: Level,
    pub message: String,
    pub location: Location,
    pub labels: Vec<Label>,
    pub help: Option<String>,
    /// The id of the entity the finding is about, so a waiver can target it.
    pub subject: Option<String>,
}

impl Finding {
    /// A finding at the rule's default level; the checker applies configured levels later.
    pub fn new(rule: &'static str, location: Location, message: impl Into<String>) -> Self {
        debug_assert!(
            crate::check::rules::find(rule).is_some(),
            "rule `{rule}` is missing from the rule table"
        );
        Finding {
            rule,
            level: crate::check::rules::default_level(rule),
            message: message.into(),
            location,
            labels: Vec::new(),
            help: None,
            subject: None,
        }
    }

    pub fn help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    pub fn maybe_help(mut self, help: Option<String>) -> Self {
        if help.is_some() {
            self.help = help;
        }
        self
    }

    pub fn label(mut self, location: Location, message: impl Into<String>) -> Self {
        self.labels.push(Label {
            location,
            message: message.into(),
        });
        self
    }

    pub fn subject(mut self, id: impl Into<String>) -> Self {
        self.subject = Some(id.into());
        self
    }
}
