//! `opsctl build`: renders the repository as a static handbook site.

mod catalog;
mod fragments;
mod nav;
mod output;
mod people;
mod record;
mod render;
mod reuse;
mod score;
mod search;
mod sections;
pub mod svg;
mod tags;
mod templates;
mod toc;
pub mod urls;
mod views;
mod words;

use std::path::Path;
use std::sync::Arc;

use jiff::civil::Date;
use minijinja::Environment;
use minijinja::Value as Jinja;
use rayon::prelude::*;
use rustc_hash::FxHashMap;
use serde_json::{Value, json};

use crate::check::Outcome;
use crate::load::Repository;
use crate::load::markdown::RenderedBody;
pub use output::{MARKER, refusal};
pub use render::PageBodies;
pub use reuse::{InMemory, Kept, Reuse, render_in_memory};
use views::Views;

/// What a build wrote.
pub struct Built {
    pub pages: usize,
    pub files: usize,
    /// Folders that builds which were stopped had left beside the output, now removed.
    pub removed: Vec<std::path::PathBuf>,
}

/// One generated file of the site, as a path from the site root and its bytes.
pub type SiteFile = (String, Vec<u8>);

/// Renders `repo` (checked as `outcome`) into `out`, replacing a previous build.
pub fn build(
    repo: &mut Repository,
    outcome: &Outcome,
    today: Date,
    out: &Path,
) -> Result<Built, String> {
    build_with_history(repo, outcome, today, out, &[], Ending::Free)
}

/// What a build does with what it made to render the site (views, navigation, cached
/// fragments, search entries: hundreds of thousands of allocations on a large
/// handbook) once the site is written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Ending {
    /// Frees it, as a long-running caller must.
    Free,
    /// Leaves it to the process's exit, which hands all its memory back at once:
    /// freeing it piece by piece took 20-30 ms on one thread after a large site was
    /// written. Only for a command that exits after the build.
    LeaveToExit,
}

/// Like [`build`], with the Execution Score sampled over git history (oldest first)
/// drawn as a trend on the home page. The page bodies rendered during the load are
/// moved out of `repo` and freed as their pages are written.
pub fn build_with_history(
    repo: &mut Repository,
    outcome: &Outcome,
    today: Date,
    out: &Path,
    score_history: &[crate::score::Sample],
    ending: Ending,
) -> Result<Built, String> {
    if let Some(reason) = refusal(&repo.root, out) {
        return Err(reason);
    }
    let mut phases = crate::timings::Phases::default();
    let mut bodies: Vec<Option<RenderedBody>> = repo
        .model
        .pages
        .iter_mut()
        .map(|page| {
            // The root index page's body stays: the generated home page shows it.
            let home = !page.path.contains('/') && urls::page_url(&page.path) == "index.html";
            if home {
                None
            } else {
                page.rendered.take().map(Arc::unwrap_or_clone)
            }
        })
        .collect();
    let repo = &*repo;
    let (site, pages, extra_css) = Site::new(repo, outcome, today, score_history, None)?;
    let bodies: Vec<Option<RenderedBody>> = pages.iter().map(|(i, _)| bodies[*i].take()).collect();
    phases.done("site setup");
    let staging = output::Staging::new(out).map_err(|e| write_error(out, e))?;
    // Each page is written as soon as it is rendered, and its search entry made from
    // its words, so memory holds one page per thread. Pages and generated pages render
    // side by side, so big generated pages (goals, findings) overlap with the many
    // small ones; they too are written as soon as they are made. The search index
    // (tens of megabytes on a large handbook, written on one thread) follows the
    // pages, while the generated pages may still be rendering on the other thread.
    let write =
        |url: String, html: Vec<u8>| staging.write(&url, &html).map_err(|e| write_error(out, e));
    let (entries, generated) = rayon::join(
        || -> Result<Vec<String>, String> {
            let entries = pages
                .par_iter()
                .zip(bodies)
                .map(|((page, url), body)| {
                    // The home page is generated (below); it is only searchable.
                    if url == "index.html" {
                        return Ok(search::page_entry(&site, *page, url, ""));
                    }
                    let (html, words) = site.page(*page, url, body)?;
                    staging.write(url, &html).map_err(|e| write_error(out, e))?;
                    Ok(search::page_entry(&site, *page, url, &words))
                })
                .collect::<Result<Vec<String>, String>>()?;
            staging
                .write_with("assets/search-index.js", |out| {
                    search::write_search_index(&site, &entries, out)
                })
                .map_err(|e| write_error(out, e))?;
            Ok(entries)
        },
        || -> Result<(usize, usize), String> {
            // The navigation script and the other assets need no page: written here
            // too, not after every page is done; so are the files pages link to.
            let assets = assets(&site, extra_css)?;
            for (path, text) in &assets {
                staging
                    .write(path, text.as_bytes())
                    .map_err(|e| write_error(out, e))?;
            }
            let generated = sections::render_all(&site, &pages, write)?;
            let copied = copy_linked_files(repo, &staging).map_err(|e| write_error(out, e))?;
            Ok((generated.len() + assets.len(), copied))
        },
    );
    let entries = entries?;
    let (generated_and_assets, copied) = generated?;
    phases.done("pages, sections, index");
    let page_count = pages.iter().filter(|(_, url)| url != "index.html").count();
    // The pages, the generated pages and assets, and the search index.
    let written = page_count + generated_and_assets + 1;
    let removed = staging.finish().map_err(|e| write_error(out, e))?;
    phases.done("swap");
    if ending == Ending::LeaveToExit {
        std::mem::forget((site, pages, entries));
    }
    Ok(Built {
        pages: page_count,
        files: written + copied,
        removed,
    })
}

