//! The tail engine: a tokio task that follows a log target and sends batches
//! of new lines to the app.
//!
//! It first tries a CloudWatch Logs live tail ([`Source::live_tail`]). When
//! that is unsupported, denied, fails, or keeps ending, it falls back to
//! polling [`Source::log_events`] (FilterLogEvents semantics), and says so with
//! a [`TailEvent::Mode`] so the status line can show which mode is active.
//!
//! Polling paginates with `next_token` within one poll, deduplicates by event
//! id across polls ([`Dedupe`]), advances the start time to the newest event
//! seen minus an overlap (late events are not lost), and backs off
//! exponentially (up to [`TailRequest::max_backoff`]) on errors such as
//! throttling, returning to the normal interval after a success.
//!
//! Lines are coalesced: a burst of thousands of lines a second arrives as a
//! few [`TailEvent::Lines`] batches, over a bounded channel, so the app's event
//! loop is never flooded.

use std::sync::Arc;
use std::time::Duration;

use tokio::sync::mpsc::Sender;
use tokio::task::JoinHandle;
use tokio::time::Instant;
use tokio_util::sync::CancellationToken;

use super::dedupe::Dedupe;
use crate::model::{LogLine, LogTarget, Time};
use crate::source::{ErrorKind, LiveTail, LogQuery, Source, SourceError};

/// What to tail and how.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TailRequest {
    /// Log group and streams.
    pub(crate) target: LogTarget,
    /// CloudWatch filter pattern (empty for everything).
    pub(crate) filter_pattern: String,
    /// Earliest event time to show.
    pub(crate) start: Time,
    /// Pause between polls when polling (default 1.5 s).
    pub(crate) poll_interval: Duration,
    /// How far back each poll re-reads, for late events (default 10 s).
    pub(crate) overlap: Duration,
    /// Ceiling of the exponential backoff on errors (default 30 s).
    pub(crate) max_backoff: Duration,
    /// Consecutive live tail restarts before falling back to polling (default 3).
    pub(crate) max_live_restarts: u32,
    /// How long live tail lines are gathered before being sent (default 100 ms).
    pub(crate) coalesce: Duration,
    /// Most lines in one [`TailEvent::Lines`] (default 5,000).
    pub(crate) max_batch: usize,
    /// Most pages read in one poll (default 50).
    pub(crate) max_pages_per_poll: usize,
}

impl TailRequest {
    /// A request with default timings.
    pub fn new(target: LogTarget, filter_pattern: impl Into<String>, start: Time) -> Self {
        Self {
            target,
            filter_pattern: filter_pattern.into(),
            start,
            poll_interval: Duration::from_millis(1500),
            overlap: Duration::from_secs(10),
            max_backoff: Duration::from_secs(30),
            max_live_restarts: 3,
            coalesce: Duration::from_millis(100),
            max_batch: 5_000,
            max_pages_per_poll: 50,
        }
    }
}

/// How the tail currently gets its lines.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TailMode {
    /// Streaming with StartLiveTail.
    LiveTail,
    /// The live tail stream ended; reconnecting (attempt of max).
    Reconnecting {
        /// 1-based attempt number.
        attempt: u32,
        /// Attempts allowed before falling back to polling.
        max: u32,
        /// Why the stream ended.
        reason: String,
    },
    /// Polling FilterLogEvents.
    Polling {
        /// Why live tail is not used.
        reason: String,
    },
}

impl TailMode {}

/// What the tail engine tells the app.
#[derive(Debug, Clone, PartialEq)]
pub enum TailEvent {
    /// The mode changed.
    Mode(TailMode),
    /// New lines (deduplicated, oldest first within the batch).
    Lines {
        /// The lines.
        lines: Vec<LogLine>,
        /// Whether CloudWatch said it sampled or truncated events.
        sampled: bool,
    },
    /// A fetch failed; the engine keeps going (retrying or falling back).
    Error(SourceError),
    /// How far behind real time the view is, as of now: in live tail, the
    /// delivery delay of the newest line; when polling, the age of the last
    /// successful poll (it grows while errors or backoff last).
    ///
    /// Sent after every successful batch or poll, and before the
    /// [`TailEvent::Error`] of a failed poll: a `Lag` not followed by an
    /// `Error` means the source is healthy again.
    Lag(Duration),
}

/// Starts the tail engine on the current tokio runtime.
///
/// The task ends when `cancel` is cancelled or the receiver of `tx` is dropped.
pub fn spawn_tail(
    source: Arc<dyn Source>,
    request: TailRequest,
    tx: Sender<TailEvent>,
    cancel: CancellationToken,
) -> JoinHandle<()> {
    tokio::spawn(run_tail(source, request, tx, cancel))
}

