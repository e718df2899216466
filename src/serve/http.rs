//! A small HTTP/1.1 server on the standard library: GET and HEAD, one thread per
//! connection, each closed after its response (event streams excepted).
//!
//! Why not a crate: a local preview needs a few hundred lines of HTTP, and owning them
//! keeps the build and the MSRV as they are, needs no async runtime, and lets shutdown
//! join every thread (tiny_http, the usual small choice, keeps worker threads of its
//! own and needs a thread per event stream anyway).

use std::io::{self, Read, Write};
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr, TcpListener, TcpStream};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::thread::JoinHandle;
use std::time::Duration;

/// The first port tried when `--port` is not given, and how many after it.
pub const DEFAULT_PORT: u16 = 3000;
const PORTS_TRIED: u16 = 50;

/// Connections served at once; more are answered 503 (a browser opens about six).
const MAX_CONNECTIONS: usize = 64;
/// A request head larger than this is refused.
const MAX_HEAD: usize = 16 * 1024;
/// How long a client may take to send its request.
const READ_TIMEOUT: Duration = Duration::from_secs(5);
/// How long a client may stall a response before it is dropped.
const WRITE_TIMEOUT: Duration = Duration::from_secs(10);

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    Get,
    Head,
}

/// A request: its method and target as sent (`/sops/a.html?x=1`).
#[derive(Debug)]
pub struct Request {
    pub method: Method,
    pub target: String,
}

/// Writes a streamed body (an event stream) until it returns.
pub type Stream = Box<dyn FnOnce(&mut dyn Write) -> io::Result<()> + Send>;

pub enum Body {
    Bytes(Vec<u8>),
    Shared(Arc<Vec<u8>>),
    /// Written after the head until it returns (an event stream).
    Stream(Stream),
}

pub struct Response {
    pub status: u16,
    pub headers: Vec<(&'static str, String)>,
    pub body: Body,
}

impl Response {
    pub fn new(status: u16, content_type: &str, body: Body) -> Response {
        Response {
            status,
            headers: vec![("Content-Type", content_type.to_string())],
            body,
        }
    }

    /// A short plain-text answer (errors, redirects).
    pub fn text(status: u16, text: &str) -> Response {
        Response::new(
            status,
            "text/plain; charset=utf-8",
            Body::Bytes(format!("{text}\n").into_bytes()),
        )
    }

    pub fn header(mut self, name: &'static str, value: impl Into<String>) -> Response {
        self.headers.push((name, value.into()));
        self
    }
}

pub trait Handler: Send + Sync + 'static {
    fn handle(&self, request: &Request) -> Response;
}

/// Binds `ip:port`; without a port, the first free one from [`DEFAULT_PORT`] on.
pub fn bind(ip: IpAddr, port: Option<u16>) -> Result<TcpListener, String> {
    let ports = match port {
        Some(port) => port..=port,
        None => DEFAULT_PORT..=DEFAULT_PORT + PORTS_TRIED - 1,
    };
    for candidate in ports.clone() {
        match TcpListener::bind((ip, candidate)) {
            Ok(listener) => return Ok(listener),
            Err(err) if err.kind() == io::ErrorKind::AddrInUse && port.is_none() => continue,
            Err(err) if err.kind() == io::ErrorKind::AddrInUse => {
                return Err(format!(
                    "port {candidate} on {ip} is already in use (another opsctl serve?); \
                     choose another with --port, or leave --port out to take the next free one"
                ));
            }
            Err(err) if err.kind() == io::ErrorKind::AddrNotAvailable => {
                return Err(format!(
                    "cannot listen on {ip}: it is not an address of this machine ({err})"
                ));
            }
            Err(err) => return Err(format!("cannot listen on {ip}:{candidate}: {err}")),
        }
    }
    Err(format!(
        "ports {}-{} on {ip} are all in use; choose one with --port",
        ports.start(),
        ports.end()
    ))
}

/// A running server: an accept thread and its connection threads.
pub struct Server {
    addr: SocketAddr,
    stop: Arc<AtomicBool>,
    accept: Option<JoinHandle<()>>,
}

impl Server {
    pub fn start(listener: TcpListener, handler: Arc<dyn Handler>) -> io::Result<Server> {
        let addr = listener.local_addr()?;
        let stop = Arc::new(AtomicBool::new(false));
        let stopping = Arc::clone(&stop);
        let accept = std::thread::Builder::new()
            .name("opsctl-accept".into())
            .spawn(move || accept_loop(&listener, &handler, &stopping))?;
        Ok(Server {
            addr,
            stop,
            accept: Some(accept),
        })
    }

    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// Stops accepting and waits for every connection thread (streams must have been
    /// told to end first).
    pub fn stop(mut self) {
        self.shut();
    }

