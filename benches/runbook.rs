//! The runbook panel with a runbook at the size limit (1 MB of Markdown) open
//! beside the services view:
//!
//! - `runbook/frame_1mb_120x40`: one frame in the steady state (the layout is
//!   cached; the frame copies only the visible lines) — what an idle console
//!   redraws every tick;
//! - `runbook/frame_1mb_scrolled_120x40`: the same, scrolled to the middle;
//! - `runbook/layout_1mb_120x40`: parsing and laying out the whole runbook,
//!   what every frame cost before the cache (and what opening it or a resize
//!   costs now).

// Prints measured figures (no text from AWS): println! is fine here.
#![allow(clippy::disallowed_macros)]

use std::hint::black_box;
use std::path::Path;

use criterion::{Criterion, criterion_group};
use ecsdeck::keymap::Keymap;
use ecsdeck::runbook::{MAX_RUNBOOK_BYTES, RenderOptions, Runbook, render_with};
use ecsdeck::source::Source;
use ecsdeck::source::sim::{SimConfig, SimSource};
use ecsdeck::state::{RunbookPanel, State};
use ecsdeck::theme::Theme;
use ratatui::Terminal;
use ratatui::backend::TestBackend;

/// A runbook of just under `limit` bytes: sections of prose, lists, code and action links.
fn big_runbook(limit: u64) -> Runbook {
    let mut text = String::from("+++\ntitle = \"Everything that can go wrong\"\n+++\n");
    let section = |n: usize| {
        format!(
            "## Step {n}: check the **targets** and the `health check`\n\n\
             When the load balancer reports *unhealthy* targets, look at the reason first; \
             a [failed health check](https://docs.aws.amazon.com/) often means the port is wrong.\n\n\
             - open the target groups with [target groups](ecsdeck:tg)\n\
             - if a bad revision is running, [roll back](ecsdeck:rollback)\n\
             1. note the task id\n2. read its logs\n\n\
             ```sh\naws ecs describe-tasks --cluster prod --tasks $TASK\n```\n\n\
             > Do not scale to zero while customers are served.\n\n"
        )
    };
    let mut n = 0;
    loop {
        let next = section(n);
        if (text.len() + next.len()) as u64 > limit {
            break;
        }
        text.push_str(&next);
        n += 1;
    }
    Runbook::parse(Path::new("/runbooks/everything.md"), &text)
        .unwrap_or_else(|e| panic!("bench runbook: {e}"))
}

fn state_with(runbook: Runbook, scroll: usize) -> State {
    let sim = SimSource::new(SimConfig {
        seed: 7,
        speed: None,
        ..SimConfig::default()
    });
    let mut state = State::new(
        sim.info(),
        Some("prod".into()),
        sim.now(),
        Keymap::defaults(),
        Theme::colored(),
    );
    state.size = (120, 40);
    state.runbook_panel = Some(RunbookPanel {
        id: runbook.id.clone(),
        service: None,
        scroll,
    });
    state.runbooks = vec![runbook];
    state
}

fn benches(c: &mut Criterion) {
    let runbook = big_runbook(MAX_RUNBOOK_BYTES);
    let bytes = runbook.body.len();
    let lines = render_with(&runbook, 52, &RenderOptions::default())
        .lines
        .len();
    println!("runbook: {bytes} bytes of Markdown, {lines} lines at 52 columns");

    let mut group = c.benchmark_group("runbook");
    for (name, scroll) in [
        ("frame_1mb_120x40", 0),
        ("frame_1mb_scrolled_120x40", lines / 2),
    ] {
        let state = state_with(runbook.clone(), scroll);
        let mut term =
            Terminal::new(TestBackend::new(120, 40)).unwrap_or_else(|e| panic!("terminal: {e}"));
        group.bench_function(name, |b| {
            b.iter(|| {
                term.draw(|f| ecsdeck::ui::render(black_box(&state), f))
                    .unwrap_or_else(|e| panic!("draw: {e}"));
            });
        });
        assert_eq!(state.runbook_layout.computed(), 1, "laid out once");
    }
    group.sample_size(10);
    let opts = RenderOptions::new(&Keymap::defaults(), &Theme::colored());
    group.bench_function("layout_1mb_120x40", |b| {
        b.iter(|| render_with(black_box(&runbook), 52, &opts));
    });
    group.finish();
}

criterion_group!(runbook_benches, benches);

fn main() {
    runbook_benches();
    criterion::Criterion::default()
        .configure_from_args()
        .final_summary();
}
