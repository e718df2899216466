//! Reading TOML tables into typed entities: unknown keys, type errors and syntax errors
//! become findings, and one bad entity never hides the others.

use serde::Deserialize;
use serde_json::Value;
use toml::Spanned;
use toml::de::{DeTable, DeValue, ValueDeserializer};

use super::FileId;
use super::keys::{UnknownKey, strip_unknown};
use crate::config::{CONFIG_FILE, Config};
use crate::finding::{Finding, Location};
use crate::model::entities::*;
use crate::model::{Entity, Kind, Model};
use crate::suggest;

/// Collects the findings of one file.
pub struct FileCx {
    pub file: FileId,
    pub findings: Vec<Finding>,
}

impl FileCx {
    pub fn new(file: FileId) -> Self {
        FileCx {
            file,
            findings: Vec::new(),
        }
    }

    pub fn at(&self, span: std::ops::Range<usize>) -> Location {
        Location::new(self.file, span)
    }

    pub fn push(&mut self, finding: Finding) {
        self.findings.push(finding);
    }

    /// Parses TOML, reporting syntax errors. A date literal that is not a real
    /// date (`2026-02-30`) is kept as text, for the `invalid-date` rule to report,
    /// instead of failing the file. The flag says whether the table can be trusted.
    pub fn parse<'i>(&mut self, text: &'i str, what: &str) -> (DeTable<'i>, bool) {
        let (root, errors) = DeTable::parse_recoverable(text);
        let mut table = root.into_inner();
        let (dates, others): (Vec<_>, Vec<_>) = errors
            .into_iter()
            .partition(|e| e.message().starts_with("invalid date") && e.span().is_some());
        if !others.is_empty() {
            self.syntax_errors(others.into_iter().chain(dates).collect(), what);
            return (table, false);
        }
        for error in dates {
            if let Some(span) = error.span() {
                let raw = text.get(span.clone()).unwrap_or_default().to_string();
                replace_value(&mut table, &span, raw);
            }
        }
        (table, true)
    }

    pub fn syntax_errors(&mut self, errors: Vec<toml::de::Error>, what: &str) {
        for error in errors {
            let span = error.span().unwrap_or(0..0);
            let message = format!("{what} is not valid TOML: {}", error.message().trim());
            let finding = Finding::new("syntax", self.at(span), message)
                .help("fix the syntax here; the rest of the repository is still checked");
            self.push(finding);
        }
    }

    pub fn unknown_keys(&mut self, unknown: Vec<UnknownKey>, what: &str) {
        for key in unknown {
            let place = if key.table.is_empty() {
                what.to_string()
            } else {
                format!("`[[{}]]`", key.table)
            };
            let (message, help) = if key.table.is_empty()
                && what != "front matter"
                && what != CONFIG_FILE
            {
                (
                    format!("unknown table `{}`", key.key),
                    suggest::did_you_mean(&key.key, key.known.iter().map(String::as_str))
                        .unwrap_or_else(|| format!("entity tables are: {}", key.known.join(", "))),
                )
            } else {
                (
                    format!("unknown key `{}` in {place}", key.key),
                    suggest::did_you_mean(&key.key, key.known.iter().map(String::as_str))
                        .unwrap_or_else(|| format!("known keys are: {}", key.known.join(", "))),
                )
            };
            self.push(Finding::new("unknown-field", self.at(key.span), message).help(help));
        }
    }

    /// A value that does not fit its type.
    pub fn bad_value(
        &mut self,
        error: toml::de::Error,
        fallback: std::ops::Range<usize>,
        what: &str,
    ) {
        let span = error.span().unwrap_or(fallback);
        let message = format!(
            "invalid value in {what}: {}",
            plain_types(error.message().trim())
        );
        self.push(
            Finding::new("invalid-value", self.at(span), message)
                .help("see `opsctl schema` or the JSON Schemas in schema/ for the expected types"),
        );
    }
}

/// Serde's type names (`i64`, `f64`) in words a TOML author knows.
fn plain_types(message: &str) -> String {
    message
        .replace("expected i64", "expected an integer")
        .replace("expected u32", "expected a positive integer")
        .replace("expected f64", "expected a number")
        .replace("a borrowed string", "a string")
}

