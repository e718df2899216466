//! The generated pages (home, goals, cadences, findings and those of the catalogue,
//! people and tags modules), rendered side by side.

use std::collections::BTreeMap;

use minijinja::Value;
use rayon::prelude::*;

use super::catalog::{capabilities, capability_page, kpis, offerings};
use super::people::{people, person_page};
use super::record::{list, record};
use super::views::{Views, title_of, within};
use super::{Site, jinja, urls};
use crate::finding::Level;
use crate::model::entities::{Goal, GoalPeriod, Horizon, PageStatus};
use crate::model::{Kind, Named};

/// Renders every generated page and hands each to `keep` (with its URL) as soon as
/// it is made: a build writes it and lets it go (the big ones are megabytes), serve
/// keeps it in memory.
pub fn render_all<T: Send>(
    site: &Site,
    pages: &[(usize, String)],
    keep: impl Fn(String, Vec<u8>) -> Result<T, String> + Sync,
) -> Result<Vec<T>, String> {
    type Job<'s> = Box<dyn Fn() -> Result<String, String> + Send + Sync + 's>;
    let mut jobs: Vec<(String, Job)> = vec![
        ("index.html".into(), Box::new(|| home(site, pages))),
        ("goals.html".into(), Box::new(|| goals(site))),
        ("capabilities.html".into(), Box::new(|| capabilities(site))),
        ("offerings.html".into(), Box::new(|| offerings(site))),
        ("people.html".into(), Box::new(|| people(site))),
        ("kpis.html".into(), Box::new(|| kpis(site))),
        ("cadences.html".into(), Box::new(|| cadences(site))),
        ("findings.html".into(), Box::new(|| findings(site))),
        ("tags.html".into(), Box::new(|| super::tags::page(site))),
    ];
    for capability in &site.views.repo.model.capabilities {
        let url = urls::capability_url(&capability.id.value);
        let id = capability.id.value.as_str();
        let page_url = url.clone();
        jobs.push((url, Box::new(move || capability_page(site, id, &page_url))));
    }
    for person in &site.views.repo.model.people {
        let url = urls::person_url(&person.id.value);
        let id = person.id.value.as_str();
        let page_url = url.clone();
        jobs.push((url, Box::new(move || person_page(site, id, &page_url))));
    }
    jobs.par_iter()
        .map(|(url, job)| {
            if site.keeps(url) {
                return keep(url.clone(), Vec::new());
            }
            keep(url.clone(), job()?.into_bytes())
        })
        .collect()
}

