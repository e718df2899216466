//! Page history from git: when each file was created, last changed, and by whom,
//! computed in one revision walk and cached by commit id.

mod cache;
mod tree;
mod walk;

use std::collections::HashMap;
use std::io;
use std::path::Path;

use jiff::civil::Date;

use crate::source::{open_git, prefix_of};

/// One commit that touched a file, as the site and the rules show it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    /// The full commit id.
    pub commit: String,
    /// The commit's date, in the committer's own time zone: when the change entered
    /// the history (a rebased commit counts from when it was committed).
    pub date: Date,
    /// The committer time in seconds since 1970: orders changes made on one day.
    pub time: i64,
    /// The author's name.
    pub author: String,
}

/// What the history says about one file.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct FileHistory {
    /// The first commit that added the file; `None` when that lies beyond a shallow
    /// clone's boundary.
    pub created: Option<Change>,
    /// The newest commit that changed it; `None` when that lies beyond the boundary.
    pub last_changed: Option<Change>,
    /// Everyone who authored a change to it, by name, sorted.
    pub contributors: Vec<String>,
}

/// The history of every file below the ops root, as of one commit.
#[derive(Debug, Clone, Default)]
pub struct History {
    /// The commit the history was computed for.
    pub head: String,
    /// Set when the clone is shallow: the newest date before which nothing is known.
    pub shallow_before: Option<Date>,
    files: HashMap<String, FileHistory>,
}

impl History {
    /// The history of one file (a path relative to the ops root), if it was ever committed.
    pub fn file(&self, path: &str) -> Option<&FileHistory> {
        self.files.get(path)
    }

    /// How many files have a history.
    pub fn len(&self) -> usize {
        self.files.len()
    }

    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }

    /// The plain-words note for a shallow clone, if this is one.
    pub fn shallow_note(&self) -> Option<String> {
        self.shallow_before.map(|date| {
            format!(
                "history is shallow: dates are unknown before {date} (fetch the full history, \
e.g. `git fetch --unshallow` or `fetch-depth: 0` in CI)"
            )
        })
    }
}

/// The commit `HEAD` points at for the repository holding `root`, if any: lets a
/// long-running process keep a history until the next commit.
pub fn head_commit(root: &Path) -> Option<String> {
    let repo = open_git(root).ok()?;
    let head = repo.head().ok()?.target()?;
    Some(head.to_string())
}

/// Which commit's history to compute.
pub enum At<'a> {
    /// `HEAD`: for the working tree and the index, what has been committed so far.
    Head,
    /// A revision (`HEAD~3`, a tag, `origin/main`).
    Revision(&'a str),
}

/// The history of the files below `root` as of `at`. `Ok(None)` when `root` is not
/// in a git repository or nothing has been committed yet; the caller then goes on
/// without history.
pub fn load(root: &Path, at: At) -> io::Result<Option<History>> {
    let Ok(repo) = open_git(root) else {
        return Ok(None);
    };
    let prefix = prefix_of(&repo, root)?;
    let head = match at {
        At::Head => match repo.head().ok().and_then(|h| h.target()) {
            Some(oid) => oid,
            None => return Ok(None),
        },
        At::Revision(rev) => repo
            .revparse_single(rev)
            .and_then(|o| o.peel_to_commit())
            .map(|c| c.id())
            .map_err(|e| {
                io::Error::new(
                    io::ErrorKind::NotFound,
                    format!("unknown revision `{rev}`: {}", e.message()),
                )
            })?,
    };
    walk::history(&repo, &prefix, head).map(Some)
}
