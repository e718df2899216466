//! `tags.html`: every tag of the pages' front matter, each with the pages that carry
//! it, and the id a tag's group has there (which the tags in a page's header link to).

use std::collections::BTreeMap;

use super::Site;
use super::record::{list, record};

/// The id of `tag`'s group on the tags page: `tag-` and the tag in lower case, with
/// runs of spaces and `-` made one `-`, and every other character but an ASCII
/// letter or digit written as `_` and its code in hex and `_`. Ids validators accept,
/// and two tags that differ only in case or in how their words are joined ("On call",
/// "on-call") are one tag.
pub fn tag_anchor(tag: &str) -> String {
    let mut anchor = String::with_capacity(tag.len() + 4);
    anchor.push_str("tag-");
    let mut gap = false;
    for c in tag.trim().chars().flat_map(char::to_lowercase) {
        if c.is_whitespace() || c == '-' {
            gap = true;
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
    anchor
}

/// A tag and the pages that carry it.
struct Tag<'a> {
    anchor: String,
    /// The spelling most pages use (the first in sort order when as many use two).
    name: &'a str,
    /// Positions of the pages, by title.
    pages: Vec<usize>,
}

/// Every tag, ordered by anchor: each page once under each of its tags.
fn tags<'a>(site: &Site<'a>) -> Vec<Tag<'a>> {
    let model = &site.views.repo.model;
    let mut by_anchor: BTreeMap<String, (BTreeMap<&str, usize>, Vec<usize>)> = BTreeMap::new();
    for (i, page) in model.pages.iter().enumerate() {
        for tag in &page.meta.tags {
            let (spellings, pages) = by_anchor.entry(tag_anchor(&tag.value)).or_default();
            *spellings.entry(tag.value.as_str()).or_default() += 1;
            if pages.last() != Some(&i) {
                pages.push(i);
            }
        }
    }
    by_anchor
        .into_iter()
        .filter(|(anchor, _)| anchor != "tag-")
        .map(|(anchor, (spellings, mut pages))| {
            let name = (spellings.iter())
                .max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(a.0)))
                .map_or("", |(name, _)| name.trim());
            pages.sort_by(|&a, &b| {
                let (a, b) = (&model.pages[a], &model.pages[b]);
                (a.title.as_str(), a.path.as_str()).cmp(&(b.title.as_str(), b.path.as_str()))
            });
            Tag {
                anchor,
                name,
                pages,
            }
        })
        .collect()
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
    let tags = list(tags.into_iter().map(|tag| {
        record! {
            "name" => tag.name,
            "anchor" => tag.anchor,
            "pages" => list(tag.pages.into_iter().map(|i| views.page_row(i))),
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
        for same in ["on-call", "On call", "  on   CALL ", "on - call"] {
            assert_eq!(tag_anchor(same), "tag-on-call", "{same:?}");
        }
        assert_eq!(tag_anchor("on_call"), "tag-on_5f_call");
        assert_eq!(tag_anchor("Über"), "tag-_fc_ber");
        assert_eq!(tag_anchor("c++"), "tag-c_2b__2b_");
        assert_eq!(tag_anchor("q3"), "tag-q3");
        assert_ne!(tag_anchor("a+b"), tag_anchor("a b"));
        for tag in ["x/y", "#hash", "naïve café", "日本"] {
            let anchor = tag_anchor(tag);
            assert!(
                anchor
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_'),
                "{anchor}"
            );
        }
    }
}
