//! The event loop: input, ticks and fetch results in; update; draw; start fetches.

use std::sync::Arc;
use std::time::{Duration, Instant};

use crossterm::event::{Event as TermEvent, EventStream};
use futures::StreamExt;
use ratatui::DefaultTerminal;
use tokio::sync::mpsc;
use tokio_util::sync::CancellationToken;

use crate::app::Pacer;
use crate::app::{Command, set_status, update};
use crate::audit::AuditContext;
use crate::event::{Data, Event, OpDone};
use crate::ops::Op;
use crate::poll::Fetch;
use crate::source::Backend;
use crate::state::{Level, State};
use crate::ui;

/// Timing of the loop and where actions are audited.
#[derive(Debug, Clone)]
pub struct RunOptions {
    /// How often data is refreshed.
    pub refresh: Duration,
    /// How often the clock (ages) is redrawn.
    pub tick: Duration,
    /// The audit log.
    pub audit: AuditContext,
    /// The API budget.
    pub budget: crate::budget::BudgetConfig,
    /// How the AWS source was built (`None` on the demo): a profile or region
    /// switch builds the new one from it.
    pub aws: Option<crate::source::aws::AwsOptions>,
    /// Wrap a new source in `ReadOnly`.
    pub read_only: bool,
    /// The accounts and regions of `:fleet` (`None`: the views say so).
    pub fleet: Option<Arc<crate::fleet::Fleet>>,
}

/// Runs a confirmed op through [`crate::audit::run_audited`] and reports the end.
pub async fn execute_op(
    source: &dyn Backend,
    audit: &AuditContext,
    identity: Option<String>,
    op: Op,
) -> OpDone {
    let done = crate::audit::run_audited(source, audit, identity, &op).await;
    OpDone {
        op,
        result: done.result,
        audit_error: done.audit_error,
    }
}

/// Starts fetches and tracks them.
struct Fetcher {
    source: Arc<dyn Backend>,
    tx: mpsc::Sender<Event>,
    pacer: Pacer,
    cancel: CancellationToken,
    audit: AuditContext,
    identity: Arc<tokio::sync::OnceCell<Option<String>>>,
    tail: Option<CancellationToken>,
    fleet: super::fleet::FleetPoller,
}

impl Fetcher {
    fn run_op(&self, op: Op) {
        let source = Arc::clone(&self.source);
        let tx = self.tx.clone();
        if let Err(e) = super::exec::plugin_ready(&op, source.info().kind) {
            // Nothing is sent (nor audited) without the plugin that would serve it.
            let done = OpDone {
                op,
                result: Err(e),
                audit_error: None,
            };
            let _ = tx.try_send(Event::OpDone(done));
            return;
        }
        let audit = self.audit.clone();
        let identity = Arc::clone(&self.identity);
        // Ops are never cancelled: once confirmed, the request and its audit record complete.
        tokio::spawn(async move {
            let who = identity
                .get_or_init(|| crate::audit::identity_of(source.as_ref()))
                .await
                .clone();
            let done = execute_op(source.as_ref(), &audit, who, op).await;
            let _ = tx.send(Event::OpDone(done)).await;
        });
    }

    fn export_timeline(&self, markdown: String) {
        let tx = self.tx.clone();
        tokio::task::spawn_blocking(move || {
            let notice = match write_timeline(&markdown) {
                Ok(path) => Event::Notice(
                    Level::Success,
                    format!("timeline written to {}", path.display()),
                ),
                Err(e) => Event::Notice(Level::Error, format!("could not write the timeline: {e}")),
            };
            let _ = tx.blocking_send(notice);
        });
    }

    fn start_tail(&mut self, id: u64, request: crate::logs::tail::TailRequest) {
        self.stop_tail();
        let token = CancellationToken::new();
        self.tail = Some(token.clone());
        let (tail_tx, mut tail_rx) = mpsc::channel(64);
        let inner: Arc<dyn crate::source::Source> = self.source.clone();
        let source: Arc<dyn crate::source::Source> = Arc::new(
            crate::source::budgeted::LogsWithinBudget::new(inner, self.pacer.shared_budget()),
        );
        crate::logs::tail::spawn_tail(source, request, tail_tx, token.clone());
        let tx = self.tx.clone();
        tokio::spawn(async move {
            while let Some(event) = tail_rx.recv().await {
                if tx.send(Event::Tail { id, event }).await.is_err() {
                    break;
                }
            }
        });
    }

    fn stop_tail(&mut self) {
        if let Some(token) = self.tail.take() {
            token.cancel();
        }
    }

