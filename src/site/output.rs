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

/// What the marker file says first.
const MARKER_TEXT: &str = "This directory was written by opsctl build and is replaced by it.\n";

/// The line of the marker after which it lists every file the build wrote: what a
/// later build may remove. Anything else found in the site then (a `CNAME`, a `.git`
/// of a pages branch checked out there) is the reader's, and is kept. A marker
/// without the list (a build still writing, or one by an older opsctl) owns all.
const MANIFEST_LINE: &str = "Files it wrote (it keeps any others when it replaces the site):\n";

/// The files a site's marker says opsctl wrote, relative to the site; `None` when
/// it owns the whole folder (see [`MANIFEST_LINE`]).
fn manifest(site: &Path) -> io::Result<Option<FxHashSet<String>>> {
    let text = match std::fs::read_to_string(site.join(MARKER)) {
        Ok(text) => text,
        Err(err) if err.kind() == io::ErrorKind::NotFound => return Ok(None),
        Err(err) => return Err(err),
    };
    Ok(text
        .split_once(MANIFEST_LINE)
        .map(|(_, list)| list.lines().map(str::to_string).collect()))
}

/// A site being written: files go into a fresh directory beside the output, which
/// replaces the output only when everything is written (and is removed otherwise).
pub struct Staging {
    dir: PathBuf,
    out: PathBuf,
    finished: bool,
    /// The folders made so far: each is made once, not checked again for every file.
    made: Mutex<FxHashSet<PathBuf>>,
    /// Every file written, relative to the site, for the marker's list.
    written: Mutex<Vec<String>>,
}

