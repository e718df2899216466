//! People and teams: everything each person owns, and their load.

use serde_json::{Value, json};

use super::Site;
use crate::model::Named;
use crate::model::ownership::is_overloaded;

/// What one person owns, as shown on their page and counted on the people page.
fn owned_by(site: &Site, id: &str) -> Value {
    let views = &site.views;
    let model = &views.repo.model;
    let owned = views.owned(id);
    let open = owned.open_goals(model);
    json!({
        "goals": owned.goals.iter().map(|&i| views.goal(&model.goals[i])).collect::<Vec<_>>(),
        "open_goals": open,
        "overloaded": is_overloaded(open, views.repo.config.max_open_goals()),
        "capabilities": owned.capabilities.iter().map(|&i| views.capability(&model.capabilities[i].id.value)).collect::<Vec<_>>(),
        "offerings": owned.offerings.iter().map(|&i| &model.offerings[i]).map(|o| json!({"name": o.display_name(), "url": format!("offerings.html#offering-{}", o.id.value)})).collect::<Vec<_>>(),
        "kpis": owned.kpis.iter().map(|&i| views.kpi(&model.kpis[i])).collect::<Vec<_>>(),
        "cadences": owned.cadences.iter().map(|&i| &model.cadences[i]).map(|c| json!({"id": c.id.value, "name": c.display_name()})).collect::<Vec<_>>(),
        "pages": owned.pages.iter().map(|&i| &model.pages[i]).map(|p| views.page_row(p)).collect::<Vec<_>>(),
    })
}

pub fn people(site: &Site) -> Result<String, String> {
    let views = &site.views;
    let model = &views.repo.model;
    let max_open = views.repo.config.max_open_goals();
    let people: Vec<Value> = model
        .people
        .iter()
        .map(|p| {
            let owned = views.owned(&p.id.value);
            let open = owned.open_goals(model);
            let total = owned.total();
            json!({"person": views.person(&p.id.value), "team": p.team.as_ref().map(|t| t.value.as_str()), "role": p.role.as_ref().map(|r| r.value.as_str()),
                   "open_goals": open, "overloaded": is_overloaded(open, max_open), "owns": total,
                   "capabilities": owned.capabilities.len(), "pages": owned.pages.len()})
        })
        .collect();
    let teams: Vec<Value> = model
        .teams
        .iter()
        .map(|t| {
            let members: Vec<Value> = model.people.iter().filter(|p| p.team.as_ref().is_some_and(|x| x.value == t.id.value)).map(|p| views.person(&p.id.value)).collect();
            json!({"id": t.id.value, "name": t.display_name(), "lead": t.lead.as_ref().map(|l| views.person(&l.value)), "members": members})
        })
        .collect();
    site.render(
        "people.html",
        "people.html",
        "People and teams",
        json!({"people": people, "teams": teams, "max_open": views.repo.config.max_open_goals()}),
    )
}

pub fn person_page(site: &Site, id: &str, url: &str) -> Result<String, String> {
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
