//! Rule levels from `[rules]`, and waivers: validated, then applied to the findings.

use globset::Glob;

use super::Cx;
use super::rules::{self, RULES};
use crate::finding::{Finding, Level};
use crate::model::entities::Waiver;
use crate::model::value::OwnerValue;
use crate::model::{Entity, Kind};
use crate::suggest;

/// Checks `[rules]` and the waivers, then returns the findings with configured levels,
/// without waived and allowed ones.
pub fn apply(cx: &mut Cx) -> Vec<Finding> {
    let overrides = rule_levels(cx);
    let active = waivers(cx);
    let findings = std::mem::take(&mut cx.findings);
    findings
        .into_iter()
        .filter_map(|mut finding| {
            if let Some(level) = overrides
                .iter()
                .find(|(id, _)| *id == finding.rule)
                .map(|(_, l)| *l)
            {
                finding.level = level;
            }
            let waived = active.iter().any(|w| w.covers(cx, &finding));
            (finding.level != Level::Allow && !waived).then_some(finding)
        })
        .collect()
}

fn rule_levels(cx: &mut Cx) -> Vec<(&'static str, Level)> {
    let mut levels = Vec::new();
    let config = &cx.repo.config;
    for (name, level) in &config.rules {
        let Some(rule) = rules::find(name) else {
            let key = config.rule_keys.get(name).unwrap_or(&level.span);
            let help = unknown_rule_help(name);
            cx.push(
                Finding::new(
                    "unknown-field",
                    cx.at(0, key),
                    format!("unknown rule `{name}` in [rules]"),
                )
                .help(help),
            );
            continue;
        };
        match Level::parse(&level.value) {
            Some(parsed) => levels.push((rule.id, parsed)),
            None => cx.push(
                Finding::new(
                    "invalid-value",
                    cx.at(0, &level.span),
                    format!("`{}` is not a rule level", level.value),
                )
                .help("use \"allow\", \"warn\" or \"error\""),
            ),
        }
    }
    levels
}

fn unknown_rule_help(name: &str) -> String {
    suggest::did_you_mean(name, RULES.iter().map(|r| r.id)).unwrap_or_else(|| {
        let ids: Vec<&str> = RULES.iter().map(|r| r.id).collect();
        format!("rules are: {}", ids.join(", "))
    })
}

/// A waiver that is valid and in force.
struct Active<'a> {
    waiver: &'a Entity<Waiver>,
    glob: Option<globset::GlobMatcher>,
}

impl Active<'_> {
    fn covers(&self, cx: &Cx, finding: &Finding) -> bool {
        let waiver = &self.waiver.doc;
        if waiver.rule.value != finding.rule {
            return false;
        }
        let Some(target) = &waiver.target else {
            return true;
        };
        let path = &cx.repo.files[finding.location.file].path;
        let entity = cx
            .index
            .entity_at(finding.location.file, finding.location.span.start)
            .map(|(_, id)| id);
        target.value == *path
            || finding.subject.as_deref() == Some(target.value.as_str())
            || entity == Some(target.value.as_str())
            || self.glob.as_ref().is_some_and(|g| g.is_match(path))
    }
}

fn waivers<'a>(cx: &mut Cx<'a>) -> Vec<Active<'a>> {
    let model = cx.model;
    let mut active = Vec::new();
    for waiver in &model.waivers {
        let rule = &waiver.rule;
        // An exception nobody owns is no exception: the owner rules report why.
        let mut valid = matches!(
            waiver.owner.as_ref().map(|o| &o.value),
            Some(OwnerValue::One(id)) if model.exists(cx.index, Kind::Person, id)
        );
        if rules::find(&rule.value).is_none() {
            valid = false;
            let help = unknown_rule_help(&rule.value);
            cx.push(
                Finding::new(
                    "waiver-invalid",
                    cx.at(waiver.file, &rule.span),
                    format!("waiver names unknown rule `{}`", rule.value),
                )
                .help(help),
            );
        }
        if waiver
            .reason
            .as_ref()
            .is_none_or(|r| r.value.trim().is_empty())
        {
            valid = false;
            cx.push(
                Finding::new(
                    "waiver-invalid",
                    cx.at(waiver.file, &waiver.header),
                    format!("waiver of `{}` gives no reason", rule.value),
                )
                .help("add `reason = \"…\"`: why is this exception acceptable for now?"),
            );
        }
        match waiver.until.as_ref() {
            None => {
                valid = false;
                cx.push(
                    Finding::new(
                        "waiver-invalid",
                        cx.at(waiver.file, &waiver.header),
                        format!("waiver of `{}` never expires", rule.value),
                    )
                    .help("add `until = YYYY-MM-DD`: exceptions are temporary"),
                );
            }
            Some(until) => {
                if let Some(date) = until.value.get().filter(|d| *d < cx.today) {
                    valid = false;
                    cx.push(
                        Finding::new(
                            "waiver-expired",
                            cx.at(waiver.file, &until.span),
                            format!("waiver of `{}` expired on {date}", rule.value),
                        )
                        .help("fix what it waived, or renew it with a new `until` and a reason"),
                    );
                }
                if until.value.get().is_none() {
                    valid = false;
                }
            }
        }
        if valid {
            let glob = waiver
                .target
                .as_ref()
                .and_then(|t| Glob::new(&t.value).ok())
                .map(|g| g.compile_matcher());
            active.push(Active { waiver, glob });
        }
    }
    active
}
