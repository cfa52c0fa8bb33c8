//! The app: the pure [`update`] function and the event loop that drives it.
//!
//! `update` dispatches events (`update.rs`): fetched data (`data.rs`), actions
//! and palette lines (`dispatch.rs`), overlay keys (`overlay_keys/`, one module per overlay). The
//! handlers (`navigation`, `actions`, `logs`, `runbooks`) take what they share,
//! [`Command`], [`set_status`], [`push_view`], from this root, never from the
//! dispatcher that calls them.

mod actions;
mod clipboard;
mod command;
mod console;
mod current_deployments;
mod dashboard;
mod data;
mod dispatch;
mod exec;
mod fleet;
mod logs;
mod navigation;
mod overlay_keys;
mod pacer;
mod plan;
mod presenter;
mod refresh;
mod reveal;
mod runbooks;
mod runtime;
mod scaling;
mod service_deployments;
mod source_switch;
mod update;

pub use command::Command;
#[cfg(test)]
pub(crate) use dispatch::run_palette;
pub use pacer::{Pacer, expected_calls};
pub use plan::{SMALL_CLUSTER, SWEEP_MAX, SWEEP_PERIOD, wanted_fetches};
pub use runtime::{RunOptions, execute_op, run};
pub use update::update;

use crate::state::{Level, Screen, State, StatusMessage, View};

/// Sets the status line.
pub(crate) fn set_status(state: &mut State, level: Level, text: String) {
    state.status = Some(StatusMessage {
        level,
        text,
        at: state.now,
    });
}

/// Pushes a screen, replacing the top one if it is the same view (no duplicate breadcrumbs).
pub(crate) fn push_view(state: &mut State, view: View, service: Option<String>) {
    if state.screen().view == view && state.screen().service == service {
        return;
    }
    // The home (the first screen) is never stacked twice.
    if view == state.stack[0].view {
        state.stack.truncate(1);
        return;
    }
    if view == View::Dashboard {
        state.stack = vec![Screen::new(View::Dashboard, None)];
        return;
    }
    if view == View::Services {
        state.stack.truncate(1);
    }
    state.stack.push(Screen::new(view, service));
}

/// Keeps the selection inside the table and on screen after its rows changed.
pub(crate) fn clamp_selection(state: &mut State) {
    let rows = state.row_count();
    let height = state.body_rows();
    state.screen_mut().nav_mut().scroll_into_view(rows, height);
}

#[cfg(test)]
mod tests;
#[cfg(test)]
mod tests_actions;
#[cfg(test)]
mod tests_dashboard;
#[cfg(test)]
mod tests_dashboard_tail;
#[cfg(test)]
mod tests_exec;
#[cfg(test)]
mod tests_native_rollback;
#[cfg(test)]
mod tests_plan;
#[cfg(test)]
mod tests_presenter;
#[cfg(test)]
mod tests_runtime;
#[cfg(test)]
mod tests_scaling;
#[cfg(test)]
mod tests_service_deployments;
#[cfg(test)]
mod tests_sort;
#[cfg(test)]
mod tests_trust;
