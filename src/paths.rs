//! Where ecsdeck keeps its files: the XDG config and state directories.
//! Ground floor: imports nothing from the crate, so audit, chaos, logging,
//! config and the app can all find their files without reaching up.

use std::path::PathBuf;

fn project_dirs() -> Option<directories::ProjectDirs> {
    directories::ProjectDirs::from("", "", "ecsdeck")
}

/// `$XDG_CONFIG_HOME/ecsdeck/config.toml`.
pub(crate) fn config_file() -> Option<PathBuf> {
    project_dirs().map(|d| d.config_dir().join("config.toml"))
}

/// The state dir for logs, the audit log and chaos records (`$XDG_STATE_HOME/ecsdeck`).
pub(crate) fn state_dir() -> Option<PathBuf> {
    let dirs = project_dirs()?;
    Some(
        dirs.state_dir()
            .unwrap_or_else(|| dirs.data_local_dir())
            .to_path_buf(),
    )
}
