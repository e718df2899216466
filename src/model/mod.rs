//! The typed model of an ops repository: entities, pages and the indexes between them.

pub mod entities;
pub mod ownership;
pub mod value;

use std::collections::{HashMap, HashSet};
use std::ops::Range;

use rustc_hash::FxHashMap;

use entities::*;
use value::Sp;

use crate::load::FileId;
use crate::load::markdown::{Outline, RenderedBody};

/// An entity together with the file it was read from.
#[derive(Debug, Clone)]
pub struct Entity<T> {
    pub file: FileId,
    /// The table's header (`[[goal]]`), where findings about the whole entity point.
    pub header: Range<usize>,
    pub doc: T,
}

impl<T> Entity<T> {
    pub fn new(file: FileId, header: Range<usize>, doc: T) -> Self {
        Entity { file, header, doc }
    }
}

impl<T> std::ops::Deref for Entity<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.doc
    }
}

/// An entity with an `id`.
pub trait Identified {
    fn id(&self) -> &Sp<String>;
}

macro_rules! identified {
    ($($t:ty),*) => {$(
        impl Identified for $t {
            fn id(&self) -> &Sp<String> {
                &self.id
            }
        }
    )*};
}
identified!(Person, Team, Capability, Offering, Goal, Kpi, Cadence);

/// An entity shown by its name, or by its id when it has none.
pub trait Named {
    fn display_name(&self) -> &str;
}

macro_rules! named {
    ($($t:ty),*) => {$(
        impl Named for $t {
            fn display_name(&self) -> &str {
                self.name.as_ref().map_or(self.id.value.as_str(), |n| n.value.as_str())
            }
        }
    )*};
}
named!(Person, Team, Capability, Offering, Kpi, Cadence);

/// A goal is shown by its title.
impl Named for Goal {
    fn display_name(&self) -> &str {
        self.title
            .as_ref()
            .map_or(self.id.value.as_str(), |t| t.value.as_str())
    }
}

/// The kinds of entity that live in TOML files, each its own id namespace.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Kind {
    Person,
    Team,
    Capability,
    Offering,
    Goal,
    Kpi,
    Cadence,
}

impl Kind {
    pub const ALL: [Kind; 7] = [
        Kind::Person,
        Kind::Team,
        Kind::Capability,
        Kind::Offering,
        Kind::Goal,
        Kind::Kpi,
        Kind::Cadence,
    ];

    /// The table name in entity files (`[[goal]]`).
    pub fn table(self) -> &'static str {
        match self {
            Kind::Person => "person",
            Kind::Team => "team",
            Kind::Capability => "capability",
            Kind::Offering => "offering",
            Kind::Goal => "goal",
            Kind::Kpi => "kpi",
            Kind::Cadence => "cadence",
        }
    }

    pub fn from_table(name: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.table() == name)
    }
}

/// A Markdown page; an SOP when it names a capability.
#[derive(Debug, Clone)]
pub struct Page {
    pub file: FileId,
    pub path: String,
    pub meta: PageMeta,
    /// The front matter's title, else the first heading, else the file name.
    pub title: String,
    /// Where the front matter is (fences included), if there is one.
    pub front_matter: Option<Range<usize>>,
    /// False when the front matter could not be parsed, so its fields are unknown
    /// (rules about missing fields stay quiet rather than guess).
    pub front_matter_ok: bool,
    pub outline: Outline,
    /// The body as the site shows it, when it was rendered during the load
    /// (`opsctl build` and `serve` render in the same pass that reads the outline).
    pub rendered: Option<std::sync::Arc<RenderedBody>>,
}

impl Page {
    /// The title its front matter gives, if it gives one that is not blank.
    pub fn front_title(&self) -> Option<&str> {
        (self.meta.title.as_ref())
            .map(|t| t.value.as_str())
            .filter(|t| !t.trim().is_empty())
    }

    /// The anchor of the heading that is the page's title (its first `# Heading`,
    /// when the front matter gives no other title): the page header's own.
    pub fn title_anchor(&self) -> Option<&str> {
        let heading = self.outline.title_heading(self.front_title())?;
        Some(heading.anchor.as_str())
    }

    pub fn status(&self) -> PageStatus {
        self.meta
            .status
            .as_ref()
            .and_then(|s| s.value.value)
            .unwrap_or(PageStatus::Active)
    }

    /// When the page was last reviewed and when its next review is due (its own
    /// `review_every`, else `default_every`). A page without `last_reviewed` that is
    /// meant to be reviewed (an SOP, or a page with its own `review_every`) counts
    /// from the last commit that changed it, when the history is known.
    pub fn review(
        &self,
        default_every: value::Period,
        history: Option<&crate::history::History>,
    ) -> Option<Review> {
        let every = self
            .meta
            .review_every
            .as_ref()
            .and_then(|p| p.value.period)
            .unwrap_or(default_every);
        if let Some(reviewed) = &self.meta.last_reviewed {
            let last = reviewed.value.get()?;
            return Some(Review {
                last,
                due: every.after(last),
                last_change: None,
            });
        }
        if !self.reviewed_by_history() {
            return None;
        }
        let change = history?.file(&self.path)?.last_changed.clone()?;
        Some(Review {
            last: change.date,
            due: every.after(change.date),
            last_change: Some(change),
        })
    }

    /// Whether the page's review dates come from its last commit: it has no
    /// `last_reviewed` but is meant to be reviewed (an SOP, or its own `review_every`).
    pub fn reviewed_by_history(&self) -> bool {
        self.meta.last_reviewed.is_none()
            && (self.capability().is_some() || self.meta.review_every.is_some())
    }

    pub fn capability(&self) -> Option<&str> {
        self.meta.capability.as_ref().map(|c| c.value.as_str())
    }
}

