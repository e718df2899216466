//! One pass over a page's Markdown body: the headings (with their anchors) and links the
//! checker needs, and the events a renderer pulls to write the same body as HTML.

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
    /// Whether the first heading is a level-1 heading with no text before it: the
    /// page's title, when it says what the front matter's title says (if any).
    pub leading_h1: bool,
}

impl Outline {
    /// The heading that is the page's title (see [`Outline::leading_h1`]): the site
    /// shows the title in the page's header and leaves this heading out of its body.
    pub fn title_heading(&self, front_title: Option<&str>) -> Option<&Heading> {
        let first = self.headings.first().filter(|_| self.leading_h1)?;
        front_title
            .is_none_or(|title| title.trim() == first.text)
            .then_some(first)
    }
}

/// The Markdown extensions opsctl reads and renders (`ENABLE_GFM`: GitHub's alerts,
/// a quote opened by `[!NOTE]`, `[!TIP]`, `[!IMPORTANT]`, `[!WARNING]` or `[!CAUTION]`).
pub fn options() -> Options {
    Options::ENABLE_GFM
        | Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES
}

/// A page body rendered for the site while it was read: its HTML and the words the
/// search index holds for it.
#[derive(Debug, Clone, Default)]
pub struct RenderedBody {
    pub html: String,
    pub words: String,
}

/// Renders page bodies during the load, from the same parse that reads their outline,
/// so a build parses each page's Markdown once. The site implements it; the loader
/// knows nothing about HTML.
pub trait BodyRenderer: Sync {
    /// Renders the body of the page at `path` (whose front matter gave it
    /// `front_title`, if any), pulling its events from `scan`.
    fn render(&self, path: &str, front_title: Option<&str>, scan: &mut Scan<'_>) -> RenderedBody;
}

/// The events of one page body, read once: every consumer (the outline, the site's
/// renderer) pulls them through here, and the outline is gathered on the way.
pub struct Scan<'a> {
    parser: pulldown_cmark::OffsetIter<'a, pulldown_cmark::DefaultBrokenLinkCallback>,
    offset: usize,
    body_len: usize,
    outline: Outline,
    slugger: Slugger,
    /// The heading being read: level, explicit id, text so far, span.
    heading: Option<(u8, Option<String>, String, Range<usize>)>,
    /// Whether text, a quote, a list or a footnote has come outside a heading: a
    /// heading after it, or inside one of those, is not the page's title.
    content_seen: bool,
}

impl<'a> Scan<'a> {
    /// Starts reading `body`, which starts at byte `offset` of its file.
    pub fn new(body: &'a str, offset: usize) -> Self {
        Scan {
            parser: Parser::new_ext(body, options()).into_offset_iter(),
            offset,
            body_len: body.len(),
            outline: Outline::default(),
            slugger: Slugger::for_page(),
            heading: None,
            content_seen: false,
        }
    }

    /// The length of the body in bytes.
    pub fn body_len(&self) -> usize {
        self.body_len
    }

    /// The outline read so far; after an `End(Heading)` event the last heading is
    /// that heading, with its anchor.
    pub fn outline(&self) -> &Outline {
        &self.outline
    }

    /// Reads what is left and returns the outline.
    pub fn finish(mut self) -> Outline {
        while self.next().is_some() {}
        self.outline
    }

    fn observe(&mut self, event: &Event<'a>, range: Range<usize>) {
        let span = range.start + self.offset..range.end + self.offset;
        match event {
            Event::Start(Tag::Heading { level, id, .. }) => {
                self.heading = Some((
                    level_number(*level),
                    id.as_ref().map(|i| i.to_string()),
                    String::new(),
                    span,
                ));
            }
            Event::Start(Tag::BlockQuote(_) | Tag::List(_) | Tag::FootnoteDefinition(_)) => {
                self.content_seen = true;
            }
            Event::Text(text) | Event::Code(text) => match self.heading.as_mut() {
                Some((_, _, buf, _)) => buf.push_str(text),
                None => self.content_seen = true,
            },
            // A heading written over two lines (setext) reads as one line.
            Event::SoftBreak | Event::HardBreak => {
                if let Some((_, _, buf, _)) = self.heading.as_mut() {
                    buf.push(' ');
                }
            }
            Event::End(TagEnd::Heading(_)) => {
                if let Some((level, id, text, span)) = self.heading.take() {
                    if self.outline.headings.is_empty() {
                        self.outline.leading_h1 = level == 1 && !self.content_seen;
                    }
                    let text = text.trim().to_string();
                    let anchor = self.slugger.anchor(id.as_deref(), &text);
                    self.outline.headings.push(Heading {
                        level,
                        text,
                        anchor,
                        span,
                    });
                }
            }
            Event::Start(Tag::Link { dest_url, .. })
            | Event::Start(Tag::Image { dest_url, .. }) => {
                self.outline.links.push(Link {
                    dest: dest_url.to_string(),
                    span,
                });
            }
            _ => {}
        }
    }
}

impl<'a> Iterator for Scan<'a> {
    type Item = Event<'a>;

    fn next(&mut self) -> Option<Event<'a>> {
        let (event, range) = self.parser.next()?;
        self.observe(&event, range);
        Some(event)
    }
}

/// Scans `body` (which starts at byte `offset` of its file).
pub fn outline(body: &str, offset: usize) -> Outline {
    Scan::new(body, offset).finish()
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
        // The title heading comes first, at the top level: not inside a quote or a
        // list, nor after one; an HTML comment before it does not count.
        assert!(outline.leading_h1);
        assert!(super::outline("<!-- x -->\n# T\n", 0).leading_h1);
        for not_leading in [
            "> # T\n",
            "> [!NOTE]\n> # T\n",
            "- # T\n",
            "> q\n\n# T\n",
            "x\n\n# T\n",
        ] {
            assert!(!super::outline(not_leading, 0).leading_h1, "{not_leading}");
        }
        let setext = super::outline("Two\nlines\n---\n", 0);
        assert_eq!(setext.headings[0].text, "Two lines");
        assert_eq!(setext.headings[0].anchor, "two-lines");
        assert_eq!(
            outline.links[0].span.start,
            100 + body.find("[rota]").unwrap()
        );
    }
}
