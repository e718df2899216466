//! The Execution Score over git history: the last commit of each period (a month
//! by default) on the first-parent line of a revision, each scored as of the end
//! of its period.

use std::io;
use std::path::Path;

use jiff::civil::Date;
use rayon::prelude::*;
use serde::Serialize;

use super::{Score, compute};
use crate::model::value::Period;

/// The score of one sampled commit.
#[derive(Debug, Clone, Serialize)]
pub struct Sample {
    /// The day the score is taken as of: the end of the period, or today for the current one.
    pub date: String,
    pub commit: String,
    /// The commit's own date (committer time, in its own offset).
    pub committed: String,
    pub score: Score,
}

/// A trend of scores, oldest first.
#[derive(Debug, Clone, Serialize)]
pub struct Series {
    pub samples: Vec<Sample>,
    /// The clone holds only part of the history (CI often fetches one commit).
    pub shallow: bool,
}

/// The last commit of each period on the first-parent line of `rev`, newest first,
/// with the day each is scored as of. Commits dated after `today` are left out;
/// with `limit`, only the newest `limit` periods are kept and the walk stops there.
fn sample_commits(
    repo: &git2::Repository,
    rev: &str,
    every: Period,
    today: Date,
    limit: Option<usize>,
) -> Result<Vec<(git2::Oid, Date, Date)>, git2::Error> {
    let head = repo.revparse_single(rev)?.peel_to_commit()?;
    let mut walk = repo.revwalk()?;
    walk.push(head.id())?;
    walk.simplify_first_parent()?;
    let mut samples: Vec<(git2::Oid, Date, Date)> = Vec::new();
    let mut seen = std::collections::HashSet::new();
    for oid in walk {
        let oid = oid?;
        let commit = repo.find_commit(oid)?;
        let time = commit.committer().when();
        let Some(committed) = commit_date(time) else {
            continue;
        };
        if committed > today {
            continue;
        }
        let (period, _, last) = every.holding(committed);
        if seen.contains(&period) {
            continue;
        }
        if limit.is_some_and(|n| samples.len() >= n) {
            break;
        }
        seen.insert(period);
        samples.push((oid, committed, last.min(today)));
    }
    Ok(samples)
}

/// The calendar day of a git time, in the offset it was recorded with.
fn commit_date(time: git2::Time) -> Option<Date> {
    let offset = jiff::tz::Offset::from_seconds(time.offset_minutes() * 60).ok()?;
    let stamp = jiff::Timestamp::from_second(time.seconds()).ok()?;
    Some(stamp.to_zoned(jiff::tz::TimeZone::fixed(offset)).date())
}

/// Scores the ops repository at `root` at the last commit of each period of `rev`'s
/// first-parent history. Revisions in which the root holds no files yet are skipped.
pub fn history(
    root: &Path,
    rev: &str,
    every: Period,
    today: Date,
    limit: Option<usize>,
) -> io::Result<Series> {
    let repo = git2::Repository::discover(root).map_err(|e| {
        io::Error::new(
            io::ErrorKind::NotFound,
            format!(
                "the score's history needs git, and {} is not in a git repository: {}",
                root.display(),
                e.message()
            ),
        )
    })?;
    let commits = sample_commits(&repo, rev, every, today, limit).map_err(|e| {
        io::Error::other(format!("reading the history of `{rev}`: {}", e.message()))
    })?;
    let shallow = repo.is_shallow();
    drop(repo);
    let scored: Vec<Option<Sample>> = commits
        .par_iter()
        .map(|(oid, committed, date)| {
            let snapshot = crate::Snapshot::Revision(oid.to_string());
            // A past revision is only scored: its pages' texts can go once parsed.
            let reading = crate::load::Reading {
                renderer: None,
                release_texts: true,
            };
            let loaded = crate::open_reading(root, &snapshot, reading)?;
            if loaded.files.is_empty() {
                return Ok(None);
            }
            Ok(Some(Sample {
                date: date.to_string(),
                commit: oid.to_string(),
                committed: committed.to_string(),
                score: compute(&loaded, *date),
            }))
        })
        .collect::<io::Result<_>>()?;
    let mut samples: Vec<Sample> = scored.into_iter().flatten().collect();
    samples.reverse();
    Ok(Series { samples, shallow })
}
