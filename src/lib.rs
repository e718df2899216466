//! opsctl: checks, renders and explains a Git repository of SOPs, goals, owners and
//! capabilities, a company's operating system of record.
#![warn(clippy::print_stdout, clippy::print_stderr)]

pub mod check;
pub mod config;
pub mod diff;
pub mod explain;
pub mod export;
pub mod finding;
pub mod history;
pub mod hook;
pub mod load;
pub mod model;
pub mod new;
pub mod owners;
pub mod query;
pub mod report;
pub mod scaffold;
pub mod schema;
pub mod score;
pub mod serve;
pub mod site;
pub mod slug;
pub mod source;
pub mod suggest;
pub mod table;
pub mod timings;

use std::io;
use std::path::{Path, PathBuf};

use jiff::civil::Date;

pub use check::{Outcome, check};
pub use load::{Repository, load};

/// The repository root for `start`: the nearest directory upwards holding
/// `opsctl.toml`, else `start` itself.
pub fn find_root(start: &Path) -> PathBuf {
    start
        .ancestors()
        .find(|dir| dir.join(config::CONFIG_FILE).is_file())
        .unwrap_or(start)
        .to_path_buf()
}

/// Which version of the files to read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Snapshot {
    /// The files on disk.
    WorkTree,
    /// What is staged in the git index: what `git commit` will record.
    Staged,
    /// A git revision (`HEAD~3`, a tag, `origin/main`).
    Revision(String),
}

/// Loads the repository at `root` as of `snapshot`.
pub fn open_at(root: &Path, snapshot: &Snapshot) -> io::Result<Repository> {
    open_reading(root, snapshot, load::Reading::default())
}

/// Like [`open_at`], reading pages as `reading` says: rendering each page's body in
/// the same pass that reads it (the site's build parses each page once), letting page
/// texts go once parsed (for callers that never show them).
pub fn open_reading(
    root: &Path,
    snapshot: &Snapshot,
    reading: load::Reading,
) -> io::Result<Repository> {
    let source: Box<dyn source::Source> = match snapshot {
        Snapshot::WorkTree => Box::new(work_tree(root)?),
        Snapshot::Staged => Box::new(source::GitSource::index(root)?),
        Snapshot::Revision(rev) => Box::new(source::GitSource::revision(root, rev)?),
    };
    load::load_reusing(source, root.to_path_buf(), None, reading)
}

/// Reads the git history of the repository's files into `repo.history`: the
/// history of `HEAD` for the working tree and the index, of the revision otherwise.
/// Returns what the user should know: a shallow clone, or why there is no history
/// (everything works without it).
/// `OPSCTL_NO_HISTORY` (any value) turns it off, like `--no-history`.
pub fn attach_history(repo: &mut Repository, snapshot: &Snapshot) -> Option<String> {
    if std::env::var_os("OPSCTL_NO_HISTORY").is_some() {
        return None;
    }
    let at = match snapshot {
        Snapshot::WorkTree | Snapshot::Staged => history::At::Head,
        Snapshot::Revision(rev) => history::At::Revision(rev),
    };
    match history::load(&repo.root, at) {
        Ok(history) => {
            let note = history.as_ref().and_then(history::History::shallow_note);
            repo.history = history.map(std::sync::Arc::new);
            note
        }
        Err(e) => Some(format!("git history is not available: {e}")),
    }
}

/// Like [`attach_history`], but only when some page takes its review date from its
/// last commit (an SOP without `last_reviewed`): the commands that only need review
/// dates skip the revision walk otherwise.
pub fn attach_history_for_reviews(repo: &mut Repository, snapshot: &Snapshot) -> Option<String> {
    if repo.model.pages.iter().any(|p| p.reviewed_by_history()) {
        attach_history(repo, snapshot)
    } else {
        None
    }
}

/// Loads the working tree at `root`.
pub fn open(root: &Path) -> io::Result<Repository> {
    open_reusing(root, None, None)
}

/// Like [`open`], reusing what an earlier load parsed from files that have not
/// changed since (for `serve`, which loads the same repository after every save),
/// and rendering page bodies as they are read when given a `renderer`.
pub fn open_reusing(
    root: &Path,
    cache: Option<&mut load::LoadCache>,
    renderer: Option<&dyn load::BodyRenderer>,
) -> io::Result<Repository> {
    let reading = load::Reading {
        renderer,
        release_texts: false,
    };
    load::load_reusing(
        Box::new(work_tree(root)?),
        root.to_path_buf(),
        cache,
        reading,
    )
}

/// The working tree at `root`, which must be a directory.
fn work_tree(root: &Path) -> io::Result<source::WorkTree> {
    let meta = std::fs::metadata(root)
        .map_err(|e| io::Error::new(e.kind(), format!("{}: {e}", root.display())))?;
    if !meta.is_dir() {
        return Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            format!(
                "{} is not a directory; give the repository's root directory",
                root.display()
            ),
        ));
    }
    Ok(source::WorkTree::new(root))
}

/// Today's date: `--today`/`OPSCTL_TODAY` when given, else the local system date.
pub fn today(fixed: Option<&str>) -> Result<Date, String> {
    match fixed {
        Some(text) => model::value::parse_date(text.trim())
            .map_err(|e| format!("invalid --today / OPSCTL_TODAY `{text}`: {e}")),
        None => Ok(jiff::Zoned::now().date()),
    }
}