/// Replaces the value written at `span` with a string holding its text.
fn replace_value(table: &mut DeTable<'_>, span: &std::ops::Range<usize>, raw: String) {
    for (_, value) in table.iter_mut() {
        replace_in(value, span, &raw);
    }
}

fn replace_in(value: &mut Spanned<DeValue<'_>>, span: &std::ops::Range<usize>, raw: &str) {
    if value.span() == *span {
        *value = Spanned::new(span.clone(), DeValue::String(raw.to_string().into()));
        return;
    }
    match value.get_mut() {
        DeValue::Table(table) => replace_value(table, span, raw.to_string()),
        DeValue::Array(items) => {
            for item in items.iter_mut() {
                replace_in(item, span, raw);
            }
        }
        _ => {}
    }
}

/// Deserializes one spanned TOML value into `T`, keeping spans in file coordinates.
pub fn from_value<'de, T: Deserialize<'de>>(
    value: Spanned<DeValue<'de>>,
) -> Result<T, toml::de::Error> {
    T::deserialize(ValueDeserializer::from(value))
}

/// The text with a leading byte-order mark blanked, so offsets stay those of the file.
fn without_bom(text: &str) -> std::borrow::Cow<'_, str> {
    match text.strip_prefix('\u{feff}') {
        Some(rest) => format!("   {rest}").into(),
        None => text.into(),
    }
}

/// The entities of one file, as a partial model. With `skip_foreign`, a file that
/// holds no entity table, nor a misspelt one, (another tool's `hugo.toml`) is left alone.
pub fn parse_entities(text: &str, cx: &mut FileCx, skip_foreign: bool) -> Model {
    let mut out = Model::default();
    let text = without_bom(text);
    let (mut table, trusted) = cx.parse(&text, "this file");
    if !trusted {
        // Entities of a broken file are not trusted, but their ids still exist.
        for (key, value) in table.iter() {
            if let (Some(kind), DeValue::Array(items)) =
                (Kind::from_table(key.get_ref()), value.get_ref())
            {
                for item in items.iter() {
                    if let Some(id) = id_of(item) {
                        out.unreadable_ids.entry(kind).or_default().insert(id);
                    }
                }
            }
        }
        return out;
    }
    let kinds = Kind::ALL.map(Kind::table);
    let looks_like_entities = table.keys().any(|k| {
        let key: &str = k.get_ref();
        Kind::from_table(key).is_some() || suggest::closest(key, kinds).is_some()
    });
    if skip_foreign && !looks_like_entities {
        return out;
    }
    let schema = crate::schema::entities();
    let unknown = strip_unknown(&mut table, schema, schema, &|_| false);
    cx.unknown_keys(unknown, "this file");
    for (key, value) in table {
        let Some(kind) = Kind::from_table(key.get_ref()) else {
            continue;
        };
        let DeValue::Array(items) = value.into_inner() else {
            let name = kind.table();
            cx.push(
                Finding::new(
                    "invalid-value",
                    cx.at(key.span()),
                    format!("`{name}` must be an array of tables"),
                )
                .help(format!(
                    "write each entity under its own `[[{name}]]` header"
                )),
            );
            continue;
        };
        for item in items.iter().cloned() {
            read_entity(kind, item, cx, &mut out);
        }
    }
    out
}

fn id_of(item: &Spanned<DeValue<'_>>) -> Option<String> {
    item.get_ref()
        .as_table()?
        .get("id")?
        .get_ref()
        .as_str()
        .map(str::to_string)
}

