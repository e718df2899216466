//! What `opsctl new` asks for, per kind: each field's key, help, shape and whether it
//! is required. The command line's flags and the interactive prompts are made from
//! these tables, so they cannot disagree.

use crate::model::Kind;
use crate::model::entities::{Direction, GoalStatus, Horizon, KpiCadence, PageStatus};
use crate::model::value::Choices;

/// What `opsctl new` can add.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NewKind {
    Goal,
    Sop,
    Person,
    Team,
    Capability,
    Offering,
    Kpi,
    Cadence,
}

/// What a field's value must be; decides validation, the TOML type and the prompt's hint.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    /// Free text.
    Text,
    /// Free words, comma-separated (a page's tags).
    Words,
    /// The new entity's id: a slug not yet used by its kind.
    NewId,
    /// One person id.
    Person,
    /// Person ids, comma-separated.
    People,
    Team,
    Capability,
    /// Capability ids, comma-separated.
    Capabilities,
    /// The id of an annual goal.
    AnnualGoal,
    /// The path of a page, relative to the root.
    Page,
    Date,
    Choice(&'static [&'static str]),
    /// Nd, Nw, Nm, Nq or Ny.
    Period,
    Number,
    /// A priority rank: an integer of at least 1.
    Rank,
}

/// When a field must be given.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Need {
    Required,
    Optional,
    /// Required when the goal's horizon is quarter (a quarter goal serves an annual goal).
    ForQuarter,
}

#[derive(Debug)]
pub struct Field {
    /// The TOML key; the flag is the key with '-' for '_'.
    pub key: &'static str,
    pub help: &'static str,
    pub shape: Shape,
    pub need: Need,
}

const fn field(key: &'static str, shape: Shape, need: Need, help: &'static str) -> Field {
    Field {
        key,
        help,
        shape,
        need,
    }
}

use Need::{ForQuarter, Optional, Required};
use Shape::*;

const ID: Field = field(
    "id",
    NewId,
    Required,
    "Id: lowercase letters, digits and '-'",
);
const OWNER: Field = field(
    "owner",
    Person,
    Required,
    "The one person accountable (a person id)",
);
const DESCRIPTION: Field = field(
    "description",
    Text,
    Optional,
    "A sentence or two of context",
);

const PERSON: &[Field] = &[
    ID,
    field("name", Text, Required, "Full name"),
    field("email", Text, Optional, "Email address"),
    field("team", Team, Optional, "The person's team (a team id)"),
    field(
        "github",
        Text,
        Optional,
        "GitHub handle, for `opsctl export codeowners`",
    ),
    field("role", Text, Optional, "Job title or role"),
];

const TEAM: &[Field] = &[
    ID,
    field("name", Text, Required, "Team name"),
    field("lead", Person, Required, "The person who leads the team"),
    DESCRIPTION,
];

const CAPABILITY: &[Field] = &[
    ID,
    field("name", Text, Required, "Name"),
    field(
        "kind",
        Text,
        Required,
        "sales, operational, financial, leadership, support, or another word",
    ),
    OWNER,
    DESCRIPTION,
];

const OFFERING: &[Field] = &[
    ID,
    field("name", Text, Required, "Name, as customers know it"),
    OWNER,
    field(
        "requires",
        Capabilities,
        Required,
        "The capabilities it depends on (capability ids, comma-separated)",
    ),
    DESCRIPTION,
];

const GOAL: &[Field] = &[
    ID,
    field("title", Text, Required, "What will be true when it is done"),
    field(
        "horizon",
        Choice(Horizon::NAMES),
        Required,
        "annual, or quarter (90 days)",
    ),
    OWNER,
    field(
        "parent",
        AnnualGoal,
        ForQuarter,
        "The annual goal it serves (required for a quarter goal)",
    ),
    field("deadline", Date, Required, "By when (YYYY-MM-DD)"),
    field(
        "metric",
        Text,
        Required,
        "How we will know it is done: a number, a threshold and where it is read",
    ),
    field(
        "status",
        Choice(GoalStatus::NAMES),
        Optional,
        "planned, active, done or dropped [default: active]",
    ),
    field(
        "priority",
        Rank,
        Optional,
        "Rank within its horizon and period, 1 highest [default: the next free rank]",
    ),
    field(
        "capability",
        Capability,
        Optional,
        "The capability it builds (a capability id)",
    ),
    field(
        "contributors",
        People,
        Optional,
        "Others who help (person ids, comma-separated); never owners",
    ),
    DESCRIPTION,
];

