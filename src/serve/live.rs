//! Live reload: the script injected into served pages, and the server-sent event stream
//! that tells it to reload, or to show (and later hide) what stops a rebuild.

use std::io::{self, Write};
use std::sync::{Condvar, Mutex, MutexGuard, PoisonError};
use std::time::Duration;

/// Served at [`SCRIPT_URL`]; never part of `opsctl build` output.
pub const SCRIPT: &str = include_str!("live.js");
pub const SCRIPT_URL: &str = "/__opsctl/live.js";
pub const EVENTS_URL: &str = "/__opsctl/events";

/// A reload names the changed pages; past this many, it just says "everything".
const NAMED_CHANGES: usize = 200;
/// A comment sent on a quiet stream, so a closed tab is noticed and its thread ends.
const PING: Duration = Duration::from_secs(15);

/// What the pages are told, shared by the rebuild loop and the event streams.
#[derive(Default)]
pub struct Live {
    state: Mutex<State>,
    signal: Condvar,
}

#[derive(Default)]
struct State {
    /// Counts the builds that changed something; a page carries the one it came from.
    generation: u64,
    /// The site paths the latest generation changed.
    changed: Vec<String>,
    /// What stops the current rebuild, shown in the overlay.
    broken: Option<String>,
    stopping: bool,
}

impl Live {
    fn state(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// A rebuild was published as `generation`, changing `changed`; any overlay goes.
    pub fn publish(&self, generation: u64, changed: Vec<String>) {
        let mut state = self.state();
        state.generation = generation;
        state.changed = changed;
        state.broken = None;
        self.signal.notify_all();
    }

    /// A rebuild failed: the pages keep the last good build and show `report`.
    pub fn broken(&self, report: String) {
        self.state().broken = Some(report);
        self.signal.notify_all();
    }

    /// What the overlay shows now, if anything.
    pub fn broken_report(&self) -> Option<String> {
        self.state().broken.clone()
    }

    /// Ends every event stream.
    pub fn stop(&self) {
        self.state().stopping = true;
        self.signal.notify_all();
    }

    /// Streams events to one page, which was served from generation `since`, until the
    /// server stops or the page goes away.
    pub fn stream(&self, since: u64, out: &mut dyn Write) -> io::Result<()> {
        let mut seen = since;
        let mut shown: Option<String> = None;
        out.write_all(b"retry: 1000\n\n")?;
        out.flush()?;
        loop {
            let text = {
                let mut state = self.state();
                let mut timed_out = false;
                while !state.stopping
                    && !timed_out
                    && state.generation <= seen
                    && state.broken == shown
                {
                    let (next, wait) = self
                        .signal
                        .wait_timeout(state, PING)
                        .unwrap_or_else(PoisonError::into_inner);
                    state = next;
                    timed_out = wait.timed_out();
                }
                if state.stopping {
                    return Ok(());
                }
                let text = events(&state, seen, shown.as_deref());
                seen = seen.max(state.generation);
                shown = state.broken.clone();
                text
            };
            out.write_all(text.as_bytes())?;
            out.flush()?;
        }
    }
}

/// The events that bring a page that has seen generation `seen` and overlay `shown` up
/// to date (a ping comment when there are none).
fn events(state: &State, seen: u64, shown: Option<&str>) -> String {
    let mut text = String::new();
    if state.broken.as_deref() != shown {
        match &state.broken {
            Some(report) => event(&mut text, "broken", &serde_json::json!(report)),
            None => event(&mut text, "fixed", &serde_json::json!(null)),
        }
    }
    if state.generation > seen {
        // A page more than one build behind cannot tell what changed since it was served.
        let named = state.generation == seen + 1 && state.changed.len() <= NAMED_CHANGES;
        let data = if named {
            serde_json::json!({"all": false, "changed": state.changed})
        } else {
            serde_json::json!({"all": true, "changed": []})
        };
        event(&mut text, "reload", &data);
    }
    if text.is_empty() {
        text.push_str(": ping\n\n");
    }
    text
}

fn event(text: &mut String, name: &str, data: &serde_json::Value) {
    // JSON keeps the data on one line, as an event's `data:` field needs.
    text.push_str(&format!("event: {name}\ndata: {data}\n\n"));
}

/// `html` with the live-reload script before `</body>`, telling it its generation and
/// what the overlay shows (so a page loaded while a file is broken shows it at once).
pub fn inject(html: &[u8], generation: u64, broken: Option<&str>) -> Vec<u8> {
    let broken = broken.map_or(String::new(), |report| {
        let escaped = report
            .replace('&', "&amp;")
            .replace('"', "&quot;")
            .replace('<', "&lt;")
            .replace('>', "&gt;");
        format!(" data-broken=\"{escaped}\"")
    });
    let tag =
        format!("<script src=\"{SCRIPT_URL}\" data-generation=\"{generation}\"{broken}></script>");
    let at = memchr::memmem::rfind(html, b"</body>").unwrap_or(html.len());
    let mut out = Vec::with_capacity(html.len() + tag.len());
    out.extend_from_slice(&html[..at]);
    out.extend_from_slice(tag.as_bytes());
    out.extend_from_slice(&html[at..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_script_goes_before_the_end_of_the_body() {
        let html = inject(b"<html><body><p>x</p></body></html>", 7, None);
        let html = String::from_utf8(html).unwrap();
        assert_eq!(
            html,
            "<html><body><p>x</p><script src=\"/__opsctl/live.js\" data-generation=\"7\"></script></body></html>"
        );
        let bare = String::from_utf8(inject(b"<p>x</p>", 1, None)).unwrap();
        assert!(bare.ends_with("data-generation=\"1\"></script>"));
        let broken = inject(b"<p>x</p>", 1, Some("a.toml: \"<x>\" & more"));
        assert!(
            String::from_utf8(broken)
                .unwrap()
                .ends_with(" data-broken=\"a.toml: &quot;&lt;x&gt;&quot; &amp; more\"></script>")
        );
    }

    #[test]
    fn a_page_one_build_behind_learns_what_changed() {
        let state = State {
            generation: 3,
            changed: vec!["a.html".into()],
            ..State::default()
        };
        let text = events(&state, 2, None);
        assert_eq!(
            text,
            "event: reload\ndata: {\"all\":false,\"changed\":[\"a.html\"]}\n\n"
        );
        assert!(events(&state, 1, None).contains("\"all\":true"));
        assert_eq!(events(&state, 3, None), ": ping\n\n");
    }

    #[test]
    fn the_overlay_is_shown_then_hidden() {
        let mut state = State {
            broken: Some("people.toml:3: expected `=`".into()),
            ..State::default()
        };
        let shown = events(&state, 0, None);
        assert_eq!(
            shown,
            "event: broken\ndata: \"people.toml:3: expected `=`\"\n\n"
        );
        state.broken = None;
        let hidden = events(&state, 0, Some("people.toml:3: expected `=`"));
        assert_eq!(hidden, "event: fixed\ndata: null\n\n");
    }
}
