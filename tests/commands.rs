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

// --- init ------------------------------------------------------------------------

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
    opsctl()
        .current_dir(&root)
        .args(["check", "--deny-warnings"])
        .assert()
        .code(0)
        .stdout(predicate::str::contains("0 errors, 0 warnings"));
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
    let dir = tempfile::tempdir().unwrap();
    opsctl()
        .args(["init", dir.path().to_str().unwrap()])
        .assert()
        .code(0);
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
