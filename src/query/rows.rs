//! The rows of each kind of listing: which things pass the filters, in what order,
//! and what is shown of them.

use std::collections::HashSet;

use jiff::civil::Date;
use serde_json::{Value, json};

use super::{Compiled, Context, Item, Kind};
use crate::model::Named;
use crate::model::entities::PageStatus;
use crate::model::ownership::{is_overloaded, owner_id};
use crate::model::value::{Choices, OwnerValue, Sp, relative};
use crate::site::svg::{fmt_value, with_unit};
use crate::table::Tone;

type Rows = (&'static [&'static str], usize, Vec<Item>);

pub(super) fn rows(cx: &Context, kind: Kind, f: &Compiled) -> Rows {
    match kind {
        Kind::Goals => goals(cx, f),
        Kind::Kpis => kpis(cx, f),
        Kind::Pages => pages(cx, f, false),
        Kind::Sops => pages(cx, f, true),
        Kind::Capabilities => capabilities(cx, f),
        Kind::Offerings => offerings(cx, f),
        Kind::Cadences => cadences(cx, f),
        Kind::People => people(cx),
    }
}

/// The owner as written: one id, ids joined (shared ownership), or nothing.
fn owner_text(owner: Option<&Sp<OwnerValue>>) -> String {
    match owner.map(|o| &o.value) {
        Some(OwnerValue::One(id)) => id.clone(),
        Some(OwnerValue::Many(ids)) => ids.join(", "),
        None => String::new(),
    }
}

fn owner_json(owner: Option<&Sp<OwnerValue>>) -> Value {
    owner.map_or(Value::Null, |o| match &o.value {
        OwnerValue::One(id) => json!(id),
        OwnerValue::Many(ids) => json!(ids),
    })
}

fn owned_by(f: &Compiled, owner: Option<&Sp<OwnerValue>>) -> bool {
    f.owner
        .as_deref()
        .is_none_or(|wanted| owner_id(owner) == Some(wanted))
}

fn of_capability(f: &Compiled, capability: Option<&str>) -> bool {
    f.capability
        .as_deref()
        .is_none_or(|wanted| capability == Some(wanted))
}

/// "2026-12-31 (in 40 days)".
fn dated(today: Date, date: Date) -> String {
    format!("{date} ({})", relative(today, date))
}

fn text(value: Option<&Sp<String>>) -> Option<&str> {
    value.map(|v| v.value.as_str())
}

fn goals(cx: &Context, f: &Compiled) -> Rows {
    let today = cx.today;
    let mut goals: Vec<_> = cx
        .repo
        .model
        .goals
        .iter()
        .filter(|g| {
            let deadline = g.deadline.as_ref().and_then(|d| d.value.get());
            owned_by(f, g.owner.as_ref())
                && of_capability(f, text(g.capability.as_ref()))
                && f.goal_status
                    .as_ref()
                    .is_none_or(|s| s.contains(&g.status()))
                && f.horizon.is_none_or(|h| g.horizon() == Some(h))
                && (!f.overdue || (g.is_open() && deadline.is_some_and(|d| d < today)))
                && f.due_by
                    .is_none_or(|by| g.is_open() && deadline.is_some_and(|d| d >= today && d <= by))
        })
        .collect();
    goals.sort_by_key(|g| {
        let deadline = g.deadline.as_ref().and_then(|d| d.value.get());
        (
            !g.is_open(),
            deadline.is_none(),
            deadline,
            g.priority.as_ref().map_or(i64::MAX, |p| p.value),
            g.id.value.clone(),
        )
    });
    let items = goals
        .into_iter()
        .map(|g| {
            let deadline = g.deadline.as_ref().and_then(|d| d.value.get());
            let overdue = g.is_open() && deadline.is_some_and(|d| d < today);
            let tone = if overdue {
                Tone::Bad
            } else if !g.is_open() {
                Tone::Muted
            } else {
                Tone::Plain
            };
            let due = match deadline {
                Some(d) if g.is_open() => relative(today, d),
                _ => String::new(),
            };
            let milestones: Vec<Value> = g
                .milestone
                .iter()
                .map(|m| json!({"title": text(m.title.as_ref()), "due": m.due.as_ref().map(|d| d.value.raw.as_str()), "done": m.done}))
                .collect();
            Item {
                cells: vec![
                    g.id.value.clone(),
                    g.display_name().to_string(),
                    owner_text(g.owner.as_ref()),
                    g.horizon().map_or("", |h| h.name()).to_string(),
                    g.status().name().to_string(),
                    deadline.map_or(String::new(), |d| d.to_string()),
                    due,
                ],
                tone,
                json: json!({
                    "id": g.id.value,
                    "title": g.display_name(),
                    "owner": owner_json(g.owner.as_ref()),
                    "horizon": g.horizon().map(|h| h.name()),
                    "status": g.status().name(),
                    "deadline": deadline.map(|d| d.to_string()),
                    "days_left": deadline.map(|d| crate::model::value::days(today, d)),
                    "overdue": overdue,
                    "priority": g.priority.as_ref().map(|p| p.value),
                    "capability": text(g.capability.as_ref()),
                    "parent": text(g.parent.as_ref()),
                    "metric": text(g.metric.as_ref()),
                    "milestones": milestones,
                    "file": cx.repo.file(g.file).path,
                }),
            }
        })
        .collect();
    (
        &[
            "ID", "TITLE", "OWNER", "HORIZON", "STATUS", "DEADLINE", "DUE",
        ],
        1,
        items,
    )
}

