//! The single revision walk: every commit once, its tree compared with its parents'
//! (skipping identical subtrees by id), tallied per file.

use std::collections::{HashMap, HashSet};
use std::io;

use git2::{Odb, Oid, Repository};
use jiff::civil::Date;
use serde::{Deserialize, Serialize};

use super::tree::{self, RawTree};
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
    pub authors: Vec<Author>,
    pub files: HashMap<String, FileTally>,
    /// Author index by identity, rebuilt from `authors` after reading a cache.
    #[serde(skip)]
    author_ids: HashMap<String, u32>,
}

/// Someone who authored a change: identified by e-mail address (case-insensitive),
/// else by name; shown by name.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(super) struct Author {
    key: String,
    name: String,
}

impl Tally {
    /// Rebuilds the lookup from author identity to index after reading a cache.
    pub fn reindex(&mut self) {
        self.author_ids = self
            .authors
            .iter()
            .enumerate()
            .map(|(i, a)| (a.key.clone(), i as u32))
            .collect();
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
        self.authors.push(Author {
            key: key.clone(),
            name: name.to_string(),
        });
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
            time: c.time,
            author: self.authors[c.author as usize].name.clone(),
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
                    .map(|&a| self.authors[a as usize].name.clone())
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

/// What one commit did to the files below the ops root.
struct Visit {
    oid: Oid,
    time: i64,
    date: Date,
    author: (String, String),
    /// A shallow clone's boundary: `paths` are the files that existed there.
    boundary: bool,
    paths: Vec<String>,
}

/// Compares one commit with its parents.
fn visit(
    repo: &Repository,
    odb: &Odb,
    oid: Oid,
    prefix: &str,
    boundary: bool,
) -> Result<Visit, git2::Error> {
    let commit = repo.find_commit(oid)?;
    let author = commit.author();
    let mut visit = Visit {
        oid,
        time: commit.time().seconds(),
        date: commit_date(&commit.time()),
        author: (
            String::from_utf8_lossy(author.name_bytes()).into_owned(),
            String::from_utf8_lossy(author.email_bytes()).into_owned(),
        ),
        boundary,
        paths: Vec::new(),
    };
    let root_of = |tree: Oid| {
        RawTree::read(odb, tree)
            .ok()
            .and_then(|t| tree::subtree(odb, t, prefix))
    };
    let Some(root) = root_of(commit.tree_id()) else {
        return Ok(visit);
    };
    let mut found: Vec<(String, Oid)> = Vec::new();
    let mut record = |path: &[u8], id: Oid| {
        found.push((String::from_utf8_lossy(path).into_owned(), id));
    };
    if boundary {
        // Everything present here was created at some unknown earlier time.
        tree::changed(odb, &root, None, &mut Vec::new(), &mut record)?;
    } else {
        let parents: Vec<Option<RawTree>> =
            commit.parents().map(|p| root_of(p.tree_id())).collect();
        let first = parents.first().and_then(Option::as_ref);
        tree::changed(odb, &root, first, &mut Vec::new(), &mut record)?;
        // In a merge a file counts as changed only if it differs from every parent.
        if parents.len() > 1 {
            found.retain(|(path, id)| {
                parents[1..].iter().all(|parent| {
                    parent
                        .as_ref()
                        .and_then(|p| tree::lookup(odb, p, path.as_bytes()))
                        != Some(*id)
                })
            });
        }
    }
    visit.paths = found.into_iter().map(|(path, _)| path).collect();
    Ok(visit)
}

/// Visits the commits on every core, each thread with its own repository handle
/// (a git2 repository may not be shared between threads).
fn visit_all(
    repo: &Repository,
    commits: &[Oid],
    prefix: &str,
    boundary: &HashSet<Oid>,
) -> Result<Vec<Visit>, git2::Error> {
    use rayon::prelude::*;
    let path = repo.path().to_path_buf();
    let chunk = commits
        .len()
        .div_ceil(rayon::current_num_threads() * 8)
        .max(64);
    let visits: Result<Vec<Vec<Visit>>, git2::Error> = commits
        .par_chunks(chunk)
        .map(|oids| {
            let repo = Repository::open(&path)?;
            let odb = repo.odb()?;
            oids.iter()
                .map(|&oid| visit(&repo, &odb, oid, prefix, boundary.contains(&oid)))
                .collect()
        })
        .collect();
    Ok(visits?.into_iter().flatten().collect())
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
    let commits: Vec<Oid> = walk.collect::<Result<_, _>>().map_err(git_error)?;
    let mut shallow_before: Option<Date> = None;
    for visit in visit_all(repo, &commits, prefix, &boundary).map_err(git_error)? {
        if visit.boundary {
            shallow_before = shallow_before.max(Some(visit.date));
            for path in visit.paths {
                tally.files.entry(path).or_default().before_boundary = true;
            }
            continue;
        }
        if visit.paths.is_empty() {
            continue;
        }
        let author = tally.author(&visit.author.0, &visit.author.1);
        let index = tally.commits.len() as u32;
        tally.commits.push(Commit {
            oid: visit.oid.to_string(),
            time: visit.time,
            date: visit.date,
            author,
        });
        for path in visit.paths {
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
