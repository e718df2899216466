//! Benchmark helper: computes the git history of every file below an ops root, as
//! `opsctl build` does, and prints how many files it covers.
//!
//!     cargo run --release --example history_walk -- ROOT
//!
//! Remove `.git/opsctl/` first to time the full walk rather than the cache.

use std::path::PathBuf;
use std::process::ExitCode;

fn main() -> ExitCode {
    let Some(root) = std::env::args_os().nth(1).map(PathBuf::from) else {
        eprintln!("usage: history_walk ROOT");
        return ExitCode::from(2);
    };
    match opsctl::history::load(&root, opsctl::history::At::Head) {
        Ok(Some(history)) => {
            println!("{} files, head {}", history.len(), history.head);
            ExitCode::SUCCESS
        }
        Ok(None) => {
            eprintln!("{}: no git history", root.display());
            ExitCode::from(1)
        }
        Err(e) => {
            eprintln!("{e}");
            ExitCode::from(2)
        }
    }
}
