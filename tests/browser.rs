//! The built site in a real browser: headless Chromium opens the example from disk
//! (`file://`), searches for a word that only occurs in one page's body, and saves a
//! screenshot to `target/browser/` for people to look at.

use std::path::{Path, PathBuf};
use std::process::Command;

mod chromium;
mod scratch;

use scratch::repo;

/// Builds the repository at `repo` (no git history) into its `_site`, returned.
fn build_without_history(repo: &Path) -> PathBuf {
    let site = repo.join("_site");
    let status = Command::new(env!("CARGO_BIN_EXE_opsctl"))
        .args(["--today", "2026-11-21", "build", "--no-history"])
        .arg(repo)
        .arg("--out")
        .arg(&site)
        .status()
        .unwrap();
    assert!(status.success());
    site
}

/// Runs headless Chromium on `url` with the flags this sandbox needs.
fn headless(browser: &Path, extra: &[&str], url: &str) -> std::process::Output {
    let profile = tempfile::tempdir().unwrap();
    Command::new(browser)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--virtual-time-budget=10000",
        ])
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .args(extra)
        .arg(url)
        .output()
        .expect("chromium runs")
}

/// A `templates/site.html` that adds `script` to the head of every page: how a test
/// asks a page, laid out by a real browser, to report on itself (on its `<body>`).
fn reporting_override(script: &str) -> String {
    format!(
        "{{% extends \"base.html\" %}}{{% block head %}}<script>\n{script}\n</script>{{% endblock %}}"
    )
}

/// The site of a copy of the example called `name` whose pages run `script` (and the
/// copy, which goes when it is dropped).
fn example_site_reporting(name: &str, script: &str) -> (tempfile::TempDir, PathBuf) {
    let repo = example_reporting(name, script);
    let site = build_without_history(repo.path());
    (repo, site)
}

/// A copy of the example called `name` whose pages run `script`.
fn example_reporting(name: &str, script: &str) -> tempfile::TempDir {
    let repo = repo(&[("templates/site.html", &reporting_override(script))]);
    copy_tree(
        &Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("examples")
            .join(name),
        repo.path(),
    );
    repo
}

/// The `data-NAME` attribute a page's script set on its body, from Chromium's
/// `--dump-dom` output.
fn reported(dom: &[u8], name: &str) -> String {
    let dom = String::from_utf8_lossy(dom);
    let body = dom.split("<body").nth(1).unwrap_or_default();
    let body = &body[..body.find('>').unwrap_or(body.len())];
    body.split(&format!("data-{name}=\""))
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .map_or_else(
            || format!("no data-{name} in <body{body}>"),
            |v| v.replace("&quot;", "\""),
        )
}

/// What `page` of the built `site` (a path, with a `#fragment` if wanted) reported as
/// `data-NAME` on its body, opened in a window `width` px wide.
fn page_report(browser: &Path, site: &Path, page: &str, width: u32, name: &str) -> String {
    let url = format!("file://{}", site.join(page).display());
    let size = format!("--window-size={width},900");
    let dom = headless(browser, &["--dump-dom", &size], &url);
    reported(&dom.stdout, name)
}

/// What `page` of the acme example, built with `script` on every page, reported as
/// `data-NAME` on its body, opened in a window 1280 px wide.
fn acme_page_report(browser: &Path, script: &str, page: &str, name: &str) -> String {
    let (_repo, site) = example_site_reporting("acme", script);
    page_report(browser, &site, page, 1280, name)
}

#[test]
fn search_finds_a_page_by_a_word_in_its_body() {
    let Some(browser) = chromium::find() else {
        return;
    };
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    let out = manifest.join("target/browser");
    let site = out.join("acme-site");
    let status = Command::new(env!("CARGO_BIN_EXE_opsctl"))
        .args(["--today", "2026-11-21", "build"])
        .arg(manifest.join("examples/acme"))
        .arg("--out")
        .arg(&site)
        .status()
        .unwrap();
    assert!(status.success());
    // "reconcile" occurs only in the body of the month-end close SOP.
    let url = format!("file://{}?q=reconcile", site.join("index.html").display());
    let results = search_results_html(&browser, &url);
    assert!(
        results.contains("sops/finance/month-end-close.html"),
        "the search did not find the page; results were:\n{results}"
    );
    assert!(
        !results.contains("quote-to-contract"),
        "a page without the word was found:\n{results}"
    );

    let screenshot = out.join("search.png");
    let _ = std::fs::remove_file(&screenshot);
    headless(
        &browser,
        &[
            &format!("--screenshot={}", screenshot.display()),
            "--window-size=1280,900",
        ],
        &url,
    );
    assert!(screenshot.is_file(), "no screenshot was written");
    let page = out.join("page.png");
    let sop = format!(
        "file://{}",
        site.join("sops/customer-support/escalation.html").display()
    );
    headless(
        &browser,
        &[
            &format!("--screenshot={}", page.display()),
            "--window-size=1280,1200",
        ],
        &sop,
    );
    assert!(page.is_file());
}

/// The markup of the search results list of the page at `url` (which searches by its
/// `?q=`), as Chromium shows it.
fn search_results_html(browser: &Path, url: &str) -> String {
    let dom = headless(browser, &["--dump-dom"], url);
    let dom = String::from_utf8_lossy(&dom.stdout);
    let results = dom
        .split("id=\"opsctl-search-results\"")
        .nth(1)
        .unwrap_or_default();
    results[..results.find("</ol>").unwrap_or(results.len())].to_string()
}

/// The links of the search results for `query` on the built `site`'s home page, each
/// with its title's text (marks and tags taken out). A link's `?highlight=` (the words
/// to mark on the page it opens) is left out too: it is tested on its own.
fn search_results(browser: &Path, site: &Path, query: &str) -> Vec<(String, String)> {
    let url = format!("file://{}?q={query}", site.join("index.html").display());
    search_results_html(browser, &url)
        .split("<a href=\"")
        .skip(1)
        .map(|a| {
            let href = &a[..a.find('"').unwrap()];
            let href = match href.split_once("?highlight=") {
                Some((page, rest)) => {
                    page.to_string() + rest.find('#').map_or("", |at| &rest[at..])
                }
                None => href.to_string(),
            };
            let title = a
                .split("class=\"result-title\">")
                .nth(1)
                .unwrap_or_default();
            let title = title[..title
                .find("</span><span class=\"result-meta")
                .unwrap_or(title.len())]
                .replace("<mark>", "")
                .replace("</mark>", "")
                .replace("<span class=\"result-section\">", "")
                .replace("</span>", "");
            (href, title)
        })
        .collect()
}

