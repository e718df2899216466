//! The one-line summary of a diff: "2 risky changes; entities: 1 added, 3 changed;
//! pages: 1 edited; findings: 1 new error, 2 resolved".

use serde::Serialize;

use super::Changes;
use super::entities::Presence;
use crate::finding::{Finding, Level};
use crate::report::plural;

/// How many of each kind of change: the summary line, and `summary` in JSON.
#[derive(Debug, Default, Serialize)]
pub struct Summary {
    pub risky: usize,
    pub entities: Counts,
    pub pages: Counts,
    pub coverage_lost: usize,
    pub coverage_gained: usize,
    pub introduced: Levels,
    pub resolved: Levels,
}

#[derive(Debug, Default, Serialize)]
pub struct Counts {
    pub added: usize,
    pub removed: usize,
    pub renamed: usize,
    pub changed: usize,
}

#[derive(Debug, Default, Serialize)]
pub struct Levels {
    pub errors: usize,
    pub warnings: usize,
}

impl Counts {
    fn of(presences: impl Iterator<Item = Presence>) -> Counts {
        let mut counts = Counts::default();
        for presence in presences {
            *match presence {
                Presence::Added => &mut counts.added,
                Presence::Removed => &mut counts.removed,
                Presence::Renamed => &mut counts.renamed,
                Presence::Changed => &mut counts.changed,
            } += 1;
        }
        counts
    }

    /// "1 added, 3 changed" (pages are "edited").
    fn text(&self, changed: &str) -> Vec<String> {
        [
            (self.added, "added"),
            (self.removed, "removed"),
            (self.renamed, "renamed"),
            (self.changed, changed),
        ]
        .into_iter()
        .filter(|(n, _)| *n > 0)
        .map(|(n, what)| format!("{n} {what}"))
        .collect()
    }
}

impl Levels {
    fn of(findings: &[&Finding]) -> Levels {
        let errors = findings.iter().filter(|f| f.level == Level::Error).count();
        Levels {
            errors,
            warnings: findings.len() - errors,
        }
    }

    fn total(&self) -> usize {
        self.errors + self.warnings
    }
}

pub fn summary(changes: &Changes) -> Summary {
    let lost = changes.coverage.iter().filter(|c| c.change.risky()).count();
    Summary {
        risky: super::risks::risks(changes).len(),
        entities: Counts::of(changes.entities.iter().map(|e| e.presence)),
        pages: Counts::of(changes.pages.iter().map(|p| p.presence)),
        coverage_lost: lost,
        coverage_gained: changes.coverage.len() - lost,
        introduced: Levels::of(&changes.introduced),
        resolved: Levels::of(&changes.resolved),
    }
}

impl Summary {
    /// The summary line.
    pub fn text(&self) -> String {
        let mut parts = Vec::new();
        if self.risky > 0 {
            parts.push(format!(
                "{} risky {}",
                self.risky,
                plural(self.risky, "change", "changes")
            ));
        }
        let entities = self.entities.text("changed");
        if !entities.is_empty() {
            parts.push(format!("entities: {}", entities.join(", ")));
        }
        let pages = self.pages.text("edited");
        if !pages.is_empty() {
            parts.push(format!("pages: {}", pages.join(", ")));
        }
        let coverage: Vec<String> = [
            (self.coverage_lost, "lost"),
            (self.coverage_gained, "gained"),
        ]
        .into_iter()
        .filter(|(n, _)| *n > 0)
        .map(|(n, what)| format!("{n} {what}"))
        .collect();
        if !coverage.is_empty() {
            parts.push(format!("coverage: {}", coverage.join(", ")));
        }
        let mut found = Vec::new();
        let new = &self.introduced;
        for (n, one, many) in [
            (new.errors, "new error", "new errors"),
            (new.warnings, "new warning", "new warnings"),
            (self.resolved.total(), "resolved", "resolved"),
        ] {
            if n > 0 {
                found.push(format!("{n} {}", plural(n, one, many)));
            }
        }
        if !found.is_empty() {
            parts.push(format!("findings: {}", found.join(", ")));
        }
        if parts.is_empty() {
            "no changes to the model".to_string()
        } else {
            parts.join("; ")
        }
    }
}
