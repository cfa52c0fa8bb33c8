//! Presenter mode's keys: `P` in and out, moving through the grid, the
//! chaos key through the usual confirm dialog, nothing that describes.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::{Command, update};
use crate::event::Event;
use crate::fixtures::loaded_state;
use crate::model::TaskStatus;
use crate::ops::Op;
use crate::state::{Overlay, State, View};

fn key(c: char) -> Event {
    Event::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE))
}

fn code(c: KeyCode) -> Event {
    Event::Key(KeyEvent::new(c, KeyModifiers::NONE))
}

/// Presenter mode on web-api of the unprotected `staging` cluster, at 200×60.
fn presenting() -> State {
    let mut s = loaded_state();
    s.cluster = Some("staging".into());
    s.size = (200, 60);
    for c in "/web-api".chars() {
        update(&mut s, key(c));
    }
    update(&mut s, code(KeyCode::Enter));
    update(&mut s, key('P'));
    s
}

#[test]
fn p_presents_the_selected_service_and_p_leaves() {
    let mut s = presenting();
    assert_eq!(s.screen().view, View::Presenter);
    assert_eq!(s.screen().service.as_deref(), Some("web-api"));
    update(&mut s, key('P'));
    assert_eq!(s.screen().view, View::Services);
}

#[test]
fn arrows_move_through_the_grid_and_x_confirms_the_selected_box() {
    let mut s = presenting();
    let tasks: Vec<String> = s
        .presenter_tasks("web-api")
        .iter()
        .map(|t| t.arn.clone())
        .collect();
    assert!(tasks.len() >= 3, "{tasks:?}");
    update(&mut s, code(KeyCode::Right));
    update(&mut s, code(KeyCode::Right));
    update(&mut s, code(KeyCode::Left));
    assert_eq!(s.screen().nav.selected, 1);
    // Up and down move a whole row of boxes: here every task is on the first row.
    update(&mut s, code(KeyCode::Down));
    assert_eq!(s.screen().nav.selected, tasks.len() - 1);
    update(&mut s, code(KeyCode::Up));
    assert_eq!(s.screen().nav.selected, 0);
    update(&mut s, code(KeyCode::Right));
    let cmds: Vec<Command> = update(&mut s, key('x'));
    assert!(cmds.is_empty(), "nothing is sent before the confirm");
    assert!(
        matches!(s.overlay, Some(Overlay::Confirm(_))),
        "{:?}",
        s.overlay
    );
    let cmds = update(&mut s, key('y'));
    assert!(
        matches!(cmds.as_slice(), [Command::RunOp(Op::StopTask { task, .. })] if *task == tasks[1]),
        "{cmds:?}"
    );
}

#[test]
fn x_on_a_stopped_box_stops_nothing() {
    let mut s = presenting();
    let i = s
        .presenter_tasks("web-api")
        .iter()
        .position(|t| t.last_status == TaskStatus::Stopped)
        .expect("the fixture's task stopped 30 s ago is on the grid");
    s.screen_mut().nav.selected = i;
    update(&mut s, key('x'));
    assert!(s.overlay.is_none(), "{:?}", s.overlay);
    assert!(
        s.status
            .as_ref()
            .is_some_and(|m| m.text.contains("already stopped"))
    );
}

#[test]
fn nothing_describes_or_copies_in_presenter_mode() {
    let mut s = presenting();
    update(&mut s, key('d'));
    assert!(s.overlay.is_none(), "{:?}", s.overlay);
    assert!(s.selected().is_none());
}

#[test]
fn read_only_drops_the_kill_key() {
    let mut s = presenting();
    s.keymap = s.keymap.clone().without_dangerous();
    s.read_only = true;
    update(&mut s, key('x'));
    assert!(!matches!(s.overlay, Some(Overlay::Confirm(_))));
}

#[test]
fn the_picker_presents_the_chosen_service() {
    let mut s = loaded_state();
    s.open_presenter(None);
    assert_eq!(s.row_count(), 5);
    update(&mut s, code(KeyCode::Down));
    update(&mut s, code(KeyCode::Enter));
    assert_eq!(s.screen().view, View::Presenter);
    assert_eq!(s.screen().service.as_deref(), Some("payments"));
}
