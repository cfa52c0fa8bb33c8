//! Calls per minute by cluster size and view, on the simulator's virtual
//! clock: the figures of docs/performance.md.
//!
//! Run: `cargo run --release --example call_budget`

#[path = "../tests/budget_support/mod.rs"]
mod budget_support;

use std::time::Duration;

use budget_support::{VirtualRun, total};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ecsdeck::app::update;
use ecsdeck::event::Event;

fn main() {
    println!("| services | view | calls/min | by operation |");
    println!("|---:|---|---:|---|");
    for extra in [14usize, 194, 1994] {
        for view in ["services", "service detail"] {
            let mut run = VirtualRun::new(extra, 120, 40, Duration::from_secs(5));
            if view == "service detail" {
                let key = KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE);
                update(&mut run.state, Event::Key(key));
            }
            // The first minute holds the cold start; measure the next five.
            run.run_for(60);
            let calls = run.calls_over(300);
            let per_min = total(&calls) as f64 / 5.0;
            let ops: Vec<String> = calls
                .iter()
                .map(|(op, n)| {
                    format!(
                        "{} {:.0}",
                        op.split(':').nth(1).unwrap_or(op),
                        *n as f64 / 5.0
                    )
                })
                .collect();
            println!(
                "| {} | {view} | {per_min:.0} | {} |",
                extra + 6,
                ops.join(", ")
            );
        }
    }
}
