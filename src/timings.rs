//! Phase timings on stderr when `OPSCTL_TIMINGS` is set, for benchmarks and for
//! finding out where a slow build spends its time.

use std::sync::OnceLock;
use std::time::Instant;

fn enabled() -> bool {
    static ON: OnceLock<bool> = OnceLock::new();
    *ON.get_or_init(|| std::env::var_os("OPSCTL_TIMINGS").is_some())
}

/// Reports how long each phase took, from creation or the previous phase.
pub struct Phases {
    last: Instant,
}

impl Default for Phases {
    fn default() -> Self {
        Phases {
            last: Instant::now(),
        }
    }
}

impl Phases {
    /// Ends the phase called `name`.
    pub fn done(&mut self, name: &str) {
        if enabled() {
            let now = Instant::now();
            #[allow(clippy::print_stderr)]
            {
                eprintln!(
                    "timing: {name:<16} {:>8.1} ms",
                    (now - self.last).as_secs_f64() * 1e3
                );
            }
            self.last = now;
        }
    }
}
