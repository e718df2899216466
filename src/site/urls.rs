//! Where each page of the site lives, and relative links between pages, so the
//! site works from `file://` and under any sub-path.

use rayon::prelude::*;
use rustc_hash::{FxHashMap, FxHashSet};

use crate::model::Model;

/// The generated pages' URLs, reserved: a Markdown page may not map onto one.
pub const RESERVED: &[&str] = &[
    "index.html",
    "goals.html",
    "capabilities.html",
    "offerings.html",
    "people.html",
    "kpis.html",
    "cadences.html",
    "findings.html",
    "tags.html",
];

/// A path segment with the characters that would break a URL or a file name (`#`,
/// `?`, `%`, spaces, quotes, slashes of an id) replaced by `-`.
pub fn segment(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    push_segment(&mut out, name);
    out
}

/// Appends [`segment`]`(name)` to `out`.
fn push_segment(out: &mut String, name: &str) {
    // Most names are already safe: copy them without looking at each character twice.
    if name.bytes().all(|b| SAFE_ASCII[usize::from(b)]) {
        out.push_str(name);
        return;
    }
    out.extend(name.chars().map(|c| {
        if c.is_alphanumeric() || "._~-+,;=@!$()*".contains(c) {
            c
        } else {
            '-'
        }
    }));
}

/// The ASCII bytes [`segment`] keeps as they are.
static SAFE_ASCII: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 128 {
        let c = b as u8;
        table[b] = c.is_ascii_alphanumeric()
            || matches!(
                c,
                b'.' | b'_'
                    | b'~'
                    | b'-'
                    | b'+'
                    | b','
                    | b';'
                    | b'='
                    | b'@'
                    | b'!'
                    | b'$'
                    | b'('
                    | b')'
                    | b'*'
            );
        b += 1;
    }
    table
};

/// Where a repository file goes in the site: the same path, each segment made safe
/// (`..` and `.` cannot occur: paths come from the source listing).
pub fn site_path(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    push_site_path(&mut out, path);
    out
}

/// Appends [`site_path`]`(path)` to `out`.
fn push_site_path(out: &mut String, path: &str) {
    for (i, name) in path.split('/').enumerate() {
        if i > 0 {
            out.push('/');
        }
        push_segment(out, name);
    }
}

/// The URL (from the site root) of a Markdown page: `a/b.md` → `a/b.html`,
/// `a/index.md` and `a/README.md` → `a/index.html`.
pub fn page_url(path: &str) -> String {
    // Built in one string: every page's URL is asked for several times per build.
    let mut url = String::with_capacity(path.len() + 8);
    let name = match path.rsplit_once('/') {
        Some((dir, name)) => {
            push_site_path(&mut url, dir);
            url.push('/');
            name
        }
        None => path,
    };
    let stem = name.strip_suffix(".md").unwrap_or(name);
    if stem.eq_ignore_ascii_case("index") || stem.eq_ignore_ascii_case("readme") {
        url.push_str("index");
    } else {
        push_segment(&mut url, stem);
    }
    url.push_str(".html");
    url
}

/// An entity id as a file name; ids that are not slugs (already reported by the
/// check) cannot reach outside their folder.
fn id_file(id: &str) -> String {
    let name = segment(id).replace('.', "-");
    if name.is_empty() { "-".into() } else { name }
}

pub fn capability_url(id: &str) -> String {
    format!("capability/{}.html", id_file(id))
}

pub fn person_url(id: &str) -> String {
    format!("person/{}.html", id_file(id))
}

/// The prefix that leads from `url` back to the site root (`""`, `"../"`, …).
pub fn root_of(url: &str) -> String {
    "../".repeat(url.matches('/').count())
}

/// Rewrites a link written in a Markdown page to where its target is in the site:
/// `../x.md#a` → `../x.html#a`, `/sops/a.md` → `{root}sops/a.html`, segments made
/// safe as [`site_path`] does. External links and plain anchors are kept.
pub fn rewrite_link(dest: &str, root: &str) -> Option<String> {
    if dest.is_empty() || dest.starts_with('#') || has_scheme(dest) || dest.starts_with("//") {
        return None;
    }
    let (rest, anchor) = match dest.split_once('#') {
        Some((p, a)) => (p, Some(a)),
        None => (dest, None),
    };
    let (path, query) = match rest.split_once('?') {
        Some((p, q)) => (p, Some(q)),
        None => (rest, None),
    };
    let decoded = percent_decode(path);
    let (rooted, relative) = match decoded.strip_prefix('/') {
        Some(rest) => (true, rest.to_string()),
        None => (false, decoded),
    };
    let parts: Vec<&str> = relative.split('/').collect();
    let last = parts.len() - 1;
    let mut mapped: Vec<String> = Vec::with_capacity(parts.len());
    for (i, part) in parts.iter().enumerate() {
        mapped.push(match *part {
            "" | "." | ".." => part.to_string(),
            name if i == last && name.ends_with(".md") => page_url(name),
            name => segment(name),
        });
    }
    let is_page = parts[last].ends_with(".md");
    // A link to a folder opens its index page: from file:// a folder URL would show
    // a file listing, not the page.
    if matches!(parts[last], "" | "." | "..") {
        if parts[last].is_empty() {
            mapped.pop();
        }
        mapped.push("index.html".into());
    }
    let mut url = if rooted {
        format!("{root}{}", mapped.join("/"))
    } else {
        mapped.join("/")
    };
    if let (Some(query), false) = (query, is_page) {
        url.push('?');
        url.push_str(query);
    }
    if let Some(anchor) = anchor {
        url.push('#');
        url.push_str(anchor);
    }
    Some(url)
}

