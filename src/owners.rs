//! `opsctl owners`: every owner with what they own and their load, or everything one
//! person owns. Load is `model::ownership`'s, the same the check and the site use.

use std::io::{self, Write};

use jiff::civil::Date;
use serde_json::{Value, json};

use crate::load::Repository;
use crate::model::Kind as EntityKind;
use crate::model::Named;
use crate::model::ownership::{Owned, is_overloaded};
use crate::query::{self, Context, Filter, Kind, Listing};
use crate::table::{Table, Terminal, Tone, bold};

/// One owner's counts.
struct Row {
    id: String,
    name: Option<String>,
    /// In the people files (an owner id that names nobody is shown too, flagged).
    known: bool,
    counts: [usize; 6],
    open_goals: usize,
}

const KINDS: [(&str, Kind); 6] = [
    ("goals", Kind::Goals),
    ("capabilities", Kind::Capabilities),
    ("offerings", Kind::Offerings),
    ("kpis", Kind::Kpis),
    ("cadences", Kind::Cadences),
    ("pages", Kind::Pages),
];

fn counts(owned: &Owned) -> [usize; 6] {
    [
        owned.goals.len(),
        owned.capabilities.len(),
        owned.offerings.len(),
        owned.kpis.len(),
        owned.cadences.len(),
        owned.pages.len(),
    ]
}

/// Every person, then every owner id that names no person.
pub struct Summary {
    rows: Vec<Row>,
    max_open: usize,
}

pub fn summary(repo: &Repository, today: Date) -> Summary {
    let cx = Context::new(repo, today);
    let model = &repo.model;
    let none = Owned::default();
    let mut rows: Vec<Row> = Vec::new();
    for person in &model.people {
        if rows.iter().any(|r| r.id == person.id.value) {
            continue;
        }
        let owned = cx.owned.get(person.id.value.as_str()).unwrap_or(&none);
        rows.push(Row {
            id: person.id.value.clone(),
            name: Some(person.display_name().to_string()),
            known: true,
            counts: counts(owned),
            open_goals: owned.open_goals(model),
        });
    }
    let mut strangers: Vec<(&&str, &Owned)> = cx
        .owned
        .iter()
        .filter(|(id, _)| cx.index.position(EntityKind::Person, id).is_none())
        .collect();
    strangers.sort_by_key(|(id, _)| **id);
    for (id, owned) in strangers {
        rows.push(Row {
            id: id.to_string(),
            name: None,
            known: false,
            counts: counts(owned),
            open_goals: owned.open_goals(model),
        });
    }
    Summary {
        rows,
        max_open: repo.config.max_open_goals(),
    }
}

impl Row {
    fn total(&self) -> usize {
        self.counts.iter().sum()
    }

    fn note(&self, max_open: usize) -> (String, Tone) {
        if !self.known {
            ("not a person in the people files".into(), Tone::Bad)
        } else if is_overloaded(self.open_goals, max_open) {
            (
                format!(
                    "overloaded: {} open goals, limit {max_open}",
                    self.open_goals
                ),
                Tone::Bad,
            )
        } else if self.total() == 0 {
            ("owns nothing".into(), Tone::Warn)
        } else {
            (String::new(), Tone::Plain)
        }
    }
}

impl Summary {
    pub fn table(&self) -> Table {
        let mut table = Table::new([
            "PERSON",
            "NAME",
            "GOALS",
            "CAPABILITIES",
            "OFFERINGS",
            "KPIS",
            "CADENCES",
            "PAGES",
            "LOAD",
            "NOTE",
        ])
        .flexible(1);
        for row in &self.rows {
            let (note, tone) = row.note(self.max_open);
            let mut cells = vec![row.id.clone(), row.name.clone().unwrap_or_default()];
            cells.extend(row.counts.iter().map(usize::to_string));
            cells.push(format!("{}/{}", row.open_goals, self.max_open));
            cells.push(note);
            table.row(cells, tone);
        }
        table
    }

    pub fn json(&self, today: Date) -> Value {
        let owners: Vec<Value> = self
            .rows
            .iter()
            .map(|r| {
                let mut counts = serde_json::Map::new();
                for ((name, _), n) in KINDS.iter().zip(r.counts) {
                    counts.insert((*name).to_string(), json!(n));
                }
                json!({
                    "id": r.id,
                    "name": r.name,
                    "known": r.known,
                    "owns": counts,
                    "total": r.total(),
                    "open_goals": r.open_goals,
                    "overloaded": is_overloaded(r.open_goals, self.max_open),
                    "owns_nothing": r.total() == 0,
                })
            })
            .collect();
        json!({
            "version": 1,
            "tool": {"name": "opsctl", "version": env!("CARGO_PKG_VERSION")},
            "today": today.to_string(),
            "max_open_goals": self.max_open,
            "owners": owners,
        })
    }
}

