//! `update(state, event)` tests.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::plan::wanted_fetches;
use super::{Command, update};
use crate::event::{Data, Event, Payload};
use crate::fixtures::{loaded_state, t0};
use crate::poll::Fetch;
use crate::source::{ErrorKind, SourceError};
use crate::state::{Overlay, Screen, View};

fn key(c: char) -> Event {
    Event::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE))
}

fn code(c: KeyCode) -> Event {
    Event::Key(KeyEvent::new(c, KeyModifiers::NONE))
}

fn typed(state: &mut crate::state::State, text: &str) {
    for c in text.chars() {
        update(state, key(c));
    }
}

#[test]
fn j_k_move_and_enter_opens_the_selected_service() {
    let mut s = loaded_state();
    update(&mut s, key('j'));
    update(&mut s, key('j'));
    assert_eq!(s.screen().nav().selected, 2);
    update(&mut s, key('k'));
    update(&mut s, code(KeyCode::Down));
    update(&mut s, code(KeyCode::Enter));
    assert_eq!(
        s.screen(),
        &Screen::new(View::ServiceDetail, Some("search".into()))
    );
    update(&mut s, code(KeyCode::Esc));
    assert_eq!(s.screen().view, View::Services);
    assert_eq!(
        s.screen().nav().selected,
        2,
        "selection kept after going back"
    );
}

#[test]
fn quit_on_q_and_ctrl_c() {
    let mut s = loaded_state();
    update(&mut s, key('q'));
    assert!(s.should_quit);
    let mut s = loaded_state();
    update(
        &mut s,
        Event::Key(KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL)),
    );
    assert!(s.should_quit);
}

#[test]
fn filter_narrows_rows_and_esc_clears_it() {
    let mut s = loaded_state();
    update(&mut s, key('/'));
    typed(&mut s, "pay");
    assert_eq!(s.row_count(), 1);
    update(&mut s, code(KeyCode::Enter));
    assert!(!s.screen().nav().editing_filter);
    update(&mut s, code(KeyCode::Enter));
    assert_eq!(s.screen().view, View::ServiceDetail);
    assert_eq!(s.screen().service.as_deref(), Some("payments"));
    update(&mut s, code(KeyCode::Esc));
    update(&mut s, code(KeyCode::Esc));
    assert_eq!(s.row_count(), 5);
}

#[test]
fn clearing_the_filter_keeps_the_selected_service() {
    let mut s = loaded_state();
    update(&mut s, key('/'));
    typed(&mut s, "w");
    update(&mut s, code(KeyCode::Enter));
    update(&mut s, key('j'));
    let picked = s.context_service().map(|x| x.name.clone());
    assert!(picked.is_some());
    assert_ne!(s.screen().nav().selected, 0);
    // esc on the table clears the filter, not the selection.
    update(&mut s, code(KeyCode::Esc));
    assert!(s.screen().nav().filter.is_empty());
    assert_eq!(s.row_count(), 5);
    assert_eq!(s.context_service().map(|x| x.name.clone()), picked);

    // esc while typing cancels the filter and keeps the row too.
    update(&mut s, key('/'));
    typed(&mut s, "pay");
    update(&mut s, code(KeyCode::Esc));
    assert_eq!(s.row_count(), 5);
    assert_eq!(
        s.context_service().map(|x| x.name.as_str()),
        Some("payments")
    );
}

#[test]
fn palette_switches_cluster_and_resets_data() {
    let mut s = loaded_state();
    update(&mut s, key(':'));
    typed(&mut s, "cluster staging");
    let cmds = update(&mut s, code(KeyCode::Enter));
    assert_eq!(cmds, vec![Command::ResetFetches]);
    assert_eq!(s.cluster.as_deref(), Some("staging"));
    assert!(s.services.data.is_none(), "old cluster's services dropped");
    assert!(s.overlay.is_none());
}

#[test]
fn palette_rejects_an_unknown_cluster() {
    let mut s = loaded_state();
    update(&mut s, key(':'));
    typed(&mut s, "cluster nope");
    let cmds = update(&mut s, code(KeyCode::Enter));
    assert!(cmds.is_empty());
    assert_eq!(s.cluster.as_deref(), Some("prod"));
    assert!(s.status.as_ref().is_some_and(|m| m.text.contains("nope")));
}

