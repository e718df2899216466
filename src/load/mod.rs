//! Loads an ops repository from a [`Source`] into a [`Model`]; every problem with a
//! file becomes a finding and the rest of the repository is still read.

pub mod frontmatter;
pub mod keys;
pub mod lines;
pub mod markdown;
mod page;
mod tomlfile;
mod yaml;

use std::collections::HashSet;

use rustc_hash::{FxHashMap, FxHashSet};
use std::io;
use std::ops::Range;
use std::path::PathBuf;

use globset::{Glob, GlobSet, GlobSetBuilder};
use rayon::prelude::*;

use crate::config::{CONFIG_FILE, Config};
use crate::finding::{Finding, Location};
use crate::model::Model;
use crate::source::{Listing, Source, Stamp};
use lines::{LineCol, LineIndex, TextShape};
pub use markdown::BodyRenderer;
use tomlfile::FileCx;

pub use page::FOREIGN_KEYS;

/// Index of a file in [`Repository::files`].
pub type FileId = usize;

/// One file's text, kept so findings can be located and shown.
#[derive(Clone)]
pub struct SourceFile {
    pub path: String,
    text: String,
    lines: LineIndex,
    /// Set once the text was let go: what locating findings still needs of it.
    released: Option<TextShape>,
    remaps: Vec<yaml::Remap>,
}

impl SourceFile {
    pub fn new(path: impl Into<String>, text: String) -> Self {
        let lines = LineIndex::new(&text);
        SourceFile {
            path: path.into(),
            text,
            lines,
            released: None,
            remaps: Vec::new(),
        }
    }

    /// The file's text; nothing once it was let go (see [`Reading::release_texts`]).
    pub fn text(&self) -> Option<&str> {
        self.released.is_none().then_some(self.text.as_str())
    }

    /// The length of the file's text in bytes, kept or not.
    pub fn text_len(&self) -> usize {
        self.released
            .as_ref()
            .map_or(self.text.len(), TextShape::text_len)
    }

    /// The file's first line (without its line break), where findings about the
    /// file as a whole point.
    pub fn first_line(&self) -> Range<usize> {
        let end = match &self.released {
            Some(shape) => shape.first_line_end(),
            None => lines::first_line_end(&self.text),
        };
        0..end
    }

    /// Lets the text go, keeping what locating findings needs, so a load that never
    /// shows it does not hold every page's text once it is parsed. The text stays when
    /// it is mostly non-Latin (the table of its characters would be about as big)
    /// or when its YAML front matter has nested keys (mapped back through the text).
    fn release_text(&mut self, remaps: &[yaml::Remap]) {
        if remaps.iter().any(|r| !r.nested.is_empty()) {
            return;
        }
        if let Some(shape) = TextShape::of(&self.text) {
            self.released = Some(shape);
            self.text = String::new();
        }
    }

    /// The span in this file's text (spans of YAML front matter are read through a stand-in).
    pub fn real_span(&self, span: &Range<usize>) -> Range<usize> {
        let len = self.text_len();
        if span.start >= len && !self.remaps.is_empty() {
            if let Some(real) = yaml::real_span(&self.text, &self.remaps, span) {
                return real;
            }
        }
        let start = span.start.min(len);
        start..span.end.clamp(start, len)
    }

    /// Start and end line/column of a span.
    pub fn locate(&self, span: &Range<usize>) -> (LineCol, LineCol) {
        let span = self.real_span(span);
        let at = |offset| match &self.released {
            Some(shape) => shape.line_col(&self.lines, offset),
            None => self.lines.line_col(&self.text, offset),
        };
        (at(span.start), at(span.end))
    }
}

