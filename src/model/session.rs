//! The sessions ECS Exec and SSM port forwarding open: what is asked
//! (ExecuteCommand, StartSession) and what comes back for the Session
//! Manager plugin. Data only, so the source seam can speak it.

use serde::Serialize;

/// What ExecuteCommand or StartSession returned: the session the Session
/// Manager plugin opens. The token is a secret: `Debug` masks it and it is
/// never written to the audit log.
#[derive(Clone, PartialEq, Eq)]
pub struct SessionGrant {
    /// `SessionId`.
    pub(crate) session_id: String,
    /// `StreamUrl` (a `wss://` URL of ssmmessages).
    pub(crate) stream_url: String,
    /// `TokenValue`.
    pub(crate) token_value: String,
    /// The plugin's request-parameters JSON (`Target`, and for port
    /// forwarding `DocumentName` and `Parameters`).
    pub(crate) request: serde_json::Value,
    /// Region of the session.
    pub(crate) region: String,
    /// Profile name (empty for the default chain), as the plugin expects it.
    pub(crate) profile: String,
    /// The SSM endpoint URL.
    pub(crate) endpoint: String,
    /// Who serves the session.
    pub(crate) kind: SessionKind,
}

impl std::fmt::Debug for SessionGrant {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SessionGrant")
            .field("session_id", &self.session_id)
            .field("stream_url", &self.stream_url)
            .field("token_value", &"********")
            .field("request", &self.request)
            .field("region", &self.region)
            .field("kind", &self.kind)
            .finish_non_exhaustive()
    }
}

/// Who serves a session.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum SessionKind {
    /// The Session Manager plugin (real AWS).
    Plugin,
    /// The simulator's shell in a container (`--demo`).
    SimShell {
        /// Container name, for the prompt.
        container: String,
        /// Task id, for `hostname`.
        task_id: String,
    },
    /// The simulator's port forwarding: a loopback echo server (`--demo`).
    SimEcho {
        /// Local port to listen on (0: any free port).
        local_port: u16,
    },
}

/// ECS ExecuteCommand parameters.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ExecRequest {
    /// Cluster name or ARN.
    pub(crate) cluster: String,
    /// Task ARN or id.
    pub(crate) task: String,
    /// Container name.
    pub(crate) container: String,
    /// The command (interactive), e.g. `/bin/sh`.
    pub(crate) command: String,
    /// The container's runtime id (for the plugin's `Target`).
    pub(crate) runtime_id: String,
}

/// SSM StartSession parameters for port forwarding to a task (or through it
/// to `host`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PortForwardRequest {
    /// Cluster name.
    pub(crate) cluster: String,
    /// Task id.
    pub(crate) task_id: String,
    /// The container's runtime id.
    pub(crate) runtime_id: String,
    /// Port in the task (or on `host`).
    pub(crate) remote_port: u16,
    /// Local port (0: the plugin picks one).
    pub(crate) local_port: u16,
    /// A remote host reached through the task (`AWS-StartPortForwardingSessionToRemoteHost`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) host: Option<String>,
}

impl PortForwardRequest {
    /// The SSM document this request uses.
    pub(crate) fn document(&self) -> &'static str {
        if self.host.is_some() {
            "AWS-StartPortForwardingSessionToRemoteHost"
        } else {
            "AWS-StartPortForwardingSession"
        }
    }

    /// The document parameters (SSM takes every value as a list of strings).
    pub(crate) fn parameters(&self) -> Vec<(&'static str, String)> {
        let mut p = vec![("portNumber", self.remote_port.to_string())];
        if self.local_port != 0 {
            p.push(("localPortNumber", self.local_port.to_string()));
        }
        if let Some(h) = &self.host {
            p.push(("host", h.clone()));
        }
        p
    }

    /// The SSM target of the task's container.
    pub(crate) fn target(&self) -> String {
        target(&self.cluster, &self.task_id, &self.runtime_id)
    }

    /// The plugin's request-parameters JSON.
    pub(crate) fn request_json(&self) -> serde_json::Value {
        let params: serde_json::Map<String, serde_json::Value> = self
            .parameters()
            .into_iter()
            .map(|(k, v)| (k.to_string(), serde_json::json!([v])))
            .collect();
        serde_json::json!({
            "Target": self.target(),
            "DocumentName": self.document(),
            "Parameters": params,
        })
    }
}

/// The SSM target of a container in an ECS task: `ecs:<cluster>_<task-id>_<runtime-id>`.
pub(crate) fn target(cluster: &str, task_id: &str, runtime_id: &str) -> String {
    format!(
        "ecs:{}_{}_{}",
        crate::model::arn_tail(cluster),
        crate::model::arn_tail(task_id),
        runtime_id
    )
}

/// The command that turns ECS Exec on for a service.
pub(crate) fn enable_hint(cluster: &str, service: &str) -> String {
    format!(
        "enable it: aws ecs update-service --cluster {cluster} --service {service} \
         --enable-execute-command --force-new-deployment (tasks started before keep it off)"
    )
}