/// When a page was last looked at and when it is due again.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Review {
    pub last: jiff::civil::Date,
    pub due: jiff::civil::Date,
    /// Set when `last_reviewed` is absent and the page's last commit counts instead.
    pub last_change: Option<crate::history::Change>,
}

/// Every entity and page of a repository.
#[derive(Debug, Default, Clone)]
pub struct Model {
    pub people: Vec<Entity<Person>>,
    pub teams: Vec<Entity<Team>>,
    pub capabilities: Vec<Entity<Capability>>,
    pub offerings: Vec<Entity<Offering>>,
    pub goals: Vec<Entity<Goal>>,
    pub kpis: Vec<Entity<Kpi>>,
    pub cadences: Vec<Entity<Cadence>>,
    pub waivers: Vec<Entity<Waiver>>,
    pub pages: Vec<Page>,
    /// Ids of entities that exist but could not be read (a bad value), so
    /// references to them are not reported a second time as unknown.
    pub unreadable_ids: HashMap<Kind, HashSet<String>>,
}

/// Lookups by id and path, built once so that every rule runs in linear time.
#[derive(Debug, Default)]
pub struct Index {
    ids: FxHashMap<Kind, FxHashMap<String, usize>>,
    pages: FxHashMap<String, usize>,
    /// Per file, where each entity's table starts (with its kind, id and position in
    /// its model vector), to find the entity around an offset.
    headers: FxHashMap<FileId, Vec<(usize, Kind, String, usize)>>,
}

impl Model {
    /// Adds everything of `other` (the entities of one more file).
    pub fn absorb(&mut self, other: Model) {
        self.people.extend(other.people);
        self.teams.extend(other.teams);
        self.capabilities.extend(other.capabilities);
        self.offerings.extend(other.offerings);
        self.goals.extend(other.goals);
        self.kpis.extend(other.kpis);
        self.cadences.extend(other.cadences);
        self.waivers.extend(other.waivers);
        self.pages.extend(other.pages);
        for (kind, ids) in other.unreadable_ids {
            self.unreadable_ids.entry(kind).or_default().extend(ids);
        }
    }

    /// Every entity of one kind as (file, header, id), in load order.
    pub fn ids(&self, kind: Kind) -> Vec<(FileId, &Range<usize>, &Sp<String>)> {
        fn of<T: Identified>(entities: &[Entity<T>]) -> Vec<(FileId, &Range<usize>, &Sp<String>)> {
            entities
                .iter()
                .map(|e| (e.file, &e.header, e.doc.id()))
                .collect()
        }
        match kind {
            Kind::Person => of(&self.people),
            Kind::Team => of(&self.teams),
            Kind::Capability => of(&self.capabilities),
            Kind::Offering => of(&self.offerings),
            Kind::Goal => of(&self.goals),
            Kind::Kpi => of(&self.kpis),
            Kind::Cadence => of(&self.cadences),
        }
    }

    pub fn index(&self) -> Index {
        let mut index = Index::default();
        for kind in Kind::ALL {
            let map = index.ids.entry(kind).or_default();
            for (i, (file, header, id)) in self.ids(kind).into_iter().enumerate() {
                map.entry(id.value.clone()).or_insert(i);
                index.headers.entry(file).or_default().push((
                    header.start,
                    kind,
                    id.value.clone(),
                    i,
                ));
            }
        }
        for (i, page) in self.pages.iter().enumerate() {
            index.pages.insert(page.path.clone(), i);
        }
        for headers in index.headers.values_mut() {
            headers.sort();
        }
        index
    }

    pub fn person(&self, index: &Index, id: &str) -> Option<&Entity<Person>> {
        index.position(Kind::Person, id).map(|i| &self.people[i])
    }

    pub fn goal(&self, index: &Index, id: &str) -> Option<&Entity<Goal>> {
        index.position(Kind::Goal, id).map(|i| &self.goals[i])
    }

    /// Whether an entity of `kind` with this id exists, readable or not.
    pub fn exists(&self, index: &Index, kind: Kind, id: &str) -> bool {
        index.position(kind, id).is_some()
            || self
                .unreadable_ids
                .get(&kind)
                .is_some_and(|ids| ids.contains(id))
    }
}

impl Index {
    /// The position of the first entity of `kind` with `id` in its model vector.
    pub fn position(&self, kind: Kind, id: &str) -> Option<usize> {
        self.ids.get(&kind)?.get(id).copied()
    }

    /// Every id of one kind, for did-you-mean suggestions.
    pub fn ids(&self, kind: Kind) -> impl Iterator<Item = &str> {
        self.ids
            .get(&kind)
            .into_iter()
            .flat_map(|m| m.keys().map(String::as_str))
    }

    /// The kind and id of the entity whose table holds `offset` of `file`.
    pub fn entity_at(&self, file: FileId, offset: usize) -> Option<(Kind, &str)> {
        self.entity_with_position_at(file, offset)
            .map(|(kind, id, _)| (kind, id))
    }

    /// The kind, id and position in its model vector of the entity whose table holds
    /// `offset` of `file` (two entities may share an id; the position tells them apart).
    pub fn entity_with_position_at(
        &self,
        file: FileId,
        offset: usize,
    ) -> Option<(Kind, &str, usize)> {
        let headers = self.headers.get(&file)?;
        let after = headers.partition_point(|(start, ..)| *start <= offset);
        after.checked_sub(1).map(|i| {
            let (_, kind, id, position) = &headers[i];
            (*kind, id.as_str(), *position)
        })
    }

    pub fn page(&self, path: &str) -> Option<usize> {
        self.pages.get(path).copied()
    }
}
