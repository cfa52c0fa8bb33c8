//! Memory bound: a million lines through a default view keep the buffer small.

// Prints measured figures (no text from AWS): println! is fine here.
#![allow(clippy::disallowed_macros)]

use chrono::{TimeZone, Utc};
use ecsdeck::logs::ring::DEFAULT_CAPACITY;
use ecsdeck::logs::view::LogView;
use ecsdeck::model::LogLine;

/// Pushes `total` generated lines (in batches of 10,000) into a default view
/// and checks the bound; returns the approximate bytes held.
fn ingest(total: usize) -> usize {
    let mut view = LogView::default();
    for chunk in 0..total / 10_000 {
        let lines: Vec<LogLine> = (0..10_000usize)
            .map(|k| {
                let i = chunk * 10_000 + k;
                LogLine {
                    event_id: i.to_string(),
                    timestamp: Utc
                        .timestamp_millis_opt(1_700_000_000_000 + i as i64)
                        .single()
                        .unwrap(),
                    stream: format!("ecs/app/task{:04}", i % 8),
                    message: format!(
                        "{{\"level\":\"info\",\"msg\":\"handled request\",\"path\":\"/api/orders/{i}\",\"status\":200,\"duration_ms\":{},\"request_id\":\"{:016x}\"}}",
                        i % 97,
                        i * 7919
                    ),
                }
            })
            .collect();
        view.push_lines(&lines, false);
    }
    let bytes = view.approx_memory_bytes();
    println!(
        "{total} lines: {} buffered, {} dropped, approx {:.1} MB",
        view.len(),
        view.dropped(),
        bytes as f64 / 1_048_576.0
    );
    assert_eq!(view.len(), DEFAULT_CAPACITY);
    assert_eq!(view.dropped(), (total - DEFAULT_CAPACITY) as u64);
    assert!(bytes < 100 * 1024 * 1024, "{bytes} bytes");
    bytes
}

/// Once the ring is full, memory no longer grows: 120,000 lines (the ring
/// full and evicting for 70,000 of them) hold what a million would.
#[test]
fn memory_is_flat_once_the_ring_is_full() {
    let a = ingest(60_000);
    let b = ingest(120_000);
    // Same number of entries of the same shape: within a few percent.
    assert!(b <= a + a / 20, "{a} -> {b}");
}

/// The full million: about 40 s in a debug build on 2 cores, a few seconds in release
/// (`cargo test --release --test logs_memory -- --nocapture` prints the figures).
#[test]
fn a_million_lines_stay_under_100_mb() {
    ingest(1_000_000);
}
