//! What the server answers: the site from memory (pages with the live-reload script),
//! linked files from the repository, the live-reload endpoints; never a path outside
//! the site.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::{Arc, PoisonError, RwLock};

use super::http::{Body, Handler, Request, Response};
use super::live::{self, Live};
use crate::site::urls;

/// One published build of the site.
#[derive(Default)]
pub struct Published {
    /// Which build this is (see [`Live`]).
    pub generation: u64,
    /// Every page and asset, by site path.
    pub files: HashMap<String, Arc<Vec<u8>>>,
    /// Files pages link to, by site path: repository paths, read when asked for.
    pub linked: HashMap<String, String>,
}

/// Everything a request needs.
pub struct Routes {
    pub root: PathBuf,
    pub site: RwLock<Arc<Published>>,
    pub live: Arc<Live>,
}

impl Routes {
    fn published(&self) -> Arc<Published> {
        Arc::clone(&self.site.read().unwrap_or_else(PoisonError::into_inner))
    }

    fn file(&self, site: &Published, path: &str) -> Response {
        if let Some(bytes) = site.files.get(path) {
            let kind = content_type(path);
            if kind.starts_with("text/html") {
                let broken = self.live.broken_report();
                let html = live::inject(bytes, site.generation, broken.as_deref());
                return Response::new(200, kind, Body::Bytes(html));
            }
            return Response::new(200, kind, Body::Shared(Arc::clone(bytes)));
        }
        if let Some(repo_path) = site.linked.get(path) {
            let file = self.root.join(repo_path);
            // Regular files only: a symlink could point anywhere on the machine.
            let regular = std::fs::symlink_metadata(&file).is_ok_and(|m| m.is_file());
            if let (true, Ok(bytes)) = (regular, std::fs::read(&file)) {
                return Response::new(200, content_type(path), Body::Bytes(bytes));
            }
        }
        let folder = format!("{}/index.html", path.trim_end_matches('/'));
        if !path.is_empty() && !path.ends_with('/') && site.files.contains_key(&folder) {
            let location = format!("/{}/", urls::percent_encode_path(path));
            return Response::text(301, "moved").header("Location", location);
        }
        let page =
            b"<!doctype html><html><head><meta charset=\"utf-8\"><title>Not found</title></head>\
<body><h1>Not found</h1><p>No page here (yet): this page reloads when one appears. \
<a href=\"/index.html\">Home</a></p></body></html>";
        Response::new(
            404,
            "text/html; charset=utf-8",
            Body::Bytes(live::inject(page, site.generation, None)),
        )
    }
}

impl Handler for Routes {
    fn handle(&self, request: &Request) -> Response {
        let (path, query) = match request.target.split_once('?') {
            Some((path, query)) => (path, query),
            None => (request.target.as_str(), ""),
        };
        let path = path.split('#').next().unwrap_or_default();
        if path == live::SCRIPT_URL {
            let body = Body::Bytes(live::SCRIPT.as_bytes().to_vec());
            return Response::new(200, "text/javascript; charset=utf-8", body);
        }
        if path == live::EVENTS_URL {
            let since = query
                .split('&')
                .find_map(|pair| pair.strip_prefix("since="))
                .and_then(|n| n.parse().ok())
                .unwrap_or(0);
            let live = Arc::clone(&self.live);
            let body = Body::Stream(Box::new(move |out| live.stream(since, out)));
            return Response::new(200, "text/event-stream", body);
        }
        match site_path(path) {
            Some(path) => self.file(&self.published(), &path),
            None => Response::text(403, "forbidden: the path leaves the site"),
        }
    }
}

/// The site path a request path names (`/` and `/sops/` name their `index.html`), or
/// `None` when it tries to leave the site: a `.` or `..` segment, written plainly or
/// percent-encoded, a backslash or a NUL.
pub fn site_path(path: &str) -> Option<String> {
    let bad_segment = |p: &str| p.split('/').any(|s| s == ".." || s == ".");
    if bad_segment(path) {
        return None;
    }
    let decoded = urls::percent_decode(path);
    if bad_segment(&decoded) || decoded.contains(['\\', '\0']) {
        return None;
    }
    let mut path = decoded.trim_start_matches('/').to_string();
    if path.is_empty() || path.ends_with('/') {
        path.push_str("index.html");
    }
    Some(path)
}

/// The content type for a site path, by its extension.
pub fn content_type(path: &str) -> &'static str {
    let extension = path.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase());
    match extension.as_deref() {
        Some("html" | "htm") => "text/html; charset=utf-8",
        Some("css") => "text/css; charset=utf-8",
        Some("js" | "mjs") => "text/javascript; charset=utf-8",
        Some("json") => "application/json",
        Some("svg") => "image/svg+xml",
        Some("png") => "image/png",
        Some("jpg" | "jpeg") => "image/jpeg",
        Some("gif") => "image/gif",
        Some("webp") => "image/webp",
        Some("avif") => "image/avif",
        Some("ico") => "image/x-icon",
        Some("pdf") => "application/pdf",
        Some("txt" | "md" | "toml" | "log") => "text/plain; charset=utf-8",
        Some("csv") => "text/csv; charset=utf-8",
        Some("xml") => "application/xml",
        Some("woff2") => "font/woff2",
        Some("woff") => "font/woff",
        Some("mp4") => "video/mp4",
        Some("webm") => "video/webm",
        Some("mp3") => "audio/mpeg",
        Some("zip") => "application/zip",
        _ => "application/octet-stream",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn request_paths_map_to_site_paths() {
        assert_eq!(site_path("/").as_deref(), Some("index.html"));
        assert_eq!(site_path("/sops/").as_deref(), Some("sops/index.html"));
        assert_eq!(
            site_path("/sops/a%20b.html").as_deref(),
            Some("sops/a b.html")
        );
        assert_eq!(
            site_path("/assets/style.css").as_deref(),
            Some("assets/style.css")
        );
    }

    #[test]
    fn traversal_is_refused_plain_or_encoded() {
        for path in [
            "/../etc/passwd",
            "/sops/../../x",
            "/%2e%2e/etc/passwd",
            "/%2E%2E%2Fetc%2Fpasswd",
            "/sops/..%2f..%2fx",
            "/.%2e/x",
            "/a/./b",
            "/a%5c..%5cb",
            "/a%00.html",
        ] {
            assert_eq!(site_path(path), None, "{path}");
        }
    }

    #[test]
    fn content_types_follow_the_extension() {
        assert_eq!(content_type("index.html"), "text/html; charset=utf-8");
        assert_eq!(
            content_type("assets/site.js"),
            "text/javascript; charset=utf-8"
        );
        assert_eq!(content_type("assets/style.css"), "text/css; charset=utf-8");
        assert_eq!(content_type("img/Logo.PNG"), "image/png");
        assert_eq!(content_type("files/x"), "application/octet-stream");
    }
}
