//! Files as git has them: the index (what `git commit` will record) or any revision,
//! read from the object database with no checkout and no temporary files.

use std::collections::HashMap;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use git2::{ObjectType, Oid, Repository, TreeWalkMode, TreeWalkResult};

use super::{Listing, Source};

/// Regular files and executables; symlinks (0o120000) and submodules are not read.
fn is_file_mode(mode: u32) -> bool {
    matches!(mode, 0o100644 | 0o100755 | 0o100664)
}

/// A snapshot of the files below one directory of a git repository.
pub struct GitSource {
    what: String,
    /// Paths (relative to the ops root) and their blobs.
    blobs: HashMap<String, Oid>,
    /// For the index: where staged files whose stat data still matches can be read
    /// from disk instead of inflating their blobs.
    unchanged: Option<Unchanged>,
    /// One handle per thread: a git2 repository may not be shared between threads.
    handles: Vec<Mutex<Repository>>,
}

pub(crate) fn git_error(error: git2::Error) -> io::Error {
    io::Error::other(error.message().to_string())
}

/// Opens the repository holding `root`. Inside a git hook, git's environment
/// (`GIT_DIR`, `GIT_INDEX_FILE`, set to a temporary index by `commit -a` and
/// `commit PATH`) decides; otherwise the repository is found from `root` upwards.
pub(crate) fn open(root: &Path) -> io::Result<Repository> {
    // libgit2 re-hashes every object it reads to verify it; git itself does not on
    // reads (that is `git fsck`'s job), and for a read-only tool it doubles the
    // cost of walking history and reading the index.
    git2::opts::strict_hash_verification(false);
    let in_hook =
        std::env::var_os("GIT_DIR").is_some() || std::env::var_os("GIT_INDEX_FILE").is_some();
    let repo = if in_hook {
        Repository::open_from_env()
    } else {
        Repository::discover(root)
    };
    repo.map_err(|e| {
        io::Error::new(
            io::ErrorKind::NotFound,
            format!(
                "{} is not in a git repository: {}",
                root.display(),
                e.message()
            ),
        )
    })
}

/// Where `root` is inside the repository's working tree, as "dir/" ("" at the top).
pub(crate) fn prefix_of(repo: &Repository, root: &Path) -> io::Result<String> {
    let workdir = repo
        .workdir()
        .ok_or_else(|| io::Error::other("the repository has no working tree (bare)"))?;
    let workdir = workdir
        .canonicalize()
        .unwrap_or_else(|_| workdir.to_path_buf());
    let root = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
    let relative = root.strip_prefix(&workdir).map_err(|_| {
        io::Error::other(format!(
            "{} is outside the repository at {}",
            root.display(),
            workdir.display()
        ))
    })?;
    let parts: Vec<String> = relative
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    Ok(if parts.is_empty() {
        String::new()
    } else {
        format!("{}/", parts.join("/"))
    })
}

/// What the index recorded about a file on disk when it was staged.
#[derive(Clone, Copy, PartialEq, Eq)]
struct Stat {
    size: u32,
    mtime: (i64, u32),
    ino: u32,
    executable: bool,
}

/// git's own shortcut: a file whose size, modification time, inode and mode match
/// what the index recorded when it was staged has the staged content, so it can be
/// read from disk, which is cheaper than inflating its blob (each `git add` leaves a
/// loose, compressed object). An entry modified in the same instant the index was
/// written ("racily clean") is never trusted.
struct Unchanged {
    root: PathBuf,
    index_mtime: (i64, u32),
    stats: HashMap<String, Stat>,
}

impl Unchanged {
    #[cfg(unix)]
    fn stat(meta: &std::fs::Metadata) -> Stat {
        use std::os::unix::fs::MetadataExt;
        Stat {
            // The index keeps sizes and inode numbers truncated to 32 bits.
            size: meta.size() as u32,
            mtime: (meta.mtime(), meta.mtime_nsec() as u32),
            ino: meta.ino() as u32,
            executable: meta.mode() & 0o111 != 0,
        }
    }

    /// The file's bytes from disk if it is provably the staged version.
    #[cfg(unix)]
    fn read(&self, path: &str) -> Option<Vec<u8>> {
        let staged = self.stats.get(path)?;
        if staged.mtime >= self.index_mtime {
            return None;
        }
        let file = self.root.join(path);
        let before = std::fs::symlink_metadata(&file).ok()?;
        if !before.is_file() || Self::stat(&before) != *staged {
            return None;
        }
        let bytes = std::fs::read(&file).ok()?;
        // Changed while being read: fall back to the blob.
        let after = std::fs::symlink_metadata(&file).ok()?;
        (Self::stat(&after) == *staged && bytes.len() as u32 == staged.size).then_some(bytes)
    }

    #[cfg(not(unix))]
    fn read(&self, _path: &str) -> Option<Vec<u8>> {
        None
    }
}

/// Where `root` is inside its git repository's working tree ("ops/", or "" at the
/// top), or `None` when it is not in a git repository with a working tree.
pub fn path_in_repository(root: &Path) -> Option<String> {
    let repo = open(root).ok()?;
    prefix_of(&repo, root).ok()
}

