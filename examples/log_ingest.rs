//! Whole-process log figures for docs/performance.md: pushes 1,000,000
//! generated CloudWatch-shaped lines (benches/common/log_lines.rs) through a default
//! log view, as the live tail does, and prints the ingest rate and the
//! process's resident memory (VmRSS / VmHWM from /proc/self/status).
//!
//! `cargo run --release --example log_ingest [LINES]`

// Prints measured figures (no text from AWS): println! is fine here.
#![allow(clippy::disallowed_macros)]

use std::time::Instant;

use ecsdeck::state::log_view::LogView;

#[path = "../benches/common/log_lines.rs"]
mod log_lines;

fn status_kb(field: &str) -> Option<u64> {
    let text = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = text.lines().find(|l| l.starts_with(field))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

fn main() {
    let total: usize = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(1_000_000);
    let rss_before = status_kb("VmRSS:").unwrap_or(0);
    let mut view = LogView::default();
    let mut generating = std::time::Duration::ZERO;
    let started = Instant::now();
    let mut i = 0;
    while i < total {
        let n = 10_000.min(total - i);
        let g = Instant::now();
        let batch = log_lines::batch(i, n);
        generating += g.elapsed();
        view.push_lines(&batch, false);
        i += n;
    }
    let ingest = started.elapsed().saturating_sub(generating);
    let rate = total as f64 / ingest.as_secs_f64().max(1e-9);
    println!(
        "log_ingest: {total} lines ingested in {:.2?} (excluding generation): {rate:.0} lines/s; \
         buffered {}, dropped {}",
        ingest,
        view.len(),
        view.dropped()
    );
    println!(
        "log_ingest: VmRSS before {:.1} MB, after {:.1} MB, peak (VmHWM) {:.1} MB; buffer approx {:.1} MB",
        rss_before as f64 / 1024.0,
        status_kb("VmRSS:").unwrap_or(0) as f64 / 1024.0,
        status_kb("VmHWM:").unwrap_or(0) as f64 / 1024.0,
        view.approx_memory_bytes() as f64 / 1_048_576.0
    );
}
