//! The shell key (`S`, `:exec`): checks, then the confirm overlay with an
//! [`Op::Exec`]; the confirmed op returns a session that the event loop hands
//! the terminal to (`State::handoff`), and [`session_ended`] reports its end.

use crate::app::{Command, set_status};
use crate::exec::launch::{self, SessionEnd};
use crate::exec::{ExecRequest, SessionGrant, SessionKind, plugin, preflight};
use crate::ops::Op;
use crate::source::SourceError;
use crate::state::{Confirm, Level, Overlay, State};

/// Starts the shell action on the selected task: refused in read-only mode,
/// else checked ([`preflight::container_for_session`]) and confirmed.
pub(crate) fn begin(state: &mut State) -> Vec<Command> {
    if state.read_only {
        set_status(
            state,
            Level::Error,
            "read-only mode: shell refused — actions that change AWS are disabled".into(),
        );
        return Vec::new();
    }
    let Some(cluster) = state.cluster.clone() else {
        return Vec::new();
    };
    let screen = state.screen();
    let Some(task) = state
        .filtered_tasks(screen.service.as_deref(), &screen.nav)
        .get(screen.nav.selected)
        .map(|t| (*t).clone())
    else {
        set_status(state, Level::Info, "select a task first".into());
        return Vec::new();
    };
    let service_name = task.service_name().map(str::to_string).unwrap_or_default();
    let service = state.service(&service_name).cloned();
    let container =
        match preflight::container_for_session(&task, None, service.as_ref(), "ecs:ExecuteCommand")
        {
            Ok(c) => c.clone(),
            Err(e) => {
                set_status(state, Level::Error, format!("shell not started: {e}"));
                return Vec::new();
            }
        };
    if state.inflight.contains(&service_name) {
        set_status(
            state,
            Level::Info,
            format!("an action on {service_name} is already in flight: wait for it"),
        );
        return Vec::new();
    }
    let op = Op::Exec {
        service: service_name,
        request: ExecRequest {
            cluster,
            task: task.arn.clone(),
            container: container.name.clone(),
            command: state.settings.exec_shell.clone(),
            runtime_id: container.runtime_id.clone().unwrap_or_default(),
        },
    };
    let protected = state.cluster_is_protected();
    state.overlay = Some(Overlay::Confirm(Box::new(Confirm::op(op, protected))));
    Vec::new()
}

/// A session ended (or could not start): the status line says how.
pub(crate) fn session_ended(state: &mut State, end: &SessionEnd) {
    let level = if end.ok { Level::Success } else { Level::Error };
    set_status(state, level, end.text.clone());
}

/// For a session op on a real source, the Session Manager plugin must be on
/// `PATH` before anything is sent; the simulator serves its sessions itself.
pub(crate) fn plugin_ready(op: &Op, source_kind: &str) -> Result<(), SourceError> {
    match op {
        Op::Exec { .. } | Op::PortForward { .. } if source_kind != "demo" => {
            plugin::find_on_path().map(|_| ())
        }
        _ => Ok(()),
    }
}

/// Suspends the dashboard (raw mode, alternate screen, mouse capture off,
/// cursor shown), runs the session to its end, and restores the dashboard.
pub(crate) async fn hand_over(terminal: &mut crate::tui::Tui, grant: &SessionGrant) -> SessionEnd {
    crate::tui::suspend();
    let plugin = match grant.kind {
        SessionKind::Plugin => plugin::find_on_path().ok(),
        _ => None,
    };
    let mut end = launch::run(grant, plugin.as_deref()).await;
    if let Err(e) = crate::tui::resume(terminal) {
        end.ok = false;
        end.text = format!("{}; the terminal could not be restored: {e}", end.text);
    }
    end
}