#[test]
fn palette_completes_with_tab() {
    let mut s = loaded_state();
    update(&mut s, key(':'));
    typed(&mut s, "clu");
    update(&mut s, code(KeyCode::Tab));
    assert!(matches!(&s.overlay, Some(Overlay::Palette { input, .. }) if input.text == "cluster "));
}

#[test]
fn cluster_picker_selects_with_enter() {
    let mut s = loaded_state();
    update(&mut s, key('c'));
    assert!(matches!(
        s.overlay,
        Some(Overlay::ClusterPicker { selected: 0 })
    ));
    update(&mut s, key('j'));
    update(&mut s, code(KeyCode::Enter));
    assert_eq!(s.cluster.as_deref(), Some("staging"));
}

#[test]
fn failed_refresh_keeps_last_good_data_and_shows_the_error() {
    let mut s = loaded_state();
    let before = s.services.data.clone();
    let err = SourceError::new(
        ErrorKind::Throttled,
        "ecs:DescribeServices",
        "ThrottlingException: Rate exceeded",
    );
    update(
        &mut s,
        Event::Data(Data {
            fetch: Fetch::Services {
                cluster: "prod".into(),
            },
            at: t0(),
            payload: Payload::Services(Err(err.clone())),
        }),
    );
    assert_eq!(s.services.data, before);
    assert_eq!(s.services.last_error, Some(err));
}

#[test]
fn answers_for_another_cluster_are_dropped() {
    let mut s = loaded_state();
    update(
        &mut s,
        Event::Data(Data {
            fetch: Fetch::Services {
                cluster: "staging".into(),
            },
            at: t0(),
            payload: Payload::Services(Ok(Vec::new())),
        }),
    );
    assert_eq!(s.services.data.as_ref().map(Vec::len), Some(5));
}

#[test]
fn without_a_cluster_the_picker_opens_when_clusters_arrive() {
    let mut s = loaded_state();
    s.cluster = None;
    let clusters = s.clusters.data.clone().unwrap_or_default();
    update(
        &mut s,
        Event::Data(Data {
            fetch: Fetch::Clusters,
            at: t0(),
            payload: Payload::Clusters(Ok(clusters)),
        }),
    );
    assert!(matches!(s.overlay, Some(Overlay::ClusterPicker { .. })));
}

#[test]
fn the_services_view_wants_services_tasks_target_groups_and_metrics() {
    let s = loaded_state();
    let wanted = wanted_fetches(&s);
    assert!(wanted.contains(&Fetch::Services {
        cluster: "prod".into()
    }));
    assert!(wanted.contains(&Fetch::Tasks {
        cluster: "prod".into(),
        service: None
    }));
    assert!(
        wanted
            .iter()
            .any(|f| matches!(f, Fetch::TargetGroups { arns } if arns.len() == 2))
    );
    assert!(
        wanted
            .iter()
            .any(|f| matches!(f, Fetch::Metrics { services, .. } if services.len() == 5))
    );
}

#[test]
fn help_opens_and_closes() {
    let mut s = loaded_state();
    update(&mut s, key('?'));
    assert!(matches!(s.overlay, Some(Overlay::Help { .. })));
    update(&mut s, code(KeyCode::Esc));
    assert!(s.overlay.is_none());
}

#[test]
fn resize_keeps_the_selection_visible() {
    let mut s = loaded_state();
    update(&mut s, code(KeyCode::End));
    update(&mut s, Event::Resize(80, 9));
    let nav = s.screen().nav();
    assert!(nav.selected >= nav.offset && nav.selected < nav.offset + s.body_rows());
}

#[test]
fn service_keys_open_service_views_with_breadcrumbs() {
    let mut s = loaded_state();
    update(&mut s, key('j'));
    update(&mut s, key('o'));
    assert_eq!(s.screen().view, View::Deployments);
    assert_eq!(s.screen().service.as_deref(), Some("payments"));
    update(&mut s, code(KeyCode::Esc));
    update(&mut s, key('e'));
    assert_eq!(s.screen().view, View::Events);
    let crumbs: Vec<String> = s.stack.iter().map(|x| x.title()).collect();
    assert_eq!(crumbs, vec!["services", "events"]);
}

