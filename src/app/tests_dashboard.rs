//! The dashboard through `update`: focus and zoom keys, the focused pane
//! taking the movement keys, drilling in, the log tail following the
//! selection, going home, and what the plan fetches for it.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::Command;
use super::plan::wanted_fetches;
use super::update::update;
use crate::event::Event;
use crate::fixtures::loaded_dashboard;
use crate::poll::Fetch;
use crate::state::dashboard::Pane;
use crate::state::{State, View};

fn press(s: &mut State, code: KeyCode) -> Vec<Command> {
    update(s, Event::Key(KeyEvent::new(code, KeyModifiers::NONE)))
}

fn palette(s: &mut State, line: &str) {
    press(s, KeyCode::Char(':'));
    for c in line.chars() {
        press(s, KeyCode::Char(c));
    }
    press(s, KeyCode::Enter);
}

fn selected_service(s: &State) -> Option<String> {
    s.context_service().map(|x| x.name.clone())
}

fn starts_tail(commands: &[Command]) -> bool {
    commands
        .iter()
        .any(|c| matches!(c, Command::StartTail { .. }))
}

#[test]
fn tab_moves_the_focus_and_the_focused_pane_takes_the_movement_keys() {
    let mut s = loaded_dashboard();
    for _ in 0..3 {
        press(&mut s, KeyCode::Char('j'));
    }
    assert_eq!(selected_service(&s).as_deref(), Some("web-api"));
    press(&mut s, KeyCode::Tab);
    assert_eq!(s.dashboard.focus(), Pane::Tasks);
    press(&mut s, KeyCode::Char('j'));
    press(&mut s, KeyCode::Char('j'));
    assert_eq!(s.dashboard.tasks_nav.selected, 2, "the tasks pane moved");
    assert_eq!(
        selected_service(&s).as_deref(),
        Some("web-api"),
        "the services table did not"
    );
    press(&mut s, KeyCode::BackTab);
    assert_eq!(s.dashboard.focus(), Pane::Services);
    press(&mut s, KeyCode::Char('z'));
    assert!(s.dashboard.zoomed);
    press(&mut s, KeyCode::Char('z'));
    assert!(!s.dashboard.zoomed);
}

#[test]
fn enter_opens_the_focused_panes_view_and_esc_comes_back() {
    let mut s = loaded_dashboard();
    for _ in 0..3 {
        press(&mut s, KeyCode::Char('j'));
    }
    press(&mut s, KeyCode::Tab);
    press(&mut s, KeyCode::Char('j'));
    press(&mut s, KeyCode::Enter);
    let screen = s.screen();
    assert_eq!(screen.view, View::Tasks);
    assert_eq!(screen.service.as_deref(), Some("web-api"));
    assert_eq!(screen.nav.selected, 1, "the task selected in the pane");
    press(&mut s, KeyCode::Esc);
    assert_eq!(s.screen().view, View::Dashboard);
    // On the services table enter opens the service, as on the services view.
    press(&mut s, KeyCode::BackTab);
    press(&mut s, KeyCode::Enter);
    assert_eq!(s.screen().view, View::ServiceDetail);
}

#[test]
fn the_log_tail_follows_the_selected_service_and_stops_when_the_dashboard_is_left() {
    let mut s = loaded_dashboard();
    // checkout has no task loaded: no tail yet.
    assert_eq!(selected_service(&s).as_deref(), Some("checkout"));
    assert!(s.logs.is_none());
    let commands = press(&mut s, KeyCode::Char('j'));
    assert!(starts_tail(&commands), "payments' tail starts");
    let first = s.logs.as_ref().map(|l| (l.id, l.service.clone()));
    assert_eq!(first.as_ref().map(|f| f.1.as_str()), Some("payments"));
    // Another key on the same service keeps the tail.
    assert!(!starts_tail(&press(&mut s, KeyCode::Char('z'))));
    press(&mut s, KeyCode::Char('z'));
    // The next service with tasks: a new tail with a new id.
    press(&mut s, KeyCode::Char('j'));
    let commands = press(&mut s, KeyCode::Char('j'));
    assert!(starts_tail(&commands));
    let second = s.logs.as_ref().map(|l| (l.id, l.service.clone()));
    assert_eq!(second.as_ref().map(|f| f.1.as_str()), Some("web-api"));
    assert!(second.as_ref().map(|f| f.0) > first.as_ref().map(|f| f.0));
    // Leaving for another view stops it; coming back starts it again.
    let commands = press(&mut s, KeyCode::Enter);
    assert!(commands.iter().any(|c| matches!(c, Command::StopTail)));
    assert!(s.logs.is_none());
    assert!(starts_tail(&press(&mut s, KeyCode::Esc)));
}

#[test]
fn the_dashboard_is_home_and_the_services_view_stays_reachable() {
    let mut s = loaded_dashboard();
    palette(&mut s, "services");
    assert_eq!(s.screen().view, View::Services);
    assert_eq!(s.stack.len(), 2);
    palette(&mut s, "events");
    palette(&mut s, "home");
    assert_eq!(s.stack.len(), 1);
    assert_eq!(s.screen().view, View::Dashboard);
    super::navigation::switch_cluster(&mut s, "staging".into());
    assert_eq!(s.screen().view, View::Dashboard);
}

#[test]
fn on_a_big_cluster_the_plan_fetches_the_selected_services_own_tasks() {
    let mut s = loaded_dashboard();
    let mut services = s.services.data.clone().unwrap_or_default();
    for i in 0..30 {
        let mut extra = services[4].clone();
        extra.name = format!("zz-{i:02}");
        services.push(extra);
    }
    s.services.data = Some(services);
    for _ in 0..3 {
        press(&mut s, KeyCode::Char('j'));
    }
    let wanted = wanted_fetches(&s);
    assert!(
        wanted.contains(&Fetch::Tasks {
            cluster: "prod".into(),
            service: Some("web-api".into()),
        }),
        "{wanted:?}"
    );
    assert!(
        !wanted.contains(&Fetch::Tasks {
            cluster: "prod".into(),
            service: None,
        }),
        "not the whole cluster's: {wanted:?}"
    );
    assert!(wanted.iter().any(|f| matches!(f, Fetch::Metrics { .. })));
}
