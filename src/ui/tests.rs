//! Snapshot tests of the views on a fixed-size `TestBackend`.

use ratatui::Terminal;
use ratatui::backend::TestBackend;

use crate::fixtures::loaded_state;
use crate::source::{ErrorKind, SourceError};
use crate::state::{Overlay, Resource, Screen, State, View};

fn draw(state: &State, w: u16, h: u16) -> String {
    let mut state = state.clone();
    state.size = (w, h);
    let mut terminal = Terminal::new(TestBackend::new(w, h)).expect("test backend");
    terminal.draw(|f| super::render(&state, f)).expect("draw");
    terminal.backend().to_string()
}

fn detail(state: &mut State, service: &str) {
    state
        .stack
        .push(Screen::new(View::ServiceDetail, Some(service.into())));
}

#[test]
fn services_loaded() {
    insta::assert_snapshot!(draw(&loaded_state(), 120, 40));
}

#[test]
fn services_loaded_80x24() {
    insta::assert_snapshot!(draw(&loaded_state(), 80, 24));
}

#[test]
fn the_header_says_when_aws_throttles_even_at_80_columns() {
    let mut s = loaded_state();
    let first = |screen: &str| screen.lines().next().unwrap_or_default().to_string();
    assert!(!first(&draw(&s, 80, 24)).contains("AWS throttling"));
    s.freshness.throttled_at = Some(s.now - chrono::Duration::seconds(5));
    assert!(
        first(&draw(&s, 80, 24)).contains("AWS throttling"),
        "{}",
        draw(&s, 80, 24)
    );
    s.freshness.throttled_at = Some(s.now - chrono::Duration::seconds(60));
    assert!(
        !first(&draw(&s, 120, 40)).contains("AWS throttling"),
        "the note clears"
    );
}

#[test]
fn services_loading() {
    let mut s = loaded_state();
    s.services = Resource::default();
    insta::assert_snapshot!(draw(&s, 120, 40));
}

#[test]
fn services_empty_cluster() {
    let mut s = loaded_state();
    s.services.data = Some(Vec::new());
    insta::assert_snapshot!(draw(&s, 120, 40));
}

#[test]
fn services_error_banner_keeps_data() {
    let mut s = loaded_state();
    s.services.apply(
        Err(SourceError::new(
            ErrorKind::AccessDenied,
            "ecs:DescribeServices",
            "missing permission ecs:DescribeServices",
        )),
        crate::fixtures::t0(),
    );
    let screen = draw(&s, 120, 40);
    assert!(screen.contains("web-api"), "last good data stays on screen");
    assert!(screen.contains("missing permission ecs:DescribeServices"));
    insta::assert_snapshot!(screen);
}

#[test]
fn services_error_without_data() {
    let mut s = loaded_state();
    s.services = Resource::default();
    s.services.apply(
        Err(SourceError::new(
            ErrorKind::NotFound,
            "ecs:ListServices",
            "ClusterNotFoundException: Cluster not found.",
        )),
        crate::fixtures::t0(),
    );
    insta::assert_snapshot!(draw(&s, 120, 40));
}

#[test]
fn services_filtered() {
    let mut s = loaded_state();
    s.screen_mut().nav_mut().filter = "er".into();
    insta::assert_snapshot!(draw(&s, 120, 40));
}

#[test]
fn service_detail_loaded() {
    let mut s = loaded_state();
    detail(&mut s, "web-api");
    insta::assert_snapshot!(draw(&s, 120, 40));
}

#[test]
fn service_detail_80x24() {
    let mut s = loaded_state();
    detail(&mut s, "web-api");
    insta::assert_snapshot!(draw(&s, 80, 24));
}

#[test]
fn service_detail_no_tasks() {
    let mut s = loaded_state();
    detail(&mut s, "search");
    insta::assert_snapshot!(draw(&s, 120, 40));
}

#[test]
fn help_overlay() {
    let mut s = loaded_state();
    s.overlay = Some(Overlay::Help { scroll: 0 });
    insta::assert_snapshot!(draw(&s, 120, 40));
}

