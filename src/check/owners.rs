//! `missing-owner` and `shared-owner`: every outcome has exactly one person who answers for it.

use std::ops::Range;

use super::Cx;
use crate::finding::Finding;
use crate::load::FileId;
use crate::model::Kind;
use crate::model::value::{OwnerValue, Sp};
use crate::suggest;

/// Owner names that mean "nobody in particular".
const PLACEHOLDERS: &[&str] = &[
    "everyone", "all", "team", "nobody", "tbd", "us", "none", "n/a",
];

/// What an owner field belongs to, for messages.
pub struct Owned<'a> {
    pub file: FileId,
    pub what: What<'a>,
    /// Where a missing owner is reported (the entity's id or title).
    pub anchor: &'a Range<usize>,
    pub owner: Option<&'a Sp<OwnerValue>>,
    pub required: bool,
}

pub fn check(cx: &mut Cx) {
    let m = cx.model;
    let mut owned = Vec::new();
    for e in &m.capabilities {
        owned.push(entity(e.file, "capability", &e.id, e.owner.as_ref()));
    }
    for e in &m.offerings {
        owned.push(entity(e.file, "offering", &e.id, e.owner.as_ref()));
    }
    for e in &m.goals {
        owned.push(entity(e.file, "goal", &e.id, e.owner.as_ref()));
    }
    for e in &m.kpis {
        owned.push(entity(e.file, "KPI", &e.id, e.owner.as_ref()));
    }
    for e in &m.cadences {
        owned.push(entity(e.file, "cadence", &e.id, e.owner.as_ref()));
    }
    for e in &m.waivers {
        owned.push(Owned {
            file: e.file,
            what: What::Waiver(&e.rule.value),
            anchor: &e.header,
            owner: e.owner.as_ref(),
            required: true,
        });
    }
    for page in &m.pages {
        owned.push(Owned {
            file: page.file,
            what: What::Page(&page.path),
            anchor: &EMPTY,
            owner: page.meta.owner.as_ref(),
            required: false,
        });
        for action in &page.meta.action {
            let title = action
                .title
                .as_ref()
                .map_or("(untitled)", |t| t.value.as_str());
            owned.push(Owned {
                file: page.file,
                what: What::Action(title),
                anchor: action.title.as_ref().map_or(&EMPTY, |t| &t.span),
                owner: action.owner.as_ref(),
                required: true,
            });
        }
    }
    for item in owned {
        check_owner(cx, &item);
    }
    for team in &m.teams {
        if let Some(lead) = &team.lead {
            let lead = Sp::new(OwnerValue::One(lead.value.clone()), lead.span.clone());
            let item = Owned {
                file: team.file,
                what: What::TeamLead(&team.id.value),
                anchor: &team.id.span,
                owner: Some(&lead),
                required: false,
            };
            check_owner(cx, &item);
        }
    }
}

static EMPTY: Range<usize> = 0..0;

/// What an owner field belongs to, as a message names it. Written out only for a
/// finding: most owners are fine, and a large handbook has tens of thousands.
pub enum What<'a> {
    /// An entity of a kind ("goal") with its id.
    Entity(&'static str, &'a str),
    /// A waiver of a rule.
    Waiver(&'a str),
    Page(&'a str),
    /// A retro action, by its title.
    Action(&'a str),
    /// A team, whose lead is checked.
    TeamLead(&'a str),
}

impl std::fmt::Display for What<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            What::Entity(kind, id) => write!(f, "{kind} `{id}`"),
            What::Waiver(rule) => write!(f, "waiver of `{rule}`"),
            What::Page(path) => write!(f, "page `{path}`"),
            What::Action(title) => write!(f, "retro action \"{title}\""),
            What::TeamLead(team) => write!(f, "team `{team}` (its lead)"),
        }
    }
}

fn entity<'a>(
    file: FileId,
    kind: &'static str,
    id: &'a Sp<String>,
    owner: Option<&'a Sp<OwnerValue>>,
) -> Owned<'a> {
    Owned {
        file,
        what: What::Entity(kind, &id.value),
        anchor: &id.span,
        owner,
        required: true,
    }
}

pub fn check_owner(cx: &mut Cx, item: &Owned) {
    let subject = &item.what;
    match item.owner {
        None => {
            if item.required {
                missing(cx, item);
            }
        }
        Some(owner) => match &owner.value {
            OwnerValue::One(id) if id.trim().is_empty() => {
                if item.required {
                    missing(cx, item);
                }
            }
            OwnerValue::Many(ids) => {
                let finding = Finding::new(
                    "shared-owner",
                    cx.at(item.file, &owner.span),
                    format!("{subject} has {} owners; shared ownership is no ownership", ids.len()),
                )
                .help(match ids.first() {
                    Some(first) => format!(
                        "keep one owner, e.g. `owner = \"{first}\"`, and list the others as contributors"
                    ),
                    None => "name exactly one person as owner".to_string(),
                });
                cx.push(finding);
            }
            OwnerValue::One(id) => one(cx, item, id, &owner.span),
        },
    }
}

fn missing(cx: &mut Cx, item: &Owned) {
    let finding = Finding::new(
        "missing-owner",
        cx.at(item.file, item.anchor),
        format!("{} has no owner", item.what),
    )
    .help("add `owner = \"<person id>\"`: the one person who answers for it");
    cx.push(finding);
}

fn one(cx: &mut Cx, item: &Owned, id: &str, span: &Range<usize>) {
    let model = cx.model;
    if model.exists(cx.index, Kind::Person, id) {
        return;
    }
    let at = cx.at(item.file, span);
    if PLACEHOLDERS.contains(&id.to_lowercase().as_str()) {
        let finding = Finding::new(
            "shared-owner",
            at,
            format!(
                "{} is owned by \"{id}\", which is nobody in particular",
                item.what
            ),
        )
        .help("name the one person who answers for it");
        cx.push(finding);
    } else if let Some(team) = cx.index.position(Kind::Team, id).map(|i| &model.teams[i]) {
        let help = match &team.lead {
            Some(lead) => format!(
                "name one person, e.g. the team's lead: `owner = \"{}\"`",
                lead.value
            ),
            None => "name one person of the team as owner".to_string(),
        };
        let finding = Finding::new(
            "shared-owner",
            at,
            format!(
                "{} is owned by the team `{id}`; an owner is one person",
                item.what
            ),
        )
        .help(help);
        cx.push(finding);
    } else if !model.exists(cx.index, Kind::Team, id) {
        let help = suggest::did_you_mean(id, cx.index.ids(Kind::Person)).unwrap_or_else(|| {
            "add the person to a people file as a [[person]], or fix the id".to_string()
        });
        let finding = Finding::new(
            "unknown-reference",
            at,
            format!("owner `{id}` of {} is not a known person", item.what),
        )
        .help(help);
        cx.push(finding);
    }
}
