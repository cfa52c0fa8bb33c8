//! Tail engine tests against a scripted fake `Source`, in virtual time.

use std::collections::VecDeque;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use async_trait::async_trait;
use chrono::{TimeZone, Utc};
use ecsdeck::logs::tail::{TailEvent, TailMode, TailRequest, spawn_tail};
use ecsdeck::model::{
    Alarm, Cluster, LogLine, LogTarget, MetricSeries, Service, TargetGroup, Task, TaskDefinition,
    Time,
};
use ecsdeck::source::{
    CallCounter, ErrorKind, LiveTail, LiveTailUpdate, LogPage, LogQuery, Source, SourceError,
    SourceInfo, SourceResult, TaskScope,
};
use tokio::sync::mpsc;
use tokio::time::Instant;
use tokio_util::sync::CancellationToken;

fn t0() -> Time {
    Utc.timestamp_opt(1_700_000_000, 0).single().unwrap()
}

fn at(secs: i64) -> Time {
    t0() + chrono::TimeDelta::seconds(secs)
}

fn line(id: &str, secs: i64) -> LogLine {
    LogLine {
        event_id: id.into(),
        timestamp: Some(at(secs)),
        stream: "ecs/app/a1b2c3d4".into(),
        message: format!("message {id}"),
    }
}

fn page(lines: Vec<LogLine>, next: Option<&str>) -> SourceResult<LogPage> {
    Ok(LogPage {
        lines,
        next_token: next.map(str::to_owned),
        sampled: false,
    })
}

enum LiveScript {
    Fail(SourceError),
    /// Sends these updates, then closes the stream.
    Close(Vec<SourceResult<LiveTailUpdate>>),
    /// Sends these updates and keeps the stream open.
    Hold(Vec<SourceResult<LiveTailUpdate>>),
}

struct Fake {
    calls: CallCounter,
    started: Instant,
    pages: Mutex<VecDeque<SourceResult<LogPage>>>,
    queries: Mutex<Vec<(Duration, LogQuery)>>,
    live: Mutex<VecDeque<LiveScript>>,
    live_calls: AtomicUsize,
    held: Mutex<Vec<mpsc::Sender<SourceResult<LiveTailUpdate>>>>,
}

impl Fake {
    fn new(pages: Vec<SourceResult<LogPage>>, live: Vec<LiveScript>) -> Arc<Self> {
        Arc::new(Self {
            calls: CallCounter::default(),
            started: Instant::now(),
            pages: Mutex::new(pages.into()),
            queries: Mutex::new(Vec::new()),
            live: Mutex::new(live.into()),
            live_calls: AtomicUsize::new(0),
            held: Mutex::new(Vec::new()),
        })
    }

    fn queries(&self) -> Vec<(Duration, LogQuery)> {
        self.queries.lock().unwrap().clone()
    }
}

#[async_trait]
impl Source for Fake {
    fn info(&self) -> SourceInfo {
        SourceInfo {
            kind: "fake",
            label: "fake".into(),
        }
    }
    fn calls(&self) -> &CallCounter {
        &self.calls
    }
    fn now(&self) -> Time {
        t0() + chrono::TimeDelta::from_std(self.started.elapsed()).unwrap()
    }
    async fn clusters(&self) -> SourceResult<Vec<Cluster>> {
        Ok(vec![])
    }
    async fn services(&self, _: &str) -> SourceResult<Vec<Service>> {
        Ok(vec![])
    }
    async fn tasks(&self, _: &str, _: &TaskScope) -> SourceResult<Vec<Task>> {
        Ok(vec![])
    }
    async fn target_groups(&self, _: &[String]) -> SourceResult<Vec<TargetGroup>> {
        Ok(vec![])
    }
    async fn alarms(&self) -> SourceResult<Vec<Alarm>> {
        Ok(vec![])
    }
    async fn metrics(
        &self,
        _: &str,
        _: &[Service],
        _: &[TargetGroup],
    ) -> SourceResult<Vec<MetricSeries>> {
        Ok(vec![])
    }
    async fn task_definition_revisions(&self, _: &str) -> SourceResult<Vec<String>> {
        Ok(vec![])
    }
    async fn task_definition(&self, arn: &str) -> SourceResult<TaskDefinition> {
        Err(SourceError::new(
            ErrorKind::NotFound,
            "ecs:DescribeTaskDefinition",
            arn,
        ))
    }
    async fn log_events(&self, query: &LogQuery) -> SourceResult<LogPage> {
        self.queries
            .lock()
            .unwrap()
            .push((self.started.elapsed(), query.clone()));
        self.pages
            .lock()
            .unwrap()
            .pop_front()
            .unwrap_or_else(|| page(vec![], None))
    }
    async fn caller_identity(&self) -> SourceResult<String> {
        Ok("fake".into())
    }
    async fn live_tail(&self, _: &LogTarget, _: &str) -> SourceResult<LiveTail> {
        self.live_calls.fetch_add(1, Ordering::SeqCst);
        let script = self.live.lock().unwrap().pop_front();
        let (updates, hold) = match script {
            None => {
                return Err(SourceError::new(
                    ErrorKind::Unsupported,
                    "logs:StartLiveTail",
                    "live tail is not supported by this source",
                ));
            }
            Some(LiveScript::Fail(e)) => return Err(e),
            Some(LiveScript::Close(u)) => (u, false),
            Some(LiveScript::Hold(u)) => (u, true),
        };
        let (tx, rx) = mpsc::channel(updates.len() + 1);
        for u in updates {
            tx.try_send(u).unwrap();
        }
        if hold {
            self.held.lock().unwrap().push(tx);
        }
        Ok(LiveTail { updates: rx })
    }
}

