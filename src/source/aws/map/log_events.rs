//! CloudWatch Logs events (filtered and live tail).

use aws_sdk_cloudwatchlogs::types as logs;

use crate::model::LogLine;

use super::{log_time, opt, s};

/// A FilterLogEvents event.
pub(crate) fn filtered_event(e: &logs::FilteredLogEvent) -> LogLine {
    let ts = e.timestamp().or(e.ingestion_time()).unwrap_or_default();
    let stream = s(e.log_stream_name());
    LogLine {
        event_id: opt(e.event_id())
            .unwrap_or_else(|| synthetic_event_id(ts, &stream, e.message().unwrap_or_default())),
        timestamp: log_time(e.timestamp(), e.ingestion_time()),
        stream,
        message: s(e.message()),
    }
}

/// A live tail event. Live tail carries no event id; one is derived from
/// time, stream and message so that consumers can still deduplicate.
pub(crate) fn live_tail_event(e: &logs::LiveTailSessionLogEvent) -> LogLine {
    let ts = e.timestamp().or(e.ingestion_time()).unwrap_or_default();
    let stream = s(e.log_stream_name());
    let message = s(e.message());
    LogLine {
        event_id: synthetic_event_id(ts, &stream, &message),
        timestamp: log_time(e.timestamp(), e.ingestion_time()),
        stream,
        message,
    }
}

fn synthetic_event_id(ts: i64, stream: &str, message: &str) -> String {
    // FNV-1a: stable across runs and platforms.
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in stream.bytes().chain([0]).chain(message.bytes()) {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    format!("lt-{ts}-{h:016x}")
}
