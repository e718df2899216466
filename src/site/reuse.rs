//! Incremental rendering for `opsctl serve`: each page's key is the hash of everything
//! its template receives, and a page whose key is the one it was last rendered from is
//! not rendered again. Generated pages are first gated as a whole by the hash of what
//! they can read (entity files, page paths, titles and front matter, findings, today,
//! templates), so an edit to a page's body does not even build their data.

use std::collections::HashMap;
use std::collections::HashSet;
use std::hash::{BuildHasher, Hash, Hasher};
use std::sync::{Arc, Mutex, PoisonError};

use jiff::civil::Date;
use minijinja::Environment;
use rayon::prelude::*;
use serde_json::Value;

use super::{Site, SiteFile, assets, linked_files, search, sections, templates, urls};
use crate::check::Outcome;
use crate::load::Repository;

/// What serve already rendered.
pub trait Reuse: Sync {
    /// The key the page at `url` was last rendered from, if it was.
    fn key(&self, url: &str) -> Option<u64>;
    /// The search words of a Markdown page, as last rendered.
    fn words(&self, url: &str) -> String;
    /// A Markdown page's entry in the search index, as last returned.
    fn search_entry(&self, url: &str) -> Option<Arc<str>>;
}

/// What a caller keeps from one render to the next: the simplest [`Reuse`].
#[derive(Default)]
pub struct Kept {
    pub keys: HashMap<String, u64>,
    pub words: HashMap<String, String>,
    pub search_entries: HashMap<String, Arc<str>>,
}

impl Reuse for Kept {
    fn key(&self, url: &str) -> Option<u64> {
        self.keys.get(url).copied()
    }

    fn words(&self, url: &str) -> String {
        self.words.get(url).cloned().unwrap_or_default()
    }

    fn search_entry(&self, url: &str) -> Option<Arc<str>> {
        self.search_entries.get(url).cloned()
    }
}

/// A site rendered into memory by [`render_in_memory`].
pub struct InMemory {
    /// Every page and asset; pages whose key is unchanged have no bytes.
    pub files: Vec<SiteFile>,
    /// The key of every page (and of the generated pages' gate, under `""`).
    pub keys: HashMap<String, u64>,
    /// The search words of every Markdown page, by URL.
    pub words: HashMap<String, String>,
    /// Every Markdown page's entry in the search index, by URL.
    pub search_entries: HashMap<String, Arc<str>>,
    /// Files pages link to (images, attachments), as site path and repository path.
    pub linked: Vec<(String, String)>,
    pub pages: usize,
}

/// Where the generated pages' gate keeps its key: no page has an empty URL.
const GATE: &str = "";

/// Renders `repo` into memory, for `opsctl serve`: pages whose inputs are unchanged
/// since `reuse` saw them are not rendered again, and linked files are named, not read.
pub fn render_in_memory(
    repo: &Repository,
    outcome: &Outcome,
    today: Date,
    reuse: &dyn Reuse,
) -> Result<InMemory, String> {
    let (mut site, pages, extra_css) = Site::new(repo, outcome, today, &[], Some(reuse))?;
    let (rendered, generated) = rayon::join(
        || {
            pages
                .par_iter()
                .filter(|(_, url)| url != "index.html")
                .map(|(page, url)| site.page(*page, url, None).map(|page| (url.clone(), page)))
                .collect::<Result<Vec<_>, String>>()
        },
        || sections::render_all(&site, &pages, |url, html| Ok((url, html))),
    );
    let mut files = Vec::new();
    let mut words = HashMap::new();
    for (url, (html, text)) in rendered? {
        files.push((url.clone(), html));
        words.insert(url, text);
    }
    let page_count = files.len();
    files.extend(generated?);
    // A page's entry is kept when its inputs and every entity's name are unchanged.
    let search_entries: HashMap<String, Arc<str>> = pages
        .par_iter()
        .map(|(i, url)| {
            let kept = site.memo.as_ref().and_then(|m| m.search_entry(url));
            let entry = kept.unwrap_or_else(|| {
                let text = words.get(url).map_or("", String::as_str);
                Arc::from(search::page_entry(&site, *i, url, text))
            });
            (url.clone(), entry)
        })
        .collect();
    let entities = search::entity_entries(&site);
    let in_order = pages.iter().map(|(_, url)| &*search_entries[url]);
    let index = search::assemble(in_order.chain(entities.iter().map(String::as_str)));
    files.push(("assets/search-index.js".into(), index.into_bytes()));
    for (path, text) in assets(&site, extra_css)? {
        files.push((path, text.into_bytes()));
    }
    let linked = linked_files(repo)
        .into_iter()
        .map(|target| (urls::site_path(&target), target))
        .collect();
    let keys = site.memo.take().map(Memo::into_keys).unwrap_or_default();
    Ok(InMemory {
        files,
        keys,
        words,
        search_entries,
        linked,
        pages: page_count,
    })
}

