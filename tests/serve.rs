//! `opsctl serve`, the real binary on a free port: pages and content types, an edit seen
//! within a bounded wait, a broken file's overlay and its clearing, path traversal,
//! a busy port, and a clean stop on Ctrl-C that leaves the repository untouched.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

mod chromium;

/// How long anything may take before the test fails (a debug build on a busy machine).
const PATIENCE: Duration = Duration::from_secs(30);

/// A copy of `examples/acme` in a temporary directory.
fn acme() -> tempfile::TempDir {
    fn copy(from: &Path, to: &Path) {
        std::fs::create_dir_all(to).unwrap();
        for entry in std::fs::read_dir(from).unwrap() {
            let entry = entry.unwrap();
            let target = to.join(entry.file_name());
            if entry.file_type().unwrap().is_dir() {
                copy(&entry.path(), &target);
            } else {
                std::fs::copy(entry.path(), &target).unwrap();
            }
        }
    }
    let dir = tempfile::tempdir().unwrap();
    copy(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/acme"),
        dir.path(),
    );
    dir
}

/// Polls `check` until it returns something, or fails the test after [`PATIENCE`]
/// (showing `log`, what serve said).
fn eventually_or<T>(
    what: &str,
    log: &dyn Fn() -> String,
    mut check: impl FnMut() -> Option<T>,
) -> T {
    let start = Instant::now();
    loop {
        if let Some(value) = check() {
            return value;
        }
        assert!(
            start.elapsed() < PATIENCE,
            "timed out waiting for {what}; serve said:\n{}",
            log()
        );
        std::thread::sleep(Duration::from_millis(20));
    }
}

fn eventually<T>(what: &str, check: impl FnMut() -> Option<T>) -> T {
    eventually_or(what, &String::new, check)
}

/// A running `opsctl serve`, killed if the test fails.
struct Serve {
    child: Child,
    log: Arc<Mutex<String>>,
    addr: String,
}

impl Serve {
    fn start(repo: &Path, extra: &[&str]) -> Serve {
        let mut child = Command::new(env!("CARGO_BIN_EXE_opsctl"))
            .args(["--today", "2026-11-21", "--color", "never", "serve"])
            .arg(repo)
            .args(["--port", "0"])
            .args(extra)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("opsctl runs");
        let log = Arc::new(Mutex::new(String::new()));
        let stderr = child.stderr.take().unwrap();
        let sink = Arc::clone(&log);
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines() {
                let Ok(line) = line else { break };
                let mut log = sink.lock().unwrap();
                log.push_str(&line);
                log.push('\n');
            }
        });
        let mut serve = Serve {
            child,
            log,
            addr: String::new(),
        };
        serve.addr = eventually("the address", || {
            let log = serve.log();
            let rest = log.split("serving http://").nth(1)?;
            Some(rest.split('/').next()?.to_string())
        });
        serve
    }

    fn log(&self) -> String {
        self.log.lock().unwrap().clone()
    }

    fn eventually<T>(&self, what: &str, check: impl FnMut() -> Option<T>) -> T {
        eventually_or(what, &|| self.log(), check)
    }

    fn get(&self, path: &str) -> Response {
        get(&self.addr, path)
    }

    /// Sends SIGINT, as Ctrl-C does, and waits for the process to end.
    fn interrupt(mut self) -> std::process::ExitStatus {
        let pid = self.child.id().to_string();
        let sent = Command::new("kill").args(["-INT", &pid]).status().unwrap();
        assert!(sent.success());
        eventually("serve to stop", || self.child.try_wait().unwrap())
    }
}

