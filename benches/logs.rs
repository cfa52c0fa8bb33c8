//! Log pipeline benchmarks: ingest (sanitise + merge + ring push) throughput
//! and the render of a full 120x40 frame with 50,000 lines buffered.
//!
//! Before the benchmarks it ingests 1,000,000 lines into a default view and
//! prints the buffer's approximate memory.

// Prints measured figures (no text from AWS): println! is fine here.
#![allow(clippy::disallowed_macros)]

use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group};
use ecsdeck::logs::sanitize::sanitize_str;
use ecsdeck::state::log_view::LogView;
use ecsdeck::theme::Theme;
use ecsdeck::ui::render_log;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;

#[path = "common/log_lines.rs"]
mod log_lines;
use log_lines::batch;

fn report_memory() {
    let mut view = LogView::default();
    let started = std::time::Instant::now();
    for chunk in 0..100 {
        view.push_lines(&batch(chunk * 10_000, 10_000), false);
    }
    let elapsed = started.elapsed();
    println!(
        "memory: ingested {} lines in {:.2?} ({:.0} lines/s); buffered {}, dropped {}, approx {:.1} MB",
        view.received(),
        elapsed,
        view.received() as f64 / elapsed.as_secs_f64(),
        view.len(),
        view.dropped(),
        view.approx_memory_bytes() as f64 / 1_048_576.0
    );
}

fn ingest(c: &mut Criterion) {
    let mut g = c.benchmark_group("ingest");
    let lines = batch(0, 10_000);
    g.throughput(Throughput::Elements(lines.len() as u64));
    g.bench_function("sanitize_10k", |b| {
        b.iter(|| {
            for l in &lines {
                black_box(sanitize_str(&l.message));
            }
        })
    });
    let mut view = LogView::default();
    for chunk in 0..5 {
        view.push_lines(&batch(chunk * 10_000, 10_000), false);
    }
    // Fresh, newer lines each iteration (the normal in-order path), so the
    // merge never has to walk back; the view is full and evicts throughout.
    let mut next = 50_000;
    g.bench_function("push_10k_into_full_50k_view", |b| {
        b.iter_batched(
            || {
                next += 10_000;
                batch(next, 10_000)
            },
            |fresh| view.push_lines(black_box(&fresh), false),
            criterion::BatchSize::LargeInput,
        )
    });
    // Worst case: every line is older than the whole merge window.
    g.bench_function("push_10k_late_lines_into_full_50k_view", |b| {
        b.iter(|| view.push_lines(black_box(&lines), false))
    });
    g.finish();
}

fn frame(c: &mut Criterion) {
    let mut view = LogView::default();
    for chunk in 0..5 {
        view.push_lines(&batch(chunk * 10_000, 10_000), false);
    }
    let area = Rect::new(0, 0, 120, 40);
    let theme = Theme::colored();
    let mut g = c.benchmark_group("render");
    g.bench_function("frame_120x40_50k_following", |b| {
        let mut buf = Buffer::empty(area);
        b.iter(|| render_log(black_box(&view), area, &mut buf, &theme))
    });
    view.set_search("orders");
    view.toggle_wrap();
    view.scroll_to_top();
    view.next_match();
    g.bench_function("frame_120x40_50k_paused_search_wrap", |b| {
        let mut buf = Buffer::empty(area);
        b.iter(|| render_log(black_box(&view), area, &mut buf, &theme))
    });
    g.finish();
}

criterion_group!(benches, ingest, frame);

fn main() {
    report_memory();
    benches();
    criterion::Criterion::default()
        .configure_from_args()
        .final_summary();
}
