//! The dashboard's log pane during a rollout, on the simulator: the app loop
//! (`update` + `wanted_fetches`) on a manual clock, the tail engine's polling
//! done by hand (one poll per pump, deduplicated within a tail as the engine
//! does), so a new task's line reaching the pane is deterministic.

use std::collections::HashSet;
use std::sync::Arc;
use std::time::Duration;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::plan::wanted_fetches;
use super::{Command, update};
use crate::event::{Data, Event};
use crate::logs::dedupe::Dedupe;
use crate::logs::tail::{TailEvent, TailRequest};
use crate::source::sim::SimSource;
use crate::source::{LogQuery, Ops, ServiceUpdate, Source};
use crate::state::{State, View};

/// The app over the seed-7 simulator with the tail the app asked for.
struct Dash {
    state: State,
    sim: Arc<SimSource>,
    /// The tail running: its id, request and the engine's own dedupe.
    tail: Option<(u64, TailRequest, Dedupe)>,
    /// Tails the app started.
    started: usize,
    /// Every event id the emulated engines sent.
    sent: HashSet<String>,
}

impl Dash {
    async fn new() -> Self {
        let (sim, state) = super::tests::sim_and_state();
        let mut d = Self {
            state,
            sim,
            tail: None,
            started: 0,
            sent: HashSet::new(),
        };
        d.pump().await;
        d
    }

    fn take(&mut self, commands: Vec<Command>) {
        for c in commands {
            match c {
                Command::StartTail { id, request } => {
                    self.started += 1;
                    self.tail = Some((id, *request, Dedupe::default()));
                }
                Command::StopTail => self.tail = None,
                _ => {}
            }
        }
    }

    /// Fetches what the plan wants (twice), polls the tail once, ticks.
    async fn pump(&mut self) {
        for _ in 0..2 {
            let services = self.state.services.data.clone().unwrap_or_default();
            for fetch in wanted_fetches(&self.state) {
                let payload = fetch.run(self.sim.as_ref(), &services).await;
                let at = self.sim.now();
                let cmds = update(&mut self.state, Event::Data(Data { fetch, at, payload }));
                self.take(cmds);
            }
        }
        self.poll().await;
        let now = self.sim.now();
        let calls = self.sim.calls().snapshot();
        let cmds = update(&mut self.state, Event::Tick { now, calls });
        self.take(cmds);
    }

    /// One poll of the running tail, every page from its start.
    async fn poll(&mut self) {
        let Some((id, request, dedupe)) = self.tail.as_mut() else {
            return;
        };
        let mut lines = Vec::new();
        let mut token = None;
        loop {
            let query = LogQuery {
                target: request.target.clone(),
                start: request.start,
                end: None,
                filter_pattern: request.filter_pattern.clone(),
                next_token: token.take(),
            };
            let page = self.sim.log_events(&query).await.expect("log events");
            lines.extend(
                page.lines
                    .into_iter()
                    .filter(|l| dedupe.insert(&l.event_id, l.timestamp)),
            );
            match page.next_token {
                Some(next) => token = Some(next),
                None => break,
            }
        }
        self.sent.extend(lines.iter().map(|l| l.event_id.clone()));
        let event = TailEvent::Lines {
            lines,
            sampled: false,
        };
        let id = *id;
        let cmds = update(&mut self.state, Event::Tail { id, event });
        self.take(cmds);
    }

    async fn wait(&mut self, secs: u64, step: u64) {
        for _ in 0..secs / step {
            self.sim.advance(Duration::from_secs(step));
            self.pump().await;
        }
    }

    fn key(&mut self, c: char) {
        let cmds = update(
            &mut self.state,
            Event::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE)),
        );
        self.take(cmds);
    }

    fn task_ids(&self, service: &str) -> HashSet<String> {
        self.state
            .service_tasks(service)
            .iter()
            .map(|t| t.id.clone())
            .collect()
    }

    /// The source labels of the pane's lines (`<task id prefix> <container>`).
    fn labels(&self) -> HashSet<String> {
        let view = &self.state.logs.as_ref().expect("a tail").view;
        (0..view.len())
            .filter_map(|i| view.entry(i))
            .map(|e| e.label.to_string())
            .collect()
    }
}

#[tokio::test]
async fn a_rollouts_new_tasks_reach_the_log_pane_without_duplicates() {
    let mut d = Dash::new().await;
    assert_eq!(d.state.screen().view, View::Dashboard);
    while d.state.context_service().map(|s| s.name.as_str()) != Some("web-api") {
        d.key('j');
    }
    d.sent.clear();
    d.wait(10, 2).await;
    let before = d.task_ids("web-api");
    assert!(!before.is_empty());
    let first = d.started;
    assert!(d.tail.is_some(), "web-api's tail runs");
    assert!(
        !d.labels().is_empty(),
        "the old tasks' lines are in the pane"
    );

    let update_request = ServiceUpdate {
        force_new_deployment: true,
        ..ServiceUpdate::default()
    };
    d.sim
        .update_service("prod", "web-api", &update_request)
        .await
        .expect("a new deployment");
    d.wait(240, 5).await;
    let new: Vec<String> = d.task_ids("web-api").difference(&before).cloned().collect();
    assert!(!new.is_empty(), "the rollout started new tasks");
    let labels = d.labels();
    assert!(
        new.iter().any(|id| {
            let short: String = id.chars().take(6).collect();
            labels.iter().any(|l| l.starts_with(&short))
        }),
        "a new task's line is in the pane: new {new:?}, labels {labels:?}"
    );
    let view = &d.state.logs.as_ref().expect("a tail").view;
    assert_eq!(
        view.received(),
        d.sent.len() as u64,
        "each event once, though the tails overlapped"
    );
    // Restarted only when the set of task ids changed, not on every refresh.
    assert!(d.started > first, "the tail followed the new tasks");
    d.wait(60, 5).await;
    let (settled, started) = (d.task_ids("web-api"), d.started);
    d.wait(120, 5).await;
    assert_eq!(d.task_ids("web-api"), settled, "the service is steady");
    assert_eq!(d.started, started, "no restart while the tasks stay");
}
