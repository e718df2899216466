//! Incremental rebuilds. The repository is loaded and checked again in full (parallel,
//! and a fraction of rendering), then every page's inputs are hashed, and only pages
//! whose hash differs from the one they were last rendered from are rendered; the
//! shared scripts (navigation, search index) are regenerated. What changed is what
//! differs from the published site, byte for byte.

use std::collections::HashMap;
use std::io::Write;
use std::path::PathBuf;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

use super::findings::{self, Seen};
use super::routes::Published;
use crate::finding::Finding;
use crate::report;
use crate::site::{self, Reuse};

/// Rules whose findings mean a file could not be read at all: its entities or page
/// are missing from the model, so its rebuild would be wrong, not just flagged.
const BROKEN: &[&str] = &["syntax", "unreadable"];

/// Remembers what the published site was rendered from.
pub struct Rebuilder {
    root: PathBuf,
    today: Option<String>,
    color: bool,
    path_prefix: String,
    /// The hash of each page's inputs, as last rendered.
    keys: HashMap<String, u64>,
    /// Each Markdown page's search words, as last rendered.
    words: HashMap<String, String>,
    seen: Seen,
    /// The output directory from the last loaded `opsctl.toml`.
    pub out_dir: String,
}

/// What a rebuild produced.
pub enum Rebuilt {
    /// A new site to publish, the site paths that differ from the previous one, and
    /// what to show in the overlay (a first build is published even when broken).
    Site(Published, Vec<String>, Option<String>),
    /// The rebuild cannot be shown; the report says why.
    Broken(String),
}

/// The [`Reuse`] a render consults: the previous keys, and the keys seen this time.
struct Cache<'a> {
    keys: &'a HashMap<String, u64>,
    words: &'a HashMap<String, String>,
    fresh: Mutex<Vec<(String, u64)>>,
}

impl Reuse for Cache<'_> {
    fn unchanged(&self, url: &str, key: u64) -> bool {
        self.fresh
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .push((url.to_string(), key));
        self.keys.get(url) == Some(&key)
    }

    fn words(&self, url: &str) -> String {
        self.words.get(url).cloned().unwrap_or_default()
    }
}

impl Rebuilder {
    pub fn new(root: PathBuf, today: Option<String>, color: bool, path_prefix: String) -> Self {
        Rebuilder {
            root,
            today,
            color,
            path_prefix,
            keys: HashMap::new(),
            words: HashMap::new(),
            seen: Seen::default(),
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
        let repo = match crate::open(&self.root) {
            Ok(repo) => repo,
            Err(err) => return self.fail(format!("cannot read the repository: {err}"), log),
        };
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
        let cache = Cache {
            keys: &self.keys,
            words: &self.words,
            fresh: Mutex::new(Vec::new()),
        };
        let rendered = match site::render_in_memory(&repo, &outcome, today, &cache) {
            Ok(rendered) => rendered,
            Err(err) => return self.fail(err, log),
        };
        let fresh: HashMap<String, u64> = cache
            .fresh
            .into_inner()
            .unwrap_or_else(PoisonError::into_inner)
            .into_iter()
            .collect();
        let mut files = HashMap::with_capacity(rendered.files.len());
        let mut changed = Vec::new();
        let mut rendered_count = 0;
        for (path, bytes) in rendered.files {
            let old = current.files.get(&path);
            let key = fresh.get(&path);
            let reused = key.is_some() && self.keys.get(&path) == key;
            let bytes: Arc<[u8]> = match (reused, old) {
                (true, Some(old)) => Arc::clone(old),
                (true, None) => {
                    // Keys and pages are kept together, so this cannot happen; if it
                    // did, rendering everything again is the safe answer.
                    self.keys.clear();
                    return self.rebuild(current, touched, log);
                }
                (false, _) => {
                    rendered_count += usize::from(key.is_some());
                    Arc::from(bytes)
                }
            };
            if old.is_none_or(|old| **old != *bytes) {
                changed.push(path.clone());
            }
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
        self.keys = fresh;
        self.words = rendered.words;
        let rendered = rendered.pages;
        let first = current.files.is_empty();
        let delta = self.seen.update(&repo, &outcome);
        let _ = findings::print(&cx, &delta, first, log);
        // The first build is published even when broken: there is no good one to keep.
        let overlay = (!broken.is_empty()).then(|| self.report_broken(&cx, broken, log));
        let took = started.elapsed().as_millis();
        let _ = if first {
            writeln!(log, "built {rendered} pages in {took} ms")
        } else {
            writeln!(
                log,
                "{}",
                timing(&changed, rendered_count, self.keys.len(), loaded, took)
            )
        };
        let generation = current.generation + u64::from(!changed.is_empty());
        Rebuilt::Site(
            Published {
                generation,
                files,
                linked,
            },
            changed,
            overlay,
        )
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
