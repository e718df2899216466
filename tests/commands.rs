//! The commands that create and explain: init, new, explain, completions, man and schema.

use assert_cmd::Command;
use predicates::prelude::*;

const TODAY: &str = "2026-11-21";

fn opsctl() -> Command {
    let mut cmd = Command::cargo_bin("opsctl").unwrap();
    cmd.current_dir(env!("CARGO_MANIFEST_DIR"))
        .env_remove("NO_COLOR")
        .env_remove("CLICOLOR_FORCE")
        // The examples live in opsctl's own repository: its commits must not leak
        // into the outputs (tests/history.rs covers history).
        .env("OPSCTL_NO_HISTORY", "1")
        .env("OPSCTL_TODAY", TODAY);
    cmd
}

fn stdout(cmd: &mut Command) -> String {
    let output = cmd.output().unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).unwrap()
}

// --- explain -------------------------------------------------------------------

#[test]
fn explain_lists_every_rule_with_its_level() {
    let list = stdout(opsctl().arg("explain"));
    for rule in opsctl::check::rules::RULES {
        assert!(
            list.lines()
                .any(|l| l.starts_with(rule.id) && l.contains(rule.level.as_str())),
            "{} missing from `opsctl explain`",
            rule.id
        );
    }
    insta::assert_snapshot!("explain_list", list);
}

#[test]
fn explain_every_rule() {
    let mut all = String::new();
    for rule in opsctl::check::rules::RULES {
        let text = stdout(opsctl().args(["explain", rule.id]));
        for section in ["What it checks", "Why it matters", "Example", "How to fix"] {
            assert!(text.contains(section), "{}: no `{section}`", rule.id);
        }
        if rule.id != "unreadable" {
            assert!(
                text.contains(&format!(": {}: ", rule.level.as_str())),
                "{}: the example does not fire:\n{text}",
                rule.id
            );
        }
        all.push_str(&text);
        all.push_str("\n----\n\n");
    }
    insta::assert_snapshot!("explain_every_rule", all);
}

#[test]
fn explain_an_unknown_rule_suggests_one_and_exits_2() {
    opsctl()
        .args(["explain", "sop-stail"])
        .assert()
        .code(2)
        .stdout("")
        .stderr(predicate::str::contains(
            "unknown rule `sop-stail`; did you mean `sop-stale`?",
        ));
}

// --- completions and man pages ---------------------------------------------------

#[test]
fn bash_completions_name_the_subcommands() {
    let script = stdout(opsctl().args(["completions", "bash"]));
    assert!(!script.is_empty());
    for sub in [
        "check",
        "build",
        "init",
        "new",
        "explain",
        "completions",
        "man",
    ] {
        assert!(script.contains(sub), "bash completions lack `{sub}`");
    }
    // `new` is built from the field tables; its kinds and flags complete too.
    for word in [
        "opsctl__subcmd__new__subcmd__goal",
        "--deadline",
        "--review-every",
    ] {
        assert!(script.contains(word), "bash completions lack `{word}`");
    }
}

#[test]
fn completions_exist_for_every_shell() {
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        let script = stdout(opsctl().args(["completions", shell]));
        assert!(script.contains("explain"), "{shell}");
    }
    opsctl()
        .args(["completions", "tcsh"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("possible values"));
}

#[test]
fn man_page_to_stdout_and_one_per_subcommand() {
    let page = stdout(opsctl().arg("man"));
    assert!(
        page.starts_with(".ie") || page.contains(".TH opsctl 1"),
        "{page}"
    );
    assert!(page.contains("explain"));
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("man");
    opsctl()
        .args(["man", "--out", out.to_str().unwrap()])
        .assert()
        .code(0);
    for name in [
        "opsctl.1",
        "opsctl-check.1",
        "opsctl-hook-install.1",
        "opsctl-explain.1",
        "opsctl-new-goal.1",
        "opsctl-init.1",
    ] {
        assert!(out.join(name).is_file(), "{name} not written");
    }
    let check = std::fs::read_to_string(out.join("opsctl-check.1")).unwrap();
    assert!(check.contains("deny\\-warnings"), "{check}");
}