/// The pages left out of the site: those whose URL another page or a generated page
/// already has (the check reports them as `page-url-conflict`), so the build goes on
/// as it does for other errors. `all` holds every page's URL in model order.
fn left_out(repo: &Repository, all: &[String]) -> rustc_hash::FxHashSet<usize> {
    urls::conflicts_among(&repo.model, all)
        .into_iter()
        .map(|(i, _, _)| i)
        .collect()
}

/// The Markdown pages in URL order, each with its URL, but those `left_out`.
fn page_urls(all: &[String], left_out: &rustc_hash::FxHashSet<usize>) -> Vec<(usize, String)> {
    let mut pages: Vec<(usize, String)> = (all.iter().enumerate())
        .filter(|(i, _)| !left_out.contains(i))
        .map(|(i, url)| (i, url.clone()))
        .collect();
    pages.sort_by(|a, b| a.1.cmp(&b.1));
    pages
}

/// The navigation script and the static assets, with the repository's overrides (the
/// search index is written by the caller).
fn assets(site: &Site, extra_css: Option<String>) -> Result<Vec<(String, String)>, String> {
    let source = site.views.repo.source.as_ref();
    let mut assets: Vec<(String, String)> = vec![("assets/nav.js".into(), nav::script(&site.tree))];
    for (name, default) in templates::ASSETS {
        let text = templates::override_of(source, &format!("assets/{name}"))?
            .unwrap_or_else(|| default.to_string());
        assets.push((format!("assets/{name}"), text));
    }
    if let Some(extra) = extra_css {
        assets.push(("assets/extra.css".into(), extra));
    }
    Ok(assets)
}

/// Copies the files pages link to (images, attachments) into the site, at the
/// place [`urls::rewrite_link`] sends their links.
fn copy_linked_files(repo: &Repository, staging: &output::Staging) -> std::io::Result<usize> {
    let mut copied = 0;
    for target in linked_files(repo) {
        // A file that vanished is not copied.
        if let Ok(bytes) = repo.source.read(&target) {
            staging.write(&urls::site_path(&target), &bytes)?;
            copied += 1;
        }
    }
    Ok(copied)
}

/// The repository paths of the files pages link to that the site publishes: those
/// that cannot have their place (the check's `page-url-conflict`) are left out.
fn linked_files(repo: &Repository) -> Vec<String> {
    let files = urls::linked_files(repo);
    let page_urls = urls::every_page_url(&repo.model);
    let left_out: rustc_hash::FxHashSet<String> =
        (urls::file_conflicts(&repo.model, &page_urls, files.keys()).into_iter())
            .map(|(file, _, _)| file)
            .collect();
    (files.into_keys())
        .filter(|file| !left_out.contains(file))
        .collect()
}

/// Room for a page's header, navigation and footer around its body, in bytes.
const PAGE_CHROME_ROOM: usize = 16 * 1024;

/// A template's error while rendering the page at `url`, said where the error is:
/// in the template itself or one it extends, includes or imports.
fn rendering_error(url: &str, env: &Environment, error: minijinja::Error) -> String {
    let template = error.name().and_then(|name| env.get_template(name).ok());
    let text = template.as_ref().map(|t| t.source());
    templates::describe(&error, text, Some(url), &templates::overrides(env))
}