/// A page found by a word of one of its headings opens at that section, and its
/// result names the section; a word of the page's title opens the page itself.
#[test]
fn a_search_result_found_by_a_heading_opens_at_that_section() {
    let Some(browser) = chromium::find() else {
        return;
    };
    let (_repo, site) = example_site_reporting("acme", "");
    let found = search_results(&browser, &site, "rollback");
    assert_eq!(
        found.first(),
        Some(&(
            "sops/platform-operations/incident-response.html#rollback".to_string(),
            "Incident response › Rollback".to_string()
        )),
        "{found:?}"
    );
    // Both words in headings of the same page: the first such heading.
    let found = search_results(&browser, &site, "postmortem+severity");
    assert_eq!(
        found.first().map(|(href, _)| href.as_str()),
        Some("sops/platform-operations/incident-response.html#severity"),
        "{found:?}"
    );
    // "incident" is in the title as well as in a heading: the page itself.
    let found = search_results(&browser, &site, "incident+response");
    assert!(
        found.contains(&(
            "sops/platform-operations/incident-response.html".to_string(),
            "Incident response".to_string()
        )),
        "{found:?}"
    );
}

/// A word that is only a page's tag finds the page, ranked above a page that only
/// says it in its text; a page that neither carries nor says it is not found.
#[test]
fn search_finds_a_page_by_its_tag() {
    let Some(browser) = chromium::find() else {
        return;
    };
    let repo = repo(&[
        ("opsctl.toml", "[org]\nname = \"X\"\n"),
        (
            "a.md",
            "+++\ntitle = \"Alpha\"\ntags = [\"Zephyr\", \"on call\"]\n+++\n\nNothing here.\n",
        ),
        (
            "b.md",
            "+++\ntags = [\"contracts\"]\n+++\n# Beta\n\nA zephyr blew on a call.\n",
        ),
        ("c.md", "# Gamma\n\nCalm.\n"),
        ("d.md", "# Contracts\n\nWhat we sign.\n"),
    ]);
    let site = build_without_history(repo.path());
    // Typed as a tag, a word finds the pages with that tag first, before a page whose
    // title is the word; typed plainly, the title comes first.
    let found = search_results(&browser, &site, "%23contracts");
    assert_eq!(found[0], ("b.html".to_string(), "Beta".to_string()));
    let found = search_results(&browser, &site, "contracts");
    assert_eq!(found[0], ("d.html".to_string(), "Contracts".to_string()));
    let found = search_results(&browser, &site, "zephyr");
    assert_eq!(
        found,
        [
            ("a.html".to_string(), "Alpha".to_string()),
            ("b.html".to_string(), "Beta".to_string()),
        ]
    );
    // A tag is found however its words are joined, and written as a tag is shown;
    // first by its tag, then by its text, the page whose tag only holds "on" inside a
    // word ("contracts").
    for query in ["on+call", "on-call", "on_call", "%23on-call"] {
        let found = search_results(&browser, &site, query);
        assert_eq!(
            found[0],
            ("a.html".to_string(), "Alpha".to_string()),
            "{query}"
        );
    }
    let url = format!("file://{}?q=on+call", site.join("index.html").display());
    let results = search_results_html(&browser, &url);
    assert!(results.contains("Page · #on call</span>"), "{results}");
    assert!(!results.contains("#contracts"), "{results}");
    // The tags page itself is found by its name.
    let found = search_results(&browser, &site, "tags");
    assert_eq!(found, [("tags.html".to_string(), "Tags".to_string())]);
    // The result says which of its tags it was found by.
    let url = format!("file://{}?q=zephyr", site.join("index.html").display());
    let results = search_results_html(&browser, &url);
    assert!(
        results.contains("<span class=\"result-meta\">Page · #Zephyr</span>"),
        "{results}"
    );
}

/// A script, added through a template override, that reports on the page's `<body>`
/// which sections of the top navigation are not shown whole, whether the title is cut
/// short and whether enough of it is left to read.
const HEADER_REPORT: &str = r#"addEventListener("load", function () {
  var list = document.querySelector(".top-nav ul").getBoundingClientRect();
  var title = document.querySelector(".brand > span");
  // Where the list fades out (2.5rem on narrow screens), a section is not shown whole.
  var fade = parseFloat(getComputedStyle(document.querySelector(".top-nav ul")).paddingRight);
  var hidden = [].filter.call(document.querySelectorAll(".top-nav a"), function (a) {
    var r = a.getBoundingClientRect();
    return r.left < list.left || r.right > list.right - fade || r.width === 0;
  }).map(function (a) { return a.textContent.trim(); });
  document.body.setAttribute("data-hidden", hidden.join(",") || "none");
  document.body.setAttribute("data-title", title.scrollWidth > title.clientWidth ? "cut" : "whole");
  document.body.setAttribute("data-title-room", title.clientWidth > 60 ? "readable" : "squeezed");
});"#;

/// Builds a one-page site titled `title` with [`HEADER_REPORT`] and returns the report
/// of its page's header at each of `widths`.
fn header_reports(browser: &Path, title: &str, widths: &[u32]) -> Vec<(u32, String)> {
    let repo = repo(&[
        ("opsctl.toml", &format!("[site]\ntitle = \"{title}\"\n")),
        ("a.md", "# A page\n\nText.\n"),
        ("templates/site.html", &reporting_override(HEADER_REPORT)),
    ]);
    let site = build_without_history(repo.path());
    let url = format!("file://{}", site.join("a.html").display());
    widths
        .iter()
        .map(|width| {
            let size = format!("--window-size={width},800");
            let dom = headless(browser, &["--dump-dom", &size], &url);
            let dom = String::from_utf8_lossy(&dom.stdout).to_string();
            let body = dom
                .lines()
                .find(|l| l.contains("<body"))
                .unwrap_or_default();
            (*width, body.to_string())
        })
        .collect()
}