fn request() -> TailRequest {
    TailRequest::new(
        LogTarget {
            group: "/ecs/api".into(),
            streams: vec![],
        },
        "",
        at(-300),
    )
}

async fn next(rx: &mut mpsc::Receiver<TailEvent>) -> TailEvent {
    tokio::time::timeout(Duration::from_secs(600), rx.recv())
        .await
        .expect("no event within 10 virtual minutes")
        .expect("tail ended")
}

/// Collects events until `n` lines have arrived; returns (ids, all events).
async fn collect_lines(
    rx: &mut mpsc::Receiver<TailEvent>,
    n: usize,
) -> (Vec<String>, Vec<TailEvent>) {
    let mut ids = Vec::new();
    let mut events = Vec::new();
    while ids.len() < n {
        let ev = next(rx).await;
        if let TailEvent::Lines { lines, .. } = &ev {
            ids.extend(lines.iter().map(|l| l.event_id.clone()));
        }
        events.push(ev);
    }
    (ids, events)
}

fn modes(events: &[TailEvent]) -> Vec<TailMode> {
    events
        .iter()
        .filter_map(|e| match e {
            TailEvent::Mode(m) => Some(m.clone()),
            _ => None,
        })
        .collect()
}

#[tokio::test(start_paused = true)]
async fn falls_back_to_polling_when_live_tail_is_unsupported() {
    let fake = Fake::new(vec![page(vec![line("a", 0)], None)], vec![]);
    let (tx, mut rx) = mpsc::channel(16);
    let cancel = CancellationToken::new();
    let h = spawn_tail(fake.clone(), request(), tx, cancel.clone());
    let first = next(&mut rx).await;
    match first {
        TailEvent::Mode(TailMode::Polling { reason }) => {
            assert!(reason.contains("unsupported"), "{reason}")
        }
        other => panic!("unexpected {other:?}"),
    }
    let (ids, events) = collect_lines(&mut rx, 1).await;
    assert_eq!(ids, vec!["a"]);
    // Unsupported is an expected fallback, not an error to show.
    assert!(!events.iter().any(|e| matches!(e, TailEvent::Error(_))));
    cancel.cancel();
    h.await.unwrap();
}

#[tokio::test(start_paused = true)]
async fn dedupes_overlapping_polls_and_advances_start_with_overlap() {
    let fake = Fake::new(
        vec![
            page(vec![line("a", 0), line("b", 20)], None),
            page(vec![line("b", 20), line("c", 25)], None),
            page(vec![line("c", 25), line("d", 30)], None),
        ],
        vec![],
    );
    let (tx, mut rx) = mpsc::channel(16);
    let cancel = CancellationToken::new();
    let h = spawn_tail(fake.clone(), request(), tx, cancel.clone());
    let (ids, _) = collect_lines(&mut rx, 4).await;
    assert_eq!(ids, vec!["a", "b", "c", "d"]);
    let q = fake.queries();
    assert_eq!(q[0].1.start, at(-300));
    // Newest seen (20 s) minus the 10 s overlap.
    assert_eq!(q[1].1.start, at(10));
    assert_eq!(q[2].1.start, at(15));
    // Polls are spaced by the poll interval.
    assert_eq!(q[1].0 - q[0].0, Duration::from_millis(1500));
    cancel.cancel();
    h.await.unwrap();
}

