//! The opsctl binary: parses arguments, calls the library, maps the outcome to an exit code.

mod cli;

use std::io::{self, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::Parser;

use cli::{
    BuildArgs, CheckArgs, Cli, ColorWhen, Command, HookAction, HookArgs, SchemaArgs, ServeArgs,
};
use opsctl::finding::Level;
use opsctl::report::{self, Format};

/// Exit codes: 0 clean, 1 findings at error level, 2 usage, I/O or internal error.
const FINDINGS: u8 = 1;
const FAILURE: u8 = 2;

fn main() -> ExitCode {
    let cli = Cli::parse();
    let color = use_color(cli.color);
    match run(&cli, color) {
        Ok(code) => ExitCode::from(code),
        Err(message) => {
            let mut err = anstream::AutoStream::new(io::stderr(), color_choice(color));
            let red = anstyle::Style::new()
                .bold()
                .fg_color(Some(anstyle::AnsiColor::Red.into()));
            let _ = writeln!(err, "{red}error{red:#}: {message}");
            ExitCode::from(FAILURE)
        }
    }
}

fn color_choice(color: bool) -> anstream::ColorChoice {
    if color {
        anstream::ColorChoice::Always
    } else {
        anstream::ColorChoice::Never
    }
}

/// `--color`, then NO_COLOR / CLICOLOR_FORCE and whether stdout is a terminal.
fn use_color(when: ColorWhen) -> bool {
    match when {
        ColorWhen::Always => true,
        ColorWhen::Never => false,
        ColorWhen::Auto => {
            anstream::AutoStream::choice(&io::stdout()) != anstream::ColorChoice::Never
        }
    }
}

fn run(cli: &Cli, color: bool) -> Result<u8, String> {
    match &cli.command {
        Command::Check(args) => check(cli, args, color),
        Command::Build(args) => build(cli, args, color),
        Command::Serve(args) => serve(cli, args, color),
        Command::Hook(args) => hook(args),
        Command::Schema(args) => schema(args),
    }
}

/// The current directory and the repository root: the given path, else found upwards.
fn locate(path: Option<&Path>) -> Result<(PathBuf, PathBuf), String> {
    let cwd =
        std::env::current_dir().map_err(|e| format!("cannot read the current directory: {e}"))?;
    let root = match path {
        Some(path) => cwd.join(path),
        None => opsctl::find_root(&cwd),
    };
    Ok((cwd, root))
}

fn build(cli: &Cli, args: &BuildArgs, color: bool) -> Result<u8, String> {
    let today = opsctl::today(cli.today.as_deref())?;
    let (cwd, root) = locate(args.path.as_deref())?;
    let snapshot = match &args.rev {
        Some(rev) => opsctl::Snapshot::Revision(rev.clone()),
        None => opsctl::Snapshot::WorkTree,
    };
    let repo = opsctl::open_at(&root, &snapshot).map_err(|e| e.to_string())?;
    let outcome = opsctl::check(&repo, today);
    let mut err = anstream::AutoStream::new(io::stderr(), color_choice(color));
    let _ = writeln!(err, "check: {}", report::summary(&outcome));
    if args.strict && outcome.count(Level::Error) > 0 {
        let _ = writeln!(
            err,
            "not building: the check found errors (--strict); run `opsctl check` to see them"
        );
        return Ok(FINDINGS);
    }
    let out = match &args.out {
        Some(out) => cwd.join(out),
        None => root.join(repo.config.out_dir()),
    };
    let built = opsctl::site::build(&repo, &outcome, today, &out)?;
    let shown = out.strip_prefix(&cwd).unwrap_or(&out).display().to_string();
    let _ = writeln!(
        err,
        "built {} pages ({} files) into {shown}; open {shown}/index.html",
        built.pages, built.files
    );
    Ok(0)
}

fn serve(cli: &Cli, args: &ServeArgs, color: bool) -> Result<u8, String> {
    opsctl::today(cli.today.as_deref())?;
    let (cwd, root) = locate(args.path.as_deref())?;
    let options = opsctl::serve::Options {
        path_prefix: prefix(&cwd, &root),
        root,
        bind: args.bind,
        port: args.port,
        poll: args.poll,
        today: cli.today.clone(),
        color,
    };
    let mut err = anstream::AutoStream::new(io::stderr(), color_choice(color));
    let server = opsctl::serve::start(options, &mut err)?;
    let stopper = server.stopper();
    ctrlc::set_handler(move || stopper.stop()).map_err(|e| format!("cannot handle Ctrl-C: {e}"))?;
    if !args.bind.is_loopback() {
        let _ = writeln!(
            err,
            "warning: listening on {}: anyone who can reach this machine can read the handbook",
            args.bind
        );
    }
    let _ = writeln!(err, "serving {} (Ctrl-C to stop)", server.url());
    if args.open {
        open_browser(server.url(), &mut err);
    }
    server.run(&mut err);
    Ok(0)
}

/// Opens `url` with the desktop's handler; failing to is not an error.
fn open_browser(url: &str, err: &mut dyn Write) {
    let (program, args): (&str, &[&str]) = if cfg!(target_os = "macos") {
        ("open", &[])
    } else if cfg!(windows) {
        ("cmd", &["/C", "start", ""])
    } else {
        ("xdg-open", &[])
    };
    let opened = std::process::Command::new(program)
        .args(args)
        .arg(url)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn();
    if let Err(e) = opened {
        let _ = writeln!(err, "cannot open a browser ({program}: {e}); open {url}");
    }
}

fn check(cli: &Cli, args: &CheckArgs, color: bool) -> Result<u8, String> {
    let today = opsctl::today(cli.today.as_deref())?;
    let (cwd, root) = locate(args.path.as_deref())?;
    let repo = opsctl::open_at(&root, &args.snapshot.snapshot()).map_err(|e| e.to_string())?;
    let outcome = opsctl::check(&repo, today);
    let context = report::Context {
        repo: &repo,
        outcome: &outcome,
        today,
        path_prefix: prefix(&cwd, &root),
        color: color && args.format == Format::Human,
        width: terminal_width(),
    };
    let stdout = io::stdout();
    let mut out = io::BufWriter::new(stdout.lock());
    report::write(args.format, &context, &mut out)
        .map_err(|e| format!("cannot write the report: {e}"))?;
    out.flush()
        .map_err(|e| format!("cannot write the report: {e}"))?;
    let failed =
        outcome.count(Level::Error) > 0 || (args.deny_warnings && outcome.count(Level::Warn) > 0);
    Ok(if failed { FINDINGS } else { 0 })
}

/// The root as seen from the current directory ("examples/acme/"), so printed paths open.
fn prefix(cwd: &Path, root: &Path) -> String {
    let root = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
    let cwd = cwd.canonicalize().unwrap_or_else(|_| cwd.to_path_buf());
    match root.strip_prefix(&cwd) {
        Ok(rel) if rel.as_os_str().is_empty() => String::new(),
        Ok(rel) => format!("{}/", rel.to_string_lossy().replace('\\', "/")),
        Err(_) => String::new(),
    }
}

fn terminal_width() -> usize {
    std::env::var("COLUMNS")
        .ok()
        .and_then(|c| c.parse().ok())
        .filter(|_| io::stdout().is_terminal())
        .unwrap_or(100)
}

fn hook(args: &HookArgs) -> Result<u8, String> {
    let mut err = io::stderr();
    match &args.action {
        HookAction::Install { path, force } => {
            let (_, root) = locate(path.as_deref())?;
            let hook = opsctl::hook::install(&root, *force)?;
            let _ = writeln!(
                err,
                "installed {}: each commit now runs `opsctl check --staged`",
                hook.display()
            );
        }
        HookAction::Uninstall { path } => {
            let (_, root) = locate(path.as_deref())?;
            match opsctl::hook::uninstall(&root)? {
                Some(hook) => {
                    let _ = writeln!(err, "removed {}", hook.display());
                }
                None => {
                    let _ = writeln!(err, "no pre-commit hook was installed");
                }
            }
        }
    }
    Ok(0)
}

fn schema(args: &SchemaArgs) -> Result<u8, String> {
    let out: PathBuf = args.out.clone();
    std::fs::create_dir_all(&out).map_err(|e| format!("{}: {e}", out.display()))?;
    for file in opsctl::schema::all() {
        let path = out.join(file.name);
        std::fs::write(&path, opsctl::schema::render(file.value))
            .map_err(|e| format!("{}: {e}", path.display()))?;
    }
    Ok(0)
}

/// Many small allocations (values, strings, events) dominate large builds; mimalloc
/// handles them markedly faster than glibc's allocator across threads.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;
