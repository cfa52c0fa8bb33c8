//! Deterministic container logs: lines are a pure function of (seed, task,
//! container, second), so the same window always yields the same events and
//! ids. Includes access logs, JSON app logs, error bursts of failing
//! revisions, crash lines, and hostile lines (terminal escapes, controls,
//! very long lines) that a log viewer must neutralise.

use chrono::{DateTime, Duration};

use super::ids;
use super::world::{Kind, World};
use crate::model::{LogLine, Time};
use crate::source::{ErrorKind, LogPage, LogQuery, SourceError};

/// Events per page.
pub(crate) const PAGE_SIZE: usize = 100;
/// How far back logs are generated.
pub(crate) const MAX_LOOKBACK_S: i64 = 3 * 3600;

/// One log stream (one container of one task).
#[derive(Debug, Clone)]
struct Stream {
    name: String,
    hash: u64,
    app: bool,
    kind: Kind,
    bad: bool,
    service: String,
    version: String,
    start: i64,
    end: i64,
    crash: Option<bool>,
}

/// Lines of one stream at second `s`.
fn lines_at(seed: u64, st: &Stream, s: i64) -> Vec<String> {
    let h = ids::mix(seed ^ st.hash ^ ids::mix(s as u64));
    let mut out = Vec::new();
    if !st.app {
        if h.is_multiple_of(15) {
            out.push(format!(
                "{} UTC | CORE | INFO | (pkg/collector/worker/check_logger.go:71 in CheckStarted) | check:container | Running check...",
                fmt_time(s)
            ));
        }
        return out;
    }
    if let Some(oom) = st.crash
        && s == st.end
    {
        if oom {
            out.push(
                r#"{"level":"warn","msg":"heap usage at 97% of container memory limit"}"#.into(),
            );
            out.push("fatal: out of memory".into());
        } else {
            out.push(
                "panic: runtime error: invalid memory address or nil pointer dereference".into(),
            );
            out.push(
                "[signal SIGSEGV: segmentation violation code=0x1 addr=0x0 pc=0x4a2b1c]".into(),
            );
        }
        return out;
    }
    if s == st.start {
        out.push(format!("Starting {} {} (pid 1)", st.service, st.version));
        return out;
    }
    if s == st.start + 1 {
        out.push(format!(
            r#"{{"level":"info","msg":"listening","port":8080,"service":"{}","version":"{}"}}"#,
            st.service, st.version
        ));
        return out;
    }
    if h % 701 == 7 {
        out.push(hostile((h >> 20) % 8, h));
        return out;
    }
    let ip = format!("10.0.{}.{}", 1 + (h >> 8) % 96, 4 + (h >> 16) % 250);
    if st.bad {
        out.push(format!(
            r#"{{"level":"error","msg":"database connection failed","error":"dial tcp 10.0.40.17:5432: connect: connection refused","attempt":{}}}"#,
            1 + h % 5
        ));
        if h.is_multiple_of(3) {
            out.push("Error: connect ECONNREFUSED 10.0.40.17:5432".into());
            out.push(
                "    at TCPConnectWrap.afterConnect [as oncomplete] (node:net:1555:16)".into(),
            );
            out.push("    at Pool.connect (/app/node_modules/pg-pool/index.js:45:11)".into());
        }
        if s % 10 == 0 && st.kind == Kind::Web {
            out.push(format!(r#"{ip} - - "GET /health HTTP/1.1" 503 19 0.002"#));
        }
        return out;
    }
    match st.kind {
        Kind::Web => {
            const PATHS: [&str; 6] = [
                "/orders/123",
                "/api/v1/products?page=2",
                "/cart",
                "/orders",
                "/users/me",
                "/api/v1/search?q=shoes",
            ];
            for k in 0..(h % 4) {
                let x = ids::mix(h ^ k);
                let path = PATHS[(x % 6) as usize];
                let method = if path == "/orders" { "POST" } else { "GET" };
                let status = match x % 200 {
                    0 => 500,
                    1..=3 => 404,
                    4 => 302,
                    _ => 200,
                };
                out.push(format!(
                    r#"{ip} - - "{method} {path} HTTP/1.1" {status} {} {:.3}"#,
                    200 + (x >> 8) % 4000,
                    0.002 + ((x >> 20) % 300) as f64 / 1000.0
                ));
            }
            if s % 10 == 0 {
                out.push(format!(
                    r#"10.0.{}.{} - - "GET /health HTTP/1.1" 200 2 0.001"#,
                    1 + st.hash % 3 * 32,
                    10 + st.hash % 40
                ));
            }
            if h % 7 == 1 {
                out.push(format!(
                    r#"{{"level":"info","msg":"order created","order_id":"ord_{:08x}","duration_ms":{}}}"#,
                    h >> 32,
                    5 + h % 120
                ));
            }
            if h % 97 == 3 {
                out.push(
                    r#"{"level":"warn","msg":"slow query","table":"orders","duration_ms":1840}"#
                        .into(),
                );
            }
        }
        Kind::Worker => {
            if !h.is_multiple_of(3) {
                out.push(format!(
                    r#"{{"level":"info","msg":"processed message","queue":"orders-events","message_id":"{:08x}-{:04x}","duration_ms":{},"attempts":1}}"#,
                    h >> 32,
                    h & 0xffff,
                    3 + h % 400
                ));
            }
            if h % 211 == 5 {
                out.push(r#"{"level":"error","msg":"message processing failed, will retry","queue":"orders-events","error":"context deadline exceeded"}"#.into());
            }
        }
    }
    out
}

/// A line crafted to attack a terminal: the simulator must produce these.
fn hostile(variant: u64, h: u64) -> String {
    match variant {
        0 => "\x1b[31;1mERROR\x1b[0m payment declined \x1b[5mblink\x1b[0m".into(),
        1 => "user-agent: \x1b]0;pwned\x07 title change attempt".into(),
        2 => "clipboard: \x1b]52;c;cm0gLXJmIH4vKg==\x07 copy attempt".into(),
        3 => "progress \x1b[2J\x1b[H\x1b[10;20Hcursor moved\x1b[K".into(),
        4 => "control chars: NUL=\0 BEL=\x07 BS=\x08 VT=\x0b FF=\x0c DEL=\x7f C1=\u{9b}31m CSI8"
            .into(),
        5 => format!(
            "request body too large: {}",
            "A".repeat(17 * 1024 + (h % 512) as usize)
        ),
        6 => "invalid utf-8 replaced: \u{fffd}\u{fffd} bidi \u{202e}evil\u{202c} zero\u{200b}width"
            .into(),
        _ => "multi\rline\x1b[1A overwrite \x1bc reset \x1b[?1049h alt screen".into(),
    }
}

fn fmt_time(s: i64) -> String {
    DateTime::from_timestamp(s, 0)
        .map(|t| t.format("%Y-%m-%d %H:%M:%S").to_string())
        .unwrap_or_default()
}

/// A parsed CloudWatch filter pattern: terms that must all appear, terms that must not.
#[derive(Debug, Default, PartialEq)]
pub(crate) struct Filter {
    include: Vec<String>,
    exclude: Vec<String>,
}

impl Filter {
    /// Parses plain terms, `"quoted phrases"` and `-excluded` terms. For JSON
    /// (`{ ... }`) or space-delimited (`[ ... ]`) patterns, the quoted values
    /// must appear.
    pub(crate) fn parse(pattern: &str) -> Self {
        let p = pattern.trim();
        let mut f = Filter::default();
        let structured = p.starts_with('{') || p.starts_with('[');
        let chars = p.chars();
        let mut cur = String::new();
        let mut quoted = false;
        let mut in_quote = false;
        let push = |cur: &mut String, quoted: bool, f: &mut Filter| {
            if cur.is_empty() {
                return;
            }
            let term = std::mem::take(cur);
            if structured && !quoted {
                return;
            }
            match term.strip_prefix('-') {
                Some(rest) if !quoted && !rest.is_empty() => f.exclude.push(rest.to_string()),
                _ => f.include.push(term),
            }
        };
        for c in chars {
            match c {
                '"' if in_quote => {
                    in_quote = false;
                    push(&mut cur, true, &mut f);
                    quoted = false;
                }
                '"' => {
                    push(&mut cur, quoted, &mut f);
                    in_quote = true;
                    quoted = true;
                }
                c if c.is_whitespace() && !in_quote => {
                    push(&mut cur, quoted, &mut f);
                    quoted = false;
                }
                c => cur.push(c),
            }
        }
        push(&mut cur, quoted, &mut f);
        f
    }

    /// Whether a message matches.
    pub(crate) fn matches(&self, msg: &str) -> bool {
        self.include.iter().all(|t| msg.contains(t.as_str()))
            && !self.exclude.iter().any(|t| msg.contains(t.as_str()))
    }
}

fn bad_token() -> SourceError {
    SourceError::new(
        ErrorKind::InvalidInput,
        "logs:FilterLogEvents",
        "InvalidParameterException: The specified nextToken is invalid.",
    )
}

/// One page of events for `q`.
pub(crate) fn query(w: &World, q: &LogQuery) -> Result<LogPage, SourceError> {
    let now_s = w.now.timestamp();
    let (end, mut cursor, mut skip) = match &q.next_token {
        Some(tok) => {
            let parts: Vec<&str> = tok.split(':').collect();
            let [_, e, c, k] = parts.as_slice() else {
                return Err(bad_token());
            };
            let (Ok(e), Ok(c), Ok(k)) = (e.parse::<i64>(), c.parse::<i64>(), k.parse::<usize>())
            else {
                return Err(bad_token());
            };
            (e, c, k)
        }
        None => {
            let end = q.end.map_or(now_s, |e| e.timestamp()).min(now_s);
            let start = q.start.timestamp().max(now_s - MAX_LOOKBACK_S);
            (end, start, 0)
        }
    };
    let mut streams = streams_of(w, q);
    streams.sort_by(|a, b| a.name.cmp(&b.name));
    let first = streams.iter().map(|s| s.start).min().unwrap_or(end);
    let last = streams.iter().map(|s| s.end).max().unwrap_or(end);
    cursor = cursor.max(first);
    let stop = end.min(last + 1);
    let filter = Filter::parse(&q.filter_pattern);
    let mut page = LogPage::default();
    while cursor < stop {
        let mut second: Vec<(i64, usize, usize, String)> = Vec::new();
        for (k, st) in streams.iter().enumerate() {
            if cursor < st.start || cursor > st.end {
                continue;
            }
            for (idx, msg) in lines_at(w.seed, st, cursor).into_iter().enumerate() {
                if filter.matches(&msg) {
                    let ms = (ids::mix(st.hash ^ cursor as u64 ^ idx as u64) % 997) as i64;
                    second.push((ms, k, idx, msg));
                }
            }
        }
        second.sort_by_key(|a| (a.0, a.1, a.2));
        let mut taken = 0;
        for (ms, k, idx, msg) in second {
            taken += 1;
            if skip > 0 {
                skip -= 1;
                continue;
            }
            let Some(st) = streams.get(k) else { continue };
            let timestamp: Time = DateTime::from_timestamp(cursor, 0).unwrap_or_default()
                + Duration::milliseconds(ms);
            page.lines.push(LogLine {
                event_id: format!("{:020}{:016x}{:02}", cursor, st.hash, idx),
                timestamp: Some(timestamp),
                stream: st.name.clone(),
                message: msg,
            });
            if page.lines.len() == PAGE_SIZE {
                page.next_token = Some(format!("v1:{end}:{cursor}:{taken}"));
                return Ok(page);
            }
        }
        skip = 0;
        cursor += 1;
    }
    Ok(page)
}

/// The streams of `q`'s group (optionally restricted to named streams).
fn streams_of(w: &World, q: &LogQuery) -> Vec<Stream> {
    let now_s = w.now.timestamp();
    let mut out = Vec::new();
    for t in w.tasks.values() {
        let Some(start) = t.containers_started_at else {
            continue;
        };
        let Some(svc) = w.services.get(t.service) else {
            continue;
        };
        for (ci, c) in t.task.containers.iter().enumerate() {
            let Some(log) = &c.log else { continue };
            if log.group != q.target.group {
                continue;
            }
            let name = log.stream_for(&c.name, &t.task.id);
            if !q.target.streams.is_empty() && !q.target.streams.contains(&name) {
                continue;
            }
            let app = ci == 0;
            let crash = if app && t.task.stop_code.as_deref() == Some("EssentialContainerExited") {
                Some(t.crash_oom)
            } else {
                None
            };
            out.push(Stream {
                hash: ids::hash_str(&name),
                name,
                app,
                kind: svc.kind,
                bad: t.bad,
                service: svc.svc.name.clone(),
                version: c.image.rsplit(':').next().unwrap_or("latest").to_string(),
                start: start.timestamp(),
                end: t.containers_stopped_at.map_or(now_s, |e| e.timestamp()),
                crash,
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn filter_terms_phrases_and_exclusions() {
        let f = Filter::parse(r#"GET "HTTP/1.1\" 500" -health"#);
        assert!(!f.matches("GET /health HTTP/1.1\" 500"));
        let f = Filter::parse("ERROR -debug");
        assert!(f.matches("an ERROR here"));
        assert!(!f.matches("an ERROR debug"));
        assert!(!f.matches("error lower case"));
        let f = Filter::parse(r#"{ $.level = "error" }"#);
        assert!(f.matches(r#"{"level":"error"}"#));
        assert!(!f.matches(r#"{"level":"info"}"#));
        assert!(Filter::parse("").matches("anything"));
    }

    #[test]
    fn hostile_variants_carry_escapes_or_are_huge() {
        for v in 0..8 {
            let l = hostile(v, 1);
            assert!(l.chars().any(|c| c.is_control() || c == '\u{fffd}') || l.len() > 16 * 1024);
        }
    }
}
