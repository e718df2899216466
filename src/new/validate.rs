//! Checks one value given to `opsctl new` against the repository, and turns it into
//! the TOML value that is written. References must name what exists, so that what
//! `new` writes loads and checks without errors.

use toml_edit::{Array, Value};

use super::fields::{Field, NewKind, Shape};
use crate::load::Repository;
use crate::model::entities::Horizon;
use crate::model::value::{Period, is_slug, parse_date};
use crate::model::{Index, Kind};
use crate::suggest;

/// The repository a new entity is checked against.
pub struct Lookup<'a> {
    pub repo: &'a Repository,
    pub index: Index,
}

impl<'a> Lookup<'a> {
    pub fn new(repo: &'a Repository) -> Self {
        Lookup {
            repo,
            index: repo.model.index(),
        }
    }

    /// The ids of one kind, sorted, for hints and suggestions.
    pub fn ids(&self, kind: Kind) -> Vec<&str> {
        let mut ids: Vec<&str> = self.index.ids(kind).collect();
        ids.sort_unstable();
        ids
    }

    /// `raw` as the TOML value of `field`, or why it cannot be.
    pub fn value(&self, kind: NewKind, field: &Field, raw: &str) -> Result<Value, String> {
        let raw = raw.trim();
        if raw.is_empty() {
            return Err("is empty".into());
        }
        match field.shape {
            Shape::Text => Ok(raw.into()),
            Shape::Words => Ok(list(raw, |w| Ok(w.to_string()))?.into()),
            Shape::NewId => self.new_id(kind, raw).map(Value::from),
            Shape::Person => self.person(raw).map(Value::from),
            Shape::People => Ok(list(raw, |id| self.person(id))?.into()),
            Shape::Team => self.known(Kind::Team, raw).map(Value::from),
            Shape::Capability => self.known(Kind::Capability, raw).map(Value::from),
            Shape::Capabilities => Ok(list(raw, |id| self.known(Kind::Capability, id))?.into()),
            Shape::AnnualGoal => self.annual_goal(raw).map(Value::from),
            Shape::Page => self.page(raw).map(Value::from),
            Shape::Date => date(raw),
            Shape::Choice(names) => choice(raw, names).map(Value::from),
            Shape::Period => Period::parse(raw).map(|_| raw.into()).ok_or_else(|| {
                format!(
                    "`{raw}` is not a period: write a number and d, w, m, q or y, e.g. 1w or 90d"
                )
            }),
            Shape::Number => number(raw),
            Shape::Rank => match raw.parse::<i64>() {
                Ok(n) if n >= 1 => Ok(n.into()),
                _ => Err(format!(
                    "`{raw}` is not a rank: write a whole number, 1 or more"
                )),
            },
        }
    }

    fn new_id(&self, kind: NewKind, id: &str) -> Result<String, String> {
        if !is_slug(id) {
            return Err(format!(
                "`{id}` is not an id: use lowercase letters, digits and '-'"
            ));
        }
        let Some(entity) = kind.entity() else {
            return Ok(id.to_string());
        };
        if self.repo.model.exists(&self.index, entity, id) {
            return Err(format!(
                "a {} `{id}` already exists{}; choose another id",
                entity.table(),
                self.place(entity, id)
            ));
        }
        Ok(id.to_string())
    }

    /// " (people.toml:12)": where an entity is defined.
    fn place(&self, kind: Kind, id: &str) -> String {
        let model = &self.repo.model;
        model
            .ids(kind)
            .into_iter()
            .find(|(_, _, found)| found.value == id)
            .map(|(file, _, found)| {
                let file = self.repo.file(file);
                format!(" ({}:{})", file.path, file.locate(&found.span).0.line)
            })
            .unwrap_or_default()
    }

    fn person(&self, id: &str) -> Result<String, String> {
        if self.index.position(Kind::Person, id).is_some() {
            return Ok(id.to_string());
        }
        if let Some(i) = self.index.position(Kind::Team, id) {
            let lead = self.repo.model.teams[i]
                .lead
                .as_ref()
                .map(|l| format!(" (its lead is `{}`)", l.value))
                .unwrap_or_default();
            return Err(format!(
                "`{id}` is a team; name one person{lead}, shared ownership is no ownership"
            ));
        }
        self.known(Kind::Person, id)
    }

    /// `id` when an entity of `kind` has it, else a message with the closest id.
    fn known(&self, kind: Kind, id: &str) -> Result<String, String> {
        if self.index.position(kind, id).is_some() {
            return Ok(id.to_string());
        }
        let hint = suggest::did_you_mean(id, self.index.ids(kind)).unwrap_or_else(|| {
            format!(
                "add it first with `opsctl new {}`",
                NewKind::ALL
                    .into_iter()
                    .find(|k| k.entity() == Some(kind))
                    .map_or("…", NewKind::name)
            )
        });
        Err(format!("there is no {} `{id}`; {hint}", kind.table()))
    }

    fn annual_goal(&self, id: &str) -> Result<String, String> {
        let id = self.known(Kind::Goal, id)?;
        let goal = self.repo.model.goal(&self.index, &id).map(|g| g.horizon());
        if goal == Some(Some(Horizon::Quarter)) {
            return Err(format!(
                "`{id}` is a quarter goal; a quarter goal serves an annual goal"
            ));
        }
        Ok(id)
    }

    fn page(&self, path: &str) -> Result<String, String> {
        if self.index.page(path).is_some() {
            return Ok(path.to_string());
        }
        let pages = self.repo.model.pages.iter().map(|p| p.path.as_str());
        let hint = suggest::did_you_mean(path, pages)
            .unwrap_or_else(|| "give the path from the repository root".into());
        Err(format!("there is no page `{path}`; {hint}"))
    }
}

/// Comma-separated values, each checked by `one`.
fn list(raw: &str, one: impl Fn(&str) -> Result<String, String>) -> Result<Array, String> {
    let mut array = Array::new();
    for item in raw.split(',').map(str::trim).filter(|s| !s.is_empty()) {
        array.push(one(item)?);
    }
    Ok(array)
}

fn date(raw: &str) -> Result<Value, String> {
    parse_date(raw).map_err(|e| format!("`{raw}`: {e}; write YYYY-MM-DD"))?;
    raw.parse::<toml_edit::Datetime>()
        .map(Value::from)
        .map_err(|e| format!("`{raw}`: {e}"))
}

fn choice(raw: &str, names: &[&str]) -> Result<String, String> {
    if names.contains(&raw) {
        return Ok(raw.to_string());
    }
    let hint = suggest::did_you_mean(raw, names.iter().copied())
        .unwrap_or_else(|| format!("use one of: {}", names.join(", ")));
    Err(format!("`{raw}` is not allowed; {hint}"))
}

fn number(raw: &str) -> Result<Value, String> {
    if let Ok(n) = raw.parse::<i64>() {
        return Ok(n.into());
    }
    match raw.parse::<f64>() {
        Ok(n) if n.is_finite() => Ok(n.into()),
        _ => Err(format!("`{raw}` is not a number")),
    }
}
