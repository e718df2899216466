//! Each category moves with the data it is about, and only that category.

use std::path::PathBuf;

use super::*;
use crate::source::Memory;

const TODAY: Date = jiff::civil::date(2026, 11, 21);

const CONFIG: &str = "[org]\nname = \"Acme\"\nvision = \"Live in a week.\"\n";
const PEOPLE: &str = "[[person]]\nid = \"maya\"\n[[person]]\nid = \"dev\"\n";
const GOALS: &str = r#"
[[goal]]
id = "arr"
title = "ARR"
horizon = "annual"
owner = "maya"
deadline = 2026-12-31
metric = "ARR on the dashboard"
[[goal]]
id = "q4"
title = "Q4 bookings"
horizon = "quarter"
owner = "dev"
parent = "arr"
deadline = 2026-12-15
metric = "Bookings"
"#;
const CAPABILITIES: &str = "[[capability]]\nid = \"support\"\nowner = \"dev\"\n";
const KPIS: &str = "[[kpi]]\nid = \"frt\"\nowner = \"dev\"\ncapability = \"support\"\ntarget = 4\ndirection = \"down\"\ncadence = \"weekly\"\nreadings = [{ date = 2026-11-16, value = 3.5 }]\n";
const CADENCES: &str = "[[cadence]]\nid = \"weekly\"\nevery = \"1w\"\nowner = \"maya\"\nattendees = [\"dev\"]\nsop = \"sops/review.md\"\n";
const SOP: &str = "+++\nowner = \"dev\"\ncapability = \"support\"\nlast_reviewed = 2026-10-01\nreview_every = \"90d\"\n+++\n# Review\n";

/// The full repository, with `changes` replacing (or, when empty, removing) files.
fn score_with(changes: &[(&str, &str)]) -> Score {
    let mut files: Vec<(&str, &str)> = vec![
        ("opsctl.toml", CONFIG),
        ("people.toml", PEOPLE),
        ("goals.toml", GOALS),
        ("capabilities.toml", CAPABILITIES),
        ("kpis.toml", KPIS),
        ("cadences.toml", CADENCES),
        ("sops/review.md", SOP),
    ];
    for (path, text) in changes {
        files.retain(|(p, _)| p != path);
        if !text.is_empty() {
            files.push((path, text));
        }
    }
    let source = files
        .into_iter()
        .fold(Memory::new(), |m, (p, t)| m.with(p, t));
    let repo = crate::load(Box::new(source), PathBuf::from("/ops")).unwrap();
    compute(&repo, TODAY)
}

fn scores(score: &Score) -> Vec<(&'static str, u8)> {
    score.categories.iter().map(|c| (c.id, c.score)).collect()
}

/// Asserts that only `id` differs from the full score, and returns its category.
fn only_moves(score: &Score, id: &str) -> Category {
    let full = score_with(&[]);
    for (a, b) in full.categories.iter().zip(&score.categories) {
        if a.id != id {
            assert_eq!(a.score, b.score, "{} moved: {}", b.id, b.reason);
        }
    }
    let moved = score.category(id).unwrap().clone();
    assert!(moved.score < 5, "{id} did not move: {}", moved.reason);
    moved
}

#[test]
fn a_complete_repository_scores_25_strong_foundation() {
    let score = score_with(&[]);
    assert_eq!(
        scores(&score),
        vec![
            ("clarity", 5),
            ("communication", 5),
            ("accountability", 5),
            ("systems", 5),
            ("measurement", 5)
        ],
        "{score:#?}"
    );
    assert_eq!(score.total, 25);
    assert_eq!(score.band, Band::StrongFoundation);
}

#[test]
fn an_empty_repository_scores_1_everywhere() {
    let repo = crate::load(Box::new(Memory::new()), PathBuf::from("/ops")).unwrap();
    let score = compute(&repo, TODAY);
    assert_eq!(score.total, 5);
    assert_eq!(score.band, Band::FixExecution);
    assert!(
        score
            .categories
            .iter()
            .all(|c| c.score == 1 && !c.reason.is_empty())
    );
}

