//! `opsctl list`: the entities or pages of one kind, filtered, as table rows and
//! as JSON items. A filter that means nothing for a kind is refused, not ignored.

mod rows;

use std::collections::HashMap;

use jiff::civil::Date;
use serde_json::{Value, json};

use crate::load::Repository;
use crate::model::entities::{GoalStatus, Horizon, PageStatus};
use crate::model::ownership::{self, Owned};
use crate::model::value::{Choices, Period};
use crate::model::{Index, Kind as EntityKind};
use crate::suggest;
use crate::table::{Table, Tone};

/// What to list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Kind {
    #[value(alias = "goal")]
    Goals,
    #[value(alias = "kpi")]
    Kpis,
    /// Every Markdown page.
    #[value(alias = "page")]
    Pages,
    /// Pages that name a capability.
    #[value(alias = "sop")]
    Sops,
    #[value(alias = "capability")]
    Capabilities,
    #[value(alias = "offering")]
    Offerings,
    #[value(alias = "cadence")]
    Cadences,
    #[value(alias = "person")]
    People,
}

impl Kind {
    pub fn name(self) -> &'static str {
        match self {
            Kind::Goals => "goals",
            Kind::Kpis => "kpis",
            Kind::Pages => "pages",
            Kind::Sops => "sops",
            Kind::Capabilities => "capabilities",
            Kind::Offerings => "offerings",
            Kind::Cadences => "cadences",
            Kind::People => "people",
        }
    }
}

/// The filters as given on the command line.
#[derive(Debug, Clone, Default)]
pub struct Filter {
    pub owner: Option<String>,
    pub capability: Option<String>,
    pub status: Option<String>,
    pub horizon: Option<String>,
    pub overdue: bool,
    /// A period such as `30d`, `2w`, `6m`.
    pub due_within: Option<String>,
    pub stale: bool,
}

/// Which kinds each filter means something for.
fn applies(flag: &str) -> &'static [Kind] {
    use Kind::*;
    match flag {
        "owner" => &[Goals, Kpis, Pages, Sops, Capabilities, Offerings, Cadences],
        "capability" => &[Goals, Kpis, Pages, Sops, Offerings],
        "status" => &[Goals, Pages, Sops],
        "horizon" | "overdue" => &[Goals],
        "due-within" => &[Goals, Pages, Sops],
        "stale" => &[Kpis, Pages, Sops],
        _ => &[],
    }
}

/// The filters checked against the repository, ready to match.
#[derive(Debug, Default)]
pub struct Compiled {
    pub owner: Option<String>,
    pub capability: Option<String>,
    pub goal_status: Option<Vec<GoalStatus>>,
    pub page_status: Option<PageStatus>,
    pub horizon: Option<Horizon>,
    pub overdue: bool,
    pub due_by: Option<Date>,
    pub stale: bool,
}

/// A word from a closed set, or a usage error naming the choices.
fn word<E: Choices>(flag: &str, text: &str, extra: &[&str]) -> Result<E, String> {
    E::from_name(text).ok_or_else(|| {
        let names: Vec<&str> = E::NAMES.iter().chain(extra).copied().collect();
        let hint = suggest::did_you_mean(text, names.iter().copied())
            .map_or(String::new(), |h| format!("; {h}"));
        format!("--{flag} `{text}` is not one of {}{hint}", names.join(", "))
    })
}

