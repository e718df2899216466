//! The changes a reviewer must not miss, in the order they are shown first: deadline
//! slips, ownership changes, lost coverage, new errors.

use super::Changes;
use super::coverage::CoverageChange;
use super::entities::EntityChange;
use super::fields::{FieldChange, Meaning};
use super::pages::PageChange;
use crate::finding::{Finding, Level};

pub enum Risk<'a> {
    /// A field of an entity: an owner moved or removed, a deadline slipped or removed.
    Entity(&'a EntityChange, &'a FieldChange),
    /// The same in a page's front matter (its owner, a retro action's due date).
    Page(&'a PageChange, &'a FieldChange),
    Coverage(&'a CoverageChange),
    NewError(&'a Finding),
}

impl Risk<'_> {
    fn rank(&self) -> u8 {
        match self {
            Risk::Entity(_, f) | Risk::Page(_, f) if f.meaning == Meaning::Deadline => 0,
            Risk::Entity(..) | Risk::Page(..) => 1,
            Risk::Coverage(_) => 2,
            Risk::NewError(_) => 3,
        }
    }
}

/// Every risky change, slips first.
pub fn risks<'a>(changes: &'a Changes) -> Vec<Risk<'a>> {
    let mut risks: Vec<Risk> = Vec::new();
    for entity in &changes.entities {
        let risky = entity.fields.iter().filter(|f| f.risky());
        risks.extend(risky.map(|f| Risk::Entity(entity, f)));
    }
    for page in &changes.pages {
        let risky = page.fields.iter().filter(|f| f.risky());
        risks.extend(risky.map(|f| Risk::Page(page, f)));
    }
    let lost = changes.coverage.iter().filter(|c| c.change.risky());
    risks.extend(lost.map(Risk::Coverage));
    let errors = changes
        .introduced
        .iter()
        .filter(|f| f.level == Level::Error);
    risks.extend(errors.map(|f| Risk::NewError(f)));
    risks.sort_by_key(Risk::rank);
    risks
}