/// A long handbook title never hides a section of the top navigation: it gives way
/// (ending in "…") at desktop widths, where the sections share its row, and at
/// narrower ones, where they have a row of their own. A title that fits is not cut.
#[test]
fn a_long_title_gives_way_to_the_sections_and_a_short_one_is_shown_whole() {
    let Some(browser) = chromium::find() else {
        return;
    };
    let long = "Brightside Support Operations Handbook (the whole company, all teams)";
    for (width, body) in header_reports(&browser, long, &[1000, 1280, 1366, 1600]) {
        assert!(
            body.contains(r#"data-hidden="none""#)
                && body.contains(r#"data-title-room="readable""#),
            "at {width} px wide: {body}"
        );
    }
    for (width, body) in header_reports(&browser, "Acme Onboarding Handbook", &[1000, 1280]) {
        assert!(
            body.contains(r#"data-hidden="none""#) && body.contains(r#"data-title="whole""#),
            "at {width} px wide: {body}"
        );
    }
}

/// On a phone, nothing of a page sticks out of the box it is in: long badges ("reviewed
/// 2026-10-12; next review in 50 days") wrap inside their list, and long file names and
/// links wrap inside their goal or finding group (which the browser clips, as it lays
/// them out only near the screen). A script added through a template override reports
/// what sticks out, on the examples' pages with the most.
#[test]
fn on_a_phone_nothing_sticks_out_of_its_box() {
    let Some(browser) = chromium::find() else {
        return;
    };
    let script = r#"addEventListener("load", function () {
  var text = function (e) { return e.textContent.trim().replace(/\s+/g, " ").slice(0, 60); };
  var badges = [].filter.call(document.querySelectorAll(".content .badge"), function (badge) {
    var box = badge.parentElement.closest("li, .card, .panel, .goal, dd, td, p, div");
    var b = badge.getBoundingClientRect(), r = box.getBoundingClientRect();
    return b.right > r.right + 0.5 || b.left < r.left - 0.5;
  });
  var boxes = [].filter.call(document.querySelectorAll(".goal, .file-findings"), function (box) {
    box.style.contentVisibility = "visible";
    return box.scrollWidth > box.clientWidth + 1;
  });
  document.body.setAttribute("data-out", badges.concat(boxes).map(text).join(" | ") || "none");
});"#;
    for (example, pages) in [
        (
            "acme",
            &[
                "capability/customer-support.html",
                "person/dev.html",
                "goals.html",
                "index.html",
            ][..],
        ),
        ("every-rule", &["findings.html", "goals.html"][..]),
    ] {
        let repo = example_reporting(example, script);
        // A finding about a page with a long path: its link is wider than a phone.
        scratch::write(
            repo.path(),
            &[(
                "sops/support/escalating-a-customer-issue-outside-business-hours-in-europe.md",
                "# Escalating out of hours\n",
            )],
        );
        let site = build_without_history(repo.path());
        // Chromium lays a page out at least 500 px wide when it dumps the DOM, so each
        // page is shown in a frame as wide as a phone, and the frame's report copied out.
        let frame = repo.path().join("phone.html");
        for page in pages {
            let src = format!("file://{}", site.join(page).display());
            std::fs::write(
                &frame,
                format!(
                    r#"<!doctype html><iframe src="{src}" style="width:390px;height:900px;border:0"></iframe>
<script>addEventListener("load", function () {{
  document.body.setAttribute("data-out", frames[0].document.body.getAttribute("data-out"));
}});</script>"#
                ),
            )
            .unwrap();
            let url = format!("file://{}", frame.display());
            let dom = headless(
                &browser,
                &["--dump-dom", "--allow-file-access-from-files"],
                &url,
            );
            assert_eq!(reported(&dom.stdout, "out"), "none", "{example}: {page}");
        }
    }
}

/// On a long generated page, whose goals the browser lays out only near the screen
/// (`content-visibility: auto`), a link to a goal far down still lands on it: just
/// below the sticky header, as on a page laid out whole.
#[test]
fn a_link_to_a_goal_far_down_a_long_page_lands_on_it() {
    let Some(browser) = chromium::find() else {
        return;
    };
    let mut goals = String::new();
    for i in 0..400 {
        goals.push_str(&format!(
            "[[goal]]\nid = \"g-{i}\"\ntitle = \"Goal {i}\"\nhorizon = \"annual\"\nowner = \"ana\"\n\
             deadline = 2027-06-30\nmetric = \"Metric {i}, said at some length so that the card is tall\"\n\n"
        ));
    }
    let report_target = reporting_override(
        // A timer, not animation frames: a busy headless browser may dump the page
        // before it draws a frame, while timers run within its virtual time.
        r#"addEventListener("load", function () {
  setTimeout(function () {
    var target = document.getElementById(location.hash.slice(1));
    var box = target ? target.getBoundingClientRect() : null;
    document.body.setAttribute("data-target", box ? Math.round(box.top) + "," + innerHeight : "missing");
  }, 100);
});"#,
    );
    let repo = repo(&[
        ("opsctl.toml", "[site]\ntitle = \"Long\"\n"),
        ("people.toml", "[[person]]\nid = \"ana\"\nname = \"Ana\"\n"),
        ("goals.toml", &goals),
        ("templates/site.html", &report_target),
    ]);
    let site = build_without_history(repo.path());
    let url = format!("file://{}#goal-g-300", site.join("goals.html").display());
    let dom = headless(&browser, &["--dump-dom", "--window-size=1280,900"], &url);
    let report = reported(&dom.stdout, "target");
    let (top, height) = report.split_once(',').expect(&report);
    let (top, height): (i64, i64) = (top.parse().unwrap(), height.parse().unwrap());
    assert!(
        (40..200).contains(&top),
        "goal-g-300 is at {top} px in a window {height} px high"
    );
}

/// The sidebar shows the folders down to the page open, with the page marked, and
/// builds another folder's links only when it is opened (a large handbook's tree is
/// too big to build whole on every page).
#[test]
fn the_sidebar_opens_on_the_page_and_builds_other_folders_when_opened() {
    let Some(browser) = chromium::find() else {
        return;
    };
    let script = r#"addEventListener("load", function () {
  var side = document.getElementById("opsctl-sidebar");
  var text = function (e) { return e.textContent.trim(); };
  var open = [].filter.call(side.querySelectorAll(".nav-tree details"), function (d) { return d.open; })
    .map(function (d) { return text(d.querySelector("summary")); });
  var finance = [].filter.call(side.querySelectorAll(".nav-tree summary"), function (s) { return text(s) === "Finance"; })[0].parentNode;
  var before = finance.querySelectorAll("a").length;
  finance.addEventListener("toggle", function () {
    document.body.setAttribute("data-sidebar", JSON.stringify({
      current: [].map.call(side.querySelectorAll('[aria-current="page"]'), text),
      open: open, finance: [before, [].map.call(finance.querySelectorAll("a"), function (a) { return a.getAttribute("href"); })]
    }));
  });
  finance.open = true;
});"#;
    assert_eq!(
        acme_page_report(
            &browser,
            script,
            "sops/sales/quote-to-contract.html",
            "sidebar"
        ),
        r#"{"current":["From quote to signed contract"],"open":["SOPs","Sales"],"finance":[0,["../../sops/finance/invoicing-and-collections.html","../../sops/finance/month-end-close.html"]]}"#
    );
}