// --- init ------------------------------------------------------------------------

/// A new repository made by `opsctl init`.
fn initialised() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    opsctl()
        .args(["init", dir.path().to_str().unwrap()])
        .assert()
        .code(0);
    dir
}

/// `opsctl check --deny-warnings` passes in `root`.
fn checks_clean(root: &std::path::Path) {
    opsctl()
        .current_dir(root)
        .args(["check", "--deny-warnings"])
        .assert()
        .code(0)
        .stdout(predicate::str::contains("0 errors, 0 warnings"));
}

#[test]
fn init_writes_a_repository_that_checks_clean_and_builds() {
    let dir = tempfile::tempdir().unwrap();
    let output = opsctl()
        .current_dir(dir.path())
        .args(["init", "ops"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0));
    insta::assert_snapshot!("init_stderr", String::from_utf8(output.stderr).unwrap());
    let root = dir.path().join("ops");
    insta::assert_snapshot!(
        "init_goals_toml",
        std::fs::read_to_string(root.join("goals.toml")).unwrap()
    );
    assert!(
        std::fs::read_to_string(root.join(".gitignore"))
            .unwrap()
            .contains("/_site/")
    );
    checks_clean(&root);
    opsctl()
        .current_dir(&root)
        .arg("build")
        .assert()
        .code(0)
        .stderr(predicate::str::contains("check: 0 errors, 0 warnings"));
    assert!(root.join("_site/index.html").is_file());
}

#[test]
fn init_on_another_day_is_clean_on_that_day() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().to_str().unwrap();
    for day in ["2027-06-30", "2028-02-29"] {
        let root = format!("{path}/{day}");
        opsctl()
            .args(["init", &root, "--today", day])
            .assert()
            .code(0);
        opsctl()
            .args(["check", &root, "--deny-warnings", "--today", day])
            .assert()
            .code(0);
    }
}

#[test]
fn init_toml_files_point_editors_at_the_written_schemas() {
    let dir = initialised();
    for name in ["opsctl.toml", "people.toml", "goals.toml", "kpis.toml"] {
        let text = std::fs::read_to_string(dir.path().join(name)).unwrap();
        let target = text
            .lines()
            .next()
            .and_then(|l| l.strip_prefix("#:schema "))
            .unwrap_or_else(|| panic!("{name} has no #:schema line"));
        assert!(dir.path().join(target).is_file(), "{name}: {target}");
    }
}

#[test]
fn init_refuses_a_non_empty_directory() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("notes.md"), "# Notes\n").unwrap();
    opsctl()
        .args(["init", dir.path().to_str().unwrap()])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("is not empty (it holds notes.md)"))
        .stderr(predicate::str::contains("--force"));
    assert!(!dir.path().join("opsctl.toml").exists());
}

#[test]
fn init_accepts_a_fresh_git_repository() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join(".git")).unwrap();
    opsctl()
        .args(["init", dir.path().to_str().unwrap()])
        .assert()
        .code(0);
    assert!(dir.path().join("opsctl.toml").is_file());
}

#[test]
fn init_with_force_never_overwrites() {
    let dir = tempfile::tempdir().unwrap();
    let mine = "# my own people\n[[person]]\nid = \"zoe\"\n";
    std::fs::write(dir.path().join("people.toml"), mine).unwrap();
    std::fs::create_dir_all(dir.path().join("sops/sales")).unwrap();
    std::fs::write(dir.path().join("sops/sales/qualifying-a-lead.md"), "mine\n").unwrap();
    opsctl()
        .args(["init", dir.path().to_str().unwrap(), "--force"])
        .assert()
        .code(0)
        .stderr(predicate::str::contains(
            "kept 2 existing files (not overwritten):\n  people.toml\n  sops/sales/qualifying-a-lead.md\n",
        ));
    assert_eq!(
        std::fs::read_to_string(dir.path().join("people.toml")).unwrap(),
        mine
    );
    assert_eq!(
        std::fs::read_to_string(dir.path().join("sops/sales/qualifying-a-lead.md")).unwrap(),
        "mine\n"
    );
    assert!(dir.path().join("goals.toml").is_file());
}

