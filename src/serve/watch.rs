//! Watches the repository with `notify`: native events, or polling (`--poll`) for file
//! systems whose events are unreliable (network mounts, some containers and VMs).

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::mpsc::Sender;
use std::time::{Duration, SystemTime};

use notify::{PollWatcher, RecommendedWatcher, RecursiveMode, Watcher};

use super::Message;
use super::filter::{Filter, changes_content, is_scratch};

/// How often the polling watcher looks at every file.
const POLL_INTERVAL: Duration = Duration::from_millis(500);

/// The root is watched on its own and each top-level directory recursively, except
/// `.git/`, the output and the like: a polling watcher would otherwise walk every git
/// object twice a second, and a native one would hold a watch on each object folder.
pub struct Watch {
    watcher: Box<dyn Watcher + Send>,
    root: PathBuf,
    dirs: BTreeSet<String>,
}

impl Watch {
    pub fn start(root: &Path, poll: bool, events: Sender<Message>) -> Result<Watch, String> {
        let handler = move |event: notify::Result<notify::Event>| {
            let message = match event {
                // Loading the repository opens every file, and notify's native watcher
                // reports each open: dropped here, they do not queue up behind a rebuild.
                Ok(event) if !changes_content(&event.kind) && !event.need_rescan() => return,
                Ok(event) => Message::Event(event),
                Err(err) => Message::WatchError(err.to_string()),
            };
            // The receiver is gone only while serve shuts down.
            let _ = events.send(message);
        };
        let watcher: Box<dyn Watcher + Send> = if poll {
            let config = notify::Config::default().with_poll_interval(POLL_INTERVAL);
            Box::new(PollWatcher::new(handler, config).map_err(|e| watch_error(root, e))?)
        } else {
            let config = notify::Config::default();
            Box::new(RecommendedWatcher::new(handler, config).map_err(|e| watch_error(root, e))?)
        };
        let mut watch = Watch {
            watcher,
            root: root.to_path_buf(),
            dirs: BTreeSet::new(),
        };
        watch
            .watcher
            .watch(root, RecursiveMode::NonRecursive)
            .map_err(|e| watch_error(root, e))?;
        if let Some(problem) = watch.refresh(&Filter::new(root, "")).into_iter().next() {
            return Err(problem);
        }
        Ok(watch)
    }

    /// Watches top-level directories that appeared and forgets those that went; returns
    /// what could not be watched.
    pub fn refresh(&mut self, filter: &Filter) -> Vec<String> {
        let mut now = BTreeSet::new();
        if let Ok(entries) = std::fs::read_dir(&self.root) {
            for entry in entries.flatten() {
                let is_dir = entry.file_type().is_ok_and(|t| t.is_dir());
                if let (true, Some(name)) = (is_dir, entry.file_name().to_str()) {
                    if !is_scratch(name) && filter.relevant(name) {
                        now.insert(name.to_string());
                    }
                }
            }
        }
        for gone in self.dirs.difference(&now) {
            // The directory is gone, and its watch with it; an error says only that.
            let _ = self.watcher.unwatch(&self.root.join(gone));
        }
        let mut problems = Vec::new();
        for new in now.difference(&self.dirs) {
            let dir = self.root.join(new);
            if let Err(err) = self.watcher.watch(&dir, RecursiveMode::Recursive) {
                problems.push(watch_error(&dir, err));
            }
        }
        self.dirs = now;
        problems
    }
}

fn watch_error(path: &Path, err: notify::Error) -> String {
    let hint = match err.kind {
        notify::ErrorKind::MaxFilesWatch => "; raise fs.inotify.max_user_watches, or use --poll",
        _ => "",
    };
    format!("cannot watch {}: {err}{hint}", path.display())
}

/// Whether anything the site is made from was modified at or after `since`: a file's
/// contents, or a directory's entries (a file added, removed or renamed). Timestamps
/// are compared with a second's slack, for file systems that keep them coarsely.
pub fn changed_since(root: &Path, filter: &Filter, since: SystemTime) -> bool {
    let since = since - Duration::from_secs(1);
    walkdir::WalkDir::new(root)
        .follow_links(false)
        .into_iter()
        .filter_entry(|entry| {
            let rel = entry.path().strip_prefix(root).ok().and_then(Path::to_str);
            rel.is_some_and(|rel| rel.is_empty() || filter.relevant(rel))
        })
        .filter_map(Result::ok)
        .any(|entry| {
            let modified = entry.metadata().ok().and_then(|m| m.modified().ok());
            modified.is_none_or(|time| time >= since)
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn age(path: &Path, seconds: u64) {
        let file = std::fs::File::options().write(true).open(path).ok();
        let then = SystemTime::now() - Duration::from_secs(seconds);
        match file {
            Some(file) => file.set_modified(then).unwrap(),
            // Directories: opened read-only.
            None => std::fs::File::open(path)
                .unwrap()
                .set_modified(then)
                .unwrap(),
        }
    }

    #[test]
    fn lost_events_rebuild_only_when_something_changed() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().canonicalize().unwrap();
        std::fs::create_dir_all(root.join("sops")).unwrap();
        std::fs::create_dir_all(root.join(".git")).unwrap();
        for path in ["sops/a.md", "people.toml", ".git/index"] {
            std::fs::write(root.join(path), "x").unwrap();
        }
        for path in ["sops/a.md", "people.toml", ".git/index", "sops", ".git", ""] {
            age(&root.join(path), 60);
        }
        let filter = Filter::new(&root, "_site");
        let since = SystemTime::now() - Duration::from_secs(10);
        assert!(!changed_since(&root, &filter, since), "nothing changed");
        // Git's own files do not count.
        std::fs::write(root.join(".git/index"), "y").unwrap();
        assert!(!changed_since(&root, &filter, since));
        std::fs::write(root.join("sops/a.md"), "y").unwrap();
        assert!(changed_since(&root, &filter, since));
    }
}
