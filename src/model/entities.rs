//! The entity types of an ops repository, as written in its TOML files and front matter.
//! These types are also the source of the JSON Schemas in `schema/`.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::value::{Choice, DateValue, OwnerValue, PeriodValue, Sp, choices};

choices!(
    /// The horizon of a goal: annual, or quarter (90 days).
    Horizon { Annual = "annual", Quarter = "quarter" }
);
choices!(
    /// Where a goal stands: planned, active, done or dropped.
    GoalStatus { Planned = "planned", Active = "active", Done = "done", Dropped = "dropped" }
);
choices!(
    /// Which way a KPI is better: up or down.
    Direction { Up = "up", Down = "down" }
);
choices!(
    /// How often a KPI is read: daily, weekly, monthly or quarterly.
    KpiCadence { Daily = "daily", Weekly = "weekly", Monthly = "monthly", Quarterly = "quarterly" }
);
choices!(
    /// Where a page stands: draft, active or retired.
    PageStatus { Draft = "draft", Active = "active", Retired = "retired" }
);
choices!(
    /// What a page is: an SOP, a retrospective, or a plain page.
    PageKind { Sop = "sop", Retro = "retro", Page = "page" }
);

/// A person who can own outcomes.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Person {
    /// Slug: lowercase letters, digits and '-'.
    pub id: Sp<String>,
    pub name: Option<Sp<String>>,
    pub email: Option<Sp<String>>,
    /// The id of the person's team.
    pub team: Option<Sp<String>>,
    /// GitHub handle, used to generate CODEOWNERS.
    pub github: Option<Sp<String>>,
    /// Job title or role.
    pub role: Option<Sp<String>>,
}

/// A team of people; its lead is a person.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Team {
    pub id: Sp<String>,
    pub name: Option<Sp<String>>,
    /// The person who leads the team.
    pub lead: Option<Sp<String>>,
    pub description: Option<Sp<String>>,
}

/// A repeatable internal ability, such as sales or customer support.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Capability {
    pub id: Sp<String>,
    pub name: Option<Sp<String>>,
    /// sales | operational | financial | leadership | support | any other word.
    pub kind: Option<Sp<String>>,
    /// Exactly one person id.
    pub owner: Option<Sp<OwnerValue>>,
    pub description: Option<Sp<String>>,
}

/// What customers buy; powered by capabilities.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Offering {
    pub id: Sp<String>,
    pub name: Option<Sp<String>>,
    pub owner: Option<Sp<OwnerValue>>,
    /// The capability ids this offering depends on.
    #[serde(default)]
    pub requires: Vec<Sp<String>>,
    pub description: Option<Sp<String>>,
}

/// An outcome with one owner, a deadline and a success metric.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Goal {
    pub id: Sp<String>,
    pub title: Option<Sp<String>>,
    pub horizon: Option<Sp<Choice<Horizon>>>,
    /// Exactly one person id; a list is shared ownership.
    pub owner: Option<Sp<OwnerValue>>,
    pub deadline: Option<Sp<DateValue>>,
    /// How we will know it is done.
    pub metric: Option<Sp<String>>,
    pub status: Option<Sp<Choice<GoalStatus>>>,
    /// Rank within its horizon; 1 is highest.
    #[schemars(range(min = 1))]
    pub priority: Option<Sp<i64>>,
    pub capability: Option<Sp<String>>,
    /// Another goal id this goal serves.
    pub parent: Option<Sp<String>>,
    /// People who help; never owners.
    #[serde(default)]
    pub contributors: Vec<Sp<String>>,
    pub description: Option<Sp<String>>,
    #[serde(default)]
    pub milestone: Vec<Milestone>,
}

impl Goal {
    pub fn status(&self) -> GoalStatus {
        self.status
            .as_ref()
            .and_then(|s| s.value.value)
            .unwrap_or(GoalStatus::Active)
    }

    /// Planned or active: still to be delivered.
    pub fn is_open(&self) -> bool {
        matches!(self.status(), GoalStatus::Planned | GoalStatus::Active)
    }

    pub fn horizon(&self) -> Option<Horizon> {
        self.horizon.as_ref().and_then(|h| h.value.value)
    }

    /// The planning period its priority rank is compared within (see [`GoalPeriod::of`]).
    pub fn period(&self) -> Option<GoalPeriod> {
        let date = self.deadline.as_ref()?.value.get()?;
        Some(GoalPeriod::of(self.horizon()?, date))
    }
}

/// A goal's planning period: its horizon, the deadline's year and, for a quarter
/// goal, the deadline's quarter (1–4; 0 for annual goals).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct GoalPeriod(pub Horizon, pub i16, pub i8);

