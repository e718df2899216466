//! The page tree: one shared `assets/nav.js` for the sidebar (so a page does not carry
//! the whole tree, which made mdBook quadratic), breadcrumbs and reading order.

use std::collections::BTreeMap;

use rustc_hash::FxHashMap;

use super::record::record;
use crate::load::Repository;

/// A folder or a page of the tree.
#[derive(Debug, Default)]
pub struct Node {
    pub title: String,
    /// The page, or the folder's index page.
    pub url: Option<String>,
    /// A folder's own name in its path (`support` for `sops/support/`); empty for a page.
    pub name: String,
    pub children: Vec<Node>,
}

/// A page in reading order.
#[derive(Debug, Clone)]
pub struct Entry {
    pub title: String,
    pub url: String,
}

pub struct Tree {
    pub roots: Vec<Node>,
    /// Each folder's breadcrumb by its path from the root with a trailing slash
    /// (`sops/support/`): its index page's title and URL, else its name made
    /// readable. Made once per folder rather than once per page below it.
    crumbs: FxHashMap<String, minijinja::Value>,
}

#[derive(Default)]
struct Folder {
    /// The folder's pages as (title, URL), its own index page among them.
    pages: Vec<(String, String)>,
    folders: BTreeMap<String, Folder>,
}

/// Builds the tree of `pages` (page index, URL), the home page (`index.html`) excluded.
pub fn tree(repo: &Repository, pages: &[(usize, String)]) -> Tree {
    let mut top = Folder::default();
    // The titles of the folders' index pages, by the folder's path (`sops/`).
    let mut index_titles: FxHashMap<&str, &str> = FxHashMap::default();
    for (i, url) in pages {
        let title = repo.model.pages[*i].title.as_str();
        if url == "index.html" {
            continue;
        }
        if let Some(folder) = url.strip_suffix("index.html").filter(|f| f.ends_with('/')) {
            index_titles.insert(folder, title);
        }
        let mut folder = &mut top;
        let mut dirs = url.split('/');
        dirs.next_back();
        for dir in dirs {
            folder = folder.folders.entry(dir.to_string()).or_default();
        }
        folder.pages.push((title.to_string(), url.clone()));
    }
    let mut crumbs = FxHashMap::default();
    let roots = nodes(top, "", &index_titles, &mut crumbs);
    Tree { roots, crumbs }
}

/// The nodes of `folder`, whose path is `prefix`, sorted by title; each folder's
/// breadcrumb is added to `crumbs` on the way.
fn nodes(
    folder: Folder,
    prefix: &str,
    index_titles: &FxHashMap<&str, &str>,
    crumbs: &mut FxHashMap<String, minijinja::Value>,
) -> Vec<Node> {
    let index = format!("{prefix}index.html");
    let mut out: Vec<Node> = folder
        .pages
        .into_iter()
        .filter(|(_, url)| prefix.is_empty() || *url != index)
        .map(|(title, url)| Node {
            title,
            url: Some(url),
            name: String::new(),
            children: Vec::new(),
        })
        .collect();
    for (name, sub) in folder.folders {
        let sub_prefix = format!("{prefix}{name}/");
        let index_title = index_titles.get(sub_prefix.as_str());
        let title = index_title.map_or_else(|| humanize(&name), |t| t.to_string());
        let url = index_title.map(|_| format!("{sub_prefix}index.html"));
        crumbs.insert(
            sub_prefix.clone(),
            record! {"title" => title.as_str(), "url" => url.as_deref()},
        );
        out.push(Node {
            title,
            url,
            children: nodes(sub, &sub_prefix, index_titles, crumbs),
            name,
        });
    }
    // Each key made once, not once per comparison (a folder may hold thousands).
    out.sort_by_cached_key(|n| n.title.to_lowercase());
    out
}

/// `customer-support` → `Customer support`; `sops` → `SOPs`.
fn humanize(name: &str) -> String {
    match name {
        "sops" => return "SOPs".into(),
        "kpis" => return "KPIs".into(),
        "faq" => return "FAQ".into(),
        _ => {}
    }
    let words = name.replace(['-', '_'], " ");
    let mut chars = words.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// Every page in the order the sidebar shows them, for previous/next links.
pub fn reading_order(tree: &Tree) -> Vec<Entry> {
    fn walk(nodes: &[Node], out: &mut Vec<Entry>) {
        for node in nodes {
            if let Some(url) = &node.url {
                out.push(Entry {
                    title: node.title.clone(),
                    url: url.clone(),
                });
            }
            walk(&node.children, out);
        }
    }
    let mut out = Vec::new();
    walk(&tree.roots, &mut out);
    out
}

/// Home, then each folder above `url` (linked when it has an index page), then the
/// page, titled `title`.
pub fn breadcrumbs(tree: &Tree, url: &str, title: &str) -> minijinja::Value {
    let mut crumbs = vec![record! {"title" => "Home", "url" => "index.html"}];
    for (slash, _) in url.match_indices('/') {
        // A folder's index page ends the trail at its folder's parent.
        if &url[slash + 1..] == "index.html" {
            break;
        }
        // Every folder above a page of the tree has its crumb.
        crumbs.extend(tree.crumbs.get(&url[..=slash]).cloned());
    }
    crumbs.push(record! {"title" => title, "url" => ()});
    minijinja::Value::from(crumbs)
}

/// `assets/nav.js`: the tree for the sidebar, shared by every page. Every page of a
/// large handbook reads it, so it is compact: a page is `[title, file]` and a folder
/// `[title, name, children, 1 if it has an index page else 0]`, each relative to the
/// path of the folder it is in (which took the large corpus's from 2.8 to 2.1 MB and
/// the time Chromium takes to read it from 66 to 39 ms).
pub fn script(tree: &Tree) -> String {
    #[derive(serde::Serialize)]
    #[serde(untagged)]
    enum Short<'a> {
        Page(&'a str, &'a str),
        Folder(&'a str, &'a str, Vec<Short<'a>>, u8),
    }
    fn short(nodes: &[Node]) -> Vec<Short<'_>> {
        nodes
            .iter()
            .map(|n| match (&n.url, n.name.is_empty()) {
                (Some(url), true) => Short::Page(&n.title, url.rsplit('/').next().unwrap_or(url)),
                (url, _) => Short::Folder(
                    &n.title,
                    &n.name,
                    short(&n.children),
                    u8::from(url.is_some()),
                ),
            })
            .collect()
    }
    let json = serde_json::to_string(&short(&tree.roots)).unwrap_or_else(|_| "[]".into());
    format!("window.OPSCTL_NAV = {json};\n")
}