impl Drop for Serve {
    fn drop(&mut self) {
        if let Ok(None) = self.child.try_wait() {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}

struct Response {
    status: u16,
    head: String,
    body: String,
}

impl Response {
    fn header(&self, name: &str) -> Option<&str> {
        self.head.lines().find_map(|line| {
            let (key, value) = line.split_once(':')?;
            key.eq_ignore_ascii_case(name).then(|| value.trim())
        })
    }
}

/// A GET with the path sent exactly as given (no client-side normalisation).
fn get(addr: &str, path: &str) -> Response {
    let mut stream = TcpStream::connect(addr).unwrap();
    stream.set_read_timeout(Some(PATIENCE)).unwrap();
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    // Until the connection closes, or Content-Length bytes of body have come (DevTools
    // keeps its connections open).
    let mut bytes = Vec::new();
    let mut chunk = [0u8; 8192];
    loop {
        let n = stream.read(&mut chunk).unwrap();
        bytes.extend_from_slice(&chunk[..n]);
        let text = String::from_utf8_lossy(&bytes);
        let complete = text.split_once("\r\n\r\n").is_some_and(|(head, body)| {
            head.lines()
                .find_map(|l| {
                    l.to_ascii_lowercase()
                        .strip_prefix("content-length:")
                        .map(|v| v.trim().to_string())
                })
                .and_then(|v| v.parse::<usize>().ok())
                .is_some_and(|length| body.len() >= length)
        });
        if n == 0 || complete {
            break;
        }
    }
    let text = String::from_utf8_lossy(&bytes).into_owned();
    let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
    let status = head
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    Response {
        status,
        head: head.to_string(),
        body: body.to_string(),
    }
}

/// The server-sent events of one page, collected as they arrive.
fn events(addr: &str, since: u64) -> Arc<Mutex<String>> {
    let mut stream = TcpStream::connect(addr).unwrap();
    write!(
        stream,
        "GET /__opsctl/events?since={since} HTTP/1.1\r\nHost: {addr}\r\n\r\n"
    )
    .unwrap();
    let seen = Arc::new(Mutex::new(String::new()));
    let sink = Arc::clone(&seen);
    std::thread::spawn(move || {
        let mut buffer = [0u8; 4096];
        while let Ok(n) = stream.read(&mut buffer) {
            if n == 0 {
                break;
            }
            sink.lock()
                .unwrap()
                .push_str(&String::from_utf8_lossy(&buffer[..n]));
        }
    });
    seen
}

/// The generation a served page was built as, from its injected script.
fn generation(page: &Response) -> u64 {
    let rest = page.body.split("data-generation=\"").nth(1).unwrap();
    rest.split('"').next().unwrap().parse().unwrap()
}

fn listing(dir: &Path) -> Vec<PathBuf> {
    let mut paths: Vec<PathBuf> = walk(dir);
    paths.sort();
    paths
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            out.extend(walk(&path));
        }
        out.push(path);
    }
    out
}

#[test]
fn serves_the_site_and_shows_an_edit_within_a_bounded_wait() {
    let repo = acme();
    std::fs::write(repo.path().join("handbook/index.md"), "# The handbook\n").unwrap();
    let serve = Serve::start(repo.path(), &[]);
    let home = serve.get("/");
    assert_eq!(home.status, 200);
    assert_eq!(
        home.header("content-type"),
        Some("text/html; charset=utf-8")
    );
    assert!(home.body.contains("<script src=\"/__opsctl/live.js\""));
    for (path, kind) in [
        ("/assets/style.css", "text/css; charset=utf-8"),
        ("/assets/site.js", "text/javascript; charset=utf-8"),
        ("/__opsctl/live.js", "text/javascript; charset=utf-8"),
        (
            "/sops/customer-support/escalation.html",
            "text/html; charset=utf-8",
        ),
    ] {
        let response = serve.get(path);
        assert_eq!(
            (response.status, response.header("content-type")),
            (200, Some(kind)),
            "{path}"
        );
    }
    assert_eq!(serve.get("/no-such-page.html").status, 404);
    assert_eq!(
        serve.get("/opsctl.toml").status,
        404,
        "sources are not served"
    );
    let folder = serve.get("/handbook");
    assert_eq!(
        (folder.status, folder.header("location")),
        (301, Some("/handbook/"))
    );
    assert_eq!(serve.get("/handbook/").status, 200);

    let page = "/sops/customer-support/escalation.html";
    let stream = events(&serve.addr, generation(&serve.get(page)));
    let sop = repo.path().join("sops/customer-support/escalation.md");
    let mut text = std::fs::read_to_string(&sop).unwrap();
    text.push_str("\nAfter hours, page the duty manager (zanzibar).\n");
    std::fs::write(&sop, text).unwrap();
    let edited = serve.eventually("the edited page", || {
        let response = serve.get(page);
        response.body.contains("zanzibar").then_some(response)
    });
    assert_eq!(edited.status, 200);
    serve.eventually("the reload event", || {
        let seen = stream.lock().unwrap().clone();
        seen.contains("event: reload").then_some(seen)
    });
    let reload = stream.lock().unwrap().clone();
    assert!(
        reload.contains("sops/customer-support/escalation.html"),
        "{reload}"
    );
    assert!(
        !reload.contains("\"all\":true"),
        "only what changed is named: {reload}"
    );
    let index = serve.get("/assets/search-index.js");
    assert!(
        index.body.contains("zanzibar"),
        "the search index is rebuilt"
    );
    let log = serve.log();
    assert!(log.contains("rebuilt: "), "{log}");
    // An edit to one page re-renders that page, not the whole site.
    let rebuilt = log.lines().find(|l| l.starts_with("rebuilt: ")).unwrap();
    assert!(rebuilt.contains("(1 of "), "{rebuilt}");

    // A new link also re-renders the page it points to, which lists the linking page.
    let linked = "/sops/finance/month-end-close.html";
    let listed = "<li><a href=\"../../handbook/index.html\">The handbook</a></li>";
    assert!(!serve.get(linked).body.contains(listed));
    std::fs::write(
        repo.path().join("handbook/index.md"),
        "# The handbook\n\nSee [the close](../sops/finance/month-end-close.md).\n",
    )
    .unwrap();
    serve.eventually("the linked page's new \"Linked from\"", || {
        serve.get(linked).body.contains(listed).then_some(())
    });
}