    fn record_chaos(&self, record: crate::chaos::ChaosRecord) {
        let tx = self.tx.clone();
        tokio::task::spawn_blocking(move || {
            let result = crate::chaos::default_path()
                .ok_or_else(|| std::io::Error::other("no state directory"))
                .and_then(|p| crate::chaos::append(&p, &record));
            if let Err(e) = result {
                let _ = tx.blocking_send(Event::Notice(
                    Level::Error,
                    format!("chaos record not written: {e}"),
                ));
            }
        });
    }

    fn load_chaos(&self) {
        let tx = self.tx.clone();
        tokio::task::spawn_blocking(move || {
            let result = match crate::chaos::default_path() {
                Some(p) => {
                    crate::chaos::read_recent(&p, 500).map_err(|e| format!("{}: {e}", p.display()))
                }
                None => Err("no state directory for the chaos log".to_string()),
            };
            let _ = tx.blocking_send(Event::ChaosLog(result));
        });
    }

    fn load_audit(&self) {
        let tx = self.tx.clone();
        let path = self.audit.path.clone();
        tokio::task::spawn_blocking(move || {
            let result = match path {
                Some(p) => {
                    crate::audit::read_recent(&p, 1000).map_err(|e| format!("{}: {e}", p.display()))
                }
                None => Err("no state directory for the audit log".to_string()),
            };
            let _ = tx.blocking_send(Event::Audit(result));
        });
    }

    fn start(&self, fetch: Fetch, state: &State) {
        let source = Arc::clone(&self.source);
        let tx = self.tx.clone();
        let token = self.cancel.child_token();
        let services = match &fetch {
            Fetch::Metrics { .. } => state.services.data.clone().unwrap_or_default(),
            _ => Vec::new(),
        };
        let page_tx = tx.clone();
        let page_cluster = match &fetch {
            Fetch::Services { cluster } => Some(cluster.clone()),
            _ => None,
        };
        tokio::spawn(async move {
            // A page that finds the channel full is dropped: the whole answer follows.
            let page = move |services: Vec<crate::model::Service>| {
                if let Some(cluster) = page_cluster.clone() {
                    let _ = page_tx.try_send(Event::ServicesPage { cluster, services });
                }
            };
            tokio::select! {
                () = token.cancelled() => {}
                payload = fetch.run_by_page(source.as_ref(), &services, &page) => {
                    let at = source.now();
                    let _ = tx.send(Event::Data(Data { fetch, at, payload })).await;
                }
            }
        });
    }

    fn poll(&mut self, state: &State, force: bool) {
        for f in self.pacer.due(state, Instant::now(), force) {
            self.start(f, state);
        }
        self.fleet.poll(state, force, &self.tx, &self.cancel);
    }

    fn finished(&mut self, data: &Data, state: &State) {
        let calls = self.source.calls().snapshot();
        if let Some(next) = self.pacer.finished(data, &calls, state, Instant::now()) {
            self.start(next, state);
        }
    }

    fn reset(&mut self) {
        self.cancel.cancel();
        self.cancel = CancellationToken::new();
        self.pacer.reset();
        self.fleet.reset();
    }
}

/// Runs the console until the user quits.
pub async fn run(
    terminal: &mut DefaultTerminal,
    mut source: Arc<dyn Backend>,
    mut state: State,
    mut options: RunOptions,
) -> color_eyre::Result<()> {
    // One input stream across source switches and fleet drill-downs: a new
    // one would lose the keys the old one had already read (a `:` typed
    // right after a drill-down). It is dropped (its reader stopped) only
    // before a session takes the terminal, and made again afterwards.
    let mut input = None;
    loop {
        if let Ok(size) = terminal.size() {
            state.size = (size.width, size.height);
        }
        let keys = input.get_or_insert_with(|| EventStream::new().map(|r| r.map(term_event)));
        let draw = |state: &State| terminal.draw(|frame| ui::render(state, frame)).map(|_| ());
        state = drive(keys, Arc::clone(&source), state, options.clone(), draw).await?;
        if let Some(switch) = state.switch_to.take() {
            match super::source_switch::connect(&options, &switch).await {
                Ok(new) => {
                    state = super::source_switch::switched(&state, &mut options, &switch, &new);
                    source = new;
                }
                Err(e) => set_status(&mut state, Level::Error, format!("switch refused: {e}")),
            }
            continue;
        }
        if let Some(target) = state.fleet_drill.take() {
            match super::fleet::drill(&state, &mut options, &target) {
                Ok((new_state, new_source)) => {
                    state = new_state;
                    source = new_source;
                }
                Err(message) => set_status(&mut state, Level::Error, message),
            }
            continue;
        }
        let Some(grant) = state.handoff.take() else {
            return Ok(());
        };
        input = None;
        let end = super::exec::hand_over(terminal, &grant).await;
        super::exec::session_ended(&mut state, &end);
    }
}

