//! Presenter mode's keys: opening and leaving it, moving through its task
//! grid (or its service picker), choosing the service to present.

use crate::action::Action;
use crate::app::set_status;
use crate::state::{Level, Screen, State, View};

/// `P` outside presenter mode: presents the service in context (a task
/// view's service, the selected row of the services list), else opens the
/// service picker.
pub(crate) fn open(state: &mut State) {
    let service = state
        .context_service()
        .map(|s| s.name.clone())
        .or_else(|| state.screen().service.clone());
    state.open_presenter(service);
}

/// A key in presenter mode.
pub(crate) fn on_action(state: &mut State, action: Action) {
    let layout = state.presenter_layout();
    let picking = state.screen().service.is_none();
    let rows = state.row_count();
    let (step, page) = if picking {
        (1, state.body_rows())
    } else {
        (layout.columns(), layout.per_page())
    };
    let nav = state.screen_mut().nav_mut();
    match action {
        Action::Left => nav.move_by(-1, rows, page),
        Action::Right => nav.move_by(1, rows, page),
        Action::Up => nav.move_by(-(step as isize), rows, page),
        Action::Down => nav.move_by(step as isize, rows, page),
        Action::Open if picking => choose(state),
        Action::Present if state.stack.len() > 1 => {
            state.stack.pop();
            crate::app::clamp_selection(state);
        }
        _ => {}
    }
}

/// Enter in the service picker: presents the selected service.
fn choose(state: &mut State) {
    let nav = state.screen().nav();
    let name = state
        .filtered_services(nav)
        .get(nav.selected)
        .map(|s| s.name.clone());
    match name {
        Some(name) => *state.screen_mut() = Screen::new(View::Presenter, Some(name)),
        None => set_status(state, Level::Info, "no service to present yet".into()),
    }
}
