//! `opsctl serve`: builds the site into memory, serves it, rebuilds what a save changes
//! and reloads the browser; a broken file shows an overlay instead of stopping it.

mod debounce;
mod filter;
mod findings;
mod http;
mod live;
mod rebuild;
mod routes;
mod watch;

use std::io::Write;
use std::net::{IpAddr, SocketAddr};
use std::path::PathBuf;
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::sync::{Arc, PoisonError, RwLock};
use std::time::{Instant, SystemTime};

pub use http::DEFAULT_PORT;

use debounce::Debouncer;
use filter::{EVERYTHING, Filter};
use live::Live;
use rebuild::{Rebuilder, Rebuilt};
use routes::{Published, Routes};
use watch::Watch;

/// How `opsctl serve` was asked to run.
#[derive(Debug, Clone)]
pub struct Options {
    pub root: PathBuf,
    pub bind: IpAddr,
    /// `None`: the first free port from [`DEFAULT_PORT`] on; `Some(0)`: any free port.
    pub port: Option<u16>,
    /// Poll the file system instead of using native events.
    pub poll: bool,
    /// `--today`, read again at each rebuild (without it, a server running past
    /// midnight moves on to the new day).
    pub today: Option<String>,
    pub color: bool,
    /// Prepended to repository paths in messages, so they are relative to where opsctl runs.
    pub path_prefix: String,
}

/// What the serve loop waits for.
pub enum Message {
    Event(notify::Event),
    WatchError(String),
    Stop,
}

/// Stops a running [`Serve`] from another thread (a Ctrl-C handler).
#[derive(Clone)]
pub struct Stopper(Sender<Message>);

impl Stopper {
    pub fn stop(&self) {
        let _ = self.0.send(Message::Stop);
    }
}

/// A server that has built the site and listens; [`Serve::run`] serves until stopped.
pub struct Serve {
    url: String,
    root: PathBuf,
    messages: Receiver<Message>,
    sender: Sender<Message>,
    watch: Watch,
    server: http::Server,
    routes: Arc<Routes>,
    live: Arc<Live>,
    rebuilder: Rebuilder,
    /// When the first build began: changes after it are not in the site yet.
    started: SystemTime,
}

/// Binds the port, starts watching, builds the site and starts answering requests.
pub fn start(options: Options, log: &mut dyn Write) -> Result<Serve, String> {
    let root = options
        .root
        .canonicalize()
        .map_err(|e| format!("{}: {e}", options.root.display()))?;
    if !root.is_dir() {
        return Err(format!(
            "{} is not a directory; give the repository's root directory",
            root.display()
        ));
    }
    // The port first: a busy one should fail before an expensive first build.
    let listener = http::bind(options.bind, options.port)?;
    let started = SystemTime::now();
    let (sender, messages) = mpsc::channel();
    // Watching before the first build, so an edit made during it is not missed.
    let watch = Watch::start(&root, options.poll, sender.clone())?;
    let mut rebuilder = Rebuilder::new(
        root.clone(),
        options.today.clone(),
        options.color,
        options.path_prefix.clone(),
    );
    let live = Arc::new(Live::default());
    let first = match rebuilder.rebuild(&Published::default(), &[], log) {
        Rebuilt::Site(site, _, checked) => {
            live.publish(site.generation, Vec::new());
            if let Some(report) = rebuilder.report(checked, log) {
                live.broken(report);
            }
            site
        }
        Rebuilt::Broken(report) => {
            live.broken(report);
            Published::default()
        }
    };
    let routes = Arc::new(Routes {
        root: root.clone(),
        site: RwLock::new(Arc::new(first)),
        live: Arc::clone(&live),
    });
    let handler: Arc<dyn http::Handler> = routes.clone();
    let server = http::Server::start(listener, handler)
        .map_err(|e| format!("cannot start the server: {e}"))?;
    Ok(Serve {
        url: url_of(server.addr()),
        root,
        messages,
        sender,
        watch,
        server,
        routes,
        live,
        rebuilder,
        started,
    })
}