#[test]
fn palette_views_use_the_service_in_context() {
    let mut s = loaded_state();
    update(&mut s, key(':'));
    typed(&mut s, "tasks");
    update(&mut s, code(KeyCode::Enter));
    assert_eq!(s.screen().view, View::Tasks);
    assert_eq!(
        s.screen().service,
        None,
        ":tasks from the services view is cluster-wide"
    );
    assert_eq!(s.row_count(), 7);
    update(&mut s, key(':'));
    typed(&mut s, "svc");
    update(&mut s, code(KeyCode::Enter));
    assert_eq!(s.stack.len(), 1);
    update(&mut s, key(':'));
    typed(&mut s, "dp");
    update(&mut s, code(KeyCode::Enter));
    assert_eq!(s.screen().view, View::Deployments);
    assert_eq!(s.screen().service.as_deref(), Some("checkout"));
}

#[test]
fn describe_shows_json_and_copy_emits_osc52_command() {
    let mut s = loaded_state();
    update(&mut s, key('d'));
    match &s.overlay {
        Some(Overlay::Describe { title, text, .. }) => {
            assert_eq!(title, "service checkout");
            assert!(text.contains("\"name\": \"checkout\""), "{text}");
        }
        other => panic!("expected describe, got {other:?}"),
    }
    update(&mut s, code(KeyCode::Esc));
    let cmds = update(&mut s, key('y'));
    assert_eq!(
        cmds,
        vec![Command::Copy(
            "arn:aws:ecs:us-east-1:123456789012:service/prod/checkout".into()
        )]
    );
}

#[test]
fn a_diff_is_computed_when_its_revisions_arrive_and_again_on_reveal() {
    let mut s = crate::fixtures::with_revisions(loaded_state());
    let defs = std::mem::take(&mut s.task_defs);
    let arn = |r: u32| format!("arn:aws:ecs:us-east-1:123456789012:task-definition/web-api:{r}");
    let mut screen = Screen::new(View::Diff, Some("web-api".into()));
    screen.diff = Some((arn(41), arn(42)));
    s.stack.push(screen);
    assert_eq!(
        s.screen().diff_lines,
        None,
        "nothing to diff before they load"
    );
    assert_eq!(s.row_count(), 0);
    let results = [41, 42]
        .map(|r| (arn(r), Ok(defs[&arn(r)].clone())))
        .to_vec();
    update(
        &mut s,
        Event::Data(Data {
            fetch: Fetch::TaskDefs {
                arns: vec![arn(41), arn(42)],
            },
            at: t0(),
            payload: Payload::TaskDefs(results),
        }),
    );
    let masked = s.screen().diff_lines.clone().expect("computed on arrival");
    assert_eq!(s.row_count(), masked.len());
    update(&mut s, key('u'));
    assert!(s.screen().reveal);
    let revealed = s.screen().diff_lines.clone().expect("recomputed on reveal");
    assert_ne!(masked, revealed, "the reveal shows other lines");
}

#[test]
fn revisions_mark_and_diff() {
    let mut s = crate::fixtures::with_revisions(loaded_state());
    // select web-api and open revisions
    update(&mut s, key('/'));
    typed(&mut s, "web");
    update(&mut s, code(KeyCode::Enter));
    update(&mut s, key('v'));
    assert_eq!(s.screen().view, View::Revisions);
    assert_eq!(s.row_count(), 3);
    // the newest (running) revision vs the running one is refused
    update(&mut s, code(KeyCode::Enter));
    assert_eq!(s.screen().view, View::Revisions);
    // diff the previous revision against the running one
    update(&mut s, key('j'));
    update(&mut s, code(KeyCode::Enter));
    assert_eq!(s.screen().view, View::Diff);
    let (a, b) = s.screen().diff.clone().unwrap();
    assert!(a.ends_with(":41") && b.ends_with(":42"), "{a} {b}");
    assert!(s.row_count() > 0);
    update(&mut s, code(KeyCode::Esc));
    // mark 40, select 41: diff 40 → 41
    update(&mut s, key('j'));
    update(&mut s, key(' '));
    update(&mut s, key('k'));
    update(&mut s, code(KeyCode::Enter));
    let (a, b) = s.screen().diff.clone().unwrap();
    assert!(a.ends_with(":40") && b.ends_with(":41"), "{a} {b}");
}