#[test]
fn init_into_a_file_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("file");
    std::fs::write(&file, "x").unwrap();
    opsctl()
        .args(["init", file.to_str().unwrap()])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("is a file"));
}

// --- new -------------------------------------------------------------------------

/// A copy of an example repository to change.
fn copy_of(example: &str) -> tempfile::TempDir {
    fn copy(from: &std::path::Path, to: &std::path::Path) {
        std::fs::create_dir_all(to).unwrap();
        for entry in std::fs::read_dir(from).unwrap() {
            let entry = entry.unwrap();
            let name = entry.file_name();
            if name == "_site" {
                continue;
            }
            if entry.file_type().unwrap().is_dir() {
                copy(&entry.path(), &to.join(&name));
            } else {
                std::fs::copy(entry.path(), to.join(&name)).unwrap();
            }
        }
    }
    let dir = tempfile::tempdir().unwrap();
    copy(
        &std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(example),
        dir.path(),
    );
    dir
}

/// `opsctl new …` in `root`, never interactive.
fn new_in(root: &std::path::Path, args: &[&str]) -> std::process::Output {
    opsctl()
        .current_dir(root)
        .arg("new")
        .args(args)
        .env("CI", "true")
        .output()
        .unwrap()
}

fn read(root: &std::path::Path, path: &str) -> String {
    std::fs::read_to_string(root.join(path)).unwrap()
}

#[test]
fn new_goal_joins_the_goals_of_its_quarter_and_keeps_the_file_as_it_was() {
    let repo = copy_of("examples/acme");
    let before = read(repo.path(), "goals/2027-q1.toml");
    let output = new_in(
        repo.path(),
        &[
            "goal",
            "--id",
            "q1-hire-engineers",
            "--title",
            "Hire two platform engineers",
            "--horizon",
            "quarter",
            "--owner",
            "omar",
            "--parent",
            "self-serve-onboarding",
            "--deadline",
            "2027-02-15",
            "--metric",
            "Two signed offers",
            "--contributors",
            "jonas, lucia",
        ],
    );
    assert_eq!(output.status.code(), Some(0));
    insta::assert_snapshot!("new_goal_stderr", String::from_utf8(output.stderr).unwrap());
    let after = read(repo.path(), "goals/2027-q1.toml");
    assert!(after.starts_with(&before), "the existing text changed");
    insta::assert_snapshot!("new_goal_file", after);
    checks_clean(repo.path());
}

#[test]
fn new_person_lands_among_the_people_and_keeps_comments() {
    let repo = copy_of("examples/acme");
    let before = read(repo.path(), "people.toml");
    let output = new_in(
        repo.path(),
        &[
            "person", "--id", "zoe", "--name", "Zoe Park", "--team", "support", "--github",
            "zoepark",
        ],
    );
    assert_eq!(output.status.code(), Some(0), "{output:?}");
    let after = read(repo.path(), "people.toml");
    let block = "[[person]]\nid = \"zoe\"\nname = \"Zoe Park\"\nteam = \"support\"\ngithub = \"zoepark\"\n\n";
    assert!(after.contains(&format!("{block}[[team]]")), "{after}");
    assert_eq!(after.replacen(block, "", 1), before, "nothing else changed");
    insta::assert_snapshot!("new_person_file", after);
    checks_clean(repo.path());
}

