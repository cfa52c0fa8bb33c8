//! Whole-process log figures for docs/performance.md: pushes 1,000,000
//! generated CloudWatch-shaped lines (some with ANSI colour) through a default
//! log view, as the live tail does, and prints the ingest rate and the
//! process's resident memory (VmRSS / VmHWM from /proc/self/status).
//!
//! `cargo run --release --example log_ingest [LINES]`

use std::time::Instant;

use chrono::{TimeZone, Utc};
use ecsdeck::logs::view::LogView;
use ecsdeck::model::LogLine;

fn line(i: usize) -> LogLine {
    let message = if i % 10 == 0 {
        format!(
            "\x1b[33mWARN\x1b[0m slow query took {}ms table=orders id={i}",
            i % 900
        )
    } else {
        format!(
            "{{\"level\":\"info\",\"msg\":\"handled request\",\"path\":\"/api/orders/{i}\",\"status\":200,\"duration_ms\":{},\"request_id\":\"{:016x}\"}}",
            i % 97,
            i * 7919
        )
    };
    LogLine {
        event_id: i.to_string(),
        timestamp: Utc
            .timestamp_millis_opt(1_700_000_000_000 + i as i64)
            .single()
            .unwrap_or_default(),
        stream: format!("ecs/app/{:012x}", i % 6),
        message,
    }
}

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
        let batch: Vec<LogLine> = (i..i + n).map(line).collect();
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
