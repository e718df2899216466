//! Markdown to safe HTML: links between pages rewritten to the site's URLs, headings
//! given the same anchors the link checker uses, raw HTML sanitised.

use std::borrow::Cow;
use std::collections::HashSet;
use std::sync::OnceLock;

use pulldown_cmark::{CowStr, Event, Tag, TagEnd, html};

use super::urls;
use crate::load::markdown::options;
use crate::slug::Slugger;

/// A rendered page body and its words for the search index.
pub struct Rendered {
    pub html: String,
    pub text: String,
}

/// How much of a page's words go into the search index (each distinct word once).
const SEARCH_TEXT_LIMIT: usize = 3_000;

/// Renders `body`. A first `# Heading` equal to `title` is dropped: the page header shows it.
pub fn render(body: &str, title: &str, root: &str) -> Rendered {
    let mut slugger = Slugger::default();
    let mut words = SearchWords::default();
    let mut raw_html = false;
    let mut events: Vec<Event> = Vec::new();
    let mut heading: Option<(u8, Option<String>, Vec<Event>)> = None;
    let mut first_heading = true;
    for event in pulldown_cmark::Parser::new_ext(body, options()) {
        if let Some((_, _, inner)) = heading.as_mut() {
            match event {
                Event::End(TagEnd::Heading(_)) => {
                    let (level, id, inner) = heading.take().unwrap_or((2, None, Vec::new()));
                    let plain = plain_text(&inner);
                    let anchor = slugger.anchor(id.as_deref(), &plain);
                    let skip = first_heading && level == 1 && plain.trim() == title.trim();
                    first_heading = false;
                    if !skip {
                        events.push(Event::Html(heading_html(level, &anchor, inner).into()));
                    }
                }
                other => inner.push(safe(other, root, &mut raw_html)),
            }
            continue;
        }
        match event {
            Event::Start(Tag::Heading { level, id, .. }) => {
                heading = Some((level as u8, id.map(|i| i.to_string()), Vec::new()));
            }
            Event::Text(ref t) | Event::Code(ref t) => {
                words.add(t);
                first_heading = false;
                events.push(event);
            }
            other => events.push(safe(other, root, &mut raw_html)),
        }
    }
    let mut out = String::with_capacity(body.len() * 3 / 2);
    html::push_html(&mut out, events.into_iter());
    if raw_html {
        out = sanitizer().clean(&out).to_string();
    }
    Rendered {
        html: out,
        text: words.text,
    }
}

/// The distinct words of a page, in the order they first appear, up to a limit:
/// enough to find a page by any word in its body without shipping the whole text.
#[derive(Default)]
struct SearchWords {
    text: String,
    seen: rustc_hash::FxHashSet<String>,
    /// Reused for each word's lowercase form, so known words cost no allocation.
    lower: String,
}

impl SearchWords {
    fn add(&mut self, fragment: &str) {
        if self.text.len() >= SEARCH_TEXT_LIMIT {
            return;
        }
        // Most text is ASCII: split and lowercase it byte-wise, which is several
        // times cheaper than the Unicode-aware path (the same result for ASCII).
        let ascii = fragment.is_ascii();
        let separator = |c: char| {
            if ascii {
                !c.is_ascii_alphanumeric() && c != '-' && c != '_'
            } else {
                !c.is_alphanumeric() && c != '-' && c != '_'
            }
        };
        for word in fragment.split(separator) {
            if self.text.len() >= SEARCH_TEXT_LIMIT {
                return;
            }
            if word.len() < 2 {
                continue;
            }
            self.lower.clear();
            if ascii {
                self.lower.push_str(word);
                self.lower.make_ascii_lowercase();
            } else {
                self.lower.extend(word.chars().flat_map(char::to_lowercase));
            }
            if !self.seen.contains(self.lower.as_str()) {
                self.seen.insert(self.lower.clone());
                self.text.push_str(word);
                self.text.push(' ');
            }
        }
    }
}

fn plain_text(events: &[Event]) -> String {
    events
        .iter()
        .filter_map(|e| match e {
            Event::Text(t) | Event::Code(t) => Some(t.as_ref()),
            _ => None,
        })
        .collect::<Vec<_>>()
        .join("")
}

fn heading_html(level: u8, anchor: &str, inner: Vec<Event>) -> String {
    let mut content = String::new();
    html::push_html(&mut content, inner.into_iter());
    let anchor = escape_attr(anchor);
    format!(
        "<h{level} id=\"{anchor}\">{content}<a class=\"anchor\" href=\"#{anchor}\" aria-label=\"Link to this section\">#</a></h{level}>\n"
    )
}