#[test]
fn new_adds_every_kind_to_a_new_repository_and_it_still_checks() {
    let dir = initialised();
    let root = dir.path();
    let runs: &[&[&str]] = &[
        &[
            "person",
            "--id",
            "kim",
            "--name",
            "Kim Osei",
            "--team",
            "leadership",
        ],
        &[
            "team",
            "--id",
            "ops",
            "--name",
            "Operations",
            "--lead",
            "jo",
        ],
        &[
            "capability",
            "--id",
            "hiring",
            "--name",
            "Hiring",
            "--kind",
            "operational",
            "--owner",
            "kim",
        ],
        &[
            "offering",
            "--id",
            "onboarding",
            "--name",
            "Guided onboarding",
            "--owner",
            "jo",
            "--requires",
            "customer-support,sales",
        ],
        &[
            "kpi",
            "--id",
            "time-to-hire",
            "--name",
            "Time to hire",
            "--owner",
            "kim",
            "--capability",
            "hiring",
            "--unit",
            "days",
            "--target",
            "30",
            "--direction",
            "down",
            "--cadence",
            "monthly",
        ],
        &[
            "cadence",
            "--id",
            "hiring-sync",
            "--name",
            "Hiring sync",
            "--every",
            "2w",
            "--owner",
            "kim",
            "--attendees",
            "alex,jo",
            "--sop",
            "sops/planning/weekly-review.md",
        ],
        &[
            "goal",
            "--id",
            "team-of-ten",
            "--title",
            "A team of ten",
            "--horizon",
            "annual",
            "--owner",
            "kim",
            "--deadline",
            "2027-12-31",
            "--metric",
            "Ten people on the payroll",
            "--capability",
            "hiring",
        ],
        &[
            "sop",
            "--title",
            "Running an interview",
            "--owner",
            "kim",
            "--capability",
            "hiring",
            "--review-every",
            "90d",
            "--tags",
            "hiring",
        ],
    ];
    for args in runs {
        let output = new_in(root, args);
        assert_eq!(
            output.status.code(),
            Some(0),
            "{args:?}: {}",
            String::from_utf8_lossy(&output.stderr)
        );
    }
    insta::assert_snapshot!(
        "new_sop_page",
        read(root, "sops/hiring/running-an-interview.md")
    );
    let goals = read(root, "goals.toml");
    assert!(goals.contains("id = \"team-of-ten\""), "{goals}");
    assert!(
        goals.contains("priority = 3\n"),
        "next free annual rank: {goals}"
    );
    // The KPI has no reading yet (kpi-stale); everything else is clean.
    let output = opsctl()
        .current_dir(root)
        .args(["check", "--format", "json"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0));
    let doc: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let rules: Vec<&str> = doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["rule"].as_str().unwrap())
        .collect();
    assert_eq!(rules, ["kpi-stale"]);
}

#[test]
fn new_creates_the_conventional_file_with_a_schema_line() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    std::fs::write(root.join("opsctl.toml"), "[org]\nname = \"Tiny\"\n").unwrap();
    opsctl()
        .args(["schema", "--out", root.join("schema").to_str().unwrap()])
        .assert()
        .code(0);
    let output = new_in(root, &["person", "--id", "ana", "--name", "Ana"]);
    assert_eq!(output.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&output.stderr).contains("to new file people.toml"));
    assert_eq!(
        read(root, "people.toml"),
        "#:schema ./schema/entities.schema.json\n\n[[person]]\nid = \"ana\"\nname = \"Ana\"\n"
    );
    let output = new_in(
        root,
        &[
            "goal",
            "--id",
            "grow",
            "--title",
            "Grow",
            "--horizon",
            "annual",
            "--owner",
            "ana",
            "--deadline",
            "2027-06-30",
            "--metric",
            "Revenue ≥ 1M",
            "--file",
            "goals/2027.toml",
        ],
    );
    assert_eq!(output.status.code(), Some(0));
    assert!(read(root, "goals/2027.toml").starts_with("#:schema ../schema/entities.schema.json\n"));
}

#[test]
fn new_goal_help_lists_every_field() {
    insta::assert_snapshot!(
        "new_goal_help",
        stdout(opsctl().args(["new", "goal", "--help"]))
    );
}

