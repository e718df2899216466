//! A page's table of contents ("On this page"): its sections, from the headings the
//! load read, with the anchors the rendered headings carry.

use minijinja::Value;

use super::record::{self, record};
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

/// The table of contents as template values: a list of `{text, anchor, depth}`, empty
/// when the page has none.
pub fn value(outline: &Outline, front_title: Option<&str>) -> Value {
    record::list(
        entries(outline, front_title)
            .into_iter()
            .map(|(depth, heading)| {
                record! {
                    "text" => heading.text.as_str(),
                    "anchor" => heading.anchor.as_str(),
                    "depth" => depth,
                }
            }),
    )
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
    fn no_contents_for_fewer_than_two_sections() {
        assert!(listed("# Title\n\nText.\n\n## Only\n", None).is_empty());
        assert!(listed("Just text.\n", None).is_empty());
        // A heading with no text is not listed (and does not count).
        assert!(listed("# Title\n\n## One\n\n##\n", None).is_empty());
    }
}