/// A loaded repository: its settings, files, model, and what went wrong reading it.
pub struct Repository {
    pub root: PathBuf,
    pub source: Box<dyn Source>,
    pub config: Config,
    pub files: Vec<SourceFile>,
    pub model: Model,
    /// Every file and directory the source lists, for link checks.
    pub paths: FxHashSet<String>,
    /// The directories among `paths`.
    pub folders: FxHashSet<String>,
    /// The symbolic links the source lists: never followed, so a link to one leads
    /// nowhere in the site.
    pub symlinks: FxHashSet<String>,
    /// Findings raised while loading (syntax, unknown keys, bad values).
    pub findings: Vec<Finding>,
    /// When each file was created and last changed, if git history was asked for
    /// (see [`crate::history`]); pages then fall back to it for review dates.
    pub history: Option<std::sync::Arc<crate::history::History>>,
}

impl Repository {
    /// When `page` was last reviewed (without `last_reviewed`: last changed, for the
    /// pages reviewed on a schedule, when the history is known) and when it is due.
    pub fn review_of(&self, page: &crate::model::Page) -> Option<crate::model::Review> {
        page.review(self.config.default_review_every(), self.history.as_deref())
    }

    pub fn file(&self, id: FileId) -> &SourceFile {
        &self.files[id]
    }
}

/// What one file contributed.
#[derive(Clone)]
enum Content {
    Entities(Box<Model>),
    Page(Box<page::ParsedPage>),
    Nothing,
}

#[derive(Clone)]
struct Loaded {
    file: SourceFile,
    content: Content,
    findings: Vec<Finding>,
}

impl Loaded {
    /// This file with its text let go if it is a page (see [`SourceFile::release_text`]).
    fn without_page_text(mut self) -> Loaded {
        if let Content::Page(parsed) = &self.content {
            self.file.release_text(&parsed.remaps);
        }
        self
    }

    /// A copy to keep for the next load, without the page's rendered body: serve
    /// renders again only the pages whose inputs changed, so keeping every body would
    /// only hold memory (hundreds of megabytes for a large handbook).
    fn for_cache(&self) -> Loaded {
        let mut copy = self.clone();
        if let Content::Page(parsed) = &mut copy.content {
            parsed.page.rendered = None;
        }
        copy
    }
}

const UNREADABLE_HELP: &str =
    "fix the permissions, or exclude the path in opsctl.toml under [check] exclude";

/// What a previous load parsed, kept by a long-running process (`serve`) so that files
/// whose [`Stamp`] is unchanged are neither read nor parsed again.
#[derive(Default)]
pub struct LoadCache {
    /// The configuration's text: files are parsed against it, so when it changes
    /// nothing is reused.
    config: Option<String>,
    files: FxHashMap<String, (Stamp, FileId, Loaded)>,
}

/// What a load does with the pages it reads besides parsing them.
#[derive(Clone, Copy, Default)]
pub struct Reading<'r> {
    /// Renders each page's body in the pass that reads it (the site's build and
    /// serve), so each page's Markdown is parsed once.
    pub renderer: Option<&'r dyn BodyRenderer>,
    /// Lets each page's text go as soon as it is parsed (and rendered), keeping what
    /// locating findings needs (see [`SourceFile::release_text`]), for callers that
    /// never show a page's source: the build, reports other than the human one. A
    /// large handbook's texts are a hundred megabytes and more, and memory freed while
    /// the load runs is reused by the next files instead of fresh memory faulted in.
    /// A load that keeps a [`LoadCache`] keeps the texts.
    pub release_texts: bool,
}

/// Loads everything below the source's root.
pub fn load(source: Box<dyn Source>, root: PathBuf) -> io::Result<Repository> {
    load_reusing(source, root, None, Reading::default())
}

