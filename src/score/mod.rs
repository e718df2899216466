//! The Execution Score: five categories scored 1–5 from the repository's own data,
//! a total out of 25 and its band. Deterministic: the same model and day give the
//! same score, so `diff` can show a delta and `--history` a trend.
//!
//! # Formula
//!
//! Each category is a short list of *checks*, each a ratio `met / of` over the
//! entities it is about (a check with nothing to count is left out):
//!
//! | category | checks |
//! | --- | --- |
//! | Clarity | open goals with a success metric; open goals with a horizon; open quarter goals that serve an existing goal; a vision in `opsctl.toml` |
//! | Communication | cadences with one known owner; cadences with attendees, all known people; cadences documented by an existing page (`sop`); a review at least weekly |
//! | Accountability | goals (not dropped) and retro actions with one known owner; open ones with a valid deadline; open ones not overdue |
//! | Systems | capabilities with one known owner; capabilities with an SOP that is not retired; SOPs reviewed within their review period |
//! | Measurement | KPIs with a target and a direction; KPIs whose newest reading is current for their cadence (a quarter without one); capabilities with a KPI |
//!
//! A category's score is `1 + floor(4 × r)`, where `r` is the mean of its checks'
//! ratios: 5 only when every check is fully met, 4 from 75 %, 3 from 50 %, 2 from
//! 25 %. A category whose subject is missing altogether (no open goals, no
//! cadences, no outcomes, no capabilities, no KPIs) scores 1. The total is the sum;
//! its band is 20–25 strong foundation, 13–19 building with critical gaps, and 12
//! or below fix execution before growth.

mod checks;
pub mod history;
pub mod text;

use jiff::civil::Date;
use serde::Serialize;

use crate::load::Repository;

pub use history::{Sample, Series};

/// One measured aspect of a category: how many of the counted things meet it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Check {
    /// What is counted and what it must have, e.g. "open goals with a success metric".
    pub what: String,
    pub met: usize,
    pub of: usize,
    /// The shortfall in words ("2 of 9 open goals have no success metric"), when there is one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub gap: Option<String>,
}

impl Check {
    /// A check over `of` things of which `met` pass; `missing` says what the others lack
    /// ("have no success metric"), in the plural: one that fails gets the singular
    /// ("1 of 7 capabilities has no KPI").
    pub fn count(what: &str, met: usize, of: usize, noun: &str, missing: &str) -> Check {
        let gap = (met < of).then(|| {
            let missing = if of - met == 1 {
                singular(missing)
            } else {
                missing.to_string()
            };
            format!("{} of {of} {noun} {missing}", of - met)
        });
        Check {
            what: what.to_string(),
            met,
            of,
            gap,
        }
    }

    /// A yes-or-no check; `gap` is said when it fails.
    pub fn holds(what: &str, yes: bool, gap: &str) -> Check {
        Check {
            what: what.to_string(),
            met: usize::from(yes),
            of: 1,
            gap: (!yes).then(|| gap.to_string()),
        }
    }
}

/// `missing` said of one thing: its verbs and possessive in the singular.
fn singular(missing: &str) -> String {
    let words: Vec<&str> = missing
        .split(' ')
        .map(|word| match word {
            "are" => "is",
            "have" => "has",
            "serve" => "serves",
            "were" => "was",
            "their" => "its",
            word => word,
        })
        .collect();
    words.join(" ")
}

/// One of the five categories.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Category {
    /// Stable id: clarity, communication, accountability, systems, measurement.
    pub id: &'static str,
    pub name: &'static str,
    /// 1 to 5.
    pub score: u8,
    /// One line: what holds the score down, or why it is full.
    pub reason: String,
    pub checks: Vec<Check>,
}

impl Category {
    /// Scores a category from its checks; `absent` is the reason when there was
    /// nothing to count at all, `full` the reason when every check is met.
    fn from_checks(
        id: &'static str,
        name: &'static str,
        checks: Vec<Check>,
        absent: &str,
        full: &str,
    ) -> Category {
        let counted: Vec<&Check> = checks.iter().filter(|c| c.of > 0).collect();
        let (score, reason) = if counted.is_empty() {
            (1, absent.to_string())
        } else {
            let ratio = counted
                .iter()
                .map(|c| c.met as f64 / c.of as f64)
                .sum::<f64>()
                / counted.len() as f64;
            // The epsilon keeps 0.75 × 4 = 3 from rounding down to 2.999….
            let score = 1 + (4.0 * ratio + 1e-9).floor().clamp(0.0, 4.0) as u8;
            let gaps: Vec<&str> = counted.iter().filter_map(|c| c.gap.as_deref()).collect();
            let reason = if gaps.is_empty() {
                full.to_string()
            } else {
                gaps.join("; ")
            };
            (score, reason)
        };
        Category {
            id,
            name,
            score,
            reason,
            checks,
        }
    }
}

/// What a total means for the company.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Band {
    /// 20–25.
    StrongFoundation,
    /// 13–19.
    Building,
    /// 12 or below.
    FixExecution,
}

impl Band {
    pub fn of(total: u8) -> Band {
        match total {
            20.. => Band::StrongFoundation,
            13..=19 => Band::Building,
            _ => Band::FixExecution,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Band::StrongFoundation => "strong foundation",
            Band::Building => "building, critical gaps",
            Band::FixExecution => "fix execution before growth",
        }
    }

    /// A stable word for JSON and CSS classes.
    pub fn id(self) -> &'static str {
        match self {
            Band::StrongFoundation => "strong-foundation",
            Band::Building => "building",
            Band::FixExecution => "fix-execution",
        }
    }
}

/// The Execution Score of a repository on one day.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Score {
    /// Out of 25.
    pub total: u8,
    pub band: Band,
    pub categories: Vec<Category>,
}

impl Score {
    pub fn category(&self, id: &str) -> Option<&Category> {
        self.categories.iter().find(|c| c.id == id)
    }
}

/// Scores `repo` as of `today`. Only the model is read (no git, no rules), so it
/// is cheap enough to run for every sampled revision of `--history`.
pub fn compute(repo: &Repository, today: Date) -> Score {
    let facts = checks::Facts::new(repo, today);
    let categories = vec![
        Category::from_checks(
            "clarity",
            "Clarity",
            facts.clarity(),
            "no open goals: nothing says what the company is trying to achieve",
            "every open goal has a metric and a horizon, quarter goals serve annual ones, and the vision is written down",
        ),
        Category::from_checks(
            "communication",
            "Communication",
            facts.communication(),
            "no cadences: no meeting reviews the plan",
            "every cadence has an owner, attendees and an SOP, and the plan is reviewed at least weekly",
        ),
        Category::from_checks(
            "accountability",
            "Accountability",
            facts.accountability(),
            "no goals or retro actions to hold anyone to",
            "every outcome has one owner and a deadline, and nothing is overdue",
        ),
        Category::from_checks(
            "systems",
            "Systems",
            facts.systems(),
            "no capabilities: nothing says how the work gets done",
            "every capability has an owner and an SOP, and every SOP is reviewed on time",
        ),
        Category::from_checks(
            "measurement",
            "Measurement",
            facts.measurement(),
            "no KPIs: nothing is measured",
            "every KPI has a target and a current reading, and every capability a KPI",
        ),
    ];
    let total = categories.iter().map(|c| c.score).sum();
    Score {
        total,
        band: Band::of(total),
        categories,
    }
}

#[cfg(test)]
mod tests;
