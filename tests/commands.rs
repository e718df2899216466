//! The commands that create and explain: init, new, explain, completions, man and schema.

use assert_cmd::Command;
use predicates::prelude::*;

const TODAY: &str = "2026-11-21";

fn opsctl() -> Command {
    let mut cmd = Command::cargo_bin("opsctl").unwrap();
    cmd.current_dir(env!("CARGO_MANIFEST_DIR"))
        .env_remove("NO_COLOR")
        .env_remove("CLICOLOR_FORCE")
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
    for sub in ["check", "build", "explain", "completions", "man"] {
        assert!(script.contains(sub), "bash completions lack `{sub}`");
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
    ] {
        assert!(out.join(name).is_file(), "{name} not written");
    }
    let check = std::fs::read_to_string(out.join("opsctl-check.1")).unwrap();
    assert!(check.contains("deny\\-warnings"), "{check}");
}
