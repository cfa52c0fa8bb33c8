//! Calls per minute by cluster size, view and refresh interval on the
//! simulator's virtual clock, and the process's memory over 30 virtual
//! minutes of refreshing 2,000 services: the figures of docs/performance.md.
//!
//! Run: `cargo run --example call_budget`

// Prints measured figures and the simulator's operation names (no text from
// AWS): println! is fine here.
#![allow(clippy::disallowed_macros)]

#[path = "../tests/budget_support/mod.rs"]
mod budget_support;

use std::time::Duration;

use budget_support::{VirtualRun, total};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ecsdeck::app::update;
use ecsdeck::event::Event;

/// Services of the seed-7 scenario's `prod` cluster before the extra ones.
const SCENARIO: usize = 6;

fn main() {
    println!("| services | view | refresh | calls/min | by operation |");
    println!("|---:|---|---:|---:|---|");
    for size in [20usize, 200, 2000] {
        for (view, refresh) in [("services", 5), ("services", 2), ("service detail", 5)] {
            let mut run = VirtualRun::new(size - SCENARIO, 120, 40, Duration::from_secs(refresh));
            if view == "service detail" {
                let key = KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE);
                update(&mut run.state, Event::Key(key));
            }
            // The first minute holds the cold start; measure the next five.
            run.run_for(60);
            let calls = run.calls_over(300);
            let per_min = total(&calls) as f64 / 5.0;
            println!(
                "| {size} | {view} | {refresh} s | {per_min:.0} | {} |",
                by_operation(&calls)
            );
        }
    }
    // The faster sweep: every off-screen service within a minute at 2,000.
    let budget = ecsdeck::budget::BudgetConfig {
        sweep: ecsdeck::budget::Sweep {
            period_secs: 60,
            max_per_refresh: 170,
        },
        ..ecsdeck::budget::BudgetConfig::default()
    };
    let mut run = VirtualRun::with_budget(2000 - SCENARIO, 120, 40, Duration::from_secs(5), budget);
    run.run_for(60);
    let calls = run.calls_over(300);
    println!(
        "| 2000 | services, `sweep = {{ max_per_refresh = 170 }}` | 5 s | {:.0} | {} |",
        total(&calls) as f64 / 5.0,
        by_operation(&calls)
    );
    let mut run = VirtualRun::new(2000 - SCENARIO, 120, 40, Duration::from_secs(5));
    run.run_for(60);
    let first = rss_kib();
    run.run_for(30 * 60);
    let after = rss_kib();
    println!();
    println!("RSS after the first minute: {first} KiB; after 30 more virtual minutes: {after} KiB");
}

/// Calls per minute by operation over a five-minute count.
fn by_operation(calls: &std::collections::BTreeMap<String, u64>) -> String {
    let ops: Vec<String> = calls
        .iter()
        .map(|(op, n)| {
            let name = op.split(':').nth(1).unwrap_or(op);
            format!("{name} {:.0}", *n as f64 / 5.0)
        })
        .collect();
    ops.join(", ")
}

/// Resident set size of this process (Linux), in KiB.
fn rss_kib() -> u64 {
    let statm = std::fs::read_to_string("/proc/self/statm").unwrap_or_default();
    let pages: u64 = statm
        .split_whitespace()
        .nth(1)
        .and_then(|p| p.parse().ok())
        .unwrap_or(0);
    pages * 4
}