/// A period as people say it: "2026" for a year, "Q4 2026" for a quarter.
impl std::fmt::Display for GoalPeriod {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            GoalPeriod(Horizon::Quarter, year, quarter) => write!(f, "Q{quarter} {year}"),
            GoalPeriod(_, year, _) => write!(f, "{year}"),
        }
    }
}

impl GoalPeriod {
    pub fn of(horizon: Horizon, deadline: jiff::civil::Date) -> GoalPeriod {
        match horizon {
            Horizon::Annual => GoalPeriod(Horizon::Annual, deadline.year(), 0),
            Horizon::Quarter => GoalPeriod(
                Horizon::Quarter,
                deadline.year(),
                (deadline.month() - 1) / 3 + 1,
            ),
        }
    }
}

/// A dated step towards a goal.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Milestone {
    pub title: Option<Sp<String>>,
    pub due: Option<Sp<DateValue>>,
    #[serde(default)]
    pub done: bool,
}

/// A key performance indicator with its readings.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Kpi {
    pub id: Sp<String>,
    pub name: Option<Sp<String>>,
    pub owner: Option<Sp<OwnerValue>>,
    pub capability: Option<Sp<String>>,
    pub unit: Option<Sp<String>>,
    pub target: Option<Sp<f64>>,
    pub direction: Option<Sp<Choice<Direction>>>,
    pub cadence: Option<Sp<Choice<KpiCadence>>>,
    #[serde(default)]
    pub readings: Vec<Reading>,
    pub description: Option<Sp<String>>,
}

impl Kpi {
    /// The newest reading that has a valid date.
    pub fn newest_reading(&self) -> Option<(jiff::civil::Date, f64)> {
        self.readings
            .iter()
            .filter_map(|r| r.date.value.get().map(|d| (d, r.value)))
            .max_by_key(|(d, _)| *d)
    }

    /// Whether `value` meets the target in the better direction (unknown without both).
    pub fn on_target(&self, value: f64) -> Option<bool> {
        let target = self.target.as_ref()?.value;
        match self.direction.as_ref()?.value.value? {
            Direction::Up => Some(value >= target),
            Direction::Down => Some(value <= target),
        }
    }
}

/// One measured value of a KPI.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Reading {
    pub date: Sp<DateValue>,
    pub value: f64,
}

/// A recurring meeting or review loop.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Cadence {
    pub id: Sp<String>,
    pub name: Option<Sp<String>>,
    /// How often: Nd, Nw, Nm or Nq.
    pub every: Option<Sp<PeriodValue>>,
    pub owner: Option<Sp<OwnerValue>>,
    #[serde(default)]
    pub attendees: Vec<Sp<String>>,
    /// Path of the page that documents this cadence, relative to the repository root.
    pub sop: Option<Sp<String>>,
    pub description: Option<Sp<String>>,
}

/// An owned, justified and expiring exception to a rule.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Waiver {
    /// The rule id to waive.
    pub rule: Sp<String>,
    /// A path (glob allowed) or an entity id; without it the rule is waived everywhere.
    pub target: Option<Sp<String>>,
    pub owner: Option<Sp<OwnerValue>>,
    pub reason: Option<Sp<String>>,
    pub until: Option<Sp<DateValue>>,
}

/// A retrospective's follow-up action: an outcome like any other.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Action {
    pub title: Option<Sp<String>>,
    pub owner: Option<Sp<OwnerValue>>,
    pub due: Option<Sp<DateValue>>,
    #[serde(default)]
    pub done: bool,
}

/// The front matter of a Markdown page.
#[derive(Debug, Clone, Default, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PageMeta {
    pub title: Option<Sp<String>>,
    pub description: Option<Sp<String>>,
    pub owner: Option<Sp<OwnerValue>>,
    /// Makes this page an SOP of that capability.
    pub capability: Option<Sp<String>>,
    pub review_every: Option<Sp<PeriodValue>>,
    pub last_reviewed: Option<Sp<DateValue>>,
    pub status: Option<Sp<Choice<PageStatus>>>,
    #[serde(default)]
    pub tags: Vec<Sp<String>>,
    pub kind: Option<Sp<Choice<PageKind>>>,
    /// The date of a retrospective.
    pub date: Option<Sp<DateValue>>,
    /// A retrospective's actions.
    #[serde(default)]
    pub action: Vec<Action>,
}

/// Everything an entity file may hold: arrays of tables, one per kind.
#[derive(Debug, Clone, Default, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(title = "opsctl entity file")]
pub struct EntityFile {
    #[serde(default)]
    pub person: Vec<Person>,
    #[serde(default)]
    pub team: Vec<Team>,
    #[serde(default)]
    pub capability: Vec<Capability>,
    #[serde(default)]
    pub offering: Vec<Offering>,
    #[serde(default)]
    pub goal: Vec<Goal>,
    #[serde(default)]
    pub kpi: Vec<Kpi>,
    #[serde(default)]
    pub cadence: Vec<Cadence>,
}
