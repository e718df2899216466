//! Pages git sees as renamed between the base commit and the head side, found by git's
//! own similarity detection (as `git diff -M` does), so a moved and edited SOP is one
//! page renamed, not one removed and another added.

use std::collections::HashMap;
use std::io;
use std::path::Path;

use git2::{Delta, DiffFindOptions, DiffOptions};

use super::revisions::tree_of;
use crate::Snapshot;
use crate::source::{git_error, open_git, prefix_of};

/// Old path → new path, both relative to the ops root.
pub type Renames = HashMap<String, String>;

/// The renamed Markdown files below `root` from commit `base` to `head`.
///
/// A working-tree head is compared as `git diff HEAD` compares it (tree to working
/// tree, with the index as a stat cache and untracked files counted as new), so only
/// files that changed are read. The models decide what was added or removed; these
/// pairs only say which removed page became which added one.
pub fn detect(root: &Path, base: &str, head: &Snapshot) -> io::Result<Renames> {
    let repo = open_git(root)?;
    let prefix = prefix_of(&repo, root)?;
    let base_tree = tree_of(&repo, base)?;
    let mut options = DiffOptions::new();
    // libgit2's pathspec `*` also matches `/`: every Markdown file below the root.
    options.pathspec(format!("{prefix}*.md"));
    let diff = match head {
        Snapshot::Revision(commit) => {
            let head_tree = tree_of(&repo, commit)?;
            repo.diff_tree_to_tree(Some(&base_tree), Some(&head_tree), Some(&mut options))
        }
        Snapshot::Staged => repo.diff_tree_to_index(Some(&base_tree), None, Some(&mut options)),
        Snapshot::WorkTree => {
            options.include_untracked(true).recurse_untracked_dirs(true);
            repo.diff_tree_to_workdir_with_index(Some(&base_tree), Some(&mut options))
        }
    };
    let mut diff = diff.map_err(git_error)?;
    let mut find = DiffFindOptions::new();
    find.renames(true).for_untracked(true);
    diff.find_similar(Some(&mut find)).map_err(git_error)?;
    let relative = |path: Option<&Path>| {
        let path = path?.to_str()?;
        path.strip_prefix(prefix.as_str()).map(str::to_string)
    };
    Ok(diff
        .deltas()
        .filter(|delta| delta.status() == Delta::Renamed)
        .filter_map(|delta| {
            Some((
                relative(delta.old_file().path())?,
                relative(delta.new_file().path())?,
            ))
        })
        .collect())
}
