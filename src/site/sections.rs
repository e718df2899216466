//! The generated pages: home, goals, capabilities, offerings, people, KPIs, cadences,
//! findings, and the search index.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use rayon::prelude::*;
use serde_json::{Value, json};

use super::svg::{self, ChartPoint, MapCapability, MapOffering};
use super::views::{owner_id, title_of, within};
use super::{Site, SiteFile, render, urls};
use crate::finding::Level;
use crate::model::Kind;
use crate::model::entities::{Horizon, PageStatus};

/// Renders every generated page.
pub fn render_all(site: &Site, pages: &[(usize, String)]) -> Result<Vec<SiteFile>, String> {
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
        .map(|(url, job)| job().map(|html| (url.clone(), html.into_bytes())))
        .collect()
}

fn home(site: &Site, pages: &[(usize, String)]) -> Result<String, String> {
    let views = &site.views;
    let model = &views.repo.model;
    let today = views.today;
    let mut open: Vec<_> = model.goals.iter().filter(|g| g.is_open()).collect();
    // The nearest period first (this year before next), then by rank.
    open.sort_by_key(|g| {
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
    let top = |horizon: Horizon| -> Vec<Value> {
        open.iter()
            .filter(|g| g.horizon() == Some(horizon))
            .take(5)
            .map(|g| views.goal(g))
            .collect()
    };
    let mut overdue = Vec::new();
    let mut upcoming = Vec::new();
    for goal in &model.goals {
        if !goal.is_open() {
            continue;
        }
        let owner = views.owner(goal.owner.as_ref());
        let link = format!("goals.html#goal-{}", goal.id.value);
        if let Some(date) = goal.deadline.as_ref().and_then(|d| d.value.get()) {
            let item = json!({"what": "Goal", "title": title_of(goal), "owner": owner, "due": views.due(date), "url": link, "sort": date.to_string()});
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
                    upcoming.push(json!({"what": "Milestone", "title": format!("{title} ({})", title_of(goal)), "owner": owner, "due": views.due(date), "url": link, "sort": date.to_string()}));
                }
            }
        }
    }
    for page in &model.pages {
        for action in page.meta.action.iter().filter(|a| !a.done) {
            let Some(date) = action.due.as_ref().and_then(|d| d.value.get()) else {
                continue;
            };
            let title = action.title.as_ref().map_or("Action", |t| t.value.as_str());
            let item = json!({"what": "Retro action", "title": title, "owner": views.owner(action.owner.as_ref()), "due": views.due(date), "url": urls::page_url(&page.path), "sort": date.to_string()});
            if date < today {
                overdue.push(item);
            } else if within(today, date, 30) {
                upcoming.push(item);
            }
        }
    }
    let by_date = |v: &Value| v["sort"].as_str().unwrap_or_default().to_string();
    overdue.sort_by_key(by_date);
    upcoming.sort_by_key(by_date);
    let welcome = pages
        .iter()
        .find(|(_, url)| url == "index.html")
        .map(|(i, _)| {
            let page = &model.pages[*i];
            let text = &views.repo.file(page.file).text;
            let start = page
                .front_matter
                .as_ref()
                .map_or(0, |r| r.end)
                .min(text.len());
            render::render(&text[start..], &page.title, "").html
        });
    let sops = model
        .pages
        .iter()
        .filter(|p| p.capability().is_some() && p.status() != PageStatus::Retired)
        .count();
    let data = json!({
        "priorities": {"annual": top(Horizon::Annual), "quarter": top(Horizon::Quarter)},
        "overdue": overdue,
        "upcoming": upcoming,
        "welcome": welcome,
        "counts": {
            "open_goals": open.len(),
            "capabilities": model.capabilities.len(),
            "sops": sops,
            "kpis": model.kpis.len(),
            "people": model.people.len(),
            "errors": views.outcome.count(Level::Error),
            "warnings": views.outcome.count(Level::Warn),
        },
    });
    let title = site.common["title"]
        .as_str()
        .unwrap_or("Handbook")
        .to_string();
    site.render("home.html", "index.html", &title, data)
}

