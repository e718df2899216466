//! The single revision walk: every commit once, its tree compared with its parents'
//! (skipping identical subtrees by id), tallied per file.

use std::collections::{HashMap, HashSet};
use std::io;
use std::path::Path;

use git2::{ObjectType, Oid, Repository, Tree};
use jiff::civil::Date;
use serde::{Deserialize, Serialize};

use super::{Change, FileHistory, History, cache};

/// A commit that changed at least one file, as the tally keeps it.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(super) struct Commit {
    pub oid: String,
    /// Committer time in seconds: orders changes (ties broken by id, for determinism).
    pub time: i64,
    pub date: Date,
    pub author: u32,
}

/// Per file: the first and newest change (indexes into the commits) and its authors.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub(super) struct FileTally {
    pub created: Option<u32>,
    pub last: Option<u32>,
    pub authors: Vec<u32>,
    /// The file already existed at a shallow clone's boundary: its creation is unknown.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub before_boundary: bool,
}

/// Everything learned from the commits walked so far; this is also what is cached.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub(super) struct Tally {
    pub commits: Vec<Commit>,
    /// Author names; identity is the e-mail address (case-insensitive), else the name.
    pub authors: Vec<String>,
    pub files: HashMap<String, FileTally>,
    #[serde(skip)]
    author_ids: HashMap<String, u32>,
}

impl Tally {
    /// Rebuilds the lookup from author identity to index after reading a cache.
    pub fn reindex(&mut self, emails: &[String]) {
        self.author_ids = emails
            .iter()
            .enumerate()
            .map(|(i, e)| (e.clone(), i as u32))
            .collect();
    }

    /// The identity key of each author, in index order (saved beside the tally).
    pub fn author_keys(&self) -> Vec<String> {
        let mut keys = vec![String::new(); self.authors.len()];
        for (key, &i) in &self.author_ids {
            keys[i as usize] = key.clone();
        }
        keys
    }

    fn author(&mut self, name: &str, email: &str) -> u32 {
        let key = if email.is_empty() {
            name.to_string()
        } else {
            email.to_lowercase()
        };
        if let Some(&i) = self.author_ids.get(&key) {
            return i;
        }
        let i = self.authors.len() as u32;
        self.authors.push(name.to_string());
        self.author_ids.insert(key, i);
        i
    }

    fn key(&self, commit: u32) -> (i64, &str) {
        let c = &self.commits[commit as usize];
        (c.time, c.oid.as_str())
    }

    fn record(&mut self, path: String, commit: u32) {
        let author = self.commits[commit as usize].author;
        let key = self.key(commit);
        let (earlier, later) = match self.files.get(&path) {
            Some(file) => (
                file.created.is_none_or(|c| key < self.key(c)),
                file.last.is_none_or(|l| key > self.key(l)),
            ),
            None => (true, true),
        };
        let file = self.files.entry(path).or_default();
        if earlier {
            file.created = Some(commit);
        }
        if later {
            file.last = Some(commit);
        }
        if !file.authors.contains(&author) {
            file.authors.push(author);
        }
    }

    /// Keeps only the commits some file still refers to, so the cache stays small.
    pub fn compact(&mut self) {
        let mut used: Vec<u32> = self
            .files
            .values()
            .flat_map(|f| [f.created, f.last])
            .flatten()
            .collect();
        used.sort_unstable();
        used.dedup();
        let renumber: HashMap<u32, u32> = used
            .iter()
            .enumerate()
            .map(|(new, &old)| (old, new as u32))
            .collect();
        self.commits = used
            .iter()
            .map(|&i| self.commits[i as usize].clone())
            .collect();
        for file in self.files.values_mut() {
            file.created = file.created.map(|c| renumber[&c]);
            file.last = file.last.map(|c| renumber[&c]);
        }
    }

    fn change(&self, commit: u32) -> Change {
        let c = &self.commits[commit as usize];
        Change {
            commit: c.oid.clone(),
            date: c.date,
            author: self.authors[c.author as usize].clone(),
        }
    }

    pub fn finish(&self, head: Oid, shallow_before: Option<Date>) -> History {
        let files = self
            .files
            .iter()
            .map(|(path, file)| {
                let mut contributors: Vec<String> = file
                    .authors
                    .iter()
                    .map(|&a| self.authors[a as usize].clone())
                    .collect();
                contributors.sort();
                contributors.dedup();
                let history = FileHistory {
                    created: file
                        .created
                        .filter(|_| !file.before_boundary)
                        .map(|c| self.change(c)),
                    last_changed: file.last.map(|c| self.change(c)),
                    contributors,
                };
                (path.clone(), history)
            })
            .collect();
        History {
            head: head.to_string(),
            shallow_before,
            files,
        }
    }
}

fn git_error(error: git2::Error) -> io::Error {
    io::Error::other(format!("reading git history: {}", error.message()))
}

/// The commits where a shallow clone's history was cut off.
fn shallow_boundary(repo: &Repository) -> HashSet<Oid> {
    let text = std::fs::read_to_string(repo.commondir().join("shallow")).unwrap_or_default();
    text.lines()
        .filter_map(|line| Oid::from_str(line.trim()).ok())
        .collect()
}

/// The tree of the ops root inside a commit's tree (`None` if it does not exist there).
fn root_tree<'r>(repo: &'r Repository, tree: Tree<'r>, prefix: &str) -> Option<Tree<'r>> {
    let dir = prefix.trim_end_matches('/');
    if dir.is_empty() {
        return Some(tree);
    }
    let entry = tree.get_path(Path::new(dir)).ok()?;
    repo.find_tree(entry.id()).ok()
}

