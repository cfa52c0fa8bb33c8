//! `tracing` to a file in the state dir, never to the terminal the UI owns.

use std::fs::OpenOptions;
use std::sync::Mutex;

use tracing_subscriber::EnvFilter;

/// Sends tracing output to `$XDG_STATE_HOME/ecsdeck/ecsdeck.log` (level from `ECSDECK_LOG`, default `info`).
/// Failure to open the file leaves tracing off: logging must never stop the console.
pub fn init() {
    let Some(dir) = crate::config::state_dir() else {
        return;
    };
    if std::fs::create_dir_all(&dir).is_err() {
        return;
    }
    let Ok(file) = OpenOptions::new()
        .create(true)
        .append(true)
        .open(dir.join("ecsdeck.log"))
    else {
        return;
    };
    let filter = EnvFilter::try_from_env("ECSDECK_LOG").unwrap_or_else(|_| EnvFilter::new("info"));
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_ansi(false)
        .with_writer(Mutex::new(file))
        .try_init();
}