/// Like [`load`], reusing what `cache` holds for files that have not changed (same
/// stamp and same place in the file order) and keeping this load's results in it,
/// and reading pages as `reading` says.
pub fn load_reusing(
    source: Box<dyn Source>,
    root: PathBuf,
    mut cache: Option<&mut LoadCache>,
    reading: Reading,
) -> io::Result<Repository> {
    let renderer = reading.renderer;
    let mut files = Vec::new();
    let mut findings = Vec::new();
    let mut model = Model::default();

    let config = match source.read(CONFIG_FILE) {
        Ok(bytes) => {
            let mut cx = FileCx::new(files.len());
            let text = decode(bytes, &mut cx);
            let (config, waivers) = tomlfile::parse_config(&text, &mut cx);
            model.waivers = waivers;
            findings.extend(cx.findings);
            files.push(SourceFile::new(CONFIG_FILE, text));
            config
        }
        Err(err) if err.kind() == io::ErrorKind::NotFound => Config::default(),
        Err(err) => return Err(io::Error::new(err.kind(), format!("{CONFIG_FILE}: {err}"))),
    };

    let excludes = exclude_set(&config, files.len().checked_sub(1), &mut findings);
    if let (Some(url), Some(file)) = (&config.site.edit_url, files.len().checked_sub(1)) {
        if let Some(problem) = crate::config::edit_url_problem(&url.value) {
            findings.push(
                Finding::new("invalid-value", Location::new(file, url.span.clone()), problem)
                    .help("e.g. edit_url = \"https://github.com/acme/ops/edit/main/{path}\"; until then pages have no edit link"),
            );
        }
    }
    let out_dir = config.out_dir().trim_matches('/').to_string();
    let skip = |rel: &str| {
        let name = rel.rsplit('/').next().unwrap_or(rel);
        name.starts_with('.')
            || rel == "target"
            || name == "node_modules"
            || rel == out_dir
            || excludes.is_match(rel)
    };
    let listing = source.list(&|dir| !skip(dir))?;

    let (paths, folders) = existing_paths(&listing);
    let symlinks = listing.links.iter().cloned().collect();
    let wanted = files_to_load(&listing, &skip);
    let first_id = files.len();
    let adopting = first_id == 0;
    let source_ref: &dyn Source = source.as_ref();
    let previous = match cache.as_deref_mut() {
        Some(reuse) => {
            let config_text = files.first().map(|f: &SourceFile| f.text.clone());
            if reuse.config != config_text {
                reuse.files.clear();
                reuse.config = config_text;
            }
            std::mem::take(&mut reuse.files)
        }
        None => FxHashMap::default(),
    };
    let remember = cache.is_some();
    let release_texts = reading.release_texts && !remember;
    let loaded: Vec<(Option<Stamp>, bool, Loaded)> = wanted
        .par_iter()
        .enumerate()
        .map(|(i, path)| {
            let id = first_id + i;
            let stamp = if remember {
                source_ref.stamp(path)
            } else {
                None
            };
            if let (Some(stamp), Some((was, was_id, kept))) = (stamp, previous.get(*path)) {
                if *was == stamp && *was_id == id {
                    return (Some(stamp), true, kept.clone());
                }
            }
            let fresh = load_file(source_ref, path, id, &config, adopting, renderer);
            if release_texts {
                return (stamp, false, fresh.without_page_text());
            }
            (stamp, false, fresh)
        })
        .collect();
    let loaded: Vec<Loaded> = match cache {
        Some(reuse) => keep(reuse, &wanted, first_id, previous, loaded),
        None => loaded.into_iter().map(|(_, _, l)| l).collect(),
    };

    merge(loaded, &mut files, &mut model, &mut findings);
    for (path, reason) in listing.problems {
        let id = files.len();
        files.push(SourceFile::new(path.clone(), String::new()));
        findings.push(
            Finding::new(
                "unreadable",
                Location::new(id, 0..0),
                format!("could not read {path}: {reason}"),
            )
            .help(UNREADABLE_HELP),
        );
    }
    Ok(Repository {
        root,
        source,
        config,
        files,
        model,
        paths,
        folders,
        symlinks,
        findings,
        history: None,
    })
}

