//! Phase timings on stderr when `OPSCTL_TIMINGS` is set, for benchmarks and for
//! finding out where a slow build spends its time.

use std::sync::OnceLock;
use std::time::Instant;

fn enabled() -> bool {
    static ON: OnceLock<bool> = OnceLock::new();
    *ON.get_or_init(|| std::env::var_os("OPSCTL_TIMINGS").is_some())
}

/// The process's resident memory in MB, where the system says it (Linux): memory is
/// time too, as every page touched for the first time costs the kernel a clearing.
fn resident_memory() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmRSS:"))?;
    let kb: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb / 1024)
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
                    "timing: {name:<16} {:>8.1} ms{}",
                    (now - self.last).as_secs_f64() * 1e3,
                    resident_memory().map_or(String::new(), |mb| format!(", {mb} MB resident")),
                );
            }
            self.last = now;
        }
    }
}