fn kpis(cx: &Context, f: &Compiled) -> Rows {
    let today = cx.today;
    let mut kpis: Vec<_> = cx
        .repo
        .model
        .kpis
        .iter()
        .filter(|k| {
            owned_by(f, k.owner.as_ref())
                && of_capability(f, text(k.capability.as_ref()))
                && (!f.stale || crate::check::kpi_is_stale(k, today))
        })
        .collect();
    kpis.sort_by(|a, b| a.id.value.cmp(&b.id.value));
    let items = kpis
        .into_iter()
        .map(|k| {
            let unit = text(k.unit.as_ref()).unwrap_or("");
            let stale = crate::check::kpi_is_stale(k, today);
            let newest = k.newest_reading();
            let on_target = newest.and_then(|(_, v)| k.on_target(v));
            let direction = k.direction.as_ref().and_then(|d| d.value.value);
            let target = k.target.as_ref().map(|t| {
                let sign = match direction.map(|d| d.name()) {
                    Some("up") => "≥ ",
                    Some("down") => "≤ ",
                    _ => "",
                };
                format!("{sign}{}", with_unit(&fmt_value(t.value), unit))
            });
            let (state, tone) = match (newest, stale, on_target) {
                (None, _, _) => ("no readings", Tone::Bad),
                (_, true, _) => ("stale", Tone::Bad),
                (_, _, Some(true)) => ("on target", Tone::Plain),
                (_, _, Some(false)) => ("off target", Tone::Warn),
                _ => ("", Tone::Plain),
            };
            Item {
                cells: vec![
                    k.id.value.clone(),
                    k.display_name().to_string(),
                    owner_text(k.owner.as_ref()),
                    text(k.capability.as_ref()).unwrap_or("").to_string(),
                    target.clone().unwrap_or_default(),
                    newest.map_or(String::new(), |(_, v)| with_unit(&fmt_value(v), unit)),
                    newest.map_or(String::new(), |(d, _)| d.to_string()),
                    state.to_string(),
                ],
                tone,
                json: json!({
                    "id": k.id.value,
                    "name": k.display_name(),
                    "owner": owner_json(k.owner.as_ref()),
                    "capability": text(k.capability.as_ref()),
                    "unit": k.unit.as_ref().map(|u| u.value.as_str()),
                    "target": k.target.as_ref().map(|t| t.value),
                    "direction": direction.map(|d| d.name()),
                    "cadence": k.cadence.as_ref().map(|c| c.value.raw.as_str()),
                    "latest": newest.map(|(d, v)| json!({"date": d.to_string(), "value": v})),
                    "on_target": on_target,
                    "stale": stale,
                    "file": cx.repo.file(k.file).path,
                }),
            }
        })
        .collect();
    (
        &[
            "ID",
            "NAME",
            "OWNER",
            "CAPABILITY",
            "TARGET",
            "LATEST",
            "READ",
            "STATE",
        ],
        1,
        items,
    )
}

