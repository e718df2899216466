//! Where a repository's files come from: the working tree now; the git index and
//! revisions plug in behind the same trait without the loader knowing.

mod git;
mod memory;
mod worktree;

use std::io;

pub use git::{GitSource, path_in_repository};
/// The git repository holding a root, and where the root is inside it (for diffs,
/// history and revisions).
pub(crate) use git::{git_error, open as open_git, prefix_of};
pub use memory::Memory;
pub use worktree::WorkTree;

/// The files of a source, as paths relative to the repository root with `/` separators.
#[derive(Debug, Default)]
pub struct Listing {
    /// Regular files (candidates for loading, and link targets).
    pub files: Vec<String>,
    /// Directories and other paths that exist but are not loaded, for link checks.
    pub other: Vec<String>,
    /// Symbolic links: never followed, so neither loaded nor published (a link to one
    /// is reported).
    pub links: Vec<String>,
    /// Paths that could not be listed, with the reason.
    pub problems: Vec<(String, String)>,
}

/// A read-only view of a repository's files.
pub trait Source: Send + Sync {
    /// What this source is, for messages ("working tree", "index", "revision abc1234").
    fn describe(&self) -> String;

    /// Lists every file below the root, not descending into directories for which
    /// `descend` returns false.
    fn list(&self, descend: &(dyn Fn(&str) -> bool + Sync)) -> io::Result<Listing>;

    /// The bytes of one listed file.
    fn read(&self, path: &str) -> io::Result<Vec<u8>>;

    /// A cheap token that changes whenever the file's content may have changed (size,
    /// modification time, inode), if this source has one; lets a long-running process
    /// reuse what it parsed from unchanged files without reading them.
    fn stamp(&self, _path: &str) -> Option<Stamp> {
        None
    }
}

/// See [`Source::stamp`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Stamp {
    pub size: u64,
    pub modified: (i64, i64),
    pub inode: u64,
}
