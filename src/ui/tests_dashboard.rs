//! Snapshot tests of the home dashboard at 80×24, 120×40 and 200×60, loading,
//! loaded, failing and with a rollout in progress; and what the focus and the
//! zoom change on screen.

use super::tests::draw;
use crate::fixtures::{loaded_dashboard, t0};
use crate::model::{LogLine, LogTarget};
use crate::source::{ErrorKind, SourceError};
use crate::state::dashboard::Pane;
use crate::state::log_view::LogView;
use crate::state::{LogSession, Resource, State, View};

/// The dashboard with `service` selected and its log tail holding a few lines.
fn dashboard_on(service: &str) -> State {
    let mut s = loaded_dashboard();
    assert_eq!(s.screen().view, View::Dashboard);
    let at = s
        .filtered_services(&s.screen().nav)
        .iter()
        .position(|x| x.name == service)
        .expect("the fixture has the service");
    s.screen_mut().nav.selected = at;
    let mut view = LogView::new(100);
    let lines: Vec<LogLine> = (0..30)
        .map(|i| LogLine {
            event_id: i.to_string(),
            timestamp: Some(t0() - chrono::Duration::seconds(30 - i)),
            stream: "ecs/app/0b3f9c2b7a1d".into(),
            message: format!("GET /api/orders/{i} 200 {}ms", 10 + i),
        })
        .collect();
    view.push_lines(&lines, false);
    s.logs = Some(LogSession {
        id: 7,
        service: service.into(),
        target: LogTarget {
            group: format!("/ecs/{service}"),
            streams: vec![],
        },
        start: t0(),
        view,
    });
    s.dashboard.tail_id = Some(7);
    s.dashboard.service = Some(service.into());
    s
}

fn state_of(kind: &str) -> State {
    match kind {
        "loading" => {
            let mut s = loaded_dashboard();
            s.services = Resource::default();
            s.tasks.clear();
            s.alarms = Resource::default();
            s.target_groups = Resource::default();
            s.metrics = Resource::default();
            s
        }
        "error" => {
            let mut s = dashboard_on("web-api");
            let err = SourceError::new(
                ErrorKind::Throttled,
                "ecs:DescribeServices",
                "ThrottlingException: Rate exceeded",
            );
            s.services.apply(Err(err.clone()), t0());
            s.alarms.apply(Err(err), t0());
            s
        }
        "rollout" => {
            let mut s = dashboard_on("checkout");
            let svc = s.service("checkout").cloned().expect("checkout");
            s.watches.push(crate::watch::RolloutWatch::deployment(
                &svc,
                "redeploy",
                svc.task_definition.clone(),
                t0() - chrono::Duration::seconds(42),
            ));
            s
        }
        _ => dashboard_on("web-api"),
    }
}

#[test]
fn the_dashboard_in_every_state_at_every_size() {
    for kind in ["loading", "loaded", "error", "rollout"] {
        let s = state_of(kind);
        for (w, h) in [(80, 24), (120, 40), (200, 60)] {
            let screen = draw(&s, w, h);
            if kind != "loading" {
                assert!(screen.contains("services"), "{kind} {w}x{h}\n{screen}");
            }
            insta::assert_snapshot!(format!("dashboard_{kind}_{w}x{h}"), screen);
        }
    }
}

#[test]
fn every_pane_is_on_screen_at_120_and_200_columns() {
    let s = state_of("rollout");
    for (w, h) in [(120, 40), (200, 60)] {
        let screen = draw(&s, w, h);
        for title in [
            "alarms",
            "services [5]",
            "tasks of checkout",
            "events of checkout",
            "rollout of checkout",
            "logs of checkout",
        ] {
            assert!(screen.contains(title), "{title} at {w}x{h}\n{screen}");
        }
        assert!(screen.contains("GET /api/orders/29"), "the log tail");
        assert!(
            screen.contains("redeploy"),
            "the rollouts panel in the pane"
        );
    }
}

