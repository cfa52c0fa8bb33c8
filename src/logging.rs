//! `tracing` to a file in the state dir, never to the terminal the UI owns.
//!
//! The file never holds credentials or traffic: the SDK's own crates (the
//! smithy runtime, SigV4 signing, hyper, h2, rustls...) log request headers
//! (`Authorization`, `x-amz-security-token`), canonical requests and bodies at
//! debug and trace, so their targets are capped at `warn` whatever
//! `ECSDECK_LOG` asks for. ecsdeck's own events carry names, ids and errors,
//! which came from AWS: every line goes through the allow-list
//! ([`crate::text::sanitize_lines`]) on its way into the file.

use std::io::{self, Write};
use std::path::Path;
use std::sync::Mutex;

use tracing::Level;
use tracing_subscriber::EnvFilter;
use tracing_subscriber::filter::{FilterExt, filter_fn};
use tracing_subscriber::layer::SubscriberExt;
use tracing_subscriber::util::SubscriberInitExt;
use tracing_subscriber::{Layer, fmt};

/// The log file's name in the state dir.
pub const LOG_FILE: &str = "ecsdeck.log";

/// Crates whose debug and trace output holds wire data (headers, bodies,
/// signatures, credentials); any `aws_*` crate counts too.
const WIRE_CRATES: &[&str] = &["hyper", "hyper_util", "h2", "http", "rustls", "tower"];

/// Whether events of `target` may carry wire data.
fn is_wire(target: &str) -> bool {
    let krate = target.split("::").next().unwrap_or(target);
    krate.starts_with("aws_") || WIRE_CRATES.contains(&krate)
}

/// Whether an event or span of `target` at `level` may be written.
pub(crate) fn allowed(target: &str, level: &Level) -> bool {
    !is_wire(target) || *level <= Level::WARN
}

/// Sends tracing output to `$XDG_STATE_HOME/ecsdeck/ecsdeck.log` (level from `ECSDECK_LOG`, default `info`).
/// Failure to open the file leaves tracing off: logging must never stop the console.
pub fn init() {
    let Some(dir) = crate::paths::state_dir() else {
        return;
    };
    let directive = std::env::var("ECSDECK_LOG").ok();
    let _ = init_in(&dir, directive.as_deref());
}

/// Installs the global subscriber writing to `dir/ecsdeck.log` (dir created
/// 0700, file 0600) at `directive` (an `EnvFilter` string; `info` when absent
/// or invalid), with the wire crates capped at `warn`.
pub fn init_in(dir: &Path, directive: Option<&str>) -> std::io::Result<()> {
    let file = crate::state_files::open_append(&dir.join(LOG_FILE))?;
    let levels = directive
        .and_then(|d| EnvFilter::try_new(d).ok())
        .unwrap_or_else(|| EnvFilter::new("info"));
    let no_wire = filter_fn(|meta| allowed(meta.target(), meta.level()));
    tracing_subscriber::registry()
        .with(
            fmt::layer()
                .with_ansi(false)
                .with_writer(Mutex::new(Sanitizing(file)))
                .with_filter(levels.and(no_wire)),
        )
        .try_init()
        .map_err(std::io::Error::other)
}

/// A writer that lets only allowed characters (and line breaks) through.
/// tracing's formatter writes each event whole, so no character is split.
struct Sanitizing<W>(W);

impl<W: Write> Write for Sanitizing<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let text = String::from_utf8_lossy(buf);
        self.0
            .write_all(crate::text::sanitize_lines(&text).as_bytes())?;
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        self.0.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_log_file_gets_only_allowed_characters() {
        let mut out = Sanitizing(Vec::new());
        let line = "INFO sending service=\"api\u{1b}]0;TITLE\u{7}\u{202E}\u{9b}2J\"\n";
        out.write_all(line.as_bytes()).unwrap();
        let written = String::from_utf8(out.0).unwrap();
        assert_eq!(written, "INFO sending service=\"api]0;TITLE2J\"\n");
    }

    #[test]
    fn wire_crates_are_capped_at_warn() {
        for target in [
            "aws_smithy_runtime::client::orchestrator",
            "aws_sigv4::http_request::sign",
            "aws_config::profile",
            "hyper_util::client::legacy::connect::http",
            "h2::codec",
        ] {
            assert!(!allowed(target, &Level::TRACE), "{target}");
            assert!(!allowed(target, &Level::DEBUG), "{target}");
            assert!(allowed(target, &Level::WARN), "{target}");
        }
        assert!(allowed("ecsdeck::app::runtime", &Level::TRACE));
        assert!(allowed("log_secrets", &Level::TRACE));
    }
}
