//! Git-native behaviour on real repositories the tests create: the staged check, the
//! installed hook run by real `git commit`s (also `-a` and `commit PATH`, where git
//! uses a temporary index), foreign hooks, and checking a revision.

mod gitrepo;

use gitrepo::{Repo, code, git, git_ok, opsctl};

const PEOPLE: &str = "[[person]]\nid = \"maya\"\nname = \"Maya Chen\"\n";
const GOOD_GOALS: &str = "[[goal]]\nid = \"arr\"\ntitle = \"Reach ARR\"\nhorizon = \"annual\"\nowner = \"maya\"\nmetric = \"ARR\"\ndeadline = 2026-12-31\n";
const BAD_GOALS: &str = "[[goal]]\nid = \"arr\"\ntitle = \"Reach ARR\"\nhorizon = \"annual\"\nmetric = \"ARR\"\ndeadline = 2026-12-31\n";

/// A git repository whose ops repository lives in `ops/`, with one clean commit.
fn repo() -> Repo {
    Repo::new(&[
        ("opsctl.toml", "[org]\nname = \"Acme\"\n"),
        ("people.toml", PEOPLE),
        ("goals.toml", GOOD_GOALS),
    ])
}

#[test]
fn staged_and_working_tree_can_differ_in_both_directions() {
    let r = repo();
    // Bad in the working tree only: the staged check passes, the plain check fails.
    std::fs::write(r.ops.join("goals.toml"), BAD_GOALS).unwrap();
    assert_eq!(code(&opsctl(&r.ops, &["check", "--staged"])), 0);
    assert_eq!(code(&opsctl(&r.ops, &["check"])), 1);
    // Bad staged, fixed in the working tree: the other way round.
    git_ok(&r.work, &["add", "ops/goals.toml"]);
    std::fs::write(r.ops.join("goals.toml"), GOOD_GOALS).unwrap();
    let staged = opsctl(&r.ops, &["check", "--staged", "--format", "json"]);
    assert_eq!(code(&staged), 1);
    assert!(String::from_utf8_lossy(&staged.stdout).contains("missing-owner"));
    assert_eq!(code(&opsctl(&r.ops, &["check"])), 0);
}

#[test]
fn the_hook_blocks_a_bad_commit_and_lets_a_good_one_through() {
    let r = repo();
    let installed = opsctl(&r.ops, &["hook", "install"]);
    assert_eq!(
        code(&installed),
        0,
        "{}",
        String::from_utf8_lossy(&installed.stderr)
    );
    std::fs::write(r.ops.join("goals.toml"), BAD_GOALS).unwrap();
    git_ok(&r.work, &["add", "-A"]);
    let blocked = git(&r.work, &["commit", "-q", "-m", "drop the owner"]);
    assert!(!blocked.status.success());
    let said = String::from_utf8_lossy(&blocked.stdout).to_string()
        + &String::from_utf8_lossy(&blocked.stderr);
    assert!(
        said.contains("missing-owner") && said.contains("ops/goals.toml:2:6"),
        "{said}"
    );
    assert!(said.contains("--no-verify"), "{said}");
    std::fs::write(
        r.ops.join("goals.toml"),
        GOOD_GOALS.replace("ARR\"\n", "ARR on the dashboard\"\n"),
    )
    .unwrap();
    git_ok(&r.work, &["add", "-A"]);
    let allowed = git(&r.work, &["commit", "-q", "-m", "a better metric"]);
    assert!(
        allowed.status.success(),
        "{}",
        String::from_utf8_lossy(&allowed.stderr)
    );
    let log = git(&r.work, &["log", "--format=%s"]);
    assert_eq!(
        String::from_utf8_lossy(&log.stdout),
        "a better metric\nstart\n"
    );
}

#[test]
fn commit_all_and_commit_path_are_checked_as_git_records_them() {
    let r = repo();
    assert_eq!(code(&opsctl(&r.ops, &["hook", "install"])), 0);
    // Nothing staged, the working tree bad: `commit -a` records it, so it is blocked.
    std::fs::write(r.ops.join("goals.toml"), BAD_GOALS).unwrap();
    assert!(
        !git(&r.work, &["commit", "-q", "-a", "-m", "all"])
            .status
            .success()
    );
    assert!(
        !git(&r.work, &["commit", "-q", "-m", "path", "ops/goals.toml"])
            .status
            .success()
    );
    // Bad goals staged, but `commit PATH` records only the README: allowed.
    git_ok(&r.work, &["add", "ops/goals.toml"]);
    std::fs::write(r.work.join("README.md"), "# Still not part of it\n").unwrap();
    let only_readme = git(&r.work, &["commit", "-q", "-m", "readme", "README.md"]);
    assert!(
        only_readme.status.success(),
        "{}",
        String::from_utf8_lossy(&only_readme.stderr)
    );
}

