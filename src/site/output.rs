//! Writes the site safely: into a fresh temporary directory that is then swapped in,
//! and only into a directory opsctl owns (marked), never the sources.

use std::io;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, PoisonError};

use rayon::prelude::*;
use rustc_hash::FxHashSet;

use crate::config::CONFIG_FILE;

/// The file that marks a directory as a site opsctl wrote (and may replace).
pub const MARKER: &str = ".opsctl-site";

/// Why opsctl will not write to an output directory.
pub fn refusal(root: &Path, out: &Path) -> Option<String> {
    let root = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
    let out = absolute(out);
    if out == root {
        return Some(format!(
            "{} is the repository root; choose an output directory inside or beside it",
            out.display()
        ));
    }
    if root.starts_with(&out) {
        return Some(format!(
            "{} contains the repository; choose an output directory that holds no sources",
            out.display()
        ));
    }
    if out.exists() && !out.is_dir() {
        return Some(format!(
            "{} is a file, not a directory; choose an output directory",
            out.display()
        ));
    }
    if out.join(CONFIG_FILE).exists() {
        return Some(format!(
            "{} holds an {CONFIG_FILE}: it is a repository, not an output directory",
            out.display()
        ));
    }
    let foreign = out.is_dir()
        && !out.join(MARKER).is_file()
        && std::fs::read_dir(&out)
            .map(|mut d| d.next().is_some())
            .unwrap_or(true);
    if foreign {
        return Some(format!(
            "{} already holds files opsctl did not write; empty it or choose another output directory",
            out.display()
        ));
    }
    None
}

/// `path` made absolute without requiring it to exist (its parent is resolved if it does).
fn absolute(path: &Path) -> PathBuf {
    if let Ok(canonical) = path.canonicalize() {
        return canonical;
    }
    match (path.parent(), path.file_name()) {
        (Some(parent), Some(name)) if !parent.as_os_str().is_empty() => absolute(parent).join(name),
        _ => std::env::current_dir()
            .map(|d| d.join(path))
            .unwrap_or_else(|_| path.to_path_buf()),
    }
}

/// A site being written: files go into a fresh directory beside the output, which
/// replaces the output only when everything is written (and is removed otherwise).
pub struct Staging {
    dir: PathBuf,
    out: PathBuf,
    finished: bool,
    /// The folders made so far: each is made once, not checked again for every file.
    made: Mutex<FxHashSet<PathBuf>>,
}

impl Staging {
    pub fn new(out: &Path) -> io::Result<Staging> {
        let out = absolute(out);
        let parent = out
            .parent()
            .ok_or_else(|| io::Error::other("the output directory has no parent"))?;
        std::fs::create_dir_all(parent)?;
        let name = out.file_name().and_then(|n| n.to_str()).unwrap_or("site");
        let dir = parent.join(format!(".{name}.new-{}", std::process::id()));
        if dir.exists() {
            std::fs::remove_dir_all(&dir)?;
        }
        std::fs::create_dir_all(&dir)?;
        Ok(Staging {
            dir,
            out,
            finished: false,
            made: Mutex::default(),
        })
    }

    /// Writes one file, `path` being relative to the site root; a path that could
    /// leave the site (absolute, or with `..`) is refused.
    pub fn write(&self, path: &str, bytes: &[u8]) -> io::Result<()> {
        std::fs::write(self.target(path)?, bytes)
    }

    /// Writes one file through `write`, for files too big to assemble in memory first.
    pub fn write_with(
        &self,
        path: &str,
        write: impl FnOnce(&mut dyn io::Write) -> io::Result<()>,
    ) -> io::Result<()> {
        let mut file = io::BufWriter::new(std::fs::File::create(self.target(path)?)?);
        write(&mut file)?;
        io::Write::flush(&mut file)
    }

    /// Where `path` goes in the staged site, its folder made; a path that could leave
    /// the site (absolute, or with `..`) is refused.
    fn target(&self, path: &str) -> io::Result<PathBuf> {
        let inside = !path.is_empty()
            && Path::new(path)
                .components()
                .all(|c| matches!(c, std::path::Component::Normal(_)));
        if !inside {
            return Err(io::Error::new(
                io::ErrorKind::InvalidInput,
                format!("refusing to write {path:?} outside the site"),
            ));
        }
        let target = self.dir.join(path);
        if let Some(parent) = target.parent() {
            let mut made = self.made.lock().unwrap_or_else(PoisonError::into_inner);
            if !made.contains(parent) {
                std::fs::create_dir_all(parent)?;
                made.insert(parent.to_path_buf());
            }
        }
        Ok(target)
    }

    /// Marks the staged site as opsctl's and swaps it in for the output directory.
    pub fn finish(mut self) -> io::Result<()> {
        self.write(
            MARKER,
            b"This directory was written by opsctl build and is replaced by it.\n",
        )?;
        let parent = self.out.parent().unwrap_or(Path::new("."));
        let name = self
            .out
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or("site");
        swap(&self.dir, &self.out, parent, name)?;
        self.finished = true;
        Ok(())
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.finished {
            let _ = std::fs::remove_dir_all(&self.dir);
        }
    }
}

/// Puts the staged site in place of the old one; the old one is removed only because
/// it carries the marker (checked by [`refusal`] before the build).
fn swap(staging: &Path, out: &Path, parent: &Path, name: &str) -> io::Result<()> {
    if !out.exists() {
        return std::fs::rename(staging, out);
    }
    let old = parent.join(format!(".{name}.old-{}", std::process::id()));
    std::fs::rename(out, &old)?;
    if let Err(err) = std::fs::rename(staging, out) {
        let _ = std::fs::rename(&old, out);
        return Err(err);
    }
    if old.join(MARKER).is_file() {
        remove_tree(&old)?;
    } else {
        // It was empty when checked; remove_dir never deletes content.
        let _ = std::fs::remove_dir(&old);
    }
    Ok(())
}

/// Removes a directory and everything in it, folders side by side on all threads: an
/// old site has tens of thousands of files. Symbolic links are removed, never followed.
fn remove_tree(dir: &Path) -> io::Result<()> {
    let entries = std::fs::read_dir(dir)?.collect::<io::Result<Vec<_>>>()?;
    entries.par_iter().try_for_each(|entry| {
        if entry.file_type()?.is_dir() {
            remove_tree(&entry.path())
        } else {
            std::fs::remove_file(entry.path())
        }
    })?;
    std::fs::remove_dir(dir)
}
