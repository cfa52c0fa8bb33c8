//! `update(state, event)` tests.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::update::{Command, update, wanted_fetches};
use crate::event::{Data, Event, Payload};
use crate::fixtures::{loaded_state, t0};
use crate::poll::Fetch;
use crate::source::{ErrorKind, SourceError};
use crate::state::{Overlay, Screen};

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
        &Screen::ServiceDetail {
            service: "search".into(),
            nav: Default::default()
        }
    );
    update(&mut s, code(KeyCode::Esc));
    assert!(matches!(s.screen(), Screen::Services(_)));
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
    assert!(matches!(s.screen(), Screen::ServiceDetail { service, .. } if service == "payments"));
    update(&mut s, code(KeyCode::Esc));
    update(&mut s, code(KeyCode::Esc));
    assert_eq!(s.row_count(), 5);
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
