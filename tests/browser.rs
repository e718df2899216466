//! The built site in a real browser: headless Chromium opens the example from disk
//! (`file://`), searches for a word that only occurs in one page's body, and saves a
//! screenshot to `target/browser/` for people to look at.

use std::path::{Path, PathBuf};
use std::process::Command;

fn chromium() -> Option<PathBuf> {
    [
        "/usr/bin/chromium",
        "/usr/bin/chromium-browser",
        "/usr/bin/google-chrome",
    ]
    .iter()
    .map(PathBuf::from)
    .find(|p| p.is_file())
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

#[test]
fn search_finds_a_page_by_a_word_in_its_body() {
    let Some(browser) = chromium() else {
        // CI installs Chromium (.ci/run), so there the test must run.
        assert!(
            std::env::var_os("CI").is_none(),
            "Chromium is not installed; .ci/run installs it"
        );
        eprintln!("skipped: Chromium is not installed (apt-get install chromium)");
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
    let dom = headless(&browser, &["--dump-dom"], &url);
    let dom = String::from_utf8_lossy(&dom.stdout);
    let results = dom
        .split("id=\"search-results\"")
        .nth(1)
        .unwrap_or_default();
    let results = &results[..results.find("</ol>").unwrap_or(results.len())];
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

/// A long handbook title never hides a section of the top navigation: the title gives
/// way (ending in "…"), at desktop widths where the sections share its row and at
/// narrower ones where they have a row of their own. The page reports which sections
/// it shows whole, from a script a template override adds.
#[test]
fn a_long_title_leaves_every_section_of_the_top_navigation_in_view() {
    let Some(browser) = chromium() else {
        assert!(
            std::env::var_os("CI").is_none(),
            "Chromium is not installed; .ci/run installs it"
        );
        eprintln!("skipped: Chromium is not installed (apt-get install chromium)");
        return;
    };
    let repo = tempfile::tempdir().unwrap();
    let files = [
        (
            "opsctl.toml",
            "[site]\ntitle = \"Brightside Support Operations Handbook (the whole company)\"\n",
        ),
        ("a.md", "# A page\n\nText.\n"),
        (
            "templates/site.html",
            r#"{% extends "base.html" %}{% block head %}<script>
addEventListener("load", function () {
  var list = document.querySelector(".top-nav ul").getBoundingClientRect();
  var brand = document.querySelector(".brand").getBoundingClientRect();
  // The last 2.5rem of the list fade out: a section there is not shown whole.
  var fade = 2.5 * parseFloat(getComputedStyle(document.documentElement).fontSize);
  var hidden = [].filter.call(document.querySelectorAll(".top-nav a"), function (a) {
    var r = a.getBoundingClientRect();
    return r.left < list.left || r.right > list.right - fade || r.width === 0;
  }).map(function (a) { return a.textContent.trim(); });
  document.body.setAttribute("data-hidden", hidden.join(",") || "none");
  document.body.setAttribute("data-brand", brand.width > 60 ? "shown" : "squeezed");
});
</script>{% endblock %}"#,
        ),
    ];
    for (path, text) in files {
        let path = repo.path().join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
    let site = repo.path().join("_site");
    let status = Command::new(env!("CARGO_BIN_EXE_opsctl"))
        .args(["--today", "2026-11-21", "build", "--no-history"])
        .arg(repo.path())
        .arg("--out")
        .arg(&site)
        .status()
        .unwrap();
    assert!(status.success());
    let url = format!("file://{}", site.join("a.html").display());
    for width in [1000, 1280, 1366, 1600] {
        let size = format!("--window-size={width},800");
        let dom = headless(&browser, &["--dump-dom", &size], &url);
        let dom = String::from_utf8_lossy(&dom.stdout);
        assert!(
            dom.contains(r#"data-hidden="none""#) && dom.contains(r#"data-brand="shown""#),
            "at {width} px wide: {}",
            dom.lines()
                .find(|l| l.contains("<body"))
                .unwrap_or_default()
        );
    }
}