fn home(site: &Site, pages: &[(usize, String)]) -> Result<String, String> {
    let views = &site.views;
    let model = &views.repo.model;
    let today = views.today;
    let mut open: Vec<(usize, _)> = (model.goals.iter().enumerate())
        .filter(|(_, g)| g.is_open())
        .collect();
    // The nearest period first (this year before next), then by rank.
    open.sort_by_key(|(_, g)| {
        let deadline = g.deadline.as_ref().and_then(|d| d.value.get());
        let quarter = |d: jiff::civil::Date| {
            if g.horizon() == Some(Horizon::Quarter) {
                (d.month() - 1) / 3
            } else {
                0
            }
        };
        let period = deadline.map(|d| (d.year(), quarter(d)));
        (
            period.is_none(),
            period,
            g.priority.as_ref().map_or(i64::MAX, |p| p.value),
            deadline,
        )
    });
    let top = |horizon: Horizon| -> Value {
        list(
            open.iter()
                .filter(|(_, g)| g.horizon() == Some(horizon))
                .take(5)
                .map(|&(i, _)| views.goal(i)),
        )
    };
    // Each item with its date, to sort by.
    let item = |what: &str, title: &str, owner: Value, date: jiff::civil::Date, url: Value| {
        let item = record! {"what" => what, "title" => title, "owner" => owner, "due" => views.due(date), "url" => url, "sort" => date.to_string()};
        (date, item)
    };
    let mut overdue = Vec::new();
    let mut upcoming = Vec::new();
    for (i, goal) in model.goals.iter().enumerate() {
        if !goal.is_open() {
            continue;
        }
        let owner = views.owner(goal.owner.as_ref());
        let anchor = views.anchor(Kind::Goal, i, &goal.id.value);
        let link = Value::from(format!("goals.html#goal-{anchor}"));
        if let Some(date) = goal.deadline.as_ref().and_then(|d| d.value.get()) {
            let item = item("Goal", title_of(goal), owner.clone(), date, link.clone());
            if date < today {
                overdue.push(item);
            } else if within(today, date, 30) {
                upcoming.push(item);
            }
        }
        for milestone in goal.milestone.iter().filter(|m| !m.done) {
            if let Some(date) = milestone.due.as_ref().and_then(|d| d.value.get()) {
                if date >= today && within(today, date, 30) {
                    let title = milestone
                        .title
                        .as_ref()
                        .map_or("Milestone", |t| t.value.as_str());
                    let title = format!("{title} ({})", title_of(goal));
                    upcoming.push(item("Milestone", &title, owner.clone(), date, link.clone()));
                }
            }
        }
    }
    for (i, page) in model.pages.iter().enumerate() {
        for action in page.meta.action.iter().filter(|a| !a.done) {
            let Some(date) = action.due.as_ref().and_then(|d| d.value.get()) else {
                continue;
            };
            let title = action.title.as_ref().map_or("Action", |t| t.value.as_str());
            let owner = views.owner(action.owner.as_ref());
            let item = item("Retro action", title, owner, date, views.page_url(i));
            if date < today {
                overdue.push(item);
            } else if within(today, date, 30) {
                upcoming.push(item);
            }
        }
    }
    // Stable, like the sort by the date's text it replaces.
    overdue.sort_by_key(|(date, _)| *date);
    upcoming.sort_by_key(|(date, _)| *date);
    let items = |items: Vec<(jiff::civil::Date, Value)>| list(items.into_iter().map(|(_, v)| v));
    let welcome = pages
        .iter()
        .find(|(_, url)| url == "index.html")
        .map(|(i, _)| site.rendered_body(&model.pages[*i], "").html);
    let sops = model
        .pages
        .iter()
        .filter(|p| p.capability().is_some() && p.status() != PageStatus::Retired)
        .count();
    let data = record! {
        "priorities" => record! {"annual" => top(Horizon::Annual), "quarter" => top(Horizon::Quarter)},
        "overdue" => items(overdue),
        "upcoming" => items(upcoming),
        "recent" => recently_updated(views, pages, RECENT_PAGES),
        "tags" => super::tags::most_used(site),
        "welcome" => welcome,
        "score" => jinja(&super::score::view(site)),
        "counts" => record! {
            "open_goals" => open.len(),
            "capabilities" => model.capabilities.len(),
            "sops" => sops,
            "kpis" => model.kpis.len(),
            "people" => model.people.len(),
            "errors" => views.outcome.count(Level::Error),
            "warnings" => views.outcome.count(Level::Warn),
        },
    };
    let title = site.common["title"]
        .as_str()
        .unwrap_or("Handbook")
        .to_string();
    site.render("home.html", "index.html", &title, data)
}

/// How many pages the home page lists as recently updated.
const RECENT_PAGES: usize = 8;

/// The `count` pages whose last commit is newest, newest first (by URL for one
/// commit): what a reader who comes back each week has not read yet. None without git
/// history.
fn recently_updated(views: &Views, pages: &[(usize, String)], count: usize) -> Option<Value> {
    let history = views.repo.history.as_deref()?;
    let mut changed: Vec<(&crate::history::Change, &str, usize)> = pages
        .iter()
        .filter(|(_, url)| url != "index.html")
        .filter_map(|(i, url)| {
            let page = &views.repo.model.pages[*i];
            let change = history.file(&page.path)?.last_changed.as_ref()?;
            Some((change, url.as_str(), *i))
        })
        .collect();
    changed.sort_unstable_by(|a, b| (b.0.time, a.1).cmp(&(a.0.time, b.1)));
    changed.truncate(count);
    Some(list(changed.into_iter().map(|(change, url, i)| {
        // A commit dated after today (a clock ahead, or --today) shows its date.
        let ago = match -crate::model::value::days(views.today, change.date) {
            0 => "today".to_string(),
            1 => "yesterday".to_string(),
            d if d > 1 => format!("{d} days ago"),
            _ => change.date.to_string(),
        };
        record! {
            "title" => views.repo.model.pages[i].title.as_str(), "url" => url,
            "date" => change.date.to_string(), "ago" => ago, "author" => change.author.as_str(),
        }
    })))
}

