//! Log view tests: follow/scroll/search/error-jump semantics and snapshots of
//! the rendered view.

use std::time::Duration;

use chrono::{TimeZone, Utc};
use ecsdeck::logs::tail::{TailEvent, TailMode};
use ecsdeck::model::{Container, HealthStatus, LogLine, Task, TaskStatus, Time};
use ecsdeck::source::{ErrorKind, SourceError};
use ecsdeck::state::log_view::LogView;
use ecsdeck::theme::Theme;
use ecsdeck::ui::render_log;
use insta::assert_snapshot;
use ratatui::Terminal;
use ratatui::backend::TestBackend;

fn at_ms(ms: i64) -> Time {
    Utc.timestamp_millis_opt(1_700_000_000_000 + ms)
        .single()
        .unwrap()
}

const APP: &str = "ecs/app/a1b2c3d4e5f6";
const WORKER: &str = "ecs/worker/ffee00112233";

fn log(i: usize, stream: &str, msg: impl Into<String>) -> LogLine {
    LogLine {
        event_id: format!("e{i}"),
        timestamp: Some(at_ms(i as i64 * 250)),
        stream: stream.into(),
        message: msg.into(),
    }
}

fn sample_lines(n: usize) -> Vec<LogLine> {
    (0..n)
        .map(|i| {
            let (stream, msg) = match i % 7 {
                0 => (WORKER, format!("job {i} picked up from queue orders")),
                3 => (APP, format!("GET /api/orders/{i} 200 12ms")),
                5 if i % 35 == 5 => (APP, format!("upstream timeout after 3000ms request_id={i}")),
                6 if i % 49 == 6 => (APP, format!("\"POST /api/pay HTTP/1.1\" 503 {i}")),
                _ => (APP, format!("handled request {i} in {}ms", i % 97)),
            };
            log(i, stream, msg)
        })
        .collect()
}

fn view_with(n: usize, capacity: usize) -> LogView {
    let mut v = LogView::new(capacity);
    v.apply(TailEvent::Mode(TailMode::LiveTail));
    v.apply(TailEvent::Lines {
        lines: sample_lines(n),
        sampled: false,
    });
    v.apply(TailEvent::Lag(Duration::from_millis(2100)));
    v
}

fn draw(view: &LogView, w: u16, h: u16) -> TestBackend {
    draw_with(view, w, h, &Theme::colored())
}

fn draw_with(view: &LogView, w: u16, h: u16, theme: &Theme) -> TestBackend {
    let mut term = Terminal::new(TestBackend::new(w, h)).unwrap();
    term.draw(|f| {
        let area = f.area();
        render_log(view, area, f.buffer_mut(), theme)
    })
    .unwrap();
    term.backend().clone()
}

fn text_at(view: &LogView, i: usize) -> String {
    view.entry(i).unwrap().line.text().to_owned()
}

// ----- semantics ---------------------------------------------------------------

#[test]
fn following_shows_the_newest_lines() {
    let mut v = view_with(100, 1000);
    v.set_viewport_rows(10);
    assert!(v.is_following());
    assert_eq!(v.top_index(), 90);
}

#[test]
fn pausing_keeps_the_view_still_while_lines_arrive_and_evict() {
    let mut v = view_with(100, 100);
    v.set_viewport_rows(10);
    v.toggle_follow();
    assert!(!v.is_following());
    v.scroll_up(20);
    let top_text = text_at(&v, v.top_index());
    v.push_lines(
        &(100..130)
            .map(|i| log(i, APP, format!("new {i}")))
            .collect::<Vec<_>>(),
        false,
    );
    assert_eq!(v.dropped(), 30);
    assert_eq!(v.received(), 130);
    assert_eq!(text_at(&v, v.top_index()), top_text);
    v.toggle_follow();
    assert!(v.is_following());
    assert_eq!(text_at(&v, v.len() - 1), "new 129");
}

#[test]
fn scroll_semantics() {
    let mut v = view_with(100, 1000);
    v.set_viewport_rows(10);
    v.scroll_down(5); // following: no-op
    assert!(v.is_following());
    v.page_up();
    assert!(!v.is_following());
    assert_eq!(v.top_index(), 81);
    v.scroll_down(1000);
    assert_eq!(v.top_index(), 90);
    assert!(
        !v.is_following(),
        "scrolling to the end does not resume follow"
    );
    v.scroll_to_top();
    assert_eq!(v.top_index(), 0);
    v.page_down();
    assert_eq!(v.top_index(), 9);
    v.scroll_up(100);
    assert_eq!(v.top_index(), 0);
    v.scroll_to_bottom();
    assert!(v.is_following());
}

