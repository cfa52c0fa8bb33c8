//! The whole app loop without a terminal, shared by tests/app_sim.rs and
//! tests/faults_sim.rs: `update` + `wanted_fetches` driven against the
//! simulator on a manual clock, ops executed like the runtime does.
//! Deterministic: virtual time only moves when a test advances it.

#![allow(dead_code)]

use std::sync::Arc;
use std::time::Duration;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ecsdeck::app::{Command, execute_op, update, wanted_fetches};
use ecsdeck::audit::AuditContext;
use ecsdeck::event::{Data, Event};
use ecsdeck::keymap::Keymap;
use ecsdeck::source::sim::{SimConfig, SimSource};
use ecsdeck::source::{Backend, ReadOnly, Source};
use ecsdeck::state::{Settings, State};
use ecsdeck::theme::Theme;

/// The app state over a simulator, with the runtime's work done by hand.
pub struct Driver {
    pub state: State,
    pub sim: Arc<SimSource>,
    /// The simulator, wrapped in [`ReadOnly`] in read-only mode.
    pub backend: Arc<dyn Backend>,
    pub audit: AuditContext,
    pub rt: tokio::runtime::Runtime,
    /// Ops that finished: (name, ok).
    pub done: Vec<(String, bool)>,
    _dir: TempDir,
}

struct TempDir(std::path::PathBuf);
impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

impl Driver {
    /// The app on `cluster` of the seed-7 simulator, 120×40, data loaded.
    pub fn new(cluster: &str, read_only: bool) -> Self {
        let sim = Arc::new(SimSource::new(SimConfig {
            seed: 7,
            speed: None,
            ..SimConfig::default()
        }));
        let backend: Arc<dyn Backend> = if read_only {
            Arc::new(ReadOnly(Arc::clone(&sim)))
        } else {
            Arc::clone(&sim) as Arc<dyn Backend>
        };
        let mut keymap = Keymap::defaults();
        if read_only {
            keymap = keymap.without_dangerous();
        }
        let mut state = State::new(
            sim.info(),
            Some(cluster.into()),
            sim.now(),
            keymap,
            Theme::plain(),
        );
        state.size = (120, 40);
        state.read_only = read_only;
        state.settings = Settings {
            max_scale: 100,
            protected_clusters: vec![],
            ..Default::default()
        };
        state.runbooks = ecsdeck::runbook::builtin();
        let dir = std::env::temp_dir().join(format!(
            "ecsdeck-app-driver-{}-{}",
            std::process::id(),
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map(|d| d.as_nanos())
                .unwrap_or(0)
        ));
        let audit = AuditContext {
            path: Some(dir.join("audit.jsonl")),
            source: "demo".into(),
            profile: None,
            region: None,
            allow_unaudited: false,
        };
        let rt = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .unwrap();
        let mut d = Self {
            state,
            sim,
            backend,
            audit,
            rt,
            done: Vec::new(),
            _dir: TempDir(dir),
        };
        d.pump();
        d
    }

    /// Fetches everything the view wants (twice, so data that depends on data
    /// arrives), applies it, then ticks.
    pub fn pump(&mut self) {
        for _ in 0..2 {
            let services = self.state.services.data.clone().unwrap_or_default();
            for fetch in wanted_fetches(&self.state) {
                let payload = self
                    .rt
                    .block_on(fetch.run(self.backend.as_ref(), &services));
                let at = self.backend.now();
                let cmds = update(&mut self.state, Event::Data(Data { fetch, at, payload }));
                self.run(cmds);
            }
        }
        self.tick();
    }

    /// A clock tick with the current call counts.
    pub fn tick(&mut self) {
        let now = self.backend.now();
        let calls = self.backend.calls().snapshot();
        update(&mut self.state, Event::Tick { now, calls });
    }

    /// Advances virtual time by `secs` in steps of `step`, pumping after each.
    pub fn wait(&mut self, secs: u64, step: u64) {
        for _ in 0..secs / step {
            self.sim.advance(Duration::from_secs(step));
            self.pump();
        }
    }

    /// Advances virtual time like [`Driver::wait`] until `done` holds (or
    /// `secs` have passed); returns whether it held.
    pub fn wait_until(&mut self, secs: u64, step: u64, done: impl Fn(&State) -> bool) -> bool {
        for _ in 0..secs / step {
            if done(&self.state) {
                return true;
            }
            self.sim.advance(Duration::from_secs(step));
            self.pump();
        }
        done(&self.state)
    }

    /// Runs the ops among `cmds` as the runtime does and applies their results.
    pub fn run(&mut self, cmds: Vec<Command>) {
        for c in cmds {
            if let Command::RunOp(op) = c {
                let done = self.rt.block_on(execute_op(
                    self.backend.as_ref(),
                    &self.audit,
                    Some("tester".into()),
                    op,
                ));
                self.done
                    .push((done.op.name().to_string(), done.result.is_ok()));
                let more = update(&mut self.state, Event::OpDone(done));
                self.run(more);
            }
        }
    }

    pub fn key(&mut self, code: KeyCode) {
        let cmds = update(
            &mut self.state,
            Event::Key(KeyEvent::new(code, KeyModifiers::NONE)),
        );
        self.run(cmds);
    }

    pub fn keys(&mut self, text: &str) {
        for c in text.chars() {
            self.key(KeyCode::Char(c));
        }
    }

    /// Filters the services view to `name` and checks it is the one in context.
    pub fn select_service(&mut self, name: &str) {
        self.keys("/");
        self.keys(name);
        self.key(KeyCode::Enter);
        assert_eq!(
            self.state
                .context_service()
                .map(|s| s.name.clone())
                .as_deref(),
            Some(name)
        );
    }
}