#[test]
fn palette_overlay() {
    let mut s = loaded_state();
    s.overlay = Some(Overlay::Palette {
        input: crate::state::Input { text: "cl".into() },
        selected: 0,
    });
    insta::assert_snapshot!(draw(&s, 120, 40));
}

#[test]
fn cluster_picker_overlay() {
    let mut s = loaded_state();
    s.overlay = Some(Overlay::ClusterPicker { selected: 1 });
    insta::assert_snapshot!(draw(&s, 120, 40));
}

#[test]
fn terminal_too_small() {
    let screen = draw(&loaded_state(), 40, 10);
    assert!(screen.contains("Terminal too small"));
}

#[test]
fn no_color_theme_still_reads() {
    let mut s = loaded_state();
    s.theme = crate::ui::theme::Theme::plain();
    let screen = draw(&s, 120, 40);
    for needle in [
        "✔ COMPLETED",
        "⟳ IN_PROGRESS 2/4",
        "✖ FAILED",
        "✖ 1 in ALARM",
    ] {
        assert!(screen.contains(needle), "{needle} missing:\n{screen}");
    }
}

#[test]
fn footer_hints_come_from_the_keymap() {
    let mut s = loaded_state();
    s.keymap.rebind(
        crate::action::Action::Help,
        vec![crate::keymap::KeyCombo::ch('H')],
    );
    let screen = draw(&s, 120, 40);
    assert!(screen.contains("<H>help"), "{screen}");
}

/// Every view × {loaded, empty, loading, error} × {120×40, 80×24}.
#[test]
fn every_view_in_every_state() {
    let views: [(View, Option<&str>); 10] = [
        (View::Services, None),
        (View::ServiceDetail, Some("web-api")),
        (View::Tasks, None),
        (View::Deployments, Some("checkout")),
        (View::Events, Some("checkout")),
        (View::TargetGroups, Some("web-api")),
        (View::Alarms, None),
        (View::Metrics, Some("web-api")),
        (View::Revisions, Some("web-api")),
        (View::Diff, Some("web-api")),
    ];
    for (view, service) in views {
        for kind in ["loaded", "empty", "loading", "error"] {
            let mut s = crate::fixtures::with_revisions(loaded_state());
            let mut screen = Screen::new(view, service.map(str::to_string));
            if view == View::Diff {
                screen.diff = Some((
                    "arn:aws:ecs:us-east-1:123456789012:task-definition/web-api:41".into(),
                    "arn:aws:ecs:us-east-1:123456789012:task-definition/web-api:42".into(),
                ));
            }
            if view != View::Services {
                s.stack.push(screen);
            }
            let err = SourceError::new(
                ErrorKind::Throttled,
                "ecs:DescribeServices",
                "ThrottlingException: Rate exceeded",
            );
            match kind {
                "empty" => {
                    s.services.data = Some(Vec::new());
                    s.tasks.clear();
                    s.alarms.data = Some(Vec::new());
                    s.target_groups.data = Some(Default::default());
                    s.metrics.data = Some(Default::default());
                    s.revisions.clear();
                    s.task_defs.clear();
                }
                "loading" => {
                    s.services = Resource::default();
                    s.tasks.clear();
                    s.alarms = Resource::default();
                    s.target_groups = Resource::default();
                    s.metrics = Resource::default();
                    s.revisions.clear();
                    s.task_defs.clear();
                }
                "error" => {
                    s.services.apply(Err(err.clone()), crate::fixtures::t0());
                    s.alarms.apply(Err(err), crate::fixtures::t0());
                }
                _ => {}
            }
            for (w, h) in [(120, 40), (80, 24)] {
                let name = format!("view_{}_{kind}_{w}x{h}", view.label().replace(' ', "_"));
                insta::assert_snapshot!(name, draw(&s, w, h));
            }
        }
    }
}

#[test]
fn describe_overlay() {
    let mut s = loaded_state();
    let sel = s.selected().expect("a service is selected");
    s.overlay = Some(Overlay::Describe {
        title: sel.title,
        text: sel.json,
        scroll: 0,
    });
    insta::assert_snapshot!(draw(&s, 120, 40));
}

