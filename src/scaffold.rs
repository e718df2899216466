//! `opsctl init`: a small, working ops repository written from the files in
//! `templates/init/` (embedded in the binary), with the JSON Schemas beside them.
//!
//! Dates in the templates are written `{{today}}`, `{{today+42d}}`, `{{today-3d}}` or
//! `{{year-end}}` and are computed from today, so a new repository checks clean on
//! the day it is made (deadlines ahead, readings and reviews recent).

use std::io;
use std::path::Path;

use jiff::ToSpan;
use jiff::civil::Date;

/// The scaffold's files: path in the new repository, and template text.
const TEMPLATES: &[(&str, &str)] = &[
    ("opsctl.toml", include_str!("../templates/init/opsctl.toml")),
    (".gitignore", include_str!("../templates/init/.gitignore")),
    ("people.toml", include_str!("../templates/init/people.toml")),
    (
        "capabilities.toml",
        include_str!("../templates/init/capabilities.toml"),
    ),
    ("goals.toml", include_str!("../templates/init/goals.toml")),
    ("kpis.toml", include_str!("../templates/init/kpis.toml")),
    (
        "cadences.toml",
        include_str!("../templates/init/cadences.toml"),
    ),
    ("index.md", include_str!("../templates/init/index.md")),
    (
        "sops/sales/qualifying-a-lead.md",
        include_str!("../templates/init/sops/sales/qualifying-a-lead.md"),
    ),
    (
        "sops/customer-support/answering-a-ticket.md",
        include_str!("../templates/init/sops/customer-support/answering-a-ticket.md"),
    ),
    (
        "sops/planning/weekly-review.md",
        include_str!("../templates/init/sops/planning/weekly-review.md"),
    ),
];

/// What `init` did: the files it wrote and the existing ones it left alone.
#[derive(Debug, Default)]
pub struct Scaffolded {
    pub written: Vec<String>,
    pub kept: Vec<String>,
}

/// Every file of a new repository as of `today`: (relative path, content).
pub fn files(today: Date) -> Result<Vec<(String, String)>, String> {
    let mut files = Vec::new();
    for (path, template) in TEMPLATES {
        let text = fill(template, today).map_err(|e| format!("template {path}: {e}"))?;
        files.push((path.to_string(), text));
    }
    for schema in crate::schema::all() {
        files.push((
            format!("schema/{}", schema.name),
            crate::schema::render(schema.value),
        ));
    }
    Ok(files)
}

/// Writes a new repository into `dir` (created if missing). A directory holding
/// anything but `.git` is refused unless `force`; an existing file is never replaced.
pub fn init(dir: &Path, force: bool, today: Date) -> Result<Scaffolded, String> {
    let shown = dir.display();
    if dir.exists() && !dir.is_dir() {
        return Err(format!(
            "{shown} is a file; give a directory for the new repository"
        ));
    }
    let present = entries(dir).map_err(|e| format!("{shown}: {e}"))?;
    if !present.is_empty() && !force {
        return Err(format!(
            "{shown} is not empty (it holds {}); run `opsctl init` in a new or empty directory, \
             or add --force to add only the files that are missing (existing files are never overwritten)",
            present.join(", ")
        ));
    }
    let mut done = Scaffolded::default();
    for (path, text) in files(today)? {
        let target = dir.join(&path);
        if target.exists() || target.is_symlink() {
            done.kept.push(path);
            continue;
        }
        crate::new::write::create(&target, &text)
            .map_err(|e| format!("{}: {e}", target.display()))?;
        done.written.push(path);
    }
    Ok(done)
}

/// The names in `dir`, except `.git` (a fresh `git init` is still an empty repository).
fn entries(dir: &Path) -> io::Result<Vec<String>> {
    if !dir.exists() {
        return Ok(Vec::new());
    }
    let mut names: Vec<String> = std::fs::read_dir(dir)?
        .map(|e| e.map(|e| e.file_name().to_string_lossy().into_owned()))
        .collect::<io::Result<_>>()?;
    names.retain(|n| n != ".git");
    names.sort();
    Ok(names)
}

/// Replaces every `{{date}}` placeholder of a template.
fn fill(template: &str, today: Date) -> Result<String, String> {
    let mut out = String::with_capacity(template.len());
    let mut rest = template;
    while let Some(start) = rest.find("{{") {
        out.push_str(&rest[..start]);
        let after = &rest[start + 2..];
        let end = after
            .find("}}")
            .ok_or_else(|| "a `{{` without `}}`".to_string())?;
        out.push_str(&date(after[..end].trim(), today)?.to_string());
        rest = &after[end + 2..];
    }
    out.push_str(rest);
    Ok(out)
}

/// `today`, `today+Nd`, `today-Nd`, or `year-end`: 31 December of the year that is
/// six months away, so an annual goal always has between six and eighteen months.
fn date(expr: &str, today: Date) -> Result<Date, String> {
    let shift = |sign: i32, days: &str| -> Result<Date, String> {
        let n: i32 = days
            .strip_suffix('d')
            .and_then(|n| n.parse().ok())
            .ok_or_else(|| format!("`{expr}`: write today+Nd or today-Nd"))?;
        today
            .checked_add((sign * n).days())
            .map_err(|e| format!("`{expr}`: {e}"))
    };
    if expr == "today" {
        Ok(today)
    } else if let Some(days) = expr.strip_prefix("today+") {
        shift(1, days)
    } else if let Some(days) = expr.strip_prefix("today-") {
        shift(-1, days)
    } else if expr == "year-end" {
        let later = today
            .checked_add(6.months())
            .map_err(|e| format!("`{expr}`: {e}"))?;
        Date::new(later.year(), 12, 31).map_err(|e| format!("`{expr}`: {e}"))
    } else {
        Err(format!("unknown placeholder `{{{{{expr}}}}}`"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_are_dates_from_today() {
        let today = Date::new(2026, 11, 21).unwrap();
        assert_eq!(
            fill(
                "a = {{today}}, b = {{ today+10d }}, c = {{today-21d}}",
                today
            )
            .unwrap(),
            "a = 2026-11-21, b = 2026-12-01, c = 2026-10-31"
        );
        assert_eq!(fill("{{year-end}}", today).unwrap(), "2027-12-31");
        let spring = Date::new(2026, 3, 1).unwrap();
        assert_eq!(fill("{{year-end}}", spring).unwrap(), "2026-12-31");
        assert!(fill("{{tomorrow}}", today).is_err());
        assert!(fill("{{today", today).is_err());
    }

    /// The scaffold must check clean whatever day it is made: deadlines, horizons,
    /// readings and reviews all move with today.
    #[test]
    fn the_scaffold_checks_clean_on_any_day() {
        let mut day = Date::new(2026, 1, 1).unwrap();
        while day.year() < 2029 {
            let source = files(day)
                .unwrap()
                .into_iter()
                .fold(crate::source::Memory::new(), |s, (path, text)| {
                    s.with(&path, text)
                });
            let repo = crate::load(Box::new(source), ".".into()).unwrap();
            let outcome = crate::check(&repo, day);
            let found: Vec<String> = outcome
                .findings
                .iter()
                .map(|f| format!("{} {}", f.rule, f.message))
                .collect();
            assert!(found.is_empty(), "on {day}: {found:#?}");
            day = day.checked_add(jiff::Span::new().days(4)).unwrap();
        }
    }

    #[test]
    fn every_template_fills() {
        let files = files(Date::new(2026, 2, 28).unwrap()).unwrap();
        assert!(files.iter().all(|(_, text)| !text.contains("{{")));
    }
}
