//! The event loop itself ([`super::runtime::drive`]) on the simulator, in real
//! time: keys keep working while fetches or a write hang on injected latency,
//! and the loop recovers by itself when a fault stops.

use std::sync::Arc;
use std::time::Duration;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use futures::channel::mpsc::{UnboundedSender, unbounded};
use tokio::sync::watch;

use super::runtime::{RunOptions, drive};
use crate::audit::AuditContext;
use crate::event::Event;
use crate::model::Time;
use crate::source::Backend;
use crate::source::sim::{Faults, SimSource};
use crate::state::{State, View};

/// What a frame showed, published by the draw callback.
#[derive(Debug, Clone, Default, PartialEq)]
struct Frame {
    selected: usize,
    view: Option<View>,
    services: usize,
    fetched_at: Option<Time>,
    error: Option<String>,
    status: Option<String>,
    inflight: usize,
    frames: u64,
}

struct Loop {
    sim: Arc<SimSource>,
    keys: UnboundedSender<std::io::Result<Option<Event>>>,
    frames: watch::Receiver<Frame>,
    handle: tokio::task::JoinHandle<color_eyre::Result<State>>,
    _dir: TempDir,
}

struct TempDir(std::path::PathBuf);
impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn start() -> Loop {
    let (sim, mut state) = super::tests::sim_and_state();
    let backend: Arc<dyn Backend> = Arc::clone(&sim) as Arc<dyn Backend>;
    state.settings = crate::state::Settings {
        max_scale: 100,
        protected_clusters: vec![],
        ..Default::default()
    };
    let dir = std::env::temp_dir().join(format!(
        "ecsdeck-runtime-{}-{:?}",
        std::process::id(),
        std::thread::current().id()
    ));
    let options = RunOptions {
        refresh: Duration::from_millis(100),
        tick: Duration::from_millis(20),
        audit: AuditContext {
            path: Some(dir.join("audit.jsonl")),
            source: "demo".into(),
            profile: None,
            region: None,
            allow_unaudited: false,
        },
        budget: crate::budget::BudgetConfig::default(),
        aws: None,
        read_only: false,
        fleet: None,
    };
    let (keys, input) = unbounded();
    let (publish, frames) = watch::channel(Frame::default());
    let draw = move |s: &State| {
        publish.send_modify(|f| {
            *f = Frame {
                selected: s.screen().nav().selected,
                view: Some(s.screen().view),
                services: s.services.data.as_ref().map_or(0, Vec::len),
                fetched_at: s.services.fetched_at,
                error: crate::ui::chrome::current_source_error(s).map(ToString::to_string),
                status: s.status.as_ref().map(|m| m.text.clone()),
                inflight: s.inflight.len(),
                frames: f.frames + 1,
            }
        });
        Ok(())
    };
    let handle = tokio::spawn(drive(input, backend, state, options, draw));
    Loop {
        sim,
        keys,
        frames,
        handle,
        _dir: TempDir(dir),
    }
}

impl Loop {
    fn press(&self, code: KeyCode, modifiers: KeyModifiers) {
        let key = Event::Key(KeyEvent::new(code, modifiers));
        self.keys.unbounded_send(Ok(Some(key))).unwrap();
    }

    fn key(&self, c: char) {
        self.press(KeyCode::Char(c), KeyModifiers::NONE);
    }

    /// Waits (up to `limit`) for a frame that satisfies `ok`.
    async fn frame(&mut self, limit: Duration, ok: impl Fn(&Frame) -> bool) -> Frame {
        let waited = tokio::time::timeout(limit, self.frames.wait_for(|f| ok(f)))
            .await
            .map(|r| r.map(|f| f.clone()));
        match waited {
            Ok(Ok(f)) => f,
            _ => panic!(
                "no such frame within {limit:?}; last: {:?}",
                *self.frames.borrow()
            ),
        }
    }