fn url_of(addr: SocketAddr) -> String {
    match addr {
        SocketAddr::V4(v4) => format!("http://{}:{}/", v4.ip(), v4.port()),
        SocketAddr::V6(v6) => format!("http://[{}]:{}/", v6.ip(), v6.port()),
    }
}

impl Serve {
    pub fn url(&self) -> &str {
        &self.url
    }

    pub fn stopper(&self) -> Stopper {
        Stopper(self.sender.clone())
    }

    /// Rebuilds after each burst of changes until stopped, then shuts down: the watcher,
    /// every event stream and every connection thread.
    pub fn run(mut self, log: &mut dyn Write) {
        let mut debouncer = Debouncer::new(debounce::QUIET, debounce::GIT_HOLD);
        let mut filter = Filter::new(&self.root, &self.rebuilder.out_dir);
        let mut last_watch_error = String::new();
        let mut last_rebuild = self.started;
        loop {
            let message = match debouncer.deadline() {
                Some(deadline) => self
                    .messages
                    .recv_timeout(deadline.saturating_duration_since(Instant::now())),
                None => self
                    .messages
                    .recv()
                    .map_err(|_| RecvTimeoutError::Disconnected),
            };
            match message {
                Ok(Message::Stop) | Err(RecvTimeoutError::Disconnected) => break,
                Ok(Message::Event(event)) => debouncer.push(filter.paths(&event), Instant::now()),
                Ok(Message::WatchError(error)) => {
                    if error != last_watch_error {
                        let _ = writeln!(log, "watch: {error}");
                        last_watch_error = error;
                    }
                    debouncer.push([EVERYTHING.to_string()], Instant::now());
                }
                Err(RecvTimeoutError::Timeout) => {}
            }
            let git_busy = self.root.join(".git/index.lock").exists();
            if let Some(paths) = debouncer.take(Instant::now(), git_busy) {
                // Loading a large repository opens every file, and the native watcher
                // queues an event per open: when its queue overflows it asks for a
                // rescan, which must not start another rebuild unless something changed.
                let lost_only = paths.iter().all(|p| p == EVERYTHING);
                if lost_only && !watch::changed_since(&self.root, &filter, last_rebuild) {
                    continue;
                }
                last_rebuild = SystemTime::now();
                self.rebuild(&paths, log);
                filter = Filter::new(&self.root, &self.rebuilder.out_dir);
                for problem in self.watch.refresh(&filter) {
                    let _ = writeln!(log, "watch: {problem}");
                }
            }
        }
        drop(self.watch);
        self.live.stop();
        self.server.stop();
        let _ = writeln!(log, "stopped");
    }

    fn rebuild(&mut self, paths: &[String], log: &mut dyn Write) {
        let shown: Vec<&str> = paths.iter().take(3).map(String::as_str).collect();
        let more = if paths.len() > shown.len() {
            ", …"
        } else {
            ""
        };
        let _ = writeln!(log, "changed: {}{more}", shown.join(", "));
        let current = Arc::clone(
            &self
                .routes
                .site
                .read()
                .unwrap_or_else(PoisonError::into_inner),
        );
        match self.rebuilder.rebuild(&current, paths, log) {
            Rebuilt::Site(site, changed, checked) => {
                let generation = site.generation;
                let mut published = self
                    .routes
                    .site
                    .write()
                    .unwrap_or_else(PoisonError::into_inner);
                let old = std::mem::replace(&mut *published, Arc::new(site));
                drop(published);
                self.live.publish(generation, changed);
                // The previous site and model go only now, off the path to the new page.
                drop((old, current));
                if let Some(report) = self.rebuilder.report(checked, log) {
                    self.live.broken(report);
                }
            }
            Rebuilt::Broken(report) => self.live.broken(report),
        }
    }
}