fn pages(cx: &Context, f: &Compiled, sops_only: bool) -> Rows {
    let today = cx.today;
    let mut pages: Vec<_> = cx
        .repo
        .model
        .pages
        .iter()
        .filter(|p| {
            let due = cx.repo.review_of(p).map(|r| r.due);
            let live = p.status() != PageStatus::Retired;
            (!sops_only || p.capability().is_some())
                && owned_by(f, p.meta.owner.as_ref())
                && of_capability(f, p.capability())
                && f.page_status.is_none_or(|s| p.status() == s)
                && (!f.stale || (live && due.is_some_and(|d| d < today)))
                && f.due_by
                    .is_none_or(|by| live && due.is_some_and(|d| d >= today && d <= by))
        })
        .collect();
    pages.sort_by(|a, b| a.path.cmp(&b.path));
    let items = pages
        .into_iter()
        .map(|p| {
            let review = cx.repo.review_of(p).map(|r| (r.last, r.due));
            let live = p.status() != PageStatus::Retired;
            let stale = live && review.is_some_and(|(_, due)| due < today);
            let tone = if stale {
                Tone::Bad
            } else if !live {
                Tone::Muted
            } else {
                Tone::Plain
            };
            let kind = p
                .meta
                .kind
                .as_ref()
                .and_then(|k| k.value.value)
                .map(|k| k.name())
                .unwrap_or(if p.capability().is_some() {
                    "sop"
                } else {
                    "page"
                });
            Item {
                cells: vec![
                    p.path.clone(),
                    p.title.clone(),
                    owner_text(p.meta.owner.as_ref()),
                    p.capability().unwrap_or("").to_string(),
                    p.status().name().to_string(),
                    review.map_or(String::new(), |(_, due)| dated(today, due)),
                ],
                tone,
                json: json!({
                    "path": p.path,
                    "title": p.title,
                    "kind": kind,
                    "owner": owner_json(p.meta.owner.as_ref()),
                    "capability": p.capability(),
                    "status": p.status().name(),
                    "last_reviewed": review.map(|(last, _)| last.to_string()),
                    "review_due": review.map(|(_, due)| due.to_string()),
                    "stale": stale,
                    "tags": p.meta.tags.iter().map(|t| t.value.as_str()).collect::<Vec<_>>(),
                }),
            }
        })
        .collect();
    (
        &[
            "PATH",
            "TITLE",
            "OWNER",
            "CAPABILITY",
            "STATUS",
            "REVIEW DUE",
        ],
        1,
        items,
    )
}

fn capabilities(cx: &Context, f: &Compiled) -> Rows {
    let model = &cx.repo.model;
    let items = model
        .capabilities
        .iter()
        .filter(|c| owned_by(f, c.owner.as_ref()))
        .map(|c| {
            let id = c.id.value.as_str();
            let sops: Vec<&str> = model
                .pages
                .iter()
                .filter(|p| p.capability() == Some(id) && p.status() != PageStatus::Retired)
                .map(|p| p.path.as_str())
                .collect();
            let kpis: Vec<&str> = model
                .kpis
                .iter()
                .filter(|k| text(k.capability.as_ref()) == Some(id))
                .map(|k| k.id.value.as_str())
                .collect();
            let offerings: Vec<&str> = model
                .offerings
                .iter()
                .filter(|o| o.requires.iter().any(|r| r.value == id))
                .map(|o| o.id.value.as_str())
                .collect();
            Item {
                cells: vec![
                    id.to_string(),
                    c.display_name().to_string(),
                    text(c.kind.as_ref()).unwrap_or("").to_string(),
                    owner_text(c.owner.as_ref()),
                    sops.len().to_string(),
                    kpis.len().to_string(),
                    offerings.len().to_string(),
                ],
                tone: if sops.is_empty() || kpis.is_empty() {
                    Tone::Warn
                } else {
                    Tone::Plain
                },
                json: json!({
                    "id": id,
                    "name": c.display_name(),
                    "kind": text(c.kind.as_ref()),
                    "owner": owner_json(c.owner.as_ref()),
                    "sops": sops,
                    "kpis": kpis,
                    "offerings": offerings,
                    "file": cx.repo.file(c.file).path,
                }),
            }
        })
        .collect();
    (
        &["ID", "NAME", "KIND", "OWNER", "SOPS", "KPIS", "OFFERINGS"],
        1,
        items,
    )
}

