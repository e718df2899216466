//! Which two versions a diff compares: `BASE HEAD`, `A..B`, or `A...B` (from the merge
//! base, as GitHub compares a pull request); the head is the working tree unless named.

use std::io;
use std::path::Path;

use git2::{Oid, Repository};

use crate::Snapshot;
use crate::source::{git_error, open_git};

/// One side of a diff: what to load, and how to name it in the report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Version {
    pub snapshot: Snapshot,
    /// "main (1a2b3c4)", "working tree".
    pub label: String,
    /// The full commit id, when the side is a commit.
    pub commit: Option<String>,
}

impl Version {
    /// The files on disk.
    pub fn work_tree() -> Version {
        Version::of(&Snapshot::WorkTree)
    }

    /// A side that is not resolved to a commit (the index, or a revision as given).
    pub fn of(snapshot: &Snapshot) -> Version {
        let label = match snapshot {
            Snapshot::WorkTree => "working tree".to_string(),
            Snapshot::Staged => "git index".to_string(),
            Snapshot::Revision(rev) => rev.clone(),
        };
        Version {
            snapshot: snapshot.clone(),
            label,
            commit: None,
        }
    }

    pub(crate) fn commit(spec: &str, oid: Oid) -> Version {
        let id = oid.to_string();
        Version {
            // The commit id, not the spec: both sides then stay fixed while they load.
            snapshot: Snapshot::Revision(id.clone()),
            label: format!("{spec} ({})", &id[..7]),
            commit: Some(id),
        }
    }
}

/// The two versions compared.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sides {
    pub base: Version,
    pub head: Version,
}

/// How the arguments name the two sides, before git is asked.
#[derive(Debug, PartialEq, Eq)]
enum Spec<'a> {
    /// `BASE [HEAD]`: HEAD absent means the working tree.
    Two(&'a str, Option<&'a str>),
    /// `A..B`.
    Range(&'a str, &'a str),
    /// `A...B`: from the merge base of A and B to B.
    MergeBase(&'a str, &'a str),
}

/// Reads `[BASE] [HEAD]`; a missing side of a range is HEAD, as in git.
fn parse<'a>(base: Option<&'a str>, head: Option<&'a str>) -> Result<Spec<'a>, String> {
    let base = base.unwrap_or("HEAD");
    let or_head = |s: &'a str| if s.is_empty() { "HEAD" } else { s };
    let range = if let Some((a, b)) = base.split_once("...") {
        Some(Spec::MergeBase(or_head(a), or_head(b)))
    } else {
        base.split_once("..")
            .map(|(a, b)| Spec::Range(or_head(a), or_head(b)))
    };
    match (range, head) {
        (Some(_), Some(extra)) => Err(format!(
            "give either a range (`{base}`) or two revisions, not both (`{extra}` is one too many)"
        )),
        (Some(range), None) => Ok(range),
        (None, head) => Ok(Spec::Two(base, head)),
    }
}

/// Resolves the arguments of `opsctl diff` for the repository holding `root`.
pub fn resolve(root: &Path, base: Option<&str>, head: Option<&str>) -> io::Result<Sides> {
    let spec = parse(base, head).map_err(|m| io::Error::new(io::ErrorKind::InvalidInput, m))?;
    let repo = open_git(root)?;
    Ok(match spec {
        Spec::Two(base, None) => Sides {
            base: Version::commit(base, commit_of(&repo, base)?),
            head: Version::work_tree(),
        },
        Spec::Two(a, Some(b)) | Spec::Range(a, b) => Sides {
            base: Version::commit(a, commit_of(&repo, a)?),
            head: Version::commit(b, commit_of(&repo, b)?),
        },
        Spec::MergeBase(a, b) => {
            let (from, to) = (commit_of(&repo, a)?, commit_of(&repo, b)?);
            let base = repo.merge_base(from, to).map_err(|e| {
                io::Error::new(
                    io::ErrorKind::NotFound,
                    format!("`{a}` and `{b}` have no common ancestor: {}", e.message()),
                )
            })?;
            Sides {
                base: Version::commit(&format!("merge base of {a} and {b}"), base),
                head: Version::commit(b, to),
            }
        }
    })
}

/// The commit a revision names, with a message that says what to do when there is none.
pub fn commit_of(repo: &Repository, spec: &str) -> io::Result<Oid> {
    let unknown = |e: git2::Error| {
        let hint = if spec == "HEAD" && repo.head().is_err() {
            " (the repository has no commits yet: commit first, or name a revision)".to_string()
        } else {
            String::new()
        };
        io::Error::new(
            io::ErrorKind::NotFound,
            format!("unknown revision `{spec}`: {}{hint}", e.message()),
        )
    };
    let object = repo.revparse_single(spec).map_err(unknown)?;
    let commit = object.peel_to_commit().map_err(|e| {
        io::Error::new(
            io::ErrorKind::InvalidInput,
            format!("`{spec}` is not a commit: {}", e.message()),
        )
    })?;
    Ok(commit.id())
}

/// The tree of a revision (a commit id, or a name as given to `--rev`), for rename
/// detection.
pub(crate) fn tree_of<'r>(repo: &'r Repository, rev: &str) -> io::Result<git2::Tree<'r>> {
    let oid = commit_of(repo, rev)?;
    repo.find_commit(oid)
        .and_then(|c| c.tree())
        .map_err(git_error)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranges_and_defaults_read_as_git_reads_them() {
        assert_eq!(parse(None, None), Ok(Spec::Two("HEAD", None)));
        assert_eq!(parse(Some("main"), None), Ok(Spec::Two("main", None)));
        assert_eq!(
            parse(Some("main"), Some("topic")),
            Ok(Spec::Two("main", Some("topic")))
        );
        assert_eq!(parse(Some("a..b"), None), Ok(Spec::Range("a", "b")));
        assert_eq!(parse(Some("a..."), None), Ok(Spec::MergeBase("a", "HEAD")));
        assert_eq!(parse(Some("..b"), None), Ok(Spec::Range("HEAD", "b")));
        assert!(parse(Some("a..b"), Some("c")).is_err());
    }
}
