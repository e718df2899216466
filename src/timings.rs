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

/// The CPU time all the process's threads have used so far, in seconds, where the
/// system says it (Linux, in clock ticks of 10 ms): set against a phase's wall time,
/// it shows how many cores the phase kept busy.
fn cpu_seconds() -> Option<f64> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    // The fields after the command name (which may hold spaces) in parentheses:
    // utime and stime are the 12th and 13th of them.
    let after_name = &stat[stat.rfind(')')? + 2..];
    let mut fields = after_name.split_whitespace().skip(11);
    let user: f64 = fields.next()?.parse().ok()?;
    let system: f64 = fields.next()?.parse().ok()?;
    Some((user + system) / 100.0)
}

/// Reports how long each phase took, from creation or the previous phase.
pub struct Phases {
    last: Instant,
    last_cpu: Option<f64>,
}

impl Default for Phases {
    fn default() -> Self {
        Phases {
            last: Instant::now(),
            last_cpu: if enabled() { cpu_seconds() } else { None },
        }
    }
}

impl Phases {
    /// Ends the phase called `name`.
    pub fn done(&mut self, name: &str) {
        if enabled() {
            let now = Instant::now();
            let wall = (now - self.last).as_secs_f64();
            let cpu = cpu_seconds();
            // CPU time comes in ticks of 10 ms: shown for phases long enough to read.
            let cores = match (cpu, self.last_cpu) {
                (Some(cpu), Some(last)) if wall >= 0.1 => {
                    format!(
                        ", {:.2} CPU-s ({:.1} cores)",
                        cpu - last,
                        (cpu - last) / wall
                    )
                }
                _ => String::new(),
            };
            #[allow(clippy::print_stderr)]
            {
                eprintln!(
                    "timing: {name:<16} {:>8.1} ms{cores}{}",
                    wall * 1e3,
                    resident_memory().map_or(String::new(), |mb| format!(", {mb} MB resident")),
                );
            }
            self.last = now;
            self.last_cpu = cpu;
        }
    }
}
