//! The built handbooks pass an accessibility audit: axe-core, the engine browsers'
//! own audits use, run in Chromium over every page of both examples, against WCAG
//! 2.2 A and AA (colour contrast included) and axe's best practices, in the light
//! and the dark colour scheme and on a phone (`tests/a11y/audit.mjs`).
//!
//! axe-core and playwright-core come from npm (`npm ci --prefix tests/a11y`, which
//! `.ci/run` does); without them, or without Chromium, the test is skipped, but not
//! in CI.

use std::path::{Path, PathBuf};
use std::process::Command;

mod chromium;

/// The audit's folder, or nothing (outside CI) when its npm packages are missing.
fn audit_tools() -> Option<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/a11y");
    let installed = dir.join("node_modules/axe-core/axe.min.js").is_file()
        && dir.join("node_modules/playwright-core").is_dir();
    if !installed {
        assert!(
            std::env::var_os("CI").is_none(),
            "axe-core is not installed; .ci/run runs `npm ci --prefix tests/a11y`"
        );
        eprintln!("skipped: run `npm ci --prefix tests/a11y` to install axe-core");
        return None;
    }
    Some(dir)
}

/// Builds the example called `name` (no git history) into a temporary folder.
fn build_example(name: &str, out: &Path) {
    let example = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("examples")
        .join(name);
    let status = Command::new(env!("CARGO_BIN_EXE_opsctl"))
        .args(["--today", "2026-11-21", "build", "--no-history"])
        .arg(&example)
        .arg("--out")
        .arg(out)
        .status()
        .unwrap();
    assert!(status.success());
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
    // Acme has task lists, tables and charts; every-rule has every kind of finding.
    for (example, search) in [("acme", "reconcile"), ("every-rule", "refund")] {
        let site = out.path().join(example);
        build_example(example, &site);
        found.extend(audit(&tools, &browser, &site, search));
    }
    assert!(
        found.is_empty(),
        "{} accessibility problems:\n{}",
        found.len(),
        found.join("\n")
    );
}
