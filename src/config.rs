//! `opsctl.toml`: the organisation, site and check settings, rule levels and waivers.

use std::collections::BTreeMap;
use std::ops::Range;

use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use serde::{Deserialize, Serialize};

use crate::model::entities::Waiver;
use crate::model::value::{Period, PeriodValue, Sp};

/// The file that marks the root of an ops repository.
pub const CONFIG_FILE: &str = "opsctl.toml";

#[derive(Debug, Clone, Default, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(title = "opsctl.toml")]
pub struct Config {
    #[serde(default)]
    pub org: Org,
    #[serde(default)]
    pub site: Site,
    #[serde(default)]
    pub check: CheckSettings,
    /// Per-rule level: allow | warn | error.
    #[serde(default)]
    #[schemars(schema_with = "rule_levels_schema")]
    pub rules: BTreeMap<String, Sp<String>>,
    /// Where each `[rules]` key is written, for findings about it.
    #[serde(skip)]
    pub rule_keys: BTreeMap<String, Range<usize>>,
    /// Owned, justified and expiring exceptions.
    #[serde(default)]
    pub waiver: Vec<Waiver>,
}

#[derive(Debug, Clone, Default, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Org {
    pub name: Option<String>,
    pub vision: Option<String>,
    pub mission: Option<String>,
}

#[derive(Debug, Clone, Default, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Site {
    pub title: Option<String>,
    /// Edit link template, an http(s) URL; `{path}` is replaced by the page's path.
    pub edit_url: Option<Sp<String>>,
    /// Output directory of `opsctl build`, relative to the repository root.
    pub out: Option<String>,
    /// Months of Execution Score history drawn on the home page (default 0: none).
    /// Each month loads one past revision, about the cost of a check, so it is opt-in.
    pub score_history: Option<u32>,
}

#[derive(Debug, Clone, Default, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CheckSettings {
    /// More open goals than this for one owner is `owner-overloaded` (default 7).
    #[schemars(range(min = 1))]
    pub max_open_goals_per_owner: Option<u32>,
    /// Review period of pages without `review_every` (default "180d").
    pub default_review_every: Option<Sp<PeriodValue>>,
    /// Globs of paths to skip, relative to the root.
    #[serde(default)]
    pub exclude: Vec<Sp<String>>,
    /// Extra front-matter keys to accept (for handbooks adopted from other tools).
    #[serde(default)]
    pub allow_front_matter: Vec<String>,
}

fn rule_levels_schema(_: &mut SchemaGenerator) -> Schema {
    let ids: Vec<&str> = crate::check::rules::RULES.iter().map(|r| r.id).collect();
    json_schema!({
        "description": "Per-rule level: allow | warn | error.",
        "type": "object",
        "propertyNames": {"enum": ids},
        "additionalProperties": {"type": "string", "enum": ["allow", "warn", "error"]}
    })
}

/// What is wrong with a `[site] edit_url`, if anything: it must be an http(s) URL (a
/// relative one would lead nowhere from the site, and any other scheme could run
/// code) holding `{path}` (or every page's link would lead to one place).
pub fn edit_url_problem(url: &str) -> Option<String> {
    let lower = url.trim().to_ascii_lowercase();
    if !(lower.starts_with("https://") || lower.starts_with("http://")) {
        return Some(format!("edit_url `{url}` is not an http(s) URL"));
    }
    (!url.contains("{path}")).then(|| {
        format!(
            "edit_url `{url}` has no `{{path}}`: every page's edit link would lead to one place"
        )
    })
}

impl Config {
    pub fn out_dir(&self) -> &str {
        self.site.out.as_deref().unwrap_or("_site")
    }

    /// How often pages without `review_every` are reviewed (default 180 days).
    pub fn default_review_every(&self) -> Period {
        self.check
            .default_review_every
            .as_ref()
            .and_then(|p| p.value.period)
            .unwrap_or(Period::Days(180))
    }

    pub fn max_open_goals(&self) -> usize {
        self.check.max_open_goals_per_owner.unwrap_or(7) as usize
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_edit_url_is_an_http_url_with_the_path() {
        assert_eq!(
            edit_url_problem("https://git.example/ops/edit/main/{path}"),
            None
        );
        assert_eq!(edit_url_problem("HTTP://git.example/{path}"), None);
        for bad in [
            "javascript:alert(1)//{path}",
            "edit/{path}",
            "data:text/html,{path}",
        ] {
            assert!(
                edit_url_problem(bad)
                    .unwrap()
                    .contains("not an http(s) URL"),
                "{bad}"
            );
        }
        let no_path = edit_url_problem("https://git.example/ops").unwrap();
        assert!(no_path.contains("no `{path}`"), "{no_path}");
    }
}
