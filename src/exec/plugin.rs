//! The Session Manager plugin: where it is and how it is called.

use std::ffi::OsStr;
use std::path::{Path, PathBuf};

use crate::source::{ErrorKind, SourceError};

use super::SessionGrant;

/// The plugin's executable name.
pub(crate) const PLUGIN: &str = "session-manager-plugin";

/// Where to get the plugin.
pub(crate) const INSTALL_URL: &str = "https://docs.aws.amazon.com/systems-manager/latest/userguide/session-manager-working-with-install-plugin.html";

/// Finds the plugin on `path` (the value of `PATH`).
pub(crate) fn find(path: Option<&OsStr>) -> Result<PathBuf, SourceError> {
    let found = path.and_then(|p| {
        std::env::split_paths(p)
            .map(|dir| dir.join(PLUGIN))
            .find(|f| is_executable(f))
    });
    found.ok_or_else(|| {
        SourceError::new(
            ErrorKind::InvalidInput,
            "session-manager-plugin",
            format!("{PLUGIN} was not found on PATH: it is needed for a shell or port forwarding"),
        )
        .with_hint(format!("install the Session Manager plugin: {INSTALL_URL}"))
    })
}

/// Finds the plugin on this process's `PATH`.
pub(crate) fn find_on_path() -> Result<PathBuf, SourceError> {
    find(std::env::var_os("PATH").as_deref())
}

#[cfg(unix)]
fn is_executable(p: &Path) -> bool {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(p).is_ok_and(|m| m.is_file() && m.permissions().mode() & 0o111 != 0)
}

#[cfg(not(unix))]
fn is_executable(p: &Path) -> bool {
    p.is_file()
}

/// The plugin's arguments, in the order the AWS CLI passes them:
/// `<session-json> <region> StartSession <profile> <request-params-json> <endpoint>`.
pub(crate) fn args(grant: &SessionGrant) -> Vec<String> {
    let session = serde_json::json!({
        "SessionId": grant.session_id,
        "StreamUrl": grant.stream_url,
        "TokenValue": grant.token_value,
    });
    vec![
        session.to_string(),
        grant.region.clone(),
        "StartSession".to_string(),
        grant.profile.clone(),
        grant.request.to_string(),
        grant.endpoint.clone(),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::exec::SessionKind;

    #[test]
    fn arguments_follow_the_aws_cli_order() {
        let g = SessionGrant {
            session_id: "ecs-execute-command-0abc".into(),
            stream_url:
                "wss://ssmmessages.eu-west-1.amazonaws.com/v1/data-channel/ecs-execute-command-0abc"
                    .into(),
            token_value: "tok".into(),
            request: serde_json::json!({"Target": "ecs:prod_t1_t1-1"}),
            region: "eu-west-1".into(),
            profile: "ops".into(),
            endpoint: "https://ssm.eu-west-1.amazonaws.com".into(),
            kind: SessionKind::Plugin,
        };
        let a = args(&g);
        assert_eq!(a.len(), 6);
        let session: serde_json::Value = serde_json::from_str(&a[0]).unwrap();
        assert_eq!(session["SessionId"], "ecs-execute-command-0abc");
        assert_eq!(session["TokenValue"], "tok");
        assert_eq!(&a[1..4], ["eu-west-1", "StartSession", "ops"]);
        assert_eq!(a[4], r#"{"Target":"ecs:prod_t1_t1-1"}"#);
        assert_eq!(a[5], "https://ssm.eu-west-1.amazonaws.com");
    }

    #[cfg(unix)]
    #[test]
    fn the_plugin_is_found_on_path_or_named_with_where_to_get_it() {
        use std::os::unix::fs::PermissionsExt;
        let dir = std::env::temp_dir().join(format!("ecsdeck-plugin-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        let e = find(Some(dir.as_os_str())).unwrap_err();
        assert!(e.message.contains("not found on PATH"), "{e}");
        assert!(e.hint.unwrap_or_default().contains(INSTALL_URL));
        let f = dir.join(PLUGIN);
        std::fs::write(&f, "#!/bin/sh\n").unwrap();
        assert!(find(Some(dir.as_os_str())).is_err(), "not executable yet");
        std::fs::set_permissions(&f, std::fs::Permissions::from_mode(0o755)).unwrap();
        let path = std::env::join_paths([Path::new("/nonexistent"), dir.as_path()]).unwrap();
        assert_eq!(find(Some(&path)).unwrap(), f);
        let _ = std::fs::remove_dir_all(dir);
    }
}
