//! The command-line contract: exit codes, output formats, colour, and the examples.

use std::path::Path;

use assert_cmd::Command;
use predicates::prelude::*;

fn opsctl() -> Command {
    let mut cmd = Command::cargo_bin("opsctl").unwrap();
    cmd.current_dir(env!("CARGO_MANIFEST_DIR"))
        .env_remove("NO_COLOR")
        .env_remove("CLICOLOR_FORCE")
        // The examples live in opsctl's own repository: its commits must not leak
        // into the outputs (tests/history.rs covers history).
        .env("OPSCTL_NO_HISTORY", "1")
        .env("OPSCTL_TODAY", "2026-11-21");
    cmd
}

fn stdout_of(args: &[&str]) -> String {
    let output = opsctl().args(args).output().unwrap();
    String::from_utf8(output.stdout).unwrap()
}

#[test]
fn the_clean_example_checks_clean() {
    opsctl()
        .args(["check", "examples/acme", "--deny-warnings"])
        .assert()
        .code(0)
        .stdout(predicate::str::contains("0 errors, 0 warnings in 0 files"));
}

#[test]
fn the_broken_example_fails_with_every_rule() {
    let output = opsctl()
        .args(["check", "examples/every-rule", "--format", "json"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let doc: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let fired: std::collections::BTreeSet<&str> = doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["rule"].as_str().unwrap())
        .collect();
    for rule in opsctl::check::rules::RULES {
        if rule.id != "unreadable" {
            assert!(
                fired.contains(rule.id),
                "{} does not fire in examples/every-rule",
                rule.id
            );
        }
    }
}

#[test]
fn warnings_fail_only_with_deny_warnings() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("page.md"), "# A page without an owner\n").unwrap();
    let path = dir.path().to_str().unwrap();
    opsctl().args(["check", path]).assert().code(0);
    opsctl()
        .args(["check", path, "--deny-warnings"])
        .assert()
        .code(1);
}

#[test]
fn usage_and_io_errors_exit_2() {
    opsctl()
        .args(["check", "--format", "yaml"])
        .assert()
        .code(2);
    opsctl().args(["frobnicate"]).assert().code(2);
    opsctl()
        .args(["check", "does/not/exist"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("does/not/exist"));
    opsctl()
        .args(["check", "examples/acme", "--today", "2026-13-01"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--today"));
}

#[test]
fn opsctl_today_fixes_the_date() {
    // The same repository is clean today and has overdue goals a year later.
    opsctl()
        .args(["check", "examples/acme"])
        .env("OPSCTL_TODAY", "2027-12-01")
        .assert()
        .stdout(predicate::str::contains("goal-overdue"));
}

#[test]
fn colour_follows_the_flag_and_no_color() {
    let coloured = opsctl()
        .args(["check", "examples/every-rule", "--color", "always"])
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&coloured.stdout).contains("\u{1b}["));
    let plain = opsctl()
        .args(["check", "examples/every-rule"])
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    assert!(!String::from_utf8_lossy(&plain.stdout).contains("\u{1b}["));
    let never = opsctl()
        .args(["check", "examples/every-rule", "--color", "never"])
        .output()
        .unwrap();
    assert!(!String::from_utf8_lossy(&never.stdout).contains("\u{1b}["));
}

#[test]
fn human_output_points_at_the_line_and_groups_by_file() {
    let out = stdout_of(&["check", "examples/every-rule", "--color", "never"]);
    insta::assert_snapshot!("human_every_rule", out);
}

#[test]
fn json_output_is_a_versioned_document() {
    let out = stdout_of(&["check", "examples/every-rule", "--format", "json"]);
    let doc: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(doc["version"], 1);
    assert_eq!(
        doc["summary"]["errors"].as_u64().unwrap() as usize,
        count(&doc, "error")
    );
    insta::assert_snapshot!("json_every_rule", out);
}

fn count(doc: &serde_json::Value, level: &str) -> usize {
    doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["level"] == level)
        .count()
}

#[test]
fn sarif_output_is_sarif_2_1_0_with_the_rules_listed() {
    let out = stdout_of(&["check", "examples/every-rule", "--format", "sarif"]);
    let doc: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(doc["version"], "2.1.0");
    let run = &doc["runs"][0];
    let rules = run["tool"]["driver"]["rules"].as_array().unwrap();
    assert_eq!(rules.len(), opsctl::check::rules::RULES.len());
    for result in run["results"].as_array().unwrap() {
        let index = result["ruleIndex"].as_u64().unwrap() as usize;
        assert_eq!(rules[index]["id"], result["ruleId"]);
        let region = &result["locations"][0]["physicalLocation"]["region"];
        assert!(region["startLine"].as_u64().unwrap() >= 1);
        assert!(region["startColumn"].as_u64().unwrap() >= 1);
    }
    insta::assert_snapshot!("sarif_every_rule", out);
}

#[test]
fn github_output_is_escaped_workflow_commands() {
    let out = stdout_of(&["check", "examples/every-rule", "--format", "github"]);
    for line in out.lines().filter(|l| l.starts_with("::")) {
        assert!(
            line.starts_with("::error file=examples/every-rule/")
                || line.starts_with("::warning file=examples/every-rule/")
        );
        let (properties, message) = line[2..].split_once("::").unwrap();
        assert!(
            properties.contains(",line=")
                && properties.contains(",col=")
                && properties.contains(",title=")
        );
        assert!(!message.contains('\n'));
    }
    insta::assert_snapshot!("github_every_rule", out);
}

#[test]
fn the_root_is_found_upwards_from_the_current_directory() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/every-rule/sops/support");
    let mut cmd = Command::cargo_bin("opsctl").unwrap();
    cmd.current_dir(root)
        .env("OPSCTL_TODAY", "2026-11-21")
        .args(["check", "--format", "json"])
        .assert()
        .code(1)
        .stdout(predicate::str::contains("\"file\": \"people.toml\""));
}
