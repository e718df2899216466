//! The checks behind each category of the Execution Score, counted from the model.

use std::collections::HashSet;

use jiff::civil::Date;

use super::Check;
use crate::load::Repository;
use crate::model::entities::{GoalStatus, Horizon, KpiCadence, PageStatus};
use crate::model::ownership::owner_id;
use crate::model::value::{OwnerValue, Period, Sp, days};
use crate::model::{Index, Kind, Model};

/// The model, its index and the day, shared by every category.
pub struct Facts<'a> {
    repo: &'a Repository,
    model: &'a Model,
    index: Index,
    today: Date,
}

impl<'a> Facts<'a> {
    pub fn new(repo: &'a Repository, today: Date) -> Self {
        Facts {
            repo,
            model: &repo.model,
            index: repo.model.index(),
            today,
        }
    }

    /// One owner who is a known person: what every rule about owners asks for.
    fn owned(&self, owner: Option<&Sp<OwnerValue>>) -> bool {
        owner_id(owner).is_some_and(|id| self.index.position(Kind::Person, id).is_some())
    }

    pub fn clarity(&self) -> Vec<Check> {
        let open: Vec<_> = self.model.goals.iter().filter(|g| g.is_open()).collect();
        if open.is_empty() {
            return Vec::new();
        }
        let with_metric = open
            .iter()
            .filter(|g| {
                g.metric
                    .as_ref()
                    .is_some_and(|m| !m.value.trim().is_empty())
            })
            .count();
        let with_horizon = open.iter().filter(|g| g.horizon().is_some()).count();
        let quarter: Vec<_> = open
            .iter()
            .filter(|g| g.horizon() == Some(Horizon::Quarter))
            .collect();
        let aligned = quarter
            .iter()
            .filter(|g| {
                g.parent
                    .as_ref()
                    .is_some_and(|p| self.index.position(Kind::Goal, &p.value).is_some())
            })
            .count();
        let vision = self
            .repo
            .config
            .org
            .vision
            .as_ref()
            .is_some_and(|v| !v.trim().is_empty());
        vec![
            Check::count(
                "open goals with a success metric",
                with_metric,
                open.len(),
                "open goals",
                "have no success metric",
            ),
            Check::count(
                "open goals with a horizon",
                with_horizon,
                open.len(),
                "open goals",
                "have no horizon",
            ),
            Check::count(
                "open quarter goals that serve another goal",
                aligned,
                quarter.len(),
                "open quarter goals",
                "serve no other goal",
            ),
            Check::holds(
                "a vision in opsctl.toml",
                vision,
                "no vision is written down ([org] vision)",
            ),
        ]
    }

    pub fn communication(&self) -> Vec<Check> {
        let cadences = &self.model.cadences;
        if cadences.is_empty() {
            return Vec::new();
        }
        let owned = cadences
            .iter()
            .filter(|c| self.owned(c.owner.as_ref()))
            .count();
        let attended = cadences
            .iter()
            .filter(|c| {
                !c.attendees.is_empty()
                    && c.attendees
                        .iter()
                        .all(|a| self.index.position(Kind::Person, &a.value).is_some())
            })
            .count();
        let documented = cadences
            .iter()
            .filter(|c| {
                c.sop
                    .as_ref()
                    .is_some_and(|s| self.index.page(s.value.trim_start_matches("./")).is_some())
            })
            .count();
        let weekly = cadences.iter().any(|c| {
            matches!(
                c.every.as_ref().and_then(|e| e.value.period),
                Some(Period::Days(1..=7) | Period::Weeks(1))
            )
        });
        let n = cadences.len();
        vec![
            Check::count(
                "cadences with one known owner",
                owned,
                n,
                "cadences",
                "have no single known owner",
            ),
            Check::count(
                "cadences with known attendees",
                attended,
                n,
                "cadences",
                "have no attendees or an unknown one",
            ),
            Check::count(
                "cadences documented by a page",
                documented,
                n,
                "cadences",
                "are not documented by an existing page (sop)",
            ),
            Check::holds(
                "a review at least weekly",
                weekly,
                "no cadence reviews the plan at least weekly",
            ),
        ]
    }

