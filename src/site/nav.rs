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
    titles: FxHashMap<String, String>,
}

#[derive(Default)]
struct Folder {
    pages: Vec<(String, String)>,
    folders: BTreeMap<String, Folder>,
}

/// Builds the tree of `pages` (page index, URL), the home page (`index.html`) excluded.
pub fn tree(repo: &Repository, pages: &[(usize, String)]) -> Tree {
    let mut top = Folder::default();
    let mut titles = FxHashMap::default();
    for (i, url) in pages {
        let title = repo.model.pages[*i].title.clone();
        titles.insert(url.clone(), title.clone());
        if url == "index.html" {
            continue;
        }
        let mut folder = &mut top;
        let parts: Vec<&str> = url.split('/').collect();
        for dir in &parts[..parts.len() - 1] {
            folder = folder.folders.entry(dir.to_string()).or_default();
        }
        folder.pages.push((title, url.clone()));
    }
    Tree {
        roots: nodes(&top, "", &titles),
        titles,
    }
}

fn nodes(folder: &Folder, prefix: &str, titles: &FxHashMap<String, String>) -> Vec<Node> {
    let index = format!("{prefix}index.html");
    let mut out: Vec<Node> = folder
        .pages
        .iter()
        .filter(|(_, url)| prefix.is_empty() || *url != index)
        .map(|(title, url)| Node {
            title: title.clone(),
            url: Some(url.clone()),
            children: Vec::new(),
        })
        .collect();
    for (name, sub) in &folder.folders {
        let sub_prefix = format!("{prefix}{name}/");
        let sub_index = format!("{sub_prefix}index.html");
        out.push(Node {
            title: titles
                .get(&sub_index)
                .cloned()
                .unwrap_or_else(|| humanize(name)),
            url: titles.contains_key(&sub_index).then_some(sub_index),
            children: nodes(sub, &sub_prefix, titles),
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

/// Home, then each folder above `url` (linked when it has an index page), then the page.
pub fn breadcrumbs(tree: &Tree, url: &str) -> minijinja::Value {
    let mut crumbs = vec![record! {"title" => "Home", "url" => "index.html"}];
    let parts: Vec<&str> = url.split('/').collect();
    let mut prefix = String::new();
    for dir in &parts[..parts.len() - 1] {
        prefix.push_str(dir);
        prefix.push('/');
        let index = format!("{prefix}index.html");
        if index == url {
            break;
        }
        let title = tree
            .titles
            .get(&index)
            .cloned()
            .unwrap_or_else(|| humanize(dir));
        let link = tree.titles.contains_key(&index).then_some(index);
        crumbs.push(record! {"title" => title, "url" => link});
    }
    let title = tree.titles.get(url).map_or("", String::as_str);
    crumbs.push(record! {"title" => title, "url" => ()});
    minijinja::Value::from(crumbs)
}

/// `assets/nav.js`: the tree for the sidebar, shared by every page.
pub fn script(tree: &Tree) -> String {
    /// A node as the script reads it, serialised straight to JSON text (the tree of a
    /// large handbook has tens of thousands of nodes).
    #[derive(serde::Serialize)]
    struct Short<'a> {
        t: &'a str,
        u: Option<&'a str>,
        c: Vec<Short<'a>>,
    }
    fn short(nodes: &[Node]) -> Vec<Short<'_>> {
        nodes
            .iter()
            .map(|n| Short {
                t: &n.title,
                u: n.url.as_deref(),
                c: short(&n.children),
            })
            .collect()
    }
    let json = serde_json::to_string(&short(&tree.roots)).unwrap_or_else(|_| "[]".into());
    format!("window.OPSCTL_NAV = {json};\n")
}
