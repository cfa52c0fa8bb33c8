//! Moving between screens and clusters: pushing views, marking and diffing
//! revisions, the table filter.

use crossterm::event::KeyEvent;

use crate::action::Action;
use crate::keymap::{KeyCombo, KeyContext};

use crate::app::{Command, push_view, set_status};
use crate::state::{Level, Screen, State, View};

/// Pushes a view of the service in context (the selected service on the services view).
pub(super) fn push_service_view(state: &mut State, view: View) {
    let Some(name) = state.context_service().map(|s| s.name.clone()) else {
        set_status(state, Level::Info, "select a service first".into());
        return;
    };
    push_view(state, view, Some(name));
}

pub(super) fn mark_revision(state: &mut State) {
    let screen = state.screen();
    let Some(service) = screen.service.clone() else {
        return;
    };
    let Some(arn) = state
        .filtered_revisions(&service, &screen.nav)
        .get(screen.nav.selected)
        .map(|s| (*s).clone())
    else {
        return;
    };
    let short = crate::model::task_def_short(&arn).to_string();
    let screen = state.screen_mut();
    if screen.marked.as_ref() == Some(&arn) {
        screen.marked = None;
        set_status(state, Level::Info, format!("unmarked {short}"));
    } else {
        screen.marked = Some(arn);
        let diff = state
            .keymap
            .keys_of(KeyContext::Revisions, Action::DiffRevisions, 1);
        set_status(
            state,
            Level::Info,
            format!("marked {short}: select another revision and press {diff} to diff"),
        );
    }
}

pub(super) fn open_diff(state: &mut State) {
    let screen = state.screen();
    let Some(service) = screen.service.clone() else {
        return;
    };
    let Some(selected) = state
        .filtered_revisions(&service, &screen.nav)
        .get(screen.nav.selected)
        .map(|s| (*s).clone())
    else {
        return;
    };
    let other = screen
        .marked
        .clone()
        .or_else(|| state.service(&service).map(|s| s.task_definition.clone()));
    let Some(other) = other else {
        return;
    };
    if other == selected {
        set_status(
            state,
            Level::Info,
            "that is the running revision: mark another one with space".into(),
        );
        return;
    }
    let rev = |a: &str| crate::model::task_def_revision(a).unwrap_or(0);
    let pair = if rev(&other) <= rev(&selected) {
        (other, selected)
    } else {
        (selected, other)
    };
    let mut diff = Screen::new(View::Diff, Some(service));
    diff.diff = Some(pair);
    state.stack.push(diff);
    super::data::refresh_diffs(state);
}

pub(super) fn current_cluster_index(state: &State) -> usize {
    state
        .clusters
        .data
        .iter()
        .flatten()
        .position(|c| Some(&c.name) == state.cluster.as_ref())
        .unwrap_or(0)
}

pub(super) fn open_selected(state: &mut State) {
    if state.screen().view == View::Deployments {
        super::service_deployments::open_selected(state);
        return;
    }
    if matches!(state.screen().view, View::Fleet | View::Promotion) {
        super::fleet::open(state);
        return;
    }
    if state.screen().view.lists_services() {
        let nav = &state.screen().nav;
        let name = state
            .filtered_services(nav)
            .get(nav.selected)
            .map(|s| s.name.clone());
        if let Some(service) = name {
            state
                .stack
                .push(Screen::new(View::ServiceDetail, Some(service)));
        }
    }
}

/// Clears the filter of the current table. On the services view the
/// selected service stays selected (as in k9s); elsewhere the top row is.
pub(super) fn clear_filter(state: &mut State) {
    let keep = match state.screen().view {
        View::Services | View::Dashboard => state.context_service().map(|s| s.name.clone()),
        _ => None,
    };
    let nav = state.screen_mut().nav_mut();
    nav.filter.clear();
    nav.editing_filter = false;
    nav.selected = 0;
    nav.offset = 0;
    if let Some(name) = keep {
        let all = state.filtered_services(state.screen().nav());
        let (len, at) = (all.len(), all.iter().position(|s| s.name == name));
        let height = state.body_rows();
        if let Some(i) = at {
            state.screen_mut().nav_mut().select(i, len, height);
        }
    }
}

/// Sorts the current table by its next column, or reverses its sort; the
/// status line says which (the header shows it too).
pub(super) fn change_sort(state: &mut State, reverse: bool) {
    let text = match state.change_sort(reverse) {
        Ok(Some(sort)) => {
            let (arrow, order) = if sort.descending {
                ("▼", "descending")
            } else {
                ("▲", "ascending")
            };
            format!("sorted by {} {arrow} ({order})", sort.column)
        }
        Ok(None) => "sorted in the table's own order".to_string(),
        Err(()) => "this view has no table to sort".to_string(),
    };
    set_status(state, Level::Info, text);
}

/// Keys while the table's filter line is edited (the keymap's `Filter`
/// context: accept keeps the filter, close clears it; other keys edit it).
pub(super) fn on_filter_key(state: &mut State, key: KeyEvent) {
    let action = state
        .keymap
        .resolve_overlay(KeyContext::Filter, KeyCombo::from_event(&key));
    if action == Some(Action::Close) {
        clear_filter(state);
        return;
    }
    let nav = state.screen_mut().nav_mut();
    match action {
        Some(Action::Accept) => nav.editing_filter = false,
        Some(_) => {}
        None => {
            super::overlay_keys::edit(&mut nav.filter, key, usize::MAX);
        }
    }
    nav.selected = 0;
    nav.offset = 0;
}

/// Switches to another cluster: drops its data and resets navigation.
pub(crate) fn switch_cluster(state: &mut State, name: String) -> Vec<Command> {
    state.overlay = None;
    if state.cluster.as_ref() == Some(&name) {
        return Vec::new();
    }
    state.cluster = Some(name.clone());
    state.services = Default::default();
    state.tasks.clear();
    state.target_groups = Default::default();
    state.metrics = Default::default();
    state.scaling = Default::default();
    state.current_deployments = Default::default();
    state.service_deployments.clear_cluster();
    state.revisions.clear();
    state.task_index.clear();
    state.freshness.clear();
    state.stack = vec![Screen::new(View::Dashboard, None)];
    state.dashboard.service_changed();
    set_status(state, Level::Info, format!("switched to cluster {name}"));
    vec![Command::ResetFetches]
}
