//! The working tree on disk.

use std::io;
use std::path::{Path, PathBuf};

use super::{Listing, Source};

/// Files on disk below `root`. Symlinks are never followed, so a link loop or a
/// link pointing outside the repository cannot pull in foreign files.
pub struct WorkTree {
    root: PathBuf,
}

impl WorkTree {
    pub fn new(root: impl Into<PathBuf>) -> Self {
        WorkTree { root: root.into() }
    }

    pub fn root(&self) -> &Path {
        &self.root
    }
}

fn relative(root: &Path, path: &Path) -> Option<String> {
    let rel = path.strip_prefix(root).ok()?;
    let parts: Vec<&str> = rel
        .components()
        .map(|c| c.as_os_str().to_str())
        .collect::<Option<_>>()?;
    Some(parts.join("/"))
}

impl Source for WorkTree {
    fn describe(&self) -> String {
        "working tree".into()
    }

    fn list(&self, descend: &(dyn Fn(&str) -> bool + Sync)) -> io::Result<Listing> {
        let mut listing = Listing::default();
        let walker = walkdir::WalkDir::new(&self.root)
            .follow_links(false)
            .sort_by_file_name()
            .into_iter()
            .filter_entry(|entry| {
                if entry.depth() == 0 || !entry.file_type().is_dir() {
                    return true;
                }
                relative(&self.root, entry.path()).is_some_and(|rel| descend(&rel))
            });
        for entry in walker {
            match entry {
                Ok(entry) if entry.depth() == 0 => {}
                Ok(entry) => {
                    let Some(rel) = relative(&self.root, entry.path()) else {
                        let shown = entry.path().display().to_string();
                        listing
                            .problems
                            .push((shown, "the path is not valid UTF-8".into()));
                        continue;
                    };
                    if entry.file_type().is_file() {
                        listing.files.push(rel);
                    } else {
                        listing.other.push(rel);
                    }
                }
                Err(err) => {
                    let path = err
                        .path()
                        .and_then(|p| relative(&self.root, p))
                        .unwrap_or_default();
                    let reason = err
                        .io_error()
                        .map(|e| e.to_string())
                        .unwrap_or_else(|| err.to_string());
                    if path.is_empty() && listing.files.is_empty() {
                        return Err(io::Error::other(reason));
                    }
                    listing.problems.push((path, reason));
                }
            }
        }
        Ok(listing)
    }

    fn read(&self, path: &str) -> io::Result<Vec<u8>> {
        std::fs::read(self.root.join(path))
    }

    #[cfg(unix)]
    fn stamp(&self, path: &str) -> Option<super::Stamp> {
        use std::os::unix::fs::MetadataExt;
        let meta = std::fs::symlink_metadata(self.root.join(path)).ok()?;
        Some(super::Stamp {
            size: meta.size(),
            modified: (meta.mtime(), meta.mtime_nsec()),
            inode: meta.ino(),
        })
    }
}