fn goals(site: &Site) -> Result<String, String> {
    let views = &site.views;
    let mut groups: Vec<Value> = Vec::new();
    for (horizon, label) in [
        (Some(Horizon::Annual), "Annual goals"),
        (Some(Horizon::Quarter), "90-day goals"),
        (None, "Goals without a horizon"),
    ] {
        let mut goals: Vec<_> = views
            .repo
            .model
            .goals
            .iter()
            .filter(|g| g.horizon() == horizon)
            .collect();
        if goals.is_empty() {
            continue;
        }
        goals.sort_by_key(|g| {
            (
                !g.is_open(),
                g.priority.as_ref().map_or(i64::MAX, |p| p.value),
                g.deadline.as_ref().and_then(|d| d.value.get()),
                g.id.value.clone(),
            )
        });
        groups.push(json!({"label": label, "goals": goals.iter().map(|g| views.goal(g)).collect::<Vec<_>>()}));
    }
    site.render(
        "goals.html",
        "goals.html",
        "Goals",
        json!({"groups": groups}),
    )
}

/// Findings that concern a capability: in its table, about it, or in its SOPs.
fn capability_findings(site: &Site, id: &str) -> Vec<Value> {
    let findings = &site.views.outcome.findings;
    site.views
        .capability_findings(id)
        .iter()
        .map(|&i| site.views.finding(&findings[i]))
        .collect()
}

fn capability_summaries(site: &Site) -> Vec<MapCapability> {
    let model = &site.views.repo.model;
    let mut ids: BTreeSet<&str> = model
        .capabilities
        .iter()
        .map(|c| c.id.value.as_str())
        .collect();
    ids.extend(
        model
            .offerings
            .iter()
            .flat_map(|o| o.requires.iter().map(|r| r.value.as_str())),
    );
    ids.into_iter()
        .map(|id| {
            let capability = site
                .views
                .index
                .position(Kind::Capability, id)
                .map(|i| &model.capabilities[i]);
            MapCapability {
                id: id.to_string(),
                name: capability
                    .and_then(|c| c.name.as_ref())
                    .map_or(id.to_string(), |n| n.value.clone()),
                url: capability.map(|_| urls::capability_url(id)),
                owner: capability
                    .and_then(|c| owner_id(c.owner.as_ref()))
                    .map(|o| {
                        site.views.person(o)["name"]
                            .as_str()
                            .unwrap_or(o)
                            .to_string()
                    }),
                sops: model
                    .pages
                    .iter()
                    .filter(|p| p.capability() == Some(id) && p.status() != PageStatus::Retired)
                    .count(),
                kpis: model
                    .kpis
                    .iter()
                    .filter(|k| k.capability.as_ref().is_some_and(|c| c.value == id))
                    .count(),
                defined: capability.is_some(),
            }
        })
        .collect()
}

fn capabilities(site: &Site) -> Result<String, String> {
    let model = &site.views.repo.model;
    let summaries = capability_summaries(site);
    let offerings: Vec<MapOffering> = model
        .offerings
        .iter()
        .map(|o| MapOffering {
            id: o.id.value.clone(),
            name: o
                .name
                .as_ref()
                .map_or(o.id.value.clone(), |n| n.value.clone()),
            url: format!("offerings.html#offering-{}", o.id.value),
            requires: o.requires.iter().map(|r| r.value.clone()).collect(),
        })
        .collect();
    let map = svg::capability_map(&offerings, &summaries);
    let rows: Vec<Value> = summaries
        .iter()
        .map(|c| {
            let capability = site.views.index.position(Kind::Capability, &c.id).map(|i| &model.capabilities[i]);
            let offerings: Vec<Value> = model
                .offerings
                .iter()
                .filter(|o| o.requires.iter().any(|r| r.value == c.id))
                .map(|o| json!({"name": o.name.as_ref().map_or(o.id.value.as_str(), |n| n.value.as_str()), "url": format!("offerings.html#offering-{}", o.id.value)}))
                .collect();
            json!({
                "id": c.id, "name": c.name, "url": c.url, "defined": c.defined,
                "kind": capability.and_then(|c| c.kind.as_ref()).map(|k| k.value.as_str()),
                "owner": capability.map(|cap| site.views.owner(cap.owner.as_ref())),
                "sops": c.sops, "kpis": c.kpis, "offerings": offerings,
                "findings": site.views.capability_findings(&c.id).len(),
            })
        })
        .collect();
    site.render(
        "capabilities.html",
        "capabilities.html",
        "Capabilities",
        json!({"map": map, "capabilities": rows}),
    )
}