#[test]
fn confirm_overlays() {
    use crate::ops::Op;
    use crate::state::Confirm;
    let base = crate::fixtures::with_revisions(loaded_state());
    let op = |o: Op, protected: bool| Overlay::Confirm(Box::new(Confirm::op(o, protected)));
    let mut scale = Confirm::scale("prod".into(), "web-api".into(), 3, 100, false);
    scale.count = "0".into();
    scale.submit_count();
    let mut rollback = Confirm::op(
        Op::Rollback {
            cluster: "prod".into(),
            service: "web-api".into(),
            from: "arn:aws:ecs:us-east-1:123456789012:task-definition/web-api:42".into(),
            to: "arn:aws:ecs:us-east-1:123456789012:task-definition/web-api:41".into(),
        },
        false,
    );
    let defs = &base.task_defs;
    rollback.diff = crate::diff::diff(
        &defs["arn:aws:ecs:us-east-1:123456789012:task-definition/web-api:42"],
        &defs["arn:aws:ecs:us-east-1:123456789012:task-definition/web-api:41"],
        false,
    );
    let cases = [
        ("redeploy_protected", op(Op::Redeploy { cluster: "prod".into(), service: "web-api".into() }, true)),
        ("scale_to_zero", Overlay::Confirm(Box::new(scale))),
        (
            "stop_task",
            op(
                Op::StopTask {
                    cluster: "prod".into(),
                    service: "web-api".into(),
                    task: "arn:aws:ecs:us-east-1:123456789012:task/prod/0b3f9c2b7a1d4e5f60718293a4b5c6d7".into(),
                    reason: "ecsdeck chaos test by alice@laptop".into(),
                },
                false,
            ),
        ),
        ("rollback_with_diff", Overlay::Confirm(Box::new(rollback))),
    ];
    for (name, overlay) in cases {
        let mut s = base.clone();
        s.overlay = Some(overlay);
        insta::assert_snapshot!(format!("confirm_{name}"), draw(&s, 120, 40));
    }
}

#[test]
fn rollout_panel() {
    let mut s = loaded_state();
    let svc = s.service("checkout").cloned().unwrap();
    let mut done = crate::watch::RolloutWatch::deployment(
        &svc,
        "redeploy",
        svc.task_definition.clone(),
        crate::fixtures::t0(),
    );
    done.outcome = Some(crate::watch::Outcome::Failed(
        "rolled back by the circuit breaker to checkout:16".into(),
    ));
    done.finished_at = Some(crate::fixtures::t0() + chrono::Duration::seconds(131));
    s.watches.push(done);
    let web = s.service("web-api").cloned().unwrap();
    s.watches.push(crate::watch::RolloutWatch::scale(
        &web,
        5,
        crate::fixtures::t0() - chrono::Duration::seconds(12),
    ));
    insta::assert_snapshot!(draw(&s, 120, 40));
}

#[test]
fn runbook_panel_beside_the_dashboard() {
    let mut s = loaded_state();
    s.runbooks = crate::runbook::builtin();
    s.runbook_panel = Some(crate::state::RunbookPanel {
        id: "unhealthy-targets".into(),
        service: Some("web-api".into()),
        scroll: 0,
    });
    let screen = draw(&s, 120, 40);
    assert!(screen.contains("runbook:"), "{screen}");
    assert!(
        screen.contains("web-api"),
        "the dashboard stays visible:\n{screen}"
    );
    insta::assert_snapshot!(screen);
}

#[test]
fn runbooks_list_and_chaos_views() {
    let mut s = loaded_state();
    s.runbooks = crate::runbook::builtin();
    s.stack.push(Screen::new(View::Runbooks, None));
    insta::assert_snapshot!("runbooks_list", draw(&s, 120, 40));
    let mut s = loaded_state();
    s.stack.push(Screen::new(View::Chaos, None));
    let t0 = crate::fixtures::t0();
    s.chaos_log.apply(
        Ok(vec![crate::chaos::ChaosRecord {
            cluster: "prod".into(),
            service: "web-api".into(),
            victim: "0b3f9c2b7a1d".into(),
            replacement: Some("5e6f7a8b9c0d".into()),
            killed_at: t0,
            recovered_at: Some(t0 + chrono::Duration::seconds(31)),
            time_to_recovery_secs: Some(31),
            milestones: vec![],
        }]),
        t0,
    );
    let screen = draw(&s, 120, 40);
    assert!(
        screen.contains("killed at 14:02:10, healthy replacement serving at 14:02:41 (31 s)"),
        "{screen}"
    );
    insta::assert_snapshot!("chaos_list", screen);
}