/// Everything one person owns, kind by kind.
pub struct Detail {
    id: String,
    person: Value,
    open_goals: usize,
    max_open: usize,
    sections: Vec<(&'static str, Listing)>,
}

/// What `id` owns; an id that is neither a person nor an owner is a usage error
/// with a suggestion.
pub fn person(repo: &Repository, today: Date, id: &str) -> Result<Detail, String> {
    let cx = Context::new(repo, today);
    cx.known_owner(id)?;
    let filter = Filter {
        owner: Some(id.to_string()),
        ..Filter::default()
    };
    let mut sections = Vec::new();
    for (name, kind) in KINDS {
        sections.push((name, query::list_in(&cx, kind, &filter)?));
    }
    let entity = repo.model.person(&cx.index, id);
    let text = |v: Option<&crate::model::value::Sp<String>>| v.map(|s| s.value.clone());
    let person = match entity {
        Some(p) => json!({
            "id": id,
            "name": p.display_name(),
            "known": true,
            "team": text(p.team.as_ref()),
            "role": text(p.role.as_ref()),
            "email": text(p.email.as_ref()),
            "github": text(p.github.as_ref()),
        }),
        None => json!({"id": id, "name": null, "known": false}),
    };
    let open_goals = cx
        .owned
        .get(id)
        .map_or(0, |owned| owned.open_goals(&repo.model));
    Ok(Detail {
        id: id.to_string(),
        person,
        open_goals,
        max_open: repo.config.max_open_goals(),
        sections,
    })
}

impl Detail {
    pub fn write(&self, out: &mut dyn Write, terminal: &Terminal) -> io::Result<()> {
        let p = &self.person;
        let mut headline = match p["name"].as_str() {
            Some(name) => format!("{name} ({})", self.id),
            None => format!("{} (not a person in the people files)", self.id),
        };
        let about: Vec<String> = [
            p["role"].as_str().map(str::to_string),
            p["team"].as_str().map(|t| format!("team {t}")),
        ]
        .into_iter()
        .flatten()
        .collect();
        if !about.is_empty() {
            headline.push_str(&format!(" — {}", about.join(", ")));
        }
        writeln!(out, "{}", terminal.paint(bold(), &headline))?;
        let load = format!(
            "Load: {} open {} (limit {}){}",
            self.open_goals,
            if self.open_goals == 1 {
                "goal"
            } else {
                "goals"
            },
            self.max_open,
            if is_overloaded(self.open_goals, self.max_open) {
                " — overloaded"
            } else {
                ""
            }
        );
        let tone = if is_overloaded(self.open_goals, self.max_open) {
            Tone::Bad
        } else {
            Tone::Plain
        };
        writeln!(out, "{}", terminal.paint(tone.style(), &load))?;
        for (name, listing) in &self.sections {
            writeln!(out)?;
            if listing.is_empty() {
                writeln!(out, "{}: none", capitalised(name))?;
                continue;
            }
            writeln!(
                out,
                "{}",
                terminal.paint(
                    bold(),
                    &format!("{} ({})", capitalised(name), listing.len())
                )
            )?;
            listing.table().indent(2).write(out, terminal)?;
        }
        Ok(())
    }

    pub fn json(&self, today: Date) -> Value {
        let mut doc = json!({
            "version": 1,
            "tool": {"name": "opsctl", "version": env!("CARGO_PKG_VERSION")},
            "today": today.to_string(),
            "person": self.person,
            "load": {
                "open_goals": self.open_goals,
                "max_open_goals": self.max_open,
                "overloaded": is_overloaded(self.open_goals, self.max_open),
            },
        });
        for (name, listing) in &self.sections {
            doc[*name] = json!(listing.items());
        }
        doc
    }
}

fn capitalised(name: &str) -> String {
    match name {
        "kpis" => "KPIs".to_string(),
        _ => {
            let mut chars = name.chars();
            chars
                .next()
                .map(|c| c.to_uppercase().chain(chars).collect())
                .unwrap_or_default()
        }
    }
}