#[tokio::test(start_paused = true)]
async fn paginates_with_next_token_within_one_poll() {
    let fake = Fake::new(
        vec![
            page(vec![line("a", 0)], Some("p2")),
            page(vec![], Some("p3")),
            page(vec![line("b", 1)], None),
        ],
        vec![],
    );
    let (tx, mut rx) = mpsc::channel(16);
    let cancel = CancellationToken::new();
    let h = spawn_tail(fake.clone(), request(), tx, cancel.clone());
    let (ids, _) = collect_lines(&mut rx, 2).await;
    assert_eq!(ids, vec!["a", "b"]);
    // Wait for the next poll.
    tokio::time::sleep(Duration::from_secs(2)).await;
    let q = fake.queries();
    let tokens: Vec<Option<String>> = q.iter().map(|(_, q)| q.next_token.clone()).collect();
    assert_eq!(
        tokens[..4],
        [None, Some("p2".into()), Some("p3".into()), None]
    );
    // Pages of one poll share the start time and come back to back.
    assert_eq!(q[1].1.start, q[0].1.start);
    assert_eq!(q[2].0, q[0].0);
    cancel.cancel();
    h.await.unwrap();
}

#[tokio::test(start_paused = true)]
async fn backs_off_exponentially_on_throttling_then_recovers() {
    let throttled = || {
        Err(SourceError::new(
            ErrorKind::Throttled,
            "logs:FilterLogEvents",
            "Rate exceeded",
        ))
    };
    let mut pages: Vec<SourceResult<LogPage>> = (0..6).map(|_| throttled()).collect();
    pages.push(page(vec![line("a", 0)], None));
    let fake = Fake::new(pages, vec![]);
    let (tx, mut rx) = mpsc::channel(64);
    let cancel = CancellationToken::new();
    let h = spawn_tail(fake.clone(), request(), tx, cancel.clone());
    let (_, events) = collect_lines(&mut rx, 1).await;
    let errors: Vec<&SourceError> = events
        .iter()
        .filter_map(|e| match e {
            TailEvent::Error(e) => Some(e),
            _ => None,
        })
        .collect();
    assert_eq!(errors.len(), 6);
    assert_eq!(errors[0].hint.as_deref(), Some("retrying in 3.0 s"));
    assert_eq!(errors[5].hint.as_deref(), Some("retrying in 30.0 s"));
    tokio::time::sleep(Duration::from_secs(2)).await;
    let q = fake.queries();
    let gaps: Vec<u64> = q
        .windows(2)
        .map(|w| (w[1].0 - w[0].0).as_millis() as u64)
        .collect();
    assert_eq!(
        gaps[..7],
        [3_000, 6_000, 12_000, 24_000, 30_000, 30_000, 1_500]
    );
    cancel.cancel();
    h.await.unwrap();
}

#[tokio::test(start_paused = true)]
async fn restarts_ended_live_tail_then_falls_back_visibly() {
    let snapshot = |ids: &[(&str, i64)]| {
        vec![Ok(LiveTailUpdate {
            lines: ids.iter().map(|(id, s)| line(id, *s)).collect(),
            sampled: false,
        })]
    };
    // Like moto: every session sends one snapshot and closes.
    let fake = Fake::new(
        vec![page(vec![line("b", 1), line("e", 5)], None)],
        vec![
            LiveScript::Close(snapshot(&[("a", 0)])),
            LiveScript::Close(snapshot(&[("a", 0), ("b", 1)])),
            LiveScript::Close(snapshot(&[("b", 1), ("c", 2)])),
            LiveScript::Close(snapshot(&[("d", 3)])),
        ],
    );
    let (tx, mut rx) = mpsc::channel(64);
    let cancel = CancellationToken::new();
    let h = spawn_tail(fake.clone(), request(), tx, cancel.clone());
    let (ids, events) = collect_lines(&mut rx, 5).await;
    assert_eq!(ids, vec!["a", "b", "c", "d", "e"]);
    assert_eq!(fake.live_calls.load(Ordering::SeqCst), 4);
    let m = modes(&events);
    assert_eq!(m[0], TailMode::LiveTail);
    assert!(matches!(
        m[1],
        TailMode::Reconnecting {
            attempt: 1,
            max: 3,
            ..
        }
    ));
    assert_eq!(m[2], TailMode::LiveTail);
    assert!(matches!(
        m[5],
        TailMode::Reconnecting {
            attempt: 3,
            max: 3,
            ..
        }
    ));
    assert_eq!(m[6], TailMode::LiveTail);
    match &m[7] {
        TailMode::Polling { reason } => assert!(reason.contains("closed"), "{reason}"),
        other => panic!("unexpected {other:?}"),
    }
    // Polling resumes from the newest live event minus the overlap.
    assert_eq!(fake.queries()[0].1.start, at(-7).max(at(-300)));
    cancel.cancel();
    h.await.unwrap();
}