fn has_scheme(dest: &str) -> bool {
    dest.find(':').is_some_and(|colon| {
        let scheme = &dest[..colon];
        !scheme.is_empty()
            && scheme
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
    })
}

/// Percent-encodes a repository path for use inside a URL (`/` kept).
pub fn percent_encode_path(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for byte in path.bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~/".contains(&byte) {
            out.push(byte as char);
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

/// Decodes `%XX` escapes; anything malformed is kept as written.
pub fn percent_decode(text: &str) -> String {
    if !text.contains('%') {
        return text.to_string();
    }
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 3 <= bytes.len() && text.is_char_boundary(i + 3) {
            if let Ok(byte) = u8::from_str_radix(&text[i + 1..i + 3], 16) {
                out.push(byte);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Why a page, or a file pages link to, cannot be published where its URL says.
pub enum Conflict {
    /// Another page is published there (the first in model order).
    Page(usize),
    /// The site generates a page or an asset there.
    Generated,
    /// A name in the path is longer than file systems take ([`NAME_MAX`] bytes).
    TooLong,
    /// Another file pages link to is published there.
    File(String),
    /// The site has a folder there, holding pages.
    Folder,
}

/// The longest file name most file systems take, in bytes.
pub const NAME_MAX: usize = 255;

fn too_long(url: &str) -> bool {
    url.split('/').any(|name| name.len() > NAME_MAX)
}

/// The URLs the site writes itself: generated pages, entity pages, the marker.
fn generated_urls(model: &Model) -> FxHashSet<String> {
    let mut generated: FxHashSet<String> = RESERVED.iter().map(|r| r.to_string()).collect();
    generated.insert(super::output::MARKER.to_string());
    generated.extend(
        model
            .capabilities
            .iter()
            .map(|c| capability_url(&c.id.value)),
    );
    generated.extend(model.people.iter().map(|p| person_url(&p.id.value)));
    generated
}

/// The files (neither pages nor folders) that pages link to, by repository path, each
/// with the first page (in model order) and link that leads to it: they are copied
/// into the site.
pub fn linked_files(
    repo: &crate::load::Repository,
) -> std::collections::BTreeMap<String, (usize, std::ops::Range<usize>)> {
    let (model, paths, folders) = (&repo.model, &repo.paths, &repo.folders);
    // Pages side by side on all threads: a large handbook has tens of thousands of links.
    let found: Vec<(String, usize, std::ops::Range<usize>)> = (model.pages.par_iter())
        .enumerate()
        .flat_map_iter(|(i, page)| {
            page.outline.links.iter().filter_map(move |link| {
                // Most links lead to pages: passed over before being resolved.
                let path = link.dest.split(['#', '?']).next().unwrap_or_default();
                if path.ends_with(".md") || path.is_empty() {
                    return None;
                }
                let target = crate::check::link_target(&page.path, &link.dest)?;
                let file = !target.ends_with(".md")
                    && paths.contains(&target)
                    && !folders.contains(&target);
                file.then(|| (target, i, link.span.clone()))
            })
        })
        .collect();
    let mut files = std::collections::BTreeMap::new();
    for (target, page, span) in found {
        files.entry(target).or_insert((page, span));
    }
    files
}

/// Every file pages link to (from [`linked_files`]) that cannot be published at its
/// path in the site, with its site path and why; `page_urls` holds every page's URL
/// in model order. The others are copied.
pub fn file_conflicts<'f>(
    model: &Model,
    page_urls: &[String],
    files: impl IntoIterator<Item = &'f String>,
) -> Vec<(String, String, Conflict)> {
    let generated = generated_urls(model);
    let mut pages: FxHashMap<&str, usize> = FxHashMap::default();
    let mut folders: FxHashSet<&str> = ["assets", "capability", "person"].into_iter().collect();
    for (i, url) in page_urls.iter().enumerate() {
        pages.entry(url.as_str()).or_insert(i);
        folders.extend(url.match_indices('/').map(|(end, _)| &url[..end]));
    }
    let mut seen: FxHashMap<String, &String> = FxHashMap::default();
    let mut out = Vec::new();
    for file in files {
        let url = site_path(file);
        let conflict = if too_long(&url) {
            Conflict::TooLong
        } else if generated.contains(&url) || url.starts_with("assets/") {
            Conflict::Generated
        } else if let Some(&page) = pages.get(url.as_str()) {
            Conflict::Page(page)
        } else if folders.contains(url.as_str()) {
            Conflict::Folder
        } else if let Some(first) = seen.get(&url) {
            Conflict::File((*first).clone())
        } else {
            seen.insert(url, file);
            continue;
        };
        out.push((file.clone(), url, conflict));
    }
    out
}

/// Every page whose URL is taken, with what takes it (pages in model order; the
/// first page at a URL keeps it).
pub fn conflicts(model: &Model) -> Vec<(usize, String, Conflict)> {
    conflicts_among(model, &every_page_url(model))
}

/// Every page's URL, in model order, worked out on all threads.
pub fn every_page_url(model: &Model) -> Vec<String> {
    (model.pages.par_iter())
        .map(|p| page_url(&p.path))
        .collect()
}

/// Like [`conflicts`], given every page's URL in model order ([`every_page_url`]).
pub fn conflicts_among(model: &Model, urls: &[String]) -> Vec<(usize, String, Conflict)> {
    let mut generated = generated_urls(model);
    // The root's index page is the home page's text.
    generated.remove("index.html");
    let mut seen: FxHashMap<&str, usize> = Default::default();
    let mut out = Vec::new();
    for (i, url) in urls.iter().enumerate() {
        if too_long(url) {
            out.push((i, url.clone(), Conflict::TooLong));
        } else if generated.contains(url) || url.starts_with("assets/") {
            out.push((i, url.clone(), Conflict::Generated));
        } else if let Some(&first) = seen.get(url.as_str()) {
            out.push((i, url.clone(), Conflict::Page(first)));
        } else {
            seen.insert(url, i);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_mirror_paths() {
        assert_eq!(
            page_url("sops/support/escalation.md"),
            "sops/support/escalation.html"
        );
        assert_eq!(page_url("sops/README.md"), "sops/index.html");
        assert_eq!(page_url("index.md"), "index.html");
        assert_eq!(page_url("notes/what#is?this.md"), "notes/what-is-this.html");
        assert_eq!(page_url("my dir/a b.md"), "my-dir/a-b.html");
        assert_eq!(root_of("sops/support/escalation.html"), "../../");
        assert_eq!(root_of("index.html"), "");
    }

    #[test]
    fn entity_pages_stay_in_their_folder() {
        assert_eq!(capability_url("../../../x"), "capability/---------x.html");
        assert_eq!(person_url("maya"), "person/maya.html");
    }

    #[test]
    fn links_become_site_links() {
        assert_eq!(
            rewrite_link("../on-call.md#rota", "").as_deref(),
            Some("../on-call.html#rota")
        );
        assert_eq!(
            rewrite_link("team/README.md", "").as_deref(),
            Some("team/index.html")
        );
        assert_eq!(
            rewrite_link("q.md?plain=1#sec", "").as_deref(),
            Some("q.html#sec")
        );
        assert_eq!(
            rewrite_link("/a/index.md", "../../").as_deref(),
            Some("../../a/index.html")
        );
        assert_eq!(
            rewrite_link("what%23is%3Fthis.md", "").as_deref(),
            Some("what-is-this.html")
        );
        assert_eq!(
            rewrite_link("img/a%20b.png", "").as_deref(),
            Some("img/a-b.png")
        );
        assert_eq!(
            rewrite_link("../sops/", "").as_deref(),
            Some("../sops/index.html")
        );
        assert_eq!(rewrite_link("..", "").as_deref(), Some("../index.html"));
        assert_eq!(rewrite_link("/", "../").as_deref(), Some("../index.html"));
        assert_eq!(
            rewrite_link("./#steps", "").as_deref(),
            Some("./index.html#steps")
        );
        assert_eq!(rewrite_link("https://x.example/a.md", ""), None);
        assert_eq!(rewrite_link("#top", ""), None);
        assert_eq!(percent_encode_path("sops/a b#c.md"), "sops/a%20b%23c.md");
        assert_eq!(percent_decode("a%20b%C3%A9"), "a bé");
    }
}
