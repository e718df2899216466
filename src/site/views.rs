//! View models: the repository's model turned into the plain values the templates show
//! (names instead of ids, URLs, relative dates).

use std::collections::HashMap;

use jiff::civil::Date;
use serde_json::{Value, json};

use super::svg::fmt_value;
use super::urls;
use crate::check::Outcome;
use crate::load::Repository;
use crate::model::Named;
use crate::model::entities::{Goal, GoalStatus, Horizon, Kpi, PageStatus};
pub use crate::model::ownership::{Owned, owner_id};
use crate::model::value::{OwnerValue, Sp, days, relative};
use crate::model::{Entity, Index, Kind, Page};

/// Builds views for one repository as of one day.
pub struct Views<'a> {
    pub repo: &'a Repository,
    pub outcome: &'a Outcome,
    pub index: Index,
    pub today: Date,
    /// Goal positions by parent goal id.
    children: HashMap<&'a str, Vec<usize>>,
    /// What each person owns, by person id.
    owned: HashMap<&'a str, Owned>,
    /// Positions of the findings that concern each capability.
    capability_findings: HashMap<String, Vec<usize>>,
}

/// Groups the findings by the capability they concern, in one pass.
fn findings_by_capability(
    repo: &Repository,
    outcome: &Outcome,
    index: &Index,
) -> HashMap<String, Vec<usize>> {
    let mut by: HashMap<String, Vec<usize>> = HashMap::new();
    for (i, f) in outcome.findings.iter().enumerate() {
        let mut ids: Vec<&str> = Vec::new();
        if let Some((Kind::Capability, id)) =
            index.entity_at(f.location.file, f.location.span.start)
        {
            ids.push(id);
        }
        if let Some(page) = index.page(&repo.file(f.location.file).path) {
            ids.extend(repo.model.pages[page].capability());
        }
        if let Some(subject) = f.subject.as_deref() {
            if index.position(Kind::Capability, subject).is_some() {
                ids.push(subject);
            }
        }
        ids.sort_unstable();
        ids.dedup();
        for id in ids {
            by.entry(id.to_string()).or_default().push(i);
        }
    }
    by
}

/// Whether `date` is at most `limit` days after `today`.
pub fn within(today: Date, date: Date, limit: i32) -> bool {
    days(today, date) <= limit
}

impl<'a> Views<'a> {
    pub fn new(repo: &'a Repository, outcome: &'a Outcome, today: Date) -> Self {
        let mut children: HashMap<&str, Vec<usize>> = HashMap::new();
        for (i, goal) in repo.model.goals.iter().enumerate() {
            if let Some(parent) = &goal.parent {
                children.entry(parent.value.as_str()).or_default().push(i);
            }
        }
        let index = repo.model.index();
        let capability_findings = findings_by_capability(repo, outcome, &index);
        Views {
            repo,
            outcome,
            index,
            today,
            children,
            owned: crate::model::ownership::index(&repo.model),
            capability_findings,
        }
    }

    /// The findings that concern a capability: in its table, about it, or in its SOPs.
    pub fn capability_findings(&self, id: &str) -> &[usize] {
        self.capability_findings.get(id).map_or(&[], Vec::as_slice)
    }

    /// What `person` owns (nothing when they own nothing).
    pub fn owned(&self, person: &str) -> &Owned {
        static NOTHING: std::sync::OnceLock<Owned> = std::sync::OnceLock::new();
        self.owned
            .get(person)
            .unwrap_or_else(|| NOTHING.get_or_init(Owned::default))
    }

    /// A person by id: their name and page, or the bare id when unknown.
    pub fn person(&self, id: &str) -> Value {
        match self.repo.model.person(&self.index, id) {
            Some(p) => json!({
                "id": id,
                "name": p.display_name(),
                "url": urls::person_url(id),
            }),
            None => json!({"id": id, "name": id, "url": null}),
        }
    }

    pub fn owner(&self, owner: Option<&Sp<OwnerValue>>) -> Value {
        match owner.map(|o| &o.value) {
            Some(OwnerValue::One(id)) => self.person(id),
            Some(OwnerValue::Many(ids)) => {
                json!({"id": null, "name": ids.join(", "), "url": null, "shared": true})
            }
            None => Value::Null,
        }
    }

