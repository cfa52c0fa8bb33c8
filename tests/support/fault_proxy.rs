//! A fault-injecting HTTP/1.1 proxy on 127.0.0.1 in front of an emulator.
//!
//! Std only: one thread accepts, one thread per connection; one request per
//! connection (every answer says `Connection: close`, so the SDK never reuses
//! a connection and a fault hits exactly one request). The proxy tells the
//! protocol from the request (awsJson1_1 has `X-Amz-Target`, the query
//! protocol a form body with `Action=`) and answers injected errors in that
//! protocol's shape. It records every request it saw and every one it
//! forwarded, by operation, so tests can count writes that reached the server.

use std::io::{Read, Write};
use std::net::{Shutdown, SocketAddr, TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Condvar, Mutex};
use std::time::Duration;

/// What the proxy does to the calls it sees.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fault {
    /// Forward everything.
    Pass,
    /// Throttle 3 calls in 10 (the 1st, 4th and 7th of every ten after `set`).
    Throttle30,
    /// Throttle every call (steady throttling that no SDK retry gets through).
    ThrottleAll,
    /// HTTP 500 for every call.
    Http500,
    /// Hold every call this long before forwarding it (released early when the fault changes).
    Latency(Duration),
    /// Close the connection without an answer, before forwarding.
    Reset,
    /// Forward the next write to the server, then close the connection without
    /// passing the answer on (the request was applied, the client cannot know);
    /// other calls pass. Switches to `Pass` once it has struck.
    ResetAfterWrite,
    /// Every call: the security token has expired.
    ExpiredToken,
}

/// Writes as the proxy recognises them.
pub const WRITES: &[&str] = &["UpdateService", "StopTask"];

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Seen {
    /// Operation, e.g. `UpdateService`, `DescribeTargetGroups`.
    pub op: String,
    /// Whether the request was sent on to the server.
    pub forwarded: bool,
    /// The fault injected, if any.
    pub injected: Option<&'static str>,
}

struct Shared {
    upstream: u16,
    fault: Mutex<Fault>,
    changed: Condvar,
    n: AtomicU64,
    log: Mutex<Vec<Seen>>,
    stop: AtomicBool,
    /// Items per page the proxy cuts ECS list answers into (0: off).
    page_size: AtomicU64,
}

/// The running proxy; stops accepting on drop.
pub struct FaultProxy {
    /// Port on 127.0.0.1.
    pub port: u16,
    shared: Arc<Shared>,
}

impl FaultProxy {
    /// Starts a proxy to `127.0.0.1:upstream`.
    pub fn start(upstream: u16) -> FaultProxy {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind the proxy");
        let port = listener.local_addr().expect("proxy address").port();
        let shared = Arc::new(Shared {
            upstream,
            fault: Mutex::new(Fault::Pass),
            changed: Condvar::new(),
            n: AtomicU64::new(0),
            log: Mutex::new(Vec::new()),
            stop: AtomicBool::new(false),
            page_size: AtomicU64::new(0),
        });
        let s = Arc::clone(&shared);
        std::thread::spawn(move || {
            for conn in listener.incoming() {
                if s.stop.load(Ordering::SeqCst) {
                    break;
                }
                if let Ok(conn) = conn {
                    let s = Arc::clone(&s);
                    std::thread::spawn(move || handle(&s, conn));
                }
            }
        });
        FaultProxy { port, shared }
    }

