//! People and teams: everything each person owns, and their load.

use minijinja::Value;

use super::Site;
use super::catalog::offering_link;
use super::record::{list, record};
use crate::model::ownership::is_overloaded;
use crate::model::{Kind, Named};

/// What one person owns, as shown on their page and counted on the people page.
fn owned_by(site: &Site, id: &str) -> Value {
    let views = &site.views;
    let model = &views.repo.model;
    let owned = views.owned(id);
    let open = owned.open_goals(model);
    let cadence = |i: usize| {
        let c = &model.cadences[i];
        record! {
            "id" => c.id.value.as_str(), "anchor" => views.anchor(Kind::Cadence, i, &c.id.value),
            "name" => c.display_name(),
        }
    };
    record! {
        "goals" => list(owned.goals.iter().map(|&i| views.goal(i))),
        "open_goals" => open,
        "overloaded" => is_overloaded(open, views.repo.config.max_open_goals()),
        "capabilities" => list(owned.capabilities.iter().map(|&i| views.capability(&model.capabilities[i].id.value))),
        "offerings" => list(owned.offerings.iter().map(|&i| offering_link(&model.offerings[i]))),
        "kpis" => list(owned.kpis.iter().map(|&i| views.kpi(i, None))),
        "cadences" => list(owned.cadences.iter().map(|&i| cadence(i))),
        "pages" => list(owned.pages.iter().map(|&i| views.page_row(i))),
    }
}

pub fn people(site: &Site) -> Result<String, String> {
    let views = &site.views;
    let model = &views.repo.model;
    let max_open = views.repo.config.max_open_goals();
    let people = list(model.people.iter().map(|p| {
        let owned = views.owned(&p.id.value);
        let open = owned.open_goals(model);
        record! {
            "person" => views.person(&p.id.value), "team" => p.team.as_ref().map(|t| views.team(&t.value)),
            "role" => p.role.as_ref().map(|r| r.value.as_str()), "open_goals" => open,
            "overloaded" => is_overloaded(open, max_open), "owns" => owned.total(),
            "capabilities" => owned.capabilities.len(), "pages" => owned.pages.len(),
        }
    }));
    let teams = list(model.teams.iter().enumerate().map(|(i, t)| {
        let members = (model.people.iter())
            .filter(|p| p.team.as_ref().is_some_and(|x| x.value == t.id.value))
            .map(|p| views.person(&p.id.value));
        record! {
            "id" => t.id.value.as_str(), "anchor" => views.anchor(Kind::Team, i, &t.id.value), "name" => t.display_name(),
            "lead" => t.lead.as_ref().map(|l| views.person(&l.value)), "members" => list(members),
        }
    }));
    let data = record! {"people" => people, "teams" => teams, "max_open" => max_open};
    site.render("people.html", "people.html", "People and teams", data)
}

pub fn person_page(site: &Site, id: &str, url: &str) -> Result<String, String> {
    let entity = site.views.repo.model.person(&site.views.index, id);
    let name = entity.map_or(id, |p| p.display_name());
    let data = record! {
        "person" => site.views.person(id),
        "email" => entity.and_then(|p| p.email.as_ref()).map(|e| e.value.as_str()),
        "role" => entity.and_then(|p| p.role.as_ref()).map(|r| r.value.as_str()),
        "team" => entity.and_then(|p| p.team.as_ref()).map(|t| site.views.team(&t.value)),
        "owned" => owned_by(site, id),
        "max_open" => site.views.repo.config.max_open_goals(),
    };
    site.render("person.html", url, name, data)
}