fn write_error(out: &Path, error: std::io::Error) -> String {
    format!("cannot write {}: {error}", out.display())
}

/// Values every template sees.
fn common(repo: &Repository, today: Date, extra_css: bool) -> Value {
    let config = &repo.config;
    let org = config.org.name.clone();
    json!({
        "title": config.site.title.clone().or_else(|| org.as_ref().map(|o| format!("{o} Handbook"))).unwrap_or_else(|| "Handbook".into()),
        "org": org,
        "vision": config.org.vision,
        "mission": config.org.mission,
        "today": today.to_string(),
        "extra_css": extra_css,
        "version": env!("CARGO_PKG_VERSION"),
    })
}

/// Template values shared by every page, converted for minijinja once.
struct Shared {
    site: Jinja,
    /// The top navigation with no section marked current (for all but section pages).
    sections: Jinja,
}

fn jinja(value: &impl serde::Serialize) -> Jinja {
    Jinja::from(minijinja::value::Serde(value))
}

/// The top navigation as seen from `url`.
fn sections(url: &str) -> Jinja {
    record::list(SECTIONS.iter().map(
        |(label, href)| record::record! {"label" => *label, "url" => *href, "current" => *href == url},
    ))
}

/// A site ready to render, its Markdown pages with their URLs, and its extra stylesheet.
type Prepared<'a> = (Site<'a>, Vec<(usize, String)>, Option<String>);

/// Everything needed to render pages.
pub struct Site<'a> {
    env: Environment<'static>,
    views: Views<'a>,
    /// People's and capabilities' display names, for the search entries.
    names: search::Names<'a>,
    common: Value,
    shared: Shared,
    tree: nav::Tree,
    /// Pages in sidebar order, and each URL's place in it, for previous/next.
    order: Vec<nav::Entry>,
    positions: FxHashMap<String, usize>,
    /// The Execution Score at past revisions, oldest first (empty: no trend).
    score_history: &'a [crate::score::Sample],
    /// What serve already rendered (only when serving).
    memo: Option<reuse::Memo<'a>>,
    /// The pages' tags, grouped at the first page that shows them (the tags page and
    /// the home page both do).
    tags: std::sync::OnceLock<Vec<tags::Tag<'a>>>,
}

/// The top navigation: (label, URL from the root).
const SECTIONS: &[(&str, &str)] = &[
    ("Goals", "goals.html"),
    ("Capabilities", "capabilities.html"),
    ("Offerings", "offerings.html"),
    ("People", "people.html"),
    ("KPIs", "kpis.html"),
    ("Cadences", "cadences.html"),
    ("Findings", "findings.html"),
];

