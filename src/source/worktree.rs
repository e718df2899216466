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

/// `path` (below `root`) from `root`, with `/` between its parts; `None` when it is
/// not valid UTF-8.
fn relative(root: &Path, path: &Path) -> Option<String> {
    // The walk makes each path by joining names onto `root`, so on Unix the relative
    // path is the bytes after the root's: no need to split it into components and
    // join them again for each of a large handbook's tens of thousands of files.
    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStrExt;
        let (root, path) = (root.as_os_str().as_bytes(), path.as_os_str().as_bytes());
        let rest = path.strip_prefix(root).and_then(|rest| match rest {
            [b'/', rest @ ..] => Some(rest),
            _ if root.ends_with(b"/") => Some(rest),
            _ => None,
        });
        if let Some(rest) = rest {
            return std::str::from_utf8(rest).ok().map(str::to_string);
        }
    }
    let rel = path.strip_prefix(root).ok()?;
    let parts: Vec<&str> = rel
        .components()
        .map(|c| c.as_os_str().to_str())
        .collect::<Option<_>>()?;
    Some(parts.join("/"))
}

fn not_followed(path: &str) -> io::Error {
    io::Error::new(
        io::ErrorKind::InvalidInput,
        format!("{path} is a symbolic link, which opsctl does not follow"),
    )
}

impl Source for WorkTree {
    fn describe(&self) -> String {
        "working tree".into()
    }

    fn list(&self, descend: &(dyn Fn(&str) -> bool + Sync)) -> io::Result<Listing> {
        let mut listing = Listing::default();
        let walker = walkdir::WalkDir::new(&self.root)
            .follow_links(false)
            // By file name, as `sort_by_file_name` does, but comparing whole paths:
            // siblings share their parent's path, so the order is the same, and
            // `file_name` would find the name anew in both paths at every comparison
            // (most of the instructions of listing a large repository, on one thread).
            .sort_by(|a, b| a.path().as_os_str().cmp(b.path().as_os_str()))
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
                    } else if entry.file_type().is_symlink() {
                        listing.links.push(rel);
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
        // Not through a symbolic link, which could lead anywhere (`/etc/passwd`): the
        // listing never descends into a linked folder, and a linked file is not opened.
        let full = self.root.join(path);
        #[cfg(target_os = "linux")]
        {
            use std::io::Read;
            use std::os::unix::fs::OpenOptionsExt;
            let mut file = (std::fs::OpenOptions::new().read(true))
                .custom_flags(libc::O_NOFOLLOW)
                .open(full)
                .map_err(|err| match err.raw_os_error() {
                    Some(libc::ELOOP) => not_followed(path),
                    _ => err,
                })?;
            let mut bytes = Vec::with_capacity(file.metadata().map_or(0, |m| m.len() as usize));
            file.read_to_end(&mut bytes)?;
            Ok(bytes)
        }
        #[cfg(not(target_os = "linux"))]
        {
            if std::fs::symlink_metadata(&full)?.file_type().is_symlink() {
                return Err(not_followed(path));
            }
            std::fs::read(full)
        }
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_paths_are_the_parts_below_the_root() {
        let cases = [
            ("/repo", "/repo/sops/a.md", Some("sops/a.md")),
            ("/repo/", "/repo/sops/a.md", Some("sops/a.md")),
            ("/work/./repo", "/work/./repo/a.md", Some("a.md")),
            ("repo", "repo/x/y/z.toml", Some("x/y/z.toml")),
            // A path under a root that shares only a prefix of its last name is not below it.
            ("/repo", "/repository/a.md", None),
            // Spelled differently from the root: still below it, by its components.
            ("/work/repo", "/work/./repo/a.md", Some("a.md")),
        ];
        for (root, path, want) in cases {
            assert_eq!(
                relative(Path::new(root), Path::new(path)).as_deref(),
                want,
                "{path} from {root}"
            );
        }
    }

    #[test]
    fn the_listing_is_in_file_name_order_with_each_folder_before_the_next_name() {
        let dir = tempfile::tempdir().unwrap();
        for path in [
            "b.md",
            "a-c.md",
            "a/z.md",
            "a/b.md",
            "A.md",
            "a.md",
            "ä.md",
            "a/.x/y.md",
        ] {
            let path = dir.path().join(path);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, "x").unwrap();
        }
        let listing = WorkTree::new(dir.path()).list(&|_| true).unwrap();
        // Names compare by their bytes; a folder's contents come right after its name.
        let want = [
            "A.md",
            "a/.x/y.md",
            "a/b.md",
            "a/z.md",
            "a-c.md",
            "a.md",
            "b.md",
            "ä.md",
        ];
        assert_eq!(listing.files, want);
        assert_eq!(listing.other, ["a", "a/.x"]);
    }

    #[cfg(unix)]
    #[test]
    fn a_path_that_is_not_utf8_has_no_relative_form() {
        use std::os::unix::ffi::OsStrExt;
        let path = Path::new(std::ffi::OsStr::from_bytes(b"/repo/caf\xe9.md"));
        assert_eq!(relative(Path::new("/repo"), path), None);
    }
}