#[test]
fn the_focused_pane_says_so_and_the_zoom_fills_the_body() {
    let mut s = state_of("loaded");
    let focused = |screen: &str, title: &str| {
        screen
            .lines()
            .any(|l| l.contains(title) && l.contains("● focused"))
    };
    assert!(focused(&draw(&s, 120, 40), "services [5]"));
    s.dashboard.cycle_focus(1);
    assert_eq!(s.dashboard.focus(), Pane::Tasks);
    let screen = draw(&s, 120, 40);
    assert!(focused(&screen, "tasks of web-api"), "{screen}");
    assert!(!focused(&screen, "services [5]"), "{screen}");
    s.dashboard.toggle_zoom();
    let zoomed = draw(&s, 120, 40);
    assert!(zoomed.contains("● zoomed (z back)"), "{zoomed}");
    assert!(
        !zoomed.contains("services [5]"),
        "only the zoomed pane\n{zoomed}"
    );
    insta::assert_snapshot!("dashboard_tasks_zoomed_120x40", zoomed);
    // At 80 columns one pane at a time, under a tab bar naming them all.
    s.dashboard.toggle_zoom();
    let narrow = draw(&s, 80, 24);
    let bar = narrow.lines().nth(1).unwrap_or_default();
    assert!(bar.contains("[tasks]") && bar.contains("logs"), "{narrow}");
    assert!(!narrow.contains("services [5]"), "{narrow}");
}

/// The text inside the box titled `title` (the first one), row by row,
/// without its borders.
fn boxed(screen: &str, title: &str) -> Vec<String> {
    let rows: Vec<Vec<char>> = screen
        .lines()
        .map(|l| l.trim_matches('"').chars().collect())
        .collect();
    let head = format!("┌ {title}");
    let Some((top, left)) = rows.iter().enumerate().find_map(|(y, r)| {
        let text: String = r.iter().collect();
        text.find(&head)
            .map(|byte| (y, text[..byte].chars().count()))
    }) else {
        return Vec::new();
    };
    let right = (left + 1..rows[top].len())
        .find(|&x| rows[top][x] == '┐')
        .unwrap_or(rows[top].len());
    rows[top + 1..]
        .iter()
        .take_while(|r| r.get(left) != Some(&'└'))
        .map(|r| r[left + 1..right.min(r.len())].iter().collect())
        .collect()
}

/// A failed rollout whose verdict is longer than any pane is wide.
const LONG_VERDICT: &str = "circuit breaker rolled back: tasks failed to start \
    (CannotPullContainerError: pull image manifest has been retried 5 times: \
    failed to resolve ref 123456789012.dkr.ecr.us-east-1.amazonaws.com/checkout:v2.14.0-rc.3)";

fn long_verdict() -> State {
    let mut s = dashboard_on("checkout");
    let svc = s.service("checkout").cloned().expect("checkout");
    let mut w = crate::watch::RolloutWatch::deployment(
        &svc,
        "redeploy",
        svc.task_definition.clone(),
        t0() - chrono::Duration::seconds(42),
    );
    w.outcome = Some(crate::watch::Outcome::Failed(LONG_VERDICT.into()));
    w.finished_at = Some(t0());
    s.watches.push(w);
    s
}

/// The rollout pane wraps a long verdict: whole at 120x40 and 200x60; at
/// 80x24 (one pane at a time) as much as fits, ended by an ellipsis.
#[test]
fn a_long_rollout_verdict_wraps_in_the_rollout_pane() {
    // Rows joined, without the spaces (a word too long for a row is split).
    let bare = |s: &str| s.split_whitespace().collect::<String>();
    let words = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
    for (w, h) in [(120, 40), (200, 60)] {
        let screen = draw(&long_verdict(), w, h);
        let panel = bare(&boxed(&screen, "rollout of").join(""));
        assert!(
            panel.contains(&bare(LONG_VERDICT)),
            "{w}x{h}: {panel}\n{screen}"
        );
    }
    let mut s = long_verdict();
    while s.dashboard.focus() != Pane::Rollout {
        s.dashboard.cycle_focus(1);
    }
    // At 80x24 the pane, one at a time, holds all of it.
    let screen = draw(&s, 80, 24);
    let panel = bare(&boxed(&screen, "rollout of").join(""));
    assert!(panel.contains(&bare(LONG_VERDICT)), "{screen}");
    // Shorter, as much as fits, ended by an ellipsis.
    let short = draw(&long_verdict(), 120, 28);
    let text = words(&boxed(&short, "rollout of").join(" "));
    assert!(
        text.contains("FAILED after 0:42: circuit breaker rolled back"),
        "{short}"
    );
    assert!(!bare(&text).contains(&bare(LONG_VERDICT)), "{short}");
    assert!(text.ends_with('…'), "cut with an ellipsis:\n{short}");
    insta::assert_snapshot!("dashboard_long_verdict_cut_120x28", short);
    insta::assert_snapshot!("dashboard_long_verdict_80x24", screen);
    insta::assert_snapshot!(
        "dashboard_long_verdict_120x40",
        draw(&long_verdict(), 120, 40)
    );
}