/// The engine's body, for callers that drive it themselves.
pub(crate) async fn run_tail(
    source: Arc<dyn Source>,
    request: TailRequest,
    tx: Sender<TailEvent>,
    cancel: CancellationToken,
) {
    let mut engine = Engine {
        dedupe: Dedupe::default(),
        high_water: None,
        source,
        request,
        tx,
        cancel,
    };
    let _ = engine.run().await;
}

/// The engine must stop (cancelled, or nobody listens any more).
struct Stop;

enum StreamEnd {
    Closed,
    Failed(SourceError),
}

struct Engine {
    source: Arc<dyn Source>,
    request: TailRequest,
    tx: Sender<TailEvent>,
    cancel: CancellationToken,
    dedupe: Dedupe,
    /// Newest event time seen.
    high_water: Option<Time>,
}

fn to_std(d: chrono::TimeDelta) -> Duration {
    d.to_std().unwrap_or(Duration::ZERO)
}

fn to_chrono(d: Duration) -> chrono::TimeDelta {
    chrono::TimeDelta::from_std(d).unwrap_or(chrono::TimeDelta::zero())
}

impl Engine {
    async fn run(&mut self) -> Result<(), Stop> {
        let reason = self.live_phase().await?;
        self.send(TailEvent::Mode(TailMode::Polling { reason }))
            .await?;
        self.poll_loop().await
    }

    async fn send(&self, event: TailEvent) -> Result<(), Stop> {
        tokio::select! {
            biased;
            _ = self.cancel.cancelled() => Err(Stop),
            r = self.tx.send(event) => r.map_err(|_| Stop),
        }
    }

    async fn sleep(&self, d: Duration) -> Result<(), Stop> {
        tokio::select! {
            biased;
            _ = self.cancel.cancelled() => Err(Stop),
            _ = tokio::time::sleep(d) => Ok(()),
        }
    }

    /// Runs live tail sessions until they are given up; returns why.
    async fn live_phase(&mut self) -> Result<String, Stop> {
        let max = self.request.max_live_restarts;
        let mut attempt = 0;
        loop {
            let source = Arc::clone(&self.source);
            let started = tokio::select! {
                biased;
                _ = self.cancel.cancelled() => return Err(Stop),
                r = source.live_tail(&self.request.target, &self.request.filter_pattern) => r,
            };
            let live = match started {
                Ok(live) => live,
                Err(e) => {
                    let reason = format!("StartLiveTail {}: {}", kind_word(e.kind), e.message);
                    if e.kind != ErrorKind::Unsupported {
                        self.send(TailEvent::Error(e)).await?;
                    }
                    return Ok(reason);
                }
            };
            self.send(TailEvent::Mode(TailMode::LiveTail)).await?;
            let opened = Instant::now();
            let reason = match self.stream(live).await? {
                StreamEnd::Closed => "live tail stream closed by the server".to_owned(),
                StreamEnd::Failed(e) => {
                    let fatal = matches!(e.kind, ErrorKind::AccessDenied | ErrorKind::Unsupported);
                    let reason = format!("live tail failed: {}", e.message);
                    self.send(TailEvent::Error(e)).await?;
                    if fatal {
                        return Ok(reason);
                    }
                    reason
                }
            };
            // A session that ran for a while was healthy: start counting anew.
            if opened.elapsed() >= Duration::from_secs(60) {
                attempt = 0;
            }
            attempt += 1;
            if attempt > max {
                return Ok(format!("{reason} ({max} restarts)"));
            }
            self.send(TailEvent::Mode(TailMode::Reconnecting {
                attempt,
                max,
                reason,
            }))
            .await?;
            self.sleep(Duration::from_secs(u64::from(attempt))).await?;
        }
    }

    /// Forwards one live tail session, coalescing updates into batches.
    async fn stream(&mut self, mut live: LiveTail) -> Result<StreamEnd, Stop> {
        let mut pending: Vec<LogLine> = Vec::new();
        let mut sampled = false;
        let mut flush_at: Option<Instant> = None;
        loop {
            let deadline = flush_at;
            tokio::select! {
                biased;
                _ = self.cancel.cancelled() => return Err(Stop),
                _ = tokio::time::sleep_until(deadline.unwrap_or_else(Instant::now)), if deadline.is_some() => {
                    self.flush_live(&mut pending, &mut sampled).await?;
                    flush_at = None;
                }
                msg = live.updates.recv() => match msg {
                    Some(Ok(update)) => {
                        sampled |= update.sampled;
                        for line in update.lines {
                            if self.dedupe.insert(&line.event_id, line.timestamp) {
                                pending.push(line);
                            }
                        }
                        if pending.len() >= self.request.max_batch {
                            self.flush_live(&mut pending, &mut sampled).await?;
                            flush_at = None;
                        } else if flush_at.is_none() && (!pending.is_empty() || sampled) {
                            flush_at = Some(Instant::now() + self.request.coalesce);
                        }
                    }
                    Some(Err(e)) => {
                        self.flush_live(&mut pending, &mut sampled).await?;
                        return Ok(StreamEnd::Failed(e));
                    }
                    None => {
                        self.flush_live(&mut pending, &mut sampled).await?;
                        return Ok(StreamEnd::Closed);
                    }
                }
            }
        }
    }