/// The loop behind [`run`], with input as a stream and drawing as a callback
/// (so it can be tested without a terminal). Fetches and ops run as tasks that
/// report back through a channel: the loop never waits on the source, so keys
/// are handled while a slow fetch is outstanding. Returns the final state.
pub(crate) async fn drive<I, D>(
    mut input: I,
    source: Arc<dyn Backend>,
    mut state: State,
    options: RunOptions,
    mut draw: D,
) -> color_eyre::Result<State>
where
    I: futures::Stream<Item = std::io::Result<Option<Event>>> + Unpin,
    D: FnMut(&State) -> std::io::Result<()>,
{
    let (tx, mut rx) = mpsc::channel::<Event>(1024);
    // One budget per account and region: a source of the fleet draws on its member's.
    let member = options.fleet.as_ref().and_then(|f| f.member_of(&source));
    let pacer = match member {
        Some(m) => Pacer::with_budget(options.refresh, m.budget()),
        None => Pacer::new(options.refresh, &options.budget, Instant::now()),
    };
    let mut fetcher = Fetcher {
        source: Arc::clone(&source),
        tx,
        pacer,
        cancel: CancellationToken::new(),
        audit: options.audit.clone(),
        identity: Arc::new(tokio::sync::OnceCell::new()),
        tail: None,
        fleet: super::fleet::FleetPoller::new(options.fleet.clone(), options.refresh),
    };
    state.freshness.interval = options.refresh;
    state.freshness.sweep = options.budget.sweep;
    let mut tick = tokio::time::interval(options.tick);
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Skip);
    fetcher.poll(&state, false);
    loop {
        draw(&state)?;
        let first = tokio::select! {
            maybe = input.next() => match maybe {
                Some(Ok(ev)) => ev,
                Some(Err(e)) => return Err(e.into()),
                None => break,
            },
            _ = tick.tick() => Some(Event::Tick { now: source.now(), calls: source.calls().snapshot() }),
            Some(ev) = rx.recv() => Some(ev),
        };
        let mut batch: Vec<Event> = first.into_iter().collect();
        if matches!(batch.first(), Some(Event::Tick { .. })) {
            batch.push(Event::Budget(fetcher.pacer.budget()));
        }
        // Drain what is already waiting so a burst costs one frame, not one per event.
        while batch.len() < 256 {
            match rx.try_recv() {
                Ok(ev) => batch.push(ev),
                Err(_) => break,
            }
        }
        let mut force = false;
        for event in batch {
            if let Event::Data(data) = &event {
                fetcher.finished(data, &state);
            }
            if let Event::Fleet(_) = &event {
                fetcher.fleet.finished();
            }
            for command in update(&mut state, event) {
                match command {
                    Command::RefreshNow => force = true,
                    Command::ResetFetches => fetcher.reset(),
                    Command::Copy(text) => super::clipboard::copy(&text),
                    Command::RunOp(op) => fetcher.run_op(op),
                    Command::LoadAudit => fetcher.load_audit(),
                    Command::ExportTimeline(markdown) => fetcher.export_timeline(markdown),
                    Command::RecordChaos(record) => fetcher.record_chaos(*record),
                    Command::LoadChaos => fetcher.load_chaos(),
                    Command::StartTail { id, request } => fetcher.start_tail(id, *request),
                    Command::StopTail => fetcher.stop_tail(),
                }
            }
        }
        if state.should_quit
            || state.handoff.is_some()
            || state.switch_to.is_some()
            || state.fleet_drill.is_some()
        {
            break;
        }
        fetcher.poll(&state, force);
    }
    fetcher.reset();
    fetcher.stop_tail();
    Ok(state)
}

fn term_event(ev: TermEvent) -> Option<Event> {
    match ev {
        TermEvent::Key(k) => Some(Event::Key(k)),
        TermEvent::Mouse(m) => Some(Event::Mouse(m)),
        TermEvent::Resize(w, h) => Some(Event::Resize(w, h)),
        _ => None,
    }
}

/// Writes a timeline export to `$XDG_STATE_HOME/ecsdeck/timeline-<time>.md`.
fn write_timeline(markdown: &str) -> std::io::Result<std::path::PathBuf> {
    let dir = crate::paths::state_dir()
        .ok_or_else(|| std::io::Error::other("no state directory (set XDG_STATE_HOME or HOME)"))?;
    let name = format!(
        "timeline-{}.md",
        chrono::Utc::now().format("%Y%m%dT%H%M%SZ")
    );
    let path = dir.join(name);
    crate::state_files::write(&path, markdown.as_bytes())?;
    Ok(path)
}