/// The keys of one render, and what they are compared with.
pub struct Memo<'a> {
    reuse: &'a dyn Reuse,
    /// The hash of what every page shares: the common values and the templates.
    shared: u64,
    /// Whether nothing a generated page can read has changed.
    gate_open: bool,
    keys: Mutex<Vec<(String, u64)>>,
    /// The pages whose key is the one they were last rendered from.
    same: Mutex<HashSet<String>>,
}

impl<'a> Memo<'a> {
    pub fn new(
        reuse: &'a dyn Reuse,
        repo: &Repository,
        outcome: &Outcome,
        today: Date,
        env: &Environment,
        common: &Value,
    ) -> Self {
        let mut hasher = hasher();
        hash_json(&mut hasher, common);
        for (name, _) in templates::DEFAULTS {
            if let Ok(template) = env.get_template(name) {
                template.source().hash(&mut hasher);
            }
        }
        let shared = hasher.finish();
        let gate = generated_inputs(repo, outcome, today, shared);
        Memo {
            reuse,
            shared,
            gate_open: reuse.key(GATE) == Some(gate),
            keys: Mutex::new(vec![(GATE.to_string(), gate)]),
            same: Mutex::new(HashSet::new()),
        }
    }

    fn record(&self, url: &str, key: u64) -> bool {
        self.keys
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .push((url.to_string(), key));
        let same = self.reuse.key(url) == Some(key);
        if same {
            self.same
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
                .insert(url.to_string());
        }
        same
    }

    /// A page's search entry as last built, when nothing it shows can have changed: the
    /// page's own inputs (title, headings, words, front matter) and entity names.
    pub fn search_entry(&self, url: &str) -> Option<Arc<str>> {
        let same = self
            .same
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .contains(url);
        if self.gate_open && same {
            self.reuse.search_entry(url)
        } else {
            None
        }
    }

    /// Whether the page at `url` was last rendered from these very inputs.
    pub fn unchanged(
        &self,
        template: &str,
        url: &str,
        title: &str,
        data: &minijinja::Value,
        body: &str,
    ) -> bool {
        let mut hasher = hasher();
        (self.shared, template, url, title, body).hash(&mut hasher);
        hash_value(&mut hasher, data);
        self.record(url, hasher.finish())
    }

    /// Whether the generated page at `url` can be kept without building its data. The
    /// home page is always built: it shows the body of the repository's `index.md`.
    pub fn keeps(&self, url: &str) -> bool {
        if !self.gate_open || url == "index.html" {
            return false;
        }
        match self.reuse.key(url) {
            Some(key) => self.record(url, key),
            None => false,
        }
    }

    pub fn words(&self, url: &str) -> String {
        self.reuse.words(url)
    }

    fn into_keys(self) -> HashMap<String, u64> {
        let keys = self
            .keys
            .into_inner()
            .unwrap_or_else(PoisonError::into_inner);
        keys.into_iter().collect()
    }
}

/// The hash of everything a generated page can read: entity and settings files, each
/// page's path, title and front matter (not its body), the findings with their lines,
/// today, and what all pages share. Anything new that generated pages show must be
/// added here, or serve will keep them stale until one of these changes.
fn generated_inputs(repo: &Repository, outcome: &Outcome, today: Date, shared: u64) -> u64 {
    let mut hasher = hasher();
    (shared, today.to_string()).hash(&mut hasher);
    for file in &repo.files {
        if !file.path.ends_with(".md") {
            (&file.path, file.text()).hash(&mut hasher);
        }
    }
    for page in &repo.model.pages {
        let text = repo.file(page.file).text().unwrap_or_default();
        let front = page
            .front_matter
            .as_ref()
            .and_then(|r| text.get(r.clone()))
            .unwrap_or_default();
        (&page.path, &page.title, front, page.front_matter_ok).hash(&mut hasher);
    }
    for finding in &outcome.findings {
        let file = repo.file(finding.location.file);
        let (start, _) = file.locate(&finding.location.span);
        (finding.rule, finding.level, &finding.message, &finding.help).hash(&mut hasher);
        (&finding.subject, &file.path, start.line, start.column).hash(&mut hasher);
    }
    hasher.finish()
}

/// A fast hasher of good quality with a fixed seed (SipHash cost a tenth of a large
/// rebuild: every page body is hashed). Keys are only compared within one process.
fn hasher() -> impl Hasher {
    foldhash::quality::FixedState::default().build_hasher()
}

