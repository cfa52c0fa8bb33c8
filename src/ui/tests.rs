//! Snapshot tests of the views on a fixed-size `TestBackend`.

use ratatui::Terminal;
use ratatui::backend::TestBackend;

use crate::fixtures::loaded_state;
use crate::source::{ErrorKind, SourceError};
use crate::state::{Overlay, Resource, Screen, State, View};

/// The whole screen drawn at `w`×`h`, as text (shared by the ui tests).
pub(super) fn draw(state: &State, w: u16, h: u16) -> String {
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
fn services_loaded_200x60() {
    insta::assert_snapshot!(draw(&loaded_state(), 200, 60));
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
    s.theme = crate::theme::Theme::plain();
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
    let screen = draw(&s, 220, 40);
    assert!(footer_of(&screen).ends_with("<H>help"), "{screen}");
    let screen = draw(&s, 80, 24);
    assert!(footer_of(&screen).ends_with("<H>more"), "{screen}");
}

/// Every view × {loaded, empty, loading, error} × {120×40, 80×24}.
#[test]
fn every_view_in_every_state() {
    let views: [(View, Option<&str>); 11] = [
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
        (View::Scaling, None),
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
            // The app caches a diff screen's lines once both revisions are loaded.
            let defs = s.task_defs.clone();
            let top = s.screen_mut();
            if let Some((a, b)) = top.diff.clone()
                && let (Some(old), Some(new)) = (defs.get(&a), defs.get(&b))
            {
                top.diff_lines = Some(crate::diff::diff(old, new, top.reveal));
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
        other: sel.unmasked_json,
        revealed: false,
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
        crate::chaos::timeline::ChaosTimeline::new(&svc, &victim, &tasks, &groups, t0);
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
    let mut view = crate::state::log_view::LogView::new(1000);
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
        timestamp: Some(t0 + chrono::Duration::milliseconds(i as i64 * 10)),
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

/// The confirm dialog grows with its wrapped text; what confirms or cancels is
/// drawn on every terminal size from 80×24 up, however long the effect.
#[test]
fn confirm_dialog_keeps_its_keys_at_every_size() {
    use crate::ops::Op;
    use crate::state::Confirm;
    let base = crate::fixtures::with_revisions(loaded_state());
    let stop = Op::StopTask {
        cluster: "harbor-live-eu-central-1-production".into(),
        service: "kelp-worker-background-queue-consumer".into(),
        task: "arn:aws:ecs:eu-central-1:123456789012:task/harbor-live/0b3f9c2b7a1d4e5f60718293a4b5c6d7"
            .into(),
        reason: "ecsdeck chaos test by alice@a-rather-long-laptop-hostname.example.internal".into(),
    };
    let mut rollback = Confirm::op(
        Op::Rollback {
            cluster: "prod".into(),
            service: "web-api".into(),
            from: "arn:aws:ecs:us-east-1:123456789012:task-definition/web-api:42".into(),
            to: "arn:aws:ecs:us-east-1:123456789012:task-definition/web-api:41".into(),
        },
        true,
    );
    let defs = &base.task_defs;
    rollback.diff = crate::diff::diff(
        &defs["arn:aws:ecs:us-east-1:123456789012:task-definition/web-api:42"],
        &defs["arn:aws:ecs:us-east-1:123456789012:task-definition/web-api:41"],
        false,
    );
    let cases: [(Confirm, &[&str]); 3] = [
        (
            Confirm::op(stop.clone(), false),
            &["y/enter send", "n/esc cancel"],
        ),
        (
            Confirm::op(stop, true),
            &[
                "type the service name to confirm",
                "service name:",
                "enter: send · esc: cancel",
            ],
        ),
        (rollback, &["service name:", "enter: send · esc: cancel"]),
    ];
    for (confirm, wanted) in cases {
        for w in 80..=160 {
            for h in [24u16, 40] {
                let mut s = base.clone();
                s.overlay = Some(Overlay::Confirm(Box::new(confirm.clone())));
                let screen = draw(&s, w, h);
                for text in wanted {
                    assert!(screen.contains(text), "{w}x{h} lacks {text:?}:\n{screen}");
                }
            }
        }
    }
}

/// A chaos stopwatch that reached every milestone (as in the timeline's own
/// test), plus a redeploy of checkout started after it.
fn stopwatch_and_rollout() -> State {
    use crate::fixtures::{service, target, task};
    use crate::model::{HealthStatus, RolloutState, TargetGroup, TargetState, TaskStatus};
    use chrono::Duration as D;
    let mut s = loaded_state();
    let svc = service("api", 2, 2, RolloutState::Completed, 42, true);
    let (a, b) = (
        task("api", 1, TaskStatus::Running, HealthStatus::Healthy),
        task("api", 2, TaskStatus::Running, HealthStatus::Healthy),
    );
    let tg = |targets| TargetGroup {
        arn: svc.load_balancers[0].target_group_arn.clone(),
        name: "api-tg".into(),
        protocol_port: "HTTP:8080".into(),
        health_check_path: "/health".into(),
        load_balancers: vec!["alb".into()],
        targets,
    };
    let healthy = |ip: &str| target(ip, TargetState::Healthy, None);
    let t0 = crate::fixtures::t0();
    let g0 = vec![tg(vec![healthy("10.0.1.1"), healthy("10.0.1.2")])];
    let mut tl =
        crate::chaos::timeline::ChaosTimeline::new(&svc, &a, &[a.clone(), b.clone()], &g0, t0);
    let mut a1 = a.clone();
    a1.last_status = TaskStatus::Deactivating;
    a1.desired_status = TaskStatus::Stopped;
    a1.stopping_at = Some(t0 + D::seconds(1));
    let mut c = task("api", 3, TaskStatus::Provisioning, HealthStatus::Unknown);
    c.created_at = Some(t0 + D::seconds(1));
    c.started_at = None;
    let g1 = vec![tg(vec![
        target("10.0.1.1", TargetState::Draining, None),
        healthy("10.0.1.2"),
    ])];
    tl.observe(&[a1.clone(), b.clone(), c.clone()], &g1, t0 + D::seconds(2));
    let mut a2 = a1;
    a2.last_status = TaskStatus::Stopped;
    a2.stopped_at = Some(t0 + D::seconds(35));
    a2.stop_code = Some("UserInitiated".into());
    let mut c2 = c;
    c2.last_status = TaskStatus::Running;
    c2.started_at = Some(t0 + D::seconds(20));
    c2.health = HealthStatus::Healthy;
    let g2 = vec![tg(vec![
        healthy("10.0.1.2"),
        target("10.0.1.3", TargetState::Initial, None),
    ])];
    tl.observe(
        &[a2.clone(), b.clone(), c2.clone()],
        &g2,
        t0 + D::seconds(40),
    );
    let g3 = vec![tg(vec![healthy("10.0.1.2"), healthy("10.0.1.3")])];
    tl.observe(&[a2, b, c2], &g3, t0 + D::seconds(60));
    s.chaos.push(crate::state::ChaosRun {
        cluster: "prod".into(),
        timeline: tl,
        recorded: true,
    });
    let checkout = s.service("checkout").cloned().unwrap();
    s.watches.push(crate::watch::RolloutWatch::deployment(
        &checkout,
        "redeploy",
        checkout.task_definition.clone(),
        t0 + D::seconds(50),
    ));
    s.now = t0 + D::seconds(70);
    s
}

/// Both bottom panels at once: neither hides the other, whatever the size.
#[test]
fn rollouts_and_stopwatch_stack_without_overlap() {
    let s = stopwatch_and_rollout();
    let marks = s.chaos[0].timeline.lines();
    assert!(
        marks.iter().any(|l| l.contains("recovered")),
        "the fixture reaches recovery: {marks:?}"
    );
    for (w, h) in [(80u16, 24u16), (100, 30), (120, 40)] {
        let screen = draw(&s, w, h);
        assert!(screen.contains("rollouts"), "{w}x{h}:\n{screen}");
        assert!(screen.contains("checkout redeploy"), "{w}x{h}:\n{screen}");
        assert!(screen.contains("self-healing: api"), "{w}x{h}:\n{screen}");
        assert!(screen.contains("recovered in"), "{w}x{h}:\n{screen}");
        for m in &marks {
            assert!(
                screen.contains(m.as_str()),
                "{w}x{h} lacks {m:?}:\n{screen}"
            );
        }
    }
    insta::assert_snapshot!(draw(&s, 120, 40));
}

/// ECS said COMPLETED but the watch has not called it yet: the symbol and the
/// word agree.
#[test]
fn rollout_symbol_and_word_come_from_one_state() {
    let mut s = loaded_state();
    let web = s.service("web-api").cloned().unwrap();
    let mut w = crate::watch::RolloutWatch::deployment(
        &web,
        "redeploy",
        web.task_definition.clone(),
        crate::fixtures::t0(),
    );
    w.rollout_state = Some(crate::model::RolloutState::Completed);
    s.watches.push(w);
    let screen = draw(&s, 120, 40);
    let line = screen
        .lines()
        .find(|l| l.contains("web-api redeploy"))
        .unwrap_or_else(|| panic!("{screen}"));
    assert!(line.contains('⟳'), "{line}");
    assert!(!line.contains("COMPLETED"), "{line}");
}

/// The footer line of a drawn screen, without the quotes of the backend's dump.
fn footer_of(screen: &str) -> String {
    let last = screen.lines().last().unwrap_or_default();
    last.trim_matches('"').trim_end().to_string()
}

/// Every view's footer: no hint twice, whole hints only, fitted to the width,
/// and the help key last.
#[test]
fn footer_fits_the_width_with_whole_hints_and_help_last() {
    let views: [(View, Option<&str>); 12] = [
        (View::Services, None),
        (View::ServiceDetail, Some("web-api")),
        (View::Tasks, None),
        (View::Deployments, Some("checkout")),
        (View::Events, Some("checkout")),
        (View::TargetGroups, Some("web-api")),
        (View::Alarms, None),
        (View::Metrics, Some("web-api")),
        (View::Revisions, Some("web-api")),
        (View::Audit, None),
        (View::Chaos, None),
        (View::Timeline, None),
    ];
    for (view, service) in views {
        let mut s = crate::fixtures::with_revisions(loaded_state());
        if view != View::Services {
            s.stack.push(Screen::new(view, service.map(str::to_string)));
        }
        let all: Vec<String> = s
            .keymap
            .bindings_for(&s.key_contexts())
            .filter(|b| b.hint)
            .filter_map(|b| b.keys.first().map(|k| format!("<{k}>{}", b.description)))
            .collect();
        for w in [60u16, 80, 100, 120, 150, 200] {
            let footer = footer_of(&draw(&s, w, 24));
            let label = format!("{:?} at {w}", view);
            let hints: Vec<&str> = footer.split(" <").collect();
            let mut seen = std::collections::HashSet::new();
            for h in &hints {
                let h = if h.starts_with('<') {
                    h.to_string()
                } else {
                    format!("<{h}")
                };
                assert!(seen.insert(h.clone()), "{label}: {h} twice in {footer:?}");
                assert!(
                    all.contains(&h) || h == "<?>more",
                    "{label}: {h:?} is not a whole hint: {footer:?}"
                );
            }
            let last = hints.last().copied().unwrap_or_default();
            assert!(
                last.ends_with("?>help") || last.ends_with("?>more"),
                "{label}: {footer:?}"
            );
            assert_eq!(
                last.ends_with("?>more"),
                hints.len() < all.len(),
                "{label}: `more` says exactly when hints were left out: {footer:?}"
            );
        }
    }
}

#[test]
fn every_view_has_each_key_context_once() {
    for view in [
        View::Services,
        View::ServiceDetail,
        View::Tasks,
        View::Deployments,
        View::Events,
        View::TargetGroups,
        View::Alarms,
        View::Metrics,
        View::Revisions,
        View::Diff,
        View::Audit,
        View::Timeline,
        View::Runbooks,
        View::Chaos,
        View::Logs,
    ] {
        let mut s = loaded_state();
        s.stack.push(Screen::new(view, Some("web-api".into())));
        let contexts = s.key_contexts();
        for c in &contexts {
            let n = contexts.iter().filter(|x| *x == c).count();
            assert_eq!(n, 1, "{view:?}: {c:?} {n} times in {contexts:?}");
        }
    }
}

/// The prompt's hint wraps inside its box on a narrow terminal.
#[test]
fn prompt_hint_is_whole_at_80_columns() {
    let mut s = loaded_state();
    s.overlay = Some(Overlay::Prompt {
        kind: crate::state::PromptKind::LogFilter,
        input: crate::state::Input::default(),
    });
    let screen = draw(&s, 80, 24);
    assert!(screen.contains("restarts the tail"), "{screen}");
}

/// A target-group alarm shows under its service; an alarm without dimensions
/// is said to be unmapped instead of silently missing; a missing time is `–`.
#[test]
fn service_alarms_through_target_groups_and_unmapped_ones_said() {
    let mut s = loaded_state();
    let web = s.service("web-api").cloned().unwrap();
    let tg = web.load_balancers[0].target_group_arn.clone();
    let tg_dim = tg.rsplit_once(':').map(|(_, d)| d.to_string()).unwrap();
    let template = s.alarms.data.as_ref().unwrap()[0].clone();
    let on_tg = crate::model::Alarm {
        name: "prod-web-api-alb-target-5xx-rate-above-five-percent".into(),
        namespace: "AWS/ApplicationELB".into(),
        metric: "HTTPCode_Target_5XX_Count".into(),
        dimensions: vec![("TargetGroup".into(), tg_dim)],
        updated_at: None,
        ..template.clone()
    };
    let bare = crate::model::Alarm {
        name: "composite-ish".into(),
        dimensions: vec![],
        ..template
    };
    s.alarms.data.as_mut().unwrap().extend([on_tg, bare]);
    s.stack
        .push(Screen::new(View::Alarms, Some("web-api".into())));
    let screen = draw(&s, 120, 40);
    assert!(
        screen.contains("prod-web-api-alb-target-5xx-rate-above-five-percent"),
        "{screen}"
    );
    assert!(screen.contains("alarms [1] matching web-api"), "{screen}");
    assert!(
        screen.contains("1 alarm without dimensions, unmapped (:alarms)"),
        "{screen}"
    );
    let row = screen
        .lines()
        .find(|l| l.contains("prod-web-api-alb"))
        .unwrap_or_default();
    assert!(row.contains(" – "), "absent time is –, not an age: {row}");
    assert!(!row.contains("d "), "{row}");
}

#[test]
fn a_service_view_opened_from_the_list_names_the_service() {
    let mut s = loaded_state();
    s.stack
        .push(Screen::new(View::Deployments, Some("checkout".into())));
    let screen = draw(&s, 120, 40);
    assert!(
        screen.contains("services › checkout › deployments"),
        "{screen}"
    );
    let mut s = loaded_state();
    detail(&mut s, "checkout");
    s.stack
        .push(Screen::new(View::Deployments, Some("checkout".into())));
    let screen = draw(&s, 120, 40);
    assert!(
        screen.contains("services › checkout › deployments"),
        "{screen}"
    );
    assert!(!screen.contains("checkout › checkout"), "{screen}");
}

#[test]
fn the_response_time_label_names_the_unit_of_its_values() {
    let mut s = loaded_state();
    s.stack
        .push(Screen::new(View::Metrics, Some("web-api".into())));
    let screen = draw(&s, 120, 40);
    let line = screen
        .lines()
        .find(|l| l.contains("Response time"))
        .unwrap_or_else(|| panic!("{screen}"));
    assert!(line.contains("Response time ms now"), "{line}");
    assert!(line.contains(" ms "), "{line}");
}

/// Long names widen their column while the free-text column has room.
#[test]
fn table_columns_are_sized_from_content_and_width() {
    let long = "prod-payments-memory-utilisation-above-ninety-percent";
    let mut s = loaded_state();
    s.alarms.data.as_mut().unwrap()[0].name = long.into();
    s.stack.push(Screen::new(View::Alarms, None));
    let wide = draw(&s, 160, 40);
    assert!(wide.contains(long), "{wide}");
    assert!(
        wide.contains("Threshold Crossed"),
        "REASON keeps room: {wide}"
    );
    let narrow = draw(&s, 80, 24);
    assert!(
        !narrow.contains(long),
        "capped on a narrow terminal:\n{narrow}"
    );

    let mut s = loaded_state();
    if let Some(list) = s.services.data.as_mut() {
        list[0].name = "checkout-orchestrator-eu-west".into();
    }
    let screen = draw(&s, 120, 40);
    assert!(
        screen.contains("checkout-orchestrator-eu-west "),
        "{screen}"
    );
}

/// A time the source did not give is `–` in the deployments and events
/// tables and the service detail, never an age counted from the epoch.
#[test]
fn absent_times_show_a_dash() {
    let mut s = loaded_state();
    for svc in s.services.data.as_mut().unwrap().iter_mut() {
        for d in &mut svc.deployments {
            d.created_at = None;
            d.updated_at = None;
        }
        for e in &mut svc.events {
            e.created_at = None;
        }
        svc.created_at = None;
    }
    let row_of = |screen: &str, needle: &str| {
        screen
            .lines()
            .find(|l| l.contains(needle))
            .unwrap_or_default()
            .to_string()
    };
    s.stack
        .push(Screen::new(View::Deployments, Some("checkout".into())));
    let screen = draw(&s, 120, 40);
    let row = row_of(&screen, "ecs-svc/0987654321");
    assert!(row.contains(" – "), "{screen}");
    assert!(!row.contains("d "), "no age in days: {row}");
    s.stack.pop();
    s.stack
        .push(Screen::new(View::Events, Some("checkout".into())));
    let screen = draw(&s, 120, 40);
    let row = row_of(&screen, "has started 2 tasks");
    assert!(row.contains("–"), "{screen}");
    assert!(!row.contains("1970"), "{row}");
    s.stack.pop();
    detail(&mut s, "checkout");
    let screen = draw(&s, 120, 40);
    assert!(!screen.contains("d ago"), "{screen}");
    assert!(
        screen.contains("–  (service checkout) has started"),
        "{screen}"
    );

    let mut s = crate::fixtures::with_revisions(loaded_state());
    for d in s.task_defs.values_mut() {
        d.registered_at = None;
    }
    s.stack
        .push(Screen::new(View::Revisions, Some("web-api".into())));
    let screen = draw(&s, 120, 40);
    let row = row_of(&screen, "web-api:41");
    assert!(row.contains(" – "), "{screen}");
}

/// The overlays' key lines come from the keymap: rebinding accept and close
/// changes what the dialogs say, and the new keys act.
#[test]
fn overlay_hints_follow_a_rebind() {
    use crate::action::Action;
    use crate::keymap::KeyCombo;
    use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
    let mut s = loaded_state();
    s.keymap.rebind(Action::Accept, vec![KeyCombo::ch('a')]);
    s.keymap
        .rebind(Action::Close, vec![KeyCombo::plain(KeyCode::Backspace)]);
    s.overlay = Some(Overlay::ClusterPicker { selected: 0 });
    let screen = draw(&s, 120, 40);
    assert!(
        screen.contains("pick a cluster · a selects · backspace closes"),
        "{screen}"
    );
    let stop = crate::ops::Op::StopTask {
        cluster: "prod".into(),
        service: "web-api".into(),
        task: "arn:aws:ecs:us-east-1:123456789012:task/prod/abc".into(),
        reason: "test".into(),
    };
    s.overlay = Some(Overlay::Confirm(Box::new(crate::state::Confirm::op(
        stop, false,
    ))));
    let screen = draw(&s, 120, 40);
    assert!(screen.contains("a send   backspace cancel"), "{screen}");
    let press = |c| crate::event::Event::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE));
    // The old key no longer sends; the new one does.
    assert!(crate::app::update(&mut s, press('y')).is_empty());
    assert!(matches!(s.overlay, Some(Overlay::Confirm(_))));
    let cmds = crate::app::update(&mut s, press('a'));
    assert!(
        matches!(cmds.as_slice(), [crate::app::Command::RunOp(_)]),
        "{cmds:?}"
    );
}

/// Every key named in a view's title, an empty-table line, a status message
/// or the small-terminal notice comes from the keymap: a rebind shows there.
#[test]
fn view_texts_follow_a_rebind() {
    use crate::action::Action;
    use crate::keymap::KeyCombo;
    use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
    let mut s = crate::fixtures::with_revisions(loaded_state());
    s.runbooks = crate::runbook::builtin();
    for (action, key) in [
        (Action::MarkRevision, KeyCombo::ch('M')),
        (Action::DiffRevisions, KeyCombo::ch('=')),
        (Action::RollbackToSelected, KeyCombo::ch('!')),
        (Action::OpenRunbook, KeyCombo::ch('O')),
        (Action::Quit, KeyCombo::ch('Q')),
        (Action::Back, KeyCombo::plain(KeyCode::Backspace)),
        (Action::Rollback, KeyCombo::ch('%')),
    ] {
        assert!(s.keymap.rebind(action, vec![key]), "{action:?}");
    }
    let status = |s: &State| {
        s.status
            .as_ref()
            .map(|m| m.text.clone())
            .unwrap_or_default()
    };
    let press = |s: &mut State, c| {
        let key = KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE);
        crate::app::update(s, crate::event::Event::Key(key))
    };

    detail(&mut s, "web-api");
    press(&mut s, '%');
    assert_eq!(s.screen().view, View::Revisions);
    assert!(
        status(&s).contains("press ! to roll back (= shows the diff)"),
        "{}",
        status(&s)
    );
    let screen = draw(&s, 120, 40);
    assert!(screen.contains("M marks · = diffs"), "{screen}");
    press(&mut s, 'M');
    assert!(status(&s).ends_with("press = to diff"), "{}", status(&s));

    let mut s2 = loaded_state();
    s2.keymap = s.keymap.clone();
    s2.runbooks = crate::runbook::builtin();
    s2.stack.push(Screen::new(View::Runbooks, None));
    let screen = draw(&s2, 120, 40);
    assert!(screen.contains("O opens beside the dashboard"), "{screen}");

    let mut s3 = loaded_state();
    s3.keymap = s.keymap.clone();
    s3.screen_mut().nav_mut().filter = "no-such-service".into();
    let screen = draw(&s3, 120, 40);
    assert!(screen.contains("(backspace clears it)"), "{screen}");
    let screen = draw(&s3, 40, 10);
    assert!(screen.contains("press Q to quit"), "{screen}");
}

/// The help overlay lists each overlay's keys, grouped after the view's, from
/// the keymap (a rebind shows), and scrolls down to them at either size.
#[test]
fn help_lists_the_overlay_keys() {
    use crate::action::Action;
    use crate::keymap::KeyCombo;
    use crossterm::event::KeyCode;
    let mut s = loaded_state();
    let text = |s: &State| -> Vec<String> {
        crate::ui::widgets::help::lines(s)
            .iter()
            .map(ToString::to_string)
            .collect()
    };
    let lines = text(&s);
    let heading = lines
        .iter()
        .position(|l| l.starts_with("In overlays"))
        .expect("overlay heading");
    for label in [
        "Help",
        "Describe",
        "Command palette",
        "Cluster picker",
        "Prompt",
        "Confirm",
        "Confirm entry",
        "Filter line",
    ] {
        let at = lines.iter().position(|l| l == label);
        assert!(at.is_some_and(|i| i > heading), "{label}: {lines:#?}");
    }
    s.keymap
        .rebind(Action::Complete, vec![KeyCombo::plain(KeyCode::F(2))]);
    let lines = text(&s);
    assert!(
        lines
            .iter()
            .any(|l| l.contains("F(2)") && l.contains("completes")),
        "{lines:#?}"
    );
    let s = loaded_state();
    s_with_help(&s, heading, 120, 40, "help_overlay_keys_120x40");
    s_with_help(&s, heading, 80, 24, "help_overlay_keys_80x24");
}

fn s_with_help(s: &State, scroll: usize, w: u16, h: u16, name: &str) {
    let mut s = s.clone();
    s.overlay = Some(Overlay::Help { scroll });
    insta::assert_snapshot!(name, draw(&s, w, h));
}
