//! The event loop: input, ticks and fetch results in; update; draw; start fetches.

use std::sync::Arc;
use std::time::{Duration, Instant};

use crossterm::event::{Event as TermEvent, EventStream};
use futures::StreamExt;
use ratatui::DefaultTerminal;
use tokio::sync::mpsc;
use tokio_util::sync::CancellationToken;

use crate::app::update::{Command, update, wanted_fetches};
use crate::event::{Data, Event};
use crate::poll::{Fetch, Scheduler};
use crate::source::Backend;
use crate::state::State;
use crate::ui;

/// Timing of the loop.
#[derive(Debug, Clone, Copy)]
pub struct RunOptions {
    /// How often data is refreshed.
    pub refresh: Duration,
    /// How often the clock (ages) is redrawn.
    pub tick: Duration,
}

/// Starts fetches and tracks them.
struct Fetcher {
    source: Arc<dyn Backend>,
    tx: mpsc::Sender<Event>,
    scheduler: Scheduler,
    cancel: CancellationToken,
}

impl Fetcher {
    fn start(&self, fetch: Fetch, state: &State) {
        let source = Arc::clone(&self.source);
        let tx = self.tx.clone();
        let token = self.cancel.child_token();
        let services = match &fetch {
            Fetch::Metrics { .. } => state.services.data.clone().unwrap_or_default(),
            _ => Vec::new(),
        };
        tokio::spawn(async move {
            tokio::select! {
                () = token.cancelled() => {}
                payload = fetch.run(source.as_ref(), &services) => {
                    let at = source.now();
                    let _ = tx.send(Event::Data(Data { fetch, at, payload })).await;
                }
            }
        });
    }

    fn poll(&mut self, state: &State, force: bool) {
        let now = Instant::now();
        for fetch in wanted_fetches(state) {
            if let Some(f) = self.scheduler.offer(fetch, now, force) {
                self.start(f, state);
            }
        }
    }

    fn finished(&mut self, data: &Data, state: &State) {
        let ok = data.payload_ok();
        if let Some(next) = self.scheduler.finished(&data.fetch, ok, Instant::now()) {
            self.start(next, state);
        }
    }

    fn reset(&mut self) {
        self.cancel.cancel();
        self.cancel = CancellationToken::new();
        self.scheduler.reset();
    }
}

/// Runs the console until the user quits.
pub async fn run(
    terminal: &mut DefaultTerminal,
    source: Arc<dyn Backend>,
    mut state: State,
    options: RunOptions,
) -> color_eyre::Result<()> {
    let (tx, mut rx) = mpsc::channel::<Event>(1024);
    let mut fetcher = Fetcher {
        source: Arc::clone(&source),
        tx,
        scheduler: Scheduler::new(options.refresh),
        cancel: CancellationToken::new(),
    };
    let mut input = EventStream::new();
    let mut tick = tokio::time::interval(options.tick);
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Skip);
    if let Ok(size) = terminal.size() {
        state.size = (size.width, size.height);
    }
    fetcher.poll(&state, false);
    loop {
        terminal.draw(|frame| ui::render(&state, frame))?;
        let first = tokio::select! {
            maybe = input.next() => match maybe {
                Some(Ok(ev)) => term_event(ev),
                Some(Err(e)) => return Err(e.into()),
                None => break,
            },
            _ = tick.tick() => Some(Event::Tick { now: source.now(), calls: source.calls().snapshot() }),
            Some(ev) = rx.recv() => Some(ev),
        };
        let mut batch: Vec<Event> = first.into_iter().collect();
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
            for command in update(&mut state, event) {
                match command {
                    Command::RefreshNow => force = true,
                    Command::ResetFetches => fetcher.reset(),
                    Command::Copy(text) => copy_to_clipboard(&text),
                }
            }
        }
        if state.should_quit {
            break;
        }
        fetcher.poll(&state, force);
    }
    fetcher.reset();
    Ok(())
}

fn term_event(ev: TermEvent) -> Option<Event> {
    match ev {
        TermEvent::Key(k) => Some(Event::Key(k)),
        TermEvent::Mouse(m) => Some(Event::Mouse(m)),
        TermEvent::Resize(w, h) => Some(Event::Resize(w, h)),
        _ => None,
    }
}

/// Copies text to the clipboard of the terminal (and of the machine behind SSH) with OSC 52.
fn copy_to_clipboard(text: &str) {
    use base64::Engine;
    use std::io::Write;
    let encoded = base64::engine::general_purpose::STANDARD.encode(text);
    let mut out = std::io::stdout();
    let _ = write!(out, "\x1b]52;c;{encoded}\x07");
    let _ = out.flush();
}
