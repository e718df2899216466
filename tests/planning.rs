//! The planning commands against the examples and real git repositories: `list`,
//! `owners`, `score` (also `--history` and on the home page) and `export`.

mod gitrepo;
mod scratch;

use std::path::{Path, PathBuf};
use std::process::Output;

use assert_cmd::Command;
use predicates::prelude::*;
use scratch::{repo, write};

fn opsctl() -> Command {
    let mut cmd = Command::cargo_bin("opsctl").unwrap();
    cmd.current_dir(env!("CARGO_MANIFEST_DIR"))
        .env_remove("NO_COLOR")
        .env_remove("CLICOLOR_FORCE")
        .env_remove("COLUMNS")
        // The examples live in opsctl's own repository: its commits must not leak
        // into the outputs (tests/history.rs covers history).
        .env("OPSCTL_NO_HISTORY", "1")
        .env("OPSCTL_TODAY", "2026-11-21");
    cmd
}

fn stdout(args: &[&str]) -> String {
    let output = opsctl().args(args).output().unwrap();
    assert!(
        output.status.success(),
        "opsctl {args:?}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).unwrap()
}

/// Each command's output under its command line, for one snapshot per example.
fn transcript(commands: &[&str]) -> String {
    let mut out = String::new();
    for command in commands {
        let args: Vec<&str> = command.split_whitespace().collect();
        out.push_str(&format!("$ opsctl {command}\n{}\n", stdout(&args)));
    }
    out
}

fn json(args: &[&str]) -> serde_json::Value {
    serde_json::from_str(&stdout(args)).unwrap()
}

#[test]
fn list_every_kind_of_the_acme_example() {
    let out = transcript(&[
        "list goals examples/acme",
        "list kpis examples/acme",
        "list pages examples/acme",
        "list sops examples/acme --capability customer-support",
        "list capabilities examples/acme",
        "list offerings examples/acme --capability renewals",
        "list cadences examples/acme",
        "list people examples/acme",
    ]);
    insta::assert_snapshot!("list_acme", out);
}

#[test]
fn list_filters_on_the_every_rule_example() {
    let out = transcript(&[
        "list goals examples/every-rule --overdue",
        "list goals examples/every-rule --owner ana --status open",
        "list goals examples/every-rule --horizon quarter --due-within 30d",
        "list kpis examples/every-rule --stale",
        "list sops examples/every-rule --stale",
        "list pages examples/every-rule --owner chloe --status active",
        "list people examples/every-rule",
    ]);
    insta::assert_snapshot!("list_every_rule", out);
}

#[test]
fn list_due_within_takes_days_weeks_and_months() {
    let count = |period: &str| {
        json(&[
            "list",
            "goals",
            "examples/acme",
            "--due-within",
            period,
            "--json",
        ])["items"]
            .as_array()
            .unwrap()
            .len()
    };
    // Acme's open goals fall due in 20, 24, 33, 40 (five), 62, 69, 83, 90 and 405 days.
    assert_eq!(count("3w"), 1);
    assert_eq!(count("30d"), 2);
    assert_eq!(count("2m"), 8);
    assert_eq!(count("1q"), 12);
}

#[test]
fn list_json_is_versioned_and_holds_what_the_table_shows() {
    let doc = json(&[
        "list",
        "goals",
        "examples/acme",
        "--owner",
        "maya",
        "--json",
    ]);
    assert_eq!(doc["version"], 1);
    assert_eq!(doc["kind"], "goals");
    let items = doc["items"].as_array().unwrap();
    let ids: Vec<&str> = items.iter().map(|i| i["id"].as_str().unwrap()).collect();
    assert_eq!(ids, ["arr-2m", "arr-3m"]);
    assert_eq!(items[0]["days_left"], 40);
    assert_eq!(items[0]["file"], "goals/2026.toml");
    let table = stdout(&["list", "goals", "examples/acme", "--owner", "maya"]);
    assert_eq!(table.lines().count(), 1 + items.len());
}

#[test]
fn filters_that_do_not_apply_are_usage_errors() {
    for (args, says) in [
        (
            vec!["list", "kpis", "examples/acme", "--horizon", "annual"],
            "--horizon does not apply to kpis; it filters goals",
        ),
        (
            vec!["list", "pages", "examples/acme", "--overdue"],
            "--stale",
        ),
        (
            vec!["list", "people", "examples/acme", "--owner", "maya"],
            "--owner does not apply to people",
        ),
        (
            vec!["list", "goals", "examples/acme", "--stale"],
            "it filters kpis, pages, sops",
        ),
        (
            vec!["list", "goals", "examples/acme", "--status", "activ"],
            "did you mean `active`?",
        ),
        (
            vec!["list", "goals", "examples/acme", "--due-within", "a month"],
            "30d, 2w, 6m or 1q",
        ),
        (
            vec!["list", "goals", "examples/acme", "--capability", "sale"],
            "did you mean `sales`?",
        ),
    ] {
        opsctl()
            .args(&args)
            .assert()
            .code(2)
            .stderr(predicate::str::contains(says));
    }
    opsctl()
        .args([
            "list",
            "goals",
            "examples/acme",
            "--overdue",
            "--due-within",
            "30d",
        ])
        .assert()
        .code(2);
}

#[test]
fn an_unknown_owner_is_a_usage_error_with_a_suggestion() {
    opsctl()
        .args(["list", "goals", "examples/acme", "--owner", "mya"])
        .assert()
        .code(2)
        .stderr(
            predicate::str::contains("no person `mya`")
                .and(predicate::str::contains("did you mean `maya`?")),
        );
    opsctl()
        .args(["owners", "prya", "--root", "examples/acme"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("did you mean `priya`?"));
}

#[test]
fn singular_kinds_are_accepted() {
    assert_eq!(
        stdout(&["list", "goal", "examples/acme"]),
        stdout(&["list", "goals", "examples/acme"])
    );
    assert_eq!(
        stdout(&["list", "sop", "examples/acme"]),
        stdout(&["list", "sops", "examples/acme"])
    );
}

#[test]
fn tables_follow_colour_settings_and_the_terminal_width() {
    let coloured = stdout(&[
        "list",
        "goals",
        "examples/every-rule",
        "--overdue",
        "--color",
        "always",
    ]);
    assert!(
        coloured.contains("\u{1b}[31m"),
        "overdue rows are red: {coloured}"
    );
    let plain = opsctl()
        .args(["list", "goals", "examples/every-rule", "--color", "always"])
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    // --color always wins over NO_COLOR, as for `check`; auto follows NO_COLOR.
    assert!(String::from_utf8_lossy(&plain.stdout).contains("\u{1b}["));
    let auto = opsctl()
        .args(["list", "goals", "examples/every-rule"])
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    assert!(!String::from_utf8_lossy(&auto.stdout).contains("\u{1b}["));
    // Piped output is never cut, whatever COLUMNS says.
    let piped = opsctl()
        .args(["list", "goals", "examples/acme"])
        .env("COLUMNS", "40")
        .output()
        .unwrap();
    assert!(
        String::from_utf8_lossy(&piped.stdout)
            .contains("Median managed-onboarding customer live in 7 days")
    );
}

#[test]
fn owners_of_the_examples() {
    let out = transcript(&[
        "owners --root examples/acme",
        "owners lucia --root examples/acme",
        "owners --root examples/every-rule",
        "owners ana --root examples/every-rule",
        "owners everyone --root examples/every-rule",
    ]);
    insta::assert_snapshot!("owners", out);
}

#[test]
fn owners_flags_the_overloaded_and_those_who_own_nothing() {
    let doc = json(&["owners", "--root", "examples/every-rule", "--json"]);
    assert_eq!(doc["version"], 1);
    let owners = doc["owners"].as_array().unwrap();
    let find = |id: &str| owners.iter().find(|o| o["id"] == id).unwrap();
    assert_eq!(find("ana")["overloaded"], true);
    assert_eq!(find("ana")["open_goals"], 4);
    assert_eq!(find("everyone")["known"], false);
    let person = json(&["owners", "ana", "--root", "examples/every-rule", "--json"]);
    assert_eq!(person["load"]["overloaded"], true);
    assert_eq!(person["goals"].as_array().unwrap().len(), 4);
    // A person who owns nothing is listed and flagged.
    let dir = repo(&[(
        "people.toml",
        "[[person]]\nid = \"maya\"\n[[person]]\nid = \"idle\"\n[[goal]]\nid = \"g\"\nowner = \"maya\"\n",
    )]);
    let table = stdout(&["owners", "--root", dir.path().to_str().unwrap()]);
    let idle = table.lines().find(|l| l.starts_with("idle")).unwrap();
    assert!(idle.ends_with("owns nothing"), "{table}");
}

#[test]
fn score_of_the_examples() {
    let out = transcript(&["score examples/acme", "score examples/every-rule"]);
    insta::assert_snapshot!("score", out);
    let doc = json(&["score", "examples/acme", "--json"]);
    assert_eq!(doc["version"], 1);
    assert_eq!(doc["total"], 24);
    assert_eq!(doc["band"], "strong-foundation");
    let categories = doc["categories"].as_array().unwrap();
    let ids: Vec<&str> = categories
        .iter()
        .map(|c| c["id"].as_str().unwrap())
        .collect();
    assert_eq!(
        ids,
        [
            "clarity",
            "communication",
            "accountability",
            "systems",
            "measurement"
        ]
    );
    let sum: u64 = categories
        .iter()
        .map(|c| c["score"].as_u64().unwrap())
        .sum();
    assert_eq!(sum, 24);
    insta::assert_json_snapshot!(
        "score_every_rule_json",
        json(&["score", "examples/every-rule", "--json"])
    );
}

#[test]
fn the_score_drops_as_time_passes_and_goals_go_overdue() {
    let later = opsctl()
        .args(["score", "examples/acme", "--json"])
        .env("OPSCTL_TODAY", "2027-06-01")
        .output()
        .unwrap();
    let doc: serde_json::Value = serde_json::from_slice(&later.stdout).unwrap();
    assert!(doc["total"].as_u64().unwrap() < 24, "{doc}");
    let accountability = &doc["categories"][2];
    assert!(
        accountability["reason"]
            .as_str()
            .unwrap()
            .contains("overdue")
    );
}

// ---------- export ----------

#[test]
fn the_calendar_is_valid_rfc_5545() {
    let out = opsctl()
        .args(["export", "ics", "examples/acme"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    // CRLF everywhere, and no physical line over 75 octets.
    assert!(text.ends_with("END:VCALENDAR\r\n"));
    assert_eq!(text.matches('\n').count(), text.matches("\r\n").count());
    for line in text.split("\r\n") {
        assert!(line.len() <= 75, "{} octets: {line}", line.len());
    }
    // An independent parser reads it back, folded lines and all.
    let calendars: Vec<_> = ical::IcalParser::new(std::io::BufReader::new(text.as_bytes()))
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(calendars.len(), 1);
    let events = &calendars[0].events;
    let prop = |e: &ical::parser::ical::component::IcalEvent, name: &str| {
        e.properties
            .iter()
            .find(|p| p.name == name)
            .and_then(|p| p.value.clone())
    };
    let uids: Vec<String> = events.iter().map(|e| prop(e, "UID").unwrap()).collect();
    let unique: std::collections::BTreeSet<&String> = uids.iter().collect();
    assert_eq!(unique.len(), uids.len(), "UIDs are unique");
    for e in events {
        for required in ["UID", "DTSTAMP", "DTSTART", "SUMMARY"] {
            assert!(prop(e, required).is_some(), "{required} missing: {e:?}");
        }
        assert_eq!(prop(e, "DTSTAMP").unwrap(), "20261121T000000Z");
    }
    let goal = events
        .iter()
        .find(|e| prop(e, "UID").unwrap().starts_with("goal-arr-2m@"))
        .unwrap();
    assert_eq!(prop(goal, "DTSTART").unwrap(), "20261231");
    assert_eq!(prop(goal, "SUMMARY").unwrap(), "Goal due: Reach $2M ARR");
    let weekly = events
        .iter()
        .find(|e| {
            prop(e, "UID")
                .unwrap()
                .starts_with("cadence-weekly-execution-review@")
        })
        .unwrap();
    assert_eq!(prop(weekly, "RRULE").unwrap(), "FREQ=WEEKLY;INTERVAL=1");
    // Weekly series start on a Monday: the one of the week of --today.
    assert_eq!(prop(weekly, "DTSTART").unwrap(), "20261116");
    let quarterly = events
        .iter()
        .find(|e| {
            prop(e, "UID")
                .unwrap()
                .starts_with("cadence-quarterly-planning@")
        })
        .unwrap();
    assert_eq!(prop(quarterly, "RRULE").unwrap(), "FREQ=MONTHLY;INTERVAL=3");
    assert_eq!(prop(quarterly, "DTSTART").unwrap(), "20261001");
    for kind in ["goal", "milestone", "action", "review", "cadence"] {
        assert!(
            events
                .iter()
                .any(|e| prop(e, "CATEGORIES").as_deref() == Some(kind)),
            "no {kind} event"
        );
    }
    insta::assert_snapshot!("ics_acme", text.replace("\r\n", "\n"));
}

#[test]
fn calendar_uids_are_stable_so_apps_update_instead_of_duplicating() {
    let uids = |today: &str| -> Vec<String> {
        let out = opsctl()
            .args(["export", "ics", "examples/acme"])
            .env("OPSCTL_TODAY", today)
            .output()
            .unwrap();
        let text = String::from_utf8(out.stdout).unwrap();
        text.replace("\r\n ", "")
            .lines()
            .filter_map(|l| l.strip_prefix("UID:").map(str::to_string))
            .collect()
    };
    assert_eq!(uids("2026-11-21"), uids("2026-11-21"));
    assert_eq!(
        uids("2026-11-21"),
        uids("2027-01-05"),
        "a later export updates the same events"
    );
    // The same day gives the same bytes.
    assert_eq!(
        stdout(&["export", "ics", "examples/acme"]),
        stdout(&["export", "ics", "examples/acme"])
    );
}

#[test]
fn text_is_escaped_and_long_unicode_lines_fold_safely() {
    let dir = repo(&[
        ("opsctl.toml", "[org]\nname = \"Ünïcode, Inc.\"\n"),
        (
            "people.toml",
            "[[person]]\nid = \"zoë\"\nname = \"Zoë; the \\\\ boss\"\n",
        ),
        (
            "goals.toml",
            "[[goal]]\nid = \"g\"\ntitle = \"日本語のタイトル、とても長い目標の名前がここに入ります、さらに続きます\"\nowner = \"zoë\"\ndeadline = 2026-12-01\nmetric = \"a, b; c\"\n",
        ),
    ]);
    let out = stdout(&["export", "ics", dir.path().to_str().unwrap()]);
    for line in out.split("\r\n") {
        assert!(line.len() <= 75, "{line}");
    }
    let unfolded = out.replace("\r\n ", "");
    assert!(unfolded.contains("Metric: a\\, b\\; c"), "{unfolded}");
    assert!(
        unfolded.contains("Owner: Zoë\\; the \\\\ boss (zoë)"),
        "{unfolded}"
    );
    assert!(unfolded.contains("UID:goal-g@"), "{unfolded}");
    let calendars: Vec<_> = ical::IcalParser::new(std::io::BufReader::new(out.as_bytes()))
        .collect::<Result<_, _>>()
        .unwrap();
    let summary = calendars[0].events[0]
        .properties
        .iter()
        .find(|p| p.name == "SUMMARY")
        .and_then(|p| p.value.clone())
        .unwrap();
    assert!(summary.ends_with("さらに続きます"), "{summary}");
}

/// Copies a directory tree (the examples) into `to`.
fn copy_tree(from: &Path, to: &Path) {
    for entry in std::fs::read_dir(from).unwrap() {
        let path = entry.unwrap().path();
        let target = to.join(path.file_name().unwrap());
        if path.is_dir() {
            std::fs::create_dir_all(&target).unwrap();
            copy_tree(&path, &target);
        } else {
            std::fs::copy(&path, &target).unwrap();
        }
    }
}

#[test]
fn codeowners_routes_pages_and_entity_files_to_github_handles() {
    // The ops repository in a folder of a git repository: CODEOWNERS paths start at
    // the git repository's top.
    let dir = tempfile::tempdir().unwrap();
    let ops = dir.path().join("ops");
    std::fs::create_dir_all(&ops).unwrap();
    copy_tree(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/acme"),
        &ops,
    );
    git(
        dir.path(),
        &["init", "-q", "-b", "main"],
        "2026-11-21T09:00:00+00:00",
    );
    let out = opsctl()
        .args(["export", "codeowners"])
        .arg(&ops)
        .output()
        .unwrap();
    assert!(out.status.success());
    assert!(
        out.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.lines().skip(3).all(|l| l.starts_with("/ops/")),
        "{text}"
    );
    insta::assert_snapshot!("codeowners_acme", text);
}

#[test]
fn codeowners_reports_people_without_a_handle() {
    let dir = repo(&[
        (
            "people.toml",
            "[[person]]\nid = \"maya\"\ngithub = \"@mayachen\"\n[[person]]\nid = \"dev\"\n",
        ),
        (
            "goals.toml",
            "[[goal]]\nid = \"a\"\nowner = \"maya\"\n[[goal]]\nid = \"b\"\nowner = \"dev\"\n",
        ),
        ("sops/a b.md", "+++\nowner = \"dev\"\n+++\n# A\n"),
        ("notes.md", "# Nobody's\n"),
    ]);
    let out = opsctl()
        .args(["export", "codeowners"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("\n/goals.toml @mayachen\n"), "{text}");
    assert!(
        !text.contains("a\\ b.md"),
        "a page whose owner has no handle is left out: {text}"
    );
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(
        err.contains("`dev` has no `github` handle") && err.contains("sops/a b.md"),
        "{err}"
    );
    assert!(err.contains("no owner, so no reviewer: notes.md"), "{err}");
}

#[test]
fn export_json_is_the_whole_model_versioned() {
    let doc = json(&["export", "json", "examples/acme"]);
    assert_eq!(doc["version"], 1);
    assert_eq!(doc["goals"].as_array().unwrap().len(), 18);
    assert_eq!(doc["people"].as_array().unwrap().len(), 9);
    assert_eq!(doc["kpis"].as_array().unwrap().len(), 9);
    assert_eq!(doc["waivers"].as_array().unwrap().len(), 1);
    assert_eq!(doc["pages"].as_array().unwrap().len(), 16);
    let goal = &doc["goals"][0];
    assert_eq!(goal["file"], "goals/2026-q4.toml");
    assert_eq!(goal["deadline"], "2026-12-31");
    assert_eq!(goal["milestone"][0]["done"], true);
    insta::assert_json_snapshot!(
        "export_json_every_rule",
        json(&["export", "json", "examples/every-rule"])
    );
}

#[test]
fn export_writes_to_a_file_with_out() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("acme.ics");
    opsctl()
        .args(["export", "ics", "examples/acme", "--out"])
        .arg(&file)
        .assert()
        .success()
        .stdout("");
    let written = std::fs::read_to_string(&file).unwrap();
    assert_eq!(written, stdout(&["export", "ics", "examples/acme"]));
}

// ---------- score over git history, and on the home page ----------

/// Runs git in `dir` with a fixed identity and, for commits, the given date.
fn git(dir: &Path, args: &[&str], date: &str) -> Output {
    let env = [("GIT_AUTHOR_DATE", date), ("GIT_COMMITTER_DATE", date)];
    let out = gitrepo::run_env(dir, "git", args, &env);
    assert!(
        out.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

const PEOPLE: &str = "[[person]]\nid = \"maya\"\n[[person]]\nid = \"dev\"\n";
const GOAL: &str = "[[goal]]\nid = \"arr\"\ntitle = \"ARR\"\nhorizon = \"annual\"\nowner = \"maya\"\ndeadline = 2026-12-31\n";

/// A git repository whose ops repository (in `ops/`) improves month by month:
/// July a bare goal, August a metric, September a cadence and capability, then
/// two commits in October (the later one counts) adding a KPI and an SOP.
fn growing_repository() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let work = dir.path().to_path_buf();
    let ops = work.join("ops");
    git(
        &work,
        &["init", "-q", "-b", "main"],
        "2026-07-01T10:00:00+00:00",
    );
    let commit = |files: &[(&str, &str)], date: &str, message: &str| {
        write(&ops, files);
        git(&work, &["add", "-A"], date);
        git(&work, &["commit", "-q", "-m", message], date);
    };
    write(&work, &[("README.md", "# Not ops yet\n")]);
    git(&work, &["add", "-A"], "2026-06-10T09:00:00+00:00");
    git(
        &work,
        &["commit", "-q", "-m", "before ops"],
        "2026-06-10T09:00:00+00:00",
    );
    commit(
        &[
            ("opsctl.toml", "[org]\nname = \"Acme\"\n"),
            ("people.toml", PEOPLE),
            ("goals.toml", GOAL),
        ],
        "2026-07-15T09:00:00+00:00",
        "a goal",
    );
    let with_metric = format!("{GOAL}metric = \"ARR on the dashboard\"\n");
    commit(
        &[
            ("goals.toml", &with_metric),
            (
                "opsctl.toml",
                "[org]\nname = \"Acme\"\nvision = \"Live in a week.\"\n",
            ),
        ],
        "2026-08-20T09:00:00+00:00",
        "a metric and a vision",
    );
    commit(
        &[
            (
                "capabilities.toml",
                "[[capability]]\nid = \"support\"\nowner = \"dev\"\n",
            ),
            (
                "cadences.toml",
                "[[cadence]]\nid = \"weekly\"\nevery = \"1w\"\nowner = \"maya\"\nattendees = [\"dev\"]\nsop = \"sops/support.md\"\n",
            ),
        ],
        "2026-09-05T09:00:00+00:00",
        "a capability and a cadence",
    );
    commit(
        &[(
            "kpis.toml",
            "[[kpi]]\nid = \"frt\"\nowner = \"dev\"\ncapability = \"support\"\ntarget = 4\ndirection = \"down\"\ncadence = \"monthly\"\nreadings = [{ date = 2026-10-01, value = 5 }]\n",
        )],
        "2026-10-02T09:00:00+00:00",
        "a KPI",
    );
    commit(
        &[(
            "sops/support.md",
            "+++\nowner = \"dev\"\ncapability = \"support\"\nlast_reviewed = 2026-10-20\n+++\n# Support\n",
        )],
        "2026-10-21T09:00:00+00:00",
        "an SOP",
    );
    (dir, ops)
}

#[test]
fn score_history_samples_each_months_last_commit() {
    let (_dir, ops) = growing_repository();
    let run = |args: &[&str]| {
        let out = opsctl().current_dir(&ops).args(args).output().unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    };
    let doc: serde_json::Value =
        serde_json::from_str(&run(&["score", "--history", "--json"])).unwrap();
    assert_eq!(doc["version"], 1);
    let samples = doc["samples"].as_array().unwrap();
    // June has no ops files yet, so it is not scored; October's later commit counts.
    let dates: Vec<&str> = samples
        .iter()
        .map(|s| s["date"].as_str().unwrap())
        .collect();
    assert_eq!(
        dates,
        ["2026-07-31", "2026-08-31", "2026-09-30", "2026-10-31"]
    );
    assert_eq!(samples[3]["committed"], "2026-10-21");
    let totals: Vec<u64> = samples
        .iter()
        .map(|s| s["score"]["total"].as_u64().unwrap())
        .collect();
    assert!(
        totals.windows(2).all(|w| w[0] < w[1]),
        "the score climbs: {totals:?}"
    );
    assert_eq!(*totals.last().unwrap(), 25, "{doc:#}");
    // Weekly sampling finds each commit in its own week.
    let weekly: serde_json::Value =
        serde_json::from_str(&run(&["score", "--history", "--every", "1w", "--json"])).unwrap();
    assert_eq!(weekly["samples"].as_array().unwrap().len(), 5);
    let text = run(&["score", "--history"]);
    assert!(text.contains("at the last commit of every month"), "{text}");
    assert!(text.contains("From 2026-07-31 to 2026-10-31"), "{text}");
    // Fixed contents, identities and dates give the same commit ids on every run.
    insta::assert_snapshot!("score_history", text);
}

#[test]
fn score_history_needs_git_and_a_valid_period() {
    let dir = repo(&[("people.toml", PEOPLE)]);
    opsctl()
        .args(["score", "--history"])
        .arg(dir.path())
        .assert()
        .code(2)
        .stderr(predicate::str::contains("not in a git repository"));
    opsctl()
        .args([
            "score",
            "examples/acme",
            "--history",
            "--every",
            "fortnight",
        ])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--every"));
    opsctl().args(["score", "--every", "1w"]).assert().code(2);
}

#[test]
fn the_home_page_shows_the_score() {
    let out = tempfile::tempdir().unwrap();
    let site = out.path().join("site");
    opsctl()
        .args(["build", "examples/acme", "--out"])
        .arg(&site)
        .assert()
        .success();
    let home = std::fs::read_to_string(site.join("index.html")).unwrap();
    let panel = &home[home.find("id=\"opsctl-execution-score\"").unwrap()..];
    let panel = &panel[..panel.find("</section>").unwrap()];
    assert!(panel.contains("24/25 · strong foundation"), "{panel}");
    for name in [
        "Clarity",
        "Communication",
        "Accountability",
        "Systems",
        "Measurement",
    ] {
        assert!(
            panel.contains(&format!("<td>{name}</td>")),
            "{name}: {panel}"
        );
    }
    assert!(panel.contains("1 of 7 capabilities has no KPI"), "{panel}");
    assert!(
        !panel.contains("<svg"),
        "no trend unless [site] score_history asks for it"
    );
}

#[test]
fn the_home_page_draws_the_score_trend_when_asked() {
    let (_dir, ops) = growing_repository();
    std::fs::write(
        ops.join("opsctl.toml"),
        "[org]\nname = \"Acme\"\nvision = \"Live in a week.\"\n[site]\nscore_history = 3\n",
    )
    .unwrap();
    let site = ops.parent().unwrap().join("site");
    opsctl()
        .current_dir(&ops)
        .args(["build", "--out"])
        .arg(&site)
        .assert()
        .success();
    let home = std::fs::read_to_string(site.join("index.html")).unwrap();
    let panel = &home[home.find("id=\"opsctl-execution-score\"").unwrap()..];
    assert!(panel.contains("<svg"), "{panel}");
    assert!(
        panel.contains("3 readings from 2026-08-31 to 2026-10-31"),
        "the last three months are drawn: {panel}"
    );
}
