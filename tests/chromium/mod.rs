//! Headless Chromium for the tests that look at the site in a real browser.

use std::path::PathBuf;

/// Chromium, or nothing when it is not installed: then the test is skipped, but not
/// in CI, where `.ci/run` installs it and the test must run.
pub fn find() -> Option<PathBuf> {
    let found = [
        "/usr/bin/chromium",
        "/usr/bin/chromium-browser",
        "/usr/bin/google-chrome",
    ]
    .iter()
    .map(PathBuf::from)
    .find(|p| p.is_file());
    if found.is_none() {
        assert!(
            std::env::var_os("CI").is_none(),
            "Chromium is not installed; .ci/run installs it"
        );
        eprintln!("skipped: Chromium is not installed (apt-get install chromium)");
    }
    found
}
