//! ECS ExecuteCommand and SSM StartSession: the sessions the Session Manager
//! plugin opens. Both are writes (sent once, retried only when throttled).

use crate::model::session::{
    ExecRequest, PortForwardRequest, SessionGrant, SessionKind, enable_hint,
};
use crate::source::{ErrorKind, SourceError, SourceResult};

use super::errors::Subject;
use super::{AwsSource, api_names};

impl AwsSource {
    fn grant(
        &self,
        id: String,
        url: String,
        token: String,
        request: serde_json::Value,
    ) -> SessionGrant {
        SessionGrant {
            session_id: id,
            stream_url: url,
            token_value: token,
            request,
            region: self.env.region.clone(),
            profile: self.env.profile.clone().unwrap_or_default(),
            endpoint: self
                .env
                .endpoints
                .iter()
                .find(|(p, _)| *p == "ssm")
                .map(|(_, e)| e.clone())
                .unwrap_or_default(),
            kind: SessionKind::Plugin,
        }
    }

    pub(super) async fn do_execute_command(&self, r: &ExecRequest) -> SourceResult<SessionGrant> {
        self.record(api_names::EXECUTE_COMMAND);
        let out = self
            .ecs_writes
            .execute_command()
            .cluster(&r.cluster)
            .task(&r.task)
            .container(&r.container)
            .command(&r.command)
            .interactive(true)
            .send()
            .await
            .map_err(|e| {
                let mapped = self.err(
                    api_names::EXECUTE_COMMAND,
                    &e,
                    Subject::Task(&r.cluster, &r.task),
                );
                if mapped.message.contains("execute command was not enabled") {
                    mapped.with_hint(enable_hint(&r.cluster, "<service>"))
                } else {
                    mapped
                }
            })?;
        let session = out.session().ok_or_else(|| {
            SourceError::new(
                ErrorKind::Other,
                api_names::EXECUTE_COMMAND.name,
                "ExecuteCommand returned no session",
            )
        })?;
        let target = crate::model::session::target(&r.cluster, &r.task, &r.runtime_id);
        Ok(self.grant(
            session.session_id().unwrap_or_default().to_string(),
            session.stream_url().unwrap_or_default().to_string(),
            session.token_value().unwrap_or_default().to_string(),
            serde_json::json!({ "Target": target }),
        ))
    }

    pub(super) async fn do_start_port_forward(
        &self,
        r: &PortForwardRequest,
    ) -> SourceResult<SessionGrant> {
        self.record(api_names::START_SESSION);
        let mut call = self
            .ssm
            .start_session()
            .target(r.target())
            .document_name(r.document());
        for (k, v) in r.parameters() {
            call = call.parameters(k, vec![v]);
        }
        let out = call
            .send()
            .await
            .map_err(|e| self.err(api_names::START_SESSION, &e, Subject::None))?;
        Ok(self.grant(
            out.session_id().unwrap_or_default().to_string(),
            out.stream_url().unwrap_or_default().to_string(),
            out.token_value().unwrap_or_default().to_string(),
            r.request_json(),
        ))
    }
}
