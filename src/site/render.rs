//! Markdown to safe HTML: links between pages rewritten to the site's URLs, headings
//! given the same anchors the link checker uses, raw HTML sanitised.

use std::borrow::Cow;
use std::collections::HashSet;
use std::sync::OnceLock;

use pulldown_cmark::{BlockQuoteKind, CowStr, Event, HeadingLevel, Tag, TagEnd, html};

use super::urls;
use super::words::SearchWords;
use crate::load::BodyRenderer;
use crate::load::markdown::{RenderedBody, Scan};

/// The site's page renderer, handed to the loader so that `build` and `serve` render
/// each body from the parse that also reads its outline.
pub struct PageBodies;

impl BodyRenderer for PageBodies {
    fn render(&self, path: &str, front_title: Option<&str>, scan: &mut Scan<'_>) -> RenderedBody {
        // A page's URL keeps its folders, so the way back to the root follows its path.
        let root = urls::root_of(path);
        render_scan(scan, front_title, &root)
    }
}

/// Renders `body`. A first `# Heading` equal to `title` is dropped: the page header shows it.
pub fn render(body: &str, title: &str, root: &str) -> RenderedBody {
    render_scan(&mut Scan::new(body, 0), Some(title), root)
}

/// Renders the events of `scan` for a page at `root` (the way back to the site root).
/// The page's title is its front matter's `front_title`, else its first heading; a
/// first `# Heading` that is the title is dropped, as the page header shows it.
fn render_scan(scan: &mut Scan<'_>, front_title: Option<&str>, root: &str) -> RenderedBody {
    let mut events = SiteEvents {
        scan,
        root,
        front_title,
        words: SearchWords::with_room(),
        raw_html: false,
        task: Task::None,
        held: None,
        notes: Footnotes::default(),
        links_open: 0,
        in_code_block: false,
    };
    // HTML is about 1.3 times its Markdown; the result is kept until the page is
    // written, so it is stored without spare capacity (copying is cheaper than
    // holding up to twice the memory for every page of a large site).
    let mut out = String::with_capacity(events.scan.body_len() * 3 / 2);
    html::push_html(&mut out, &mut events);
    if events.raw_html {
        out = sanitizer().clean(&out).to_string();
    }
    RenderedBody {
        html: out.as_str().into(),
        words: events.words.text.as_str().into(),
    }
}

/// The page's events as the site writes them: headings with their anchors and a link
/// to themselves, links to pages rewritten, unsafe URLs neutralised; the words of the
/// text gathered for the search index on the way.
struct SiteEvents<'s, 'a> {
    scan: &'s mut Scan<'a>,
    root: &'s str,
    front_title: Option<&'s str>,
    words: SearchWords,
    /// Whether the page holds raw HTML (then the output is sanitised).
    raw_html: bool,
    /// Where a task list item is: its checkbox and the text after it, up to the first
    /// event that is not inline, are one `<label>`, so the box has a name.
    task: Task,
    /// An event read while closing a task's label, to be written next.
    held: Option<Event<'a>>,
    notes: Footnotes<'a>,
    /// How many links are open: text in a link is not made a link of its own.
    links_open: usize,
    /// Whether the events are a code block's text, which is never linked either.
    in_code_block: bool,
}