fn goals(site: &Site) -> Result<String, String> {
    let views = &site.views;
    // One group per horizon and planning period (priorities rank goals within one),
    // the periods in time order; open goals first in each, by priority.
    let mut goals: Vec<(usize, &Goal)> = (views.repo.model.goals.iter().enumerate())
        .map(|(i, g)| (i, &**g))
        .collect();
    let horizon_order = |h: Option<Horizon>| match h {
        Some(Horizon::Annual) => 0,
        Some(Horizon::Quarter) => 1,
        None => 2,
    };
    let period = |g: &Goal| {
        g.period()
            .map(|GoalPeriod(_, year, quarter)| (year, quarter))
    };
    goals.sort_by_key(|(_, g)| {
        (
            horizon_order(g.horizon()),
            period(g).is_none(),
            period(g),
            !g.is_open(),
            g.priority.as_ref().map_or(i64::MAX, |p| p.value),
            g.deadline.as_ref().and_then(|d| d.value.get()),
            g.id.value.clone(),
        )
    });
    let label = |g: &Goal| match (g.horizon(), g.period()) {
        (Some(Horizon::Annual), Some(p)) => format!("Annual goals, {p}"),
        (Some(Horizon::Quarter), Some(p)) => format!("90-day goals, {p}"),
        (Some(Horizon::Annual), None) => "Annual goals without a deadline".to_string(),
        (Some(Horizon::Quarter), None) => "90-day goals without a deadline".to_string(),
        (None, _) => "Goals without a horizon".to_string(),
    };
    let groups = goals
        .chunk_by(|(_, a), (_, b)| a.horizon() == b.horizon() && period(a) == period(b))
        .map(|group| {
            record! {
                "label" => label(group[0].1),
                "goals" => list(group.iter().map(|&(i, _)| views.goal(i))),
            }
        });
    let data = record! {"groups" => list(groups)};
    site.render("goals.html", "goals.html", "Goals", data)
}

fn cadences(site: &Site) -> Result<String, String> {
    let views = &site.views;
    let cadences = list(views.repo.model.cadences.iter().enumerate().map(|(i, c)| {
        let sop = c
            .sop
            .as_ref()
            .and_then(|s| views.index.page(super::views::sop_path(&s.value)))
            .map(|i| {
                let page = &views.repo.model.pages[i];
                record! {"title" => page.title.as_str(), "url" => views.page_url(i)}
            });
        record! {
            "id" => c.id.value.as_str(),
            "anchor" => views.anchor(Kind::Cadence, i, &c.id.value),
            "name" => c.display_name(),
            "every" => c.every.as_ref().map(|e| e.value.describe()),
            "owner" => views.owner(c.owner.as_ref()),
            "attendees" => list(c.attendees.iter().map(|a| views.person(&a.value))),
            "sop" => sop,
            "description" => c.description.as_ref().map(|d| d.value.as_str()),
        }
    }));
    let data = record! {"cadences" => cadences};
    site.render("cadences.html", "cadences.html", "Cadences", data)
}

/// How many findings each rule (at each level) has: errors first, then the most found.
/// On a large handbook this is the overview, above thousands of findings by file.
fn findings_by_rule(findings: &[crate::finding::Finding]) -> Value {
    let mut counts: BTreeMap<(&str, Level), usize> = BTreeMap::new();
    for finding in findings {
        *counts.entry((finding.rule, finding.level)).or_default() += 1;
    }
    let mut rows: Vec<_> = counts.into_iter().collect();
    rows.sort_by_key(|&((rule, level), count)| (std::cmp::Reverse((level, count)), rule));
    list(rows.into_iter().map(|((rule, level), count)| {
        record! {"rule" => rule, "level" => level.as_str(), "count" => count}
    }))
}

fn findings(site: &Site) -> Result<String, String> {
    let views = &site.views;
    let mut by_file: BTreeMap<&str, (usize, Vec<Value>)> = BTreeMap::new();
    for finding in &views.outcome.findings {
        let file = finding.location.file;
        let path = views.repo.file(file).path.as_str();
        let group = by_file.entry(path).or_insert_with(|| (file, Vec::new()));
        group.1.push(views.finding(finding));
    }
    let files = list(by_file.into_iter().map(|(path, (file, findings))| {
        record! {"file" => path, "anchor" => views.file_anchor(file), "findings" => findings}
    }));
    let data = record! {
        "rules" => findings_by_rule(&views.outcome.findings),
        "files" => files,
        "errors" => views.outcome.count(Level::Error),
        "warnings" => views.outcome.count(Level::Warn),
        "summary" => crate::report::summary(views.outcome),
        "waivers" => views.waivers(None),
    };
    site.render("findings.html", "findings.html", "Findings", data)
}
