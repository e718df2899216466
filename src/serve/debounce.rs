//! Coalesces a burst of file events (one save writes several times; a branch switch
//! rewrites many files) into one rebuild, once the burst has been quiet for a moment.

use std::collections::BTreeSet;
use std::time::{Duration, Instant};

/// How long the file system must stay quiet before a rebuild: long enough to cover the
/// several writes and renames of one save, short enough not to be noticed.
pub const QUIET: Duration = Duration::from_millis(100);

/// The longest a rebuild waits while git holds its index lock (a checkout or rebase in
/// progress), so a lock left behind by a crashed git does not stop rebuilds.
pub const GIT_HOLD: Duration = Duration::from_secs(5);

/// The paths changed by the burst in progress. Time is passed in, so tests can drive it.
#[derive(Debug)]
pub struct Debouncer {
    quiet: Duration,
    hold: Duration,
    first: Option<Instant>,
    last: Option<Instant>,
    paths: BTreeSet<String>,
}

impl Debouncer {
    pub fn new(quiet: Duration, hold: Duration) -> Self {
        Debouncer {
            quiet,
            hold,
            first: None,
            last: None,
            paths: BTreeSet::new(),
        }
    }

    /// Records changed paths seen at `now`; no paths is no event.
    pub fn push(&mut self, paths: impl IntoIterator<Item = String>, now: Instant) {
        let mut any = false;
        for path in paths {
            self.paths.insert(path);
            any = true;
        }
        if any {
            self.first.get_or_insert(now);
            self.last = Some(now);
        }
    }

    /// When the burst in progress ends if nothing else happens.
    pub fn deadline(&self) -> Option<Instant> {
        self.last.map(|last| last + self.quiet)
    }

    /// The paths of a burst that has been quiet long enough, or `None`. While `git_busy`
    /// (git is rewriting the working tree) the burst is held, for at most the hold time.
    pub fn take(&mut self, now: Instant, git_busy: bool) -> Option<Vec<String>> {
        let (first, deadline) = (self.first?, self.deadline()?);
        if now < deadline {
            return None;
        }
        if git_busy && now < first + self.hold {
            self.last = Some(now);
            return None;
        }
        self.first = None;
        self.last = None;
        Some(std::mem::take(&mut self.paths).into_iter().collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ms(n: u64) -> Duration {
        Duration::from_millis(n)
    }

    fn paths(names: &[&str]) -> Vec<String> {
        names.iter().map(|n| n.to_string()).collect()
    }

    #[test]
    fn nothing_pending_means_no_deadline_and_no_rebuild() {
        let t0 = Instant::now();
        let mut d = Debouncer::new(QUIET, GIT_HOLD);
        assert_eq!(d.deadline(), None);
        assert_eq!(d.take(t0 + ms(1000), false), None);
        d.push(Vec::new(), t0);
        assert_eq!(d.deadline(), None);
    }

    #[test]
    fn a_burst_of_saves_is_one_rebuild_after_the_quiet_period() {
        let t0 = Instant::now();
        let mut d = Debouncer::new(ms(100), GIT_HOLD);
        // One save: write, rename, write again, 30 ms apart.
        d.push(paths(&["sops/a.md"]), t0);
        d.push(paths(&["sops/a.md"]), t0 + ms(30));
        d.push(paths(&["sops/b.md"]), t0 + ms(60));
        assert_eq!(d.deadline(), Some(t0 + ms(160)));
        assert_eq!(d.take(t0 + ms(159), false), None);
        assert_eq!(
            d.take(t0 + ms(160), false),
            Some(paths(&["sops/a.md", "sops/b.md"]))
        );
        assert_eq!(d.take(t0 + ms(500), false), None);
        assert_eq!(d.deadline(), None);
    }

    #[test]
    fn a_branch_switch_of_many_files_is_one_rebuild() {
        let t0 = Instant::now();
        let mut d = Debouncer::new(ms(100), GIT_HOLD);
        let mut rebuilds = 0;
        for i in 0..500u64 {
            let now = t0 + ms(i * 2);
            d.push(vec![format!("sops/{i}.md")], now);
            rebuilds += usize::from(d.take(now, false).is_some());
        }
        let batch = d.take(t0 + ms(998 + 100), false).expect("one rebuild");
        assert_eq!((rebuilds, batch.len()), (0, 500));
    }

    #[test]
    fn a_rebuild_waits_for_git_to_release_its_index_lock() {
        let t0 = Instant::now();
        let mut d = Debouncer::new(ms(100), ms(5000));
        d.push(paths(&["a.md"]), t0);
        assert_eq!(d.take(t0 + ms(100), true), None);
        assert_eq!(d.deadline(), Some(t0 + ms(200)));
        assert_eq!(d.take(t0 + ms(200), false), Some(paths(&["a.md"])));
    }

    #[test]
    fn a_stale_git_lock_holds_a_rebuild_only_so_long() {
        let t0 = Instant::now();
        let mut d = Debouncer::new(ms(100), ms(5000));
        d.push(paths(&["a.md"]), t0);
        assert_eq!(d.take(t0 + ms(4999), true), None);
        assert_eq!(d.take(t0 + ms(5100), true), Some(paths(&["a.md"])));
    }
}