impl<'a> Iterator for SiteEvents<'_, 'a> {
    type Item = Event<'a>;

    /// The page's events; its footnotes are gathered at its end (see [`Footnotes`]).
    fn next(&mut self) -> Option<Event<'a>> {
        loop {
            let event = match self.held.take() {
                Some(event) => event,
                None => match self.scan.next() {
                    Some(event) => event,
                    None => return self.notes.section().map(|html| Event::Html(html.into())),
                },
            };
            match self.task {
                Task::Marker(done) => {
                    // The box is written when what follows it is known: its label, or
                    // a name of its own when it has no text.
                    let labelled = is_inline(&event)
                        && !is_labelable_html(&event)
                        && !matches!(&event, Event::Text(text) if text.trim().is_empty());
                    self.task = if labelled { Task::Label } else { Task::None };
                    self.held = Some(event);
                    return Some(Event::Html(CowStr::Borrowed(checkbox(done, labelled))));
                }
                Task::Label if !is_inline(&event) || is_labelable_html(&event) => {
                    self.task = Task::None;
                    self.held = Some(event);
                    return Some(Event::Html(CowStr::Borrowed("</label>")));
                }
                _ => {}
            }
            let event = match event {
                Event::Start(Tag::FootnoteDefinition(label)) => {
                    self.notes.open = Some((label, Vec::new()));
                    continue;
                }
                Event::End(TagEnd::FootnoteDefinition) => {
                    self.notes.close();
                    continue;
                }
                Event::Start(Tag::Heading { level, .. }) => match self.heading(level) {
                    Some(html) => html,
                    None => continue,
                },
                Event::Text(text) => {
                    self.words.add(&text);
                    let linkable = self.links_open == 0 && !self.in_code_block;
                    if linkable && has_address(&text) {
                        self.with_links(text)
                    } else {
                        Event::Text(text)
                    }
                }
                Event::Code(ref text) => {
                    self.words.add(text);
                    event
                }
                Event::Start(Tag::CodeBlock(_)) => {
                    self.in_code_block = true;
                    event
                }
                Event::End(TagEnd::CodeBlock) => {
                    self.in_code_block = false;
                    event
                }
                Event::Start(Tag::Image {
                    dest_url, title, ..
                }) => Event::InlineHtml(self.image(dest_url, &title).into()),
                Event::Start(Tag::Link { .. }) => {
                    self.links_open += 1;
                    safe(event, self.root, &mut self.raw_html)
                }
                Event::End(TagEnd::Link) => {
                    self.links_open = self.links_open.saturating_sub(1);
                    event
                }
                Event::TaskListMarker(done) => {
                    self.task = Task::Marker(done);
                    continue;
                }
                Event::FootnoteReference(label) => Event::Html(self.notes.reference(label).into()),
                Event::Start(Tag::BlockQuote(Some(kind))) => Event::Html(alert_start(kind).into()),
                Event::End(TagEnd::BlockQuote(Some(_))) => {
                    Event::Html(CowStr::Borrowed("</blockquote>\n"))
                }
                Event::InlineHtml(ref html) => {
                    // An anchor written in HTML is a link too.
                    let html = html.trim_start().as_bytes();
                    if html.len() > 2
                        && html[..2].eq_ignore_ascii_case(b"<a")
                        && !html[2].is_ascii_alphanumeric()
                    {
                        self.links_open += 1;
                    } else if html.len() > 3 && html[..3].eq_ignore_ascii_case(b"</a") {
                        self.links_open = self.links_open.saturating_sub(1);
                    }
                    safe(event, self.root, &mut self.raw_html)
                }
                Event::Html(_) => safe(event, self.root, &mut self.raw_html),
                other => other,
            };
            match &mut self.notes.open {
                Some((_, inside)) => inside.push(event),
                None => return Some(event),
            }
        }
    }
}

impl<'a> SiteEvents<'_, 'a> {
    /// `text`, which holds a web address, with the addresses made links. The parser
    /// splits text where emphasis could start (`Foo_(bar)`): an address runs on
    /// through the pieces that follow, so they are read with it.
    #[inline(never)]
    fn with_links(&mut self, text: CowStr<'a>) -> Event<'a> {
        let mut merged = text.into_string();
        loop {
            match self.scan.next() {
                Some(Event::Text(more)) => {
                    self.words.add(&more);
                    merged.push_str(&more);
                }
                other => {
                    self.held = other;
                    break;
                }
            }
        }
        match autolinked(&merged) {
            Some(html) => Event::InlineHtml(html.into()),
            None => Event::Text(merged.into()),
        }
    }

    /// Reads an image up to its end and returns its HTML: its text is its `alt`, and it
    /// is loaded only when it nears the screen, so a long page with many screenshots
    /// opens at once.
    #[inline(never)]
    fn image(&mut self, dest: CowStr<'a>, title: &str) -> String {
        let src = link_target(dest, self.root);
        let mut alt = String::new();
        let mut nested = 0;
        for event in self.scan.by_ref() {
            match event {
                Event::End(TagEnd::Image) if nested == 0 => break,
                Event::Start(_) => nested += 1,
                Event::End(_) => nested -= 1,
                Event::Text(text) | Event::Code(text) => {
                    self.words.add(&text);
                    alt.push_str(&text);
                }
                Event::SoftBreak | Event::HardBreak => alt.push(' '),
                _ => {}
            }
        }
        let mut html = String::with_capacity(64 + src.len() + alt.len());
        html.push_str("<img src=\"");
        push_escaped(&mut html, &src);
        html.push_str("\" alt=\"");
        push_escaped(&mut html, &alt);
        if !title.is_empty() {
            html.push_str("\" title=\"");
            push_escaped(&mut html, title);
        }
        html.push_str("\" loading=\"lazy\" decoding=\"async\">");
        html
    }

    /// Reads a heading up to its end and returns its HTML, or nothing when it is the
    /// page's title heading.
    fn heading(&mut self, level: HeadingLevel) -> Option<Event<'a>> {
        // A heading is a few events: room for them from the start.
        let mut inner = Vec::with_capacity(4);
        for event in self.scan.by_ref() {
            if matches!(event, Event::End(TagEnd::Heading(_))) {
                break;
            }
            inner.push(safe(event, self.root, &mut self.raw_html));
        }
        // The scan has just read this heading's end, so it is the last one it knows.
        let outline = self.scan.outline();
        let heading = outline.headings.last()?;
        if outline.headings.len() == 1 && outline.title_heading(self.front_title).is_some() {
            return None;
        }
        Some(Event::Html(
            heading_html(level as u8, &heading.anchor, &heading.text, inner).into(),
        ))
    }
}