#[test]
fn self_healing_stopwatch() {
    let mut s = loaded_state();
    let svc = s.service("web-api").cloned().unwrap();
    let tasks: Vec<_> = s.service_tasks("web-api").into_iter().cloned().collect();
    let groups: Vec<_> = s.service_target_groups(&svc).into_iter().cloned().collect();
    let victim = tasks[0].clone();
    let t0 = crate::fixtures::t0();
    let mut timeline =
        crate::commands::chaos_timeline::ChaosTimeline::new(&svc, &victim, &tasks, &groups, t0);
    let mut later = tasks.clone();
    later[0].last_status = crate::model::TaskStatus::Deactivating;
    later[0].desired_status = crate::model::TaskStatus::Stopped;
    timeline.observe(&later, &groups, t0 + chrono::Duration::seconds(2));
    s.chaos.push(crate::state::ChaosRun {
        cluster: "prod".into(),
        timeline,
        recorded: false,
    });
    s.now = t0 + chrono::Duration::seconds(7);
    let screen = draw(&s, 120, 40);
    assert!(screen.contains("self-healing: web-api"), "{screen}");
    assert!(screen.contains("0:07"), "{screen}");
    insta::assert_snapshot!(screen);
}

#[test]
fn logs_view_with_hostile_lines() {
    let mut s = loaded_state();
    let mut screen = Screen::new(View::Logs, Some("web-api".into()));
    screen.task = None;
    s.stack.push(screen);
    let mut view = crate::logs::view::LogView::new(1000);
    let t0 = crate::fixtures::t0();
    let lines: Vec<crate::model::LogLine> = [
        "GET /health 200",
        "\u{1b}]0;pwned\u{7}title change attempt",
        "\u{1b}]52;c;aGVsbG8=\u{7}clipboard write attempt",
        "\u{1b}[31mred error\u{1b}[0m and \u{1b}[2J clear-screen attempt",
        "bell \u{7} and C1 \u{9b}31m control",
    ]
    .iter()
    .enumerate()
    .map(|(i, m)| crate::model::LogLine {
        event_id: i.to_string(),
        timestamp: t0 + chrono::Duration::milliseconds(i as i64 * 10),
        stream: "ecs/app/0b3f9c2b7a1d4e5f60718293a4b5c6d7".into(),
        message: (*m).to_string(),
    })
    .collect();
    view.push_lines(&lines, false);
    view.set_mode(crate::logs::tail::TailMode::Polling {
        reason: "StartLiveTail unsupported".into(),
    });
    s.logs = Some(crate::state::LogSession {
        id: 1,
        service: "web-api".into(),
        task: None,
        target: crate::model::LogTarget {
            group: "/ecs/web-api".into(),
            streams: vec![],
        },
        start: t0,
        view,
    });
    let out = draw(&s, 120, 40);
    assert!(!out.contains('\u{1b}') && !out.contains('\u{7}'), "{out}");
    assert!(out.contains("POLLING"), "{out}");
    insta::assert_snapshot!(out);
}

#[test]
fn long_addresses_and_zones_are_shown_whole() {
    let mut s = loaded_state();
    if let Some(r) = s.tasks.get_mut("")
        && let Some(tasks) = r.data.as_mut()
    {
        for t in tasks.iter_mut() {
            t.private_ip = Some("10.120.232.117".into());
            t.availability_zone = "ap-southeast-2a".into();
        }
    }
    s.reindex_tasks();
    detail(&mut s, "web-api");
    let screen = draw(&s, 120, 40);
    assert!(screen.contains("10.120.232.117"), "{screen}");
    assert!(screen.contains("ap-southeast-2a"), "{screen}");
}
