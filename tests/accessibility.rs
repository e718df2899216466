//! The built handbooks pass an accessibility audit and an HTML validator, on every
//! page of both examples:
//! - axe-core, the engine browsers' own audits use, run in Chromium against WCAG 2.2
//!   A and AA (colour contrast included) and axe's best practices, in the light and
//!   the dark colour scheme, on a phone and with the search open
//!   (`tests/web/audit.mjs`);
//! - html-validate with its recommended rules (`tests/web/htmlvalidate.json`), but
//!   for two matters of taste: the lower-case `<!doctype html>` HTML5 allows, and
//!   titles over 70 characters, which are the pages' own.
//!
//! The tools come from npm (`npm ci --prefix tests/web`, which `.ci/run` does);
//! without them, or without Chromium, the tests are skipped, but not in CI.

use std::path::{Path, PathBuf};
use std::process::Command;

mod chromium;

/// The audit's folder, or nothing (outside CI) when its npm packages are missing.
fn audit_tools() -> Option<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/web");
    let installed = ["axe-core", "playwright-core", "html-validate"]
        .iter()
        .all(|package| dir.join("node_modules").join(package).is_dir());
    if !installed {
        assert!(
            std::env::var_os("CI").is_none(),
            "the audit's tools are not installed; .ci/run runs `npm ci --prefix tests/web`"
        );
        eprintln!("skipped: run `npm ci --prefix tests/web` to install the audit's tools");
        return None;
    }
    Some(dir)
}

/// The examples' sites, built (without git history) into `out`, each with a word
/// its search finds. Acme has task lists, tables and charts; every-rule has every
/// kind of finding, and two KPIs with the same id.
fn built_examples(out: &Path) -> Vec<(PathBuf, &'static str)> {
    [("acme", "reconcile"), ("every-rule", "refund")]
        .into_iter()
        .map(|(name, search)| {
            let example = Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("examples")
                .join(name);
            let site = out.join(name);
            let status = Command::new(env!("CARGO_BIN_EXE_opsctl"))
                .args(["--today", "2026-11-21", "build", "--no-history"])
                .arg(&example)
                .arg("--out")
                .arg(&site)
                .status()
                .unwrap();
            assert!(status.success());
            (site, search)
        })
        .collect()
}

/// The HTML pages below `dir`.
fn pages(dir: &Path) -> Vec<PathBuf> {
    let mut found = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            found.extend(pages(&path));
        } else if path.extension().is_some_and(|e| e == "html") {
            found.push(path);
        }
    }
    found
}

/// What the audit found on the site in `site`, one line per rule broken on a page,
/// with the first elements that break it. `search` is a word the search box finds.
fn audit(tools: &Path, browser: &Path, site: &Path, search: &str) -> Vec<String> {
    let output = Command::new("node")
        .arg(tools.join("audit.mjs"))
        .arg(browser)
        .arg(site)
        .arg(search)
        .output()
        .expect("node runs");
    assert!(
        output.status.success(),
        "the audit failed:\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let found: Vec<serde_json::Value> = serde_json::from_slice(&output.stdout).unwrap();
    found
        .iter()
        .map(|v| {
            let text = |key: &str| v[key].as_str().unwrap_or_default().to_string();
            let nodes: Vec<String> = v["nodes"]
                .as_array()
                .unwrap()
                .iter()
                .map(|n| {
                    let text = |key: &str| n[key].as_str().unwrap_or_default().replace('\n', " ");
                    format!(
                        "    {} {}\n      {}",
                        text("target"),
                        text("html"),
                        text("why")
                    )
                })
                .collect();
            format!(
                "{} ({}): {} [{}, {}] {} element(s)\n{}",
                text("page"),
                text("view"),
                text("help"),
                text("rule"),
                text("impact"),
                v["count"],
                nodes.join("\n")
            )
        })
        .collect()
}

#[test]
fn every_page_of_both_examples_passes_the_accessibility_audit() {
    let Some(browser) = chromium::find() else {
        return;
    };
    let Some(tools) = audit_tools() else {
        return;
    };
    let out = tempfile::tempdir().unwrap();
    let mut found = Vec::new();
    for (site, search) in built_examples(out.path()) {
        found.extend(audit(&tools, &browser, &site, search));
    }
    assert!(
        found.is_empty(),
        "{} accessibility problems:\n{}",
        found.len(),
        found.join("\n")
    );
}

#[test]
fn every_page_of_both_examples_is_valid_html() {
    let Some(tools) = audit_tools() else {
        return;
    };
    let out = tempfile::tempdir().unwrap();
    let sites = built_examples(out.path());
    let files: Vec<PathBuf> = sites.iter().flat_map(|(site, _)| pages(site)).collect();
    assert!(files.len() > 40, "{} pages", files.len());
    let output = Command::new("node")
        .arg(tools.join("node_modules/html-validate/bin/html-validate.mjs"))
        .arg("--config")
        .arg(tools.join("htmlvalidate.json"))
        .args(&files)
        .output()
        .expect("node runs");
    assert!(
        output.status.success(),
        "html-validate found problems:\n{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
}