/// A page's footnotes, written as GitHub writes them: each reference a number linking
/// to its note, the notes in a list at the end of the page in the order they are first
/// referred to, each linking back to its references. Their ids (`fn-LABEL`,
/// `fnref-LABEL`) are apart from headings' anchors, so `[^purpose]` does not lead to
/// `## Purpose`. A note that nothing refers to comes last, so no text is lost.
#[derive(Default)]
struct Footnotes<'a> {
    /// By label: its number, its id's stem, and how many references were written.
    referred: rustc_hash::FxHashMap<CowStr<'a>, (usize, String, usize)>,
    /// The ids' stems taken, so that labels that slug alike still have ids of their own.
    stems: HashSet<String>,
    /// The notes read so far: label and HTML.
    notes: Vec<(CowStr<'a>, String)>,
    /// The note being read: its label and events.
    open: Option<(CowStr<'a>, Vec<Event<'a>>)>,
    written: bool,
}

impl<'a> Footnotes<'a> {
    /// A unique id stem for `label`.
    fn stem(&mut self, label: &str) -> String {
        let slug = crate::slug::slugify(label);
        let mut stem = if slug.is_empty() {
            "note".to_string()
        } else {
            slug
        };
        if self.stems.contains(&stem) {
            stem = format!("{stem}-{}", self.stems.len() + 1);
        }
        self.stems.insert(stem.clone());
        stem
    }

    /// The HTML of a reference to the note `label`.
    fn reference(&mut self, label: CowStr<'a>) -> String {
        if !self.referred.contains_key(&label) {
            let stem = self.stem(&label);
            let number = self.referred.len() + 1;
            self.referred.insert(label.clone(), (number, stem, 0));
        }
        let Some((number, stem, count)) = self.referred.get_mut(&label) else {
            return String::new();
        };
        *count += 1;
        let id = reference_id(stem, *count);
        format!(
            "<sup class=\"footnote-reference\"><a href=\"#fn-{stem}\" id=\"{id}\">{number}</a></sup>"
        )
    }

    /// Ends the note being read.
    fn close(&mut self) {
        if let Some((label, events)) = self.open.take() {
            let mut html = String::new();
            html::push_html(&mut html, events.into_iter());
            self.notes.push((label, html));
        }
    }

