//! The rule table: every rule id (a public contract), its default level and what it means.

use crate::finding::Level;

pub struct Rule {
    pub id: &'static str,
    pub level: Level,
    pub summary: &'static str,
}

const fn rule(id: &'static str, level: Level, summary: &'static str) -> Rule {
    Rule { id, level, summary }
}

use Level::{Error, Warn};

pub const RULES: &[Rule] = &[
    rule(
        "syntax",
        Error,
        "A TOML file or front matter does not parse (or is not UTF-8).",
    ),
    rule(
        "unreadable",
        Error,
        "A file or directory could not be read.",
    ),
    rule(
        "unknown-field",
        Error,
        "An unknown table or key; usually a typo of a known one.",
    ),
    rule(
        "invalid-value",
        Error,
        "A value of the wrong type or outside its allowed set.",
    ),
    rule(
        "duplicate-id",
        Error,
        "Two entities of one kind share an id.",
    ),
    rule(
        "unknown-reference",
        Error,
        "An owner, team, capability, parent, attendee, contributor or sop names nothing that exists.",
    ),
    rule(
        "missing-owner",
        Error,
        "A goal, capability, offering, KPI, cadence, retro action or waiver has no owner.",
    ),
    rule(
        "shared-owner",
        Error,
        "An owner is a list, a placeholder such as \"everyone\", or a team instead of one person.",
    ),
    rule(
        "missing-deadline",
        Error,
        "An open goal has no deadline, or an open retro action has no due date.",
    ),
    rule(
        "invalid-date",
        Error,
        "A date that is not a real calendar date.",
    ),
    rule("missing-metric", Error, "A goal has no success metric."),
    rule(
        "missing-capability",
        Error,
        "An offering requires a capability that is not defined.",
    ),
    rule(
        "capability-without-sop",
        Warn,
        "A capability that offerings need has no SOP.",
    ),
    rule(
        "capability-without-kpi",
        Warn,
        "A capability has no KPI to measure it.",
    ),
    rule("goal-overdue", Warn, "An open goal's deadline has passed."),
    rule(
        "action-overdue",
        Warn,
        "An open retrospective action's due date has passed.",
    ),
    rule(
        "milestone-after-deadline",
        Warn,
        "A milestone is due after its goal's deadline.",
    ),
    rule(
        "horizon-exceeded",
        Warn,
        "A quarter goal ends more than 92 days from today, or after its parent goal.",
    ),
    rule("orphan-goal", Warn, "A quarter goal serves no annual goal."),
    rule(
        "priority-tie",
        Warn,
        "Two open goals of one horizon and period share a priority rank.",
    ),
    rule(
        "owner-overloaded",
        Warn,
        "A person owns more open goals than [check] max_open_goals_per_owner.",
    ),
    rule(
        "sop-stale",
        Warn,
        "A page's review is overdue: last_reviewed + review_every is before today.",
    ),
    rule("page-unowned", Warn, "A page or SOP has no owner."),
    rule(
        "broken-link",
        Error,
        "A relative link to a page, file or heading that does not exist.",
    ),
    rule(
        "page-url-conflict",
        Error,
        "Two pages would be published at one URL, or a page at a URL the site generates.",
    ),
    rule(
        "kpi-no-target",
        Warn,
        "A KPI has no target or no direction.",
    ),
    rule(
        "kpi-stale",
        Warn,
        "A KPI's newest reading is older than its cadence allows.",
    ),
    rule(
        "waiver-expired",
        Error,
        "A waiver is past its `until` date.",
    ),
    rule(
        "waiver-invalid",
        Error,
        "A waiver lacks a reason or an until date, or names an unknown rule.",
    ),
];

pub fn find(id: &str) -> Option<&'static Rule> {
    RULES.iter().find(|r| r.id == id)
}

/// The default level of a rule id (an unknown id, a programming error, counts as an error).
pub fn default_level(id: &str) -> Level {
    find(id).map_or(Level::Error, |r| r.level)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_unique_slugs() {
        let mut seen = std::collections::HashSet::new();
        for rule in RULES {
            assert!(seen.insert(rule.id), "{} twice", rule.id);
            assert!(rule.id.bytes().all(|b| b.is_ascii_lowercase() || b == b'-'));
        }
    }
}
