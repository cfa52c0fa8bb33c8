//! The fleet's figure of docs/performance.md: 20 clusters × 100 services
//! across 2 simulated accounts at 50 ms per call, on tokio's paused (virtual)
//! clock: the time one full fleet refresh takes and the calls it makes.
//!
//! Run: `cargo run --example fleet_refresh`

// Prints measured figures and operation names (no text from AWS).
#![allow(clippy::disallowed_macros)]

use std::fmt::Write as _;
use std::sync::Arc;
use std::time::{Duration, Instant};

use ecsdeck::fleet::refresh::{FLEET_FANOUT, refresh};
use ecsdeck::fleet::{Fleet, Member};
use ecsdeck::source::sim::{Faults, Scenario, SimConfig, SimSource};
use ecsdeck::source::{Backend, Source};

const CLUSTERS: usize = 20;
const SERVICES: usize = 100;

/// 20 clusters of 100 services; the first 10 clusters in `acct-a`, the rest in `acct-b`.
fn scenario() -> String {
    let mut t = String::new();
    let clusters: Vec<String> = (0..CLUSTERS).map(|c| format!("\"c{c:02}\"")).collect();
    let _ = writeln!(t, "clusters = [{}]", clusters.join(", "));
    for s in 0..SERVICES {
        let _ = writeln!(
            t,
            "[[families]]\nname = \"app-{s:03}\"\nkind = \"worker\"\nlatest = 2"
        );
    }
    for c in 0..CLUSTERS {
        for s in 0..SERVICES {
            let _ = writeln!(
                t,
                "[[services]]\ncluster = \"c{c:02}\"\nname = \"app-{s:03}\"\ndesired = 1\nrevision = 2\ncpu = 10.0\nmemory = 20.0"
            );
        }
    }
    for (name, range) in [
        ("acct-a", 0..CLUSTERS / 2),
        ("acct-b", CLUSTERS / 2..CLUSTERS),
    ] {
        let list: Vec<String> = range.map(|c| format!("\"c{c:02}\"")).collect();
        let _ = writeln!(
            t,
            "[[accounts]]\nname = \"{name}\"\nregion = \"eu-west-1\"\nclusters = [{}]",
            list.join(", ")
        );
    }
    t
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let scenario = Scenario::from_toml(&scenario(), "fleet-20x100.toml")?;
    let sim = SimSource::with_scenario(
        SimConfig {
            speed: None,
            faults: Faults {
                latency: Duration::from_millis(50),
                ..Faults::default()
            },
            ..SimConfig::default()
        },
        &scenario,
    );
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_time()
        .start_paused(true)
        .build()?;
    let now = Instant::now();
    let views: Vec<Arc<SimSource>> = sim
        .accounts()
        .iter()
        .filter_map(|a| sim.account_view(&a.name).map(Arc::new))
        .collect();
    let fleet = Fleet::new(
        sim.accounts()
            .iter()
            .zip(&views)
            .map(|(a, v)| {
                let source: Arc<dyn Backend> = Arc::clone(v) as Arc<dyn Backend>;
                Member::new(
                    a.name.clone(),
                    a.region.clone(),
                    source,
                    &Default::default(),
                    now,
                )
            })
            .collect(),
    );
    println!(
        "fleet of {CLUSTERS} clusters x {SERVICES} services, 2 accounts, 50 ms per call, fan-out {FLEET_FANOUT}"
    );
    for round in 1..=2 {
        let (elapsed, snapshot) = runtime.block_on(async {
            let start = tokio::time::Instant::now();
            let snapshot = refresh(&fleet, false).await;
            (start.elapsed(), snapshot)
        });
        let services: usize = snapshot
            .members
            .iter()
            .flat_map(|m| &m.clusters)
            .map(|c| c.services)
            .sum();
        println!(
            "refresh {round}: {services} services in {:.2} s (virtual)",
            elapsed.as_secs_f64()
        );
    }
    for (a, v) in sim.accounts().iter().zip(&views) {
        let calls = v.calls().snapshot();
        let total: u64 = calls.values().sum();
        let ops: Vec<String> = calls
            .iter()
            .map(|(op, n)| format!("{} {}", op.split(':').nth(1).unwrap_or(op), n / 2))
            .collect();
        println!(
            "{}: {} calls per refresh ({})",
            a.name,
            total / 2,
            ops.join(", ")
        );
    }
    Ok(())
}