fn escape_attr(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('"', "&quot;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// Whether a link target is safe to keep: relative, or one of a few schemes.
fn safe_url(dest: &str) -> bool {
    match dest.find(':') {
        None => true,
        Some(colon) => {
            let scheme = dest[..colon].to_ascii_lowercase();
            // A colon after a slash or '#' belongs to the path, not a scheme.
            dest[..colon].contains(['/', '#', '?'])
                || ["http", "https", "mailto", "tel"].contains(&scheme.as_str())
        }
    }
}

/// Rewrites links to pages and neutralises unsafe URLs; notes raw HTML.
fn safe<'a>(mut event: Event<'a>, root: &str, raw_html: &mut bool) -> Event<'a> {
    match &mut event {
        Event::Start(Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. }) => {
            let dest = std::mem::replace(dest_url, CowStr::Borrowed(""));
            *dest_url = link_target(dest, root);
        }
        Event::Html(_) | Event::InlineHtml(_) => *raw_html = true,
        _ => {}
    }
    event
}

fn link_target<'a>(dest: CowStr<'a>, root: &str) -> CowStr<'a> {
    if !safe_url(dest.trim()) {
        return CowStr::Borrowed("#");
    }
    match urls::rewrite_link(&dest, root) {
        Some(url) => CowStr::from(url),
        None => dest,
    }
}

/// The sanitiser for pages with raw HTML: no scripts, event handlers, iframes or
/// `javascript:` URLs; heading ids, anchors, footnotes, task lists and code
/// language classes survive.
fn sanitizer() -> &'static ammonia::Builder<'static> {
    static SANITIZER: OnceLock<ammonia::Builder<'static>> = OnceLock::new();
    SANITIZER.get_or_init(|| {
        let mut builder = ammonia::Builder::default();
        builder
            .add_generic_attributes(["id"])
            .add_tags(["input"])
            .add_tag_attributes("input", ["type", "checked", "disabled"])
            .add_tag_attributes("code", ["class"])
            .add_tag_attributes("a", ["class", "aria-label"])
            .add_tag_attributes("div", ["class"])
            .add_tag_attributes("sup", ["class"])
            .add_tag_attributes("th", ["style"])
            .add_tag_attributes("td", ["style"])
            .filter_style_properties(HashSet::from(["text-align"]))
            .url_schemes(HashSet::from(["http", "https", "mailto", "tel"]))
            .attribute_filter(|element, attribute, value| {
                let allowed = match (element, attribute) {
                    ("code", "class") => value.starts_with("language-"),
                    ("a", "class") => value == "anchor",
                    ("div", "class") => value == "footnote-definition",
                    ("sup", "class") => value == "footnote-reference",
                    ("input", "type") => value == "checkbox",
                    _ => true,
                };
                allowed.then_some(Cow::Borrowed(value))
            });
        builder
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_and_headings() {
        let out = render(
            "# Title\n\nSee [rota](../on-call.md#rota).\n\n## Steps (1)\n",
            "Title",
            "",
        );
        assert!(!out.html.contains("<h1"), "{}", out.html);
        assert!(out.html.contains("href=\"../on-call.html#rota\""));
        assert!(
            out.html
                .contains("<h2 id=\"steps-1\">Steps (1)<a class=\"anchor\" href=\"#steps-1\"")
        );
        assert!(out.text.contains("rota"));
    }

    #[test]
    fn hostile_content_is_neutralised() {
        let body = "[x](javascript:alert(1)) <script>alert(1)</script>\n\n<img src=x onerror=alert(1)>\n\n<iframe src=\"https://evil.example\"></iframe>\n\n<a href=\"javascript:alert(1)\">y</a>\n\n```rust\nfn main() {}\n```\n\n## Kept {#kept}\n";
        let out = render(body, "T", "").html;
        for bad in ["<script", "onerror", "<iframe", "javascript:"] {
            assert!(!out.contains(bad), "{bad} survived: {out}");
        }
        assert!(out.contains("class=\"language-rust\""), "{out}");
        assert!(out.contains("id=\"kept\""), "{out}");
        let table = render("<b>raw</b>\n\n| a | b |\n|:--|--:|\n| 1 | 2 |\n", "T", "").html;
        assert!(
            table.contains("text-align: right") || table.contains("text-align:right"),
            "{table}"
        );
    }
}
