//! Heading anchors, computed the same way for link checks and for the site.

use rustc_hash::FxHashMap;

/// The GitHub-style slug of a heading: lowercase, punctuation dropped, spaces to `-`.
///
/// ```
/// assert_eq!(opsctl::slug::slugify("Escalating a P1 ticket!"), "escalating-a-p1-ticket");
/// ```
pub fn slugify(text: &str) -> String {
    let text = text.trim();
    if text.is_ascii() {
        // Most headings: byte by byte, without decoding characters.
        let mut slug = Vec::with_capacity(text.len());
        slug.extend(text.bytes().filter_map(ascii_slug));
        // Only ASCII bytes were kept.
        return String::from_utf8(slug).unwrap_or_default();
    }
    let mut slug = String::with_capacity(text.len());
    for ch in text.chars() {
        if ch.is_ascii() {
            slug.extend(ascii_slug(ch as u8).map(char::from));
        } else if ch.is_alphanumeric() {
            slug.extend(ch.to_lowercase());
        } else if ch.is_whitespace() {
            slug.push('-');
        }
    }
    slug
}

/// What an ASCII byte becomes in a slug: letters lowercase, digits, `_` and `-` as
/// they are, whitespace (what `char::is_whitespace` says of ASCII, vertical tab
/// included) `-`, the rest nothing.
fn ascii_slug(byte: u8) -> Option<u8> {
    match byte {
        b'a'..=b'z' | b'0'..=b'9' | b'_' | b'-' => Some(byte),
        b'A'..=b'Z' => Some(byte.to_ascii_lowercase()),
        b' ' | b'\t' | b'\n' | 0x0b | 0x0c | b'\r' => Some(b'-'),
        _ => None,
    }
}

/// The ids of the page's frame (templates/base.html, page.html): a heading never
/// takes one, or a link to it would land on the sidebar or the search box.
const FRAME_IDS: [&str; 8] = [
    "opsctl-main",
    "opsctl-sidebar",
    "opsctl-search-input",
    "opsctl-search-panel",
    "opsctl-search-owner",
    "opsctl-search-capability",
    "opsctl-search-results",
    "opsctl-linked-from",
];

/// Gives repeated slugs on one page the suffixes `-1`, `-2`, … as GitHub does.
#[derive(Debug, Default)]
pub struct Slugger {
    seen: FxHashMap<String, usize>,
}

impl Slugger {
    /// A slugger with room for a page's usual number of headings, so its table is
    /// not grown three or four times on every page.
    pub fn for_page() -> Self {
        Slugger {
            seen: FxHashMap::with_capacity_and_hasher(16, Default::default()),
        }
    }

    /// The anchor of a heading: its explicit `{#id}` (kept as written, and reserved so
    /// no later heading's slug repeats it; one already taken gets a suffix), else a
    /// unique slug of its text.
    pub fn anchor(&mut self, explicit: Option<&str>, text: &str) -> String {
        match explicit {
            Some(id) if !id.is_empty() => self.unique_as(id.to_string()),
            _ => self.unique(text),
        }
    }

    /// A unique slug of `text`; a heading with nothing to slug (`## !!!`) is a
    /// "section", so that it still has an id and a link.
    pub fn unique(&mut self, text: &str) -> String {
        let base = slugify(text);
        self.unique_as(if base.is_empty() {
            "section".into()
        } else {
            base
        })
    }

    fn unique_as(&mut self, base: String) -> String {
        if base.starts_with("opsctl-") && FRAME_IDS.contains(&base.as_str()) {
            self.seen.entry(base.clone()).or_insert(1);
        }
        match self.seen.get_mut(&base) {
            None => {
                self.seen.insert(base.clone(), 1);
                base
            }
            Some(count) => {
                let slug = format!("{base}-{count}");
                *count += 1;
                self.seen.entry(slug.clone()).or_insert(1);
                slug
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_anchor_of_a_page_is_its_own() {
        let mut slugger = Slugger::for_page();
        let anchors: Vec<String> = [
            (None, "Setup"),
            (Some("setup"), "Install"),
            (Some("custom"), "A"),
            (Some("custom"), "B"),
            (None, "!!!"),
            (None, "Opsctl main"),
            (Some("opsctl-sidebar"), "Mine"),
        ]
        .into_iter()
        .map(|(explicit, text)| slugger.anchor(explicit, text))
        .collect();
        assert_eq!(
            anchors,
            [
                "setup",
                "setup-1",
                "custom",
                "custom-1",
                "section",
                "opsctl-main-1",
                "opsctl-sidebar-1"
            ]
        );
    }

    #[test]
    fn slugs_like_github() {
        assert_eq!(slugify("P1 criteria (24/7)"), "p1-criteria-247");
        assert_eq!(slugify("Émile's  rota"), "émiles--rota");
        // Every ASCII byte, through the fast path and through the general one.
        let ascii: String = (0u8..128).map(char::from).collect();
        let general: String = ascii
            .trim()
            .chars()
            .filter_map(|c| match c {
                c if c.is_ascii_alphanumeric() || c == '_' || c == '-' => {
                    Some(c.to_ascii_lowercase())
                }
                c if c.is_whitespace() => Some('-'),
                _ => None,
            })
            .collect();
        assert_eq!(slugify(&ascii), general);
        assert_eq!(slugify(&format!("{ascii}é")), format!("{general}é"));
        let mut slugger = Slugger::default();
        assert_eq!(slugger.unique("Steps"), "steps");
        assert_eq!(slugger.unique("Steps"), "steps-1");
        assert_eq!(slugger.unique("Steps"), "steps-2");
        // An explicit id is kept and reserved: a later heading's slug does not repeat it.
        assert_eq!(slugger.anchor(Some("rota"), "On-call"), "rota");
        assert_eq!(slugger.anchor(None, "Rota"), "rota-1");
    }
}