/// Keeps this load's results for the next one: entries reused from the previous load
/// are moved over, new ones copied; files that could not be read are not kept.
fn keep(
    reuse: &mut LoadCache,
    wanted: &[&String],
    first_id: FileId,
    mut previous: FxHashMap<String, (Stamp, FileId, Loaded)>,
    loaded: Vec<(Option<Stamp>, bool, Loaded)>,
) -> Vec<Loaded> {
    let mut out = Vec::with_capacity(loaded.len());
    for (i, (stamp, reused, item)) in loaded.into_iter().enumerate() {
        let path = wanted[i].as_str();
        if reused {
            if let Some(entry) = previous.remove(path) {
                reuse.files.insert(path.to_string(), entry);
            }
        } else if let Some(stamp) = stamp {
            if !item.findings.iter().any(|f| f.rule == "unreadable") {
                reuse
                    .files
                    .insert(path.to_string(), (stamp, first_id + i, item.for_cache()));
            }
        }
        out.push(item);
    }
    out
}

/// Every listed file and directory and every directory above one, for link checks;
/// and the directories among them.
fn existing_paths(listing: &Listing) -> (FxHashSet<String>, FxHashSet<String>) {
    let mut paths: FxHashSet<String> = listing.files.iter().cloned().collect();
    let mut folders: FxHashSet<String> = listing.other.iter().cloned().collect();
    for file in &listing.files {
        let mut dir = file.as_str();
        while let Some((parent, _)) = dir.rsplit_once('/') {
            if !folders.insert(parent.to_string()) {
                break;
            }
            dir = parent;
        }
    }
    paths.extend(folders.iter().cloned());
    (paths, folders)
}

/// The Markdown and TOML files to load, sorted, without skipped paths and without
/// nested repositories.
fn files_to_load<'a>(listing: &'a Listing, skip: &dyn Fn(&str) -> bool) -> Vec<&'a String> {
    // A directory with its own opsctl.toml is another repository (an example, a
    // vendored handbook): it is checked on its own, not as part of this one.
    let nested: HashSet<&str> = listing
        .files
        .iter()
        .filter_map(|p| p.strip_suffix(CONFIG_FILE)?.strip_suffix('/'))
        .collect();
    let in_nested = |path: &str| {
        !nested.is_empty()
            && path
                .match_indices('/')
                .any(|(i, _)| nested.contains(&path[..i]))
    };
    let mut wanted: Vec<&'a String> = listing
        .files
        .iter()
        .filter(|p| {
            p.as_str() != CONFIG_FILE
                && !skip(p)
                && (p.ends_with(".md") || p.ends_with(".toml"))
                && !in_nested(p)
        })
        .collect();
    wanted.sort();
    wanted
}

/// Adds the loaded files in order, so file ids match their positions.
fn merge(
    loaded: Vec<Loaded>,
    files: &mut Vec<SourceFile>,
    model: &mut Model,
    findings: &mut Vec<Finding>,
) {
    // Sized once: a large repository has tens of thousands of files and pages.
    files.reserve(loaded.len());
    let pages = loaded
        .iter()
        .filter(|l| matches!(l.content, Content::Page(_)))
        .count();
    model.pages.reserve(pages);
    for item in loaded {
        findings.extend(item.findings);
        let mut file = item.file;
        match item.content {
            Content::Entities(parsed) => model.absorb(*parsed),
            Content::Page(parsed) => {
                file.remaps = parsed.remaps;
                model.pages.push(parsed.page);
            }
            Content::Nothing => {}
        }
        files.push(file);
    }
}

/// `adopting`: the repository has no opsctl.toml yet, so TOML files that hold no
/// entities belong to other tools and are not errors.
fn load_file(
    source: &dyn Source,
    path: &str,
    id: FileId,
    config: &Config,
    adopting: bool,
    renderer: Option<&dyn BodyRenderer>,
) -> Loaded {
    let mut cx = FileCx::new(id);
    let text = match source.read(path) {
        Ok(bytes) => decode(bytes, &mut cx),
        Err(err) => {
            cx.push(
                Finding::new(
                    "unreadable",
                    cx.at(0..0),
                    format!("could not read {path}: {err}"),
                )
                .help(UNREADABLE_HELP),
            );
            String::new()
        }
    };
    let content = if cx
        .findings
        .iter()
        .any(|f| f.rule == "unreadable" || f.rule == "syntax")
    {
        Content::Nothing
    } else if path.ends_with(".toml") {
        Content::Entities(Box::new(tomlfile::parse_entities(&text, &mut cx, adopting)))
    } else {
        Content::Page(Box::new(page::parse_page(
            path, &text, config, &mut cx, renderer,
        )))
    };
    Loaded {
        file: SourceFile::new(path, text),
        content,
        findings: cx.findings,
    }
}