/// A page's table of contents stands open beside the text on a wide screen, stays in
/// view as the page scrolls and marks the section being read; on a narrower screen it
/// is folded above the text. A link to a section brings its heading just below the
/// header (16 px below it; it once landed 76 px lower, two margins added up).
#[test]
fn the_table_of_contents_is_beside_the_text_when_wide_and_folded_above_it_when_not() {
    let Some(browser) = chromium::find() else {
        return;
    };
    let (_repo, site) = example_site_reporting(
        "acme",
        r#"addEventListener("load", function () {
  // Once the window has scrolled to the section and the page marked it (a busy
  // machine takes a while; at worst the report says what was marked after 5 s).
  var tries = 0;
  (function wait() {
    var marked = document.querySelector('.toc [aria-current="location"]');
    var done = scrollY > 0 && marked && marked.textContent === "Steps";
    done || ++tries > 50 ? report() : setTimeout(wait, 100);
  })();
});
function report() {
  var toc = document.querySelector(".toc"), text = document.querySelector(".markdown");
  var t = toc.getBoundingClientRect(), m = text.getBoundingClientRect();
  var current = toc.querySelector('[aria-current="location"]');
  document.body.setAttribute("data-toc", JSON.stringify({
    heading_at: Math.round(document.getElementById("steps").getBoundingClientRect().top),
    open: toc.querySelector("details").open,
    beside: t.left >= m.right, above: t.bottom <= m.top,
    in_view: t.top >= 0 && t.bottom <= innerHeight,
    current: current ? current.textContent : null
  }));
}"#,
    );
    let report = |width| {
        let page = "sops/finance/month-end-close.html#steps";
        page_report(&browser, &site, page, width, "toc")
    };
    assert_eq!(
        report(1440),
        r#"{"heading_at":76,"open":true,"beside":true,"above":false,"in_view":true,"current":"Steps"}"#
    );
    // Below 1240 px the header has two rows (100 px).
    assert_eq!(
        report(1000),
        r#"{"heading_at":116,"open":false,"beside":false,"above":true,"in_view":false,"current":"Steps"}"#
    );
}

/// Every code block of a page has a button that copies its text to the clipboard (the
/// clipboard is stood in for, to read back what was written).
#[test]
fn a_code_block_is_copied_with_its_button() {
    let Some(browser) = chromium::find() else {
        return;
    };
    let script = r#"var copied = [];
Object.defineProperty(navigator, "clipboard", { value: { writeText: function (text) {
  copied.push(text); return Promise.resolve();
} } });
addEventListener("load", function () {
  var blocks = document.querySelectorAll(".markdown pre"), buttons = document.querySelectorAll(".code-block > .copy");
  buttons[0].click();
  setTimeout(function () {
    document.body.setAttribute("data-copy", JSON.stringify({
      blocks: blocks.length, buttons: buttons.length,
      same: copied.length === 1 && copied[0] === blocks[0].textContent, label: buttons[0].textContent,
      // Where nothing can hover (headless Chromium, touch screens) the button is always
      // shown, so it must not cover the code.
      covers: matchMedia("(hover: none)").matches &&
        buttons[0].getBoundingClientRect().bottom > blocks[0].getBoundingClientRect().top,
      said: document.querySelector('[role="status"]:not(.search *)').textContent
    }));
  }, 100);
});"#;
    assert_eq!(
        acme_page_report(
            &browser,
            script,
            "sops/finance/month-end-close.html",
            "copy"
        ),
        r#"{"blocks":1,"buttons":1,"same":true,"label":"Copied","covers":false,"said":"Code copied"}"#
    );
}