    async fn flush_live(
        &mut self,
        pending: &mut Vec<LogLine>,
        sampled: &mut bool,
    ) -> Result<(), Stop> {
        if pending.is_empty() && !*sampled {
            return Ok(());
        }
        let lines = std::mem::take(pending);
        let newest = lines.iter().filter_map(|l| l.timestamp).max();
        if let Some(n) = newest {
            self.high_water = Some(self.high_water.map_or(n, |h| h.max(n)));
        }
        let was_sampled = std::mem::take(sampled);
        self.send(TailEvent::Lines {
            lines,
            sampled: was_sampled,
        })
        .await?;
        if let Some(n) = newest {
            self.send(TailEvent::Lag(to_std(self.source.now() - n)))
                .await?;
        }
        Ok(())
    }

    async fn poll_loop(&mut self) -> Result<(), Stop> {
        let mut backoff: Option<Duration> = None;
        let mut last_success: Option<Time> = None;
        loop {
            let overlap = to_chrono(self.request.overlap);
            let start = self.high_water.map_or(self.request.start, |h| {
                (h - overlap).max(self.request.start)
            });
            let fetched_at = self.source.now();
            match self.poll_once(start).await? {
                Ok(()) => {
                    backoff = None;
                    last_success = Some(fetched_at);
                    self.dedupe.forget_before(start);
                    self.send(TailEvent::Lag(to_std(self.source.now() - fetched_at)))
                        .await?;
                    self.sleep(self.request.poll_interval).await?;
                }
                Err(mut e) => {
                    let next = backoff.map_or(self.request.poll_interval * 2, |b| b * 2);
                    let next = next.min(self.request.max_backoff);
                    backoff = Some(next);
                    if e.hint.is_none() {
                        e.hint = Some(format!("retrying in {:.1} s", next.as_secs_f64()));
                    }
                    // Lag first: a view clears its error banner on `Lag`,
                    // and the error that follows sets it again.
                    if let Some(t) = last_success {
                        self.send(TailEvent::Lag(to_std(self.source.now() - t)))
                            .await?;
                    }
                    self.send(TailEvent::Error(e)).await?;
                    self.sleep(next).await?;
                }
            }
        }
    }

    /// One poll: every page from `start`, new lines sent as they come.
    async fn poll_once(&mut self, start: Time) -> Result<Result<(), SourceError>, Stop> {
        let mut token: Option<String> = None;
        let mut pages = 0;
        loop {
            let query = LogQuery {
                target: self.request.target.clone(),
                start,
                end: None,
                filter_pattern: self.request.filter_pattern.clone(),
                next_token: token.clone(),
            };
            let source = Arc::clone(&self.source);
            let result = tokio::select! {
                biased;
                _ = self.cancel.cancelled() => return Err(Stop),
                r = source.log_events(&query) => r,
            };
            let page = match result {
                Ok(page) => page,
                Err(e) => return Ok(Err(e)),
            };
            let mut fresh: Vec<LogLine> = Vec::with_capacity(page.lines.len());
            for line in page.lines {
                if self.dedupe.insert(&line.event_id, line.timestamp) {
                    if let Some(ts) = line.timestamp {
                        self.high_water = Some(self.high_water.map_or(ts, |h| h.max(ts)));
                    }
                    fresh.push(line);
                }
            }
            if page.sampled && fresh.is_empty() {
                self.send(TailEvent::Lines {
                    lines: Vec::new(),
                    sampled: true,
                })
                .await?;
            }
            while !fresh.is_empty() {
                let rest = if fresh.len() > self.request.max_batch {
                    fresh.split_off(self.request.max_batch)
                } else {
                    Vec::new()
                };
                let lines = std::mem::replace(&mut fresh, rest);
                self.send(TailEvent::Lines {
                    lines,
                    sampled: page.sampled,
                })
                .await?;
            }
            pages += 1;
            match page.next_token {
                Some(next)
                    if pages < self.request.max_pages_per_poll
                        && token.as_deref() != Some(next.as_str()) =>
                {
                    token = Some(next);
                }
                _ => return Ok(Ok(())),
            }
        }
    }
}

fn kind_word(kind: ErrorKind) -> &'static str {
    match kind {
        ErrorKind::Throttled => "throttled",
        ErrorKind::AccessDenied => "access denied",
        ErrorKind::Credentials => "credentials",
        ErrorKind::NotFound => "not found",
        ErrorKind::Network => "network error",
        ErrorKind::Server => "server error",
        ErrorKind::ReadOnly => "read-only",
        ErrorKind::InvalidInput => "invalid input",
        ErrorKind::Unsupported => "unsupported",
        ErrorKind::Other => "failed",
    }
}
