//! `tags.html`: every tag of the pages' front matter, each with the pages that carry
//! it, and the id a tag's group has there (which the tags in a page's header link to).

use std::collections::BTreeMap;

use super::Site;
use super::record::{list, record};

/// The id of `tag`'s group on the tags page: `tag-` and the tag in lower case, with
/// each run of spaces, `-` and `_` between its words made one `-`, and every other
/// character but an ASCII letter or digit written as `_`, its code in hex and `_`.
/// Ids validators accept; two tags that differ only in case or in how their words are
/// joined ("On call", "on-call", "on_call") are one tag. `None` for a tag with no
/// word.
pub fn tag_anchor(tag: &str) -> Option<String> {
    let mut anchor = String::with_capacity(tag.len() + 4);
    anchor.push_str("tag-");
    let mut gap = false;
    for c in tag.chars().flat_map(char::to_lowercase) {
        if c.is_whitespace() || c == '-' || c == '_' {
            gap = anchor.len() > "tag-".len();
            continue;
        }
        if gap {
            anchor.push('-');
            gap = false;
        }
        if c.is_ascii_alphanumeric() {
            anchor.push(c);
        } else {
            anchor.push_str(&format!("_{:x}_", u32::from(c)));
        }
    }
    (anchor.len() > "tag-".len()).then_some(anchor)
}

/// A page's tags as written, each tag once (the first of its spellings) and those
/// with no word left out: as its header shows them and the search matches them.
pub fn of_page(page: &crate::model::Page) -> Vec<&str> {
    let mut seen = std::collections::HashSet::new();
    (page.meta.tags.iter())
        .map(|t| t.value.trim())
        .filter(|t| tag_anchor(t).is_some_and(|a| seen.insert(a)))
        .collect()
}

/// A tag and the pages that carry it.
pub struct Tag<'a> {
    anchor: String,
    /// The spelling most of its pages use (of two as common, the one that sorts
    /// last: lower case before capitals).
    name: &'a str,
    /// Positions of the pages, by title.
    pages: Vec<usize>,
}

/// Every tag of the pages in the site, by name regardless of case: each page once
/// under each of its tags (grouped once per site).
fn tags<'s, 'a>(site: &'s Site<'a>) -> &'s [Tag<'a>] {
    site.tags.get_or_init(|| group(site))
}

fn group<'a>(site: &Site<'a>) -> Vec<Tag<'a>> {
    let views = &site.views;
    let model = &views.repo.model;
    let mut by_anchor: BTreeMap<String, (BTreeMap<&str, usize>, Vec<usize>)> = BTreeMap::new();
    for (i, page) in model.pages.iter().enumerate() {
        if !views.published(i) {
            continue;
        }
        for tag in &page.meta.tags {
            let Some(anchor) = tag_anchor(&tag.value) else {
                continue;
            };
            let (spellings, pages) = by_anchor.entry(anchor).or_default();
            // A spelling counts once per page, as the page does.
            if pages.last() != Some(&i) {
                pages.push(i);
                *spellings.entry(tag.value.trim()).or_default() += 1;
            }
        }
    }
    let mut tags: Vec<Tag> = by_anchor
        .into_iter()
        .map(|(anchor, (spellings, mut pages))| {
            let name = (spellings.into_iter())
                .max_by(|a, b| a.1.cmp(&b.1).then(a.0.cmp(b.0)))
                .map_or("", |(name, _)| name);
            super::views::sort_by_title(model, &mut pages);
            Tag {
                anchor,
                name,
                pages,
            }
        })
        .collect();
    tags.sort_by_cached_key(|t| (t.name.to_lowercase(), t.anchor.clone()));
    tags
}

/// How many tags the home page shows.
const HOME_TAGS: usize = 20;

/// The home page's tags: the `HOME_TAGS` that most pages carry (`name`, `anchor`,
/// `count`), and how many there are in all; none when no page has a tag.
pub fn most_used(site: &Site) -> Option<minijinja::Value> {
    let tags = tags(site);
    if tags.is_empty() {
        return None;
    }
    let mut most: Vec<&Tag> = tags.iter().collect();
    // Stable: as many pages keep the order of the tags page.
    most.sort_by_key(|t| std::cmp::Reverse(t.pages.len()));
    let shown = list(most.into_iter().take(HOME_TAGS).map(|t| {
        record! {"name" => t.name, "anchor" => t.anchor.as_str(), "count" => t.pages.len()}
    }));
    let total = tags.len();
    Some(record! {"shown" => shown, "total" => total})
}

/// The tags page.
pub fn page(site: &Site) -> Result<String, String> {
    let views = &site.views;
    let tags = tags(site);
    let tagged = {
        let mut all: Vec<usize> = tags.iter().flat_map(|t| t.pages.iter().copied()).collect();
        all.sort_unstable();
        all.dedup();
        all.len()
    };
    let tags = list(tags.iter().map(|tag| {
        record! {
            "name" => tag.name,
            "anchor" => tag.anchor.as_str(),
            "pages" => list(tag.pages.iter().map(|&i| views.page_row(i))),
        }
    }));
    let data = record! {"tags" => tags, "tagged" => tagged};
    site.render("tags.html", "tags.html", "Tags", data)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_tag_anchor_is_a_valid_id_shared_by_spellings_of_one_tag() {
        let anchor = |tag| tag_anchor(tag).unwrap_or_default();
        for same in [
            "on-call",
            "On call",
            "  on   CALL ",
            "on - call",
            "on_call",
            "-on-call-",
        ] {
            assert_eq!(anchor(same), "tag-on-call", "{same:?}");
        }
        assert_eq!(anchor("Über"), "tag-_fc_ber");
        assert_eq!(anchor("c++"), "tag-c_2b__2b_");
        assert_eq!(anchor("q3"), "tag-q3");
        // A tag's words never make the id another tag's words make.
        assert_ne!(anchor("a+b"), anchor("a b"));
        assert_ne!(anchor("x title"), anchor("x"));
        assert_ne!(anchor("a_2b_"), anchor("a+"));
        for tag in ["x/y", "#hash", "naïve café", "日本", "🔥"] {
            let anchor = anchor(tag);
            assert!(
                anchor.len() > 4
                    && anchor
                        .chars()
                        .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_'),
                "{anchor}"
            );
        }
        for blank in ["", "  ", "-", "_ -"] {
            assert_eq!(tag_anchor(blank), None, "{blank:?}");
        }
    }
}