/// A code block fenced with a language it knows is coloured token by token, its text
/// unchanged; other blocks, and markup of the page's own, stay as written. Past the
/// first screenfuls of code, a block is coloured when it comes near (or before
/// printing), not as the page loads.
#[test]
fn code_in_a_known_language_is_coloured_and_its_text_kept() {
    let Some(browser) = chromium::find() else {
        return;
    };
    let script = r#"addEventListener("load", function () {
  function blocks() {
    return Array.prototype.map.call(document.querySelectorAll(".markdown pre > code"), function (code) {
      return { text: code.textContent, spans: Array.prototype.map.call(code.querySelectorAll("span"), function (s) {
        return [s.className.replace("hl-", ""), s.textContent];
      }), own: code.querySelectorAll("b").length };
    });
  }
  var loaded = blocks();
  dispatchEvent(new Event("beforeprint"));
  var keyword = document.querySelector(".hl-keyword");
  document.body.setAttribute("data-code", JSON.stringify({
    loaded: loaded, printed: blocks(), keyword: getComputedStyle(keyword).color,
    plain: getComputedStyle(keyword.parentNode).color
  }));
});"#;
    let long: String = (0..4000).map(|n| format!("echo {n}\n")).collect();
    let page = format!(
        "# Code\n\n\
         ```sh\n# roll back\n$ acme-deploy rollback --env production --to \"$PREVIOUS\" | tee -a /tmp/log\n```\n\n\
         ```SQL\nselect count(*) FROM invoices WHERE status = 'open'; -- overdue\n```\n\n\
         ```yaml\nreplicas: 3 # more in prod\nimage: \"nginx:1.27\"\n```\n\n\
         ```text\nif true then 3\n```\n\n\
         ```made-up\nif true then 3\n```\n\n\
         <pre><code class=\"language-sh\"><b>kept</b> as written</code></pre>\n\n\
         ```console\n$ opsctl check\nerror: 'x' is wrong\n```\n\n\
         ```yaml\ntitle: Don't panic\nowner: maya\n```\n\n\
         ```toml\ndata = [\n  [1, 2],\n]\n```\n\n\
         ```bash\n{long}```\n\n\
         ```sh\necho far\n```\n"
    );
    let repo = repo(&[
        ("opsctl.toml", "[site]\ntitle = \"Code\"\n"),
        ("templates/site.html", &reporting_override(script)),
        ("sops/code.md", &page),
    ]);
    let site = build_without_history(repo.path());
    let report = page_report(&browser, &site, "sops/code.html", 1280, "code");
    let report: serde_json::Value = serde_json::from_str(&report).expect(&report);
    let spans = |when: &str, block: usize| -> Vec<(String, String)> {
        serde_json::from_value(report[when][block]["spans"].clone()).unwrap()
    };
    let pairs = |list: &[(&str, &str)]| -> Vec<(String, String)> {
        list.iter()
            .map(|(k, t)| (k.to_string(), t.to_string()))
            .collect()
    };
    assert_eq!(
        spans("loaded", 0),
        pairs(&[
            ("comment", "# roll back"),
            ("prompt", "$"),
            ("function", "acme-deploy"),
            ("option", "--env"),
            ("option", "--to"),
            ("string", "\"$PREVIOUS\""),
            ("operator", "|"),
            ("function", "tee"),
            ("option", "-a"),
        ])
    );
    assert_eq!(
        spans("loaded", 1),
        pairs(&[
            ("keyword", "select"),
            ("function", "count"),
            ("keyword", "FROM"),
            ("keyword", "WHERE"),
            ("string", "'open'"),
            ("comment", "-- overdue"),
        ])
    );
    assert_eq!(
        spans("loaded", 2),
        pairs(&[
            ("key", "replicas"),
            ("number", "3"),
            ("comment", "# more in prod"),
            ("key", "image"),
            ("string", "\"nginx:1.27\""),
        ])
    );
    // The text is the code as written, whatever its colours.
    assert_eq!(
        report["loaded"][0]["text"],
        "# roll back\n$ acme-deploy rollback --env production --to \"$PREVIOUS\" | tee -a /tmp/log\n"
    );
    assert_eq!(
        report["loaded"][2]["text"],
        "replicas: 3 # more in prod\nimage: \"nginx:1.27\"\n"
    );
    // Plain text and a language it does not know stay plain; so does markup of the
    // page's own.
    assert_eq!(spans("printed", 3), []);
    assert_eq!(spans("printed", 4), []);
    assert_eq!(spans("printed", 5), []);
    assert_eq!(report["printed"][5]["own"], 1);
    assert_eq!(report["printed"][5]["text"], "kept as written");
    // In a terminal session only the commands are coloured, not their output; an
    // apostrophe in a YAML value is not a quote; an array's row in TOML is not a table.
    assert_eq!(
        spans("loaded", 6),
        pairs(&[("prompt", "$ "), ("function", "opsctl")])
    );
    assert_eq!(
        spans("loaded", 7),
        pairs(&[("key", "title"), ("key", "owner")])
    );
    assert_eq!(
        spans("loaded", 8),
        pairs(&[("key", "data"), ("number", "1"), ("number", "2")])
    );
    // The long block is coloured at once; the block after it, far down, only when
    // it is needed.
    assert_eq!(spans("loaded", 9).len(), 4000);
    assert_eq!(spans("loaded", 10), []);
    assert_eq!(spans("printed", 10), pairs(&[("function", "echo")]));
    assert_eq!(report["keyword"], "rgb(207, 34, 46)");
    assert_ne!(report["keyword"], report["plain"]);
}

/// GitHub's alerts (`> [!CAUTION]`, `> [!NOTE]`) show as boxes in their kind's colour,
/// named in words with an icon before the name.
#[test]
fn an_alert_is_a_box_in_its_kinds_colour_named_with_an_icon() {
    let Some(browser) = chromium::find() else {
        return;
    };
    let script = r#"addEventListener("load", function () {
  var alerts = Array.prototype.map.call(document.querySelectorAll(".markdown-alert"), function (box) {
    var title = box.querySelector(".markdown-alert-title"), icon = getComputedStyle(title, "::before");
    return [title.textContent, getComputedStyle(box).borderLeftColor, getComputedStyle(title).color,
      icon.width, (icon.maskImage || icon.webkitMaskImage).indexOf("data:image/svg") > 0];
  });
  document.body.setAttribute("data-alerts", JSON.stringify(alerts));
});"#;
    assert_eq!(
        acme_page_report(
            &browser,
            script,
            "sops/finance/month-end-close.html",
            "alerts"
        ),
        r#"[["Caution","rgb(207, 34, 46)","rgb(164, 14, 38)","16px",true],["Note","rgb(30, 86, 200)","rgb(24, 73, 169)","16px",true]]"#
    );
}

/// A heading id that is not a valid URL fragment (`100%`) is looked up as written, and
/// the page's script goes on: its contents are marked, its code has its button.
#[test]
fn an_odd_heading_id_leaves_the_page_script_working() {
    let Some(browser) = chromium::find() else {
        return;
    };
    let script = r#"addEventListener("load", function () {
  document.body.setAttribute("data-parts", JSON.stringify({
    copy: document.querySelectorAll(".code-block > .copy").length,
    marked: document.querySelector('.toc [aria-current="location"]').textContent
  }));
});"#;
    let repo = repo(&[
        ("opsctl.toml", "[site]\ntitle = \"Odd\"\n"),
        ("templates/site.html", &reporting_override(script)),
        (
            "sops/odd.md",
            "# Odd\n\n## A\n\n## B {#100%}\n\n```\nx\n```\n",
        ),
    ]);
    let site = build_without_history(repo.path());
    assert_eq!(
        page_report(&browser, &site, "sops/odd.html", 1280, "parts"),
        r#"{"copy":1,"marked":"A"}"#
    );
}

/// On a page of sixty sections, a link to one of the last (which the page cannot
/// scroll up to the header) marks that section, and the long table of contents
/// scrolls in its column to show the marked entry.
#[test]
fn a_long_table_of_contents_marks_the_last_sections_and_keeps_them_in_view() {
    let Some(browser) = chromium::find() else {
        return;
    };
    let script = r#"addEventListener("load", function () {
  var tries = 0;
  (function wait() {
    var marked = document.querySelector('.toc [aria-current="location"]');
    if ((!marked || marked.textContent !== "Section 59") && ++tries < 50) return setTimeout(wait, 100);
    var column = document.querySelector(".toc").getBoundingClientRect();
    var entry = marked ? marked.getBoundingClientRect() : column;
    document.body.setAttribute("data-long", JSON.stringify({
      marked: marked && marked.textContent,
      shown: entry.top >= column.top && entry.bottom <= column.bottom
    }));
  })();
});"#;
    let body: String = (1..=60)
        .map(|i| format!("## Section {i}\n\nA line.\n\n"))
        .collect();
    let repo = repo(&[
        ("opsctl.toml", "[site]\ntitle = \"Long\"\n"),
        ("templates/site.html", &reporting_override(script)),
        ("sops/long.md", &format!("# Long\n\n{body}")),
    ]);
    let site = build_without_history(repo.path());
    assert_eq!(
        page_report(&browser, &site, "sops/long.html#section-59", 1440, "long"),
        r#"{"marked":"Section 59","shown":true}"#
    );
}