#[test]
fn clarity_falls_with_goals_without_metric_horizon_or_alignment() {
    let vague = GOALS
        .replace("metric = \"Bookings\"\n", "")
        .replace("parent = \"arr\"\n", "");
    let score = score_with(&[("goals.toml", &vague)]);
    let clarity = only_moves(&score, "clarity");
    // metric 1/2, horizon 2/2, alignment 0/1, vision 1/1: mean 0.625 -> 1 + 2.
    assert_eq!(clarity.score, 3);
    assert_eq!(
        clarity.reason,
        "1 of 2 open goals has no success metric; 1 of 1 open quarter goals serves no other goal"
    );
    let no_vision = score_with(&[("opsctl.toml", "[org]\nname = \"Acme\"\n")]);
    assert_eq!(only_moves(&no_vision, "clarity").score, 4);
}

#[test]
fn communication_falls_without_documented_weekly_cadences() {
    let monthly = CADENCES
        .replace("\"1w\"", "\"1m\"")
        .replace("sop = \"sops/review.md\"\n", "");
    let communication = only_moves(&score_with(&[("cadences.toml", &monthly)]), "communication");
    // owner 1, attendees 1, documented 0, weekly 0: mean 0.5 -> 3.
    assert_eq!(communication.score, 3);
    assert!(
        communication.reason.contains("not documented"),
        "{}",
        communication.reason
    );
    let none = only_moves(&score_with(&[("cadences.toml", "")]), "communication");
    assert_eq!(none.score, 1);
}

#[test]
fn accountability_falls_with_overdue_and_unowned_outcomes() {
    let late = GOALS.replace("deadline = 2026-12-15", "deadline = 2026-11-01");
    let accountability = only_moves(&score_with(&[("goals.toml", &late)]), "accountability");
    // owner 2/2, dated 2/2, on time 1/2: mean 0.83 -> 4.
    assert_eq!(accountability.score, 4);
    assert_eq!(
        accountability.reason,
        "1 of 2 open goals and actions is overdue"
    );
    let shared = GOALS.replace("owner = \"dev\"", "owner = [\"dev\", \"maya\"]");
    let accountability = only_moves(&score_with(&[("goals.toml", &shared)]), "accountability");
    assert!(accountability.reason.contains("no single known owner"));
}

#[test]
fn accountability_counts_retro_actions() {
    let retro = "+++\nkind = \"retro\"\ndate = 2026-10-01\nowner = \"maya\"\n[[action]]\ntitle = \"Fix it\"\nowner = \"nobody-known\"\ndue = 2026-10-15\n+++\n# Retro\n";
    let score = score_with(&[("retros/q3.md", retro)]);
    let accountability = only_moves(&score, "accountability");
    assert!(
        accountability
            .reason
            .contains("1 of 3 goals and retro actions has no single known owner")
    );
    assert!(
        accountability
            .reason
            .contains("1 of 3 open goals and actions is overdue")
    );
}

#[test]
fn systems_falls_with_stale_or_missing_sops() {
    let stale = SOP.replace("2026-10-01", "2026-01-01");
    let systems = only_moves(&score_with(&[("sops/review.md", &stale)]), "systems");
    // owner 1, SOP 1, fresh 0: mean 0.67 -> 1 + 2.
    assert_eq!(systems.score, 3);
    assert!(
        systems
            .reason
            .contains("1 of 1 SOPs is past its review date or was never reviewed"),
        "{}",
        systems.reason
    );
    // Without the page, the capability has no SOP (and the cadence loses its document).
    let score = score_with(&[("sops/review.md", "")]);
    assert_eq!(score.category("systems").unwrap().score, 3);
    assert_eq!(score.category("communication").unwrap().score, 4);
}

#[test]
fn measurement_falls_with_stale_or_untargeted_kpis() {
    let stale = KPIS.replace("2026-11-16", "2026-09-01");
    let measurement = only_moves(&score_with(&[("kpis.toml", &stale)]), "measurement");
    assert_eq!(measurement.score, 3);
    assert_eq!(measurement.reason, "1 of 1 KPIs has no current reading");
    let bare = "[[kpi]]\nid = \"frt\"\nowner = \"dev\"\n";
    let measurement = only_moves(&score_with(&[("kpis.toml", bare)]), "measurement");
    // target 0, current 0, capability covered 0: 1.
    assert_eq!(measurement.score, 1);
}

#[test]
fn bands_follow_the_product_thresholds() {
    assert_eq!(Band::of(25), Band::StrongFoundation);
    assert_eq!(Band::of(20), Band::StrongFoundation);
    assert_eq!(Band::of(19), Band::Building);
    assert_eq!(Band::of(13), Band::Building);
    assert_eq!(Band::of(12), Band::FixExecution);
    assert_eq!(Band::of(5), Band::FixExecution);
}
