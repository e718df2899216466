//! `assets/search-index.js`: what the client-side search looks through.

use std::borrow::Cow;
use std::collections::HashMap;

use rayon::prelude::*;
use serde::Serialize;

use super::views::title_of;
use super::{Site, urls};
use crate::model::Named;
use crate::model::ownership::owner_id;
use crate::model::value::{OwnerValue, Sp};

/// One searchable thing, as the client reads it (short keys keep the file small).
#[derive(Serialize)]
struct Entry<'a> {
    /// Title.
    t: &'a str,
    /// URL from the site root.
    u: Cow<'a, str>,
    /// Owner's name.
    o: &'a str,
    /// Capability's name.
    c: &'a str,
    /// Kind: page, sop, goal, capability, person, kpi, offering.
    k: &'static str,
    /// Headings (pages) or a short line (metric, role).
    h: Cow<'a, str>,
    /// Body words or description.
    x: &'a str,
}

/// Display names by id, looked up once rather than per entry.
struct Names<'a> {
    people: HashMap<&'a str, &'a str>,
    capabilities: HashMap<&'a str, &'a str>,
}

impl<'a> Names<'a> {
    fn new(model: &'a crate::model::Model) -> Self {
        Names {
            people: model
                .people
                .iter()
                .map(|p| (p.id.value.as_str(), p.display_name()))
                .collect(),
            capabilities: model
                .capabilities
                .iter()
                .map(|c| (c.id.value.as_str(), c.display_name()))
                .collect(),
        }
    }

    /// An owner's name; an id that names no person is shown as written.
    fn owner(&self, owner: Option<&'a Sp<OwnerValue>>) -> &'a str {
        owner_id(owner).map_or("", |id| self.people.get(id).copied().unwrap_or(id))
    }

    fn capability(&self, id: Option<&'a str>) -> &'a str {
        id.map_or("", |id| self.capabilities.get(id).copied().unwrap_or(id))
    }
}

/// `assets/search-index.js`: every page and entity with the words to find it by.
/// `texts` holds each page's words, collected while it was rendered. The index of a
/// large handbook runs to tens of megabytes, so entries are serialised straight to
/// bytes on all threads, with no intermediate JSON values or joined copies.
pub fn search_index<'s>(
    site: &'s Site,
    pages: &'s [(usize, String)],
    texts: &'s HashMap<String, String>,
) -> Vec<u8> {
    let model = &site.views.repo.model;
    let names = Names::new(model);
    let page_entry = |(i, url): &'s (usize, String)| -> Entry<'s> {
        let page = &model.pages[*i];
        Entry {
            t: &page.title,
            u: Cow::Borrowed(url),
            o: names.owner(page.meta.owner.as_ref()),
            c: names.capability(page.capability()),
            k: if page.capability().is_some() {
                "sop"
            } else {
                "page"
            },
            h: Cow::Owned(
                page.outline
                    .headings
                    .iter()
                    .map(|h| h.text.as_str())
                    .collect::<Vec<_>>()
                    .join(" "),
            ),
            x: texts.get(url).map_or("", String::as_str),
        }
    };
    let mut others: Vec<Entry> = Vec::new();
    for goal in &model.goals {
        others.push(Entry {
            t: title_of(goal),
            u: Cow::Owned(format!("goals.html#goal-{}", goal.id.value)),
            o: names.owner(goal.owner.as_ref()),
            c: names.capability(goal.capability.as_ref().map(|c| c.value.as_str())),
            k: "goal",
            h: Cow::Borrowed(text(goal.metric.as_ref())),
            x: text(goal.description.as_ref()),
        });
    }
    for capability in &model.capabilities {
        others.push(Entry {
            t: capability.display_name(),
            u: Cow::Owned(urls::capability_url(&capability.id.value)),
            o: names.owner(capability.owner.as_ref()),
            c: "",
            k: "capability",
            h: Cow::Borrowed(""),
            x: text(capability.description.as_ref()),
        });
    }
    for person in &model.people {
        others.push(Entry {
            t: person.display_name(),
            u: Cow::Owned(urls::person_url(&person.id.value)),
            o: "",
            c: "",
            k: "person",
            h: Cow::Borrowed(text(person.role.as_ref())),
            x: text(person.team.as_ref()),
        });
    }
    for kpi in &model.kpis {
        others.push(Entry {
            t: kpi.display_name(),
            u: Cow::Owned(format!("kpis.html#kpi-{}", kpi.id.value)),
            o: names.owner(kpi.owner.as_ref()),
            c: names.capability(kpi.capability.as_ref().map(|c| c.value.as_str())),
            k: "kpi",
            h: Cow::Borrowed(""),
            x: text(kpi.description.as_ref()),
        });
    }
    for offering in &model.offerings {
        others.push(Entry {
            t: offering.display_name(),
            u: Cow::Owned(format!("offerings.html#offering-{}", offering.id.value)),
            o: names.owner(offering.owner.as_ref()),
            c: "",
            k: "offering",
            h: Cow::Borrowed(""),
            x: text(offering.description.as_ref()),
        });
    }
    let chunks: Vec<Vec<u8>> = pages
        .par_chunks(256)
        .map(|chunk| serialise(chunk.iter().map(page_entry)))
        .chain(rayon::iter::once(serialise(others.into_iter())))
        .collect();
    let mut out = Vec::with_capacity(chunks.iter().map(Vec::len).sum::<usize>() + 64);
    out.extend_from_slice(b"window.OPSCTL_SEARCH = [");
    let mut first = true;
    for chunk in chunks.iter().filter(|c| !c.is_empty()) {
        if !first {
            out.push(b',');
        }
        out.extend_from_slice(chunk);
        first = false;
    }
    out.extend_from_slice(b"];\n");
    out
}

/// An optional text field's value, or "".
fn text(value: Option<&Sp<String>>) -> &str {
    value.map_or("", |v| v.value.as_str())
}

/// Entries as comma-separated JSON objects.
fn serialise<'a>(entries: impl Iterator<Item = Entry<'a>>) -> Vec<u8> {
    let mut out = Vec::new();
    for (i, entry) in entries.enumerate() {
        if i > 0 {
            out.push(b',');
        }
        // Writing to a Vec cannot fail, and an Entry is plain strings.
        let _ = serde_json::to_writer(&mut out, &entry);
    }
    out
}
