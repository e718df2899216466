//! `sop-stale`, `page-unowned` and `page-url-conflict`: pages have owners, get
//! reviewed, and each has its own place in the site.

use super::Cx;
use crate::finding::Finding;
use crate::model::Page;
use crate::model::entities::PageStatus;
use crate::model::value::days;
use crate::site::urls::Conflict;

/// `page-url-conflict`: every page gets its own URL in the site.
fn url_conflicts(cx: &mut Cx) {
    for (i, url, conflict) in crate::site::urls::conflicts(cx.model) {
        let page = &cx.model.pages[i];
        let finding = match conflict {
            Conflict::Generated => Finding::new(
                "page-url-conflict",
                cx.at(page.file, &(0..0)),
                format!(
                    "`{}` would be published as {url}, which the site generates",
                    page.path
                ),
            )
            .help("rename or move the page"),
            Conflict::Page(first) => {
                let other = &cx.model.pages[first];
                Finding::new(
                    "page-url-conflict",
                    cx.at(page.file, &(0..0)),
                    format!("`{}` and `{}` would both be published as {url}", other.path, page.path),
                )
                .label(cx.at(other.file, &(0..0)), "the other page")
                .help("rename one of them (README.md and index.md both become the folder's index.html)")
            }
        };
        cx.push(finding.subject(page.path.clone()));
    }
}

/// The page's first line, where findings about the page as a whole point.
fn first_line(cx: &Cx, page: &Page) -> std::ops::Range<usize> {
    cx.repo.files[page.file].first_line()
}

pub fn check(cx: &mut Cx) {
    url_conflicts(cx);
    cx.each_page(|cx, page, found| {
        if page.status() != PageStatus::Retired {
            found.extend(unowned(cx, page));
            found.extend(stale(cx, page));
        }
    });
}

/// `page-unowned`: the page names no owner.
fn unowned(cx: &Cx, page: &Page) -> Option<Finding> {
    if page.meta.owner.is_some() || !page.front_matter_ok {
        return None;
    }
    Some(
        Finding::new(
            "page-unowned",
            cx.at(page.file, &first_line(cx, page)),
            format!("page `{}` has no owner", page.path),
        )
        .help("add `owner = \"<person id>\"` to the front matter: who keeps this page true?")
        .subject(page.path.clone()),
    )
}

/// `sop-stale`: the page was due for review before today.
fn stale(cx: &Cx, page: &Page) -> Option<Finding> {
    let review = cx.repo.review_of(page)?;
    if review.due >= cx.today {
        return None;
    }
    let overdue = days(review.due, cx.today);
    let finding = match (&page.meta.last_reviewed, &review.last_change) {
        (Some(reviewed), _) => Finding::new(
            "sop-stale",
            cx.at(page.file, &reviewed.span),
            format!(
                "`{}` was due for review {overdue} days ago (last reviewed {})",
                page.path, review.last
            ),
        )
        .help("review the page with its owner and set `last_reviewed` to today's date"),
        (None, Some(change)) => Finding::new(
            "sop-stale",
            cx.at(page.file, &first_line(cx, page)),
            format!(
                "`{}` was due for review {overdue} days ago (no `last_reviewed`; last changed {} by {} in {})",
                page.path,
                review.last,
                change.author,
                &change.commit[..change.commit.len().min(10)]
            ),
        )
        .help("review the page with its owner and add `last_reviewed = <today's date>` to its front matter"),
        (None, None) => return None,
    };
    Some(finding.subject(page.path.clone()))
}