impl<'a> Site<'a> {
    /// Everything needed to render `repo`, the Markdown pages with their URLs, and the
    /// repository's extra stylesheet.
    fn new(
        repo: &'a Repository,
        outcome: &'a Outcome,
        today: Date,
        score_history: &'a [crate::score::Sample],
        reuse: Option<&'a dyn Reuse>,
    ) -> Result<Prepared<'a>, String> {
        let env = templates::environment(repo.source.as_ref())?;
        let extra_css = templates::override_of(repo.source.as_ref(), "extra.css")?;
        // Every page's URL, once: the views and the navigation both need them.
        let all_urls = urls::every_page_url(&repo.model);
        let left_out = left_out(repo, &all_urls);
        // The views and the navigation are independent: made side by side.
        let (views, (pages, tree, order)) = rayon::join(
            || Views::new(repo, outcome, today, &all_urls, &left_out),
            || {
                let pages = page_urls(&all_urls, &left_out);
                let tree = nav::tree(repo, &pages);
                let order = nav::reading_order(&tree);
                (pages, tree, order)
            },
        );
        let common = common(repo, today, extra_css.is_some());
        let memo = reuse.map(|r| reuse::Memo::new(r, repo, outcome, today, &env, &common));
        let site = Site {
            env,
            views,
            names: search::Names::new(&repo.model),
            shared: Shared {
                site: jinja(&common),
                sections: sections(""),
            },
            common,
            tree,
            positions: order
                .iter()
                .enumerate()
                .map(|(i, e)| (e.url.clone(), i))
                .collect(),
            order,
            score_history,
            memo,
            tags: std::sync::OnceLock::new(),
        };
        Ok((site, pages, extra_css))
    }

    /// Whether serve already has the page at `url` rendered from these inputs.
    fn unchanged(&self, template: &str, url: &str, title: &str, data: &Jinja, body: &str) -> bool {
        self.memo
            .as_ref()
            .is_some_and(|m| m.unchanged(template, url, title, data, body))
    }

    /// Whether serve can keep the generated page at `url` without building it again.
    fn keeps(&self, url: &str) -> bool {
        self.memo.as_ref().is_some_and(|m| m.keeps(url))
    }

    /// Renders `template` for the page at `url` with `data` merged into the common values.
    fn render(
        &self,
        template: &str,
        url: &str,
        title: &str,
        data: Jinja,
    ) -> Result<String, String> {
        if self.unchanged(template, url, title, &data, "") {
            return Ok(String::new());
        }
        let context = self.context(url, title, None, data);
        let template = self.template(template)?;
        template
            .render(context)
            .map_err(|e| rendering_error(url, &self.env, e))
    }

    /// The values a template for the page at `url` sees: the site-wide ones and `data`.
    fn context(&self, url: &str, title: &str, content: Option<String>, data: Jinja) -> Jinja {
        // The values every page shares are built once (minijinja values are
        // reference-counted); the page's own data is built as template values.
        let sections = if SECTIONS.iter().any(|(_, href)| *href == url) {
            sections(url)
        } else {
            self.shared.sections.clone()
        };
        let site = self.shared.site.clone();
        record::Context::value(
            site,
            &urls::root_of(url),
            url,
            title,
            sections,
            content,
            data,
        )
    }

    fn template(&self, name: &str) -> Result<minijinja::Template<'_, '_>, String> {
        self.env
            .get_template(name)
            .map_err(|e| format!("template {name}: {e}"))
    }

    /// A Markdown page as HTML, and its words for the search index. `taken` is the
    /// page's body rendered during the load, when the caller took it; otherwise the
    /// page's own copy is used, or the body rendered now.
    fn page(
        &self,
        index: usize,
        url: &str,
        taken: Option<RenderedBody>,
    ) -> Result<(Vec<u8>, String), String> {
        let page = &self.views.repo.model.pages[index];
        let body = self.markdown_body(page);
        let at = self.positions.get(url).copied();
        let prev = at
            .and_then(|i| i.checked_sub(1))
            .and_then(|i| self.order.get(i));
        let next = at.and_then(|i| self.order.get(i + 1));
        let link =
            |e: &nav::Entry| record::record! {"title" => e.title.as_str(), "url" => e.url.as_str()};
        let data = record::record! {
            "page" => self.views.page_meta(page),
            "breadcrumbs" => nav::breadcrumbs(&self.tree, url, &page.title),
            "prev" => prev.map(link),
            "next" => next.map(link),
            "toc" => toc::html(&page.outline, page.front_title()),
            "title_anchor" => page.title_anchor(),
        };
        if self.unchanged("page.html", url, &page.title, &data, body) {
            let words = self.memo.as_ref().map(|m| m.words(url));
            return Ok((Vec::new(), words.unwrap_or_default()));
        }
        let rendered = taken.unwrap_or_else(|| self.rendered_body(page, &urls::root_of(url)));
        // The page is written into a buffer with room for it all: letting the output
        // grow as minijinja writes it cost a tenth of the page's chrome.
        let mut html = Vec::with_capacity(rendered.html.len() + PAGE_CHROME_ROOM);
        let context = self.context(url, &page.title, Some(rendered.html), data);
        let template = self.template("page.html")?;
        template
            .render_captured_to(context, &mut html)
            .map_err(|e| rendering_error(url, &self.env, e))?;
        Ok((html, rendered.words))
    }

    /// A page's Markdown after its front matter. A page whose text was let go after
    /// the load has its body rendered already, so it never comes here.
    fn markdown_body(&self, page: &crate::model::Page) -> &'a str {
        let text = self.views.repo.file(page.file).text().unwrap_or_default();
        let start = page
            .front_matter
            .as_ref()
            .map_or(0, |r| r.end)
            .min(text.len());
        &text[start..]
    }

    /// A page's body as HTML: the one rendered during the load when the page kept it
    /// (a repository loaded without the site's renderer has none), else rendered now
    /// for a page at `root`.
    fn rendered_body(&self, page: &crate::model::Page, root: &str) -> RenderedBody {
        match &page.rendered {
            Some(kept) => kept.as_ref().clone(),
            None => render::render(self.markdown_body(page), &page.title, root),
        }
    }
}
