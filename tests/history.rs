//! Page history on real repositories the tests create: dates and authors against the
//! commits made, across merges, in a shallow clone, from the cache, and as the
//! fallback of `sop-stale`.

mod gitrepo;

use std::path::{Path, PathBuf};
use std::process::Output;

use gitrepo::{git_ok, run_env, stderr};
use opsctl::history::{self, At, History};

/// Runs opsctl in `dir`, which must succeed.
fn opsctl_ok(dir: &Path, args: &[&str]) -> Output {
    let out = gitrepo::opsctl(dir, args);
    assert!(out.status.success(), "opsctl {args:?}: {}", stderr(&out));
    out
}

fn git(dir: &Path, args: &[&str]) {
    git_ok(dir, args);
}

/// Commits everything as `who` (name; e-mail derived) at noon UTC on `date`.
fn commit_as(dir: &Path, who: &str, date: &str, message: &str) {
    commit_at(dir, who, &format!("{date}T12:00:00+00:00"), message);
}

/// Commits everything as `who` at `when` (an ISO 8601 time).
fn commit_at(dir: &Path, who: &str, when: &str, message: &str) {
    git(dir, &["add", "-A"]);
    let email = format!("{}@example.com", who.to_lowercase());
    let env = [
        ("GIT_AUTHOR_NAME", who),
        ("GIT_AUTHOR_EMAIL", email.as_str()),
        ("GIT_COMMITTER_NAME", who),
        ("GIT_COMMITTER_EMAIL", email.as_str()),
        ("GIT_AUTHOR_DATE", when),
        ("GIT_COMMITTER_DATE", when),
    ];
    let out = run_env(
        dir,
        "git",
        &["commit", "-q", "--allow-empty", "-m", message],
        &env,
    );
    assert!(out.status.success(), "git commit: {}", stderr(&out));
}

/// Merges `branch` into the current branch as `who` on `date`, leaving the merge
/// open so the caller can change files in it first when `edit` is given.
fn merge_as(dir: &Path, branch: &str, who: &str, date: &str, edit: Option<(&str, &str)>) {
    git(dir, &["merge", "-q", "--no-ff", "--no-commit", branch]);
    if let Some((path, text)) = edit {
        write(dir, path, text);
    }
    commit_as(dir, who, date, &format!("merge {branch}"));
}

fn write(dir: &Path, path: &str, text: &str) {
    let path = dir.join(path);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

fn page(owner_line: &str, body: &str) -> String {
    format!("+++\n{owner_line}\n+++\n# Page\n\n{body}\n")
}

/// A git repository whose ops repository lives in `ops/` (so prefixes are exercised).
fn setup() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let work = dir.path().join("work");
    std::fs::create_dir_all(&work).unwrap();
    git(&work, &["init", "-q", "-b", "main"]);
    write(&work, "ops/opsctl.toml", "[org]\nname = \"Acme\"\n");
    write(
        &work,
        "ops/people.toml",
        "[[person]]\nid = \"maya\"\nname = \"Maya\"\n",
    );
    (dir, work)
}

fn load(ops: &Path) -> History {
    history::load(ops, At::Head)
        .unwrap()
        .expect("a git history")
}

/// (date, author) of a change, for compact assertions.
fn at(change: &Option<history::Change>) -> Option<(String, String)> {
    change
        .as_ref()
        .map(|c| (c.date.to_string(), c.author.clone()))
}

fn pair(date: &str, who: &str) -> Option<(String, String)> {
    Some((date.to_string(), who.to_string()))
}

/// Three pages, a side branch and a merge (clean for two pages, with a change of
/// its own for the third).
fn branching_history() -> (tempfile::TempDir, PathBuf) {
    let (dir, work) = setup();
    write(&work, "ops/a.md", &page("owner = \"maya\"", "one"));
    write(&work, "outside.md", "not in the ops repository");
    commit_as(&work, "Alice", "2026-01-05", "start");
    write(&work, "ops/a.md", &page("owner = \"maya\"", "two"));
    write(&work, "ops/sops/b.md", &page("owner = \"maya\"", "b one"));
    commit_as(&work, "Bob", "2026-02-10", "edit a, add b");
    git(&work, &["checkout", "-q", "-b", "feature"]);
    write(&work, "ops/sops/b.md", &page("owner = \"maya\"", "b two"));
    write(&work, "ops/d.md", &page("owner = \"maya\"", "d one"));
    commit_as(&work, "Carol", "2026-03-01", "edit b, add d");
    git(&work, &["checkout", "-q", "main"]);
    write(&work, "ops/c.md", &page("owner = \"maya\"", "c one"));
    commit_as(&work, "Alice", "2026-03-05", "add c");
    merge_as(
        &work,
        "feature",
        "Dave",
        "2026-03-10",
        Some((
            "ops/d.md",
            &page("owner = \"maya\"", "d fixed in the merge"),
        )),
    );
    (dir, work)
}