/// Copies the files below `from` into `to`.
fn copy_tree(from: &Path, to: &Path) {
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_name() == "_site" {
            continue;
        }
        if entry.file_type().unwrap().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
            copy_tree(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

/// A search result for a page carries the words searched for (`?highlight=`), before
/// the section it opens at; a page opened so marks them in its text where a word
/// starts with them (not inside code blocks, links kept working), brings the first
/// into view below the header, and clears them on Escape or with its button. At most
/// 500 are marked. A link to a section still opens at that section.
#[test]
fn a_page_opened_from_a_search_marks_the_words_searched_for() {
    let Some(browser) = chromium::find() else {
        return;
    };
    let (_repo, acme) = example_site_reporting("acme", "");
    let url = format!("file://{}?q=rollback", acme.join("index.html").display());
    let results = search_results_html(&browser, &url);
    assert!(
        results.contains(
            "href=\"sops/platform-operations/incident-response.html?highlight=rollback#rollback\""
        ),
        "{results}"
    );
    let url = format!(
        "file://{}?q=Postmortem+severity",
        acme.join("index.html").display()
    );
    let results = search_results_html(&browser, &url);
    assert!(
        results.contains("incident-response.html?highlight=postmortem%20severity#severity\""),
        "{results}"
    );

    let script = r#"addEventListener("load", function () { setTimeout(function () {
  var md = document.querySelector(".markdown"), bar = document.querySelector(".search-hits");
  var marks = md.querySelectorAll("mark.search-hit");
  var first = marks[0] ? marks[0].getBoundingClientRect() : { top: -1, bottom: -1 };
  var header = document.querySelector(".site-header").getBoundingClientRect();
  var report = {
    marks: [].map.call(marks, function (m) { return [m.textContent, m.parentNode.nodeName]; }).slice(0, 8),
    count: marks.length,
    link: md.querySelector('a[href="b.html"] > mark.search-hit') !== null,
    in_code_block: md.querySelectorAll("pre mark").length,
    bar: bar ? bar.textContent : null,
    first_in_view: scrollY > 0 && first.top >= header.bottom && first.bottom <= innerHeight,
    background: marks[0] ? getComputedStyle(marks[0]).backgroundColor : null
  };
  if (location.hash) {
    report.section_at = Math.round(document.getElementById(location.hash.slice(1)).getBoundingClientRect().top);
  } else if (marks.length > 100) {
    bar.querySelector("button").click();
  } else {
    document.body.dispatchEvent(new KeyboardEvent("keydown", { key: "Escape", bubbles: true }));
  }
  var para = md.querySelector("p:nth-of-type(41)");
  report.cleared = {
    marks: md.querySelectorAll("mark").length, bar: document.querySelector(".search-hits") !== null,
    text: para ? para.firstChild.data : null, address: location.search
  };
  document.body.setAttribute("data-hits", JSON.stringify(report));
}, 100); });"#;
    let filler: String = (1..=40)
        .map(|i| format!("Filler paragraph {i}.\n\n"))
        .collect();
    let weather = format!(
        "# Weather\n\n{filler}A Zephyr blew, then gales; a nightingale sang.\n\n\
         See [the zephyr log](b.md), `zephyr --check`.\n\n\
         ```sh\nzephyr --gale\n```\n\n## Later\n\n{filler}"
    );
    let many = format!("# Many\n\n{}\n", "zephyr ".repeat(600));
    let repo = repo(&[
        ("opsctl.toml", "[site]\ntitle = \"Weather\"\n"),
        ("templates/site.html", &reporting_override(script)),
        ("weather.md", &weather),
        ("many.md", &many),
        ("b.md", "# B\n"),
    ]);
    let site = build_without_history(repo.path());
    let report = |page| {
        let report = page_report(&browser, &site, page, 1280, "hits");
        serde_json::from_str::<serde_json::Value>(&report).expect(&report)
    };
    let weather = report("weather.html?highlight=zephyr%20GALE");
    assert_eq!(
        weather["marks"],
        serde_json::json!([
            ["Zephyr", "P"],
            ["gale", "P"],
            ["zephyr", "A"],
            ["zephyr", "CODE"]
        ]),
        "{weather}"
    );
    assert_eq!(weather["link"], true, "{weather}");
    assert_eq!(weather["in_code_block"], 0, "{weather}");
    assert_eq!(
        weather["bar"],
        "4 matches for “zephyr GALE”Clear highlights"
    );
    assert_eq!(weather["first_in_view"], true, "{weather}");
    assert_eq!(weather["background"], "rgb(255, 240, 168)");
    // Escape takes the marks and the bar away, leaves the text as one node as it was,
    // and the address without the words.
    assert_eq!(
        weather["cleared"],
        serde_json::json!({
            "marks": 0, "bar": false,
            "text": "A Zephyr blew, then gales; a nightingale sang.", "address": ""
        })
    );
    let many = report("many.html?highlight=zephyr");
    assert_eq!(many["count"], 500);
    assert_eq!(
        many["bar"],
        "The first 500 matches for “zephyr”Clear highlights"
    );
    assert_eq!(many["cleared"]["marks"], 0);
    assert_eq!(many["cleared"]["bar"], false);
    // A link to a section opens there, not at the first match (16 px below the header).
    let section = report("weather.html?highlight=zephyr#later");
    assert_eq!(section["section_at"], 76, "{section}");
    assert_eq!(section["count"], 3, "{section}");
}