#[test]
fn revisions_view_wants_revisions_and_visible_task_definitions() {
    let mut s = loaded_state();
    s.stack
        .push(Screen::new(View::Revisions, Some("web-api".into())));
    let wanted = wanted_fetches(&s);
    assert!(wanted.contains(&Fetch::Revisions {
        family: "web-api".into()
    }));
    let s = crate::fixtures::with_revisions(s);
    let wanted = wanted_fetches(&s);
    assert!(
        !wanted.iter().any(|f| matches!(f, Fetch::TaskDefs { .. })),
        "loaded task definitions are never fetched again"
    );
}

#[test]
fn timeline_records_actions_and_exports_markdown() {
    let mut s = loaded_state();
    let op = crate::ops::Op::Scale {
        cluster: "prod".into(),
        service: "web-api".into(),
        from: 3,
        to: 4,
    };
    let svc = s.service("web-api").cloned().unwrap();
    update(
        &mut s,
        Event::OpDone(crate::event::OpDone {
            op,
            result: Ok(crate::ops::OpSuccess::Service(Box::new(svc))),
            audit_error: None,
        }),
    );
    assert!(
        s.timeline
            .entries
            .iter()
            .any(|e| e.text.contains("web-api: scale 3 → 4 — ok"))
    );
    update(&mut s, key(':'));
    typed(&mut s, "timeline");
    update(&mut s, code(KeyCode::Enter));
    assert_eq!(s.screen().view, View::Timeline);
    let cmds = update(&mut s, key('e'));
    match cmds.as_slice() {
        [Command::ExportTimeline(md)] => assert!(md.contains("scale 3 → 4"), "{md}"),
        other => panic!("{other:?}"),
    }
}

#[test]
fn alarm_changes_reach_the_timeline() {
    let mut s = loaded_state();
    let mut alarms = s.alarms.data.clone().unwrap();
    alarms[0].state = crate::model::AlarmState::Ok;
    update(
        &mut s,
        Event::Data(Data {
            fetch: Fetch::Alarms,
            at: t0(),
            payload: Payload::Alarms(Ok(alarms.clone())),
        }),
    );
    alarms[0].state = crate::model::AlarmState::Alarm;
    update(
        &mut s,
        Event::Data(Data {
            fetch: Fetch::Alarms,
            at: t0(),
            payload: Payload::Alarms(Ok(alarms)),
        }),
    );
    assert!(
        s.timeline
            .entries
            .iter()
            .any(|e| e.bad && e.text.contains("OK → ALARM"))
    );
}

#[test]
fn mouse_click_selects_and_wheel_scrolls() {
    use crossterm::event::{MouseButton, MouseEvent, MouseEventKind};
    let mut s = loaded_state();
    let mouse = |kind, row| {
        Event::Mouse(MouseEvent {
            kind,
            column: 10,
            row,
            modifiers: KeyModifiers::NONE,
        })
    };
    // The click goes to the row where the drawn screen shows the service,
    // found on the screen, not computed by the code under test.
    let drawn = screen_rows(&s);
    let row = drawn
        .iter()
        .position(|l| l.starts_with("│web-api "))
        .unwrap_or_else(|| panic!("{drawn:#?}"));
    update(
        &mut s,
        mouse(
            MouseEventKind::Down(MouseButton::Left),
            u16::try_from(row).unwrap(),
        ),
    );
    assert_eq!(
        s.selected().map(|sel| sel.title),
        Some("service web-api".to_string())
    );
    assert_eq!(s.screen().nav().selected, 3);
    update(&mut s, mouse(MouseEventKind::Down(MouseButton::Left), 0));
    assert_eq!(
        s.screen().nav().selected,
        3,
        "a click on the header selects nothing"
    );
    update(
        &mut s,
        mouse(
            MouseEventKind::Down(MouseButton::Left),
            u16::try_from(row + 30).unwrap(),
        ),
    );
    assert_eq!(
        s.screen().nav().selected,
        3,
        "a click below the last row selects nothing"
    );
    update(&mut s, mouse(MouseEventKind::ScrollUp, 5));
    assert_eq!(s.screen().nav().selected, 0);
    update(&mut s, mouse(MouseEventKind::ScrollDown, 5));
    assert_eq!(s.screen().nav().selected, 3);
}

