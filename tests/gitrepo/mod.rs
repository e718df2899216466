//! Real git repositories for tests: created with the git CLI (a test tool here; opsctl
//! itself uses git2), with a fixed identity, the ops repository in `ops/`.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

pub const BIN: &str = env!("CARGO_BIN_EXE_opsctl");

pub struct Repo {
    _dir: tempfile::TempDir,
    /// The git working tree.
    pub work: PathBuf,
    /// The ops repository inside it.
    pub ops: PathBuf,
}

/// Runs `program` in `dir` with a clean, fixed git identity, a fixed today and no colour.
pub fn run(dir: &Path, program: &str, args: &[&str]) -> Output {
    run_env(dir, program, args, &[])
}

/// Like [`run`], with `env` set on top (another author, a commit date).
pub fn run_env(dir: &Path, program: &str, args: &[&str], env: &[(&str, &str)]) -> Output {
    Command::new(program)
        .args(args)
        .current_dir(dir)
        .env("GIT_AUTHOR_NAME", "Test")
        .env("GIT_AUTHOR_EMAIL", "test@example.com")
        .env("GIT_COMMITTER_NAME", "Test")
        .env("GIT_COMMITTER_EMAIL", "test@example.com")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("HOME", dir)
        .env("OPSCTL_TODAY", "2026-11-21")
        .env("NO_COLOR", "1")
        .env_remove("GIT_DIR")
        .env_remove("GIT_INDEX_FILE")
        .envs(env.iter().copied())
        .output()
        .unwrap()
}

pub fn git(dir: &Path, args: &[&str]) -> Output {
    run(dir, "git", args)
}

pub fn git_ok(dir: &Path, args: &[&str]) {
    let out = git(dir, args);
    assert!(
        out.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

pub fn opsctl(dir: &Path, args: &[&str]) -> Output {
    run(dir, BIN, args)
}

pub fn code(out: &Output) -> i32 {
    out.status.code().unwrap_or(-1)
}

pub fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

pub fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

impl Repo {
    /// A git repository on branch `main` whose ops repository (in `ops/`) holds
    /// `files`, committed as "start"; a README outside the ops repository too.
    pub fn new(files: &[(&str, &str)]) -> Repo {
        let dir = tempfile::tempdir().unwrap();
        let work = dir.path().join("work");
        let ops = work.join("ops");
        std::fs::create_dir_all(&ops).unwrap();
        let repo = Repo {
            _dir: dir,
            work,
            ops,
        };
        for (path, text) in files {
            repo.write(path, text);
        }
        std::fs::write(
            repo.work.join("README.md"),
            "# Not part of the ops repository\n",
        )
        .unwrap();
        git_ok(&repo.work, &["init", "-q", "-b", "main"]);
        repo.commit("start");
        repo
    }

    /// A repository holding the files of `tests/fixtures/NAME`, committed as "start".
    pub fn from_fixture(name: &str) -> Repo {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures")
            .join(name);
        let mut files = Vec::new();
        for entry in walkdir::WalkDir::new(&dir).sort_by_file_name() {
            let entry = entry.unwrap();
            if entry.file_type().is_file() {
                let rel = entry.path().strip_prefix(&dir).unwrap();
                let rel = rel.to_str().unwrap().replace('\\', "/");
                files.push((rel, std::fs::read_to_string(entry.path()).unwrap()));
            }
        }
        let borrowed: Vec<(&str, &str)> = files
            .iter()
            .map(|(p, t)| (p.as_str(), t.as_str()))
            .collect();
        Repo::new(&borrowed)
    }

    /// The text of a file of the ops repository.
    pub fn read(&self, path: &str) -> String {
        std::fs::read_to_string(self.ops.join(path)).unwrap()
    }

    /// Replaces `from` (which must be there) with `to` in a file of the ops repository.
    pub fn edit(&self, path: &str, from: &str, to: &str) {
        let text = self.read(path);
        assert!(text.contains(from), "{path} does not contain {from:?}");
        self.write(path, &text.replacen(from, to, 1));
    }

    /// Writes a file of the ops repository, creating its directories.
    pub fn write(&self, path: &str, text: &str) {
        let path = self.ops.join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }

    pub fn remove(&self, path: &str) {
        std::fs::remove_file(self.ops.join(path)).unwrap();
    }

    /// Stages everything and commits it (no hooks).
    pub fn commit(&self, message: &str) {
        git_ok(&self.work, &["add", "-A"]);
        git_ok(
            &self.work,
            &[
                "commit",
                "-q",
                "--no-verify",
                "--allow-empty",
                "-m",
                message,
            ],
        );
    }

    /// The full commit id of a revision.
    pub fn rev(&self, rev: &str) -> String {
        stdout(&git(&self.work, &["rev-parse", rev]))
            .trim()
            .to_string()
    }
}