fn is_file(mode: i32) -> bool {
    matches!(mode, 0o100644 | 0o100755 | 0o100664)
}

/// Files of `new` that differ from `old` (added or modified), with their blob ids.
/// Subtrees with the same id are skipped without being read.
fn changed(
    repo: &Repository,
    new: &Tree,
    old: Option<&Tree>,
    dir: &str,
    out: &mut Vec<(String, Oid)>,
) -> Result<(), git2::Error> {
    if old.is_some_and(|old| old.id() == new.id()) {
        return Ok(());
    }
    for entry in new.iter() {
        let Ok(name) = entry.name() else { continue };
        let before = old.and_then(|old| old.get_name(name));
        let same = before
            .as_ref()
            .is_some_and(|b| b.id() == entry.id() && b.filemode() == entry.filemode());
        if same {
            continue;
        }
        match entry.kind() {
            Some(ObjectType::Blob) if is_file(entry.filemode()) => {
                out.push((format!("{dir}{name}"), entry.id()));
            }
            Some(ObjectType::Tree) => {
                let sub = repo.find_tree(entry.id())?;
                let old_sub = match &before {
                    Some(b) if b.kind() == Some(ObjectType::Tree) => Some(repo.find_tree(b.id())?),
                    _ => None,
                };
                changed(repo, &sub, old_sub.as_ref(), &format!("{dir}{name}/"), out)?;
            }
            _ => {}
        }
    }
    Ok(())
}

/// Whether `tree` holds exactly the blob `id` at `path`.
fn holds(tree: Option<&Tree>, path: &str, id: Oid) -> bool {
    tree.and_then(|t| t.get_path(Path::new(path)).ok())
        .is_some_and(|e| e.id() == id)
}

/// Walks every commit reachable from `head` (but not from the cached commit, whose
/// tally is reused) and returns the history of each file below `prefix`.
pub(super) fn history(repo: &Repository, prefix: &str, head: Oid) -> io::Result<History> {
    let boundary = shallow_boundary(repo);
    let shallow = !boundary.is_empty() || repo.is_shallow();
    let cache_file = cache::file(repo, prefix);
    let mut walk = repo.revwalk().map_err(git_error)?;
    walk.push(head).map_err(git_error)?;
    let mut tally = Tally::default();
    // A shallow clone is never cached: its boundary moves when it is deepened.
    if !shallow {
        if let Some((cached_head, cached)) = cache::read(&cache_file, prefix) {
            if cached_head == head {
                return Ok(cached.finish(head, None));
            }
            if repo.graph_descendant_of(head, cached_head).unwrap_or(false) {
                walk.hide(cached_head).map_err(git_error)?;
                tally = cached;
            }
        }
    }
    let mut shallow_before: Option<Date> = None;
    let mut paths = Vec::new();
    for oid in walk {
        let oid = oid.map_err(git_error)?;
        let commit = repo.find_commit(oid).map_err(git_error)?;
        let date = commit_date(&commit.time());
        let tree = commit.tree().ok().and_then(|t| root_tree(repo, t, prefix));
        if boundary.contains(&oid) {
            // Everything present here was created at some unknown earlier time.
            shallow_before = shallow_before.max(Some(date));
            if let Some(tree) = &tree {
                paths.clear();
                changed(repo, tree, None, "", &mut paths).map_err(git_error)?;
                for (path, _) in paths.drain(..) {
                    tally.files.entry(path).or_default().before_boundary = true;
                }
            }
            continue;
        }
        let Some(tree) = tree else { continue };
        let parents: Vec<Option<Tree>> = commit
            .parents()
            .map(|p| p.tree().ok().and_then(|t| root_tree(repo, t, prefix)))
            .collect();
        paths.clear();
        changed(
            repo,
            &tree,
            parents.first().and_then(Option::as_ref),
            "",
            &mut paths,
        )
        .map_err(git_error)?;
        // In a merge a file counts as changed only if it differs from every parent.
        if parents.len() > 1 {
            paths.retain(|(path, id)| {
                parents[1..]
                    .iter()
                    .all(|parent| !holds(parent.as_ref(), path, *id))
            });
        }
        if paths.is_empty() {
            continue;
        }
        let author = commit.author();
        let author = tally.author(
            &String::from_utf8_lossy(author.name_bytes()),
            &String::from_utf8_lossy(author.email_bytes()),
        );
        let index = tally.commits.len() as u32;
        tally.commits.push(Commit {
            oid: oid.to_string(),
            time: commit.time().seconds(),
            date,
            author,
        });
        for (path, _) in paths.drain(..) {
            tally.record(path, index);
        }
    }
    tally.compact();
    if !shallow {
        // A cache that cannot be written (read-only repository) only costs speed.
        let _ = cache::write(&cache_file, prefix, head, &tally);
    }
    Ok(tally.finish(head, shallow_before))
}

/// The calendar date of a git time, in the time zone it was recorded in.
fn commit_date(time: &git2::Time) -> Date {
    let local = time.seconds() + i64::from(time.offset_minutes()) * 60;
    jiff::Timestamp::from_second(local)
        .map(|t| t.to_zoned(jiff::tz::TimeZone::UTC).date())
        .unwrap_or_default()
}