/// The file as UTF-8 text; invalid UTF-8 is a finding (and the text is read lossily).
fn decode(bytes: Vec<u8>, cx: &mut FileCx) -> String {
    match String::from_utf8(bytes) {
        Ok(text) => text,
        Err(err) => {
            let at = err.utf8_error().valid_up_to();
            cx.push(
                Finding::new(
                    "syntax",
                    cx.at(at..at + 1),
                    format!("the file is not valid UTF-8 (byte {at})"),
                )
                .help("save the file as UTF-8"),
            );
            String::from_utf8_lossy(err.as_bytes()).into_owned()
        }
    }
}

fn exclude_set(
    config: &Config,
    config_file: Option<FileId>,
    findings: &mut Vec<Finding>,
) -> GlobSet {
    let mut builder = GlobSetBuilder::new();
    for pattern in &config.check.exclude {
        let glob = pattern.value.trim_end_matches('/');
        match Glob::new(glob) {
            Ok(glob) => {
                builder.add(glob);
            }
            Err(err) => {
                if let Some(file) = config_file {
                    findings.push(Finding::new(
                        "invalid-value",
                        Location::new(file, pattern.span.clone()),
                        format!("invalid glob: {err}"),
                    ));
                }
            }
        }
    }
    builder.build().unwrap_or_else(|_| GlobSet::empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What a load found, in a form two loads can be compared by.
    fn summary(repo: &Repository) -> Vec<String> {
        let mut out: Vec<String> = repo
            .model
            .pages
            .iter()
            .map(|p| format!("page {} {} {:?}", p.file, p.path, p.title))
            .collect();
        out.extend(
            repo.model
                .goals
                .iter()
                .map(|g| format!("goal {} {}", g.file, g.id.value)),
        );
        out.extend(repo.findings.iter().map(|f| {
            format!(
                "finding {} {} {:?}",
                f.rule, f.location.file, f.location.span
            )
        }));
        out
    }

    /// A renderer that only reads the events, for loads that must render.
    struct Outlines;

    impl BodyRenderer for Outlines {
        fn render(
            &self,
            _: &str,
            _: Option<&str>,
            _: &mut markdown::Scan<'_>,
        ) -> markdown::RenderedBody {
            markdown::RenderedBody::default()
        }
    }

    #[test]
    fn a_load_told_to_lets_page_texts_go() {
        let source = || {
            crate::source::Memory::new()
                .with("a.md", "# A\n\nSee [b](b.md) — é\n")
                .with(
                    "b.md",
                    "---\ntitle: B\naction:\n  - title: x\n    due: 2020-01-01\n---\nB\n",
                )
                .with("c.md", "運用手順書".repeat(40))
                .with(
                    "people.toml",
                    "[[person]]\nid = \"maya\"\nname = \"Maya\"\n",
                )
        };
        let text = |repo: &Repository, path: &str| {
            let file = repo.files.iter().find(|f| f.path == path).unwrap();
            file.text().map(str::to_string)
        };
        let releasing = |renderer: Option<&'static dyn BodyRenderer>| Reading {
            renderer,
            release_texts: true,
        };
        let released = load_reusing(
            Box::new(source()),
            "/".into(),
            None,
            releasing(Some(&Outlines)),
        )
        .unwrap();
        let checked = load_reusing(Box::new(source()), "/".into(), None, releasing(None)).unwrap();
        assert_eq!(text(&checked, "a.md"), None);
        assert_eq!(text(&released, "a.md"), None);
        // Nested YAML keys are mapped back through the text; mostly non-Latin text
        // would need a table about as big as itself; entity files are small.
        assert!(text(&released, "b.md").is_some());
        assert!(text(&released, "c.md").is_some());
        assert!(text(&released, "people.toml").is_some());
        // By default, or with a cache (serve), every text stays.
        let kept = load(Box::new(source()), "/".into()).unwrap();
        assert!(text(&kept, "a.md").is_some());
        let mut cache = LoadCache::default();
        let served = load_reusing(
            Box::new(source()),
            "/".into(),
            Some(&mut cache),
            releasing(Some(&Outlines)),
        )
        .unwrap();
        assert!(text(&served, "a.md").is_some());
        assert_eq!(summary(&released), summary(&kept));
        assert_eq!(summary(&checked), summary(&kept));
    }

    fn write(dir: &std::path::Path, path: &str, text: &str) {
        let path = dir.join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, text).unwrap();
        // A distinct modification time even on coarse file systems.
        let later = std::time::SystemTime::now() + std::time::Duration::from_secs(5);
        std::fs::File::options()
            .write(true)
            .open(&path)
            .unwrap()
            .set_modified(later)
            .unwrap();
    }

    #[test]
    fn a_reusing_load_equals_a_fresh_one_after_edits_additions_and_removals() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        write(root, "opsctl.toml", "[org]\nname = \"Acme\"\n");
        write(root, "b.md", "+++\nowner = \"maya\"\n+++\n# B\n");
        write(root, "d.md", "# D\n");
        write(root, "goals.toml", "[[goal]]\nid = \"g\"\ntitle = \"G\"\n");
        let mut cache = LoadCache::default();
        let fresh = |root: &std::path::Path| summary(&crate::open(root).unwrap());
        let first = crate::open_reusing(root, Some(&mut cache), None).unwrap();
        assert_eq!(summary(&first), fresh(root));
        assert_eq!(cache.files.len(), 3);

        // An edit, a new file that shifts the ids after it, and a broken file.
        write(root, "d.md", "# D, edited\n");
        write(root, "c.md", "# C\n");
        write(root, "goals.toml", "[[goal]\nid = \"g\"\n");
        let second = crate::open_reusing(root, Some(&mut cache), None).unwrap();
        assert_eq!(summary(&second), fresh(root));
        assert!(second.model.pages.iter().any(|p| p.title == "D, edited"));

        // A removal; and a change of opsctl.toml empties the cache.
        std::fs::remove_file(root.join("c.md")).unwrap();
        let third = crate::open_reusing(root, Some(&mut cache), None).unwrap();
        assert_eq!(summary(&third), fresh(root));
        write(
            root,
            "opsctl.toml",
            "[org]\nname = \"Acme\"\n[check]\nexclude = [\"d.md\"]\n",
        );
        let fourth = crate::open_reusing(root, Some(&mut cache), None).unwrap();
        assert_eq!(summary(&fourth), fresh(root));
        assert!(!fourth.model.pages.iter().any(|p| p.path == "d.md"));
    }

    #[test]
    fn a_file_whose_stamp_is_unchanged_is_not_read_again() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        write(root, "opsctl.toml", "[org]\nname = \"Acme\"\n");
        write(root, "b.md", "+++\nowner = \"maya\"\n+++\n# B\n");
        let owner = |repo: &Repository| format!("{:?}", repo.model.pages[0].meta.owner);
        let mut cache = LoadCache::default();
        crate::open_reusing(root, Some(&mut cache), None).unwrap();
        // Same size, same inode, and the modification time put back: the stamp is
        // unchanged, so the reusing load keeps what it parsed (as git trusts its index).
        let path = root.join("b.md");
        let modified = std::fs::metadata(&path).unwrap().modified().unwrap();
        std::fs::write(&path, "+++\nowner = \"dave\"\n+++\n# B\n").unwrap();
        std::fs::File::options()
            .write(true)
            .open(&path)
            .unwrap()
            .set_modified(modified)
            .unwrap();
        let reused = crate::open_reusing(root, Some(&mut cache), None).unwrap();
        assert!(owner(&reused).contains("maya"), "{}", owner(&reused));
        assert!(owner(&crate::open(root).unwrap()).contains("dave"));
    }
}