fn capability_page(site: &Site, id: &str, url: &str) -> Result<String, String> {
    let views = &site.views;
    let model = &views.repo.model;
    let Some(capability) = views
        .index
        .position(Kind::Capability, id)
        .map(|i| &model.capabilities[i])
    else {
        return Err(format!("capability {id} vanished"));
    };
    let sops: Vec<Value> = model
        .pages
        .iter()
        .filter(|p| p.capability() == Some(id))
        .map(|p| json!({"title": p.title, "url": urls::page_url(&p.path), "meta": views.page_meta(p)}))
        .collect();
    let kpis: Vec<Value> = model
        .kpis
        .iter()
        .filter(|k| k.capability.as_ref().is_some_and(|c| c.value == id))
        .map(|k| kpi_with_chart(site, k))
        .collect();
    let offerings: Vec<Value> = model
        .offerings
        .iter()
        .filter(|o| o.requires.iter().any(|r| r.value == id))
        .map(|o| json!({"name": o.name.as_ref().map_or(o.id.value.as_str(), |n| n.value.as_str()), "url": format!("offerings.html#offering-{}", o.id.value)}))
        .collect();
    let goals: Vec<Value> = model
        .goals
        .iter()
        .filter(|g| g.capability.as_ref().is_some_and(|c| c.value == id))
        .map(|g| views.goal(g))
        .collect();
    let name = capability.name.as_ref().map_or(id, |n| n.value.as_str());
    let data = json!({
        "capability": {
            "id": id, "name": name,
            "kind": capability.kind.as_ref().map(|k| k.value.as_str()),
            "owner": views.owner(capability.owner.as_ref()),
            "description": capability.description.as_ref().map(|d| d.value.as_str()),
        },
        "sops": sops, "kpis": kpis, "offerings": offerings, "goals": goals,
        "findings": capability_findings(site, id),
    });
    site.render("capability.html", url, name, data)
}

fn offerings(site: &Site) -> Result<String, String> {
    let views = &site.views;
    let summaries = capability_summaries(site);
    let rows: Vec<Value> = views
        .repo
        .model
        .offerings
        .iter()
        .map(|o| {
            let requires: Vec<Value> = o
                .requires
                .iter()
                .map(|r| {
                    let s = summaries.iter().find(|c| c.id == r.value);
                    json!({"id": r.value, "name": s.map_or(r.value.as_str(), |c| c.name.as_str()), "url": s.and_then(|c| c.url.clone()),
                           "defined": s.is_some_and(|c| c.defined), "sops": s.map_or(0, |c| c.sops), "kpis": s.map_or(0, |c| c.kpis)})
                })
                .collect();
            json!({"id": o.id.value, "name": o.name.as_ref().map_or(o.id.value.as_str(), |n| n.value.as_str()),
                   "owner": views.owner(o.owner.as_ref()), "description": o.description.as_ref().map(|d| d.value.as_str()), "requires": requires})
        })
        .collect();
    site.render(
        "offerings.html",
        "offerings.html",
        "Offerings",
        json!({"offerings": rows}),
    )
}

/// What one person owns, as shown on their page and counted on the people page.
fn owned_by(site: &Site, id: &str) -> Value {
    let views = &site.views;
    let model = &views.repo.model;
    let owned = views.owned(id);
    let open = owned
        .goals
        .iter()
        .filter(|&&i| model.goals[i].is_open())
        .count();
    let name = |name: Option<&crate::model::value::Sp<String>>, id: &str| {
        name.map_or(id.to_string(), |n| n.value.clone())
    };
    json!({
        "goals": owned.goals.iter().map(|&i| views.goal(&model.goals[i])).collect::<Vec<_>>(),
        "open_goals": open,
        "overloaded": open > views.repo.config.max_open_goals(),
        "capabilities": owned.capabilities.iter().map(|&i| views.capability(&model.capabilities[i].id.value)).collect::<Vec<_>>(),
        "offerings": owned.offerings.iter().map(|&i| &model.offerings[i]).map(|o| json!({"name": name(o.name.as_ref(), &o.id.value), "url": format!("offerings.html#offering-{}", o.id.value)})).collect::<Vec<_>>(),
        "kpis": owned.kpis.iter().map(|&i| views.kpi(&model.kpis[i])).collect::<Vec<_>>(),
        "cadences": owned.cadences.iter().map(|&i| &model.cadences[i]).map(|c| json!({"id": c.id.value, "name": name(c.name.as_ref(), &c.id.value)})).collect::<Vec<_>>(),
        "pages": owned.pages.iter().map(|&i| &model.pages[i]).map(|p| json!({"title": p.title, "url": urls::page_url(&p.path), "meta": views.page_meta(p)})).collect::<Vec<_>>(),
    })
}

