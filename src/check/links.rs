//! `broken-link`: relative links between pages, to files and to headings resolve.

use std::collections::HashMap;
use std::sync::OnceLock;

use super::Cx;
use crate::finding::Finding;
use crate::model::Page;
use crate::site::urls::percent_decode;
use crate::suggest;

pub fn check(cx: &mut Cx) {
    // Built at the first missing page, if any.
    let nearby = OnceLock::new();
    cx.each_page(|cx, page, found| {
        for link in &page.outline.links {
            if let Some((message, help)) = problem(cx, page, &link.dest, &nearby) {
                found.push(
                    Finding::new("broken-link", cx.at(page.file, &link.span), message)
                        .maybe_help(help)
                        .subject(page.path.clone()),
                );
            }
        }
    });
}

/// Whether `dest` is an external URL (`https:`, `mailto:`) or protocol-relative.
fn is_external(dest: &str) -> bool {
    if dest.starts_with("//") {
        return true;
    }
    match dest.find(':') {
        Some(colon) => {
            let scheme = &dest[..colon];
            !scheme.is_empty()
                && scheme
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
        }
        None => false,
    }
}

/// The repository path a link written in the page at `from` points to: `None` for an
/// external URL, a link to an anchor of the same page, or one that climbs above the
/// root. Query and anchor are left off and the path is percent-decoded.
pub fn local_target(from: &str, dest: &str) -> Option<String> {
    let path = dest.split(['#', '?']).next().unwrap_or_default();
    if path.is_empty() || is_external(dest) {
        return None;
    }
    resolve(from, &percent_decode(path))
}

/// The link target as a repository path, resolved against the linking page; `None`
/// when it climbs above the repository's root.
pub fn resolve(from: &str, path: &str) -> Option<String> {
    // Built in one string, the linking page's folder first: the check and the site
    // resolve every link of every page.
    let mut target = String::with_capacity(from.len() + path.len());
    if !path.starts_with('/') {
        if let Some((folder, _)) = from.rsplit_once('/') {
            target.push_str(folder);
        }
    }
    for part in path.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                if target.is_empty() {
                    return None;
                }
                target.truncate(target.rfind('/').unwrap_or(0));
            }
            other => {
                if !target.is_empty() {
                    target.push('/');
                }
                target.push_str(other);
            }
        }
    }
    Some(target)
}

/// The pages a missing path may have meant: those in the same folder or with the same
/// file name. Measuring the distance to every page made a check of 20,000 pages with a
/// hundred broken links (after pages were renamed) take seconds instead of a fraction.
#[derive(Default)]
struct Nearby<'a> {
    by_folder: HashMap<&'a str, Vec<&'a str>>,
    by_name: HashMap<&'a str, Vec<&'a str>>,
}

fn folder_and_name(path: &str) -> (&str, &str) {
    path.rsplit_once('/').unwrap_or(("", path))
}

impl<'a> Nearby<'a> {
    fn new(pages: &'a [Page]) -> Self {
        let mut nearby = Nearby::default();
        for page in pages {
            let (folder, name) = folder_and_name(&page.path);
            nearby.by_folder.entry(folder).or_default().push(&page.path);
            nearby.by_name.entry(name).or_default().push(&page.path);
        }
        nearby
    }

    fn to(&self, path: &str) -> impl Iterator<Item = &'a str> {
        let (folder, name) = folder_and_name(path);
        let same = |map: &HashMap<&'a str, Vec<&'a str>>, key| {
            map.get(key)
                .into_iter()
                .flatten()
                .copied()
                .collect::<Vec<_>>()
        };
        same(&self.by_folder, folder)
            .into_iter()
            .chain(same(&self.by_name, name))
    }
}

fn problem<'a>(
    cx: &Cx<'a>,
    page: &Page,
    dest: &str,
    nearby: &OnceLock<Nearby<'a>>,
) -> Option<(String, Option<String>)> {
    if dest.is_empty() || is_external(dest) {
        return None;
    }
    let (path, anchor) = dest.split_once('#').unwrap_or((dest, ""));
    let anchor = percent_decode(anchor);
    let anchor = anchor.as_str();
    let path = path.split('?').next().unwrap_or(path);
    let target_path = if path.is_empty() {
        page.path.clone()
    } else {
        let Some(resolved) = resolve(&page.path, &percent_decode(path)) else {
            return Some((format!("link `{dest}` points outside the repository"), None));
        };
        resolved
    };
    let mut target = cx.index.page(&target_path).map(|i| &cx.model.pages[i]);
    if path.ends_with('/') && target.is_none() {
        // A link to a folder opens its index page.
        target = folder_index(cx, &target_path);
    }
    if cx.repo.symlinks.contains(&target_path) {
        return Some((
            format!(
                "link `{dest}`: `{target_path}` is a symbolic link, which opsctl does not follow, so the site does not have it"
            ),
            Some("link to the file it points to, or put the file itself in its place".into()),
        ));
    }
    if target.is_none() && !target_path.is_empty() && !cx.repo.paths.contains(&target_path) {
        let nearby = nearby.get_or_init(|| Nearby::new(&cx.model.pages));
        let help = suggest::did_you_mean(&target_path, nearby.to(&target_path))
            .map(|s| format!("{s} (paths are relative to {})", page.path));
        return Some((
            format!("link `{dest}`: `{target_path}` does not exist"),
            help,
        ));
    }
    let target = match target {
        Some(target) => target,
        None => return not_published(cx, dest, path, &target_path, anchor),
    };
    if anchor.is_empty() || target.outline.headings.iter().any(|h| h.anchor == anchor) {
        return None;
    }
    let anchors = target.outline.headings.iter().map(|h| h.anchor.as_str());
    let help = suggest::did_you_mean(anchor, anchors).or_else(|| {
        let all: Vec<&str> = target
            .outline
            .headings
            .iter()
            .map(|h| h.anchor.as_str())
            .take(8)
            .collect();
        (!all.is_empty()).then(|| format!("headings of `{}`: #{}", target.path, all.join(", #")))
    });
    Some((
        format!(
            "link `{dest}`: `{}` has no heading `#{anchor}`",
            target.path
        ),
        help,
    ))
}

