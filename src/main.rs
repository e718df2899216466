//! The opsctl binary: parses arguments, calls the library, maps the outcome to an exit code.

mod cli;
mod cli_new;
mod cmds;

use std::io::{self, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::Parser;

use cli::{
    BuildArgs, CheckArgs, Cli, ColorWhen, Command, DiffArgs, ExportArgs, ExportFormat, HookAction,
    HookArgs, ListArgs, OwnersArgs, SchemaArgs, ScoreArgs, ServeArgs,
};
use opsctl::finding::Level;
use opsctl::report::{self, Format};

/// Exit codes: 0 clean, 1 findings at error level, 2 usage, I/O or internal error.
const FINDINGS: u8 = 1;
const FAILURE: u8 = 2;

fn main() -> ExitCode {
    let cli = Cli::parse();
    let serving = matches!(cli.command, Command::Serve(_));
    keep_freed_memory(serving);
    if !serving {
        no_transparent_huge_pages();
    }
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
        Command::Diff(args) => diff(cli, args, color),
        Command::Hook(args) => hook(args),
        Command::Schema(args) => schema(args),
        Command::List(args) => list(cli, args, color),
        Command::Owners(args) => owners(cli, args, color),
        Command::Score(args) => score(cli, args, color),
        Command::Export(args) => export(cli, args),
        Command::Init(args) => cmds::init(cli, args),
        Command::New(args) => cmds::new(cli, args),
        Command::Explain(args) => cmds::explain(cli, args),
        Command::Completions(args) => cmds::completions(args),
        Command::Man(args) => cmds::man(args),
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
    let mut phases = opsctl::timings::Phases::default();
    // Page bodies are rendered as they are read: each page's Markdown is parsed once.
    let renderer = opsctl::site::PageBodies;
    // Each page's text goes once it is parsed and rendered: the build never shows it.
    let reading = opsctl::load::Reading {
        renderer: Some(&renderer),
        release_texts: true,
    };
    let mut repo = opsctl::open_reading(&root, &snapshot, reading).map_err(|e| e.to_string())?;
    phases.done("load");
    let mut err = anstream::AutoStream::new(io::stderr(), color_choice(color));
    if !args.no_history {
        if let Some(note) = opsctl::attach_history(&mut repo, &snapshot) {
            let _ = writeln!(err, "note: {note}");
        }
    }
    phases.done("history");
    let outcome = opsctl::check(&repo, today);
    phases.done("check");
    let _ = writeln!(
        err,
        "check: {} {}",
        report::summary(&outcome),
        report::files_checked(repo.files.len())
    );
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
    let history = score_history(&repo, &root, args.rev.as_deref(), today);
    let built = opsctl::site::build_with_history(
        &mut repo,
        &outcome,
        today,
        &out,
        &history,
        opsctl::site::Ending::LeaveToExit,
    )?;
    let from_cwd = |path: &Path| {
        path.strip_prefix(&cwd)
            .unwrap_or(path)
            .display()
            .to_string()
    };
    for folder in &built.removed {
        let _ = writeln!(
            err,
            "note: removed {}, left by a build of this site that was stopped",
            from_cwd(folder)
        );
    }
    let shown = from_cwd(&out);
    let _ = writeln!(
        err,
        "built {} pages ({} files) into {shown}; open {shown}/index.html",
        built.pages, built.files
    );
    leave_to_exit(repo, outcome);
    Ok(0)
}

/// Leaves a repository and its check to the process's exit, which hands back all
/// their memory at once: freeing the hundreds of thousands of allocations of a large
/// repository one by one took 50–60 ms, on one thread, after the command's work was
/// done. Only for a command about to exit.
fn leave_to_exit(mut repo: opsctl::Repository, outcome: opsctl::Outcome) {
    // The source may hold a git process: closed as usual, an empty one in its place.
    drop(std::mem::replace(
        &mut repo.source,
        Box::new(opsctl::source::Memory::new()),
    ));
    std::mem::forget((repo, outcome));
}

/// The score at the end of each of the last `[site] score_history` months, for the
/// home page's trend; nothing when it is off or there is no git history to read.
fn score_history(
    repo: &opsctl::Repository,
    root: &Path,
    rev: Option<&str>,
    today: jiff::civil::Date,
) -> Vec<opsctl::score::Sample> {
    let months = repo.config.site.score_history.unwrap_or(0) as usize;
    if months == 0 {
        return Vec::new();
    }
    let every = opsctl::model::value::Period::Months(1);
    match opsctl::score::history::history(root, rev.unwrap_or("HEAD"), every, today, Some(months)) {
        Ok(series) => series.samples,
        Err(e) => {
            let _ = writeln!(io::stderr(), "note: no score trend on the home page: {e}");
            Vec::new()
        }
    }
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
    let snapshot = args.snapshot.snapshot();
    // --new-since compares two checks without history: the revision has none of its
    // own to offer `sop-stale`, and the two sides must be judged alike.
    let (repo, outcome) = match &args.new_since {
        Some(rev) => opsctl::diff::new_since(&root, &snapshot, rev, today),
        // Only the human report shows the source around a finding; the others need
        // the pages' texts no longer than it takes to parse them.
        None => opsctl::open_reading(
            &root,
            &snapshot,
            opsctl::load::Reading {
                renderer: None,
                release_texts: args.format != Format::Human,
            },
        )
        .map(|mut repo| {
            // History costs a revision walk (cached afterwards); only SOPs without
            // `last_reviewed` need it, for `sop-stale`.
            if !args.no_history {
                if let Some(note) = opsctl::attach_history_for_reviews(&mut repo, &snapshot) {
                    let _ = writeln!(io::stderr(), "note: {note}");
                }
            }
            let outcome = opsctl::check(&repo, today);
            (repo, outcome)
        }),
    }
    .map_err(|e| e.to_string())?;
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
    leave_to_exit(repo, outcome);
    Ok(if failed { FINDINGS } else { 0 })
}

fn diff(cli: &Cli, args: &DiffArgs, color: bool) -> Result<u8, String> {
    let today = opsctl::today(cli.today.as_deref())?;
    let (cwd, root) = locate(args.root.as_deref())?;
    let sides = opsctl::diff::revisions::resolve(&root, args.base.as_deref(), args.head.as_deref())
        .map_err(|e| e.to_string())?;
    let (base, head, renames) =
        opsctl::diff::load(&root, &sides, today).map_err(|e| e.to_string())?;
    let changes = opsctl::diff::compare(&base, &head, &renames);
    let view = opsctl::diff::View {
        path_prefix: prefix(&cwd, &root),
        color: color && args.format == opsctl::diff::Format::Human,
        today,
    };
    let stdout = io::stdout();
    let mut out = io::BufWriter::new(stdout.lock());
    opsctl::diff::write(args.format, &changes, &view, &mut out)
        .and_then(|()| out.flush())
        .map_err(|e| format!("cannot write the diff: {e}"))?;
    let new_errors = changes.introduced.iter().any(|f| f.level == Level::Error);
    Ok(if args.fail_on_new_errors && new_errors {
        FINDINGS
    } else {
        0
    })
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
    let files = opsctl::schema::all();
    for file in &files {
        let path = out.join(file.name);
        std::fs::write(&path, opsctl::schema::render(file.value))
            .map_err(|e| format!("{}: {e}", path.display()))?;
    }
    let names: Vec<&str> = files.iter().map(|f| f.name).collect();
    let _ = writeln!(
        io::stderr(),
        "wrote {} into {}; point a TOML file at one with a first line like `#:schema ./{}/entities.schema.json`",
        names.join(", "),
        out.display(),
        out.display()
    );
    Ok(0)
}

/// Where tables go: colour as decided, and the terminal's width only on a terminal,
/// so piped output is never cut.
fn table_terminal(color: bool) -> opsctl::table::Terminal {
    let width = io::stdout().is_terminal().then(|| {
        std::env::var("COLUMNS")
            .ok()
            .and_then(|c| c.parse().ok())
            .or_else(|| terminal_size::terminal_size().map(|(w, _)| usize::from(w.0)))
            .unwrap_or(100)
    });
    opsctl::table::Terminal { color, width }
}

/// Loads the repository for a planning command, saying on stderr when some files
/// could not be read fully (the answers would then be missing what they hold).
fn open_for_planning(
    path: Option<&Path>,
    snapshot: &opsctl::Snapshot,
) -> Result<opsctl::Repository, String> {
    let (_, root) = locate(path)?;
    let mut repo = opsctl::open_at(&root, snapshot).map_err(|e| e.to_string())?;
    if let Some(note) = opsctl::attach_history_for_reviews(&mut repo, snapshot) {
        let _ = writeln!(io::stderr(), "note: {note}");
    }
    let unreadable = repo
        .findings
        .iter()
        .filter(|f| f.level == Level::Error)
        .count();
    if unreadable > 0 {
        let _ = writeln!(
            io::stderr(),
            "note: {unreadable} problems reading the repository's files; what they hold may be missing (run `opsctl check`)"
        );
    }
    Ok(repo)
}

/// Writes `write`'s output to stdout through one buffer.
fn print(write: impl FnOnce(&mut dyn Write) -> io::Result<()>) -> Result<(), String> {
    let stdout = io::stdout();
    let mut out = io::BufWriter::new(stdout.lock());
    write(&mut out)
        .and_then(|()| out.flush())
        .map_err(|e| format!("cannot write the output: {e}"))
}

fn print_json(value: &serde_json::Value) -> Result<(), String> {
    print(|out| {
        serde_json::to_writer_pretty(&mut *out, value)?;
        writeln!(out)
    })
}

fn list(cli: &Cli, args: &ListArgs, color: bool) -> Result<u8, String> {
    let today = opsctl::today(cli.today.as_deref())?;
    let repo = open_for_planning(args.path.as_deref(), &opsctl::Snapshot::WorkTree)?;
    let filter = opsctl::query::Filter {
        owner: args.owner.clone(),
        capability: args.capability.clone(),
        status: args.status.clone(),
        horizon: args.horizon.clone(),
        overdue: args.overdue,
        due_within: args.due_within.clone(),
        stale: args.stale,
    };
    let listing = opsctl::query::list(&repo, today, args.what, &filter)?;
    if args.json {
        print_json(&listing.json(today))?;
    } else if listing.is_empty() {
        print(|out| writeln!(out, "No {} match.", args.what.name()))?;
    } else {
        let terminal = table_terminal(color);
        print(|out| listing.table().write(out, &terminal))?;
    }
    Ok(0)
}

fn owners(cli: &Cli, args: &OwnersArgs, color: bool) -> Result<u8, String> {
    let today = opsctl::today(cli.today.as_deref())?;
    let repo = open_for_planning(args.root.as_deref(), &opsctl::Snapshot::WorkTree)?;
    let terminal = table_terminal(color);
    match &args.person {
        Some(id) => {
            let detail = opsctl::owners::person(&repo, today, id)?;
            if args.json {
                print_json(&detail.json(today))?;
            } else {
                print(|out| detail.write(out, &terminal))?;
            }
        }
        None => {
            let summary = opsctl::owners::summary(&repo, today);
            if args.json {
                print_json(&summary.json(today))?;
            } else {
                print(|out| summary.table().write(out, &terminal))?;
            }
        }
    }
    Ok(0)
}

/// "month" for 1m, "week" for 1w …; other periods as written.
fn period_word(text: &str) -> String {
    match text.trim() {
        "1d" => "day".into(),
        "1w" | "7d" => "week".into(),
        "1m" => "month".into(),
        "1q" | "3m" => "quarter".into(),
        "1y" | "12m" => "year".into(),
        other => other.into(),
    }
}

fn score(cli: &Cli, args: &ScoreArgs, color: bool) -> Result<u8, String> {
    let today = opsctl::today(cli.today.as_deref())?;
    let terminal = table_terminal(color);
    if args.history {
        let every_text = args.every.as_deref().unwrap_or("1m");
        let every = opsctl::model::value::Period::parse(every_text).ok_or_else(|| {
            format!("--every `{every_text}` is not a period such as 1w, 2w, 1m or 1q")
        })?;
        let (_, root) = locate(args.path.as_deref())?;
        let rev = args.rev.as_deref().unwrap_or("HEAD");
        let series = opsctl::score::history::history(&root, rev, every, today, None)
            .map_err(|e| e.to_string())?;
        if series.shallow {
            let _ = writeln!(
                io::stderr(),
                "note: this clone is shallow, so only the commits it holds are scored; run `git fetch --unshallow` for the whole history"
            );
        }
        let word = period_word(every_text);
        if args.json {
            print_json(&opsctl::score::text::history_json(&series, &word, today))?;
        } else {
            print(|out| opsctl::score::text::write_history(&series, &word, out, &terminal))?;
        }
        return Ok(0);
    }
    let snapshot = match &args.rev {
        Some(rev) => opsctl::Snapshot::Revision(rev.clone()),
        None => opsctl::Snapshot::WorkTree,
    };
    let repo = open_for_planning(args.path.as_deref(), &snapshot)?;
    let score = opsctl::score::compute(&repo, today);
    if args.json {
        print_json(&opsctl::score::text::json(&score, today))?;
    } else {
        print(|out| opsctl::score::text::write(&score, out, &terminal))?;
    }
    Ok(0)
}

fn export(cli: &Cli, args: &ExportArgs) -> Result<u8, String> {
    let today = opsctl::today(cli.today.as_deref())?;
    let (cwd, root) = locate(args.path.as_deref())?;
    let repo = open_for_planning(Some(&root), &opsctl::Snapshot::WorkTree)?;
    let text = match args.format {
        ExportFormat::Ics => opsctl::export::calendar(&repo, today),
        ExportFormat::Json => {
            let mut text = serde_json::to_string_pretty(&opsctl::export::model_json(&repo))
                .map_err(|e| format!("cannot write the model as JSON: {e}"))?;
            text.push('\n');
            text
        }
        ExportFormat::Codeowners => {
            // CODEOWNERS paths start at the git repository's top, which may hold the
            // ops repository in a folder.
            let prefix = opsctl::source::path_in_repository(&root).unwrap_or_default();
            let exported = opsctl::export::codeowners(&repo, &prefix);
            let mut err = io::stderr();
            for problem in &exported.problems {
                let _ = writeln!(err, "warning: {problem}");
            }
            exported.text
        }
    };
    match &args.out {
        Some(out) => {
            let path = cwd.join(out);
            std::fs::write(&path, text).map_err(|e| format!("{}: {e}", path.display()))?;
        }
        None => print(|out| out.write_all(text.as_bytes()))?,
    }
    Ok(0)
}

/// Many small allocations (values, strings, events) dominate large builds; mimalloc
/// handles them markedly faster than glibc's allocator across threads.
#[global_allocator]
static ALLOCATOR: Mimalloc = Mimalloc;

/// mimalloc, asked for a plain block when any block is aligned enough. The mimalloc
/// crate asks for every block by its alignment (`mi_malloc_aligned`), even for a
/// string's alignment of one, and that call's path, whenever the free list at hand
/// cannot serve it, costs more than plain `mi_malloc`'s.
struct Mimalloc;

/// The alignment of every mimalloc block: sizes are rounded up to whole words.
const WORD: usize = std::mem::size_of::<usize>();

unsafe extern "C" {
    fn mi_malloc(size: usize) -> *mut std::ffi::c_void;
    fn mi_zalloc(size: usize) -> *mut std::ffi::c_void;
    fn mi_realloc(p: *mut std::ffi::c_void, new_size: usize) -> *mut std::ffi::c_void;
}

// SAFETY: blocks come from mimalloc alone (plain ones only when the alignment asked
// for is at most a word, which every mimalloc block has), and mimalloc frees and
// resizes any of its blocks, plain or aligned.
unsafe impl std::alloc::GlobalAlloc for Mimalloc {
    unsafe fn alloc(&self, layout: std::alloc::Layout) -> *mut u8 {
        if layout.align() <= WORD {
            unsafe { mi_malloc(layout.size()).cast() }
        } else {
            unsafe { mimalloc::MiMalloc.alloc(layout) }
        }
    }

    unsafe fn alloc_zeroed(&self, layout: std::alloc::Layout) -> *mut u8 {
        if layout.align() <= WORD {
            unsafe { mi_zalloc(layout.size()).cast() }
        } else {
            unsafe { mimalloc::MiMalloc.alloc_zeroed(layout) }
        }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: std::alloc::Layout) {
        unsafe { mimalloc::MiMalloc.dealloc(ptr, layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: std::alloc::Layout, new_size: usize) -> *mut u8 {
        if layout.align() <= WORD {
            unsafe { mi_realloc(ptr.cast(), new_size).cast() }
        } else {
            unsafe { mimalloc::MiMalloc.realloc(ptr, layout, new_size) }
        }
    }
}

/// Turns transparent huge pages off for a one-shot command, as `MIMALLOC_ALLOW_THP=0`
/// does (which, when set, decides instead). mimalloc asks the kernel for 2 MB pages
/// for its arenas; the first touch of one can make the kernel compact memory to find
/// it, which took 7-9 ms a page at times on the 2-core machine the benchmarks run on,
/// while a command that lives a second or two gains little from fewer TLB misses. In
/// alternating runs on the large corpus the build's system time fell from a mean of
/// 1.10 to 0.90 s and its peak from 460 to 422 MB, and the check's system time held
/// at 0.22-0.28 s instead of 0.12-0.47 s; the wall time was unchanged at a quiet
/// moment and went from 1.80 to 1.57 s at a busy one. Not for `serve`, which lives
/// long and starts a browser (the setting passes to child processes).
#[cfg(target_os = "linux")]
fn no_transparent_huge_pages() {
    if std::env::var_os("MIMALLOC_ALLOW_THP").is_none() {
        // SAFETY: PR_SET_THP_DISABLE only sets a flag of this process; an error (an
        // old kernel) leaves huge pages on, as they were.
        unsafe { libc::prctl(libc::PR_SET_THP_DISABLE, 1, 0, 0, 0) };
    }
}

#[cfg(not(target_os = "linux"))]
fn no_transparent_huge_pages() {}

/// Tells mimalloc how long to keep memory it frees before handing it back to the OS
/// (by default a few milliseconds). A build frees and allocates hundreds of megabytes;
/// returned memory comes back as fresh (transparent huge) pages the kernel must zero
/// again, which cost a large build more system time than writing its files. So a
/// command keeps what it frees until it exits; `serve` keeps it for a second, so one
/// rebuild reuses it, and mimalloc returns it with its next allocations after that
/// (the next request or rebuild). `MIMALLOC_PURGE_DELAY` still overrides this.
fn keep_freed_memory(serving: bool) {
    // `mi_option_purge_delay` in mimalloc v3's `mi_option_e` (mimalloc.h), the
    // version libmimalloc-sys 0.1.49 builds: milliseconds, or -1 for never.
    const MI_OPTION_PURGE_DELAY: std::ffi::c_int = 15;
    unsafe extern "C" {
        fn mi_option_set(option: std::ffi::c_int, value: std::ffi::c_long);
    }
    if std::env::var_os("MIMALLOC_PURGE_DELAY").is_none() {
        let delay = if serving { 1_000 } else { -1 };
        // SAFETY: a plain setter of an integer option, safe to call at any time.
        unsafe { mi_option_set(MI_OPTION_PURGE_DELAY, delay) };
    }
}