    fn shut(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        // Wakes the accept thread, which is blocked in accept().
        let wake = match self.addr.ip() {
            IpAddr::V4(ip) if ip.is_unspecified() => IpAddr::V4(Ipv4Addr::LOCALHOST),
            IpAddr::V6(ip) if ip.is_unspecified() => IpAddr::V6(Ipv6Addr::LOCALHOST),
            ip => ip,
        };
        let _ = TcpStream::connect_timeout(&SocketAddr::new(wake, self.addr.port()), READ_TIMEOUT);
        if let Some(accept) = self.accept.take() {
            let _ = accept.join();
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        if self.accept.is_some() {
            self.shut();
        }
    }
}

fn accept_loop(listener: &TcpListener, handler: &Arc<dyn Handler>, stop: &AtomicBool) {
    let mut workers: Vec<JoinHandle<()>> = Vec::new();
    for stream in listener.incoming() {
        if stop.load(Ordering::SeqCst) {
            break;
        }
        let Ok(mut stream) = stream else {
            // Out of file descriptors, or a connection reset before it was accepted.
            std::thread::sleep(Duration::from_millis(20));
            continue;
        };
        workers.retain(|w| !w.is_finished());
        if workers.len() >= MAX_CONNECTIONS {
            let _ = write_response(&mut stream, Method::Get, Response::text(503, "busy"));
            continue;
        }
        let handler = Arc::clone(handler);
        let spawned = std::thread::Builder::new()
            .name("opsctl-http".into())
            .spawn(move || connection(stream, handler.as_ref()));
        if let Ok(worker) = spawned {
            workers.push(worker);
        }
    }
    for worker in workers {
        let _ = worker.join();
    }
}

fn connection(mut stream: TcpStream, handler: &dyn Handler) {
    let _ = stream.set_read_timeout(Some(READ_TIMEOUT));
    let _ = stream.set_write_timeout(Some(WRITE_TIMEOUT));
    let _ = stream.set_nodelay(true);
    let (method, response) = match read_request(&mut stream) {
        Ok(request) => (request.method, handler.handle(&request)),
        Err(response) => (Method::Get, response),
    };
    let _ = write_response(&mut stream, method, response);
}

/// Reads and parses a request head; a bad one is answered with the response returned.
fn read_request(stream: &mut impl Read) -> Result<Request, Response> {
    let mut head = Vec::with_capacity(1024);
    let mut chunk = [0u8; 2048];
    while !head.windows(4).any(|w| w == b"\r\n\r\n") {
        if head.len() > MAX_HEAD {
            return Err(Response::text(431, "request head too large"));
        }
        match stream.read(&mut chunk) {
            Ok(0) => return Err(Response::text(400, "incomplete request")),
            Ok(n) => head.extend_from_slice(&chunk[..n]),
            Err(_) => return Err(Response::text(408, "request timeout")),
        }
    }
    parse_request(&head)
}

fn parse_request(head: &[u8]) -> Result<Request, Response> {
    let text = std::str::from_utf8(head).map_err(|_| Response::text(400, "bad request"))?;
    let line = text.split("\r\n").next().unwrap_or_default();
    let mut parts = line.split(' ');
    let (Some(method), Some(target), Some(version), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err(Response::text(400, "bad request line"));
    };
    if !version.starts_with("HTTP/1.") {
        return Err(Response::text(505, "HTTP/1.x only"));
    }
    let method = match method {
        "GET" => Method::Get,
        "HEAD" => Method::Head,
        _ => {
            return Err(Response::text(405, "only GET and HEAD").header("Allow", "GET, HEAD"));
        }
    };
    if !target.starts_with('/') {
        return Err(Response::text(400, "the request target must be a path"));
    }
    Ok(Request {
        method,
        target: target.to_string(),
    })
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        301 => "Moved Permanently",
        400 => "Bad Request",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        408 => "Request Timeout",
        431 => "Request Header Fields Too Large",
        500 => "Internal Server Error",
        503 => "Service Unavailable",
        505 => "HTTP Version Not Supported",
        _ => "",
    }
}

fn write_response(out: &mut impl Write, method: Method, response: Response) -> io::Result<()> {
    let mut head = format!(
        "HTTP/1.1 {} {}\r\n",
        response.status,
        reason(response.status)
    );
    for (name, value) in &response.headers {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    // The preview must always show the latest build.
    head.push_str("Cache-Control: no-store\r\nX-Content-Type-Options: nosniff\r\n");
    let body: &[u8] = match &response.body {
        Body::Bytes(bytes) => bytes,
        Body::Shared(bytes) => bytes,
        Body::Stream(_) => {
            head.push_str("Connection: keep-alive\r\n\r\n");
            out.write_all(head.as_bytes())?;
            out.flush()?;
            return match response.body {
                Body::Stream(stream) if method == Method::Get => stream(out),
                _ => Ok(()),
            };
        }
    };
    head.push_str(&format!(
        "Content-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    ));
    out.write_all(head.as_bytes())?;
    if method == Method::Get {
        out.write_all(body)?;
    }
    out.flush()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn request_lines_are_parsed_strictly() {
        let get = parse_request(b"GET /a.html?x=1 HTTP/1.1\r\nHost: x\r\n\r\n").ok();
        let get = get.expect("a GET parses");
        assert_eq!(
            (get.method, get.target.as_str()),
            (Method::Get, "/a.html?x=1")
        );
        let status = |head: &[u8]| parse_request(head).err().map(|r| r.status);
        assert_eq!(status(b"POST / HTTP/1.1\r\n\r\n"), Some(405));
        assert_eq!(status(b"GET http://x/ HTTP/1.1\r\n\r\n"), Some(400));
        assert_eq!(status(b"GET / HTTP/2\r\n\r\n"), Some(505));
        assert_eq!(status(b"GET /a b HTTP/1.1\r\n\r\n"), Some(400));
        assert_eq!(status(b"\xff\xfe\r\n\r\n"), Some(400));
    }

    #[test]
    fn a_head_request_gets_headers_without_a_body() {
        let mut out = Vec::new();
        let body = Body::Bytes(b"hello".to_vec());
        write_response(
            &mut out,
            Method::Head,
            Response::new(200, "text/plain", body),
        )
        .unwrap();
        let text = String::from_utf8(out).unwrap();
        assert!(text.starts_with("HTTP/1.1 200 OK\r\n"));
        assert!(text.contains("Content-Length: 5\r\n"));
        assert!(text.ends_with("\r\n\r\n"));
    }
}
