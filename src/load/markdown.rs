//! What the checker needs from a page's Markdown body: headings (with their anchors) and links.

use std::ops::Range;

use pulldown_cmark::{Event, HeadingLevel, Options, Parser, Tag, TagEnd};

use crate::slug::Slugger;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Heading {
    pub level: u8,
    pub text: String,
    /// The anchor the site gives this heading.
    pub anchor: String,
    pub span: Range<usize>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Link {
    pub dest: String,
    /// Where the link is written, in file coordinates.
    pub span: Range<usize>,
}

#[derive(Debug, Clone, Default)]
pub struct Outline {
    pub headings: Vec<Heading>,
    pub links: Vec<Link>,
}

/// The Markdown extensions opsctl reads and renders.
pub fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES
}

/// Scans `body` (which starts at byte `offset` of its file).
pub fn outline(body: &str, offset: usize) -> Outline {
    let mut outline = Outline::default();
    let mut slugger = Slugger::default();
    let mut heading: Option<(u8, Option<String>, String, Range<usize>)> = None;
    for (event, range) in Parser::new_ext(body, options()).into_offset_iter() {
        let span = range.start + offset..range.end + offset;
        match event {
            Event::Start(Tag::Heading { level, id, .. }) => {
                heading = Some((
                    level_number(level),
                    id.map(|i| i.to_string()),
                    String::new(),
                    span,
                ));
            }
            Event::Text(text) | Event::Code(text) => {
                if let Some((_, _, buf, _)) = heading.as_mut() {
                    buf.push_str(&text);
                }
            }
            Event::End(TagEnd::Heading(_)) => {
                if let Some((level, id, text, span)) = heading.take() {
                    let text = text.trim().to_string();
                    let anchor = slugger.anchor(id.as_deref(), &text);
                    outline.headings.push(Heading {
                        level,
                        text,
                        anchor,
                        span,
                    });
                }
            }
            Event::Start(Tag::Link { dest_url, .. })
            | Event::Start(Tag::Image { dest_url, .. }) => {
                outline.links.push(Link {
                    dest: dest_url.to_string(),
                    span,
                });
            }
            _ => {}
        }
    }
    outline
}

fn level_number(level: HeadingLevel) -> u8 {
    level as u8
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_headings_and_links_with_file_offsets() {
        let body = "# Escalating `P1`\n\nSee [rota](../on-call.md#rota).\n\n## Steps {#do-this}\n";
        let outline = outline(body, 100);
        assert_eq!(outline.headings[0].text, "Escalating P1");
        assert_eq!(outline.headings[0].anchor, "escalating-p1");
        assert_eq!(outline.headings[1].anchor, "do-this");
        assert_eq!(outline.links[0].dest, "../on-call.md#rota");
        assert_eq!(
            outline.links[0].span.start,
            100 + body.find("[rota]").unwrap()
        );
    }
}
