//! Pages added, removed, renamed (as git detects renames) and edited, with the
//! sections and front-matter fields each edit touched.

use rustc_hash::{FxHashMap, FxHashSet};

use serde_json::Value;

use super::entities::Presence;
use super::fields::{self, FieldChange};
use super::renames::Renames;
use super::sections::{self, SectionChange};
use crate::load::Repository;
use crate::model::Page;

#[derive(Debug, Clone, PartialEq)]
pub struct PageChange {
    /// The page's path on the head side (on the base side when removed).
    pub path: String,
    /// The path it had on the base side, when renamed.
    pub from: Option<String>,
    pub presence: Presence,
    pub title: String,
    /// The capability it is an SOP of, if any.
    pub capability: Option<String>,
    pub sections: Vec<SectionChange>,
    pub fields: Vec<FieldChange>,
}

fn text<'a>(repo: &'a Repository, page: &Page) -> &'a str {
    repo.files
        .get(page.file)
        .and_then(|f| f.text())
        .unwrap_or_default()
}

fn change(page: &Page, presence: Presence) -> PageChange {
    PageChange {
        path: page.path.clone(),
        from: None,
        presence,
        title: page.title.clone(),
        capability: page.capability().map(str::to_string),
        sections: Vec::new(),
        fields: Vec::new(),
    }
}

/// The same page on both sides (perhaps under another path): `None` when its text is
/// the same.
fn edited(base: &Repository, old: &Page, head: &Repository, new: &Page) -> Option<PageChange> {
    let (old_text, new_text) = (text(base, old), text(head, new));
    let renamed = old.path != new.path;
    if old_text == new_text && !renamed {
        return None;
    }
    let meta = |p: &Page| serde_json::to_value(&p.meta).unwrap_or(Value::Null);
    let mut page = change(
        new,
        if renamed {
            Presence::Renamed
        } else {
            Presence::Changed
        },
    );
    page.from = renamed.then(|| old.path.clone());
    page.sections = sections::compare((old, old_text), (new, new_text));
    page.fields = fields::compare(&meta(old), &meta(new));
    Some(page)
}

fn by_path(repo: &Repository) -> FxHashMap<&str, &Page> {
    repo.model
        .pages
        .iter()
        .map(|p| (p.path.as_str(), p))
        .collect()
}

/// Every page that differs, ordered by path.
pub fn compare(base: &Repository, head: &Repository, renames: &Renames) -> Vec<PageChange> {
    let (old_pages, new_pages) = (by_path(base), by_path(head));
    let mut matched: FxHashSet<&str> = FxHashSet::default();
    let mut changes = Vec::new();
    for old in &base.model.pages {
        let same = new_pages.get(old.path.as_str());
        // A rename counts only when the old path is gone and the new one is new.
        let moved = renames
            .get(&old.path)
            .filter(|to| !old_pages.contains_key(to.as_str()))
            .and_then(|to| new_pages.get(to.as_str()));
        match same.or(moved) {
            Some(new) => {
                matched.insert(new.path.as_str());
                changes.extend(edited(base, old, head, new));
            }
            None => changes.push(change(old, Presence::Removed)),
        }
    }
    for new in &head.model.pages {
        if !matched.contains(new.path.as_str()) {
            changes.push(change(new, Presence::Added));
        }
    }
    changes.sort_by(|a, b| a.path.cmp(&b.path));
    changes
}