fn people(site: &Site) -> Result<String, String> {
    let views = &site.views;
    let model = &views.repo.model;
    let max_open = views.repo.config.max_open_goals();
    let people: Vec<Value> = model
        .people
        .iter()
        .map(|p| {
            let owned = views.owned(&p.id.value);
            let open = owned.goals.iter().filter(|&&i| model.goals[i].is_open()).count();
            let total = owned.goals.len() + owned.capabilities.len() + owned.offerings.len() + owned.kpis.len() + owned.cadences.len() + owned.pages.len();
            json!({"person": views.person(&p.id.value), "team": p.team.as_ref().map(|t| t.value.as_str()), "role": p.role.as_ref().map(|r| r.value.as_str()),
                   "open_goals": open, "overloaded": open > max_open, "owns": total,
                   "capabilities": owned.capabilities.len(), "pages": owned.pages.len()})
        })
        .collect();
    let teams: Vec<Value> = model
        .teams
        .iter()
        .map(|t| {
            let members: Vec<Value> = model.people.iter().filter(|p| p.team.as_ref().is_some_and(|x| x.value == t.id.value)).map(|p| views.person(&p.id.value)).collect();
            json!({"id": t.id.value, "name": t.name.as_ref().map_or(t.id.value.as_str(), |n| n.value.as_str()), "lead": t.lead.as_ref().map(|l| views.person(&l.value)), "members": members})
        })
        .collect();
    site.render(
        "people.html",
        "people.html",
        "People and teams",
        json!({"people": people, "teams": teams, "max_open": views.repo.config.max_open_goals()}),
    )
}

fn person_page(site: &Site, id: &str, url: &str) -> Result<String, String> {
    let person = site.views.person(id);
    let name = person["name"].as_str().unwrap_or(id).to_string();
    let entity = site.views.repo.model.person(&site.views.index, id);
    let data = json!({
        "person": person,
        "email": entity.and_then(|p| p.email.as_ref()).map(|e| e.value.as_str()),
        "role": entity.and_then(|p| p.role.as_ref()).map(|r| r.value.as_str()),
        "team": entity.and_then(|p| p.team.as_ref()).map(|t| t.value.as_str()),
        "owned": owned_by(site, id),
        "max_open": site.views.repo.config.max_open_goals(),
    });
    site.render("person.html", url, &name, data)
}

fn kpi_with_chart(site: &Site, kpi: &crate::model::Entity<crate::model::entities::Kpi>) -> Value {
    let mut points: Vec<ChartPoint> = kpi
        .readings
        .iter()
        .filter_map(|r| {
            r.date.value.get().map(|date| ChartPoint {
                date,
                value: r.value,
            })
        })
        .collect();
    points.sort_by_key(|p| p.date);
    let up = kpi
        .direction
        .as_ref()
        .and_then(|d| match d.value.raw.as_str() {
            "up" => Some(true),
            "down" => Some(false),
            _ => None,
        });
    let name = kpi
        .name
        .as_ref()
        .map_or(kpi.id.value.as_str(), |n| n.value.as_str());
    let unit = kpi.unit.as_ref().map_or("", |u| u.value.as_str());
    let mut view = site.views.kpi(kpi);
    view["chart"] = Value::String(svg::kpi_chart(
        &kpi.id.value,
        name,
        &points,
        kpi.target.as_ref().map(|t| t.value),
        up,
        unit,
    ));
    view
}

fn kpis(site: &Site) -> Result<String, String> {
    let kpis: Vec<Value> = site
        .views
        .repo
        .model
        .kpis
        .iter()
        .map(|k| kpi_with_chart(site, k))
        .collect();
    site.render("kpis.html", "kpis.html", "KPIs", json!({"kpis": kpis}))
}

fn cadences(site: &Site) -> Result<String, String> {
    let views = &site.views;
    let cadences: Vec<Value> = views
        .repo
        .model
        .cadences
        .iter()
        .map(|c| {
            let sop = c.sop.as_ref().and_then(|s| views.index.page(s.value.trim_start_matches("./"))).map(|i| {
                let page = &views.repo.model.pages[i];
                json!({"title": page.title, "url": urls::page_url(&page.path)})
            });
            json!({"id": c.id.value, "name": c.name.as_ref().map_or(c.id.value.as_str(), |n| n.value.as_str()),
                   "every": c.every.as_ref().map(|e| e.value.raw.as_str()), "owner": views.owner(c.owner.as_ref()),
                   "attendees": c.attendees.iter().map(|a| views.person(&a.value)).collect::<Vec<_>>(), "sop": sop,
                   "description": c.description.as_ref().map(|d| d.value.as_str())})
        })
        .collect();
    site.render(
        "cadences.html",
        "cadences.html",
        "Cadences",
        json!({"cadences": cadences}),
    )
}