    /// The list of notes, once, when the page has any.
    fn section(&mut self) -> Option<String> {
        self.close();
        if self.written || self.notes.is_empty() {
            return None;
        }
        self.written = true;
        let mut notes = std::mem::take(&mut self.notes);
        // By number; those nothing refers to after them, as written.
        notes.sort_by_key(|(label, _)| self.referred.get(label).map_or(usize::MAX, |r| r.0));
        let mut out =
            String::from("<section class=\"footnotes\" aria-label=\"Footnotes\">\n<ol>\n");
        for (label, html) in notes {
            let (stem, back) = match self.referred.get(&label) {
                Some((number, stem, count)) => {
                    let links: String = (1..=*count)
                        .map(|k| {
                            let id = reference_id(stem, k);
                            format!(" <a href=\"#{id}\" class=\"footnote-backref\" aria-label=\"Back to reference {number}{}\">↩</a>", if k > 1 { format!("-{k}") } else { String::new() })
                        })
                        .collect();
                    (stem.clone(), links)
                }
                None => (self.stem(&label), String::new()),
            };
            out.push_str("<li id=\"fn-");
            out.push_str(&stem);
            out.push_str("\">\n");
            // The way back goes at the end of the note's last paragraph.
            match html.trim_end().strip_suffix("</p>") {
                Some(before) if !back.is_empty() => {
                    out.push_str(before);
                    out.push_str(&back);
                    out.push_str("</p>\n");
                }
                _ => {
                    out.push_str(&html);
                    if !back.is_empty() {
                        out.push_str("<p>");
                        out.push_str(back.trim_start());
                        out.push_str("</p>\n");
                    }
                }
            }
            out.push_str("</li>\n");
        }
        out.push_str("</ol>\n</section>\n");
        Some(out)
    }
}

/// The id of the `count`th reference to the note whose id stem is `stem`.
fn reference_id(stem: &str, count: usize) -> String {
    if count == 1 {
        format!("fnref-{stem}")
    } else {
        format!("fnref-{stem}-{count}")
    }
}

/// Where the events are in a task list item.
enum Task {
    None,
    /// The item's checkbox (ticked or not) is still to be written.
    Marker(bool),
    /// The checkbox's `<label>` is open.
    Label,
}

/// A task's checkbox, ticked when `done`: opening its label with the text that
/// follows, or with a name of its own when no text follows.
fn checkbox(done: bool, labelled: bool) -> &'static str {
    match (labelled, done) {
        (true, true) => "<label class=\"task\"><input type=\"checkbox\" disabled checked> ",
        (true, false) => "<label class=\"task\"><input type=\"checkbox\" disabled> ",
        (false, true) => "<input type=\"checkbox\" disabled checked aria-label=\"Done\">",
        (false, false) => "<input type=\"checkbox\" disabled aria-label=\"To do\">",
    }
}

/// GitHub's alert kinds: the class each box has (`markdown-alert-KIND`) and the word
/// that names it.
const ALERTS: [(BlockQuoteKind, &str, &str); 5] = [
    (BlockQuoteKind::Note, "note", "Note"),
    (BlockQuoteKind::Tip, "tip", "Tip"),
    (BlockQuoteKind::Important, "important", "Important"),
    (BlockQuoteKind::Warning, "warning", "Warning"),
    (BlockQuoteKind::Caution, "caution", "Caution"),
];

/// The start of a GitHub alert (`> [!WARNING]`): a box whose first line names its
/// kind in words, so it is read out and printed, not only seen as a colour or an
/// icon. GitHub makes the box a `div`; it stays a quote here, whose end closes any
/// element its raw HTML left open (a `</div>` would close that element instead, and
/// the rest of the page would fall into the box).
fn alert_start(kind: BlockQuoteKind) -> String {
    let (_, class, title) = ALERTS
        .into_iter()
        .find(|(k, _, _)| *k == kind)
        .unwrap_or(ALERTS[0]);
    format!(
        "<blockquote class=\"markdown-alert markdown-alert-{class}\">\n<p class=\"markdown-alert-title\">{title}</p>\n"
    )
}

/// Whether `event` is raw HTML holding a label or a form control, which may not be
/// inside another label (a task's label then ends before it). The sanitiser keeps no
/// other element that may not.
fn is_labelable_html(event: &Event) -> bool {
    match event {
        Event::InlineHtml(html) => {
            let html = html.to_ascii_lowercase();
            html.contains("<label") || html.contains("<input")
        }
        _ => false,
    }
}

