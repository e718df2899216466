//! `assets/search-index.js`: what the client-side search looks through.

use std::collections::HashMap;

use rayon::prelude::*;
use serde_json::{Value, json};

use super::views::{owner_id, title_of};
use super::{Site, urls};
use crate::model::Named;

/// `assets/search-index.js`: every page and entity with the words to find it by.
/// `texts` holds each page's words, collected while it was rendered.
pub fn search_index(
    site: &Site,
    pages: &[(usize, String)],
    texts: &HashMap<String, String>,
) -> String {
    let pages: Vec<String> = pages
        .par_iter()
        .map(|(i, url)| page_entry(site, *i, url, texts.get(url).map_or("", String::as_str)))
        .collect();
    let entities = entity_entries(site);
    assemble(pages.iter().chain(&entities).map(String::as_str))
}

/// One page's entry in the search index, as JSON.
pub fn page_entry(site: &Site, index: usize, url: &str, words: &str) -> String {
    let views = &site.views;
    let page = &views.repo.model.pages[index];
    let name_of = |v: Value| v["name"].as_str().unwrap_or_default().to_string();
    json!({
        "t": page.title, "u": url,
        "o": page.meta.owner.as_ref().and_then(|o| owner_id(Some(o))).map(|o| name_of(views.person(o))).unwrap_or_default(),
        "c": page.capability().map(|c| name_of(views.capability(c))).unwrap_or_default(),
        "k": if page.capability().is_some() { "sop" } else { "page" },
        "h": page.outline.headings.iter().map(|h| h.text.as_str()).collect::<Vec<_>>().join(" "),
        "x": words,
    })
    .to_string()
}

/// The entries of goals, capabilities, people, KPIs and offerings, as JSON.
pub fn entity_entries(site: &Site) -> Vec<String> {
    let views = &site.views;
    let model = &views.repo.model;
    let name_of = |v: Value| v["name"].as_str().unwrap_or_default().to_string();
    let mut entries: Vec<Value> = Vec::new();
    for goal in &model.goals {
        entries.push(json!({"t": title_of(goal), "u": format!("goals.html#goal-{}", goal.id.value), "k": "goal",
            "o": owner_id(goal.owner.as_ref()).map(|o| name_of(views.person(o))).unwrap_or_default(),
            "c": goal.capability.as_ref().map(|c| name_of(views.capability(&c.value))).unwrap_or_default(),
            "h": goal.metric.as_ref().map_or("", |m| m.value.as_str()), "x": goal.description.as_ref().map_or("", |d| d.value.as_str())}));
    }
    for capability in &model.capabilities {
        entries.push(json!({"t": capability.display_name(), "u": urls::capability_url(&capability.id.value), "k": "capability",
            "o": owner_id(capability.owner.as_ref()).map(|o| name_of(views.person(o))).unwrap_or_default(), "c": "", "h": "", "x": capability.description.as_ref().map_or("", |d| d.value.as_str())}));
    }
    for person in &model.people {
        entries.push(json!({"t": name_of(views.person(&person.id.value)), "u": urls::person_url(&person.id.value), "k": "person", "o": "", "c": "",
            "h": person.role.as_ref().map_or("", |r| r.value.as_str()), "x": person.team.as_ref().map_or("", |t| t.value.as_str())}));
    }
    for kpi in &model.kpis {
        entries.push(json!({"t": kpi.display_name(), "u": format!("kpis.html#kpi-{}", kpi.id.value), "k": "kpi",
            "o": owner_id(kpi.owner.as_ref()).map(|o| name_of(views.person(o))).unwrap_or_default(),
            "c": kpi.capability.as_ref().map(|c| name_of(views.capability(&c.value))).unwrap_or_default(), "h": "", "x": kpi.description.as_ref().map_or("", |d| d.value.as_str())}));
    }
    for offering in &model.offerings {
        entries.push(json!({"t": offering.display_name(), "u": format!("offerings.html#offering-{}", offering.id.value), "k": "offering",
            "o": owner_id(offering.owner.as_ref()).map(|o| name_of(views.person(o))).unwrap_or_default(), "c": "", "h": "", "x": offering.description.as_ref().map_or("", |d| d.value.as_str())}));
    }
    // Serialised entry by entry on all threads: the index of a large handbook is big.
    entries.par_iter().map(|e| e.to_string()).collect()
}

/// The script that holds the entries.
pub fn assemble<'e>(entries: impl Iterator<Item = &'e str> + Clone) -> String {
    const HEAD: &str = "window.OPSCTL_SEARCH = [";
    const TAIL: &str = "];\n";
    let size = entries.clone().map(|e| e.len() + 1).sum::<usize>();
    let mut out = String::with_capacity(HEAD.len() + size + TAIL.len());
    out.push_str(HEAD);
    for (i, entry) in entries.enumerate() {
        if i > 0 {
            out.push(',');
        }
        out.push_str(entry);
    }
    out.push_str(TAIL);
    out
}
