//! Handing the terminal to a session: the Session Manager plugin as a child
//! process with inherited stdio, or the simulator's session. The caller has
//! left the dashboard's terminal mode (raw mode, alternate screen, mouse
//! capture) before, and restores it after.

use std::path::Path;

use super::{SessionGrant, SessionKind, plugin, sim_session};

/// How a session ended, in words for the status line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct SessionEnd {
    /// Whether it ended without an error.
    pub(crate) ok: bool,
    /// What happened.
    pub(crate) text: String,
}

/// Runs the session to its end. `plugin_path` is needed for
/// [`SessionKind::Plugin`] (see [`plugin::find_on_path`]). Ctrl-C while the
/// session runs goes to the session (the plugin forwards it), not to ecsdeck.
pub(crate) async fn run(grant: &SessionGrant, plugin_path: Option<&Path>) -> SessionEnd {
    match &grant.kind {
        SessionKind::Plugin => {
            let Some(path) = plugin_path else {
                return SessionEnd {
                    ok: false,
                    text: format!("{} was not found on PATH", plugin::PLUGIN),
                };
            };
            run_plugin(grant, path).await
        }
        SessionKind::SimShell { container, task_id } => {
            let (container, task_id) = (container.clone(), task_id.clone());
            let _interrupts = catch_interrupts();
            let done =
                tokio::task::spawn_blocking(move || sim_session::shell(&container, &task_id)).await;
            match done {
                Ok(Ok(())) => SessionEnd {
                    ok: true,
                    text: "demo shell session ended".into(),
                },
                Ok(Err(e)) => SessionEnd {
                    ok: false,
                    text: format!("demo shell session failed: {e}"),
                },
                Err(e) => SessionEnd {
                    ok: false,
                    text: format!("demo shell session failed: {e}"),
                },
            }
        }
        SessionKind::SimEcho { local_port } => {
            let guard = tokio::signal::ctrl_c();
            tokio::select! {
                r = sim_session::echo(*local_port) => match r {
                    Ok(port) => SessionEnd { ok: true, text: format!("demo port forwarding on 127.0.0.1:{port} ended") },
                    Err(e) => SessionEnd { ok: false, text: format!("demo port forwarding failed: {e}") },
                },
                _ = guard => SessionEnd { ok: true, text: "demo port forwarding ended (interrupted)".into() },
            }
        }
    }
}

async fn run_plugin(grant: &SessionGrant, path: &Path) -> SessionEnd {
    let mut child = match tokio::process::Command::new(path)
        .args(plugin::args(grant))
        .spawn()
    {
        Ok(c) => c,
        Err(e) => {
            return SessionEnd {
                ok: false,
                text: format!("could not start {}: {e}", path.display()),
            };
        }
    };
    // The plugin gets Ctrl-C (same process group) and forwards it into the
    // session; ecsdeck must not die of it meanwhile.
    let status = loop {
        tokio::select! {
            status = child.wait() => break status,
            _ = tokio::signal::ctrl_c() => continue,
        }
    };
    match status {
        Ok(s) if s.success() => SessionEnd {
            ok: true,
            text: format!("session {} ended", grant.session_id),
        },
        Ok(s) => SessionEnd {
            ok: false,
            text: format!("session {} ended with {s}", grant.session_id),
        },
        Err(e) => SessionEnd {
            ok: false,
            text: format!("session {} failed: {e}", grant.session_id),
        },
    }
}

/// Installs a SIGINT handler for as long as the value lives, so Ctrl-C in
/// a session (the terminal is in cooked mode) does not end ecsdeck.
#[cfg(unix)]
fn catch_interrupts() -> Option<tokio::signal::unix::Signal> {
    tokio::signal::unix::signal(tokio::signal::unix::SignalKind::interrupt()).ok()
}

#[cfg(not(unix))]
fn catch_interrupts() -> Option<()> {
    None
}