/// Printing opens the folded parts of a page (raw `<details>`) and folds them again
/// after, leaving open those the reader opened; in print, a long unbroken word breaks
/// in its table cell instead of pushing the table off the page. The print styles are
/// applied to the screen to measure them.
#[test]
fn printing_opens_folded_parts_and_keeps_tables_on_the_page() {
    let Some(browser) = chromium::find() else {
        return;
    };
    let script = r#"addEventListener("load", function () {
  var details = document.querySelectorAll(".markdown details");
  details[1].open = true;
  var open = function () { return [].map.call(details, function (d) { return d.open; }); };
  var before = open();
  dispatchEvent(new Event("beforeprint"));
  var printing = open();
  [].forEach.call(document.styleSheets, function (sheet) {
    [].forEach.call(sheet.cssRules, function (rule) {
      if (rule.media && /print/.test(rule.media.mediaText)) rule.media.appendMedium("screen");
    });
  });
  var table = document.querySelector(".markdown table").getBoundingClientRect();
  var text = document.querySelector(".markdown").getBoundingClientRect();
  dispatchEvent(new Event("afterprint"));
  document.body.setAttribute("data-print", JSON.stringify({
    before: before, printing: printing, after: open(),
    table_fits: table.width > 0 && table.right <= text.right + 1
  }));
});"#;
    let token = "x".repeat(300);
    let page = format!(
        "# Print\n\n<details><summary>Folded</summary>\n\nInside the fold.\n\n</details>\n\n\
         <details><summary>Opened by the reader</summary>\n\nAlso inside.\n\n</details>\n\n\
         | Id | Note |\n| --- | --- |\n| {token} | short |\n"
    );
    let repo = repo(&[
        ("opsctl.toml", "[site]\ntitle = \"Print\"\n"),
        ("templates/site.html", &reporting_override(script)),
        ("print.md", &page),
    ]);
    let site = build_without_history(repo.path());
    // Reading the rules of a stylesheet from file:// needs file access between files.
    let url = format!("file://{}", site.join("print.html").display());
    let dom = headless(
        &browser,
        &[
            "--dump-dom",
            "--window-size=1280,900",
            "--allow-file-access-from-files",
        ],
        &url,
    );
    assert_eq!(
        reported(&dom.stdout, "print"),
        r#"{"before":[false,true],"printing":[true,true],"after":[false,true],"table_fits":true}"#
    );
}

/// Ctrl-K and Cmd-K, like "/", focus the search box and select what it holds, instead
/// of the browser's own Ctrl-K; the box lists the three keys to screen readers, and
/// shows a "/" at its right end while it is empty and not in use, on a wide screen
/// only (hidden from screen readers, who hear the keys from the box).
#[test]
fn ctrl_k_focuses_the_search_and_the_box_shows_its_key() {
    let Some(browser) = chromium::find() else {
        return;
    };
    let script = r#"addEventListener("load", function () {
  var input = document.getElementById("opsctl-search-input"), key = document.querySelector(".search-key");
  var shown = function () { return !!key && getComputedStyle(key).display !== "none" && key.getBoundingClientRect().width > 0; };
  var press = function (keys) {
    if (document.activeElement) document.activeElement.blur();
    var e = new KeyboardEvent("keydown", Object.assign({ bubbles: true, cancelable: true }, keys));
    document.body.dispatchEvent(e);
    return [document.activeElement === input, e.defaultPrevented];
  };
  var report = { keys: input.getAttribute("aria-keyshortcuts"), hint: shown() };
  if (key) {
    var k = key.getBoundingClientRect(), b = input.getBoundingClientRect();
    report.at_right_end = k.left > b.left + b.width / 2 && k.right <= b.right && k.top >= b.top && k.bottom <= b.bottom;
    report.aria_hidden = key.getAttribute("aria-hidden");
  }
  input.value = "typed";
  report.hint_with_text = shown();
  input.value = "";
  report.ctrl_k = press({ key: "k", ctrlKey: true });
  report.hint_when_focused = shown();
  input.value = "old query";
  report.cmd_k = press({ key: "k", metaKey: true });
  report.selected = [input.selectionStart, input.selectionEnd];
  report.slash = press({ key: "/" });
  report.plain_k = press({ key: "k" });
  document.body.setAttribute("data-keys", JSON.stringify(report));
});"#;
    let (_repo, site) = example_site_reporting("acme", script);
    let page = "sops/finance/month-end-close.html";
    assert_eq!(
        page_report(&browser, &site, page, 1280, "keys"),
        r#"{"keys":"/ Control+K Meta+K","hint":true,"at_right_end":true,"aria_hidden":"true","hint_with_text":false,"ctrl_k":[true,true],"hint_when_focused":false,"cmd_k":[true,true],"selected":[0,9],"slash":[true,true],"plain_k":[false,false]}"#
    );
    // On a phone (Chromium lays a page out at least 500 px wide) there is no hint.
    let phone = page_report(&browser, &site, page, 600, "keys");
    assert!(phone.contains(r#""hint":false"#), "{phone}");
}

/// A search with more results than the first 20 ends its list with a button that
/// lists the rest, at most 500 at a time: the arrow keys reach it after the last
/// result, the first of the new results takes the focus, and screen readers hear how
/// many are listed. Back in the search box, the list keeps its length.
#[test]
fn every_search_result_can_be_listed() {
    let Some(browser) = chromium::find() else {
        return;
    };
    let script = r#"addEventListener("load", function () {
  var results = document.getElementById("opsctl-search-results"), tries = 0;
  (function wait() {
    if (!results.querySelector("a") && ++tries < 50) return setTimeout(wait, 100);
    var status = document.querySelector(".search [role=status]");
    function state() {
      var links = [].slice.call(results.querySelectorAll("a")), more = results.querySelector(".search-more");
      var active = document.activeElement;
      return [links.length, active.tagName === "A" ? links.indexOf(active) : active.textContent.slice(0, 30),
        more && more.textContent, status.textContent];
    }
    function key(name) {
      document.activeElement.dispatchEvent(new KeyboardEvent("keydown", { key: name, bubbles: true, cancelable: true }));
    }
    results.querySelectorAll("a")[19].focus();
    var steps = [state()];
    key("ArrowDown");
    steps.push(state());
    document.activeElement.click();
    steps.push(state());
    key("ArrowDown");
    steps.push(state());
    var button = results.querySelector(".search-more button");
    if (button) {
      button.click();
      steps.push(state());
    }
    document.getElementById("opsctl-search-input").focus();
    steps.push(state());
    document.body.setAttribute("data-more", JSON.stringify(steps));
  })();
});"#;
    let pages: Vec<(String, String)> = (0..530)
        .map(|i| {
            let text = if i < 30 { "A gale." } else { "Calm." };
            (format!("p{i}.md"), format!("# Zephyr {i}\n\n{text}\n"))
        })
        .collect();
    let mut files: Vec<(&str, &str)> = pages
        .iter()
        .map(|(path, text)| (path.as_str(), text.as_str()))
        .collect();
    let site_html = reporting_override(script);
    files.push(("opsctl.toml", "[site]\ntitle = \"Winds\"\n"));
    files.push(("templates/site.html", &site_html));
    let repo = repo(&files);
    let site = build_without_history(repo.path());
    let steps = |query: &str| {
        let page = format!("index.html?q={query}");
        let report = page_report(&browser, &site, &page, 1280, "more");
        serde_json::from_str::<serde_json::Value>(&report).expect(&report)
    };
    let more = "Showing 20 of 30 results. Add a word to narrow them, or Show all 30 results";
    assert_eq!(
        steps("gale"),
        serde_json::json!([
            [20, 19, more, "30 results"],
            [20, "Show all 30 results", more, "30 results"],
            [30, 20, null, "Showing all 30 results"],
            [30, 21, null, "Showing all 30 results"],
            [30, "", null, "Showing all 30 results"]
        ])
    );
    let first = "Showing 20 of 530 results. Add a word to narrow them, or Show results 21–500";
    let then = "Showing 500 of 530 results. Add a word to narrow them, or Show all 530 results";
    assert_eq!(
        steps("zephyr"),
        serde_json::json!([
            [20, 19, first, "530 results"],
            [20, "Show results 21–500", first, "530 results"],
            [500, 20, then, "Showing 500 of 530 results"],
            [500, 21, then, "Showing 500 of 530 results"],
            [530, 500, null, "Showing all 530 results"],
            [530, "", null, "Showing all 530 results"]
        ])
    );
}

