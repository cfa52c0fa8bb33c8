//! Reads the newest records of a JSON-lines file (the audit log, the chaos
//! log) with bounded memory: only the last `max_bytes` are read, seeking from
//! the end, and lines that are not a record (invalid UTF-8, bad JSON, a record
//! of another shape) are skipped and counted instead of failing the read.

use std::fs::File;
use std::io::{self, Read, Seek, SeekFrom};
use std::path::Path;

use serde::de::DeserializeOwned;

/// How much of a file the views read: the newest few MB.
pub(crate) const DEFAULT_MAX_BYTES: u64 = 4 * 1024 * 1024;

/// The newest records of a file.
#[derive(Debug, Clone, PartialEq)]
pub struct Tail<T> {
    /// Records, newest first.
    pub records: Vec<T>,
    /// Lines looked at that were not a record.
    pub(crate) skipped: usize,
    /// Bytes read from the file.
    pub(crate) bytes_read: u64,
}

impl<T> Default for Tail<T> {
    fn default() -> Self {
        Self {
            records: Vec::new(),
            skipped: 0,
            bytes_read: 0,
        }
    }
}

/// The newest `limit` records among the last `max_bytes` of `path` (newest
/// first). A missing file has no records. A line cut by the start of the
/// window is dropped, not counted as skipped.
pub(crate) fn read_tail<T: DeserializeOwned>(
    path: &Path,
    limit: usize,
    max_bytes: u64,
) -> io::Result<Tail<T>> {
    let mut file = match File::open(path) {
        Ok(f) => f,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(Tail::default()),
        Err(e) => return Err(e),
    };
    let len = file.metadata()?.len();
    let start = len.saturating_sub(max_bytes);
    file.seek(SeekFrom::Start(start))?;
    let mut window = Vec::new();
    file.take(max_bytes).read_to_end(&mut window)?;
    let bytes_read = window.len() as u64;
    let mut body: &[u8] = &window;
    if start > 0 {
        // The window may begin inside a line: keep only whole lines.
        let whole = body
            .iter()
            .position(|&b| b == b'\n')
            .map_or(body.len(), |i| i + 1);
        body = &body[whole..];
    }
    let mut tail = Tail {
        bytes_read,
        ..Tail::default()
    };
    for line in body.rsplit(|&b| b == b'\n') {
        if tail.records.len() >= limit {
            break;
        }
        if line.iter().all(u8::is_ascii_whitespace) {
            continue;
        }
        match serde_json::from_slice(line) {
            Ok(record) => tail.records.push(record),
            Err(_) => tail.skipped += 1,
        }
    }
    Ok(tail)
}

/// ` · 2 malformed lines skipped` for a view's title, or nothing when none was.
pub(crate) fn skipped_note(skipped: usize) -> String {
    match skipped {
        0 => String::new(),
        1 => " · 1 malformed line skipped".to_string(),
        n => format!(" · {n} malformed lines skipped"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    #[derive(Debug, PartialEq, serde::Deserialize)]
    struct Rec {
        n: u64,
    }

    fn scratch(name: &str) -> std::path::PathBuf {
        std::env::temp_dir().join(format!("ecsdeck-jsonl-{name}-{}.jsonl", std::process::id()))
    }

    #[test]
    fn malformed_lines_are_skipped_and_counted() {
        let path = scratch("malformed");
        let mut bytes = Vec::new();
        bytes.extend_from_slice(b"{\"n\":1}\n");
        bytes.extend_from_slice(b"{\"n\":\"caf\xe9\xff\"}\n"); // invalid UTF-8
        bytes.extend_from_slice(b"{\"n\":2}\n");
        bytes.extend_from_slice(b"{\"n\": 3,\n"); // bad JSON
        bytes.extend_from_slice(b"\n");
        bytes.extend_from_slice(b"{\"other\":true}\n"); // another shape
        bytes.extend_from_slice(b"{\"n\":4}\n");
        std::fs::write(&path, &bytes).unwrap();
        let tail: Tail<Rec> = read_tail(&path, 100, DEFAULT_MAX_BYTES).unwrap();
        assert_eq!(
            tail.records,
            vec![Rec { n: 4 }, Rec { n: 2 }, Rec { n: 1 }],
            "newest first, the good ones kept"
        );
        assert_eq!(tail.skipped, 3);
        assert_eq!(tail.bytes_read, bytes.len() as u64);
        assert_eq!(skipped_note(tail.skipped), " · 3 malformed lines skipped");
        let _ = std::fs::remove_file(path);
    }

    #[test]
    fn a_large_file_is_read_from_the_end_only() {
        let path = scratch("large");
        let mut f = std::fs::File::create(&path).unwrap();
        let mut total = 0u64;
        let mut n = 0u64;
        while total < 20 * 1024 * 1024 {
            let line = format!("{{\"n\":{n},\"pad\":\"{}\"}}\n", "x".repeat(200));
            f.write_all(line.as_bytes()).unwrap();
            total += line.len() as u64;
            n += 1;
        }
        drop(f);
        let max = 1024 * 1024;
        let tail: Tail<Rec> = read_tail(&path, 1000, max).unwrap();
        assert_eq!(tail.bytes_read, max, "only the window is read");
        assert_eq!(tail.records.len(), 1000);
        assert_eq!(tail.records[0], Rec { n: n - 1 }, "the newest record first");
        assert_eq!(tail.records[999], Rec { n: n - 1000 });
        assert_eq!(tail.skipped, 0, "the cut line is not counted");

        // A window smaller than the limit keeps the whole lines it holds.
        let small: Tail<Rec> = read_tail(&path, 1000, 10 * 1024).unwrap();
        assert!(small.records.len() < 1000 && !small.records.is_empty());
        assert_eq!(small.records[0], Rec { n: n - 1 });
        assert_eq!(small.skipped, 0);
        let _ = std::fs::remove_file(path);
    }

    #[test]
    fn a_missing_file_has_no_records() {
        let tail: Tail<Rec> = read_tail(Path::new("/nonexistent/ecsdeck.jsonl"), 10, 100).unwrap();
        assert_eq!(tail, Tail::default());
    }
}