/// Whether `event` belongs inside a paragraph's line (and so inside a task's label).
fn is_inline(event: &Event) -> bool {
    match event {
        Event::Text(_)
        | Event::Code(_)
        | Event::InlineMath(_)
        | Event::InlineHtml(_)
        | Event::SoftBreak
        | Event::HardBreak
        | Event::FootnoteReference(_) => true,
        Event::Start(tag) => matches!(
            tag,
            Tag::Emphasis
                | Tag::Strong
                | Tag::Strikethrough
                | Tag::Superscript
                | Tag::Subscript
                | Tag::Link { .. }
                | Tag::Image { .. }
        ),
        Event::End(tag) => matches!(
            tag,
            TagEnd::Emphasis
                | TagEnd::Strong
                | TagEnd::Strikethrough
                | TagEnd::Superscript
                | TagEnd::Subscript
                | TagEnd::Link
                | TagEnd::Image
        ),
        _ => false,
    }
}

fn heading_html(level: u8, anchor: &str, text: &str, inner: Vec<Event>) -> String {
    let mut html = String::with_capacity(128 + 2 * anchor.len());
    html.push_str("<h");
    html.push(char::from(b'0' + level));
    html.push_str(" id=\"");
    push_escaped(&mut html, anchor);
    html.push_str("\">");
    html::push_html(&mut html, inner.into_iter());
    html.push_str("<a class=\"anchor\" href=\"#");
    push_escaped(&mut html, anchor);
    // Named by its section, so that a list of the page's links tells them apart.
    html.push_str("\" aria-label=\"Link to the section “");
    push_escaped(&mut html, text);
    html.push_str("”\">#</a></h");
    html.push(char::from(b'0' + level));
    html.push_str(">\n");
    html
}

/// Appends `text` escaped for HTML text or a double-quoted attribute.
pub(super) fn push_escaped(out: &mut String, text: &str) {
    // Anchors are slugs: almost always nothing to escape, so copied whole.
    if !text.bytes().any(|b| matches!(b, b'&' | b'"' | b'<' | b'>')) {
        out.push_str(text);
        return;
    }
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '"' => out.push_str("&quot;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            c => out.push(c),
        }
    }
}

/// `text` as HTML with the web addresses in it (`https://…`, `http://…`) made links,
/// as GitHub does; `None` when it holds none. Punctuation that ends a sentence, and a
/// closing parenthesis the address did not open, are left out of the link.
fn autolinked(text: &str) -> Option<String> {
    if !has_address(text) {
        return None;
    }
    let mut out = String::with_capacity(text.len() * 2);
    let mut rest = text;
    let mut found = false;
    while let Some(start) = url_start(rest) {
        let after = &rest[start..];
        let mut len = after
            .find(|c: char| c.is_whitespace() || matches!(c, '<' | '>' | '"' | '`'))
            .unwrap_or(after.len());
        loop {
            let url = &after[..len];
            let unopened =
                url.ends_with(')') && url.matches('(').count() < url.matches(')').count();
            if unopened || url.ends_with(['.', ',', ':', ';', '!', '?', '\'', '*', '_', '~']) {
                len -= 1;
            } else {
                break;
            }
        }
        let url = &after[..len];
        let scheme_only = url.trim_end_matches('/').ends_with(':');
        push_escaped(&mut out, &rest[..start]);
        if scheme_only {
            push_escaped(&mut out, url);
        } else {
            found = true;
            out.push_str("<a href=\"");
            push_escaped(&mut out, url);
            out.push_str("\">");
            push_escaped(&mut out, url);
            out.push_str("</a>");
        }
        rest = &after[len.max(1)..];
    }
    push_escaped(&mut out, rest);
    found.then_some(out)
}

/// Whether `text` may hold a web address (a `://`): asked of every piece of text, so
/// with `memchr`'s vectorised search for its `:`.
fn has_address(text: &str) -> bool {
    memchr::memchr_iter(b':', text.as_bytes()).any(|at| text.as_bytes()[at..].starts_with(b"://"))
}