#[test]
fn a_foreign_hook_is_never_clobbered() {
    let r = repo();
    let hook = r.work.join(".git/hooks/pre-commit");
    std::fs::write(&hook, "#!/bin/sh\necho mine\n").unwrap();
    let refused = opsctl(&r.ops, &["hook", "install"]);
    assert_eq!(code(&refused), 2);
    assert!(String::from_utf8_lossy(&refused.stderr).contains("--force"));
    assert_eq!(
        std::fs::read_to_string(&hook).unwrap(),
        "#!/bin/sh\necho mine\n"
    );
    assert_eq!(
        code(&opsctl(&r.ops, &["hook", "uninstall"])),
        2,
        "a foreign hook is not removed"
    );
    assert!(hook.exists());
    assert_eq!(code(&opsctl(&r.ops, &["hook", "install", "--force"])), 0);
    assert_eq!(
        std::fs::read_to_string(r.work.join(".git/hooks/pre-commit.opsctl-backup")).unwrap(),
        "#!/bin/sh\necho mine\n"
    );
    assert_eq!(code(&opsctl(&r.ops, &["hook", "uninstall"])), 0);
    assert!(!hook.exists());
}

#[test]
fn hooks_path_and_linked_worktrees_are_respected() {
    let r = repo();
    git_ok(&r.work, &["config", "core.hooksPath", ".githooks"]);
    assert_eq!(code(&opsctl(&r.ops, &["hook", "install"])), 0);
    assert!(r.work.join(".githooks/pre-commit").is_file());
    let linked = r.work.parent().unwrap().join("linked");
    git_ok(
        &r.work,
        &[
            "worktree",
            "add",
            "-q",
            linked.to_str().unwrap(),
            "-b",
            "side",
        ],
    );
    std::fs::write(linked.join("ops/goals.toml"), BAD_GOALS).unwrap();
    git_ok(&linked, &["add", "-A"]);
    // The worktree has no .githooks of its own yet: commit the hook there first.
    std::fs::create_dir_all(linked.join(".githooks")).unwrap();
    std::fs::copy(
        r.work.join(".githooks/pre-commit"),
        linked.join(".githooks/pre-commit"),
    )
    .unwrap();
    let staged = opsctl(&linked.join("ops"), &["check", "--staged"]);
    assert_eq!(
        code(&staged),
        1,
        "the linked worktree's own index is checked"
    );
    assert!(
        !git(&linked, &["commit", "-q", "-m", "bad in the worktree"])
            .status
            .success()
    );
}

#[test]
fn a_revision_is_checked_without_checking_it_out() {
    let r = repo();
    std::fs::write(r.ops.join("goals.toml"), BAD_GOALS).unwrap();
    git_ok(&r.work, &["commit", "-q", "-a", "-m", "bad", "--no-verify"]);
    std::fs::write(r.ops.join("goals.toml"), GOOD_GOALS).unwrap();
    assert_eq!(code(&opsctl(&r.ops, &["check", "--rev", "HEAD~1"])), 0);
    assert_eq!(code(&opsctl(&r.ops, &["check", "--rev", "HEAD"])), 1);
    assert_eq!(
        code(&opsctl(&r.ops, &["check"])),
        0,
        "the working tree is untouched"
    );
    let unknown = opsctl(&r.ops, &["check", "--rev", "no-such-branch"]);
    assert_eq!(code(&unknown), 2);
    assert!(String::from_utf8_lossy(&unknown.stderr).contains("no-such-branch"));
    let out = r.work.parent().unwrap().join("site-of-head-1");
    let built = opsctl(
        &r.ops,
        &["build", "--rev", "HEAD~1", "--out", out.to_str().unwrap()],
    );
    assert_eq!(
        code(&built),
        0,
        "{}",
        String::from_utf8_lossy(&built.stderr)
    );
    assert!(out.join("goals.html").is_file());
}