fn findings(site: &Site) -> Result<String, String> {
    let views = &site.views;
    let mut by_file: BTreeMap<String, Vec<Value>> = BTreeMap::new();
    for finding in &views.outcome.findings {
        let view = views.finding(finding);
        by_file
            .entry(view["file"].as_str().unwrap_or_default().to_string())
            .or_default()
            .push(view);
    }
    let files: Vec<Value> = by_file
        .into_iter()
        .map(|(file, findings)| json!({"file": file, "findings": findings}))
        .collect();
    let data = json!({
        "files": files,
        "errors": views.outcome.count(Level::Error),
        "warnings": views.outcome.count(Level::Warn),
        "summary": crate::report::summary(views.outcome),
    });
    site.render("findings.html", "findings.html", "Findings", data)
}

/// `assets/search-index.js`: every page and entity with the words to find it by.
/// `texts` holds each page's words, collected while it was rendered.
pub fn search_index(
    site: &Site,
    pages: &[(usize, String)],
    texts: &HashMap<String, String>,
) -> String {
    let views = &site.views;
    let model = &views.repo.model;
    let name_of = |v: Value| v["name"].as_str().unwrap_or_default().to_string();
    let mut entries: Vec<Value> = pages
        .par_iter()
        .map(|(i, url)| {
            let page = &model.pages[*i];
            let words = texts.get(url).map_or("", String::as_str);
            json!({
                "t": page.title, "u": url,
                "o": page.meta.owner.as_ref().and_then(|o| owner_id(Some(o))).map(|o| name_of(views.person(o))).unwrap_or_default(),
                "c": page.capability().map(|c| name_of(views.capability(c))).unwrap_or_default(),
                "k": if page.capability().is_some() { "sop" } else { "page" },
                "h": page.outline.headings.iter().map(|h| h.text.as_str()).collect::<Vec<_>>().join(" "),
                "x": words,
            })
        })
        .collect();
    for goal in &model.goals {
        entries.push(json!({"t": title_of(goal), "u": format!("goals.html#goal-{}", goal.id.value), "k": "goal",
            "o": owner_id(goal.owner.as_ref()).map(|o| name_of(views.person(o))).unwrap_or_default(),
            "c": goal.capability.as_ref().map(|c| name_of(views.capability(&c.value))).unwrap_or_default(),
            "h": goal.metric.as_ref().map_or("", |m| m.value.as_str()), "x": goal.description.as_ref().map_or("", |d| d.value.as_str())}));
    }
    for capability in &model.capabilities {
        entries.push(json!({"t": capability.name.as_ref().map_or(capability.id.value.as_str(), |n| n.value.as_str()), "u": urls::capability_url(&capability.id.value), "k": "capability",
            "o": owner_id(capability.owner.as_ref()).map(|o| name_of(views.person(o))).unwrap_or_default(), "c": "", "h": "", "x": capability.description.as_ref().map_or("", |d| d.value.as_str())}));
    }
    for person in &model.people {
        entries.push(json!({"t": name_of(views.person(&person.id.value)), "u": urls::person_url(&person.id.value), "k": "person", "o": "", "c": "",
            "h": person.role.as_ref().map_or("", |r| r.value.as_str()), "x": person.team.as_ref().map_or("", |t| t.value.as_str())}));
    }
    for kpi in &model.kpis {
        entries.push(json!({"t": kpi.name.as_ref().map_or(kpi.id.value.as_str(), |n| n.value.as_str()), "u": format!("kpis.html#kpi-{}", kpi.id.value), "k": "kpi",
            "o": owner_id(kpi.owner.as_ref()).map(|o| name_of(views.person(o))).unwrap_or_default(),
            "c": kpi.capability.as_ref().map(|c| name_of(views.capability(&c.value))).unwrap_or_default(), "h": "", "x": kpi.description.as_ref().map_or("", |d| d.value.as_str())}));
    }
    for offering in &model.offerings {
        entries.push(json!({"t": offering.name.as_ref().map_or(offering.id.value.as_str(), |n| n.value.as_str()), "u": format!("offerings.html#offering-{}", offering.id.value), "k": "offering",
            "o": owner_id(offering.owner.as_ref()).map(|o| name_of(views.person(o))).unwrap_or_default(), "c": "", "h": "", "x": offering.description.as_ref().map_or("", |d| d.value.as_str())}));
    }
    // Serialised entry by entry on all threads: the index of a large handbook is big.
    let parts: Vec<String> = entries.par_iter().map(|e| e.to_string()).collect();
    format!("window.OPSCTL_SEARCH = [{}];\n", parts.join(","))
}