    /// Waits (up to 5 s) until `ok` holds of the simulator.
    async fn until(&self, what: &str, ok: impl Fn(&SimSource) -> bool) {
        let limit = Duration::from_secs(5);
        let start = std::time::Instant::now();
        while !ok(&self.sim) {
            assert!(start.elapsed() < limit, "timed out waiting for {what}");
            tokio::time::sleep(Duration::from_millis(5)).await;
        }
    }

    async fn quit(self) -> State {
        self.press(KeyCode::Char('c'), KeyModifiers::CONTROL);
        let done = tokio::time::timeout(Duration::from_secs(5), self.handle).await;
        match done {
            Ok(Ok(Ok(state))) => state,
            other => panic!("the loop did not quit cleanly: {other:?}"),
        }
    }
}

#[tokio::test]
async fn keys_are_handled_while_fetches_hang() {
    let mut l = start();
    let loaded = l.frame(Duration::from_secs(5), |f| f.services > 2).await;
    assert_eq!(loaded.selected, 0);
    // From now on every call hangs for an hour.
    l.sim.set_faults(Faults {
        latency: Duration::from_secs(3600),
        ..Faults::default()
    });
    l.press(KeyCode::Char('r'), KeyModifiers::CONTROL);
    l.until("a fetch waiting on latency", |s| s.calls_in_progress() > 0)
        .await;
    // Any fetch that finishes from now on would carry a later time.
    l.sim.advance(Duration::from_secs(10));
    l.key('j');
    l.key('j');
    let moved = l.frame(Duration::from_secs(2), |f| f.selected == 2).await;
    assert_eq!(moved.fetched_at, loaded.fetched_at, "no fetch finished");
    l.press(KeyCode::Enter, KeyModifiers::NONE);
    l.frame(Duration::from_secs(2), |f| {
        f.view == Some(View::ServiceDetail)
    })
    .await;
    assert!(
        l.sim.calls_in_progress() > 0,
        "the fetches are still pending"
    );
    let state = l.quit().await;
    assert_eq!(state.screen().view, View::ServiceDetail);
}

#[tokio::test]
async fn keys_are_handled_while_a_confirmed_write_hangs() {
    let mut l = start();
    l.frame(Duration::from_secs(5), |f| f.services > 2).await;
    l.sim.set_faults(Faults {
        latency: Duration::from_secs(3600),
        ..Faults::default()
    });
    l.key('r');
    l.key('y');
    l.frame(Duration::from_secs(2), |f| f.inflight == 1).await;
    l.until("the write waiting on latency", |s| {
        s.calls_in_progress() > 0
    })
    .await;
    l.key('j');
    let moved = l.frame(Duration::from_secs(2), |f| f.selected == 1).await;
    assert_eq!(moved.inflight, 1, "the write is still outstanding");
    assert_eq!(l.sim.applied_writes().get("ecs:UpdateService"), 0);
    assert!(moved.error.is_none(), "{moved:?}");
    l.quit().await;
}

#[tokio::test]
async fn the_loop_recovers_by_itself_when_errors_stop() {
    let mut l = start();
    let loaded = l.frame(Duration::from_secs(5), |f| f.services > 2).await;
    l.sim.set_faults(Faults {
        error_rate: 1.0,
        ..Faults::default()
    });
    l.sim.advance(Duration::from_secs(30));
    let failing = l
        .frame(Duration::from_secs(5), |f| {
            f.error.as_deref().is_some_and(|e| e.contains("HTTP 500"))
        })
        .await;
    assert_eq!(failing.services, loaded.services, "last good data kept");
    assert_eq!(failing.fetched_at, loaded.fetched_at);
    l.key('j');
    l.frame(Duration::from_secs(2), |f| f.selected == 1).await;
    l.sim.set_faults(Faults::default());
    // Backoff after a second of failures is a few hundred ms at this interval.
    let healed = l
        .frame(Duration::from_secs(10), |f| {
            f.error.is_none() && f.fetched_at > loaded.fetched_at
        })
        .await;
    assert_eq!(healed.services, loaded.services);
    assert_eq!(healed.selected, 1, "recovery kept the selection");
    l.quit().await;
}