    pub fn accountability(&self) -> Vec<Check> {
        // Every outcome: goals that are not dropped, and retro actions.
        struct Outcome {
            owned: bool,
            open: bool,
            due: Option<Date>,
        }
        let mut outcomes: Vec<Outcome> = Vec::new();
        for goal in &self.model.goals {
            if goal.status() == GoalStatus::Dropped {
                continue;
            }
            outcomes.push(Outcome {
                owned: self.owned(goal.owner.as_ref()),
                open: goal.is_open(),
                due: goal.deadline.as_ref().and_then(|d| d.value.get()),
            });
        }
        for page in &self.model.pages {
            for action in &page.meta.action {
                outcomes.push(Outcome {
                    owned: self.owned(action.owner.as_ref()),
                    open: !action.done,
                    due: action.due.as_ref().and_then(|d| d.value.get()),
                });
            }
        }
        if outcomes.is_empty() {
            return Vec::new();
        }
        let owned = outcomes.iter().filter(|o| o.owned).count();
        let open: Vec<&Outcome> = outcomes.iter().filter(|o| o.open).collect();
        let dated = open.iter().filter(|o| o.due.is_some()).count();
        let on_time = open
            .iter()
            .filter(|o| o.due.is_none_or(|d| d >= self.today))
            .count();
        vec![
            Check::count(
                "outcomes with one known owner",
                owned,
                outcomes.len(),
                "goals and retro actions",
                "have no single known owner",
            ),
            Check::count(
                "open outcomes with a deadline",
                dated,
                open.len(),
                "open goals and actions",
                "have no deadline",
            ),
            Check::count(
                "open outcomes not overdue",
                on_time,
                open.len(),
                "open goals and actions",
                "are overdue",
            ),
        ]
    }

    pub fn systems(&self) -> Vec<Check> {
        let capabilities = &self.model.capabilities;
        if capabilities.is_empty() {
            return Vec::new();
        }
        let sops: Vec<_> = self
            .model
            .pages
            .iter()
            .filter(|p| p.capability().is_some() && p.status() != PageStatus::Retired)
            .collect();
        let documented: HashSet<&str> = sops.iter().filter_map(|p| p.capability()).collect();
        let owned = capabilities
            .iter()
            .filter(|c| self.owned(c.owner.as_ref()))
            .count();
        let with_sop = capabilities
            .iter()
            .filter(|c| documented.contains(c.id.value.as_str()))
            .count();
        let fresh = sops
            .iter()
            .filter(|p| self.repo.review_of(p).is_some_and(|r| r.due >= self.today))
            .count();
        vec![
            Check::count(
                "capabilities with one known owner",
                owned,
                capabilities.len(),
                "capabilities",
                "have no single known owner",
            ),
            Check::count(
                "capabilities with an SOP",
                with_sop,
                capabilities.len(),
                "capabilities",
                "have no SOP",
            ),
            Check::count(
                "SOPs reviewed on time",
                fresh,
                sops.len(),
                "SOPs",
                "are past their review date or were never reviewed",
            ),
        ]
    }

    pub fn measurement(&self) -> Vec<Check> {
        let kpis = &self.model.kpis;
        if kpis.is_empty() {
            return Vec::new();
        }
        let targeted = kpis
            .iter()
            .filter(|k| {
                k.target.is_some()
                    && k.direction
                        .as_ref()
                        .is_some_and(|d| d.value.value.is_some())
            })
            .count();
        let current = kpis
            .iter()
            .filter(|k| {
                // Without a cadence a reading stays current for a quarter, the longest cadence.
                let cadence = k
                    .cadence
                    .as_ref()
                    .and_then(|c| c.value.value)
                    .unwrap_or(KpiCadence::Quarterly);
                let newest = k.readings.iter().filter_map(|r| r.date.value.get()).max();
                newest.is_some_and(|d| days(d, self.today) <= crate::check::allowed_age(cadence))
            })
            .count();
        let measured: HashSet<&str> = kpis
            .iter()
            .filter_map(|k| k.capability.as_ref().map(|c| c.value.as_str()))
            .collect();
        let capabilities = &self.model.capabilities;
        let with_kpi = capabilities
            .iter()
            .filter(|c| measured.contains(c.id.value.as_str()))
            .count();
        vec![
            Check::count(
                "KPIs with a target and a direction",
                targeted,
                kpis.len(),
                "KPIs",
                "have no target or direction",
            ),
            Check::count(
                "KPIs with a current reading",
                current,
                kpis.len(),
                "KPIs",
                "have no current reading",
            ),
            Check::count(
                "capabilities with a KPI",
                with_kpi,
                capabilities.len(),
                "capabilities",
                "have no KPI",
            ),
        ]
    }
}