#[test]
fn lines_are_merged_by_time() {
    let mut v = LogView::new(100);
    let mut a = log(0, APP, "third");
    a.timestamp = Some(at_ms(3000));
    let mut b = log(1, WORKER, "first");
    b.timestamp = Some(at_ms(1000));
    let mut c = log(2, APP, "second");
    c.timestamp = Some(at_ms(2000));
    v.push_lines(&[a, b, c], false);
    let texts: Vec<String> = (0..3).map(|i| text_at(&v, i)).collect();
    assert_eq!(texts, ["first", "second", "third"]);
}

/// An event without a time stays where it arrived (a dated one is not moved
/// above it) and its time column reads `–`, not 1970.
#[test]
fn undated_lines_keep_their_place_and_show_a_dash() {
    let mut v = LogView::new(100);
    let mut a = log(0, APP, "dated late");
    a.timestamp = Some(at_ms(3000));
    let mut b = log(1, WORKER, "undated");
    b.timestamp = None;
    let mut c = log(2, APP, "dated early");
    c.timestamp = Some(at_ms(1000));
    v.push_lines(&[a, b, c], false);
    let texts: Vec<String> = (0..3).map(|i| text_at(&v, i)).collect();
    assert_eq!(texts, ["dated late", "undated", "dated early"]);
    assert!(v.timestamps());
    let screen = format!("{:?}", draw(&v, 80, 6));
    let row = screen
        .lines()
        .find(|l| l.contains("undated"))
        .unwrap_or_default();
    assert!(row.contains("–"), "{screen}");
    assert!(!row.contains("00:00:00"), "{row}");
}

#[test]
fn search_jumps_forward_and_back_with_wrap() {
    let mut v = view_with(100, 1000);
    v.set_viewport_rows(10);
    v.set_search("TIMEOUT");
    // i % 35 == 5 and i % 7 == 5: 5, 40, 75.
    assert_eq!(v.match_count(), 3);
    v.scroll_to_top();
    assert_eq!(v.next_match(), Some(5));
    assert!(!v.is_following());
    assert_eq!(v.next_match(), Some(40));
    assert_eq!(v.next_match(), Some(75));
    assert_eq!(v.next_match(), Some(5), "wraps around");
    assert_eq!(v.prev_match(), Some(75), "wraps back");
    assert_eq!(v.prev_match(), Some(40));
    assert_eq!(v.cursor(), Some(40));
    // The match is made visible.
    let top = v.top_index();
    assert!(top <= 40 && 40 < top + 10);
    v.set_search("no such thing");
    assert_eq!(v.next_match(), None);
}

#[test]
fn match_count_follows_ingest_and_eviction() {
    let mut v = LogView::new(3);
    v.set_search("boom");
    v.push_lines(
        &[
            log(0, APP, "Boom"),
            log(1, APP, "ok"),
            log(2, APP, "boom again"),
        ],
        false,
    );
    assert_eq!(v.match_count(), 2);
    v.push_lines(&[log(3, APP, "ok")], false);
    assert_eq!(v.match_count(), 1);
}

#[test]
fn next_error_finds_errors_and_5xx() {
    let mut v = LogView::new(100);
    v.push_lines(
        &[
            log(0, APP, "starting"),
            log(1, APP, "ERROR database unreachable"),
            log(2, APP, "took 512 ms"),
            log(3, APP, "\"GET / HTTP/1.1\" 502 0"),
            log(4, APP, "thread 'main' panicked at src/main.rs"),
            log(5, APP, "ok status=200"),
        ],
        false,
    );
    v.set_viewport_rows(3);
    v.scroll_to_top();
    assert_eq!(v.next_error(), Some(1));
    assert_eq!(v.next_error(), Some(3));
    assert_eq!(v.next_error(), Some(4));
    assert_eq!(v.next_error(), Some(1));
    assert_eq!(v.prev_error(), Some(4));
}

