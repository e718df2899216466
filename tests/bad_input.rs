//! Hostile and broken input gives findings or a clear error, never a panic or a hang.

use std::io;
use std::path::Path;

use opsctl::finding::Finding;
use opsctl::source::{Listing, Memory, Source};

fn check_dir(dir: &Path) -> (opsctl::Repository, Vec<Finding>) {
    let repo = opsctl::open(dir).unwrap();
    let outcome = opsctl::check(&repo, opsctl::today(Some("2026-11-21")).unwrap());
    (repo, outcome.findings)
}

fn rules(findings: &[Finding]) -> Vec<&'static str> {
    findings.iter().map(|f| f.rule).collect()
}

#[test]
fn invalid_utf8_is_a_syntax_finding() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("people.toml"),
        b"[[person]]\nid = \"a\xff\"\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("page.md"),
        b"+++\nowner = \"a\"\n+++\n# T\xc3\x28\n",
    )
    .unwrap();
    let (repo, findings) = check_dir(dir.path());
    let syntax: Vec<_> = findings.iter().filter(|f| f.rule == "syntax").collect();
    assert_eq!(syntax.len(), 2, "{findings:?}");
    for finding in syntax {
        let (start, _) = repo
            .file(finding.location.file)
            .locate(&finding.location.span);
        assert_eq!(
            start.line,
            if repo.file(finding.location.file).path == "page.md" {
                4
            } else {
                2
            }
        );
    }
}

#[test]
fn a_large_file_loads() {
    let dir = tempfile::tempdir().unwrap();
    let mut page = String::from("+++\nowner = \"nobody-known\"\n+++\n# Big\n");
    let paragraph =
        "Lorem ipsum dolor sit amet, [a link](big.md#big) and more words. ".repeat(8) + "\n\n";
    while page.len() < 50 * 1024 * 1024 {
        page.push_str(&paragraph);
    }
    std::fs::write(dir.path().join("big.md"), &page).unwrap();
    let (_, findings) = check_dir(dir.path());
    assert_eq!(rules(&findings), ["unknown-reference"]);
}

#[test]
fn deeply_nested_toml_is_a_finding_not_a_stack_overflow() {
    let dir = tempfile::tempdir().unwrap();
    let depth = 100_000;
    let bomb = format!("x = {}{}\n", "[".repeat(depth), "]".repeat(depth));
    std::fs::write(dir.path().join("bomb.toml"), bomb).unwrap();
    let tables: String = (0..5_000)
        .map(|i| format!("[a{i}.b.c.d.e.f.g.h]\nk = 1\n"))
        .collect();
    std::fs::write(dir.path().join("tables.toml"), tables).unwrap();
    let (_, findings) = check_dir(dir.path());
    assert!(!findings.is_empty());
    assert!(
        findings
            .iter()
            .all(|f| f.rule == "syntax" || f.rule == "unknown-field"),
        "{findings:?}"
    );
}

#[test]
fn unterminated_front_matter_is_reported_and_the_body_still_read() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("a.md"),
        "+++\ntitle = \"x\"\n\n# Heading\n[b](missing.md)\n",
    )
    .unwrap();
    let (_, findings) = check_dir(dir.path());
    let found = rules(&findings);
    assert!(
        found.contains(&"syntax") && found.contains(&"broken-link"),
        "{found:?}"
    );
}

#[cfg(unix)]
#[test]
fn symlinks_are_not_followed() {
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(
        outside.path().join("secret.toml"),
        "[[goal]]\nid = \"outside\"\n",
    )
    .unwrap();
    let dir = tempfile::tempdir().unwrap();
    std::os::unix::fs::symlink(outside.path(), dir.path().join("elsewhere")).unwrap();
    std::os::unix::fs::symlink(dir.path(), dir.path().join("loop")).unwrap();
    std::os::unix::fs::symlink(
        outside.path().join("secret.toml"),
        dir.path().join("linked.toml"),
    )
    .unwrap();
    std::fs::write(
        dir.path().join("page.md"),
        "+++\nowner = \"x\"\n+++\n[ok](elsewhere)\n",
    )
    .unwrap();
    let (repo, findings) = check_dir(dir.path());
    assert!(repo.model.goals.is_empty(), "a symlinked file was loaded");
    // The page's owner is unknown, and its link leads through a symlink, which the site
    // does not follow either: a dead link there, so a broken one here.
    assert_eq!(rules(&findings), ["unknown-reference", "broken-link"]);
    assert!(
        findings[1]
            .message
            .contains("`elsewhere` is a symbolic link")
    );
}

#[cfg(unix)]
#[test]
fn an_unreadable_directory_is_a_finding() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let locked = dir.path().join("locked");
    std::fs::create_dir(&locked).unwrap();
    std::fs::write(locked.join("a.md"), "# A\n").unwrap();
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o000)).unwrap();
    let readable_anyway = std::fs::read_dir(&locked).is_ok(); // root ignores permissions
    let (repo, findings) = check_dir(dir.path());
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o755)).unwrap();
    if readable_anyway {
        assert_eq!(repo.model.pages.len(), 1);
    } else {
        assert_eq!(rules(&findings), ["unreadable"]);
    }
}

/// A source whose files cannot be read, as a directory without permission behaves for a normal user.
struct Unreadable;

impl Source for Unreadable {
    fn describe(&self) -> String {
        "unreadable".into()
    }
    fn list(&self, _: &(dyn Fn(&str) -> bool + Sync)) -> io::Result<Listing> {
        Ok(Listing {
            files: vec!["goals.toml".into()],
            other: vec![],
            links: vec![],
            problems: vec![("private".into(), "Permission denied (os error 13)".into())],
        })
    }
    fn read(&self, path: &str) -> io::Result<Vec<u8>> {
        if path == "opsctl.toml" {
            return Err(io::Error::new(io::ErrorKind::NotFound, "no"));
        }
        Err(io::Error::new(
            io::ErrorKind::PermissionDenied,
            "Permission denied (os error 13)",
        ))
    }
}

#[test]
fn unreadable_files_and_directories_are_findings() {
    let repo = opsctl::load(Box::new(Unreadable), "/".into()).unwrap();
    let outcome = opsctl::check(&repo, opsctl::today(Some("2026-11-21")).unwrap());
    let paths: Vec<&str> = outcome
        .findings
        .iter()
        .map(|f| repo.file(f.location.file).path.as_str())
        .collect();
    assert_eq!(rules(&outcome.findings), ["unreadable", "unreadable"]);
    assert_eq!(paths, ["goals.toml", "private"]);
}

#[test]
fn a_broken_opsctl_toml_still_checks_the_rest() {
    let source = Memory::new()
        .with("opsctl.toml", "[check\nmax = 1\n")
        .with("goals.toml", "[[goal]]\nid = \"g\"\nhorizon = \"annual\"\n");
    let repo = opsctl::load(Box::new(source), "/".into()).unwrap();
    let outcome = opsctl::check(&repo, opsctl::today(Some("2026-11-21")).unwrap());
    let found = rules(&outcome.findings);
    assert!(
        found.contains(&"syntax") && found.contains(&"missing-owner"),
        "{found:?}"
    );
}