#[test]
fn dates_and_authors_follow_the_commits_across_a_merge() {
    let (_dir, work) = branching_history();
    let history = load(&work.join("ops"));
    assert_eq!(history.shallow_before, None);

    let a = history.file("a.md").unwrap();
    assert_eq!(at(&a.created), pair("2026-01-05", "Alice"));
    assert_eq!(at(&a.last_changed), pair("2026-02-10", "Bob"));
    assert_eq!(a.contributors, ["Alice", "Bob"]);

    // The merge takes b.md from the side branch unchanged: it is not a change of the merge.
    let b = history.file("sops/b.md").unwrap();
    assert_eq!(at(&b.created), pair("2026-02-10", "Bob"));
    assert_eq!(at(&b.last_changed), pair("2026-03-01", "Carol"));
    assert_eq!(b.contributors, ["Bob", "Carol"]);

    // c.md comes from the first parent unchanged.
    let c = history.file("c.md").unwrap();
    assert_eq!(at(&c.created), pair("2026-03-05", "Alice"));
    assert_eq!(at(&c.last_changed), pair("2026-03-05", "Alice"));

    // d.md differs from both parents in the merge: the merge changed it.
    let d = history.file("d.md").unwrap();
    assert_eq!(at(&d.created), pair("2026-03-01", "Carol"));
    assert_eq!(at(&d.last_changed), pair("2026-03-10", "Dave"));
    assert_eq!(d.contributors, ["Carol", "Dave"]);

    // Paths are relative to the ops root; files outside it are not there.
    assert!(history.file("outside.md").is_none());
    assert!(history.file("opsctl.toml").is_some());
}

#[test]
fn a_revision_has_the_history_as_of_that_commit() {
    let (_dir, work) = branching_history();
    let history = history::load(&work.join("ops"), At::Revision("HEAD~1"))
        .unwrap()
        .unwrap();
    let d = history.file("d.md");
    assert!(d.is_none(), "d.md is not on main before the merge");
    assert_eq!(
        at(&history.file("a.md").unwrap().last_changed),
        pair("2026-02-10", "Bob")
    );
    let unknown = history::load(&work.join("ops"), At::Revision("no-such-rev"));
    assert!(unknown.unwrap_err().to_string().contains("no-such-rev"));
}

