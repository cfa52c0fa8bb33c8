//! `ecsdeck port-forward`: an SSM port-forwarding session to a task (or
//! through it to a remote host) with the Session Manager plugin.

use crate::audit::AuditContext;
use crate::cli::PortForwardArgs;
use crate::exec::{PortForwardRequest, preflight};
use crate::ops::Op;
use crate::source::Backend;

use super::CmdError;
use super::exec::{attend, open_session, pick_task};

/// Runs `ecsdeck port-forward`.
pub(crate) async fn run(
    backend: &dyn Backend,
    audit: &AuditContext,
    cluster: &str,
    args: &PortForwardArgs,
) -> Result<u8, CmdError> {
    const OP: &str = "ssm:StartSession";
    let (task, service) = pick_task(
        backend,
        cluster,
        args.service.as_deref(),
        args.task.as_deref(),
        OP,
    )
    .await?;
    let container =
        preflight::container_for_session(&task, args.container.as_deref(), service.as_ref(), OP)?;
    let op = Op::PortForward {
        service: task.service_name().unwrap_or_default().to_string(),
        task: task.arn.clone(),
        request: PortForwardRequest {
            cluster: cluster.to_string(),
            task_id: task.id.clone(),
            runtime_id: container.runtime_id.clone().unwrap_or_default(),
            remote_port: args.remote_port,
            local_port: args.local_port.unwrap_or(0),
            host: args.host.clone(),
        },
    };
    let (grant, plugin) = open_session(backend, audit, &op).await?;
    attend(&grant, plugin.as_deref()).await
}
