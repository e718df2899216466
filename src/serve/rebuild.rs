//! Incremental rebuilds. The repository is loaded and checked again in full (parallel,
//! and a fraction of rendering), then every page's inputs are hashed, and only pages
//! whose hash differs from the one they were last rendered from are rendered; the
//! shared scripts (navigation, search index) are regenerated. What changed is what
//! differs from the published site, byte for byte.

use std::collections::HashMap;
use std::io::Write;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};

use super::findings::{self, Seen};
use super::routes::Published;
use crate::finding::Finding;
use crate::load::Repository;
use crate::report;
use crate::site::{self, Kept};

/// Rules whose findings mean a file could not be read at all: its entities or page
/// are missing from the model, so its rebuild would be wrong, not just flagged.
const BROKEN: &[&str] = &["syntax", "unreadable"];

/// Remembers what the published site was rendered from.
pub struct Rebuilder {
    root: PathBuf,
    today: Option<String>,
    color: bool,
    path_prefix: String,
    /// What the published site was rendered from.
    kept: Kept,
    seen: Seen,
    /// What the last load parsed, reused for files that have not changed since.
    parsed: crate::load::LoadCache,
    /// The page history of the last rebuild, kept while `HEAD` stays where it was.
    history: Option<std::sync::Arc<crate::history::History>>,
    /// The output directory from the last loaded `opsctl.toml`.
    pub out_dir: String,
}

/// What a rebuild produced.
pub enum Rebuilt {
    /// A new site to publish, the site paths that differ from the previous one, and
    /// what it was built from, to report once it is published.
    Site(Published, Vec<String>, Box<Checked>),
    /// The rebuild cannot be shown; the report says why.
    Broken(String),
}

/// The model a rebuild checked and rendered, kept for its report, which waits until the
/// site is published (the report, and dropping a large model, take a while).
pub struct Checked {
    repo: Repository,
    outcome: crate::check::Outcome,
    today: jiff::civil::Date,
    first: bool,
    broken: Vec<Finding>,
    /// The line that closes the report: "built …" or "rebuilt: …".
    summary: String,
}

impl Rebuilder {
    pub fn new(root: PathBuf, today: Option<String>, color: bool, path_prefix: String) -> Self {
        Rebuilder {
            root,
            today,
            color,
            path_prefix,
            kept: Kept::default(),
            seen: Seen::default(),
            parsed: crate::load::LoadCache::default(),
            history: None,
            out_dir: String::new(),
        }
    }

    /// Rebuilds against `current` (the published site); `touched` are the repository
    /// paths that changed, for linked files, which are served from the repository.
    pub fn rebuild(
        &mut self,
        current: &Published,
        touched: &[String],
        log: &mut dyn Write,
    ) -> Rebuilt {
        let started = Instant::now();
        let today = match crate::today(self.today.as_deref()) {
            Ok(today) => today,
            Err(err) => return self.fail(err, log),
        };
        let mut repo = match crate::open_reusing(
            &self.root,
            Some(&mut self.parsed),
            Some(&crate::site::PageBodies),
        ) {
            Ok(repo) => repo,
            Err(err) => return self.fail(format!("cannot read the repository: {err}"), log),
        };
        // Page history as `build` shows it, read again only after a new commit.
        let head = crate::history::head_commit(&self.root);
        match &self.history {
            Some(kept) if head.as_deref() == Some(kept.head.as_str()) => {
                repo.history = Some(kept.clone());
            }
            _ => {
                let _ = crate::attach_history(&mut repo, &crate::Snapshot::WorkTree);
                self.history = repo.history.clone();
            }
        }
        self.out_dir = repo.config.out_dir().to_string();
        let outcome = crate::check(&repo, today);
        let loaded = started.elapsed();
        let cx = report::Context {
            repo: &repo,
            outcome: &outcome,
            today,
            path_prefix: self.path_prefix.clone(),
            color: self.color,
            width: 100,
        };
        let broken: Vec<Finding> = outcome
            .findings
            .iter()
            .filter(|f| BROKEN.contains(&f.rule))
            .cloned()
            .collect();
        if !broken.is_empty() && !current.files.is_empty() {
            return Rebuilt::Broken(self.report_broken(&cx, broken, log));
        }
        let rendered = match site::render_in_memory(&repo, &outcome, today, &self.kept) {
            Ok(rendered) => rendered,
            Err(err) => return self.fail(err, log),
        };
        let fresh = rendered.keys;
        let mut files = HashMap::with_capacity(rendered.files.len());
        let mut changed = Vec::new();
        let mut rendered_count = 0;
        for (path, bytes) in rendered.files {
            let old = current.files.get(&path);
            let key = fresh.get(&path);
            let reused = key.is_some() && self.kept.keys.get(&path) == key;
            let bytes = match (reused, old) {
                (true, Some(old)) => Arc::clone(old),
                (true, None) => {
                    // Keys and pages are kept together, so this cannot happen; if it
                    // did, rendering everything again is the safe answer.
                    self.kept.keys.clear();
                    return self.rebuild(current, touched, log);
                }
                (false, Some(old)) if **old == bytes => Arc::clone(old),
                (false, _) => {
                    rendered_count += usize::from(key.is_some());
                    changed.push(path.clone());
                    Arc::new(bytes)
                }
            };
            files.insert(path, bytes);
        }
        changed.extend(
            current
                .files
                .keys()
                .filter(|p| !files.contains_key(*p))
                .cloned(),
        );
        let linked: HashMap<String, String> = rendered.linked.into_iter().collect();
        changed.extend(
            linked
                .iter()
                .filter(|(_, repo_path)| touched.contains(repo_path))
                .map(|(site_path, _)| site_path.clone()),
        );
        changed.sort();
        self.kept = Kept {
            keys: fresh,
            words: rendered.words,
            search_entries: rendered.search_entries,
        };
        let first = current.files.is_empty();
        let took = started.elapsed().as_millis();
        let summary = if first {
            format!("built {} pages in {took} ms", rendered.pages)
        } else {
            // One key is the generated pages' gate, not a page.
            let pages = self.kept.keys.len().saturating_sub(1);
            timing(&changed, rendered_count, pages, loaded, took)
        };
        let generation = current.generation + u64::from(!changed.is_empty());
        let site = Published {
            generation,
            files,
            linked,
        };
        let checked = Checked {
            repo,
            outcome,
            today,
            first,
            broken,
            summary,
        };
        Rebuilt::Site(site, changed, Box::new(checked))
    }

