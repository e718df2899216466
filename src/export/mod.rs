//! `opsctl export`: the model in other tools' formats — a calendar, a CODEOWNERS
//! file, and the whole model as JSON.

mod codeowners;
mod ics;

use serde::Serialize;
use serde_json::{Value, json};

use crate::load::Repository;
use crate::model::Entity;

pub use codeowners::{Codeowners, codeowners};
pub use ics::calendar;

/// Bumped when a field of `export json` is removed or changes meaning.
pub const JSON_VERSION: u32 = 1;

/// Each entity as written in its file (the entity-file schema), plus the file it is in.
fn entities<T: Serialize>(repo: &Repository, list: &[Entity<T>]) -> Vec<Value> {
    list.iter()
        .map(|e| {
            let mut value = serde_json::to_value(&e.doc).unwrap_or(Value::Null);
            if let Value::Object(map) = &mut value {
                map.insert("file".into(), json!(repo.file(e.file).path));
            }
            value
        })
        .collect()
}

/// The whole model: settings, every entity as written, the waivers, and every page's
/// front matter.
/// Dates and words are kept as written, so the document mirrors the repository.
pub fn model_json(repo: &Repository) -> Value {
    let m = &repo.model;
    let pages: Vec<Value> = m
        .pages
        .iter()
        .map(|p| {
            json!({
                "path": p.path,
                "title": p.title,
                "sop": p.capability().is_some(),
                "front_matter": p.meta,
            })
        })
        .collect();
    // Waivers are listed with the entities (with their file), not under the settings.
    let mut config = serde_json::to_value(&repo.config).unwrap_or(Value::Null);
    if let Value::Object(map) = &mut config {
        map.remove("waiver");
    }
    json!({
        "version": JSON_VERSION,
        "tool": {"name": "opsctl", "version": env!("CARGO_PKG_VERSION")},
        "config": config,
        "people": entities(repo, &m.people),
        "teams": entities(repo, &m.teams),
        "capabilities": entities(repo, &m.capabilities),
        "offerings": entities(repo, &m.offerings),
        "goals": entities(repo, &m.goals),
        "kpis": entities(repo, &m.kpis),
        "cadences": entities(repo, &m.cadences),
        "waivers": entities(repo, &m.waivers),
        "pages": pages,
    })
}
