//! Memory bound: a million lines through a default view keep the buffer small.
//!
//! Measured, not estimated: this test binary's global allocator counts the
//! bytes each thread holds, so the figure is what the view really allocated
//! (each test runs on its own thread and the view never leaves it).

// Prints measured figures (no text from AWS): println! is fine here.
#![allow(clippy::disallowed_macros)]

use chrono::{TimeZone, Utc};
use ecsdeck::logs::ring::DEFAULT_CAPACITY;
use ecsdeck::model::LogLine;
use ecsdeck::state::log_view::LogView;
use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;

/// The system allocator, counting the bytes live on each thread.
struct Counting;

thread_local! {
    /// Bytes allocated minus bytes freed by this thread (no destructor, so
    /// using it inside the allocator allocates nothing).
    static LIVE: Cell<i64> = const { Cell::new(0) };
}

fn count(delta: i64) {
    // `try_with`: the thread may be tearing down its locals.
    let _ = LIVE.try_with(|c| c.set(c.get() + delta));
}

fn size(n: usize) -> i64 {
    i64::try_from(n).unwrap_or(i64::MAX)
}

// SAFETY: every call is forwarded unchanged to `System`; only counters move.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        // SAFETY: same contract as the caller's.
        let p = unsafe { System.alloc(layout) };
        if !p.is_null() {
            count(size(layout.size()));
        }
        p
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        // SAFETY: same contract as the caller's.
        let p = unsafe { System.alloc_zeroed(layout) };
        if !p.is_null() {
            count(size(layout.size()));
        }
        p
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: same contract as the caller's.
        unsafe { System.dealloc(ptr, layout) };
        count(-size(layout.size()));
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // SAFETY: same contract as the caller's.
        let p = unsafe { System.realloc(ptr, layout, new_size) };
        if !p.is_null() {
            count(size(new_size) - size(layout.size()));
        }
        p
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

/// Bytes this thread holds now.
fn live() -> i64 {
    LIVE.with(Cell::get)
}

#[test]
fn the_counter_sees_real_allocations() {
    let before = live();
    let held = vec![0u8; 3 * 1024 * 1024];
    let during = live() - before;
    drop(held);
    assert!(during >= 3 * 1024 * 1024, "{during}");
    assert!(live() - before < 1024, "freed: {}", live() - before);
}

/// Pushes `total` generated lines (in batches of 10,000) into a default view
/// and checks the bound; returns the bytes the view holds, as allocated.
fn ingest(total: usize) -> usize {
    let before = live();
    let mut view = LogView::default();
    for chunk in 0..total / 10_000 {
        let lines: Vec<LogLine> = (0..10_000usize)
            .map(|k| {
                let i = chunk * 10_000 + k;
                LogLine {
                    event_id: i.to_string(),
                    timestamp: Utc
                        .timestamp_millis_opt(1_700_000_000_000 + i as i64)
                        .single(),
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
    // What the view holds, measured (the generated batches are freed by now).
    let bytes = usize::try_from(live() - before).unwrap_or(0);
    println!(
        "{total} lines: {} buffered, {} dropped, {:.1} MB allocated (own estimate {:.1} MB)",
        view.len(),
        view.dropped(),
        bytes as f64 / 1_048_576.0,
        view.approx_memory_bytes() as f64 / 1_048_576.0
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