fn read_entity(kind: Kind, item: Spanned<DeValue<'_>>, cx: &mut FileCx, out: &mut Model) {
    let header = item.span();
    let id = id_of(&item);
    let what = format!("[[{}]]", kind.table());
    if !item.get_ref().is_table() {
        cx.push(Finding::new(
            "invalid-value",
            cx.at(header),
            format!("each `{}` must be a table", kind.table()),
        ));
        return;
    }
    let file = cx.file;
    let read =
        match kind {
            Kind::Person => forgiving(item, cx, &what)
                .map(|d| out.people.push(Entity::new(file, header.clone(), d))),
            Kind::Team => forgiving(item, cx, &what)
                .map(|d| out.teams.push(Entity::new(file, header.clone(), d))),
            Kind::Capability => forgiving(item, cx, &what)
                .map(|d| out.capabilities.push(Entity::new(file, header.clone(), d))),
            Kind::Offering => forgiving(item, cx, &what)
                .map(|d| out.offerings.push(Entity::new(file, header.clone(), d))),
            Kind::Goal => forgiving(item, cx, &what)
                .map(|d| out.goals.push(Entity::new(file, header.clone(), d))),
            Kind::Kpi => forgiving(item, cx, &what)
                .map(|d| out.kpis.push(Entity::new(file, header.clone(), d))),
            Kind::Cadence => forgiving(item, cx, &what)
                .map(|d| out.cadences.push(Entity::new(file, header.clone(), d))),
        };
    if read.is_none() {
        if let Some(id) = id {
            out.unreadable_ids.entry(kind).or_default().insert(id);
        }
    }
}

/// Deserializes a table; a field with a bad value is reported, dropped, and the rest
/// read again, so one wrong value costs that field, not the entity.
pub fn forgiving<T: for<'de> Deserialize<'de>>(
    item: Spanned<DeValue<'_>>,
    cx: &mut FileCx,
    what: &str,
) -> Option<T> {
    let span = item.span();
    let DeValue::Table(mut table) = item.into_inner() else {
        return None;
    };
    loop {
        match from_value::<T>(Spanned::new(span.clone(), DeValue::Table(table.clone()))) {
            Ok(value) => return Some(value),
            Err(error) => {
                let culprit = error.span().and_then(|at| {
                    table
                        .iter()
                        .find(|(key, value)| {
                            let v = value.span();
                            let k = key.span();
                            (v.start <= at.start && at.end <= v.end)
                                || (k.start <= at.start && at.end <= k.end)
                        })
                        .map(|(key, _)| key.get_ref().to_string())
                });
                cx.bad_value(error, span.clone(), what);
                table.remove(culprit?.as_str());
            }
        }
    }
}

/// Reads `opsctl.toml`; a bad section falls back to its defaults after being reported.
pub fn parse_config(text: &str, cx: &mut FileCx) -> (Config, Vec<Entity<Waiver>>) {
    let mut config = Config::default();
    let mut waivers = Vec::new();
    let text = without_bom(text);
    let (mut table, trusted) = cx.parse(&text, CONFIG_FILE);
    if !trusted {
        return (config, waivers);
    }
    let schema: &Value = crate::schema::config();
    let unknown = strip_unknown(&mut table, schema, schema, &|_| false);
    cx.unknown_keys(unknown, CONFIG_FILE);
    for (key, value) in table {
        let name = key.get_ref().to_string();
        let span = value.span();
        let what = format!("[{name}]");
        let result = match name.as_str() {
            "org" => from_value(value).map(|v| config.org = v),
            "site" => from_value(value).map(|v| config.site = v),
            "check" => from_value(value).map(|v| config.check = v),
            "rules" => {
                if let DeValue::Table(table) = value.get_ref() {
                    for (rule, _) in table.iter() {
                        config
                            .rule_keys
                            .insert(rule.get_ref().to_string(), rule.span());
                    }
                }
                from_value(value).map(|v| config.rules = v)
            }
            "waiver" => {
                if let DeValue::Array(items) = value.into_inner() {
                    for item in items.iter().cloned() {
                        let header = item.span();
                        if let Some(doc) = forgiving::<Waiver>(item, cx, "[[waiver]]") {
                            waivers.push(Entity {
                                file: cx.file,
                                header,
                                doc,
                            });
                        }
                    }
                    Ok(())
                } else {
                    cx.push(
                        Finding::new(
                            "invalid-value",
                            cx.at(key.span()),
                            "`waiver` must be an array of tables",
                        )
                        .help("write each waiver under its own `[[waiver]]` header"),
                    );
                    Ok(())
                }
            }
            _ => Ok(()),
        };
        if let Err(error) = result {
            cx.bad_value(error, span, &what);
        }
    }
    (config, waivers)
}
