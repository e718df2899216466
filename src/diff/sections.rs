//! A page's body cut into sections at its headings, so an edit is reported by the
//! sections it touched ("Escalation" edited) rather than by lines.

use serde::Serialize;

use crate::model::Page;

/// What a section is called before the page's first heading.
pub const INTRODUCTION: &str = "(introduction)";

/// The text from one heading to the next heading of any level.
struct Section<'a> {
    heading: &'a str,
    /// The heading's anchor, unique within the page: what sections are matched by.
    anchor: &'a str,
    text: &'a str,
    /// The text after the heading, to tell a renamed section from a rewritten one.
    body: &'a str,
}

/// What happened to one section.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum SectionEdit {
    Added,
    Removed,
    Edited,
    /// Only the heading changed.
    Renamed,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SectionChange {
    pub heading: String,
    /// The heading it had before, when it changed (the section is `renamed`, or
    /// `edited` when its text changed too).
    pub from: Option<String>,
    pub change: SectionEdit,
}

fn sections<'a>(page: &'a Page, text: &'a str) -> Vec<Section<'a>> {
    let body = page
        .front_matter
        .as_ref()
        .map_or(0, |r| r.end)
        .min(text.len());
    let starts: Vec<usize> = page
        .outline
        .headings
        .iter()
        .map(|h| h.span.start.clamp(body, text.len()))
        .collect();
    let mut out = Vec::new();
    let first = starts.first().copied().unwrap_or(text.len());
    let introduction = text.get(body..first).unwrap_or_default();
    if !introduction.trim().is_empty() {
        out.push(Section {
            heading: INTRODUCTION,
            anchor: "",
            text: introduction,
            body: introduction,
        });
    }
    for (i, heading) in page.outline.headings.iter().enumerate() {
        let end = starts
            .get(i + 1)
            .copied()
            .unwrap_or(text.len())
            .max(starts[i]);
        let body = heading.span.end.clamp(starts[i], end);
        out.push(Section {
            heading: &heading.text,
            anchor: &heading.anchor,
            text: text.get(starts[i]..end).unwrap_or_default(),
            body: text.get(body..end).unwrap_or_default(),
        });
    }
    out
}

/// Trailing blank lines belong to no section's meaning.
fn same(a: &str, b: &str) -> bool {
    a.trim_end() == b.trim_end()
}

/// The sections whose text differs, in the newer page's order, then the removed ones.
/// Sections are matched by anchor; a section whose heading changed is matched by its
/// place (right after the section matched before it), so it reads as renamed.
pub fn compare(before: (&Page, &str), after: (&Page, &str)) -> Vec<SectionChange> {
    let old = sections(before.0, before.1);
    let new = sections(after.0, after.1);
    let by_anchor: Vec<Option<usize>> = new
        .iter()
        .map(|n| old.iter().position(|o| o.anchor == n.anchor))
        .collect();
    let mut taken: Vec<bool> = vec![false; old.len()];
    for i in by_anchor.iter().flatten() {
        taken[*i] = true;
    }
    let mut changes = Vec::new();
    let mut previous: Option<usize> = None;
    for (section, anchored) in new.iter().zip(&by_anchor) {
        let next = previous.map_or(0, |p| p + 1);
        let by_place = (next < old.len() && !taken[next]).then_some(next);
        let heading = section.heading.to_string();
        let (from, change) = match (*anchored, by_place) {
            (Some(i), _) => {
                previous = Some(i);
                if same(old[i].text, section.text) {
                    continue;
                }
                (None, SectionEdit::Edited)
            }
            (None, Some(i)) => {
                taken[i] = true;
                previous = Some(i);
                let edited = !same(old[i].body, section.body);
                let change = if edited {
                    SectionEdit::Edited
                } else {
                    SectionEdit::Renamed
                };
                (Some(old[i].heading.to_string()), change)
            }
            (None, None) => (None, SectionEdit::Added),
        };
        changes.push(SectionChange {
            heading,
            from,
            change,
        });
    }
    for (section, taken) in old.iter().zip(taken) {
        if !taken {
            changes.push(SectionChange {
                heading: section.heading.to_string(),
                from: None,
                change: SectionEdit::Removed,
            });
        }
    }
    changes
}
