//! Where each page of the site lives, and relative links between pages, so the
//! site works from `file://` and under any sub-path.

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
];

/// The URL (from the site root) of a Markdown page: `a/b.md` → `a/b.html`,
/// `a/index.md` and `a/README.md` → `a/index.html`.
pub fn page_url(path: &str) -> String {
    let (dir, name) = match path.rsplit_once('/') {
        Some((dir, name)) => (format!("{dir}/"), name),
        None => (String::new(), path),
    };
    let stem = name.strip_suffix(".md").unwrap_or(name);
    if stem.eq_ignore_ascii_case("index") || stem.eq_ignore_ascii_case("readme") {
        format!("{dir}index.html")
    } else {
        format!("{dir}{stem}.html")
    }
}

pub fn capability_url(id: &str) -> String {
    format!("capability/{id}.html")
}

pub fn person_url(id: &str) -> String {
    format!("person/{id}.html")
}

/// The prefix that leads from `url` back to the site root (`""`, `"../"`, …).
pub fn root_of(url: &str) -> String {
    "../".repeat(url.matches('/').count())
}

/// Rewrites a Markdown link written in the page at `from` (a repository path) to the
/// page it becomes in the site: `../x.md#a` → `../x.html#a`. Other links are kept.
pub fn rewrite_link(dest: &str) -> Option<String> {
    if dest.starts_with('#') || dest.contains("://") || dest.starts_with("mailto:") {
        return None;
    }
    let (path, anchor) = match dest.split_once('#') {
        Some((p, a)) => (p, Some(a)),
        None => (dest, None),
    };
    let name = path.rsplit('/').next().unwrap_or(path);
    if !name.ends_with(".md") {
        return None;
    }
    let dir = &path[..path.len() - name.len()];
    let mut url = format!("{dir}{}", page_url(name));
    if let Some(anchor) = anchor {
        url.push('#');
        url.push_str(anchor);
    }
    Some(url)
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
        assert_eq!(root_of("sops/support/escalation.html"), "../../");
        assert_eq!(root_of("index.html"), "");
    }

    #[test]
    fn links_to_pages_become_links_to_html() {
        assert_eq!(
            rewrite_link("../on-call.md#rota").as_deref(),
            Some("../on-call.html#rota")
        );
        assert_eq!(
            rewrite_link("team/README.md").as_deref(),
            Some("team/index.html")
        );
        assert_eq!(rewrite_link("https://x.example/a.md"), None);
        assert_eq!(rewrite_link("diagram.png"), None);
    }
}