/// Where the first `http://` or `https://` in `text` starts a word.
fn url_start(text: &str) -> Option<usize> {
    let mut from = 0;
    while let Some(at) = text[from..].find("http").map(|i| from + i) {
        let rest = &text[at + 4..];
        let scheme = rest.starts_with("://") || rest.starts_with("s://");
        let word_start = text[..at]
            .chars()
            .next_back()
            .is_none_or(|c| !c.is_alphanumeric());
        if scheme && word_start {
            return Some(at);
        }
        from = at + 4;
    }
    None
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

/// Whether `class` is that of an alert's box (see [`alert_start`]).
fn is_alert_class(class: &str) -> bool {
    class
        .strip_prefix("markdown-alert markdown-alert-")
        .is_some_and(|kind| ALERTS.iter().any(|(_, class, _)| *class == kind))
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
            .add_tags(["input", "label", "section"])
            .add_tag_attributes("section", ["class", "aria-label"])
            .add_tag_attributes("img", ["loading", "decoding"])
            .add_tag_attributes("input", ["type", "checked", "disabled", "aria-label"])
            .add_tag_attributes("label", ["class"])
            .add_tag_attributes("code", ["class"])
            .add_tag_attributes("a", ["class", "aria-label"])
            .add_tag_attributes("blockquote", ["class"])
            .add_tag_attributes("p", ["class"])
            .add_tag_attributes("sup", ["class"])
            .add_tag_attributes("th", ["style"])
            .add_tag_attributes("td", ["style"])
            .filter_style_properties(HashSet::from(["text-align"]))
            .url_schemes(HashSet::from(["http", "https", "mailto", "tel"]))
            .attribute_filter(|element, attribute, value| {
                let allowed = match (element, attribute) {
                    ("code", "class") => value.starts_with("language-"),
                    ("a", "class") => value == "anchor" || value == "footnote-backref",
                    ("section", "class") => value == "footnotes",
                    ("img", "loading") => value == "lazy",
                    ("img", "decoding") => value == "async",
                    ("blockquote", "class") => is_alert_class(value),
                    ("p", "class") => value == "markdown-alert-title",
                    ("sup", "class") => value == "footnote-reference",
                    ("input", "type") => value == "checkbox",
                    ("label", "class") => value == "task",
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
        assert!(out.words.contains("rota"));
    }

    #[test]
    fn web_addresses_in_text_are_links() {
        let body = "See https://status.example.com/incidents. Or (https://en.wikipedia.org/wiki/Foo_(bar)), \
                    `https://in.code`, [https://linked.example](https://linked.example), \
                    <a href=\"https://raw.example\">https://raw.example</a> and xhttps://no.example.\n\n\
                    ```\ncurl https://in.block\n```\n";
        let html = render(body, "T", "")
            .html
            .replace(" rel=\"noopener noreferrer\"", "");
        assert!(html.contains(
            "See <a href=\"https://status.example.com/incidents\">https://status.example.com/incidents</a>. Or ("
        ), "{html}");
        assert!(html.contains(
            "<a href=\"https://en.wikipedia.org/wiki/Foo_(bar)\">https://en.wikipedia.org/wiki/Foo_(bar)</a>),"
        ), "{html}");
        for kept in [
            "<code>https://in.code</code>",
            "curl https://in.block",
            "xhttps://no.example.",
        ] {
            assert!(html.contains(kept), "{kept}: {html}");
        }
        assert_eq!(
            html.matches("<a href=\"https://linked.example\"").count(),
            1,
            "{html}"
        );
        assert_eq!(
            html.matches("<a href=\"https://raw.example\"").count(),
            1,
            "{html}"
        );
        assert_eq!(autolinked("plain text"), None);
        assert_eq!(autolinked("https:// alone"), None);
        assert_eq!(
            autolinked("a <b> & https://x.example?a=1&b=2!").as_deref(),
            Some(
                "a &lt;b&gt; &amp; <a href=\"https://x.example?a=1&amp;b=2\">https://x.example?a=1&amp;b=2</a>!"
            )
        );
    }

    #[test]
    fn images_load_as_they_near_the_screen_and_headings_name_their_links() {
        for raw in ["", "\n<span>raw</span>\n"] {
            let body = format!(
                "# T\n\n## Steps & checks\n\n![The *queue* view](../img/queue.png \"Queue\")\n{raw}"
            );
            let html = render(&body, "T", "../").html;
            assert!(html.contains(
                "<img src=\"../img/queue.png\" alt=\"The queue view\" title=\"Queue\" loading=\"lazy\" decoding=\"async\">"
            ), "{html}");
            assert!(
                html.contains("aria-label=\"Link to the section “Steps &amp; checks”\""),
                "{html}"
            );
        }
        let unsafe_image = render("![x](javascript:alert(1))\n", "T", "").html;
        assert!(!unsafe_image.contains("javascript"), "{unsafe_image}");
    }

    #[test]
    fn footnotes_are_gathered_at_the_end_and_link_both_ways() {
        let body = "# T\n\n## Purpose\n\nFirst[^purpose], second[^b] and again[^purpose].\n\n\
                    [^b]: The [b note](other.md).\n\n[^purpose]: Why we do it.\n\n\
                    [^lost]: Nothing refers to me.\n\n## After\n\nText.\n";
        for raw in ["", "<span>raw</span>\n"] {
            let out = render(&format!("{body}{raw}"), "T", "");
            // The sanitiser (of a page with raw HTML) adds only this.
            let html = &out.html.replace(" rel=\"noopener noreferrer\"", "");
            // The heading keeps its anchor; the note has its own.
            assert!(html.contains("<h2 id=\"purpose\">"), "{html}");
            assert!(html.contains(
                "<sup class=\"footnote-reference\"><a href=\"#fn-purpose\" id=\"fnref-purpose\">1</a></sup>"
            ), "{html}");
            assert!(
                html.contains("<a href=\"#fn-b\" id=\"fnref-b\">2</a>"),
                "{html}"
            );
            assert!(
                html.contains("<a href=\"#fn-purpose\" id=\"fnref-purpose-2\">1</a>"),
                "{html}"
            );
            // The notes come after the last section, by number, then the one not referred to.
            let notes = html.find("<section class=\"footnotes\"").expect(html);
            assert!(notes > html.find("<h2 id=\"after\">").unwrap(), "{html}");
            let order: Vec<usize> = ["id=\"fn-purpose\"", "id=\"fn-b\"", "id=\"fn-lost\""]
                .iter()
                .map(|id| html.find(id).expect(id))
                .collect();
            assert!(order.windows(2).all(|w| w[0] < w[1]), "{html}");
            assert!(html.contains(
                "Why we do it. <a href=\"#fnref-purpose\" class=\"footnote-backref\" aria-label=\"Back to reference 1\">↩</a> \
                 <a href=\"#fnref-purpose-2\" class=\"footnote-backref\" aria-label=\"Back to reference 1-2\">↩</a></p>"
            ), "{html}");
            // Links in notes are rewritten; their words are searchable.
            assert!(html.contains("href=\"other.html\""), "{html}");
            assert!(out.words.contains("refers"));
            assert_eq!(html.matches("id=\"purpose\"").count(), 1);
        }
    }

    #[test]
    fn rendering_in_the_load_pass_equals_rendering_afterwards() {
        let body =
            "# Escalation\n\nSee [rota](../on-call.md#rota) and `P1`.\n\n## Steps\n\n## Steps\n";
        for front_title in [None, Some("Escalation"), Some("Other title")] {
            let mut scan = Scan::new(body, 7);
            let during = PageBodies.render("sops/escalation.md", front_title, &mut scan);
            let outline = scan.finish();
            let title = front_title.unwrap_or("Escalation");
            let after = render(body, title, "../");
            assert_eq!(during.html, after.html);
            assert_eq!(during.words, after.words);
            assert_eq!(
                outline.headings,
                crate::load::markdown::outline(body, 7).headings
            );
            // The title heading is dropped only when it is the title.
            assert_eq!(during.html.contains("<h1"), title == "Other title");
        }
    }

    #[test]
    fn a_task_and_its_text_are_one_label() {
        let tight = render(
            "- [x] Send the [form](form.md)\n- [ ] Chase\n  - nested\n",
            "T",
            "",
        );
        assert_eq!(
            tight.html,
            "<ul>\n<li><label class=\"task\"><input type=\"checkbox\" disabled checked> Send the <a href=\"form.html\">form</a></label></li>\n\
             <li><label class=\"task\"><input type=\"checkbox\" disabled> Chase</label>\n<ul>\n<li>nested</li>\n</ul>\n</li>\n</ul>\n"
        );
        let loose = render("- [ ] One\n\n  More.\n\n- [x] Two\n", "T", "").html;
        assert!(
            loose.contains("<li>\n<p><label class=\"task\"><input type=\"checkbox\" disabled> One</label></p>\n<p>More.</p>"),
            "{loose}"
        );
        // A task without text: its box is named by its state.
        let empty = render("- [ ]\n- [x]\n", "T", "").html;
        assert_eq!(
            empty,
            "<ul>\n<li><input type=\"checkbox\" disabled aria-label=\"To do\"></li>\n\
             <li><input type=\"checkbox\" disabled checked aria-label=\"Done\"></li>\n</ul>\n"
        );
        // A label or form control written as raw HTML ends the task's label first,
        // as labels may not nest; other raw HTML stays inside it.
        let raw = render("- [ ] Pick <input type=\"checkbox\"> one <b>now</b>\n- [ ] Or <LABEL>this</LABEL>\n- [ ] Keep <b>this</b> in\n", "T", "").html;
        assert!(
            raw.contains("<label class=\"task\"><input type=\"checkbox\" disabled=\"\"> Pick </label><input type=\"checkbox\"> one <b>now</b>"),
            "{raw}"
        );
        assert!(raw.contains("> Or </label><label>this</label>"), "{raw}");
        assert!(raw.contains("> Keep <b>this</b> in</label>"), "{raw}");
        // A task that starts with one: its box is named by its state.
        let first = render("- [ ] <label>Which</label>\n", "T", "").html;
        assert!(
            first.contains(
                "<input type=\"checkbox\" disabled=\"\" aria-label=\"To do\"><label>Which</label>"
            ),
            "{first}"
        );
        // A page with raw HTML is sanitised; the labels and boxes survive it.
        let raw = render("<b>x</b>\n\n- [x] Done\n", "T", "").html;
        assert!(raw.contains("<label class=\"task\"><input type=\"checkbox\" disabled=\"\" checked=\"\"> Done</label>"), "{raw}");
    }

    #[test]
    fn github_alerts_are_boxes_named_by_their_kind() {
        let out = render(
            "> [!WARNING]\n> Do not restart the **primary**.\n\n> [!TIP]\n> Ask in #ops.\n\n> [!NOPE]\n> Just a quote.\n",
            "T",
            "",
        );
        assert!(
            out.html.starts_with(
                "<blockquote class=\"markdown-alert markdown-alert-warning\">\n<p class=\"markdown-alert-title\">Warning</p>\n<p>Do not restart the <strong>primary</strong>.</p>\n</blockquote>\n"
            ),
            "{}",
            out.html
        );
        assert!(out.html.contains(
            "<p class=\"markdown-alert-title\">Tip</p>\n<p>Ask in #ops.</p>\n</blockquote>"
        ));
        // Not a kind GitHub knows: an ordinary quote.
        assert!(
            out.html.contains("<blockquote>\n<p>[!NOPE]"),
            "{}",
            out.html
        );
        // The kind is a label, not a word of the page; the text's words are.
        assert!(!out.words.contains("Warning") && out.words.contains("restart"));
        // The sanitiser of a page with raw HTML keeps the box and its title, and no
        // other class on a paragraph.
        let raw = render(
            "<b>x</b>\n\n> [!CAUTION]\n> Data loss.\n\n<p class=\"evil\">y</p>\n",
            "T",
            "",
        )
        .html;
        assert!(
            raw.contains("<blockquote class=\"markdown-alert markdown-alert-caution\">\n<p class=\"markdown-alert-title\">Caution</p>"),
            "{raw}"
        );
        assert!(raw.contains("<p>y</p>"), "{raw}");
        // Raw HTML left open inside an alert ends with it: the rest of the page is
        // not drawn into the box.
        let open = render(
            "<b>x</b>\n\n> [!WARNING]\n> <div>\n> careful\n\nRest.\n",
            "T",
            "",
        )
        .html;
        let rest = open.find("<p>Rest.</p>").expect("the rest");
        assert!(open[..rest].contains("</blockquote>"), "{open}");
    }

    #[test]
    fn attribute_values_are_escaped_only_where_needed() {
        let mut out = String::new();
        push_escaped(&mut out, "steps-1");
        push_escaped(&mut out, " a&\"<>é");
        assert_eq!(out, "steps-1 a&amp;&quot;&lt;&gt;é");
    }

    #[test]
    fn search_words_are_distinct_regardless_of_case() {
        let out = render("Rota rota ROTA, Émile ÉMILE émile; a b on-call", "T", "");
        assert_eq!(out.words, "Rota Émile on-call ");
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
