//! A shell (ECS Exec) and port forwarding (SSM) into a task.
//!
//! The flow: [`preflight`] checks what can be checked before anything is sent
//! (task RUNNING, the ExecuteCommand agent RUNNING, `enableExecuteCommand` on
//! the service, the Session Manager plugin on `PATH`); the write itself
//! (ExecuteCommand or StartSession) goes through the audited op path and
//! returns a [`SessionGrant`]; [`launch`] hands the terminal to the plugin
//! with that session (or, on `--demo`, to a simulated shell or a loopback
//! echo), in the argument order the AWS CLI uses ([`plugin`]).

pub(crate) mod launch;
pub(crate) mod plugin;
pub(crate) mod preflight;
pub(crate) mod sim_session;

pub(crate) use crate::model::session::{
    ExecRequest, PortForwardRequest, SessionGrant, SessionKind,
};

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::session::target;

    #[test]
    fn the_target_names_cluster_task_and_runtime_id() {
        assert_eq!(
            target(
                "arn:aws:ecs:eu-west-1:123456789012:cluster/prod",
                "arn:aws:ecs:eu-west-1:123456789012:task/prod/abc123",
                "abc123-0527074092"
            ),
            "ecs:prod_abc123_abc123-0527074092"
        );
    }

    #[test]
    fn port_forwarding_picks_the_document_by_host() {
        let mut r = PortForwardRequest {
            cluster: "prod".into(),
            task_id: "t1".into(),
            runtime_id: "t1-1".into(),
            remote_port: 8080,
            local_port: 0,
            host: None,
        };
        assert_eq!(r.document(), "AWS-StartPortForwardingSession");
        assert_eq!(
            r.request_json()["Parameters"],
            serde_json::json!({"portNumber": ["8080"]})
        );
        r.host = Some("db.internal".into());
        r.local_port = 15432;
        r.remote_port = 5432;
        assert_eq!(r.document(), "AWS-StartPortForwardingSessionToRemoteHost");
        assert_eq!(
            r.request_json(),
            serde_json::json!({
                "Target": "ecs:prod_t1_t1-1",
                "DocumentName": "AWS-StartPortForwardingSessionToRemoteHost",
                "Parameters": {"portNumber": ["5432"], "localPortNumber": ["15432"], "host": ["db.internal"]},
            })
        );
    }

    #[test]
    fn debug_masks_the_token() {
        let g = SessionGrant {
            session_id: "s-1".into(),
            stream_url: "wss://x".into(),
            token_value: "SECRET-TOKEN".into(),
            request: serde_json::json!({}),
            region: "eu-west-1".into(),
            profile: String::new(),
            endpoint: "https://ssm.eu-west-1.amazonaws.com".into(),
            kind: SessionKind::Plugin,
        };
        assert!(!format!("{g:?}").contains("SECRET-TOKEN"));
    }
}