const KPI: &[Field] = &[
    ID,
    field("name", Text, Required, "Name"),
    OWNER,
    field(
        "capability",
        Capability,
        Required,
        "The capability it measures (a capability id)",
    ),
    field("unit", Text, Optional, "Unit, e.g. %, hours, USD"),
    field("target", Number, Required, "The target value"),
    field(
        "direction",
        Choice(Direction::NAMES),
        Required,
        "Which way is better: up or down",
    ),
    field(
        "cadence",
        Choice(KpiCadence::NAMES),
        Required,
        "How often it is read: daily, weekly, monthly or quarterly",
    ),
    DESCRIPTION,
];

const CADENCE: &[Field] = &[
    ID,
    field("name", Text, Required, "Name of the meeting"),
    field(
        "every",
        Period,
        Required,
        "How often: Nd, Nw, Nm or Nq, e.g. 1w",
    ),
    OWNER,
    field(
        "attendees",
        People,
        Optional,
        "Who attends (person ids, comma-separated)",
    ),
    field(
        "sop",
        Page,
        Optional,
        "The page that says how it runs (a path from the root)",
    ),
    DESCRIPTION,
];

const SOP: &[Field] = &[
    field("title", Text, Required, "Title of the procedure"),
    OWNER,
    field(
        "capability",
        Capability,
        Required,
        "The capability it documents (a capability id)",
    ),
    field(
        "review_every",
        Period,
        Optional,
        "How often it is reviewed, e.g. 90d [default: [check] default_review_every]",
    ),
    field(
        "last_reviewed",
        Date,
        Optional,
        "When it was last reviewed (YYYY-MM-DD) [default: today]",
    ),
    field(
        "status",
        Choice(PageStatus::NAMES),
        Optional,
        "draft, active or retired [default: draft]",
    ),
    field("tags", Words, Optional, "Tags, comma-separated"),
];

impl NewKind {
    pub const ALL: [NewKind; 8] = [
        NewKind::Goal,
        NewKind::Sop,
        NewKind::Person,
        NewKind::Team,
        NewKind::Capability,
        NewKind::Offering,
        NewKind::Kpi,
        NewKind::Cadence,
    ];

    pub fn name(self) -> &'static str {
        self.entity().map_or("sop", Kind::table)
    }

    pub fn from_name(name: &str) -> Option<NewKind> {
        NewKind::ALL.into_iter().find(|k| k.name() == name)
    }

    /// The entity kind it adds to a TOML file; `None` for an SOP, which is a page.
    pub fn entity(self) -> Option<Kind> {
        match self {
            NewKind::Goal => Some(Kind::Goal),
            NewKind::Sop => None,
            NewKind::Person => Some(Kind::Person),
            NewKind::Team => Some(Kind::Team),
            NewKind::Capability => Some(Kind::Capability),
            NewKind::Offering => Some(Kind::Offering),
            NewKind::Kpi => Some(Kind::Kpi),
            NewKind::Cadence => Some(Kind::Cadence),
        }
    }

    pub fn about(self) -> &'static str {
        match self {
            NewKind::Goal => "Add a goal: an outcome with one owner, a deadline and a metric",
            NewKind::Sop => "Add an SOP: a Markdown page documenting a capability",
            NewKind::Person => "Add a person who can own outcomes",
            NewKind::Team => "Add a team and its lead",
            NewKind::Capability => "Add a capability: a repeatable internal ability",
            NewKind::Offering => "Add an offering: what customers buy",
            NewKind::Kpi => "Add a KPI that measures a capability",
            NewKind::Cadence => "Add a cadence: a recurring meeting or review loop",
        }
    }

    pub fn fields(self) -> &'static [Field] {
        match self {
            NewKind::Goal => GOAL,
            NewKind::Sop => SOP,
            NewKind::Person => PERSON,
            NewKind::Team => TEAM,
            NewKind::Capability => CAPABILITY,
            NewKind::Offering => OFFERING,
            NewKind::Kpi => KPI,
            NewKind::Cadence => CADENCE,
        }
    }
}

impl Field {
    /// The command-line flag, without the dashes: the key with '-' for '_'.
    pub fn flag(&self) -> &'static str {
        match self.key {
            "review_every" => "review-every",
            "last_reviewed" => "last-reviewed",
            key => key,
        }
    }

    /// Whether the field takes several comma-separated values.
    pub fn is_list(&self) -> bool {
        matches!(self.shape, Words | People | Capabilities)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flags_are_keys_with_dashes() {
        for kind in NewKind::ALL {
            for field in kind.fields() {
                assert_eq!(field.flag(), field.key.replace('_', "-"), "{}", field.key);
            }
        }
    }
}