#[test]
fn a_broken_file_shows_an_overlay_keeps_the_last_good_site_and_clears_when_fixed() {
    let repo = acme();
    let serve = Serve::start(repo.path(), &[]);
    let people = serve.get("/people.html");
    assert_eq!(people.status, 200);
    let stream = events(&serve.addr, generation(&people));
    let file = repo.path().join("people.toml");
    let good = std::fs::read_to_string(&file).unwrap();
    std::fs::write(&file, format!("{good}\n[[person]]\nid = \n")).unwrap();
    let broken = serve.eventually("the overlay", || {
        let seen = stream.lock().unwrap().clone();
        seen.contains("event: broken").then_some(seen)
    });
    assert!(broken.contains("people.toml"), "{broken}");
    assert!(broken.contains("not valid TOML"), "{broken}");
    let log = serve.log();
    assert!(log.contains("not rebuilt"), "{log}");
    assert!(
        log.contains("not valid TOML"),
        "the terminal shows the diagnostic: {log}"
    );
    // The last good site is still served, people and all, with the report for the overlay.
    let served = serve.get("/people.html").body;
    let page = |html: &str| {
        html.split("<script src=\"/__opsctl/")
            .next()
            .unwrap()
            .to_string()
    };
    assert_eq!(page(&served), page(&people.body));
    assert!(served.contains("data-broken=\"people.toml"), "{served}");

    std::fs::write(&file, &good).unwrap();
    serve.eventually("the overlay to clear", || {
        let seen = stream.lock().unwrap().clone();
        seen.contains("event: fixed").then_some(seen)
    });
    assert_eq!(serve.get("/people.html").status, 200);
}

#[test]
fn path_traversal_is_refused_plain_or_encoded() {
    let repo = acme();
    let serve = Serve::start(repo.path(), &[]);
    for path in [
        "/../opsctl.toml",
        "/sops/../../people.toml",
        "/%2e%2e/opsctl.toml",
        "/%2E%2E%2Fpeople.toml",
        "/sops/..%2f..%2fpeople.toml",
        "/..\\people.toml",
        "/%2e%2e%5cpeople.toml",
    ] {
        let response = serve.get(path);
        assert!(
            matches!(response.status, 403 | 404),
            "{path}: {}",
            response.status
        );
        assert!(!response.body.contains("[[person]]"), "{path}");
    }
}

#[test]
fn ctrl_c_stops_cleanly_and_the_repository_is_untouched() {
    let repo = acme();
    let before = listing(repo.path());
    let serve = Serve::start(repo.path(), &[]);
    assert_eq!(serve.get("/").status, 200);
    let _stream = events(&serve.addr, 0);
    let log = Arc::clone(&serve.log);
    let status = serve.interrupt();
    assert!(status.success(), "{status}");
    eventually("the last words", || {
        log.lock().unwrap().contains("stopped").then_some(())
    });
    assert_eq!(
        listing(repo.path()),
        before,
        "serve writes nothing into the repository"
    );
}

#[test]
fn a_busy_port_is_a_clear_error() {
    let repo = acme();
    let taken = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = taken.local_addr().unwrap().port().to_string();
    let output = Command::new(env!("CARGO_BIN_EXE_opsctl"))
        .args(["serve"])
        .arg(repo.path())
        .args(["--port", &port])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains(&format!("port {port} on 127.0.0.1 is already in use")),
        "{stderr}"
    );
}