#[test]
fn the_site_shows_created_last_updated_and_contributors() {
    let (dir, work) = branching_history();
    let out = dir.path().join("site");
    opsctl_ok(&work, &["build", "ops", "--out", out.to_str().unwrap()]);
    let html = std::fs::read_to_string(out.join("sops/b.html")).unwrap();
    assert!(
        html.contains(r#"Created <time datetime="2026-02-10">2026-02-10</time> by Bob"#),
        "{html}"
    );
    assert!(
        html.contains(r#"last updated <time datetime="2026-03-01">2026-03-01</time> by Carol"#)
    );
    assert!(html.contains("2 contributors"));

    // --no-history leaves it out.
    let plain = dir.path().join("plain");
    opsctl_ok(
        &work,
        &[
            "build",
            "ops",
            "--no-history",
            "--out",
            plain.to_str().unwrap(),
        ],
    );
    let html = std::fs::read_to_string(plain.join("sops/b.html")).unwrap();
    assert!(!html.contains("class=\"history\""), "{html}");
}

/// The home page lists the pages changed last, newest first, with when and by whom;
/// without history it has no such list.
#[test]
fn the_home_page_lists_the_pages_updated_last() {
    let (dir, work) = branching_history();
    let out = dir.path().join("site");
    let site = out.to_str().unwrap();
    opsctl_ok(
        &work,
        &["--today", "2026-03-11", "build", "ops", "--out", site],
    );
    let html = std::fs::read_to_string(out.join("index.html")).unwrap();
    let recent = &html[html.find("<h2>Recently updated</h2>").expect("the list")..];
    let recent = &recent[..recent.find("</ul>").unwrap()];
    let rows: Vec<&str> = recent.split("<li>").skip(1).collect();
    let expected = [
        ("d.html", "2026-03-10", "yesterday", "Dave"),
        ("c.html", "2026-03-05", "6 days ago", "Alice"),
        ("sops/b.html", "2026-03-01", "10 days ago", "Carol"),
        ("a.html", "2026-02-10", "29 days ago", "Bob"),
    ];
    assert_eq!(rows.len(), expected.len(), "{recent}");
    for (row, (url, date, ago, who)) in rows.iter().zip(expected) {
        assert!(
            row.starts_with(&format!("<a href=\"{url}\">Page</a>"))
                && row.contains(&format!(
                    "<time datetime=\"{date}\" title=\"{date}\">{ago}</time> by {who}"
                )),
            "{row}"
        );
    }
    // A commit dated after today shows its date.
    opsctl_ok(
        &work,
        &["--today", "2026-03-09", "build", "ops", "--out", site],
    );
    let html = std::fs::read_to_string(out.join("index.html")).unwrap();
    assert!(
        html.contains(
            r#"<time datetime="2026-03-10" title="2026-03-10">2026-03-10</time> by Dave"#
        )
    );
    // Two changes on one day: the later first.
    write(&work, "ops/a.md", &page("owner = \"maya\"", "a three"));
    commit_at(&work, "Erin", "2026-03-11T09:00:00+00:00", "morning");
    write(&work, "ops/c.md", &page("owner = \"maya\"", "c two"));
    commit_at(&work, "Erin", "2026-03-11T17:00:00+00:00", "evening");
    opsctl_ok(
        &work,
        &["--today", "2026-03-11", "build", "ops", "--out", site],
    );
    let html = std::fs::read_to_string(out.join("index.html")).unwrap();
    let recent = &html[html.find("<h2>Recently updated</h2>").unwrap()..];
    let order: Vec<&str> = recent
        .split("<li><a href=\"")
        .skip(1)
        .map(|row| &row[..row.find('"').unwrap()])
        .collect();
    assert_eq!(order, ["c.html", "a.html", "d.html", "sops/b.html"]);

    let plain = dir.path().join("plain");
    let plain_site = plain.to_str().unwrap();
    opsctl_ok(
        &work,
        &["build", "ops", "--no-history", "--out", plain_site],
    );
    let html = std::fs::read_to_string(plain.join("index.html")).unwrap();
    assert!(!html.contains("Recently updated"));
}

#[test]
fn a_shallow_clone_says_so_and_never_invents_dates() {
    let (dir, work) = branching_history();
    // One more commit on main, then a clone of depth 2: the merge and the new commit.
    write(&work, "ops/a.md", &page("owner = \"maya\"", "three"));
    commit_as(&work, "Erin", "2026-04-01", "edit a");
    let clone = dir.path().join("clone");
    let url = format!("file://{}", work.display());
    git(
        dir.path(),
        &["clone", "-q", "--depth", "2", &url, clone.to_str().unwrap()],
    );
    let history = load(&clone.join("ops"));
    assert_eq!(
        history.shallow_before.map(|d| d.to_string()).as_deref(),
        Some("2026-03-10"),
        "the boundary is the merge"
    );
    assert!(history.shallow_note().unwrap().contains("2026-03-10"));

    // a.md existed before the boundary: created is unknown, its last change is known.
    let a = history.file("a.md").unwrap();
    assert_eq!(a.created, None);
    assert_eq!(at(&a.last_changed), pair("2026-04-01", "Erin"));
    // b.md was not changed after the boundary: nothing is known, nothing invented.
    let b = history.file("sops/b.md").unwrap();
    assert_eq!((b.created.clone(), b.last_changed.clone()), (None, None));

    let site = dir.path().join("site");
    let out = opsctl_ok(&clone, &["build", "ops", "--out", site.to_str().unwrap()]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("history is shallow: dates are unknown before 2026-03-10"),
        "{stderr}"
    );
    let html = std::fs::read_to_string(site.join("a.html")).unwrap();
    assert!(
        html.contains(r#"Created before <time datetime="2026-03-10">"#),
        "{html}"
    );
}

#[test]
fn the_cache_is_used_and_extended_by_new_commits() {
    let (_dir, work) = branching_history();
    let ops = work.join("ops");
    let first = load(&ops);
    let cache_dir = work.join(".git/opsctl");
    let cached: Vec<_> = std::fs::read_dir(&cache_dir).unwrap().collect();
    assert_eq!(cached.len(), 1, "one cache file for the ops root");

    // A new commit: the cached tally is extended, and equals a fresh walk.
    write(&work, "ops/sops/b.md", &page("owner = \"maya\"", "b three"));
    write(&work, "ops/e.md", &page("owner = \"maya\"", "e"));
    commit_as(&work, "Frank", "2026-05-01", "edit b, add e");
    let extended = load(&ops);
    let b = extended.file("sops/b.md").unwrap();
    assert_eq!(at(&b.created), pair("2026-02-10", "Bob"));
    assert_eq!(at(&b.last_changed), pair("2026-05-01", "Frank"));
    assert_eq!(b.contributors, ["Bob", "Carol", "Frank"]);
    assert_eq!(
        at(&extended.file("e.md").unwrap().created),
        pair("2026-05-01", "Frank")
    );
    assert_eq!(extended.file("a.md"), first.file("a.md"));

    std::fs::remove_dir_all(&cache_dir).unwrap();
    let fresh = load(&ops);
    for path in ["a.md", "sops/b.md", "c.md", "d.md", "e.md", "people.toml"] {
        assert_eq!(fresh.file(path), extended.file(path), "{path}");
    }

    // A damaged cache is ignored, not trusted.
    let file = std::fs::read_dir(&cache_dir)
        .unwrap()
        .next()
        .unwrap()
        .unwrap()
        .path();
    std::fs::write(&file, "{ not json").unwrap();
    assert_eq!(load(&ops).file("sops/b.md"), fresh.file("sops/b.md"));
}

#[test]
fn sop_stale_falls_back_to_the_last_commit() {
    let (_dir, work) = setup();
    write(
        &work,
        "ops/capabilities.toml",
        "[[capability]]\nid = \"support\"\nname = \"Support\"\nkind = \"operational\"\nowner = \"maya\"\n",
    );
    let sop = "owner = \"maya\"\ncapability = \"support\"\nreview_every = \"90d\"";
    write(&work, "ops/sops/old.md", &page(sop, "old"));
    write(&work, "ops/sops/recent.md", &page(sop, "recent"));
    let reviewed = format!("{sop}\nlast_reviewed = 2026-11-01");
    write(&work, "ops/sops/reviewed.md", &page(&reviewed, "reviewed"));
    // A plain page (no capability, no review_every) is not reviewed on a schedule.
    write(&work, "ops/notes.md", &page("owner = \"maya\"", "notes"));
    commit_as(&work, "Alice", "2026-01-05", "start");
    write(&work, "ops/sops/recent.md", &page(sop, "recent, edited"));
    commit_as(&work, "Bob", "2026-11-01", "edit recent");

    let out = gitrepo::opsctl(&work, &["check", "ops", "--format", "json"]);
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let stale: Vec<&serde_json::Value> = json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["rule"] == "sop-stale")
        .collect();
    assert_eq!(stale.len(), 1, "{json:#}");
    let message = stale[0]["message"].as_str().unwrap();
    assert!(message.contains("sops/old.md"), "{message}");
    assert!(
        message.contains("last changed 2026-01-05 by Alice"),
        "{message}"
    );
    assert_eq!(stale[0]["line"], 1);

    // Without history (flag, or no git repository) there is no basis: no finding.
    let out = gitrepo::opsctl(&work, &["check", "ops", "--no-history"]);
    assert!(!String::from_utf8_lossy(&out.stdout).contains("sop-stale"));
    std::fs::remove_dir_all(work.join(".git")).unwrap();
    let out = gitrepo::opsctl(&work, &["check", "ops"]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(!stdout.contains("sop-stale"), "{stdout}");
    assert!(out.status.success(), "{stdout}");
}

#[test]
fn outside_a_git_repository_there_is_no_history_and_everything_works() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "opsctl.toml", "[org]\nname = \"Acme\"\n");
    assert!(history::load(dir.path(), At::Head).unwrap().is_none());
    // An empty repository (no commit yet) has no history either.
    git(dir.path(), &["init", "-q"]);
    assert!(history::load(dir.path(), At::Head).unwrap().is_none());
    let site = dir.path().join("_site");
    opsctl_ok(dir.path(), &["build", "."]);
    assert!(site.join("index.html").is_file());
}
