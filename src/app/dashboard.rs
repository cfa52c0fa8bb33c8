//! The home dashboard's keys and its log tail: `tab`/`shift-tab` move the
//! focus, `z` zooms the focused pane; the focused pane takes the movement keys
//! and `enter` opens the pane's own view. The log pane tails the selected
//! service and follows the selection.

use crate::action::Action;
use crate::app::{Command, push_view};
use crate::logs::tail::TailRequest;
use crate::state::dashboard::{Pane, TAIL_LINES, body_of};
use crate::state::log_view::LogView;
use crate::state::{LogSession, Screen, State, TableNav, View};

/// Handles `action` on the dashboard when it is the dashboard's (focus,
/// zoom) or the focused pane's; `None` lets the usual dispatch handle it
/// (the services table takes the keys it takes on the services view).
pub(crate) fn on_action(state: &mut State, action: Action) -> Option<Vec<Command>> {
    match action {
        Action::FocusNext => state.dashboard.cycle_focus(1),
        Action::FocusPrev => state.dashboard.cycle_focus(-1),
        Action::ZoomPane => state.dashboard.toggle_zoom(),
        _ => return pane_action(state, action),
    }
    Some(Vec::new())
}

fn pane_action(state: &mut State, action: Action) -> Option<Vec<Command>> {
    let service = state.context_service().map(|s| s.name.clone());
    match (state.dashboard.focus(), action) {
        (Pane::Services, _) => None,
        (Pane::Logs, Action::Open) => Some(super::logs::open(state, false)),
        (Pane::Tasks, Action::Open) => {
            let selected = state.dashboard.tasks_nav.selected;
            drill(state, View::Tasks, service, selected);
            Some(Vec::new())
        }
        (Pane::Events, Action::Open) => {
            let selected = state.dashboard.events_nav.selected;
            drill(state, View::Events, service, selected);
            Some(Vec::new())
        }
        (Pane::Rollout, Action::Open) => {
            drill(state, View::Deployments, service, 0);
            Some(Vec::new())
        }
        (Pane::Alarms, Action::Open) => {
            push_view(state, View::Alarms, None);
            Some(Vec::new())
        }
        (pane @ (Pane::Tasks | Pane::Events), _) => {
            let rows = match (pane, service.as_deref()) {
                (Pane::Tasks, Some(s)) => state.service_tasks(s).len(),
                (Pane::Events, Some(s)) => state.service(s).map_or(0, |x| x.events.len()),
                _ => 0,
            };
            let height = pane_rows(state, pane);
            let nav = if pane == Pane::Tasks {
                &mut state.dashboard.tasks_nav
            } else {
                &mut state.dashboard.events_nav
            };
            move_in(nav, action, rows, height).then(Vec::new)
        }
        _ => None,
    }
}

/// Applies a movement key to a pane's table; `false` for other keys.
fn move_in(nav: &mut TableNav, action: Action, rows: usize, height: usize) -> bool {
    let page = height as isize;
    match action {
        Action::Up => nav.move_by(-1, rows, height),
        Action::Down => nav.move_by(1, rows, height),
        Action::PageUp => nav.move_by(-page, rows, height),
        Action::PageDown => nav.move_by(page, rows, height),
        Action::Top => nav.select(0, rows, height),
        Action::Bottom => nav.select(rows.saturating_sub(1), rows, height),
        _ => return false,
    }
    true
}

/// Opens `view` of `service` with row `selected` selected.
fn drill(state: &mut State, view: View, service: Option<String>, selected: usize) {
    let Some(service) = service else {
        super::set_status(
            state,
            crate::state::Level::Info,
            "select a service first".into(),
        );
        return;
    };
    let mut screen = Screen::new(view, Some(service));
    screen.nav.selected = selected;
    state.stack.push(screen);
    super::clamp_selection(state);
}

/// Table rows inside `pane` (its borders and column header excluded).
pub(crate) fn pane_rows(state: &State, pane: Pane) -> usize {
    let area = state.dashboard_area_of(pane, body_of(state.size));
    area.map_or(1, |a| usize::from(a.height.saturating_sub(3)).max(1))
}

