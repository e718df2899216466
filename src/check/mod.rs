//! Runs every rule over a loaded repository and applies rule levels and waivers.

mod coverage;
pub mod explanations;
mod goals;
mod ids;
mod kpis;
mod levels;
mod links;
mod owners;
mod pages;
mod refs;
pub mod rules;

/// How many days a KPI reading stays current for its cadence (shared with the score).
pub(crate) use kpis::{allowed_age, is_stale as kpi_is_stale};
/// Resolves a link written in a page to a repository path (shared with the site).
pub use links::{local_target as link_target, resolve as resolve_link};
mod values;

use std::ops::Range;

use jiff::civil::Date;
use rayon::prelude::*;

use crate::finding::{Finding, Level, Location};
use crate::load::{FileId, Repository};
use crate::model::{Index, Model, Page};

/// What the rules share: the model, its indexes, today, and the findings so far.
pub struct Cx<'a> {
    pub repo: &'a Repository,
    pub model: &'a Model,
    pub index: &'a Index,
    pub today: Date,
    pub findings: Vec<Finding>,
}

impl<'a> Cx<'a> {
    pub fn at(&self, file: FileId, span: &Range<usize>) -> Location {
        Location::new(file, span.clone())
    }

    pub fn push(&mut self, finding: Finding) {
        self.findings.push(finding);
    }

    /// Adds what `look` finds in each page (it pushes onto the list it is given),
    /// the pages looked at side by side on all threads (a large handbook has tens of
    /// thousands) and their findings kept in the pages' order.
    pub fn each_page(&mut self, look: impl Fn(&Cx<'a>, &'a Page, &mut Vec<Finding>) + Sync) {
        let shared: &Cx<'a> = self;
        let pages: &'a [Page] = &self.model.pages;
        let found: Vec<Finding> = (pages.par_iter())
            .flat_map_iter(|page| {
                let mut found = Vec::new();
                look(shared, page, &mut found);
                found
            })
            .collect();
        self.findings.extend(found);
    }
}

/// The findings of a check, in a stable order (file, position, rule).
pub struct Outcome {
    pub findings: Vec<Finding>,
}

impl Outcome {
    pub fn count(&self, level: Level) -> usize {
        self.findings.iter().filter(|f| f.level == level).count()
    }

    /// How many distinct files have findings.
    pub fn files(&self) -> usize {
        let mut files: Vec<FileId> = self.findings.iter().map(|f| f.location.file).collect();
        files.sort_unstable();
        files.dedup();
        files.len()
    }
}

/// Checks `repo` as of `today`.
pub fn check(repo: &Repository, today: Date) -> Outcome {
    let model = &repo.model;
    let index = model.index();
    let cx = |findings| Cx {
        repo,
        model,
        index: &index,
        today,
        findings,
    };
    // The rules only add findings, so the page rules and the link rules (the costly
    // ones on a large handbook) run beside the others, each group into its own list;
    // the lists are joined in the order the rules are listed here.
    let run = |rules: &[fn(&mut Cx)]| {
        let mut group = cx(Vec::new());
        for rule in rules {
            rule(&mut group);
        }
        group.findings
    };
    let (entities, (pages, links)) = rayon::join(
        || {
            run(&[
                values::check,
                ids::check,
                owners::check,
                refs::check,
                goals::check,
                coverage::check,
                kpis::check,
            ])
        },
        || rayon::join(|| run(&[pages::check]), || run(&[links::check])),
    );
    let mut all = cx(repo.findings.clone());
    all.findings
        .extend(entities.into_iter().chain(pages).chain(links));
    let mut findings = levels::apply(&mut all);
    findings.sort_by(|a, b| {
        let fa = &repo.files[a.location.file];
        let fb = &repo.files[b.location.file];
        (
            fa.path.as_str(),
            fa.real_span(&a.location.span).start,
            a.rule,
            &a.message,
        )
            .cmp(&(
                fb.path.as_str(),
                fb.real_span(&b.location.span).start,
                b.rule,
                &b.message,
            ))
    });
    findings.dedup();
    Outcome { findings }
}
