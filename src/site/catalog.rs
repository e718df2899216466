//! The capability map and pages, offerings and KPIs: what the company can do, what
//! customers buy, and how it is measured.

use std::collections::BTreeSet;

use minijinja::Value;

use super::record::{list, record};
use super::svg::{self, ChartPoint, MapCapability, MapOffering};
use super::views::owner_id;
use super::{Site, urls};
use crate::model::Kind;
use crate::model::Named;
use crate::model::entities::PageStatus;

/// Findings that concern a capability: in its table, about it, or in its SOPs.
fn capability_findings(site: &Site, id: &str) -> Value {
    let findings = &site.views.outcome.findings;
    list(
        site.views
            .capability_findings(id)
            .iter()
            .map(|&i| site.views.finding(&findings[i])),
    )
}

/// An offering as a link to its section of the offerings page.
pub fn offering_link(offering: &crate::model::Entity<crate::model::entities::Offering>) -> Value {
    let url = format!("offerings.html#offering-{}", offering.id.value);
    record! {"name" => offering.display_name(), "url" => url}
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
                        let person = model.person(&site.views.index, o);
                        person.map_or(o, |p| p.display_name()).to_string()
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

pub fn capabilities(site: &Site) -> Result<String, String> {
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
    // The table is read by name, as the sidebar is (the map has its own order).
    let mut by_name: Vec<&MapCapability> = summaries.iter().collect();
    by_name.sort_by_cached_key(|c| (c.name.to_lowercase(), c.id.clone()));
    let rows = list(by_name.into_iter().map(|c| {
        let capability = site
            .views
            .index
            .position(Kind::Capability, &c.id)
            .map(|i| &model.capabilities[i]);
        let offerings = model
            .offerings
            .iter()
            .filter(|o| o.requires.iter().any(|r| r.value == c.id));
        record! {
            "id" => c.id.as_str(), "name" => c.name.as_str(), "url" => c.url.as_deref(), "defined" => c.defined,
            "kind" => capability.and_then(|c| c.kind.as_ref()).map(|k| k.value.as_str()),
            "owner" => capability.map(|cap| site.views.owner(cap.owner.as_ref())),
            "sops" => c.sops, "kpis" => c.kpis, "offerings" => list(offerings.map(offering_link)),
            "findings" => site.views.capability_findings(&c.id).len(),
        }
    }));
    let data = record! {"map" => map, "capabilities" => rows};
    site.render(
        "capabilities.html",
        "capabilities.html",
        "Capabilities",
        data,
    )
}

pub fn capability_page(site: &Site, id: &str, url: &str) -> Result<String, String> {
    let views = &site.views;
    let model = &views.repo.model;
    let Some(capability) = views
        .index
        .position(Kind::Capability, id)
        .map(|i| &model.capabilities[i])
    else {
        return Err(format!("capability {id} vanished"));
    };
    let sops = (model.pages.iter().enumerate())
        .filter(|(_, p)| p.capability() == Some(id))
        .map(|(i, _)| views.page_row(i));
    let kpis = (model.kpis.iter().enumerate())
        .filter(|(_, k)| k.capability.as_ref().is_some_and(|c| c.value == id))
        .map(|(i, _)| kpi_with_chart(site, i));
    let offerings = (model.offerings.iter())
        .filter(|o| o.requires.iter().any(|r| r.value == id))
        .map(offering_link);
    let goals = (model.goals.iter().enumerate())
        .filter(|(_, g)| g.capability.as_ref().is_some_and(|c| c.value == id))
        .map(|(i, _)| views.goal(i));
    let name = capability.display_name();
    let data = record! {
        "capability" => record! {
            "id" => id, "name" => name,
            "kind" => capability.kind.as_ref().map(|k| k.value.as_str()),
            "owner" => views.owner(capability.owner.as_ref()),
            "description" => capability.description.as_ref().map(|d| d.value.as_str()),
        },
        "sops" => list(sops), "kpis" => list(kpis), "offerings" => list(offerings), "goals" => list(goals),
        "findings" => capability_findings(site, id),
        "waivers" => views.waivers(Some(id)),
    };
    site.render("capability.html", url, name, data)
}

pub fn offerings(site: &Site) -> Result<String, String> {
    let views = &site.views;
    let summaries = capability_summaries(site);
    let rows = list(views.repo.model.offerings.iter().enumerate().map(|(i, o)| {
        let requires = list(o.requires.iter().map(|r| {
            let s = summaries.iter().find(|c| c.id == r.value);
            record! {
                "id" => r.value.as_str(), "name" => s.map_or(r.value.as_str(), |c| c.name.as_str()),
                "url" => s.and_then(|c| c.url.as_deref()), "defined" => s.is_some_and(|c| c.defined),
                "sops" => s.map_or(0, |c| c.sops), "kpis" => s.map_or(0, |c| c.kpis),
            }
        }));
        record! {
            "id" => o.id.value.as_str(), "anchor" => views.anchor(Kind::Offering, i, &o.id.value),
            "name" => o.display_name(), "owner" => views.owner(o.owner.as_ref()),
            "description" => o.description.as_ref().map(|d| d.value.as_str()), "requires" => requires,
        }
    }));
    let data = record! {"offerings" => rows};
    site.render("offerings.html", "offerings.html", "Offerings", data)
}

/// The KPI at `index` in the model, with its chart.
pub fn kpi_with_chart(site: &Site, index: usize) -> Value {
    let kpi = &site.views.repo.model.kpis[index];
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
    let chart = svg::kpi_chart(
        &site.views.anchor(Kind::Kpi, index, &kpi.id.value),
        name,
        &points,
        kpi.target.as_ref().map(|t| t.value),
        up,
        unit,
    );
    site.views.kpi(index, Some(chart))
}

pub fn kpis(site: &Site) -> Result<String, String> {
    let kpis = list((0..site.views.repo.model.kpis.len()).map(|i| kpi_with_chart(site, i)));
    site.render("kpis.html", "kpis.html", "KPIs", record! {"kpis" => kpis})
}