/// Lines inside the log pane's border, while the dashboard shows it.
pub(crate) fn log_pane_lines(state: &State) -> Option<usize> {
    if state.screen().view != View::Dashboard {
        return None;
    }
    let area = state.dashboard_area_of(Pane::Logs, body_of(state.size))?;
    Some(usize::from(area.height.saturating_sub(2)))
}

/// Whether the dashboard (on screen, with a log pane) keeps a log tail.
pub(crate) fn keeps_tail(state: &State) -> bool {
    state.screen().view == View::Dashboard && state.dashboard.shows(Pane::Logs)
}

/// After every event: the panes follow the selected service. A new
/// selection resets the tasks and events panes and restarts the log tail
/// on the new service once its tasks (and so its log streams) are known.
pub(crate) fn follow(state: &mut State) -> Vec<Command> {
    if state.screen().view != View::Dashboard {
        return Vec::new();
    }
    let service = state.context_service().map(|s| s.name.clone());
    if service != state.dashboard.service {
        state.dashboard.service_changed();
        state.dashboard.service = service.clone();
    }
    if !state.dashboard.shows(Pane::Logs) {
        return Vec::new();
    }
    let ours = state
        .logs
        .as_ref()
        .is_some_and(|l| Some(l.id) == state.dashboard.tail_id);
    let Some(service) = service else {
        return stop(state);
    };
    if ours && state.logs.as_ref().is_some_and(|l| l.service == service) {
        return widen(state, &service);
    }
    let tasks = state.service_tasks(&service);
    let Some(target) = super::logs::target_for(&tasks) else {
        // No tasks yet, or no awslogs configuration: the pane says which.
        return stop(state);
    };
    let ids = tasks.iter().map(|t| t.id.clone()).collect();
    let last = state.logs.as_ref().map_or(0, |l| l.id);
    let id = last.max(state.dashboard.tail_id.unwrap_or(0)) + 1;
    let start = state.now - chrono::Duration::minutes(15);
    let request = TailRequest::new(target.clone(), "", start);
    state.logs = Some(LogSession {
        id,
        service,
        target,
        start,
        view: LogView::new(TAIL_LINES.min(state.log_capacity)).with_event_ids(),
    });
    state.dashboard.tail_id = Some(id);
    state.dashboard.tail_tasks = ids;
    vec![Command::StartTail {
        id,
        request: Box::new(request),
    }]
}

/// The tail follows the service's tasks: when a task it does not cover
/// appears (a rollout's), it restarts on the wider set of streams from
/// just before the newest line held (or the new task's start, if earlier).
/// The lines held stay; the view drops the ones read again by event id.
/// Nothing is restarted while the set of task ids stays the same.
fn widen(state: &mut State, service: &str) -> Vec<Command> {
    let tasks = state.service_tasks(service);
    let new: Vec<&crate::model::Task> = tasks
        .iter()
        .filter(|t| !state.dashboard.tail_tasks.contains(&t.id))
        .copied()
        .collect();
    if new.is_empty() {
        return Vec::new();
    }
    let ids: Vec<String> = tasks.iter().map(|t| t.id.clone()).collect();
    let wider = super::logs::target_for(&tasks);
    let new_since = new
        .iter()
        .map(|t| t.started_at.or(t.created_at))
        .collect::<Option<Vec<_>>>()
        .and_then(|at| at.into_iter().min());
    state.dashboard.tail_tasks.extend(ids);
    let (Some(wider), Some(session)) = (wider, state.logs.as_mut()) else {
        return Vec::new();
    };
    let command = super::logs::rescope(session, wider, new_since);
    state.dashboard.tail_id = Some(session.id);
    command.into_iter().collect()
}

/// Stops a tail about another service than the selected one.
fn stop(state: &mut State) -> Vec<Command> {
    if state.logs.take().is_some() {
        return vec![Command::StopTail];
    }
    Vec::new()
}