#[test]
fn logs_open_tail_and_stop_when_left() {
    let mut s = loaded_state();
    update(&mut s, key('/'));
    typed(&mut s, "web-api");
    update(&mut s, code(KeyCode::Enter));
    let cmds = update(&mut s, key('l'));
    let (id, request) = match cmds.as_slice() {
        [Command::StartTail { id, request }] => (*id, request.clone()),
        other => panic!("{other:?}"),
    };
    assert_eq!(s.screen().view, View::Logs);
    assert_eq!(request.target.group, "/ecs/web-api");
    assert!(
        request
            .target
            .streams
            .contains(&"ecs/app/0b3f9c2b7a1d4e5f60718293a4b5c6d7".to_string())
    );
    let line = crate::model::LogLine {
        event_id: "1".into(),
        timestamp: Some(t0()),
        stream: "ecs/app/0b3f9c2b7a1d4e5f60718293a4b5c6d7".into(),
        message: "GET /health 200".into(),
    };
    let tail = |id, lines: Vec<crate::model::LogLine>| Event::Tail {
        id,
        event: crate::logs::tail::TailEvent::Lines {
            lines,
            sampled: false,
        },
    };
    update(&mut s, tail(id, vec![line.clone()]));
    update(&mut s, tail(id + 7, vec![line.clone()]));
    assert_eq!(
        s.logs.as_ref().map(|l| l.view.len()),
        Some(1),
        "events of another tail are dropped"
    );
    // f: a server-side filter restarts the tail with the pattern
    update(&mut s, key('f'));
    typed(&mut s, "ERROR");
    let cmds = update(&mut s, code(KeyCode::Enter));
    assert!(
        matches!(cmds.as_slice(), [Command::StartTail { id: new, request }] if *new > id && request.filter_pattern == "ERROR"),
        "{cmds:?}"
    );
    let cmds = update(&mut s, code(KeyCode::Esc));
    assert_eq!(cmds, vec![Command::StopTail]);
    assert!(s.logs.is_none());
}

#[test]
fn logs_of_a_stopped_task_show_its_stopped_reason() {
    let mut s = loaded_state();
    update(&mut s, key('/'));
    typed(&mut s, "web-api");
    update(&mut s, code(KeyCode::Enter));
    update(&mut s, code(KeyCode::Enter));
    update(&mut s, code(KeyCode::End)); // the stopped task sorts last
    let cmds = update(&mut s, key('L'));
    assert!(matches!(cmds.as_slice(), [Command::StartTail { .. }]));
    assert_eq!(
        s.screen().task.as_deref(),
        Some("0e3f9c2b7a1d4e5f60718293a4b5c6d7")
    );
    let mut term = ratatui::Terminal::new(ratatui::backend::TestBackend::new(120, 40)).unwrap();
    term.draw(|f| crate::ui::render(&s, f)).unwrap();
    let screen = term.backend().to_string();
    assert!(
        screen.contains("Essential container in task exited"),
        "{screen}"
    );
}

/// Every "N match…" count on the drawn screen.
fn match_counts(s: &crate::state::State) -> Vec<String> {
    let mut term = ratatui::Terminal::new(ratatui::backend::TestBackend::new(120, 40)).unwrap();
    term.draw(|f| crate::ui::render(s, f)).unwrap();
    let screen = term.backend().to_string();
    let words: Vec<&str> = screen
        .split(|c: char| c.is_whitespace() || c == '(' || c == ')')
        .filter(|w| !w.is_empty())
        .collect();
    let word = |i: usize| words.get(i).copied().unwrap_or_default();
    (0..words.len())
        .filter(|&i| word(i).chars().all(|c| c.is_ascii_digit()))
        .filter(|&i| {
            word(i + 1).starts_with("match")
                || (word(i + 1) == "lines" && word(i + 2).starts_with("match"))
        })
        .map(|i| word(i).to_string())
        .collect()
}