#[test]
fn counters_flags_and_toggles() {
    let mut v = view_with(10, 5);
    assert_eq!(v.received(), 10);
    assert_eq!(v.dropped(), 5);
    assert!(!v.is_sampled());
    v.apply(TailEvent::Lines {
        lines: vec![],
        sampled: true,
    });
    assert!(v.is_sampled());
    v.apply(TailEvent::Error(SourceError::new(
        ErrorKind::Throttled,
        "logs:FilterLogEvents",
        "Rate exceeded",
    )));
    assert!(v.last_error().unwrap().contains("Rate exceeded"));
    v.set_filter_pattern("ERROR");
    assert_eq!(v.filter_pattern(), "ERROR");
    v.toggle_wrap();
    v.toggle_timestamps();
    assert!(v.wrap() && !v.timestamps());
    let s = v.status_text();
    assert!(
        s.starts_with("LIVE TAIL · 10 lines · 5 dropped · 2.1 s behind · following"),
        "{s}"
    );
    assert!(
        s.contains("SAMPLED") && s.contains("filter \"ERROR\"") && s.contains("wrap"),
        "{s}"
    );
}

#[test]
fn polling_status_names_the_reason() {
    let mut v = LogView::new(10);
    v.apply(TailEvent::Mode(TailMode::Polling {
        reason: "StartLiveTail unsupported: live tail is not supported by this source".into(),
    }));
    let s = v.status_text();
    assert!(
        s.starts_with("POLLING (StartLiveTail unsupported: live tail"),
        "{s}"
    );
    assert!(s.contains("…) · 0 lines"), "{s}");
    // On a narrow terminal the reason gives way to the state.
    assert_eq!(v.status_text_for(200), s);
    let narrow = v.status_text_for(60);
    assert_eq!(narrow, "POLLING · 0 lines · following", "{narrow}");
}

// ----- snapshots -----------------------------------------------------------------

#[test]
fn snapshot_following_120x40() {
    let mut v = view_with(60_000, 50_000);
    v.set_filter_pattern("");
    assert_snapshot!(draw(&v, 120, 40));
}

#[test]
fn snapshot_following_80x24() {
    let v = view_with(300, 50_000);
    assert_snapshot!(draw(&v, 80, 24));
}

#[test]
fn snapshot_paused_scrolled_80x24() {
    let mut v = view_with(300, 50_000);
    v.set_viewport_rows(23);
    v.toggle_follow();
    v.scroll_up(100);
    assert_snapshot!(draw(&v, 80, 24));
}

#[test]
fn snapshot_search_matches_120x40() {
    let mut v = view_with(300, 50_000);
    v.set_viewport_rows(39);
    v.set_search("orders");
    v.scroll_to_top();
    v.next_match();
    v.next_match();
    let backend = draw(&v, 120, 40);
    // Matches are highlighted (styles are not in the text snapshot).
    let buf = backend.buffer();
    let highlighted: String = (0..40u16)
        .map(|y| {
            (0..120u16)
                .filter_map(|x| buf.cell((x, y)))
                .filter(|c| c.bg == ratatui::style::Color::Yellow)
                .map(|c| c.symbol().to_owned())
                .collect::<String>()
        })
        .filter(|r| !r.is_empty())
        .take(3)
        .collect::<Vec<_>>()
        .join("|");
    assert_eq!(highlighted, "orders|orders|orders");
    assert_snapshot!(backend);
}

fn hostile_view() -> LogView {
    let mut v = LogView::new(100);
    v.apply(TailEvent::Mode(TailMode::LiveTail));
    let msgs = [
        "\x1b[31mred\x1b[0m then \x1b[1;38;5;208mbold orange\x1b[m plain".to_owned(),
        "title\x1b]0;pwned\x07 clipboard\x1b]52;c;cm0gLXJmIC8=\x07 gone".to_owned(),
        "cursor\x1b[2J\x1b[H\x1b[10;10Hmoves\x1b[?1049h erased".to_owned(),
        "bidi \u{202E}txet desrever\u{202C} and \u{2066}isolate\u{2069}".to_owned(),
        "c1 \u{9b}31m and \u{85}nel and DEL\x7f and BEL\x07 and\tTAB".to_owned(),
        "link \x1b]8;;https://evil.example\x1b\\click me\x1b]8;;\x1b\\ ok".to_owned(),
        "dcs \x1bPq#0;2;0;0;0#0~~@@\x1b\\ apc \x1b_hidden\x1b\\ done".to_owned(),
        format!("long {}", "x".repeat(20_000)),
        "multi\nline\nstack".to_owned(),
    ];
    let lines: Vec<LogLine> = msgs
        .iter()
        .enumerate()
        .map(|(i, m)| log(i, APP, m.clone()))
        .collect();
    v.push_lines(&lines, false);
    v
}

