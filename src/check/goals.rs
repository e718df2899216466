//! Rules about outcomes over time: deadlines, metrics, overdue goals and actions,
//! milestones, horizons, alignment, priorities and owner load.

use std::collections::HashMap;

use super::Cx;
use crate::finding::Finding;
use crate::model::entities::{Goal, GoalPeriod, Horizon};
use crate::model::value::days;
use crate::model::{Entity, ownership};

/// How far ahead a quarter (90-day) goal may end.
const QUARTER_DAYS: i32 = 92;

pub fn check(cx: &mut Cx) {
    let goals = &cx.model.goals;
    for goal in goals {
        deadline_and_metric(cx, goal);
        overdue(cx, goal);
        milestones(cx, goal);
        horizon(cx, goal);
    }
    priority_ties(cx);
    overload(cx);
    retro_actions(cx);
}

fn deadline_and_metric(cx: &mut Cx, goal: &Entity<Goal>) {
    let id = &goal.id;
    if goal.is_open() && goal.deadline.is_none() {
        cx.push(
            Finding::new(
                "missing-deadline",
                cx.at(goal.file, &id.span),
                format!("goal `{}` has no deadline", id.value),
            )
            .help("add `deadline = YYYY-MM-DD`: by when will it be done?")
            .subject(id.value.clone()),
        );
    }
    let metric_missing = goal
        .metric
        .as_ref()
        .is_none_or(|m| m.value.trim().is_empty());
    if metric_missing {
        cx.push(
            Finding::new("missing-metric", cx.at(goal.file, &id.span), format!("goal `{}` has no success metric", id.value))
                .help("add `metric = \"…\"`: how will we know it is done? (a number and where it is read)")
                .subject(id.value.clone()),
        );
    }
}

fn overdue(cx: &mut Cx, goal: &Entity<Goal>) {
    let Some(deadline) = &goal.deadline else {
        return;
    };
    let Some(date) = deadline.value.get() else {
        return;
    };
    if goal.is_open() && date < cx.today {
        let late = days(date, cx.today);
        cx.push(
            Finding::new(
                "goal-overdue",
                cx.at(goal.file, &deadline.span),
                format!(
                    "goal `{}` is {late} days overdue (deadline {date})",
                    goal.id.value
                ),
            )
            .help("mark it done or dropped, or move the deadline and say why in the commit message")
            .subject(goal.id.value.clone()),
        );
    }
}

fn milestones(cx: &mut Cx, goal: &Entity<Goal>) {
    let Some(deadline) = goal.deadline.as_ref().and_then(|d| d.value.get()) else {
        return;
    };
    for milestone in &goal.milestone {
        let Some(due) = &milestone.due else { continue };
        let Some(date) = due.value.get() else {
            continue;
        };
        if date > deadline {
            let title = milestone
                .title
                .as_ref()
                .map_or("a milestone", |t| t.value.as_str());
            let finding = Finding::new(
                "milestone-after-deadline",
                cx.at(goal.file, &due.span),
                format!(
                    "\"{title}\" is due {date}, {} days after goal `{}` ends ({deadline})",
                    days(deadline, date),
                    goal.id.value
                ),
            )
            .help("bring the milestone forward or move the goal's deadline")
            .subject(goal.id.value.clone());
            let finding = match &goal.deadline {
                Some(d) => finding.label(cx.at(goal.file, &d.span), "the goal's deadline"),
                None => finding,
            };
            cx.push(finding);
        }
    }
}