fn offerings(cx: &Context, f: &Compiled) -> Rows {
    let items = cx
        .repo
        .model
        .offerings
        .iter()
        .filter(|o| {
            owned_by(f, o.owner.as_ref())
                && f.capability
                    .as_deref()
                    .is_none_or(|c| o.requires.iter().any(|r| r.value == c))
        })
        .map(|o| {
            let requires: Vec<&str> = o.requires.iter().map(|r| r.value.as_str()).collect();
            Item {
                cells: vec![
                    o.id.value.clone(),
                    o.display_name().to_string(),
                    owner_text(o.owner.as_ref()),
                    requires.join(", "),
                ],
                tone: Tone::Plain,
                json: json!({
                    "id": o.id.value,
                    "name": o.display_name(),
                    "owner": owner_json(o.owner.as_ref()),
                    "requires": requires,
                    "file": cx.repo.file(o.file).path,
                }),
            }
        })
        .collect();
    (&["ID", "NAME", "OWNER", "REQUIRES"], 1, items)
}

fn cadences(cx: &Context, f: &Compiled) -> Rows {
    let items = cx
        .repo
        .model
        .cadences
        .iter()
        .filter(|c| owned_by(f, c.owner.as_ref()))
        .map(|c| {
            let attendees: Vec<&str> = c.attendees.iter().map(|a| a.value.as_str()).collect();
            Item {
                cells: vec![
                    c.id.value.clone(),
                    c.display_name().to_string(),
                    c.every
                        .as_ref()
                        .map_or(String::new(), |e| e.value.raw.clone()),
                    owner_text(c.owner.as_ref()),
                    attendees.len().to_string(),
                    text(c.sop.as_ref()).unwrap_or("").to_string(),
                ],
                tone: Tone::Plain,
                json: json!({
                    "id": c.id.value,
                    "name": c.display_name(),
                    "every": c.every.as_ref().map(|e| e.value.raw.as_str()),
                    "owner": owner_json(c.owner.as_ref()),
                    "attendees": attendees,
                    "sop": text(c.sop.as_ref()),
                    "file": cx.repo.file(c.file).path,
                }),
            }
        })
        .collect();
    (
        &["ID", "NAME", "EVERY", "OWNER", "ATTENDEES", "SOP"],
        1,
        items,
    )
}

fn people(cx: &Context) -> Rows {
    let model = &cx.repo.model;
    let max = cx.repo.config.max_open_goals();
    let none = crate::model::ownership::Owned::default();
    let mut seen = HashSet::new();
    let items = model
        .people
        .iter()
        .filter(|p| seen.insert(p.id.value.as_str()))
        .map(|p| {
            let owned = cx.owned.get(p.id.value.as_str()).unwrap_or(&none);
            let open = owned.open_goals(model);
            let overloaded = is_overloaded(open, max);
            Item {
                cells: vec![
                    p.id.value.clone(),
                    p.display_name().to_string(),
                    text(p.team.as_ref()).unwrap_or("").to_string(),
                    text(p.role.as_ref()).unwrap_or("").to_string(),
                    text(p.github.as_ref()).unwrap_or("").to_string(),
                    owned.total().to_string(),
                    format!("{open}/{max}"),
                ],
                tone: if overloaded { Tone::Bad } else { Tone::Plain },
                json: json!({
                    "id": p.id.value,
                    "name": p.display_name(),
                    "team": text(p.team.as_ref()),
                    "role": text(p.role.as_ref()),
                    "email": text(p.email.as_ref()),
                    "github": text(p.github.as_ref()),
                    "owns": owned.total(),
                    "open_goals": open,
                    "overloaded": overloaded,
                    "file": cx.repo.file(p.file).path,
                }),
            }
        })
        .collect();
    (
        &["ID", "NAME", "TEAM", "ROLE", "GITHUB", "OWNS", "OPEN GOALS"],
        1,
        items,
    )
}