#[test]
fn new_without_a_terminal_names_the_missing_flags() {
    let repo = copy_of("examples/acme");
    let output = new_in(repo.path(), &["goal", "--id", "x", "--owner", "maya"]);
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(
        stderr.contains(
            "missing --title, --horizon, --deadline, --metric for `opsctl new goal` (not asking: CI is set)"
        ),
        "{stderr}"
    );
    // Without CI but with stdin not a terminal, the same.
    opsctl()
        .current_dir(repo.path())
        .env_remove("CI")
        .args(["new", "sop", "--title", "Refunds"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "missing --owner, --capability for `opsctl new sop` (not asking: stdin is not a terminal)",
        ));
    assert_eq!(
        read(repo.path(), "goals/2026.toml"),
        read(
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")),
            "examples/acme/goals/2026.toml"
        )
    );
}

#[test]
fn new_refuses_an_existing_id_and_unknown_references() {
    let repo = copy_of("examples/acme");
    let before = read(repo.path(), "people.toml");
    let output = new_in(
        repo.path(),
        &["person", "--id", "maya", "--name", "Maya Two"],
    );
    assert_eq!(output.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&output.stderr)
            .contains("--id: a person `maya` already exists (people.toml:6); choose another id")
    );
    let output = new_in(
        repo.path(),
        &[
            "team", "--id", "growth", "--name", "Growth", "--lead", "mya",
        ],
    );
    assert_eq!(output.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&output.stderr)
            .contains("--lead: there is no person `mya`; did you mean `maya`?")
    );
    let output = new_in(
        repo.path(),
        &[
            "kpi",
            "--id",
            "nps",
            "--name",
            "NPS",
            "--owner",
            "sales",
            "--capability",
            "sale",
            "--target",
            "fifty",
            "--direction",
            "up",
            "--cadence",
            "monthly",
        ],
    );
    assert_eq!(output.status.code(), Some(2));
    insta::assert_snapshot!("new_kpi_errors", String::from_utf8(output.stderr).unwrap());
    let output = new_in(
        repo.path(),
        &[
            "sop",
            "--title",
            "Escalating a customer issue",
            "--owner",
            "dev",
            "--capability",
            "customer-support",
            "--file",
            "sops/customer-support/escalation.md",
        ],
    );
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("already exists"));
    let output = new_in(
        repo.path(),
        &[
            "person",
            "--id",
            "out",
            "--name",
            "Out",
            "--file",
            "../people.toml",
        ],
    );
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(read(repo.path(), "people.toml"), before);
}

#[test]
fn new_reports_a_target_file_that_does_not_parse() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    std::fs::write(root.join("opsctl.toml"), "").unwrap();
    std::fs::write(
        root.join("people.toml"),
        "[[person]]\nid = \"ana\nname = \"Ana\"\n",
    )
    .unwrap();
    let output = new_in(
        root,
        &[
            "person",
            "--id",
            "ben",
            "--name",
            "Ben",
            "--file",
            "people.toml",
        ],
    );
    assert_eq!(output.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&output.stderr)
            .contains("people.toml is not valid TOML, so nothing was added")
    );
}

// --- schema ----------------------------------------------------------------------

#[test]
fn schema_out_writes_the_committed_schemas() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("nested/schema");
    opsctl()
        .args(["schema", "--out", out.to_str().unwrap()])
        .assert()
        .code(0)
        .stderr(predicate::str::contains(
            "wrote opsctl.schema.json, entities.schema.json, front-matter.schema.json into",
        ));
    let committed = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("schema");
    for name in [
        "opsctl.schema.json",
        "entities.schema.json",
        "front-matter.schema.json",
    ] {
        let written = std::fs::read_to_string(out.join(name)).unwrap();
        assert_eq!(
            written,
            std::fs::read_to_string(committed.join(name)).unwrap(),
            "{name}"
        );
        let doc: serde_json::Value = serde_json::from_str(&written).unwrap();
        assert_eq!(
            doc["$schema"], "http://json-schema.org/draft-07/schema#",
            "{name}"
        );
    }
}

#[test]
fn schema_into_a_file_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("file");
    std::fs::write(&file, "x").unwrap();
    opsctl()
        .args(["schema", "--out", file.to_str().unwrap()])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("error:"));
}
