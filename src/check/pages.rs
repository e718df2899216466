//! `sop-stale`, `page-unowned` and `page-url-conflict`: pages have owners, get
//! reviewed, and each has its own place in the site.

use super::Cx;
use crate::finding::Finding;
use crate::model::Page;
use crate::model::entities::PageStatus;
use crate::model::value::days;
use crate::site::urls::Conflict;

/// `page-url-conflict`: every page, and every file pages link to, gets its own place
/// in the site.
fn url_conflicts(cx: &mut Cx) {
    let urls = crate::site::urls::every_page_url(cx.model);
    for (i, url, conflict) in crate::site::urls::conflicts_among(cx.model, &urls) {
        let page = &cx.model.pages[i];
        let (message, help) = match conflict {
            Conflict::Page(first) => {
                let other = &cx.model.pages[first];
                let finding = Finding::new(
                    "page-url-conflict",
                    cx.at(page.file, &(0..0)),
                    format!(
                        "`{}` and `{}` would both be published as {url}",
                        other.path, page.path
                    ),
                )
                .label(cx.at(other.file, &(0..0)), "the other page")
                .help(rename_one(&other.path, &page.path));
                cx.push(finding.subject(page.path.clone()));
                continue;
            }
            other => (
                format!(
                    "`{}` would be published as {url}, {}",
                    page.path,
                    why(cx, &other)
                ),
                "rename or move the page",
            ),
        };
        let finding = Finding::new("page-url-conflict", cx.at(page.file, &(0..0)), message);
        cx.push(finding.help(help).subject(page.path.clone()));
    }
    let files = crate::site::urls::linked_files(cx.repo);
    for (file, url, conflict) in crate::site::urls::file_conflicts(cx.model, &urls, files.keys()) {
        let (page, span) = &files[&file];
        let page = &cx.model.pages[*page];
        let message = format!(
            "`{file}`, which this page links to, would be published as {url}, {}",
            why(cx, &conflict)
        );
        let help = match &conflict {
            Conflict::File(first) => rename_one(first, &file),
            _ => "rename or move the file (it is left out of the site)".into(),
        };
        let finding = Finding::new("page-url-conflict", cx.at(page.file, span), message);
        cx.push(finding.help(help).subject(page.path.clone()));
    }
}

/// What is already where a page or file would be published.
fn why(cx: &Cx, conflict: &Conflict) -> String {
    match conflict {
        Conflict::Generated => "which the site generates".into(),
        Conflict::Page(page) => format!("where the page `{}` is", cx.model.pages[*page].path),
        Conflict::TooLong => format!(
            "a name longer than the {} bytes file systems take",
            crate::site::urls::NAME_MAX
        ),
        Conflict::File(first) => format!("where `{first}`, which a page also links to, is"),
        Conflict::Folder => "a folder of the site's pages".into(),
    }
}

/// How to part two paths published at one URL.
fn rename_one(first: &str, second: &str) -> String {
    let index = |path: &str| {
        let name = path.rsplit('/').next().unwrap_or(path);
        name.eq_ignore_ascii_case("index.md") || name.eq_ignore_ascii_case("readme.md")
    };
    if index(first) && index(second) {
        "rename one of them (README.md and index.md both become the folder's index.html)".into()
    } else {
        "rename one of them (in the site's paths, characters such as spaces, `#`, `?` and `%` become `-`)".into()
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