    pub fn capability(&self, id: &str) -> Value {
        match self
            .index
            .position(Kind::Capability, id)
            .map(|i| &self.repo.model.capabilities[i])
        {
            Some(c) => json!({
                "id": id,
                "name": c.display_name(),
                "url": urls::capability_url(id),
            }),
            None => json!({"id": id, "name": id, "url": null}),
        }
    }

    /// A date with how far it is from today, in words and as a CSS class.
    pub fn due(&self, date: Date) -> Value {
        let d = days(self.today, date);
        let label = relative(self.today, date);
        let class = if d < 0 {
            "due-overdue"
        } else if d <= 30 {
            "due-soon"
        } else {
            "due-later"
        };
        json!({"date": date.to_string(), "label": label, "class": class, "days": d})
    }

    pub fn goal(&self, goal: &Entity<Goal>) -> Value {
        let deadline = goal.deadline.as_ref().and_then(|d| d.value.get());
        let milestones: Vec<Value> = goal
            .milestone
            .iter()
            .map(|m| {
                json!({
                    "title": m.title.as_ref().map(|t| t.value.as_str()),
                    "due": m.due.as_ref().and_then(|d| d.value.get()).map(|d| self.due(d)),
                    "done": m.done,
                })
            })
            .collect();
        let done = goal.milestone.iter().filter(|m| m.done).count();
        let children: Vec<Value> = self
            .children
            .get(goal.id.value.as_str())
            .into_iter()
            .flatten()
            .map(|&i| &self.repo.model.goals[i])
            .map(|g| json!({"id": g.id.value, "title": title_of(g)}))
            .collect();
        let parent = goal.parent.as_ref().map(|p| {
            let title = self
                .repo
                .model
                .goal(&self.index, &p.value)
                .map_or(p.value.as_str(), |g| title_of(g));
            json!({"id": p.value, "title": title})
        });
        json!({
            "id": goal.id.value,
            "title": title_of(goal),
            "horizon": goal.horizon().map(|h| match h { Horizon::Annual => "annual", Horizon::Quarter => "quarter" }),
            "status": status_word(goal.status()),
            "open": goal.is_open(),
            "owner": self.owner(goal.owner.as_ref()),
            "deadline": deadline.map(|d| self.due(d)),
            "overdue": goal.is_open() && deadline.is_some_and(|d| d < self.today),
            "metric": goal.metric.as_ref().map(|m| m.value.as_str()),
            "priority": goal.priority.as_ref().map(|p| p.value),
            "capability": goal.capability.as_ref().map(|c| self.capability(&c.value)),
            "parent": parent,
            "children": children,
            "milestones": milestones,
            "progress": {"done": done, "total": goal.milestone.len()},
            "contributors": goal.contributors.iter().map(|c| self.person(&c.value)).collect::<Vec<_>>(),
            "description": goal.description.as_ref().map(|d| d.value.as_str()),
        })
    }

    /// A page as a row of a list (a capability's SOPs, what a person owns): its title
    /// and URL, with the owner, capability and review badge under `meta`. Lighter
    /// than [`Views::page_meta`]: a large handbook lists every page this way.
    pub fn page_row(&self, page: &Page) -> Value {
        json!({
            "title": page.title,
            "url": urls::page_url(&page.path),
            "meta": {
                "owner": self.owner(page.meta.owner.as_ref()),
                "capability": page.meta.capability.as_ref().map(|c| self.capability(&c.value)),
                "review": self.review_badge(page),
            },
        })
    }

    /// The review badge of a page: its label, class, last review and due date.
    fn review_badge(&self, page: &Page) -> Option<Value> {
        self.repo
            .review_of(page)
            .map(|review| {
                let d = days(self.today, review.due);
                let last = match review.last_change {
                    Some(_) => format!("last changed {}", review.last),
                    None => format!("reviewed {}", review.last),
                };
                let (label, class) = if d < 0 {
                    (format!("review overdue by {} days", -d), "badge-bad")
                } else if d <= 30 {
                    (format!("review due in {d} days"), "badge-warn")
                } else {
                    (format!("{last}; next review in {d} days"), "badge-ok")
                };
                json!({"label": label, "class": class, "last": review.last.to_string(), "due": review.due.to_string()})
            })
    }