/// The page a folder's URL opens: its `index.md` or `README.md`.
fn folder_index<'a>(cx: &Cx<'a>, folder: &str) -> Option<&'a Page> {
    let page = [
        "index.md",
        "README.md",
        "readme.md",
        "Index.md",
        "INDEX.md",
        "Readme.md",
    ]
    .iter()
    .find_map(|name| match folder {
        "" => cx.index.page(name),
        _ => cx.index.page(&format!("{folder}/{name}")),
    })?;
    Some(&cx.model.pages[page])
}

/// What is wrong with a link to a path that exists but is no page: a folder the site
/// can only open through a link ending in `/`, or that has no index page, or a
/// Markdown file the handbook leaves out. Other files are published as they are.
fn not_published(
    cx: &Cx,
    dest: &str,
    path: &str,
    target_path: &str,
    anchor: &str,
) -> Option<(String, Option<String>)> {
    if cx.repo.folders.contains(target_path) {
        return Some(match folder_index(cx, target_path) {
            Some(index) if !path.ends_with('/') => (
                format!(
                    "link `{dest}` leads to the folder `{target_path}`: the site opens its index page only through a link ending in `/`"
                ),
                Some(format!(
                    "write `{path}/{}` (or link to `{}`)",
                    if anchor.is_empty() {
                        String::new()
                    } else {
                        format!("#{anchor}")
                    },
                    index.path
                )),
            ),
            _ => (
                format!(
                    "link `{dest}` leads to the folder `{target_path}`, which has no index page (index.md or README.md), so the site has nothing there"
                ),
                Some(format!(
                    "link to a page in it, or add `{target_path}/README.md`"
                )),
            ),
        });
    }
    target_path.ends_with(".md").then(|| {
        (
            format!("link `{dest}`: `{target_path}` is not one of the handbook's pages (it is hidden, or excluded by [check] exclude), so the site does not have it"),
            Some("link to a page of the handbook, or publish this one".into()),
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Resolves by parts, as `resolve` did before it built one string.
    fn resolve_by_parts(from: &str, path: &str) -> Option<String> {
        let mut parts: Vec<&str> = if path.starts_with('/') {
            Vec::new()
        } else {
            from.split('/').collect::<Vec<_>>()[..from.matches('/').count()].to_vec()
        };
        for part in path.split('/') {
            match part {
                "" | "." => {}
                ".." => {
                    parts.pop()?;
                }
                other => parts.push(other),
            }
        }
        Some(parts.join("/"))
    }

    proptest::proptest! {
        #[test]
        fn resolves_as_by_parts(
            from in proptest::collection::vec("[a-c]{1,3}", 1..4),
            path in proptest::collection::vec(link_part(), 0..6),
            rooted: bool,
        ) {
            let from = from.join("/");
            let path = format!("{}{}", if rooted { "/" } else { "" }, path.join("/"));
            proptest::prop_assert_eq!(resolve(&from, &path), resolve_by_parts(&from, &path));
        }
    }

    /// A part of a link's path: a name, `..`, `.` or nothing (as between `//`).
    fn link_part() -> impl proptest::strategy::Strategy<Value = String> {
        proptest::prop_oneof![
            "[a-c]{1,2}",
            proptest::strategy::Just("..".to_string()),
            proptest::strategy::Just(".".to_string()),
            proptest::strategy::Just(String::new())
        ]
    }

    #[test]
    fn resolves_relative_and_rooted_paths() {
        assert_eq!(
            resolve("sops/a/b.md", "../c.md").as_deref(),
            Some("sops/c.md")
        );
        assert_eq!(resolve("sops/a/b.md", "/x/y.md").as_deref(), Some("x/y.md"));
        assert_eq!(resolve("b.md", "../c.md"), None);
        assert!(is_external("https://example.com"));
        assert!(is_external("mailto:a@b"));
        assert!(!is_external("../a.md#x:y"));
    }
}