impl Staging {
    pub fn new(out: &Path) -> io::Result<Staging> {
        let out = absolute(out);
        let parent = out
            .parent()
            .ok_or_else(|| io::Error::other("the output directory has no parent"))?;
        std::fs::create_dir_all(parent)?;
        let name = out.file_name().and_then(|n| n.to_str()).unwrap_or("site");
        let dir = parent.join(format!(".{name}.{STAGED}-{}", std::process::id()));
        if dir.exists() {
            std::fs::remove_dir_all(&dir)?;
        }
        std::fs::create_dir_all(&dir)?;
        // Marked from the start: should this build be stopped before it ends, the
        // next one knows the folder for its own.
        std::fs::write(dir.join(MARKER), MARKER_TEXT)?;
        Ok(Staging {
            dir,
            out,
            finished: false,
            made: Mutex::default(),
            written: Mutex::default(),
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
        (self.written.lock().unwrap_or_else(PoisonError::into_inner)).push(path.to_string());
        if let Some(parent) = target.parent() {
            let mut made = self.made.lock().unwrap_or_else(PoisonError::into_inner);
            if !made.contains(parent) {
                std::fs::create_dir_all(parent)?;
                made.insert(parent.to_path_buf());
            }
        }
        Ok(target)
    }

    /// Swaps the staged site (marked as opsctl's since it was begun) in for the output
    /// directory, keeping the files of the old one that opsctl did not write, then
    /// removes what builds that were stopped had left beside it; returns those folders.
    /// When a file it did not write is where the new site has one, nothing is replaced.
    pub fn finish(mut self) -> io::Result<Vec<PathBuf>> {
        let parent = self.out.parent().unwrap_or(Path::new("."));
        let name = self
            .out
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or("site");
        let mut written =
            std::mem::take(&mut *self.written.lock().unwrap_or_else(PoisonError::into_inner));
        written.sort_unstable();
        written.dedup();
        let mut marker = String::from(MARKER_TEXT);
        marker.push_str(MANIFEST_LINE);
        for path in &written {
            marker.push_str(path);
            marker.push('\n');
        }
        std::fs::write(self.dir.join(MARKER), marker)?;
        let kept = match self.out.is_dir() {
            true => not_written_by_opsctl(&self.out)?,
            false => Vec::new(),
        };
        let clashes: Vec<&String> = kept
            .iter()
            .filter(|path| clashes_with(&self.dir, path))
            .collect();
        if !clashes.is_empty() {
            let shown: Vec<String> = clashes.iter().take(5).map(|p| format!("`{p}`")).collect();
            return Err(io::Error::other(format!(
                "it holds {} that opsctl did not write where the new site has files ({}{}); \
                 move {} away, and build again",
                count(clashes.len(), "file"),
                shown.join(", "),
                if clashes.len() > 5 { ", …" } else { "" },
                if clashes.len() == 1 { "it" } else { "them" },
            )));
        }
        swap(&self.dir, &self.out, parent, name, &kept)?;
        self.finished = true;
        Ok(remove_left_behind(parent, name))
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.finished {
            let _ = std::fs::remove_dir_all(&self.dir);
        }
    }
}

fn count(n: usize, noun: &str) -> String {
    if n == 1 {
        format!("a {noun}")
    } else {
        format!("{n} {noun}s")
    }
}

/// The files and folders in the site at `out` that its marker does not list (paths
/// relative to it; a folder holding nothing opsctl wrote is named, not what is in it).
fn not_written_by_opsctl(out: &Path) -> io::Result<Vec<String>> {
    let Some(written) = manifest(out)? else {
        return Ok(Vec::new());
    };
    // The folders that hold a written file: only they are looked into.
    let mut folders: FxHashSet<&str> = FxHashSet::default();
    for path in &written {
        let mut at = path.as_str();
        while let Some((folder, _)) = at.rsplit_once('/') {
            if !folders.insert(folder) {
                break;
            }
            at = folder;
        }
    }
    let mut kept = Vec::new();
    let mut pending = vec![String::new()];
    while let Some(folder) = pending.pop() {
        for entry in std::fs::read_dir(out.join(&folder))? {
            let entry = entry?;
            let Some(name) = entry.file_name().to_str().map(str::to_string) else {
                // A name opsctl never writes (not UTF-8) is not its own.
                let name = entry.file_name().to_string_lossy().into_owned();
                kept.push(format!("{folder}{name}"));
                continue;
            };
            let path = format!("{folder}{name}");
            if folder.is_empty() && name == MARKER {
                continue;
            }
            if entry.file_type()?.is_dir() && folders.contains(path.as_str()) {
                pending.push(format!("{path}/"));
            } else if !written.contains(&path) {
                kept.push(path);
            }
        }
    }
    kept.sort();
    Ok(kept)
}

/// Whether the kept `path` cannot move into the new site at `dir`: something is
/// there already, or one of the folders above it is a file there.
fn clashes_with(dir: &Path, path: &str) -> bool {
    let mut at = dir.to_path_buf();
    for part in path.split('/') {
        at.push(part);
        match std::fs::symlink_metadata(&at) {
            Ok(meta) if meta.is_dir() && at != dir.join(path) => {}
            Ok(_) => return true,
            Err(_) => return false,
        }
    }
    false
}

/// Puts the staged site in place of the old one, moving into it the paths of the old
/// one that opsctl did not write (`kept`); the rest of the old one is removed only
/// because it carries the marker (checked by [`refusal`] before the build).
fn swap(staging: &Path, out: &Path, parent: &Path, name: &str, kept: &[String]) -> io::Result<()> {
    if !out.exists() {
        return std::fs::rename(staging, out);
    }
    let old = parent.join(format!(".{name}.{REPLACED}-{}", std::process::id()));
    std::fs::rename(out, &old)?;
    if let Err(err) = std::fs::rename(staging, out) {
        let _ = std::fs::rename(&old, out);
        return Err(err);
    }
    for path in kept {
        let to = out.join(path);
        let moved = match to.parent() {
            Some(folder) => std::fs::create_dir_all(folder),
            None => Ok(()),
        }
        .and_then(|()| std::fs::rename(old.join(path), &to));
        if let Err(err) = moved {
            // The old site stays beside the new one, so nothing of the reader's is lost.
            return Err(io::Error::other(format!(
                "the new site is in place, but `{path}`, which opsctl did not write, could \
                 not be moved into it ({err}); it is still in {}",
                old.display()
            )));
        }
    }
    if old.join(MARKER).is_file() {
        remove_tree(&old)?;
    } else {
        // It was empty when checked; remove_dir never deletes content.
        let _ = std::fs::remove_dir(&old);
    }
    Ok(())
}

/// Removes a site opsctl wrote: with the marker's list of files, those files and the
/// folders they leave empty (anything else stays, and so does the folder then);
/// without it, the folder and everything in it, folders side by side on all threads:
/// an old site has tens of thousands of files. Symbolic links are removed, never
/// followed. The marker goes last, so a removal that is stopped half-way leaves a
/// folder the next build still knows for its own.
fn remove_tree(dir: &Path) -> io::Result<()> {
    let Some(written) = manifest(dir)? else {
        return remove_all(dir);
    };
    let written: Vec<String> = written.into_iter().collect();
    written
        .par_iter()
        .try_for_each(|path| match std::fs::remove_file(dir.join(path)) {
            Err(err) if err.kind() != io::ErrorKind::NotFound => Err(err),
            _ => Ok(()),
        })?;
    // Deepest folders first; one that still holds something is left as it is.
    let folders: FxHashSet<&str> = (written.iter())
        .flat_map(|path| path.match_indices('/').map(|(i, _)| &path[..i]))
        .collect();
    let mut folders: Vec<&str> = folders.into_iter().collect();
    folders
        .sort_unstable_by_key(|folder| std::cmp::Reverse((folder.matches('/').count(), *folder)));
    for folder in folders {
        let _ = std::fs::remove_dir(dir.join(folder));
    }
    let in_it = std::fs::read_dir(dir)?.count();
    if in_it <= 1 {
        remove_marker(dir)?;
        std::fs::remove_dir(dir)?;
    }
    Ok(())
}

fn remove_marker(dir: &Path) -> io::Result<()> {
    match std::fs::remove_file(dir.join(MARKER)) {
        Err(err) if err.kind() != io::ErrorKind::NotFound => Err(err),
        _ => Ok(()),
    }
}

/// Removes a folder and everything in it (see [`remove_tree`]).
fn remove_all(dir: &Path) -> io::Result<()> {
    let entries = std::fs::read_dir(dir)?.collect::<io::Result<Vec<_>>>()?;
    entries
        .par_iter()
        .filter(|entry| entry.file_name() != MARKER)
        .try_for_each(|entry| {
            if entry.file_type()?.is_dir() {
                remove_all(&entry.path())
            } else {
                std::fs::remove_file(entry.path())
            }
        })?;
    remove_marker(dir)?;
    std::fs::remove_dir(dir)
}

/// The middle of the name of a site being written (`.NAME.new-PID`) and of an old one
/// being removed (`.NAME.old-PID`), beside the output `NAME`.
const STAGED: &str = "new";
const REPLACED: &str = "old";

/// Removes the folders that builds of the output `name` in `parent` left when they were
/// stopped (killed, or the machine went down): a site being written or an old one being
/// removed. A folder is removed only when its name is one a build gives, it carries the
/// marker and the build that made it is no longer running; anything else is left alone.
/// One that cannot be removed is left for the next build: the site is already in place.
fn remove_left_behind(parent: &Path, name: &str) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(parent) else {
        return Vec::new();
    };
    let mut removed: Vec<PathBuf> = entries
        .flatten()
        .filter(|entry| {
            let pid = entry.file_name().to_str().and_then(|f| left_by(f, name));
            let path = entry.path();
            // This build's own folders are never taken: its process is running.
            pid.is_some_and(|pid| !running(pid))
                && entry.file_type().is_ok_and(|t| t.is_dir())
                && path.join(MARKER).is_file()
                && remove_tree(&path).is_ok()
        })
        .map(|entry| entry.path())
        .collect();
    removed.sort();
    removed
}

/// The process id in `file_name` when it is the name a build of the output `name`
/// gives the folders it writes or removes.
fn left_by(file_name: &str, name: &str) -> Option<u32> {
    let rest = file_name
        .strip_prefix('.')?
        .strip_prefix(name)?
        .strip_prefix('.')?;
    let (kind, pid) = rest.split_once('-')?;
    // Digits only: `parse` would also take a leading `+`.
    let digits = !pid.is_empty() && pid.bytes().all(|b| b.is_ascii_digit());
    if [STAGED, REPLACED].contains(&kind) && digits {
        pid.parse().ok()
    } else {
        None
    }
}

/// Whether process `pid` may still be running. Only Linux is asked (through `/proc`);
/// elsewhere every process is taken for running, so nothing is removed. A killed
/// process its parent has not yet reaped (a zombie) is not running.
fn running(pid: u32) -> bool {
    if !(cfg!(target_os = "linux") && Path::new("/proc/self").exists()) {
        return true;
    }
    match std::fs::read_to_string(format!("/proc/{pid}/stat")) {
        // The state follows the command name, which is in parentheses and may hold any.
        Ok(stat) => stat
            .rfind(')')
            .and_then(|end| stat[end + 1..].split_whitespace().next())
            .is_none_or(|state| !matches!(state, "Z" | "X")),
        Err(err) => err.kind() != io::ErrorKind::NotFound,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg(target_os = "linux")]
    #[test]
    fn a_process_is_running_until_it_has_exited() {
        assert!(running(std::process::id()));
        let mut child = std::process::Command::new("sh")
            .args(["-c", "exit 0"])
            .spawn()
            .unwrap();
        // Once it has exited, and before it is reaped (a zombie), it runs no more.
        let started = std::time::Instant::now();
        while running(child.id()) {
            assert!(started.elapsed().as_secs() < 20, "still taken for running");
            std::thread::sleep(std::time::Duration::from_millis(10));
        }
        child.wait().unwrap();
        assert!(!running(child.id()));
    }

    #[test]
    fn only_the_names_a_build_gives_are_taken_for_its_folders() {
        assert_eq!(left_by(".site.new-123", "site"), Some(123));
        assert_eq!(left_by("._site.old-7", "_site"), Some(7));
        for other in [
            "site.new-123",
            ".site.new-",
            ".site.new-12a",
            ".site.tmp-123",
            ".sites.new-123",
            ".site.new-123.bak",
            ".other.old-123",
        ] {
            assert_eq!(left_by(other, "site"), None, "{other}");
        }
    }
}
