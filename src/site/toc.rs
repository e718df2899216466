//! A page's table of contents ("On this page"): its sections, from the headings the
//! load read, with the anchors the rendered headings carry.

use minijinja::Value;

use super::render::push_escaped;
use crate::load::markdown::{Heading, Outline};

/// Fewer sections than this make no table of contents: one section is the page.
const MIN_ENTRIES: usize = 2;

/// The headings a page's table of contents lists, each with its depth (1 or 2): the
/// page's two highest levels of heading, less the title heading (the page header
/// shows the title) and headings without text. None when fewer than two are left.
pub fn entries<'o>(outline: &'o Outline, front_title: Option<&str>) -> Vec<(u8, &'o Heading)> {
    let skip = usize::from(outline.title_heading(front_title).is_some());
    let sections = || (outline.headings[skip..].iter()).filter(|heading| !heading.text.is_empty());
    let Some(top) = sections().map(|heading| heading.level).min() else {
        return Vec::new();
    };
    let entries: Vec<(u8, &Heading)> = sections()
        .filter(|heading| heading.level <= top + 1)
        .map(|heading| (heading.level - top + 1, heading))
        .collect();
    if entries.len() < MIN_ENTRIES {
        return Vec::new();
    }
    entries
}

/// The table of contents as HTML, an `<ol>` with an `li.toc-DEPTH` linking to each
/// section; empty when the page has none. Written here rather than by a template loop:
/// pages have some fifteen sections, and each value a template writes costs the
/// engine about as much as this whole list does here.
pub fn html(outline: &Outline, front_title: Option<&str>) -> Value {
    let entries = entries(outline, front_title);
    if entries.is_empty() {
        return Value::from("");
    }
    let mut html = String::with_capacity(64 * entries.len() + 16);
    html.push_str("<ol>\n");
    for (depth, heading) in entries {
        html.push_str("<li class=\"toc-");
        html.push(char::from(b'0' + depth));
        html.push_str("\"><a href=\"#");
        push_escaped(&mut html, &heading.anchor);
        html.push_str("\">");
        push_escaped(&mut html, &heading.text);
        html.push_str("</a></li>\n");
    }
    html.push_str("</ol>");
    Value::from_safe_string(html)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::markdown::outline;

    fn listed(body: &str, front_title: Option<&str>) -> Vec<(u8, String)> {
        let outline = outline(body, 0);
        entries(&outline, front_title)
            .into_iter()
            .map(|(depth, heading)| (depth, heading.anchor.clone()))
            .collect()
    }

    #[test]
    fn sections_below_the_title_two_levels_deep() {
        let body = "# Escalation\n\n## When\n\n### Paging\n\n#### Detail\n\n## Steps\n\n## Steps\n";
        let expected = vec![
            (1, "when".to_string()),
            (2, "paging".to_string()),
            (1, "steps".to_string()),
            (1, "steps-1".to_string()),
        ];
        assert_eq!(listed(body, None), expected);
        assert_eq!(listed(body, Some("Escalation")), expected);
    }

    #[test]
    fn a_first_heading_that_is_not_the_title_is_a_section() {
        // Another title in the front matter, or text before the heading: it stays in
        // the body, so it is listed, and its level is the top one.
        let body = "# Background\n\n## Detail\n\n# Steps\n";
        let listed_all = vec![
            (1, "background".to_string()),
            (2, "detail".to_string()),
            (1, "steps".to_string()),
        ];
        assert_eq!(listed(body, Some("Escalation")), listed_all);
        assert_eq!(listed(&format!("Intro.\n\n{body}"), None), listed_all);
    }

    #[test]
    fn as_html_with_text_and_anchors_escaped() {
        let sections = outline("## Q&A: 1 < 2\n\n### Steps {#do\"it}\n", 0);
        let anchor = &sections.headings[0].anchor;
        assert_eq!(
            html(&sections, None).to_string(),
            format!(
                "<ol>\n<li class=\"toc-1\"><a href=\"#{anchor}\">Q&amp;A: 1 &lt; 2</a></li>\n\
                 <li class=\"toc-2\"><a href=\"#do&quot;it\">Steps</a></li>\n</ol>"
            )
        );
        assert_eq!(html(&outline("# T\n", 0), None).to_string(), "");
    }

    #[test]
    fn no_contents_for_fewer_than_two_sections() {
        assert!(listed("# Title\n\nText.\n\n## Only\n", None).is_empty());
        assert!(listed("Just text.\n", None).is_empty());
        // A heading with no text is not listed (and does not count).
        assert!(listed("# Title\n\n## One\n\n##\n", None).is_empty());
    }
}