#[test]
fn snapshot_hostile_lines_80x24() {
    let v = hostile_view();
    let backend = draw(&v, 80, 24);
    for cell in backend.buffer().content() {
        assert!(!cell.symbol().chars().any(char::is_control));
    }
    assert_snapshot!(backend);
}

#[test]
fn snapshot_hostile_lines_wrapped_120x40() {
    let mut v = hostile_view();
    v.toggle_wrap();
    assert_snapshot!(draw(&v, 120, 40));
}

fn stopped_task() -> Task {
    Task {
        arn: "arn:aws:ecs:us-east-1:123456789012:task/prod/a1b2c3d4e5f6".into(),
        id: "a1b2c3d4e5f6".into(),
        cluster: "prod".into(),
        group: "service:api".into(),
        task_definition: "arn:aws:ecs:us-east-1:123456789012:task-definition/api:42".into(),
        last_status: TaskStatus::Stopped,
        desired_status: TaskStatus::Stopped,
        health: HealthStatus::Unhealthy,
        availability_zone: "us-east-1a".into(),
        private_ip: None,
        containers: vec![Container {
            name: "app".into(),
            image: "api:1.4.2".into(),
            image_digest: None,
            last_status: "STOPPED".into(),
            health: HealthStatus::Unhealthy,
            essential: true,
            exit_code: Some(137),
            reason: Some("OutOfMemoryError: Container killed due to memory usage".into()),
            log: None,
            runtime_id: None,
            exec_agent: None,
        }],
        created_at: Some(at_ms(0)),
        started_at: Some(at_ms(1000)),
        stopping_at: Some(at_ms(60_000)),
        stopped_at: Some(at_ms(61_000)),
        stop_code: Some("EssentialContainerExited".into()),
        stopped_reason: Some("Essential container in task exited".into()),
        cpu: None,
        memory: None,
    }
}

#[test]
fn snapshot_stopped_task_header_120x40() {
    let mut v = view_with(120, 50_000);
    v.apply(TailEvent::Mode(TailMode::Polling {
        reason: "StartLiveTail unsupported: live tail is not supported by this source".into(),
    }));
    v.set_task(Some(&stopped_task()));
    v.apply(TailEvent::Error(
        SourceError::new(
            ErrorKind::Throttled,
            "logs:FilterLogEvents",
            "Rate exceeded",
        )
        .with_hint("retrying in 6.0 s"),
    ));
    assert_snapshot!(draw(&v, 120, 40));
}

#[test]
fn snapshot_stopped_task_header_80x24() {
    let mut v = view_with(40, 50_000);
    v.set_task(Some(&stopped_task()));
    assert_snapshot!(draw(&v, 80, 24));
}

#[test]
fn snapshot_wrap_on_80x24() {
    let mut v = LogView::new(100);
    v.apply(TailEvent::Mode(TailMode::LiveTail));
    let lines: Vec<LogLine> = (0..12)
        .map(|i| {
            log(
                i,
                if i % 2 == 0 { APP } else { WORKER },
                format!(
                    "request {i} finished: {}",
                    "path=/api/orders/123 user=42 ".repeat(i % 4 + 1)
                ),
            )
        })
        .collect();
    v.push_lines(&lines, false);
    v.toggle_wrap();
    assert_snapshot!(draw(&v, 80, 24));
}

#[test]
fn snapshot_no_color_80x24() {
    let mut v = view_with(50, 50_000);
    v.set_search("orders");
    let backend = draw_with(&v, 80, 24, &Theme::plain());
    for cell in backend.buffer().content() {
        assert_eq!(cell.fg, ratatui::style::Color::Reset);
        assert_eq!(cell.bg, ratatui::style::Color::Reset);
    }
    assert_snapshot!(backend);
}

#[test]
fn empty_view_says_so() {
    let v = LogView::new(10);
    let b = draw(&v, 60, 5);
    let s = format!("{b}");
    assert!(s.contains("waiting for log events"), "{s}");
    assert!(s.contains("CONNECTING · 0 lines"), "{s}");
}

#[test]
fn error_banner_clears_when_the_source_recovers() {
    let mut v = LogView::new(10);
    v.apply(TailEvent::Lag(Duration::from_secs(4)));
    v.apply(TailEvent::Error(SourceError::new(
        ErrorKind::Throttled,
        "logs:FilterLogEvents",
        "Rate exceeded",
    )));
    assert!(v.last_error().is_some());
    v.apply(TailEvent::Lag(Duration::from_millis(300)));
    assert!(v.last_error().is_none());
    assert_eq!(v.lag(), Some(Duration::from_millis(300)));
}
