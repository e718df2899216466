//! Which file a new entity or SOP goes into: where its kind already lives, else the
//! conventional path of the product's repository layout.

use std::collections::HashMap;
use std::path::{Component, Path};

use crate::load::Repository;
use crate::model::Kind;
use crate::model::entities::{GoalPeriod, Horizon};

/// The TOML file (relative to the root) for a new entity of `kind`; `period` is a new
/// goal's, so that it joins the goals of its own year or quarter.
pub fn entity_file(repo: &Repository, kind: Kind, period: Option<GoalPeriod>) -> String {
    let model = &repo.model;
    if kind == Kind::Goal {
        let same_period = model
            .goals
            .iter()
            .filter(|g| period.is_some() && g.period() == period)
            .map(|g| g.file);
        if let Some(file) = busiest(same_period) {
            return repo.file(file).path.clone();
        }
        // A repository that keeps goals in goals/ per period gets a new period file.
        let in_goals_dir = model
            .goals
            .iter()
            .any(|g| repo.file(g.file).path.starts_with("goals/"));
        if !in_goals_dir {
            if let Some(file) = busiest(model.goals.iter().map(|g| g.file)) {
                return repo.file(file).path.clone();
            }
        }
        return goal_path(period);
    }
    // Teams live beside people and offerings beside capabilities, unless placed elsewhere.
    let kinds = match kind {
        Kind::Team => vec![Kind::Team, Kind::Person],
        Kind::Offering => vec![Kind::Offering, Kind::Capability],
        other => vec![other],
    };
    for kind in kinds {
        let files = model.ids(kind).into_iter().map(|(file, _, _)| file);
        if let Some(file) = busiest(files) {
            return repo.file(file).path.clone();
        }
    }
    match kind {
        Kind::Person | Kind::Team => "people.toml",
        Kind::Capability | Kind::Offering => "capabilities.toml",
        Kind::Kpi => "kpis.toml",
        Kind::Cadence => "cadences.toml",
        Kind::Goal => "goals.toml",
    }
    .to_string()
}

/// `goals/2027.toml` for annual goals, `goals/2027-q1.toml` for quarter goals.
fn goal_path(period: Option<GoalPeriod>) -> String {
    match period {
        Some(GoalPeriod(Horizon::Quarter, year, quarter)) => {
            format!("goals/{year}-q{quarter}.toml")
        }
        Some(GoalPeriod(Horizon::Annual, year, _)) => format!("goals/{year}.toml"),
        None => "goals.toml".to_string(),
    }
}

/// The file that appears most often (the first loaded of equals).
fn busiest(files: impl Iterator<Item = usize>) -> Option<usize> {
    let mut counts: HashMap<usize, usize> = HashMap::new();
    for file in files {
        *counts.entry(file).or_insert(0) += 1;
    }
    counts
        .into_iter()
        .max_by_key(|&(file, count)| (count, std::cmp::Reverse(file)))
        .map(|(file, _)| file)
}

/// A path given with `--file`: relative, inside the root, with the right extension.
pub fn checked_path(path: &str, extension: &str) -> Result<String, String> {
    let normal = path.replace('\\', "/");
    let inside = Path::new(&normal)
        .components()
        .all(|c| matches!(c, Component::Normal(_) | Component::CurDir));
    if !inside {
        return Err(format!(
            "--file `{path}` must be a path inside the repository, relative to its root"
        ));
    }
    if !normal.ends_with(extension) {
        return Err(format!("--file `{path}` must end in {extension}"));
    }
    if normal.trim_start_matches("./") == crate::config::CONFIG_FILE {
        return Err("--file: opsctl.toml holds settings, not entities".into());
    }
    Ok(normal.trim_start_matches("./").to_string())
}