#[test]
fn polling_also_sees_an_edit() {
    let repo = acme();
    let serve = Serve::start(repo.path(), &["--poll"]);
    let goals = repo.path().join("goals");
    let file = std::fs::read_dir(&goals)
        .unwrap()
        .next()
        .unwrap()
        .unwrap()
        .path();
    let text = std::fs::read_to_string(&file).unwrap();
    let renamed = text.replacen("title = \"", "title = \"Polled ", 1);
    assert_ne!(text, renamed);
    std::fs::write(&file, renamed).unwrap();
    // notify's polling watcher compares modification times in whole seconds, and this
    // edit may fall in the second the copy was made.
    let later = std::time::SystemTime::now() + Duration::from_secs(2);
    let handle = std::fs::File::options().write(true).open(&file).unwrap();
    handle.set_modified(later).unwrap();
    serve.eventually("the edited goal", || {
        serve
            .get("/goals.html")
            .body
            .contains("Polled ")
            .then_some(())
    });
}

#[test]
fn the_built_site_has_no_reload_script() {
    let repo = acme();
    let out = tempfile::tempdir().unwrap();
    let site = out.path().join("site");
    let status = Command::new(env!("CARGO_BIN_EXE_opsctl"))
        .args(["--today", "2026-11-21", "build"])
        .arg(repo.path())
        .arg("--out")
        .arg(&site)
        .output()
        .unwrap()
        .status;
    assert!(status.success());
    for path in listing(&site) {
        if path.is_file() {
            let bytes = std::fs::read(&path).unwrap();
            assert!(
                !String::from_utf8_lossy(&bytes).contains("__opsctl"),
                "{}",
                path.display()
            );
        }
    }
}

fn headless(browser: &Path, profile: &Path) -> Command {
    let mut command = Command::new(browser);
    command
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            "--disable-background-networking",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::null());
    command
}

/// A browser left open, closed even when the test fails.
struct Browser(Child);

impl Drop for Browser {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

#[test]
fn a_real_browser_reloads_by_itself_and_shows_the_overlay() {
    let Some(browser) = chromium::find() else {
        return;
    };
    let repo = acme();
    let serve = Serve::start(repo.path(), &[]);
    let profile = tempfile::tempdir().unwrap();
    let page = format!(
        "http://{}/sops/customer-support/escalation.html",
        serve.addr
    );
    // A page left open; its title, as DevTools lists it, shows which version it has.
    let open = Browser(
        headless(&browser, profile.path())
            .arg("--remote-debugging-port=0")
            .arg(&page)
            .spawn()
            .unwrap(),
    );
    let port_file = profile.path().join("DevToolsActivePort");
    let devtools = serve.eventually("DevTools", || {
        let text = std::fs::read_to_string(&port_file).ok()?;
        Some(format!("127.0.0.1:{}", text.lines().next()?.trim()))
    });
    let title = || get(&devtools, "/json").body;
    serve.eventually("the page", || {
        title()
            .contains("Escalating a customer issue")
            .then_some(())
    });
    let sop = repo.path().join("sops/customer-support/escalation.md");
    let text = std::fs::read_to_string(&sop).unwrap();
    let renamed = text.replacen("title = \"", "title = \"Renamed: ", 1);
    std::fs::write(&sop, renamed).unwrap();
    let reloaded = serve.eventually("the page to reload", || {
        let titles = title();
        titles.contains("Renamed: Escalating").then_some(titles)
    });
    drop(open);
    assert!(reloaded.contains("Renamed: Escalating"));

    // A page opened while a file is broken shows the overlay as soon as it loads.
    let people = repo.path().join("people.toml");
    let good = std::fs::read_to_string(&people).unwrap();
    std::fs::write(&people, format!("{good}\n[[person]]\nid = \n")).unwrap();
    serve.eventually("the broken build", || {
        serve.log().contains("not rebuilt").then_some(())
    });
    let profile = tempfile::tempdir().unwrap();
    let output = headless(&browser, profile.path())
        .arg("--dump-dom")
        .arg(format!("http://{}/people.html", serve.addr))
        .output()
        .unwrap();
    let dom = String::from_utf8_lossy(&output.stdout);
    assert!(
        dom.contains("id=\"opsctl-overlay\""),
        "no overlay in:\n{dom}"
    );
    assert!(dom.contains("not valid TOML"), "{dom}");
}