    /// Who owns a page, what it documents, when it is due for review, and its history.
    pub fn page_meta(&self, page: &Page) -> Value {
        let meta = &page.meta;
        let history = self.repo.history.as_deref();
        let review = self.review_badge(page);
        let change = |c: &crate::history::Change| json!({"date": c.date.to_string(), "author": c.author, "commit": c.commit});
        let page_history = history.and_then(|h| {
            let file = h.file(&page.path)?;
            Some(json!({
                "created": file.created.as_ref().map(change),
                "last_changed": file.last_changed.as_ref().map(change),
                "contributors": file.contributors,
                "shallow_before": h.shallow_before.map(|d| d.to_string()),
            }))
        });
        let edit_url = self
            .repo
            .config
            .site
            .edit_url
            .as_ref()
            .map(|u| u.replace("{path}", &urls::percent_encode_path(&page.path)));
        json!({
            "owner": self.owner(meta.owner.as_ref()),
            "capability": meta.capability.as_ref().map(|c| self.capability(&c.value)),
            "review": review,
            "history": page_history,
            "status": match page.status() { PageStatus::Draft => "draft", PageStatus::Active => "active", PageStatus::Retired => "retired" },
            "tags": meta.tags.iter().map(|t| t.value.as_str()).collect::<Vec<_>>(),
            "edit_url": edit_url,
            "description": meta.description.as_ref().map(|d| d.value.as_str()),
            "path": page.path,
        })
    }

    pub fn kpi(&self, kpi: &Entity<Kpi>) -> Value {
        let newest = kpi.newest_reading();
        json!({
            "id": kpi.id.value,
            "name": kpi.display_name(),
            "owner": self.owner(kpi.owner.as_ref()),
            "capability": kpi.capability.as_ref().map(|c| self.capability(&c.value)),
            "unit": kpi.unit.as_ref().map(|u| u.value.as_str()),
            "target": kpi.target.as_ref().map(|t| fmt_value(t.value)),
            "direction": kpi.direction.as_ref().map(|d| d.value.raw.as_str()),
            "cadence": kpi.cadence.as_ref().map(|c| c.value.raw.as_str()),
            "latest": newest.map(|(d, v)| json!({"date": d.to_string(), "value": fmt_value(v)})),
            "on_target": newest.and_then(|(_, v)| kpi.on_target(v)),
            "description": kpi.description.as_ref().map(|d| d.value.as_str()),
        })
    }

    /// A finding with a link to the page that shows what it is about.
    pub fn finding(&self, finding: &crate::finding::Finding) -> Value {
        let file = self.repo.file(finding.location.file);
        let (start, _) = file.locate(&finding.location.span);
        let url = if let Some(i) = self.index.page(&file.path) {
            Some(urls::page_url(&self.repo.model.pages[i].path))
        } else {
            match self
                .index
                .entity_at(finding.location.file, finding.location.span.start)
            {
                Some((Kind::Capability, id)) => Some(urls::capability_url(id)),
                Some((Kind::Person, id)) => Some(urls::person_url(id)),
                Some((Kind::Goal, id)) => Some(format!("goals.html#goal-{id}")),
                Some((Kind::Kpi, id)) => Some(format!("kpis.html#kpi-{id}")),
                Some((Kind::Offering, id)) => Some(format!("offerings.html#offering-{id}")),
                Some((Kind::Cadence, id)) => Some(format!("cadences.html#cadence-{id}")),
                Some((Kind::Team, id)) => Some(format!("people.html#team-{id}")),
                None => None,
            }
        };
        json!({
            "rule": finding.rule,
            "level": finding.level.as_str(),
            "message": finding.message,
            "help": finding.help,
            "file": file.path,
            "line": start.line,
            "url": url,
        })
    }
}

pub fn title_of(goal: &Goal) -> &str {
    goal.title
        .as_ref()
        .map_or(goal.id.value.as_str(), |t| t.value.as_str())
}

fn status_word(status: GoalStatus) -> &'static str {
    match status {
        GoalStatus::Planned => "planned",
        GoalStatus::Active => "active",
        GoalStatus::Done => "done",
        GoalStatus::Dropped => "dropped",
    }
}
