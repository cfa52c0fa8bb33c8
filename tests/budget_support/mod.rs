//! The refresh loop of the runtime on the simulator's virtual clock: the
//! planner, the scheduler and the API budget (one [`Pacer`]) decide what to
//! fetch; fetches run to completion at once (a round trip takes no virtual
//! time) and their answers go through `update`. Shared by tests/budget_sim.rs
//! and examples/call_budget.rs; deterministic for a seed.

#![allow(dead_code)]

use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::{Duration, Instant};

use ecsdeck::app::{Pacer, update};
use ecsdeck::budget::BudgetConfig;
use ecsdeck::event::{Data, Event};
use ecsdeck::keymap::Keymap;
use ecsdeck::source::Source;
use ecsdeck::source::sim::{SimConfig, SimSource};
use ecsdeck::state::State;
use ecsdeck::theme::Theme;

/// The app over a simulated cluster, paced like the runtime, on virtual time.
pub struct VirtualRun {
    pub state: State,
    pub sim: Arc<SimSource>,
    pub pacer: Pacer,
    rt: tokio::runtime::Runtime,
    base: Instant,
    elapsed: Duration,
}

impl VirtualRun {
    /// The `prod` cluster of the seed-7 simulator with `extra` more services,
    /// a `cols`×`rows` terminal, refreshing every `refresh`, default budget.
    pub fn new(extra: usize, cols: u16, rows: u16, refresh: Duration) -> Self {
        Self::with_budget(extra, cols, rows, refresh, BudgetConfig::default())
    }

    /// As [`Self::new`] with a given budget.
    pub fn with_budget(
        extra: usize,
        cols: u16,
        rows: u16,
        refresh: Duration,
        budget: BudgetConfig,
    ) -> Self {
        let sim = Arc::new(SimSource::new(SimConfig {
            seed: 7,
            speed: None,
            extra_services: extra,
            ..SimConfig::default()
        }));
        let mut state = State::new(
            sim.info(),
            Some("prod".into()),
            sim.now(),
            Keymap::defaults(),
            Theme::plain(),
        );
        state.size = (cols, rows);
        state.freshness.interval = refresh;
        state.freshness.sweep = budget.sweep;
        let base = Instant::now();
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .expect("a tokio runtime");
        let mut run = Self {
            state,
            sim,
            pacer: Pacer::new(refresh, &budget, base),
            rt,
            base,
            elapsed: Duration::ZERO,
        };
        run.poll();
        run
    }

    /// The runtime's monotonic clock, on virtual time.
    pub fn instant(&self) -> Instant {
        self.base + self.elapsed
    }

    /// Virtual seconds since the start.
    pub fn secs(&self) -> u64 {
        self.elapsed.as_secs()
    }

    /// Calls per operation so far.
    pub fn calls(&self) -> BTreeMap<String, u64> {
        self.sim.calls().snapshot()
    }

    /// Starts what is due and applies the answers, until nothing more is due.
    pub fn poll(&mut self) {
        let now = self.instant();
        let mut pending = self.pacer.due(&self.state, now, false);
        let mut rounds = 0;
        while !pending.is_empty() {
            rounds += 1;
            assert!(rounds < 100, "the plan never settles: {pending:?}");
            for fetch in std::mem::take(&mut pending) {
                let services = self.state.services.data.clone().unwrap_or_default();
                let payload = self.rt.block_on(fetch.run(self.sim.as_ref(), &services));
                let data = Data {
                    fetch,
                    at: self.sim.now(),
                    payload,
                };
                let calls = self.calls();
                if let Some(next) = self.pacer.finished(&data, &calls, &self.state, now) {
                    pending.push(next);
                }
                update(&mut self.state, Event::Data(data));
            }
            pending.extend(self.pacer.due(&self.state, now, false));
        }
    }

    /// One virtual second: the world moves, the clock ticks, due fetches run.
    pub fn second(&mut self) {
        self.sim.advance(Duration::from_secs(1));
        self.elapsed += Duration::from_secs(1);
        let now = self.sim.now();
        let calls = self.calls();
        update(&mut self.state, Event::Tick { now, calls });
        update(&mut self.state, Event::Budget(self.pacer.budget()));
        self.poll();
    }

    /// `secs` virtual seconds.
    pub fn run_for(&mut self, secs: u64) {
        for _ in 0..secs {
            self.second();
        }
    }

    /// The calls `secs` more virtual seconds cost, per operation.
    pub fn calls_over(&mut self, secs: u64) -> BTreeMap<String, u64> {
        let before = self.calls();
        self.run_for(secs);
        diff(&before, &self.calls())
    }
}

/// `after - before` per operation, zeros left out.
pub fn diff(
    before: &BTreeMap<String, u64>,
    after: &BTreeMap<String, u64>,
) -> BTreeMap<String, u64> {
    after
        .iter()
        .filter_map(|(op, n)| {
            let d = n.saturating_sub(before.get(op).copied().unwrap_or(0));
            (d > 0).then(|| (op.clone(), d))
        })
        .collect()
}

/// The sum of a count map.
pub fn total(calls: &BTreeMap<String, u64>) -> u64 {
    calls.values().sum()
}