impl GitSource {
    /// The files staged in the index.
    pub fn index(root: &Path) -> io::Result<GitSource> {
        let repo = open(root)?;
        let prefix = prefix_of(&repo, root)?;
        let index = repo.index().map_err(git_error)?;
        let mut blobs = HashMap::new();
        let mut stats = HashMap::new();
        for entry in index.iter() {
            // Stage 0 only: a path with a merge conflict has no single staged version.
            let stage = (entry.flags >> 12) & 0x3;
            if stage != 0 || !is_file_mode(entry.mode) {
                continue;
            }
            let path = String::from_utf8_lossy(&entry.path).into_owned();
            if let Some(rel) = path.strip_prefix(&prefix) {
                blobs.insert(rel.to_string(), entry.id);
                let stat = Stat {
                    size: entry.file_size,
                    mtime: (i64::from(entry.mtime.seconds()), entry.mtime.nanoseconds()),
                    ino: entry.ino,
                    executable: entry.mode & 0o111 != 0,
                };
                stats.insert(rel.to_string(), stat);
            }
        }
        let index_mtime = index
            .path()
            .and_then(|p| std::fs::metadata(p).ok())
            .and_then(|m| m.modified().ok())
            .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
            .map(|d| (d.as_secs() as i64, d.subsec_nanos()));
        drop(index);
        let mut source = GitSource::with(repo, "the git index".into(), blobs)?;
        source.unchanged = index_mtime.map(|index_mtime| Unchanged {
            root: root.to_path_buf(),
            index_mtime,
            stats,
        });
        Ok(source)
    }

    /// The files of a revision (`HEAD~3`, a tag, `origin/main`).
    pub fn revision(root: &Path, rev: &str) -> io::Result<GitSource> {
        let repo = open(root)?;
        let prefix = prefix_of(&repo, root)?;
        let object = repo.revparse_single(rev).map_err(|e| {
            io::Error::new(
                io::ErrorKind::NotFound,
                format!("unknown revision `{rev}`: {}", e.message()),
            )
        })?;
        let tree = object.peel_to_tree().map_err(git_error)?;
        let mut blobs = HashMap::new();
        tree.walk(TreeWalkMode::PreOrder, |dir, entry| {
            let path = format!("{dir}{}", entry.name().unwrap_or_default());
            if entry.kind() == Some(ObjectType::Blob) && is_file_mode(entry.filemode() as u32) {
                if let Some(rel) = path.strip_prefix(&prefix) {
                    blobs.insert(rel.to_string(), entry.id());
                }
            }
            // Do not descend into trees outside the ops root.
            let inside = path.starts_with(&prefix) || prefix.starts_with(&format!("{path}/"));
            if entry.kind() == Some(ObjectType::Tree) && !inside {
                TreeWalkResult::Skip
            } else {
                TreeWalkResult::Ok
            }
        })
        .map_err(git_error)?;
        let short = object
            .short_id()
            .ok()
            .and_then(|b| b.as_str().ok().map(str::to_string))
            .unwrap_or_default();
        drop(tree);
        drop(object);
        GitSource::with(repo, format!("revision {rev} ({short})"), blobs)
    }

    fn with(repo: Repository, what: String, blobs: HashMap<String, Oid>) -> io::Result<GitSource> {
        let path: PathBuf = repo.path().to_path_buf();
        let mut handles = vec![Mutex::new(repo)];
        for _ in 0..rayon::current_num_threads() {
            handles.push(Mutex::new(Repository::open(&path).map_err(git_error)?));
        }
        Ok(GitSource {
            what,
            blobs,
            unchanged: None,
            handles,
        })
    }
}

impl Source for GitSource {
    fn describe(&self) -> String {
        self.what.clone()
    }

    fn list(&self, descend: &(dyn Fn(&str) -> bool + Sync)) -> io::Result<Listing> {
        let mut verdicts: HashMap<&str, bool> = HashMap::new();
        let mut listing = Listing::default();
        for path in self.blobs.keys() {
            let kept = path.match_indices('/').all(|(i, _)| {
                let dir = &path[..i];
                *verdicts.entry(dir).or_insert_with(|| descend(dir))
            });
            if kept {
                listing.files.push(path.clone());
            }
        }
        listing.files.sort();
        Ok(listing)
    }

    fn read(&self, path: &str) -> io::Result<Vec<u8>> {
        if let Some(bytes) = self.unchanged.as_ref().and_then(|u| u.read(path)) {
            return Ok(bytes);
        }
        let oid = self.blobs.get(path).ok_or_else(|| {
            io::Error::new(
                io::ErrorKind::NotFound,
                format!("{path}: not in {}", self.what),
            )
        })?;
        let slot = rayon::current_thread_index().map_or(0, |i| i + 1) % self.handles.len();
        let repo = self.handles[slot]
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        let blob = repo.find_blob(*oid).map_err(git_error)?;
        Ok(blob.content().to_vec())
    }
}
