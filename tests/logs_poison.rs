//! One log event that cannot be decoded (a lone surrogate `\ud800` in its
//! message) against moto: FilterLogEvents still returns the page, the valid
//! events around the poison one appear, and the log view counts it.

mod support;

use std::sync::Arc;
use std::time::Duration;

use ecsdeck::logs::tail::{TailEvent, TailMode, TailRequest, spawn_tail};
use ecsdeck::model::LogTarget;
use ecsdeck::source::{LogQuery, Source};
use ecsdeck::state::log_view::LogView;
use support::Emulator;

const GROUP: &str = "/ecs/poison";
const STREAM: &str = "ecs/app/t1";

/// PutLogEvents as raw JSON (the SDK cannot send a lone surrogate: Rust
/// strings are valid UTF-8), the way a buggy agent writes it.
fn put_raw(moto: &Emulator, events_json: &str) {
    let body = format!(
        r#"{{"logGroupName":"{GROUP}","logStreamName":"{STREAM}","logEvents":[{events_json}]}}"#
    );
    let (status, answer) = support::http(
        moto.port,
        "POST",
        "/",
        &[
            ("X-Amz-Target", "Logs_20140328.PutLogEvents"),
            ("Content-Type", "application/x-amz-json-1.1"),
            (
                "Authorization",
                "AWS4-HMAC-SHA256 Credential=test/20250101/us-east-1/logs/aws4_request, \
                 SignedHeaders=host, Signature=0",
            ),
        ],
        &body,
    )
    .expect("PutLogEvents");
    assert_eq!(status, 200, "{answer}");
}

/// A moto server with one stream holding a valid event, a poison one and a
/// valid one; returns the server and the time of the first event.
async fn seeded() -> (Emulator, i64) {
    let moto = Emulator::moto();
    let logs = aws_sdk_cloudwatchlogs::Client::new(&moto.sdk().await);
    logs.create_log_group()
        .log_group_name(GROUP)
        .send()
        .await
        .expect("group");
    logs.create_log_stream()
        .log_group_name(GROUP)
        .log_stream_name(STREAM)
        .send()
        .await
        .expect("stream");
    let base = chrono::Utc::now().timestamp_millis() - 60_000;
    put_raw(
        &moto,
        &format!(
            r#"{{"timestamp":{},"message":"INFO before the poison"}},
               {{"timestamp":{},"message":"ERROR cut \ud800 in half"}},
               {{"timestamp":{},"message":"INFO after the poison \ud83d\ude00"}}"#,
            base,
            base + 1,
            base + 2
        ),
    );
    (moto, base)
}

const EXPECTED: [&str; 3] = [
    "INFO before the poison",
    "ERROR cut \u{fffd} in half",
    "INFO after the poison 😀",
];

#[tokio::test(flavor = "multi_thread")]
async fn a_poison_event_is_shown_replaced_and_the_others_survive() {
    let (moto, base) = seeded().await;
    let source = moto.source().await;
    let page = source
        .log_events(&LogQuery {
            target: LogTarget {
                group: GROUP.into(),
                streams: vec![STREAM.into()],
            },
            start: chrono::DateTime::from_timestamp_millis(base - 1000).expect("start"),
            end: None,
            filter_pattern: String::new(),
            next_token: None,
        })
        .await
        .expect("the page decodes despite the poison event");
    let messages: Vec<&str> = page.lines.iter().map(|l| l.message.as_str()).collect();
    assert_eq!(messages, EXPECTED);

    let mut view = LogView::new(1000);
    view.push_lines(&page.lines, false);
    assert_eq!(view.undecodable(), 1);
    let status = view.status_text();
    assert!(status.contains("1 event could not be decoded"), "{status}");
}

#[tokio::test(flavor = "multi_thread")]
async fn the_tail_engine_falls_back_to_polling_and_shows_every_event() {
    let (moto, base) = seeded().await;
    let source: Arc<dyn Source> = Arc::new(moto.source().await);
    let target = LogTarget {
        group: GROUP.into(),
        streams: vec![STREAM.into()],
    };
    let start = chrono::DateTime::from_timestamp_millis(base - 1000).expect("start");
    let (tx, mut rx) = tokio::sync::mpsc::channel(64);
    let cancel = tokio_util::sync::CancellationToken::new();
    let task = spawn_tail(
        source,
        TailRequest::new(target, "", start),
        tx,
        cancel.clone(),
    );
    let mut view = LogView::new(1000);
    let mut modes = Vec::new();
    while view.received() < 3 {
        let event = tokio::time::timeout(Duration::from_secs(60), rx.recv())
            .await
            .expect("the tail keeps delivering")
            .expect("the tail is running");
        if let TailEvent::Mode(m) = &event {
            modes.push(m.clone());
        }
        view.apply(event);
    }
    cancel.cancel();
    let _ = task.await;
    assert!(
        matches!(modes.last(), Some(TailMode::Polling { .. })),
        "the live tail gave way to polling by itself: {modes:?}"
    );
    assert_eq!(view.undecodable(), 1);
    let status = view.status_text();
    assert!(
        status.starts_with("POLLING") && status.contains("1 event could not be decoded"),
        "{status}"
    );
    assert_eq!(view.received(), 3, "each event once");
}