fn horizon(cx: &mut Cx, goal: &Entity<Goal>) {
    if goal.horizon() != Some(Horizon::Quarter) || !goal.is_open() {
        return;
    }
    let parent = goal
        .parent
        .as_ref()
        .and_then(|p| cx.model.goal(cx.index, &p.value));
    if let Some(deadline) = &goal.deadline {
        if let Some(date) = deadline.value.get() {
            let ahead = days(cx.today, date);
            if ahead > QUARTER_DAYS {
                cx.push(
                    Finding::new(
                        "horizon-exceeded",
                        cx.at(goal.file, &deadline.span),
                        format!("quarter goal `{}` ends in {ahead} days, beyond the 90-day horizon (92 days at most)", goal.id.value),
                    )
                    .help("make it an annual goal, or split it so this quarter's part ends within 92 days")
                    .subject(goal.id.value.clone()),
                );
            } else if let Some(parent) = parent {
                if let Some(parent_date) = parent.deadline.as_ref().and_then(|d| d.value.get()) {
                    if date > parent_date {
                        let mut finding = Finding::new(
                            "horizon-exceeded",
                            cx.at(goal.file, &deadline.span),
                            format!("goal `{}` ends {date}, after its parent `{}` ({parent_date})", goal.id.value, parent.id.value),
                        )
                        .help("a goal cannot finish after the goal it serves: move one of the deadlines")
                        .subject(goal.id.value.clone());
                        if let Some(d) = &parent.deadline {
                            finding =
                                finding.label(cx.at(parent.file, &d.span), "the parent's deadline");
                        }
                        cx.push(finding);
                    }
                }
            }
        }
    }
    let serves_annual = parent.is_some_and(|p| p.horizon() == Some(Horizon::Annual));
    let parent_unknown = goal.parent.is_some() && parent.is_none();
    if !serves_annual && !parent_unknown {
        let message = match parent {
            Some(p) => format!(
                "quarter goal `{}` serves `{}`, which is not an annual goal",
                goal.id.value, p.id.value
            ),
            None => format!("quarter goal `{}` serves no annual goal", goal.id.value),
        };
        cx.push(
            Finding::new("orphan-goal", cx.at(goal.file, &goal.id.span), message)
                .help("set `parent = \"<annual goal id>\"` to the annual goal it moves forward")
                .subject(goal.id.value.clone()),
        );
    }
}

fn priority_ties(cx: &mut Cx) {
    let mut seen: HashMap<(Horizon, i16, i8, i64), &Entity<Goal>> = HashMap::new();
    for goal in &cx.model.goals {
        if !goal.is_open() {
            continue;
        }
        let (Some(priority), Some(period)) = (&goal.priority, goal.period()) else {
            continue;
        };
        let GoalPeriod(horizon, year, quarter) = period;
        match seen.get(&(horizon, year, quarter, priority.value)) {
            None => {
                seen.insert((horizon, year, quarter, priority.value), goal);
            }
            Some(first) => {
                let mut finding = Finding::new(
                    "priority-tie",
                    cx.at(goal.file, &priority.span),
                    format!(
                        "goals `{}` and `{}` both have priority {} for {period}",
                        first.id.value, goal.id.value, priority.value
                    ),
                )
                .help("rank them: when everything is priority 1, nothing is")
                .subject(goal.id.value.clone());
                if let Some(p) = &first.priority {
                    finding = finding.label(cx.at(first.file, &p.span), "same rank here");
                }
                cx.push(finding);
            }
        }
    }
}

fn overload(cx: &mut Cx) {
    let max = cx.repo.config.max_open_goals();
    let mut overloaded: Vec<(&str, usize)> = ownership::index(cx.model)
        .into_iter()
        .map(|(id, owned)| (id, owned.open_goals(cx.model)))
        .filter(|(_, open)| ownership::is_overloaded(*open, max))
        .collect();
    overloaded.sort();
    for (id, count) in overloaded {
        let Some(person) = cx.model.person(cx.index, id) else {
            continue;
        };
        cx.push(
            Finding::new(
                "owner-overloaded",
                cx.at(person.file, &person.id.span),
                format!("`{id}` owns {count} open goals; the limit is {max}"),
            )
            .help("hand some goals to someone else, drop or finish some, or raise [check] max_open_goals_per_owner")
            .subject(id),
        );
    }
}

fn retro_actions(cx: &mut Cx) {
    for page in &cx.model.pages {
        for action in &page.meta.action {
            if action.done {
                continue;
            }
            let title = action
                .title
                .as_ref()
                .map_or("(untitled)", |t| t.value.as_str());
            let anchor = action.title.as_ref().map_or(0..0, |t| t.span.clone());
            match &action.due {
                None => cx.push(
                    Finding::new(
                        "missing-deadline",
                        cx.at(page.file, &anchor),
                        format!("retro action \"{title}\" has no due date"),
                    )
                    .help("add `due = YYYY-MM-DD` to the action"),
                ),
                Some(due) => {
                    if let Some(date) = due.value.get().filter(|d| *d < cx.today) {
                        cx.push(
                            Finding::new(
                                "action-overdue",
                                cx.at(page.file, &due.span),
                                format!(
                                    "retro action \"{title}\" is {} days overdue (due {date})",
                                    days(date, cx.today)
                                ),
                            )
                            .help("mark it `done = true`, or agree a new due date with its owner"),
                        );
                    }
                }
            }
        }
    }
}
