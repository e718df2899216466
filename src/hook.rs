//! `opsctl hook install|uninstall`: the git pre-commit hook that runs
//! `opsctl check --staged`, written only where no foreign hook would be lost.

use std::path::{Path, PathBuf};

use git2::Repository;

/// The line that marks a hook as opsctl's own.
const MARKER: &str = "# opsctl pre-commit hook";

/// Where git looks for hooks: `core.hooksPath` (relative to the working tree), else
/// the common git directory's `hooks/` (shared by linked worktrees).
fn hooks_dir(repo: &Repository) -> PathBuf {
    let configured = repo
        .config()
        .ok()
        .and_then(|c| c.get_path("core.hooksPath").ok());
    match (configured, repo.workdir()) {
        (Some(path), Some(workdir)) if path.is_relative() => workdir.join(path),
        (Some(path), _) => path,
        (None, _) => repo.commondir().join("hooks"),
    }
}

fn repository(root: &Path) -> Result<Repository, String> {
    Repository::discover(root).map_err(|e| {
        format!(
            "{} is not in a git repository: {}",
            root.display(),
            e.message()
        )
    })
}

/// The hook script: checks the ops root `root_arg` (relative to the working tree).
fn script(root_arg: &str, binary: &Path) -> String {
    let quote = |s: &str| format!("'{}'", s.replace('\'', "'\\''"));
    format!(
        "#!/bin/sh\n\
{MARKER}: installed by `opsctl hook install`, removed by `opsctl hook uninstall`.\n\
# It checks what is staged (what this commit records), not the working tree.\n\
if [ -x {bin} ]; then OPSCTL={bin}; else OPSCTL=opsctl; fi\n\
\"$OPSCTL\" check --staged {root}\n\
status=$?\n\
[ \"$status\" -eq 0 ] && exit 0\n\
echo >&2\n\
echo \"opsctl: commit rejected. Fix the findings above and stage the fix (git add), or skip this check deliberately with git commit --no-verify.\" >&2\n\
exit \"$status\"\n",
        bin = quote(&binary.display().to_string()),
        root = quote(root_arg),
    )
}

/// Installs the hook for the ops repository at `root`; returns the hook's path.
pub fn install(root: &Path, force: bool) -> Result<PathBuf, String> {
    let repo = repository(root)?;
    let workdir = repo
        .workdir()
        .ok_or("the repository has no working tree (bare)")?;
    let workdir = workdir
        .canonicalize()
        .unwrap_or_else(|_| workdir.to_path_buf());
    let root = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
    let relative = root
        .strip_prefix(&workdir)
        .map_err(|_| "the repository root is outside the git working tree")?;
    let root_arg = match relative.to_string_lossy().replace('\\', "/") {
        r if r.is_empty() => ".".to_string(),
        r => r,
    };
    let dir = hooks_dir(&repo);
    let hook = dir.join("pre-commit");
    if let Ok(existing) = std::fs::read_to_string(&hook) {
        if !existing.contains(MARKER) {
            if !force {
                return Err(format!(
                    "{} already exists and is not opsctl's; keep it, or run `opsctl hook install --force` (it is then kept as pre-commit.opsctl-backup)",
                    hook.display()
                ));
            }
            std::fs::rename(&hook, dir.join("pre-commit.opsctl-backup"))
                .map_err(|e| format!("{}: {e}", hook.display()))?;
        }
    }
    let binary =
        std::env::current_exe().map_err(|e| format!("cannot find the opsctl binary: {e}"))?;
    std::fs::create_dir_all(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    std::fs::write(&hook, script(&root_arg, &binary))
        .map_err(|e| format!("{}: {e}", hook.display()))?;
    make_executable(&hook)?;
    Ok(hook)
}

#[cfg(unix)]
fn make_executable(path: &Path) -> Result<(), String> {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o755))
        .map_err(|e| format!("{}: {e}", path.display()))
}

#[cfg(not(unix))]
fn make_executable(_: &Path) -> Result<(), String> {
    Ok(())
}

/// Removes the hook if it is opsctl's; a foreign hook is left alone.
pub fn uninstall(root: &Path) -> Result<Option<PathBuf>, String> {
    let repo = repository(root)?;
    let hook = hooks_dir(&repo).join("pre-commit");
    match std::fs::read_to_string(&hook) {
        Ok(text) if text.contains(MARKER) => {
            std::fs::remove_file(&hook).map_err(|e| format!("{}: {e}", hook.display()))?;
            Ok(Some(hook))
        }
        Ok(_) => Err(format!(
            "{} is not opsctl's hook; it was left alone",
            hook.display()
        )),
        Err(_) => Ok(None),
    }
}
