//! One buffered log entry, and the text tests behind search and error jumps.

use std::sync::Arc;

use crate::logs::sanitize::{SanitizedLine, sanitize_str};
use crate::model::Time;

/// One buffered, sanitised log entry.
#[derive(Debug, Clone)]
pub struct LogEntry {
    /// Event time; `None` when the source gave none.
    pub(crate) timestamp: Option<Time>,
    /// Source label: short task id and container, e.g. `a1b2c3 app`.
    pub(crate) label: Arc<str>,
    /// Per-task colour index into the theme's label palette.
    pub(crate) color: u8,
    /// The sanitised message.
    pub line: SanitizedLine,
    /// Lowercase copy of the text when it differs (same byte offsets).
    lower: Option<Box<str>>,
    /// Whether the line looks like an error (see [`looks_like_error`]).
    pub(crate) is_error: bool,
}

impl LogEntry {
    /// Builds an entry with an explicit label and colour.
    pub(crate) fn new(timestamp: Option<Time>, label: Arc<str>, color: u8, message: &str) -> Self {
        let line = sanitize_str(message);
        let lowered = lowercase_same_len(line.text());
        let is_error = looks_like_error(&lowered);
        let lower = (lowered != line.text()).then(|| lowered.into_boxed_str());
        Self {
            timestamp,
            label,
            color,
            line,
            lower,
            is_error,
        }
    }

    /// The lowercase text used for search (same byte offsets as the text).
    pub(crate) fn lower(&self) -> &str {
        self.lower.as_deref().unwrap_or(self.line.text())
    }

    pub(super) fn matches(&self, needle: &str) -> bool {
        !needle.is_empty() && self.lower().contains(needle)
    }

    /// Approximate heap bytes of this entry (the label is shared).
    pub(crate) fn heap_bytes(&self) -> usize {
        self.line.heap_bytes() + self.lower.as_ref().map_or(0, |l| l.len())
    }
}

/// Lowercases char by char, keeping a char as is when its lowercase form has
/// another length, so byte offsets in the copy are valid in the original.
pub(crate) fn lowercase_same_len(s: &str) -> String {
    if s.is_ascii() {
        return s.to_ascii_lowercase();
    }
    s.chars()
        .map(|c| {
            let mut lower = c.to_lowercase();
            match (lower.next(), lower.next()) {
                (Some(l), None) if l.len_utf8() == c.len_utf8() => l,
                _ => c,
            }
        })
        .collect()
}

/// Whether a lowercased line looks like an error: `error`, `fatal`, `panic`,
/// `exception`, or an HTTP 5xx status (a 5xx number after `status`, `code`,
/// `http` or a closing quote, as in access logs).
pub(crate) fn looks_like_error(lower: &str) -> bool {
    if ["error", "fatal", "panic", "exception"]
        .iter()
        .any(|w| lower.contains(w))
    {
        return true;
    }
    let b = lower.as_bytes();
    let mut i = 0;
    while i + 3 <= b.len() {
        let token = b[i] == b'5' && b[i + 1].is_ascii_digit() && b[i + 2].is_ascii_digit();
        let bounded = (i == 0 || !b[i - 1].is_ascii_digit())
            && (i + 3 == b.len() || !b[i + 3].is_ascii_digit());
        if token && bounded {
            let before = &b[i.saturating_sub(14)..i];
            let has = |w: &[u8]| before.windows(w.len()).any(|x| x == w);
            if has(b"status") || has(b"code") || has(b"http") || before.ends_with(b"\" ") {
                return true;
            }
        }
        i += 1;
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lowercase_keeps_offsets() {
        let s = "İstanbul ÀB";
        let l = lowercase_same_len(s);
        assert_eq!(l.len(), s.len());
        assert!(l.ends_with("àb"));
    }

    #[test]
    fn error_detection() {
        for yes in [
            "error: boom",
            "panic at main.rs",
            "java.lang.nullpointerexception",
            "status=503",
            "\"get / http/1.1\" 502 12",
            "http 500 internal",
            "fatal",
        ] {
            assert!(looks_like_error(yes), "{yes}");
        }
        for no in ["took 512 ms", "ok status=200", "id 5000", "info: ready"] {
            assert!(!looks_like_error(no), "{no}");
        }
    }
}