    /// `http://127.0.0.1:PORT`.
    pub fn url(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    /// Switches the fault (releases calls held by `Latency`).
    pub fn set(&self, fault: Fault) {
        self.shared.n.store(0, Ordering::SeqCst);
        *self.shared.fault.lock().unwrap() = fault;
        self.shared.changed.notify_all();
    }

    /// The current fault.
    pub fn fault(&self) -> Fault {
        *self.shared.fault.lock().unwrap()
    }

    /// Everything seen so far.
    pub fn log(&self) -> Vec<Seen> {
        self.shared.log.lock().unwrap().clone()
    }

    /// Requests of `op` the proxy saw.
    pub fn seen(&self, op: &str) -> usize {
        self.log().iter().filter(|s| s.op == op).count()
    }

    /// Requests of `op` forwarded to the server.
    pub fn forwarded(&self, op: &str) -> usize {
        self.log()
            .iter()
            .filter(|s| s.op == op && s.forwarded)
            .count()
    }

    /// Faults of a kind injected so far (`throttle`, `http500`, `reset`, ...).
    pub fn injected(&self, kind: &str) -> usize {
        self.log()
            .iter()
            .filter(|s| s.injected == Some(kind))
            .count()
    }

    /// Cuts the answers of the ECS list calls (ListServices, ListTasks,
    /// ListClusters, ListTaskDefinitions) into pages of `size` items with a
    /// `nextToken`, as AWS does (moto 5.2.5 answers in one page): the client's
    /// paging is then exercised on the wire. 0 turns it off.
    pub fn page_lists(&self, size: usize) {
        self.shared.page_size.store(size as u64, Ordering::SeqCst);
    }

    /// Forgets the log.
    pub fn clear_log(&self) {
        self.shared.log.lock().unwrap().clear();
    }
}

impl Drop for FaultProxy {
    fn drop(&mut self) {
        self.shared.stop.store(true, Ordering::SeqCst);
        self.set(Fault::Pass);
        // Wake the accept loop so it sees the stop flag.
        let _ = TcpStream::connect(SocketAddr::from(([127, 0, 0, 1], self.port)));
    }
}

/// One parsed request.
struct Request {
    head: String,
    body: Vec<u8>,
    op: String,
    json: bool,
}

fn read_request(conn: &mut TcpStream) -> Option<Request> {
    let mut buf = Vec::new();
    let mut chunk = [0u8; 8192];
    let head_end = loop {
        if let Some(i) = find(&buf, b"\r\n\r\n") {
            break i + 4;
        }
        let n = conn.read(&mut chunk).ok()?;
        if n == 0 {
            return None;
        }
        buf.extend_from_slice(&chunk[..n]);
    };
    let head = String::from_utf8_lossy(&buf[..head_end]).to_string();
    let header = |name: &str| {
        head.lines().find_map(|l| {
            let (k, v) = l.split_once(':')?;
            k.trim()
                .eq_ignore_ascii_case(name)
                .then(|| v.trim().to_string())
        })
    };
    let length: usize = header("content-length")
        .and_then(|v| v.parse().ok())
        .unwrap_or(0);
    let mut body = buf[head_end..].to_vec();
    while body.len() < length {
        let n = conn.read(&mut chunk).ok()?;
        if n == 0 {
            return None;
        }
        body.extend_from_slice(&chunk[..n]);
    }
    let target = header("x-amz-target");
    let json = target.is_some();
    let op = match target {
        Some(t) => t.rsplit('.').next().unwrap_or_default().to_string(),
        None => String::from_utf8_lossy(&body)
            .split('&')
            .find_map(|kv| kv.strip_prefix("Action=").map(str::to_string))
            .unwrap_or_else(|| "unknown".into()),
    };
    Some(Request {
        head,
        body,
        op,
        json,
    })
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

/// The request with `Connection: close`, for the upstream.
fn with_close(head: &str) -> String {
    let mut out = String::new();
    for line in head.split("\r\n").filter(|l| !l.is_empty()) {
        let name = line.split(':').next().unwrap_or_default().trim();
        if name.eq_ignore_ascii_case("connection") || name.eq_ignore_ascii_case("keep-alive") {
            continue;
        }
        out.push_str(line);
        out.push_str("\r\n");
    }
    out.push_str("Connection: close\r\n\r\n");
    out
}

/// Sends the request upstream and reads the whole answer, made `Connection: close`.
fn forward(upstream: u16, req: &Request) -> std::io::Result<Vec<u8>> {
    let mut up = TcpStream::connect(SocketAddr::from(([127, 0, 0, 1], upstream)))?;
    up.set_read_timeout(Some(Duration::from_secs(30)))?;
    up.write_all(with_close(&req.head).as_bytes())?;
    up.write_all(&req.body)?;
    let mut raw = Vec::new();
    up.read_to_end(&mut raw)?;
    let Some(end) = find(&raw, b"\r\n\r\n") else {
        return Ok(raw);
    };
    let head = String::from_utf8_lossy(&raw[..end + 4]).to_string();
    let mut out = with_close(&head).into_bytes();
    out.extend_from_slice(&raw[end + 4..]);
    Ok(out)
}

fn error_response(req: &Request, status: u16, code: &str, message: &str) -> Vec<u8> {
    let reason = match status {
        400 => "Bad Request",
        _ => "Internal Server Error",
    };
    let (content_type, body) = if req.json {
        (
            "application/x-amz-json-1.1",
            format!(r#"{{"__type":"{code}","message":"{message}"}}"#),
        )
    } else {
        let kind = if status >= 500 { "Receiver" } else { "Sender" };
        (
            "text/xml",
            format!(
                "<ErrorResponse><Error><Type>{kind}</Type><Code>{code}</Code><Message>{message}</Message></Error><RequestId>fault-proxy</RequestId></ErrorResponse>"
            ),
        )
    };
    format!(
        "HTTP/1.1 {status} {reason}\r\nContent-Type: {content_type}\r\nx-amzn-RequestId: fault-proxy\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    )
    .into_bytes()
}

fn handle(s: &Shared, mut conn: TcpStream) {
    let _ = conn.set_read_timeout(Some(Duration::from_secs(30)));
    let Some(req) = read_request(&mut conn) else {
        return;
    };
    let fault = *s.fault.lock().unwrap();
    let record = |forwarded: bool, injected: Option<&'static str>| {
        s.log.lock().unwrap().push(Seen {
            op: req.op.clone(),
            forwarded,
            injected,
        });
    };
    let throttle_code = if req.json {
        "ThrottlingException"
    } else {
        "Throttling"
    };
    let expired_code = if req.json {
        "ExpiredTokenException"
    } else {
        "ExpiredToken"
    };
    let answer = match fault {
        Fault::Pass => None,
        Fault::Throttle30 => {
            let n = s.n.fetch_add(1, Ordering::SeqCst);
            [0, 3, 6].contains(&(n % 10)).then(|| {
                record(false, Some("throttle"));
                error_response(&req, 400, throttle_code, "Rate exceeded")
            })
        }
        Fault::ThrottleAll => {
            record(false, Some("throttle"));
            Some(error_response(&req, 400, throttle_code, "Rate exceeded"))
        }
        Fault::Http500 => {
            record(false, Some("http500"));
            Some(error_response(
                &req,
                500,
                "InternalFailure",
                "injected by the fault proxy",
            ))
        }
        Fault::ExpiredToken => {
            record(false, Some("expired"));
            Some(error_response(
                &req,
                400,
                expired_code,
                "The security token included in the request is expired",
            ))
        }
        Fault::Reset => {
            record(false, Some("reset"));
            let _ = conn.shutdown(Shutdown::Both);
            return;
        }
        Fault::Latency(d) => {
            let guard = s.fault.lock().unwrap();
            let _unused = s
                .changed
                .wait_timeout_while(guard, d, |f| *f == fault)
                .unwrap();
            None
        }
        Fault::ResetAfterWrite => None,
    };
    if let Some(bytes) = answer {
        let _ = conn.write_all(&bytes);
        let _ = conn.shutdown(Shutdown::Both);
        return;
    }
    let strike = fault == Fault::ResetAfterWrite && WRITES.contains(&req.op.as_str()) && {
        let mut f = s.fault.lock().unwrap();
        let mine = *f == Fault::ResetAfterWrite;
        if mine {
            *f = Fault::Pass;
        }
        mine
    };
    let page_size = s.page_size.load(Ordering::SeqCst) as usize;
    let response = match LIST_KEYS.iter().find(|(op, _)| *op == req.op) {
        Some((_, key)) if page_size > 0 && req.json => paged(s.upstream, &req, key, page_size),
        _ => forward(s.upstream, &req),
    };
    let injected = match fault {
        _ if strike => Some("reset-after-write"),
        Fault::Latency(_) => Some("latency"),
        _ => None,
    };
    record(true, injected);
    if let (false, Ok(bytes)) = (strike, response) {
        let _ = conn.write_all(&bytes);
    }
    let _ = conn.shutdown(Shutdown::Both);
}

/// ECS list operations and the array their answer carries.
const LIST_KEYS: &[(&str, &str)] = &[
    ("ListServices", "serviceArns"),
    ("ListTasks", "taskArns"),
    ("ListClusters", "clusterArns"),
    ("ListTaskDefinitions", "taskDefinitionArns"),
];

/// Token prefix of the proxy's own pages.
const PAGE_TOKEN: &str = "fault-proxy-page:";

/// Forwards a list call without its paging fields and answers one page of
/// `size` items from the offset its `nextToken` names, with the next token.
fn paged(upstream: u16, req: &Request, key: &str, size: usize) -> std::io::Result<Vec<u8>> {
    let mut body: serde_json::Value = serde_json::from_slice(&req.body).unwrap_or_default();
    let offset = body
        .get("nextToken")
        .and_then(|t| t.as_str())
        .and_then(|t| t.strip_prefix(PAGE_TOKEN))
        .and_then(|n| n.parse::<usize>().ok())
        .unwrap_or(0);
    if let Some(o) = body.as_object_mut() {
        o.remove("nextToken");
        o.remove("maxResults");
    }
    let new_body = serde_json::to_vec(&body).unwrap();
    let full = forward(
        upstream,
        &Request {
            head: with_length(&req.head, new_body.len()),
            body: new_body,
            op: req.op.clone(),
            json: true,
        },
    )?;
    let Some(end) = find(&full, b"\r\n\r\n") else {
        return Ok(full);
    };
    let head = String::from_utf8_lossy(&full[..end + 4]).to_string();
    assert!(
        !head
            .to_ascii_lowercase()
            .contains("transfer-encoding: chunked"),
        "the paging proxy expects a Content-Length answer: {head}"
    );
    let mut answer: serde_json::Value = match serde_json::from_slice(&full[end + 4..]) {
        Ok(v) => v,
        Err(_) => return Ok(full),
    };
    let Some(items) = answer.get(key).and_then(|v| v.as_array()).cloned() else {
        return Ok(full);
    };
    let page: Vec<serde_json::Value> = items.iter().skip(offset).take(size).cloned().collect();
    answer[key] = serde_json::Value::Array(page);
    match answer.as_object_mut() {
        Some(o) if offset + size < items.len() => {
            o.insert(
                "nextToken".into(),
                format!("{PAGE_TOKEN}{}", offset + size).into(),
            );
        }
        Some(o) => {
            o.remove("nextToken");
        }
        None => {}
    }
    let body = serde_json::to_vec(&answer).unwrap();
    let mut out = with_length(&head, body.len()).into_bytes();
    out.extend_from_slice(&body);
    Ok(out)
}

/// `head` with its Content-Length set to `len`.
fn with_length(head: &str, len: usize) -> String {
    let mut out = String::new();
    for line in head.split("\r\n").filter(|l| !l.is_empty()) {
        let name = line.split(':').next().unwrap_or_default().trim();
        if name.eq_ignore_ascii_case("content-length") {
            continue;
        }
        out.push_str(line);
        out.push_str("\r\n");
    }
    out.push_str(&format!("Content-Length: {len}\r\n\r\n"));
    out
}
