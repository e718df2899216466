//! The history cache: the tally as of one commit, kept in the repository's git
//! directory (`.git/opsctl/`, which opsctl owns) so the next run walks only newer commits.

use std::io;
use std::path::{Path, PathBuf};

use git2::{Oid, Repository};
use serde::{Deserialize, Serialize};

use super::walk::Tally;

/// Bumped whenever the cached format or its meaning changes; other versions are ignored.
const VERSION: u32 = 2;

/// The cache as written: borrowed, so saving does not copy the tally.
#[derive(Serialize)]
struct Saved<'a> {
    version: u32,
    prefix: &'a str,
    head: String,
    tally: &'a Tally,
}

/// The cache as read.
#[derive(Deserialize)]
struct Cached {
    version: u32,
    prefix: String,
    head: String,
    tally: Tally,
}

/// The cache file for the ops root at `prefix` (one per root, as a repository may hold several).
pub(super) fn file(repo: &Repository, prefix: &str) -> PathBuf {
    // FNV-1a: a short, stable name for the prefix; the prefix itself is checked on read.
    let hash = prefix.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    });
    repo.commondir()
        .join("opsctl")
        .join(format!("history-{hash:016x}.json"))
}

/// The cached head and tally, if a usable cache exists for this prefix.
pub(super) fn read(path: &Path, prefix: &str) -> Option<(Oid, Tally)> {
    let bytes = std::fs::read(path).ok()?;
    let cached: Cached = serde_json::from_slice(&bytes).ok()?;
    if cached.version != VERSION || cached.prefix != prefix {
        return None;
    }
    let head = Oid::from_str(&cached.head).ok()?;
    let mut tally = cached.tally;
    tally.reindex();
    Some((head, tally))
}

/// Writes the cache atomically (a temporary file renamed over the old one).
pub(super) fn write(path: &Path, prefix: &str, head: Oid, tally: &Tally) -> io::Result<()> {
    let Some(dir) = path.parent() else {
        return Ok(());
    };
    std::fs::create_dir_all(dir)?;
    let saved = Saved {
        version: VERSION,
        prefix,
        head: head.to_string(),
        tally,
    };
    let bytes = serde_json::to_vec(&saved).map_err(io::Error::other)?;
    let tmp = path.with_extension(format!("tmp{}", std::process::id()));
    std::fs::write(&tmp, bytes)?;
    std::fs::rename(&tmp, path)
}
