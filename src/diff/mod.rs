//! `opsctl diff`: what a change does to the model, not to the text. Both sides are
//! loaded (in parallel) and checked, then compared: entities, pages, capability
//! coverage and findings. Also `opsctl check --new-since`, which shares the findings
//! comparison.

pub mod coverage;
pub mod describe;
pub mod entities;
pub mod fields;
pub mod findings;
mod human;
mod json;
mod markdown;
pub mod pages;
pub mod renames;
pub mod revisions;
mod risks;
pub mod score;
pub mod sections;
pub mod summary;

use std::io::{self, Write};
use std::path::Path;

use jiff::civil::Date;

use crate::check::Outcome;
use crate::finding::Finding;
use crate::load::Repository;
use crate::report;
use crate::{Snapshot, open_at};

pub use coverage::CoverageChange;
pub use entities::{EntityChange, Presence};
pub use pages::PageChange;
pub use renames::Renames;
pub use revisions::{Sides, Version};
pub use risks::Risk;
pub use score::ScoreDelta;

/// One side of a diff, loaded and checked.
pub struct Side {
    pub version: Version,
    pub repo: Repository,
    pub outcome: Outcome,
    /// The Execution Score of this side (cheap: it reads only the model).
    pub score: crate::score::Score,
}

impl Side {
    fn checked(&self) -> findings::Checked<'_> {
        findings::Checked {
            repo: &self.repo,
            outcome: &self.outcome,
        }
    }
}

fn side(root: &Path, version: &Version, today: Date) -> io::Result<Side> {
    let repo = open_at(root, &version.snapshot)?;
    let outcome = crate::check(&repo, today);
    let score = crate::score::compute(&repo, today);
    Ok(Side {
        version: version.clone(),
        repo,
        outcome,
        score,
    })
}

/// Loads and checks both sides, and asks git for renamed pages, all at once.
pub fn load(root: &Path, sides: &Sides, today: Date) -> io::Result<(Side, Side, Renames)> {
    let ((base, head), renames) = rayon::join(
        || {
            rayon::join(
                || side(root, &sides.base, today),
                || side(root, &sides.head, today),
            )
        },
        || match &sides.base.commit {
            Some(commit) => renames::detect(root, commit, &sides.head.snapshot),
            None => Ok(Renames::new()),
        },
    );
    Ok((base?, head?, renames?))
}

/// Everything that differs between two sides.
pub struct Changes<'a> {
    pub base: &'a Side,
    pub head: &'a Side,
    pub entities: Vec<EntityChange>,
    pub pages: Vec<PageChange>,
    pub coverage: Vec<CoverageChange>,
    /// Findings of the head that the base did not have.
    pub introduced: Vec<&'a Finding>,
    /// Findings of the base that the head no longer has.
    pub resolved: Vec<&'a Finding>,
    /// The Execution Score on both sides, when it moved (see [`score`]).
    pub score: Option<ScoreDelta>,
}

impl Changes<'_> {
    pub fn is_empty(&self) -> bool {
        self.entities.is_empty()
            && self.pages.is_empty()
            && self.coverage.is_empty()
            && self.introduced.is_empty()
            && self.resolved.is_empty()
    }
}

/// Compares two loaded sides.
pub fn compare<'a>(base: &'a Side, head: &'a Side, renames: &Renames) -> Changes<'a> {
    let ((entities, pages), (coverage, found)) = rayon::join(
        || {
            rayon::join(
                || entities::compare(&base.repo.model, &head.repo.model),
                || pages::compare(&base.repo, &head.repo, renames),
            )
        },
        || {
            rayon::join(
                || coverage::compare(&base.repo.model, &head.repo.model),
                || findings::compare(base.checked(), head.checked(), renames),
            )
        },
    );
    Changes {
        base,
        head,
        entities,
        pages,
        coverage,
        introduced: found.introduced,
        resolved: found.resolved,
        score: score::delta(base, head),
    }
}

/// `check --new-since REV`: the repository as of `snapshot`, and an outcome holding
/// only the findings that `rev` did not have (matched as `opsctl diff` matches them).
pub fn new_since(
    root: &Path,
    snapshot: &Snapshot,
    rev: &str,
    today: Date,
) -> io::Result<(Repository, Outcome)> {
    let repo = crate::source::open_git(root)?;
    let commit = revisions::commit_of(&repo, rev)?;
    drop(repo);
    let sides = Sides {
        base: Version::commit(rev, commit),
        head: Version::of(snapshot),
    };
    let (base, head, renames) = load(root, &sides, today)?;
    let introduced: Vec<Finding> = findings::compare(base.checked(), head.checked(), &renames)
        .introduced
        .into_iter()
        .cloned()
        .collect();
    Ok((
        head.repo,
        Outcome {
            findings: introduced,
        },
    ))
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// For a terminal: risky changes first, then everything else.
    Human,
    /// A pull-request comment: a summary line, then sections, risky changes first.
    Markdown,
    /// opsctl's own versioned JSON document.
    Json,
}

/// How to write paths and whether to colour.
pub struct View {
    /// Prepended to repository paths so they are relative to where opsctl was run.
    pub path_prefix: String,
    pub color: bool,
    pub today: Date,
}

impl View {
    /// A finding's side as the check's reporters see it, to place findings in files.
    fn report<'a>(&self, side: &'a Side) -> report::Context<'a> {
        report::Context {
            repo: &side.repo,
            outcome: &side.outcome,
            today: self.today,
            path_prefix: self.path_prefix.clone(),
            color: false,
            width: 100,
        }
    }
}

pub fn write(
    format: Format,
    changes: &Changes,
    view: &View,
    out: &mut dyn Write,
) -> io::Result<()> {
    match format {
        Format::Human => human::write(changes, view, out),
        Format::Markdown => markdown::write(changes, view, out),
        Format::Json => json::write(changes, view, out),
    }
}
