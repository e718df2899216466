//! `opsctl new`: adds an entity to the right TOML file, or an SOP page, with every
//! required field given (as flags, or answered at a prompt) and every reference checked,
//! so that what it writes loads and checks.

pub mod fields;
pub mod prompt;
mod target;
mod validate;
pub mod write;

use std::collections::BTreeMap;

use jiff::civil::Date;
use toml_edit::{Item, Table, Value};

pub use fields::{Field, Need, NewKind, Shape};
use validate::Lookup;

use crate::load::Repository;
use crate::model::Model;
use crate::model::entities::{GoalPeriod, Horizon};
use crate::model::value::{Choices, parse_date};

/// The values given for a new entity, by TOML key, as written (lists comma-separated).
pub type Values = BTreeMap<&'static str, String>;

/// What `new` wrote.
#[derive(Debug)]
pub struct Added {
    /// The new entity's id, or the new page's path.
    pub name: String,
    /// The file written, relative to the root.
    pub path: String,
    /// Whether that file is new.
    pub created: bool,
    /// Values opsctl chose because none was given ("status = active"), to say so.
    pub defaults: Vec<String>,
}

/// The required fields of `kind` that `values` lacks, in the order they are asked.
pub fn missing(kind: NewKind, values: &Values) -> Vec<&'static Field> {
    let quarter = values.get("horizon").map(|h| h.trim()) == Some("quarter");
    kind.fields()
        .iter()
        .filter(|f| values.get(f.key).is_none_or(|v| v.trim().is_empty()))
        .filter(|f| match f.need {
            Need::Required => true,
            Need::Optional => false,
            Need::ForQuarter => quarter,
        })
        .collect()
}

/// "--title, --owner": the flags of some fields.
pub fn flags(fields: &[&Field]) -> String {
    fields
        .iter()
        .map(|f| format!("--{}", f.flag()))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Adds a `kind` made of `values` to the repository on disk; `file` overrides where.
pub fn add(
    repo: &Repository,
    kind: NewKind,
    values: &Values,
    file: Option<&str>,
    today: Date,
) -> Result<Added, String> {
    let absent = missing(kind, values);
    if !absent.is_empty() {
        return Err(format!(
            "missing {} (`opsctl new {} --help` describes every field)",
            flags(&absent),
            kind.name()
        ));
    }
    let lookup = Lookup::new(repo);
    let mut table = Table::new();
    let mut defaults = Vec::new();
    let mut errors = Vec::new();
    for field in kind.fields() {
        let value = match values.get(field.key) {
            Some(raw) => match lookup.value(kind, field, raw) {
                Ok(value) => value,
                Err(e) => {
                    errors.push(format!("--{}: {e}", field.flag()));
                    continue;
                }
            },
            None => match default(&repo.model, kind, field.key, &table, today) {
                Some((value, why)) => {
                    defaults.push(format!("{} = {}{why}", field.key, value.to_string().trim()));
                    value
                }
                None => continue,
            },
        };
        table.insert(field.key, Item::Value(value));
    }
    if !errors.is_empty() {
        return Err(format!("nothing was written:\n  {}", errors.join("\n  ")));
    }
    match kind.entity() {
        Some(entity) => {
            let path = match file {
                Some(file) => target::checked_path(file, ".toml")?,
                None => target::entity_file(repo, entity, period(&table)),
            };
            let name = values.get("id").cloned().unwrap_or_default();
            let created = write::append_entity(&repo.root, &path, entity.table(), table)?;
            Ok(Added {
                name,
                path,
                created,
                defaults,
            })
        }
        None => add_sop(repo, table, file, defaults),
    }
}

fn add_sop(
    repo: &Repository,
    meta: Table,
    file: Option<&str>,
    defaults: Vec<String>,
) -> Result<Added, String> {
    let text = |key: &str| {
        meta.get(key)
            .and_then(Item::as_str)
            .unwrap_or("")
            .to_string()
    };
    let title = text("title");
    let path = match file {
        Some(file) => target::checked_path(file, ".md")?,
        None => {
            let slug = crate::slug::slugify(&title);
            if slug.is_empty() {
                return Err(format!(
                    "cannot make a file name from the title `{title}`; give one with --file"
                ));
            }
            format!("sops/{}/{slug}.md", text("capability"))
        }
    };
    let full = repo.root.join(&path);
    if full.exists() || repo.model.pages.iter().any(|p| p.path == path) {
        return Err(format!(
            "{path} already exists; choose another --title, or a path with --file"
        ));
    }
    write::create(&full, &write::sop_page(meta, &title)).map_err(|e| format!("{path}: {e}"))?;
    Ok(Added {
        name: path.clone(),
        path,
        created: true,
        defaults,
    })
}

/// The value opsctl writes when a field is not given, and why (shown to the user).
fn default(
    model: &Model,
    kind: NewKind,
    key: &str,
    so_far: &Table,
    today: Date,
) -> Option<(Value, String)> {
    match (kind, key) {
        (NewKind::Goal, "status") => Some(("active".into(), String::new())),
        (NewKind::Goal, "priority") => {
            let period = period(so_far)?;
            let next = model
                .goals
                .iter()
                .filter(|g| g.is_open() && g.period() == Some(period))
                .filter_map(|g| g.priority.as_ref().map(|p| p.value))
                .max()
                .unwrap_or(0)
                + 1;
            Some((
                next.into(),
                " (the next free rank in its horizon and period)".into(),
            ))
        }
        (NewKind::Sop, "status") => Some(("draft".into(), String::new())),
        (NewKind::Sop, "last_reviewed") => {
            let date = today.to_string().parse::<toml_edit::Datetime>().ok()?;
            Some((date.into(), String::new()))
        }
        _ => None,
    }
}

/// A new goal's planning period, from its horizon and deadline.
fn period(table: &Table) -> Option<GoalPeriod> {
    let horizon = Horizon::from_name(table.get("horizon")?.as_str()?)?;
    let deadline = table
        .get("deadline")?
        .as_value()?
        .as_datetime()?
        .to_string();
    Some(GoalPeriod::of(horizon, parse_date(&deadline).ok()?))
}