/// Feeds `value`, as compact JSON, to `hasher` without building the text.
fn hash_json(hasher: &mut impl Hasher, value: &Value) {
    struct Feed<'h, H: Hasher>(&'h mut H);
    impl<H: Hasher> std::io::Write for Feed<'_, H> {
        fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
            self.0.write(bytes);
            Ok(bytes.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }
    // Writing to a hasher cannot fail, and a Value always serialises.
    let _ = serde_json::to_writer(Feed(hasher), value);
}

/// Feeds a template value to `hasher`, each part tagged with its kind so that a
/// field that becomes `false` instead of `none`, or a list that moves an item into
/// its neighbour, changes the key (minijinja's own `Hash` does not tell them apart).
fn hash_value(hasher: &mut impl Hasher, value: &minijinja::Value) {
    use minijinja::value::ValueKind;
    match value.kind() {
        ValueKind::Undefined | ValueKind::None => 0u8.hash(hasher),
        ValueKind::Bool => (1u8, value.is_true()).hash(hasher),
        ValueKind::String => (2u8, value.as_str()).hash(hasher),
        ValueKind::Map => {
            3u8.hash(hasher);
            for key in value.try_iter().into_iter().flatten() {
                hash_value(hasher, &key);
                hash_value(hasher, &value.get_item(&key).unwrap_or_default());
            }
            value.len().hash(hasher);
        }
        ValueKind::Seq | ValueKind::Iterable => {
            4u8.hash(hasher);
            for item in value.try_iter().into_iter().flatten() {
                hash_value(hasher, &item);
            }
            value.len().hash(hasher);
        }
        _ => (5u8, value).hash(hasher),
    }
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;

    fn render(root: &Path, kept: &mut Kept) -> HashMap<String, Vec<u8>> {
        let today = jiff::civil::date(2026, 11, 21);
        let repo = crate::open(root).unwrap();
        let outcome = crate::check(&repo, today);
        let site = render_in_memory(&repo, &outcome, today, kept).unwrap();
        kept.keys = site.keys;
        kept.words = site.words;
        kept.search_entries = site.search_entries;
        site.files.into_iter().collect()
    }

    /// The rendered pages of a second render (pages kept come back empty).
    fn rendered(files: &HashMap<String, Vec<u8>>) -> Vec<&str> {
        let mut paths: Vec<&str> = files
            .iter()
            .filter(|(path, bytes)| !bytes.is_empty() && !path.starts_with("assets/"))
            .map(|(path, _)| path.as_str())
            .collect();
        paths.sort_unstable();
        paths
    }

    #[test]
    fn memory_matches_build_and_only_changed_pages_are_rendered_again() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("acme");
        let example = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/acme");
        for entry in walkdir::WalkDir::new(&example) {
            let entry = entry.unwrap();
            let target = root.join(entry.path().strip_prefix(&example).unwrap());
            if entry.file_type().is_dir() {
                std::fs::create_dir_all(&target).unwrap();
            } else {
                std::fs::copy(entry.path(), &target).unwrap();
            }
        }
        let mut kept = Kept::default();
        let first = render(&root, &mut kept);

        // The same bytes as `opsctl build` writes.
        let today = jiff::civil::date(2026, 11, 21);
        let mut repo = crate::open(&root).unwrap();
        let out = dir.path().join("site");
        let outcome = crate::check(&repo, today);
        crate::site::build(&mut repo, &outcome, today, &out).unwrap();
        for (path, bytes) in &first {
            assert_eq!(&std::fs::read(out.join(path)).unwrap(), bytes, "{path}");
        }

        let again = render(&root, &mut kept);
        assert_eq!(rendered(&again), Vec::<&str>::new(), "nothing changed");
        assert_eq!(
            again["assets/search-index.js"],
            first["assets/search-index.js"]
        );

        // A body edit renders that page, not even the pages that list it.
        let sop = root.join("sops/customer-support/escalation.md");
        let text = std::fs::read_to_string(&sop).unwrap();
        std::fs::write(&sop, format!("{text}\nA new paragraph.\n")).unwrap();
        let edited = render(&root, &mut kept);
        assert_eq!(rendered(&edited), ["sops/customer-support/escalation.html"]);

        // A new owner changes the page and those that list what the owners own.
        let owned = text.replacen("owner = \"", "owner = \"x", 1);
        assert_ne!(owned, text);
        std::fs::write(&sop, owned).unwrap();
        let files = render(&root, &mut kept);
        let reowned = rendered(&files);
        assert!(reowned.contains(&"sops/customer-support/escalation.html"));
        assert!(reowned.contains(&"findings.html"), "{reowned:?}");
        assert!(
            reowned.iter().any(|p| p.starts_with("person/")),
            "{reowned:?}"
        );
        assert!(!reowned.contains(&"goals.html"), "{reowned:?}");
    }
}