#[tokio::test(start_paused = true)]
async fn access_denied_live_tail_falls_back_with_an_error() {
    let fake = Fake::new(
        vec![page(vec![line("a", 0)], None)],
        vec![LiveScript::Fail(SourceError::new(
            ErrorKind::AccessDenied,
            "logs:StartLiveTail",
            "not authorized",
        ))],
    );
    let (tx, mut rx) = mpsc::channel(16);
    let cancel = CancellationToken::new();
    let h = spawn_tail(fake.clone(), request(), tx, cancel.clone());
    let (_, events) = collect_lines(&mut rx, 1).await;
    assert!(matches!(&events[0], TailEvent::Error(e) if e.kind == ErrorKind::AccessDenied));
    match &events[1] {
        TailEvent::Mode(TailMode::Polling { reason }) => {
            assert!(reason.contains("access denied"), "{reason}")
        }
        other => panic!("unexpected {other:?}"),
    }
    cancel.cancel();
    h.await.unwrap();
}

#[tokio::test(start_paused = true)]
async fn a_burst_arrives_as_a_few_batches() {
    let updates: Vec<SourceResult<LiveTailUpdate>> = (0..100)
        .map(|u| {
            Ok(LiveTailUpdate {
                lines: (0..100).map(|i| line(&format!("{u}-{i}"), u)).collect(),
                sampled: u == 50,
            })
        })
        .collect();
    let fake = Fake::new(vec![], vec![LiveScript::Hold(updates)]);
    let (tx, mut rx) = mpsc::channel(8);
    let cancel = CancellationToken::new();
    let h = spawn_tail(fake.clone(), request(), tx, cancel.clone());
    let (ids, events) = collect_lines(&mut rx, 10_000).await;
    assert_eq!(ids.len(), 10_000);
    let batches: Vec<(usize, bool)> = events
        .iter()
        .filter_map(|e| match e {
            TailEvent::Lines { lines, sampled } => Some((lines.len(), *sampled)),
            _ => None,
        })
        .collect();
    assert!(batches.len() <= 3, "{batches:?}");
    assert!(batches.iter().any(|b| b.1), "sampled flag lost");
    assert!(events.iter().any(|e| matches!(e, TailEvent::Lag(_))));
    cancel.cancel();
    h.await.unwrap();
}

#[tokio::test(start_paused = true)]
async fn cancellation_stops_the_task() {
    let fake = Fake::new(vec![], vec![]);
    let (tx, mut rx) = mpsc::channel(16);
    let cancel = CancellationToken::new();
    let h = spawn_tail(fake.clone(), request(), tx, cancel.clone());
    let _ = next(&mut rx).await;
    cancel.cancel();
    tokio::time::timeout(Duration::from_secs(1), h)
        .await
        .expect("task did not stop")
        .unwrap();
    let polls = fake.queries().len();
    tokio::time::sleep(Duration::from_secs(30)).await;
    assert_eq!(fake.queries().len(), polls);
}

#[tokio::test(start_paused = true)]
async fn dropping_the_receiver_stops_the_task() {
    let fake = Fake::new(vec![], vec![]);
    let (tx, rx) = mpsc::channel(1);
    let h = spawn_tail(fake.clone(), request(), tx, CancellationToken::new());
    drop(rx);
    tokio::time::timeout(Duration::from_secs(60), h)
        .await
        .expect("task did not stop")
        .unwrap();
}
