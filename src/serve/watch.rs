//! Watches the repository with `notify`: native events, or polling (`--poll`) for file
//! systems whose events are unreliable (network mounts, some containers and VMs).

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::mpsc::Sender;
use std::time::Duration;

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