/// More than two screens down a long page, a "Back to top" button shows in the bottom
/// right corner, above the bar of searched words (never over it); it takes the page
/// back to its top, smoothly unless reduced motion is asked for, and the focus to the
/// page's title. A short page never shows it, nor does a printed one.
#[test]
fn back_to_top_shows_two_screens_down_a_long_page() {
    let Some(browser) = chromium::find() else {
        return;
    };
    // The page's own calls of scrollTo say how it asked to scroll: a smooth scroll in
    // a headless browser may not be over by the time the report is written.
    let script = r#"var behaviour = null, scrollTo0 = window.scrollTo;
window.scrollTo = function (options) {
  if (typeof options === "object") behaviour = options.behavior;
  return scrollTo0.apply(window, arguments);
};
addEventListener("load", function () {
  var report = {}, steps = [];
  // Whether the button shows where the page is now. The scroll event is sent here: a
  // headless browser may draw no frame, and so send none, before the report is written.
  function shown() {
    dispatchEvent(new Event("scroll"));
    var b = document.querySelector(".to-top");
    return !!b && b.getClientRects().length > 0;
  }
  function step(fn) { steps.push(fn); }
  step(function () { report.top = shown(); scrollTo(0, 1.5 * innerHeight); });
  step(function () { report.down_1_5 = shown(); scrollTo(0, 3 * innerHeight); });
  step(function () {
    report.down_3 = shown();
    if (!report.down_3) return;
    var b = document.querySelector(".to-top").getBoundingClientRect();
    var bar = document.querySelector(".search-hits").getBoundingClientRect();
    report.in_corner = b.right <= innerWidth && b.right > innerWidth - 40 && b.bottom <= innerHeight && b.bottom > innerHeight - 120;
    report.overlaps = b.left < bar.right && bar.left < b.right && b.top < bar.bottom && bar.top < b.bottom;
    document.querySelector(".to-top").click();
    report.focus = document.activeElement.tagName + ": " + document.activeElement.textContent;
    report.behaviour = behaviour;
    report.at_once = scrollY === 0;
  });
  step(function () {
    // How many whole screens down the page is.
    report.screens = Math.floor(scrollY / innerHeight);
    report.after = shown();
    scrollTo(0, 3 * innerHeight);
  });
  step(function () {
    [].forEach.call(document.styleSheets, function (sheet) {
      [].forEach.call(sheet.cssRules, function (rule) {
        if (rule.media && /print/.test(rule.media.mediaText)) rule.media.appendMedium("screen");
      });
    });
    report.printed = shown();
  });
  (function next() {
    steps.shift()();
    if (steps.length) setTimeout(next, 1000);
    else document.body.setAttribute("data-top", JSON.stringify(report));
  })();
});"#;
    let sections = |n: usize| -> String {
        (1..=n)
            .map(|i| {
                format!(
                    "## Section {i}\n\nA zephyr of a paragraph, long enough to take a line.\n\n"
                )
            })
            .collect()
    };
    let repo = repo(&[
        ("opsctl.toml", "[site]\ntitle = \"Long\"\n"),
        ("templates/site.html", &reporting_override(script)),
        ("long.md", &format!("# Long\n\n{}", sections(60))),
        ("short.md", &format!("# Short\n\n{}", sections(8))),
    ]);
    let site = build_without_history(repo.path());
    // Reading the rules of a stylesheet from file:// needs file access between files.
    let report = |page: &str, motion: &[&str]| {
        let url = format!("file://{}", site.join(page).display());
        let mut flags = vec![
            "--dump-dom",
            "--window-size=1280,900",
            "--allow-file-access-from-files",
        ];
        flags.extend(motion);
        reported(&headless(&browser, &flags, &url).stdout, "top")
    };
    let long = "long.html?highlight=zephyr";
    assert_eq!(
        report(long, &["--force-prefers-reduced-motion"]),
        r#"{"top":false,"down_1_5":false,"down_3":true,"in_corner":true,"overlaps":false,"focus":"H1: Long","behaviour":"auto","at_once":true,"screens":0,"after":false,"printed":false}"#
    );
    let smooth = report(long, &[]);
    let smooth: serde_json::Value = serde_json::from_str(&smooth).expect(&smooth);
    for (key, value) in [
        ("down_3", serde_json::json!(true)),
        ("overlaps", serde_json::json!(false)),
        ("focus", serde_json::json!("H1: Long")),
        ("behaviour", serde_json::json!("smooth")),
        ("at_once", serde_json::json!(false)),
    ] {
        assert_eq!(smooth[key], value, "{key}: {smooth}");
    }
    // Scrolled to its foot, more than a screen down, a page less than three screens
    // high shows no button.
    assert_eq!(
        report("short.html", &[]),
        r#"{"top":false,"down_1_5":false,"down_3":false,"screens":1,"after":false,"printed":false}"#
    );
}