impl Filter {
    fn given(&self) -> Vec<&'static str> {
        [
            ("owner", self.owner.is_some()),
            ("capability", self.capability.is_some()),
            ("status", self.status.is_some()),
            ("horizon", self.horizon.is_some()),
            ("overdue", self.overdue),
            ("due-within", self.due_within.is_some()),
            ("stale", self.stale),
        ]
        .into_iter()
        .filter_map(|(flag, on)| on.then_some(flag))
        .collect()
    }

    /// Refuses filters that mean nothing for `kind`, and values that name nothing.
    fn compile(&self, kind: Kind, cx: &Context) -> Result<Compiled, String> {
        for flag in self.given() {
            let kinds = applies(flag);
            if !kinds.contains(&kind) {
                let names: Vec<&str> = kinds.iter().map(|k| k.name()).collect();
                let mut message = format!(
                    "--{flag} does not apply to {}; it filters {}",
                    kind.name(),
                    names.join(", ")
                );
                if flag == "overdue" && matches!(kind, Kind::Pages | Kind::Sops) {
                    message.push_str(" (pages past their review date: --stale)");
                }
                return Err(message);
            }
        }
        let mut compiled = Compiled {
            overdue: self.overdue,
            stale: self.stale,
            ..Compiled::default()
        };
        if let Some(owner) = &self.owner {
            cx.known_owner(owner)?;
            compiled.owner = Some(owner.clone());
        }
        if let Some(capability) = &self.capability {
            cx.known_capability(capability)?;
            compiled.capability = Some(capability.clone());
        }
        if let Some(status) = &self.status {
            if kind == Kind::Goals {
                compiled.goal_status = Some(if status == "open" {
                    vec![GoalStatus::Planned, GoalStatus::Active]
                } else {
                    vec![word::<GoalStatus>("status", status, &["open"])?]
                });
            } else {
                compiled.page_status = Some(word::<PageStatus>("status", status, &[])?);
            }
        }
        if let Some(horizon) = &self.horizon {
            compiled.horizon = Some(word::<Horizon>("horizon", horizon, &[])?);
        }
        if let Some(within) = &self.due_within {
            let period = Period::parse(within).ok_or_else(|| {
                format!("--due-within `{within}` is not a duration such as 30d, 2w, 6m or 1q")
            })?;
            compiled.due_by = Some(period.after(cx.today));
        }
        Ok(compiled)
    }
}

/// What listing needs besides the filters: the model's indexes and today.
pub struct Context<'a> {
    pub repo: &'a Repository,
    pub index: Index,
    pub owned: HashMap<&'a str, Owned>,
    pub today: Date,
}

impl<'a> Context<'a> {
    pub fn new(repo: &'a Repository, today: Date) -> Self {
        Context {
            repo,
            index: repo.model.index(),
            owned: ownership::index(&repo.model),
            today,
        }
    }

    /// A person, or an id that owns something (a misspelt owner in the data still
    /// lists what it holds); anything else is a usage error with a suggestion.
    pub fn known_owner(&self, id: &str) -> Result<(), String> {
        if self.index.position(EntityKind::Person, id).is_some() || self.owned.contains_key(id) {
            return Ok(());
        }
        let hint = suggest::did_you_mean(id, self.index.ids(EntityKind::Person))
            .map_or(String::new(), |h| format!("; {h}"));
        Err(format!("no person `{id}` in this repository{hint}"))
    }

    fn known_capability(&self, id: &str) -> Result<(), String> {
        if self.index.position(EntityKind::Capability, id).is_some() {
            return Ok(());
        }
        let hint = suggest::did_you_mean(id, self.index.ids(EntityKind::Capability))
            .map_or(String::new(), |h| format!("; {h}"));
        Err(format!("no capability `{id}` in this repository{hint}"))
    }
}

/// One listed thing: its table cells, how it stands out, and its JSON item.
pub struct Item {
    pub cells: Vec<String>,
    pub tone: Tone,
    pub json: Value,
}

/// The result of a listing.
pub struct Listing {
    pub kind: Kind,
    headers: &'static [&'static str],
    /// The column that may be shortened on a narrow terminal.
    flexible: usize,
    items: Vec<Item>,
}

impl Listing {
    pub fn len(&self) -> usize {
        self.items.len()
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    pub fn table(&self) -> Table {
        let mut table = Table::new(self.headers.iter().copied()).flexible(self.flexible);
        for item in &self.items {
            table.row(item.cells.clone(), item.tone);
        }
        table
    }

    /// The items alone, for documents that embed them (`owners --json`).
    pub fn items(&self) -> Vec<Value> {
        self.items.iter().map(|i| i.json.clone()).collect()
    }

    /// The versioned document of `list --json`.
    pub fn json(&self, today: Date) -> Value {
        json!({
            "version": 1,
            "tool": {"name": "opsctl", "version": env!("CARGO_PKG_VERSION")},
            "today": today.to_string(),
            "kind": self.kind.name(),
            "items": self.items(),
        })
    }
}

/// Lists the things of `kind` in `repo` that pass `filter`.
pub fn list(
    repo: &Repository,
    today: Date,
    kind: Kind,
    filter: &Filter,
) -> Result<Listing, String> {
    let cx = Context::new(repo, today);
    list_in(&cx, kind, filter)
}

pub fn list_in(cx: &Context, kind: Kind, filter: &Filter) -> Result<Listing, String> {
    let f = filter.compile(kind, cx)?;
    let (headers, flexible, items) = rows::rows(cx, kind, &f);
    Ok(Listing {
        kind,
        headers,
        flexible,
        items,
    })
}
