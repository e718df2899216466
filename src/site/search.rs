//! `assets/search-index.js`: what the client-side search looks through.

use std::borrow::Cow;

use rayon::prelude::*;
use rustc_hash::FxHashMap;
use serde::Serialize;

use super::views::title_of;
use super::{Site, urls};
use crate::model::Kind;
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
    /// A page's section headings, one per line, or a short line (metric, role).
    h: Cow<'a, str>,
    /// A page's section anchors, in the order of `h`'s lines, between spaces: a
    /// result found by a heading opens at that section.
    #[serde(skip_serializing_if = "str::is_empty")]
    a: Cow<'a, str>,
    /// A page's tags, one per line.
    #[serde(skip_serializing_if = "str::is_empty")]
    g: Cow<'a, str>,
    /// Body words or description (last: a page's words are written in after it).
    x: &'a str,
}

/// Display names by id, looked up once rather than per entry.
pub struct Names<'a> {
    people: FxHashMap<&'a str, &'a str>,
    capabilities: FxHashMap<&'a str, &'a str>,
}

impl<'a> Names<'a> {
    pub fn new(model: &'a crate::model::Model) -> Self {
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

/// Writes `assets/search-index.js`: every page and entity with the words to find it
/// by. `page_entries` are the pages' entries in order, made by [`page_entry`] as each
/// page was rendered (on all threads: the index of a large handbook runs to tens of
/// megabytes, so it is written out, not assembled in memory).
pub fn write_search_index(
    site: &Site,
    page_entries: &[String],
    out: &mut dyn std::io::Write,
) -> std::io::Result<()> {
    let entities = entity_entries(site);
    write_script(
        page_entries.iter().chain(&entities).map(String::as_str),
        out,
    )
}

/// One page's entry in the search index, as JSON (serve reuses those of unchanged pages).
/// `words` are the page's words as [`super::words::SearchWords`] gathers them: words
/// of letters, digits, `-` and `_`, between spaces. None of those is a character JSON
/// escapes, so they are written as they are: looking through them byte by byte for
/// one to escape, as serde_json does, was most of the cost of making an entry.
pub fn page_entry(site: &Site, index: usize, url: &str, words: &str) -> String {
    debug_assert!(
        !words.bytes().any(|b| b < 0x20 || b == b'"' || b == b'\\'),
        "search words hold a character JSON escapes: {words:?}"
    );
    // Serialising plain strings cannot fail.
    let mut json = serde_json::to_string(&page_entry_with(site, index, url)).unwrap_or_default();
    // The entry ends with its empty words, `"x":""}`: the words go between the quotes.
    debug_assert!(json.ends_with(r#""x":""}"#));
    json.truncate(json.len().saturating_sub(2));
    json.reserve_exact(words.len() + 2);
    json.push_str(words);
    json.push_str("\"}");
    json
}

/// A page's entry, its words left empty.
fn page_entry_with<'a>(site: &'a Site, index: usize, url: &'a str) -> Entry<'a> {
    let page = &site.views.repo.model.pages[index];
    // The page's sections: its headings but the one the page header shows as its title.
    let skip = usize::from(page.title_anchor().is_some());
    let sections = page.outline.headings.iter().skip(skip);
    Entry {
        t: &page.title,
        u: Cow::Borrowed(url),
        o: site.names.owner(page.meta.owner.as_ref()),
        c: site.names.capability(page.capability()),
        k: if page.capability().is_some() {
            "sop"
        } else {
            "page"
        },
        h: Cow::Owned(
            sections
                .clone()
                .map(|h| h.text.as_str())
                .collect::<Vec<_>>()
                .join("\n"),
        ),
        a: Cow::Owned(
            sections
                .map(|h| h.anchor.as_str())
                .collect::<Vec<_>>()
                .join(" "),
        ),
        g: Cow::Owned(super::tags::of_page(page).join("\n")),
        x: "",
    }
}

/// The entries of goals, capabilities, people, KPIs and offerings, and of the
/// generated pages of the top navigation and the tags page, as JSON.
pub fn entity_entries(site: &Site) -> Vec<String> {
    let model = &site.views.repo.model;
    let names = &site.names;
    // Each links to its own card: a second entity with a taken id has an anchor of
    // its own.
    let anchor = |kind, i, id| site.views.anchor(kind, i, id);
    let mut entries: Vec<Entry> = Vec::new();
    for (i, goal) in model.goals.iter().enumerate() {
        entries.push(Entry {
            t: title_of(goal),
            u: Cow::Owned(format!(
                "goals.html#goal-{}",
                anchor(Kind::Goal, i, &goal.id.value)
            )),
            o: names.owner(goal.owner.as_ref()),
            c: names.capability(goal.capability.as_ref().map(|c| c.value.as_str())),
            k: "goal",
            h: Cow::Borrowed(text(goal.metric.as_ref())),
            a: Cow::Borrowed(""),
            g: Cow::Borrowed(""),
            x: text(goal.description.as_ref()),
        });
    }
    for capability in &model.capabilities {
        entries.push(Entry {
            t: capability.display_name(),
            u: Cow::Owned(urls::capability_url(&capability.id.value)),
            o: names.owner(capability.owner.as_ref()),
            c: "",
            k: "capability",
            h: Cow::Borrowed(""),
            a: Cow::Borrowed(""),
            g: Cow::Borrowed(""),
            x: text(capability.description.as_ref()),
        });
    }
    for person in &model.people {
        entries.push(Entry {
            t: person.display_name(),
            u: Cow::Owned(urls::person_url(&person.id.value)),
            o: "",
            c: "",
            k: "person",
            h: Cow::Borrowed(text(person.role.as_ref())),
            a: Cow::Borrowed(""),
            g: Cow::Borrowed(""),
            // The team's name, as the people page shows it.
            x: person
                .team
                .as_ref()
                .map_or("", |t| site.views.team_name(&t.value)),
        });
    }
    for (i, kpi) in model.kpis.iter().enumerate() {
        entries.push(Entry {
            t: kpi.display_name(),
            u: Cow::Owned(format!(
                "kpis.html#kpi-{}",
                anchor(Kind::Kpi, i, &kpi.id.value)
            )),
            o: names.owner(kpi.owner.as_ref()),
            c: names.capability(kpi.capability.as_ref().map(|c| c.value.as_str())),
            k: "kpi",
            h: Cow::Borrowed(""),
            a: Cow::Borrowed(""),
            g: Cow::Borrowed(""),
            x: text(kpi.description.as_ref()),
        });
    }
    for (i, offering) in model.offerings.iter().enumerate() {
        entries.push(Entry {
            t: offering.display_name(),
            u: Cow::Owned(format!(
                "offerings.html#offering-{}",
                anchor(Kind::Offering, i, &offering.id.value)
            )),
            o: names.owner(offering.owner.as_ref()),
            c: "",
            k: "offering",
            h: Cow::Borrowed(""),
            a: Cow::Borrowed(""),
            g: Cow::Borrowed(""),
            x: text(offering.description.as_ref()),
        });
    }
    // The generated pages themselves, found by their names ("tags", "findings").
    for (title, url) in super::SECTIONS.iter().chain([&("Tags", "tags.html")]) {
        entries.push(Entry {
            t: title,
            u: Cow::Borrowed(url),
            o: "",
            c: "",
            k: "page",
            h: Cow::Borrowed(""),
            a: Cow::Borrowed(""),
            g: Cow::Borrowed(""),
            x: "",
        });
    }
    entries.par_iter().map(json).collect()
}

/// The script that holds the entries.
pub fn assemble<'e>(entries: impl Iterator<Item = &'e str>) -> String {
    let mut out = Vec::new();
    // Writing to memory cannot fail.
    let _ = write_script(entries, &mut out);
    String::from_utf8(out).unwrap_or_default()
}

fn write_script<'e>(
    entries: impl Iterator<Item = &'e str>,
    out: &mut dyn std::io::Write,
) -> std::io::Result<()> {
    out.write_all(b"window.OPSCTL_SEARCH = [")?;
    for (i, entry) in entries.enumerate() {
        if i > 0 {
            out.write_all(b",")?;
        }
        out.write_all(entry.as_bytes())?;
    }
    out.write_all(b"];\n")
}

/// An optional text field's value, or "".
fn text(value: Option<&Sp<String>>) -> &str {
    value.map_or("", |v| v.value.as_str())
}

/// One entry as JSON text (an Entry is plain strings: serialising cannot fail). The
/// entries of a large handbook are held until the index is written: without spare
/// capacity.
fn json(entry: &Entry) -> String {
    let mut json = serde_json::to_string(entry).unwrap_or_default();
    json.shrink_to_fit();
    json
}
