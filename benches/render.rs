//! Frame and update costs at scale: a simulated `prod` cluster of 2,000
//! services (about 10,000 tasks), the views an operator keeps open.
//!
//! - `render/services_120x40`, `render/services_200x60`: one full frame of the
//!   services table (the goal is ≤ 2 ms per frame);
//! - `render/service_detail_120x40`: a service's detail with its task table;
//! - `render/dashboard_200x60`: the home dashboard with every pane live (alarm
//!   strip, services table, the selected service's tasks, events, rollout and a
//!   log tail of 2,000 lines), three columns;
//! - `render/cell_pass_120x40`: the sanitising pass over a drawn 120x40 frame
//!   (part of every frame above);
//! - `update/services_refresh`: applying a fresh services answer to the state
//!   (selection kept, derived counts recomputed);
//! - `update/key_down`: one `j` press on the 2,000-row table.
//!
//! Before the benchmarks it prints the API calls of one full refresh of the
//! cluster against the floor `ceil(S/100) + ceil(S/10)` (+ the same for tasks).

// Prints measured figures (no text from AWS): println! is fine here.
#![allow(clippy::disallowed_macros)]

use std::hint::black_box;
use std::sync::Arc;

use criterion::{Criterion, criterion_group};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ecsdeck::app::{Command, update, wanted_fetches};
use ecsdeck::event::{Data, Event, Payload};
use ecsdeck::keymap::Keymap;
use ecsdeck::logs::tail::TailEvent;
use ecsdeck::model::LogLine;
use ecsdeck::poll::Fetch;
use ecsdeck::source::Source;
use ecsdeck::source::sim::{SimConfig, SimSource};
use ecsdeck::state::{State, View};
use ecsdeck::theme::Theme;
use ratatui::Terminal;
use ratatui::backend::TestBackend;

/// Services in the benchmark cluster.
const SERVICES: usize = 2_000;

struct Bed {
    state: State,
    /// The log tail the dashboard asked for, if it did.
    tail: Option<u64>,
    sim: Arc<SimSource>,
    runtime: tokio::runtime::Runtime,
}

impl Bed {
    fn new() -> Self {
        let probe = SimSource::new(SimConfig {
            seed: 7,
            speed: None,
            ..SimConfig::default()
        });
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap_or_else(|e| panic!("runtime: {e}"));
        let base = runtime
            .block_on(probe.services("prod"))
            .map(|s| s.len())
            .unwrap_or(0);
        let sim = Arc::new(SimSource::new(SimConfig {
            seed: 7,
            speed: None,
            extra_services: SERVICES.saturating_sub(base),
            ..SimConfig::default()
        }));
        let state = State::new(
            sim.info(),
            Some("prod".into()),
            sim.now(),
            Keymap::defaults(),
            Theme::colored(),
        );
        let mut bed = Self {
            state,
            tail: None,
            sim,
            runtime,
        };
        bed.pump();
        bed
    }

    /// Runs what the current view wants, twice (data that needs data), and applies it.
    fn pump(&mut self) {
        for _ in 0..2 {
            let services = self.state.services.data.clone().unwrap_or_default();
            for fetch in wanted_fetches(&self.state) {
                let payload = self
                    .runtime
                    .block_on(fetch.run(self.sim.as_ref(), &services));
                let at = self.sim.now();
                let commands = update(&mut self.state, Event::Data(Data { fetch, at, payload }));
                self.note_tail(commands);
            }
        }
    }

    fn key(&mut self, code: KeyCode) {
        let commands = update(
            &mut self.state,
            Event::Key(KeyEvent::new(code, KeyModifiers::NONE)),
        );
        self.note_tail(commands);
    }

    fn note_tail(&mut self, commands: Vec<Command>) {
        for c in commands {
            if let Command::StartTail { id, .. } = c {
                self.tail = Some(id);
            }
        }
    }

    /// Runs a palette line (`:services`).
    fn palette(&mut self, line: &str) {
        self.key(KeyCode::Char(':'));
        for ch in line.chars() {
            self.key(KeyCode::Char(ch));
        }
        self.key(KeyCode::Enter);
    }

    /// Feeds the running log tail `n` lines, as the tail engine would.
    fn feed_tail(&mut self, n: usize) {
        let Some(id) = self.tail else {
            panic!("the dashboard started no log tail");
        };
        let now = self.sim.now();
        let lines = (0..n)
            .map(|i| LogLine {
                event_id: format!("e{i}"),
                timestamp: Some(now - chrono::Duration::milliseconds((n - i) as i64 * 50)),
                stream: "ecs/app/0b3f9c2b7a1d".into(),
                message: format!(
                    "10.0.4.{} - - \"GET /api/orders/{i} HTTP/1.1\" 200 {} \"-\" \"curl/8.5\"",
                    i % 250,
                    100 + i % 900
                ),
            })
            .collect();
        let event = TailEvent::Lines {
            lines,
            sampled: false,
        };
        update(&mut self.state, Event::Tail { id, event });
    }
}