#[test]
fn log_search_has_one_count_and_its_message_leaves_with_the_logs() {
    let mut s = loaded_state();
    update(&mut s, key('/'));
    typed(&mut s, "web-api");
    update(&mut s, code(KeyCode::Enter));
    let cmds = update(&mut s, key('l'));
    let [Command::StartTail { id, .. }] = cmds.as_slice() else {
        panic!("{cmds:?}")
    };
    let id = *id;
    let lines = |from: usize, n: usize| Event::Tail {
        id,
        event: crate::logs::tail::TailEvent::Lines {
            lines: (from..from + n)
                .map(|i| crate::model::LogLine {
                    event_id: i.to_string(),
                    timestamp: Some(t0() + chrono::Duration::seconds(i as i64)),
                    stream: "ecs/app/0b3f9c2b7a1d4e5f60718293a4b5c6d7".into(),
                    message: format!("GET /orders/{i} 500 error"),
                })
                .collect(),
            sampled: false,
        },
    };
    update(&mut s, lines(0, 9));
    update(&mut s, key('/'));
    typed(&mut s, "error");
    update(&mut s, code(KeyCode::Enter));
    assert_eq!(match_counts(&s), ["9"], "one count on screen");
    update(&mut s, lines(9, 3));
    assert_eq!(
        match_counts(&s),
        ["12"],
        "the count follows new lines, and is the only one"
    );
    assert!(s.status.is_some(), "the search says what it did");
    update(&mut s, code(KeyCode::Esc));
    assert_ne!(s.screen().view, View::Logs);
    assert!(
        s.status.is_none(),
        "the search message left with the logs: {:?}",
        s.status
    );
}

/// The rows of the screen as drawn at the state's size.
fn screen_rows(s: &crate::state::State) -> Vec<String> {
    let (w, h) = s.size;
    let mut term = ratatui::Terminal::new(ratatui::backend::TestBackend::new(w, h)).unwrap();
    term.draw(|f| crate::ui::render(s, f)).unwrap();
    let buf = term.backend().buffer().clone();
    (0..h)
        .map(|y| (0..w).map(|x| buf[(x, y)].symbol().to_string()).collect())
        .collect()
}

#[test]
fn a_click_on_a_task_row_of_the_detail_view_selects_that_task() {
    use crossterm::event::{MouseButton, MouseEvent, MouseEventKind};
    let mut s = loaded_state();
    s.stack
        .push(Screen::new(View::ServiceDetail, Some("web-api".into())));
    let tasks: Vec<String> = s
        .filtered_tasks(Some("web-api"), &s.screen().nav.clone())
        .iter()
        .map(|t| t.id.chars().take(8).collect())
        .collect();
    let last = tasks.last().cloned().unwrap();
    let drawn = screen_rows(&s);
    let row = drawn
        .iter()
        .position(|l| l.starts_with(&format!("│{last}")))
        .unwrap_or_else(|| panic!("{last} not drawn: {drawn:#?}"));
    update(
        &mut s,
        Event::Mouse(MouseEvent {
            kind: MouseEventKind::Down(MouseButton::Left),
            column: 10,
            row: u16::try_from(row).unwrap(),
            modifiers: KeyModifiers::NONE,
        }),
    );
    assert_eq!(s.screen().nav().selected, tasks.len() - 1);
}

/// The demo's simulated world on a manual clock (seed 7) and a fresh state
/// on its `prod` cluster at 120×40, as the app starts on it.
pub(super) fn sim_and_state() -> (
    std::sync::Arc<crate::source::sim::SimSource>,
    crate::state::State,
) {
    use crate::source::Source;
    use crate::source::sim::{SimConfig, SimSource};
    let sim = std::sync::Arc::new(SimSource::new(SimConfig {
        seed: 7,
        speed: None,
        ..SimConfig::default()
    }));
    let mut state = crate::state::State::new(
        sim.info(),
        Some("prod".into()),
        sim.now(),
        crate::keymap::Keymap::defaults(),
        crate::theme::Theme::plain(),
    );
    state.size = (120, 40);
    (sim, state)
}
