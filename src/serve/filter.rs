//! Which file-system events can change the site: opsctl's own reads, `.git/`, the output
//! directory and editors' scratch files (swap, backup, lock and write-test files) cannot.

use std::path::{Path, PathBuf};

use notify::event::{AccessKind, AccessMode};
use notify::{Event, EventKind};

/// The path reported when the watcher lost events and everything must be looked at again.
pub const EVERYTHING: &str = ".";

/// Turns watcher events into the repository paths they changed.
#[derive(Debug, Clone)]
pub struct Filter {
    root: PathBuf,
    /// The output directory from `opsctl.toml`, relative to the root, without slashes around.
    out: String,
}

impl Filter {
    pub fn new(root: &Path, out: &str) -> Filter {
        Filter {
            root: root.to_path_buf(),
            out: out.trim_matches('/').to_string(),
        }
    }

    /// The repository paths (`/`-separated, relative to the root) that `event` changed and
    /// that can change the site; empty when the event can be ignored.
    pub fn paths(&self, event: &Event) -> Vec<String> {
        if event.need_rescan() {
            return vec![EVERYTHING.to_string()];
        }
        if !changes_content(&event.kind) {
            return Vec::new();
        }
        event
            .paths
            .iter()
            .filter_map(|path| self.relative(path))
            .filter(|rel| self.relevant(rel))
            .collect()
    }

    /// Whether a change to `rel` can change the site.
    pub fn relevant(&self, rel: &str) -> bool {
        if rel.is_empty() {
            return false;
        }
        let inside_out = !self.out.is_empty()
            && (rel == self.out
                || rel
                    .strip_prefix(self.out.as_str())
                    .is_some_and(|rest| rest.starts_with('/')));
        let top = rel.split('/').next().unwrap_or_default();
        // The loader skips these too (see `load::load`), so they never reach the model.
        !inside_out
            && top != "target"
            && rel
                .split('/')
                .all(|part| part != "node_modules" && !is_scratch(part))
    }

    fn relative(&self, path: &Path) -> Option<String> {
        let rel = path.strip_prefix(&self.root).ok()?;
        let parts: Vec<&str> = rel
            .components()
            .map(|c| c.as_os_str().to_str())
            .collect::<Option<_>>()?;
        Some(parts.join("/"))
    }
}

/// Reads are opsctl's own (loading the repository opens every file): reacting to them
/// would rebuild forever. A file closed after writing is a change.
pub fn changes_content(kind: &EventKind) -> bool {
    match kind {
        EventKind::Access(AccessKind::Close(AccessMode::Write)) => true,
        EventKind::Access(_) => false,
        _ => true,
    }
}

/// Names editors and tools use for files that are not content: hidden files (`.git`,
/// Vim's `.page.md.swp`, Emacs's `.#page.md` lock), backups (`page.md~`), Emacs's
/// `#page.md#`, Vim's `4913` write test, and temporary files of other editors.
pub fn is_scratch(name: &str) -> bool {
    const SUFFIXES: &[&str] = &[
        "~",
        ".swp",
        ".swo",
        ".swx",
        ".tmp",
        ".temp",
        ".kate-swp",
        ".crswap",
        "___jb_tmp___",
        "___jb_old___",
    ];
    name.starts_with('.')
        || (name.len() > 1 && name.starts_with('#') && name.ends_with('#'))
        || name == "4913"
        || SUFFIXES.iter().any(|s| name.ends_with(s))
}

#[cfg(test)]
mod tests {
    use notify::event::{CreateKind, ModifyKind, RemoveKind, RenameMode};

    use super::*;

    fn event(kind: EventKind, paths: &[&str]) -> Event {
        let mut event = Event::new(kind);
        for path in paths {
            event = event.add_path(Path::new("/repo").join(path));
        }
        event
    }

    fn filter() -> Filter {
        Filter::new(Path::new("/repo"), "_site/")
    }

    #[test]
    fn content_changes_are_kept() {
        let f = filter();
        let write = event(EventKind::Modify(ModifyKind::Any), &["sops/a.md"]);
        assert_eq!(f.paths(&write), ["sops/a.md"]);
        let created = event(EventKind::Create(CreateKind::File), &["people.toml"]);
        assert_eq!(f.paths(&created), ["people.toml"]);
        let closed = event(
            EventKind::Access(AccessKind::Close(AccessMode::Write)),
            &["img/logo.png"],
        );
        assert_eq!(f.paths(&closed), ["img/logo.png"]);
    }

    #[test]
    fn reads_are_ignored_so_loading_does_not_trigger_a_rebuild() {
        let f = filter();
        for kind in [
            AccessKind::Open(AccessMode::Any),
            AccessKind::Read,
            AccessKind::Close(AccessMode::Read),
        ] {
            assert!(
                f.paths(&event(EventKind::Access(kind), &["a.md"]))
                    .is_empty()
            );
        }
    }

    #[test]
    fn git_output_and_editor_scratch_files_are_ignored() {
        let f = filter();
        for path in [
            ".git/index.lock",
            ".git/refs/heads/main",
            "_site/index.html",
            "_site",
            "target/debug/x",
            "web/node_modules/x.md",
            "sops/.a.md.swp",
            "sops/.a.md.swx",
            "sops/a.md~",
            "sops/4913",
            "sops/.#a.md",
            "sops/#a.md#",
            "sops/a.md.tmp",
            "sops/a.md___jb_tmp___",
            ".DS_Store",
        ] {
            let e = event(EventKind::Modify(ModifyKind::Any), &[path]);
            assert!(f.paths(&e).is_empty(), "{path} should be ignored");
        }
        // Only the output directory itself, not a name that starts like it.
        let e = event(EventKind::Modify(ModifyKind::Any), &["_site-notes.md"]);
        assert_eq!(f.paths(&e), ["_site-notes.md"]);
    }

    #[test]
    fn a_save_by_rename_keeps_the_real_file() {
        // Vim with `backupcopy=no`: page.md -> page.md~, write page.md, remove page.md~.
        let f = filter();
        let rename = event(
            EventKind::Modify(ModifyKind::Name(RenameMode::Both)),
            &["sops/a.md", "sops/a.md~"],
        );
        assert_eq!(f.paths(&rename), ["sops/a.md"]);
        let removed = event(EventKind::Remove(RemoveKind::File), &["sops/a.md~"]);
        assert!(f.paths(&removed).is_empty());
        // Editors that write a temporary file and rename it over the page.
        let replace = event(
            EventKind::Modify(ModifyKind::Name(RenameMode::Both)),
            &["sops/a.md.tmp", "sops/a.md"],
        );
        assert_eq!(f.paths(&replace), ["sops/a.md"]);
    }

    #[test]
    fn lost_events_mean_everything() {
        let f = filter();
        let rescan = Event::new(EventKind::Other).set_flag(notify::event::Flag::Rescan);
        assert_eq!(f.paths(&rescan), [EVERYTHING]);
    }
}