fn terminal(w: u16, h: u16) -> Terminal<TestBackend> {
    Terminal::new(TestBackend::new(w, h)).unwrap_or_else(|e| panic!("terminal: {e}"))
}

fn report_calls(bed: &mut Bed) {
    let before = bed.sim.calls().snapshot();
    let services = bed.runtime.block_on(bed.sim.services("prod"));
    let services = services.unwrap_or_default();
    let tasks = bed.runtime.block_on(
        Fetch::Tasks {
            cluster: "prod".into(),
            service: None,
        }
        .run(bed.sim.as_ref(), &services),
    );
    let after = bed.sim.calls().snapshot();
    let spent: u64 = after
        .iter()
        .map(|(op, n)| n - before.get(op).copied().unwrap_or(0))
        .sum();
    let t = match &tasks {
        Payload::Tasks(Ok(t)) => t.len(),
        _ => 0,
    };
    let s = services.len();
    println!(
        "scale: {s} services, {t} tasks; one services+tasks refresh made {spent} simulated API calls; \
         floor ceil(S/100)+ceil(S/10) + 2*ceil(T/100) = {} (+1 for the STOPPED task listing)",
        s.div_ceil(100) + s.div_ceil(10) + 2 * t.div_ceil(100)
    );
}

fn benches(c: &mut Criterion) {
    // The home dashboard, every pane live, at 200x60 (three columns).
    let mut dash = Bed::new();
    assert_eq!(dash.state.screen().view, View::Dashboard);
    dash.state.size = (200, 60);
    dash.pump();
    dash.feed_tail(2_000);
    // The rows on screen carry their last hour of metrics, so the trend
    // columns are drawn (not their `–`).
    let with_metrics = dash.state.metrics.data.as_ref().map_or(0, |m| m.len());
    assert!(with_metrics >= 20, "{with_metrics} services with metrics");
    let mut term = terminal(200, 60);
    c.bench_function("render/dashboard_200x60", |b| {
        b.iter(|| {
            term.draw(|f| ecsdeck::ui::render(black_box(&dash.state), f))
                .unwrap_or_else(|e| panic!("draw: {e}"));
        });
    });
    drop(dash);

    // The services view, opened over the dashboard.
    let mut bed = Bed::new();
    bed.palette("services");
    assert_eq!(bed.state.screen().view, View::Services);
    let rows = bed.state.services.data.as_ref().map_or(0, Vec::len);
    assert!(rows >= SERVICES, "the bed has {rows} services");
    report_calls(&mut bed);

    let mut group = c.benchmark_group("render");
    for (w, h) in [(120u16, 40u16), (200, 60)] {
        let mut term = terminal(w, h);
        group.bench_function(format!("services_{w}x{h}"), |b| {
            b.iter(|| {
                term.draw(|f| ecsdeck::ui::render(black_box(&bed.state), f))
                    .unwrap_or_else(|e| panic!("draw: {e}"));
            });
        });
    }
    group.finish();

    // The sanitising pass alone, over a drawn services frame.
    let mut term = terminal(120, 40);
    let frame = term
        .draw(|f| ecsdeck::ui::render(&bed.state, f))
        .unwrap_or_else(|e| panic!("draw: {e}"));
    let mut buffer = frame.buffer.clone();
    c.bench_function("render/cell_pass_120x40", |b| {
        b.iter(|| ecsdeck::ui::sanitize_cells(black_box(&mut buffer)));
    });

    // A service's detail (summary, deployments, task table with health chains).
    let mut detail = Bed::new();
    detail.palette("services");
    detail.key(KeyCode::Enter);
    assert_eq!(detail.state.screen().view, View::ServiceDetail);
    detail.pump();
    let mut term = terminal(120, 40);
    c.bench_function("render/service_detail_120x40", |b| {
        b.iter(|| {
            term.draw(|f| ecsdeck::ui::render(black_box(&detail.state), f))
                .unwrap_or_else(|e| panic!("draw: {e}"));
        });
    });

    let fresh = bed.runtime.block_on(bed.sim.services("prod"));
    let at = bed.sim.now();
    let fetch = Fetch::Services {
        cluster: "prod".into(),
    };
    c.bench_function("update/services_refresh", |b| {
        b.iter(|| {
            update(
                &mut bed.state,
                Event::Data(Data {
                    fetch: fetch.clone(),
                    at,
                    payload: Payload::Services(fresh.clone()),
                }),
            )
        });
    });

    c.bench_function("update/key_down", |b| {
        b.iter(|| bed.key(KeyCode::Char('j')));
    });
}

criterion_group!(render_benches, benches);

fn main() {
    render_benches();
    Criterion::default().configure_from_args().final_summary();
}
