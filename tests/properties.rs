//! Properties: splitting front matter, locating spans and loading arbitrary pages
//! never panic, and every reported position lies inside its file.

use opsctl::load::frontmatter;
use opsctl::load::lines::LineIndex;
use opsctl::source::Memory;
use proptest::prelude::*;

/// Text that looks like pages: fences, keys, headings, links, CRLF, BOMs and noise.
fn page_like() -> impl Strategy<Value = String> {
    let pieces = prop::collection::vec(
        prop_oneof![
            Just("+++\n".to_string()),
            Just("---\n".to_string()),
            Just("\r\n".to_string()),
            Just("\u{feff}".to_string()),
            Just("title = \"x\"\n".to_string()),
            Just("owner: maya\n".to_string()),
            Just("last_reviewed = 2026-02-30\n".to_string()),
            Just("[[action]]\ntitle = \"a\"\ndue = 2020-01-01\n".to_string()),
            Just("action:\n  - title: a\n    due: 2020-01-01\n".to_string()),
            Just("# Heading\n".to_string()),
            Just("[l](../x.md#y)\n".to_string()),
            Just("é中\u{1F600}".to_string()),
            "[ -~]{0,20}",
        ],
        0..16,
    );
    pieces.prop_map(|p| p.concat())
}

proptest! {
    #[test]
    fn split_ranges_lie_inside_the_text(text in page_like()) {
        match frontmatter::split(&text) {
            Ok(split) => {
                prop_assert!(split.body.start <= split.body.end && split.body.end == text.len());
                prop_assert!(text.is_char_boundary(split.body.start));
                if let Some((_, range)) = split.front_matter {
                    prop_assert!(range.end <= split.body.start);
                    prop_assert!(text.is_char_boundary(range.start) && text.is_char_boundary(range.end));
                }
            }
            Err(unterminated) => prop_assert!(unterminated.fence.end <= text.len()),
        }
    }

    #[test]
    fn line_columns_are_inside_the_text(text in page_like(), offset in 0usize..400) {
        let index = LineIndex::new(&text);
        let at = index.line_col(&text, offset);
        let lines = text.split('\n').count();
        prop_assert!(at.line >= 1 && at.line <= lines);
        prop_assert!(at.column >= 1);
        let line = text.split('\n').nth(at.line - 1).unwrap();
        prop_assert!(at.column <= line.chars().count() + 1);
    }

    #[test]
    fn loading_any_page_locates_every_finding_inside_its_file(text in page_like(), toml in page_like()) {
        let source = Memory::new().with("p.md", text.clone()).with("e.toml", toml);
        let repo = opsctl::load(Box::new(source), "/".into()).unwrap();
        let outcome = opsctl::check(&repo, opsctl::today(Some("2026-11-21")).unwrap());
        for finding in &outcome.findings {
            let file = repo.file(finding.location.file);
            let text = file.text().unwrap();
            let span = file.real_span(&finding.location.span);
            prop_assert!(span.start <= span.end && span.end <= text.len(), "{finding:?}");
            let (start, end) = file.locate(&finding.location.span);
            prop_assert!(start <= end);
            prop_assert!(end.line <= text.split('\n').count());
        }
    }

    #[test]
    fn a_build_that_lets_page_texts_go_finds_and_locates_the_same(text in page_like(), toml in page_like()) {
        let source = || Memory::new().with("p.md", text.clone()).with("e.toml", toml.clone());
        let today = opsctl::today(Some("2026-11-21")).unwrap();
        let kept = opsctl::load(Box::new(source()), "/".into()).unwrap();
        let renderer = opsctl::site::PageBodies;
        let released =
            opsctl::load::load_reusing(Box::new(source()), "/".into(), None, opsctl::load::Reading { renderer: Some(&renderer), release_texts: true }).unwrap();
        let (kept_outcome, released_outcome) = (opsctl::check(&kept, today), opsctl::check(&released, today));
        prop_assert_eq!(kept_outcome.findings.len(), released_outcome.findings.len());
        for (a, b) in kept_outcome.findings.iter().zip(&released_outcome.findings) {
            prop_assert_eq!(&a.message, &b.message);
            let (kept_file, released_file) = (kept.file(a.location.file), released.file(b.location.file));
            prop_assert_eq!(kept_file.real_span(&a.location.span), released_file.real_span(&b.location.span));
            prop_assert_eq!(kept_file.locate(&a.location.span), released_file.locate(&b.location.span));
            prop_assert_eq!(kept_file.first_line(), released_file.first_line());
        }
    }
}
