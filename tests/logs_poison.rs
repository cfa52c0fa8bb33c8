//! One log event that cannot be decoded (a lone surrogate `\ud800` in its
//! message) against moto: FilterLogEvents still returns the page, the valid
//! events around the poison one appear, and the log view counts it.

mod support;

use ecsdeck::logs::view::LogView;
use ecsdeck::model::LogTarget;
use ecsdeck::source::{LogQuery, Source};
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

#[tokio::test(flavor = "multi_thread")]
async fn a_poison_event_is_shown_replaced_and_the_others_survive() {
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
    assert_eq!(
        messages,
        [
            "INFO before the poison",
            "ERROR cut \u{fffd} in half",
            "INFO after the poison 😀"
        ]
    );

    let mut view = LogView::new(1000);
    view.push_lines(&page.lines, false);
    assert_eq!(view.undecodable(), 1);
    let status = view.status_text();
    assert!(status.contains("1 event could not be decoded"), "{status}");
}