    /// After a rebuild is published: prints the findings that changed, what keeps the
    /// site from being right (returned for the overlay), and the rebuild's timing; then
    /// lets the model go.
    pub fn report(&mut self, checked: Box<Checked>, log: &mut dyn Write) -> Option<String> {
        let cx = report::Context {
            repo: &checked.repo,
            outcome: &checked.outcome,
            today: checked.today,
            path_prefix: self.path_prefix.clone(),
            color: self.color,
            width: 100,
        };
        let delta = self.seen.update(&checked.repo, &checked.outcome);
        let _ = findings::print(&cx, &delta, checked.first, log);
        // The first build is published even when broken: there is no good one to keep.
        let broken = checked.broken;
        let overlay = (!broken.is_empty()).then(|| self.report_broken(&cx, broken, log));
        let _ = writeln!(log, "{}", checked.summary);
        overlay
    }

    /// A rebuild that failed as a whole (unreadable root, a template that does not render).
    fn fail(&self, message: String, log: &mut dyn Write) -> Rebuilt {
        let red = findings::style(self.color, anstyle::AnsiColor::Red);
        let _ = writeln!(
            log,
            "{red}not rebuilt{red:#}: {message}; serving the last good site until this is fixed"
        );
        Rebuilt::Broken(message)
    }

    /// Prints what stops the rebuild and returns it as the overlay shows it (no colour).
    fn report_broken(
        &self,
        cx: &report::Context,
        broken: Vec<Finding>,
        log: &mut dyn Write,
    ) -> String {
        let outcome = crate::check::Outcome { findings: broken };
        let mut shown = findings::only(cx, &outcome);
        let _ = report::write_human_findings(&shown, log);
        let red = findings::style(self.color, anstyle::AnsiColor::Red);
        let _ = writeln!(
            log,
            "{red}not rebuilt{red:#}: serving the last good site until this is fixed"
        );
        shown.color = false;
        let mut text = Vec::new();
        let _ = report::write_human_findings(&shown, &mut text);
        String::from_utf8_lossy(&text).into_owned()
    }
}

/// "rebuilt: 2 files changed (1 of 2,150 pages rendered) in 212 ms, 180 ms loading and
/// checking: assets/search-index.js, sops/a.html"
fn timing(
    changed: &[String],
    rendered: usize,
    pages: usize,
    loaded: Duration,
    took: u128,
) -> String {
    let mut names: Vec<&str> = changed.iter().take(5).map(String::as_str).collect();
    if changed.len() > names.len() {
        names.push("…");
    }
    format!(
        "rebuilt: {} {} changed ({rendered} of {pages} pages rendered) in {took} ms, {} ms loading and checking{}{}",
        changed.len(),
        if changed.len() == 1 { "file" } else { "files" },
        loaded.as_millis(),
        if names.is_empty() { "" } else { ": " },
        names.join(", ")
    )
}
