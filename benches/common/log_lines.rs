//! CloudWatch-shaped log lines for the log benchmarks and examples/log_ingest.rs:
//! JSON access logs from three streams, and every tenth line a coloured WARN
//! with ANSI escapes (as real containers print), so the sanitiser has work.

#![allow(dead_code)]

use chrono::{TimeZone, Utc};
use ecsdeck::model::LogLine;

/// Line number `i`; timestamps rise by 1 ms per line.
pub fn line(i: usize) -> LogLine {
    let stream = match i % 3 {
        0 => "ecs/app/a1b2c3d4e5f6",
        1 => "ecs/app/0f9e8d7c6b5a",
        _ => "ecs/worker/ffee00112233",
    };
    let message = if i.is_multiple_of(10) {
        format!(
            "\x1b[2m2024-05-01T12:00:00Z\x1b[0m \x1b[33mWARN\x1b[0m slow query took {}ms table=orders id={i}",
            i % 900
        )
    } else {
        format!(
            "{{\"level\":\"info\",\"msg\":\"handled request\",\"path\":\"/api/orders/{i}\",\"status\":200,\"duration_ms\":{},\"request_id\":\"{:016x}\"}}",
            i % 97,
            i * 7919
        )
    };
    LogLine {
        event_id: i.to_string(),
        timestamp: Utc
            .timestamp_millis_opt(1_700_000_000_000 + i as i64)
            .single(),
        stream: stream.into(),
        message,
    }
}

/// Lines `start..start + n`.
pub fn batch(start: usize, n: usize) -> Vec<LogLine> {
    (start..start + n).map(line).collect()
}
