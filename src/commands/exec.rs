//! `ecsdeck exec`: a shell (or a command) in a task's container through ECS
//! Exec and the Session Manager plugin.

use crate::audit::AuditContext;
use crate::cli::ExecArgs;
use crate::exec::{ExecRequest, SessionGrant, launch, plugin, preflight};
use crate::model::{Service, Task, TaskStatus, arn_tail};
use crate::ops::{Op, OpSuccess};
use crate::source::{Backend, ErrorKind, SourceError, TaskScope};

use super::{CmdError, EXIT_FAILURE, EXIT_OK};

/// The task a session goes to: `--task` (id or ARN) among the cluster's
/// tasks, else the longest-running RUNNING task of `--service`; and its
/// service, when it has one.
pub(crate) async fn pick_task(
    backend: &dyn Backend,
    cluster: &str,
    service: Option<&str>,
    task: Option<&str>,
    operation: &str,
) -> Result<(Task, Option<Service>), SourceError> {
    let scope = match (service, task) {
        (Some(s), None) => TaskScope::Service(s.to_string()),
        _ => TaskScope::Cluster,
    };
    let tasks = backend.tasks(cluster, &scope).await?;
    let found = match task {
        Some(t) => tasks
            .iter()
            .find(|x| x.arn == t || x.id == arn_tail(t))
            .cloned()
            .ok_or_else(|| {
                SourceError::new(
                    ErrorKind::NotFound,
                    operation,
                    format!("no task {t} in cluster {cluster}"),
                )
            })?,
        None => tasks
            .iter()
            .filter(|x| x.last_status == TaskStatus::Running)
            .min_by_key(|x| x.started_at)
            .cloned()
            .ok_or_else(|| {
                SourceError::new(
                    ErrorKind::NotFound,
                    operation,
                    format!(
                        "service {} has no RUNNING task in cluster {cluster}",
                        service.unwrap_or("?")
                    ),
                )
            })?,
    };
    let service = match found.service_name() {
        Some(name) => backend
            .describe_services(cluster, &[name.to_string()])
            .await?
            .into_iter()
            .next(),
        None => None,
    };
    Ok((found, service))
}

/// Sends a session op through the audited write path (after checking for
/// the plugin where one is needed) and returns the session.
pub(crate) async fn open_session(
    backend: &dyn Backend,
    audit: &AuditContext,
    op: &Op,
) -> Result<(SessionGrant, Option<std::path::PathBuf>), CmdError> {
    let plugin = if backend.info().kind == "demo" {
        None
    } else {
        Some(plugin::find_on_path()?)
    };
    let identity = crate::audit::identity_of(backend).await;
    let done = crate::audit::run_audited(backend, audit, identity, op).await;
    if let Some(e) = &done.audit_error {
        crate::output::error_line(&format!("warning: audit log not written: {e}"));
    }
    match done.result? {
        OpSuccess::Session(grant) => Ok((*grant, plugin)),
        _ => Err(CmdError {
            code: EXIT_FAILURE,
            message: format!("{} returned no session", op.name()),
        }),
    }
}

/// Hands the terminal to the session and maps its end to an exit status.
pub(crate) async fn attend(
    grant: &SessionGrant,
    plugin: Option<&std::path::Path>,
) -> Result<u8, CmdError> {
    let end = launch::run(grant, plugin).await;
    if end.ok {
        Ok(EXIT_OK)
    } else {
        Err(CmdError {
            code: EXIT_FAILURE,
            message: end.text,
        })
    }
}

/// Runs `ecsdeck exec`.
pub(crate) async fn run(
    backend: &dyn Backend,
    audit: &AuditContext,
    cluster: &str,
    args: &ExecArgs,
    default_shell: &str,
) -> Result<u8, CmdError> {
    const OP: &str = "ecs:ExecuteCommand";
    if args.service.is_none() && args.task.is_none() {
        return Err(CmdError::usage("give --service S or --task T"));
    }
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
    let command = if args.command.is_empty() {
        default_shell.to_string()
    } else {
        args.command.join(" ")
    };
    let op = Op::Exec {
        service: task.service_name().unwrap_or_default().to_string(),
        request: ExecRequest {
            cluster: cluster.to_string(),
            task: task.arn.clone(),
            container: container.name.clone(),
            command,
            runtime_id: container.runtime_id.clone().unwrap_or_default(),
        },
    };
    let (grant, plugin) = open_session(backend, audit, &op).await?;
    attend(&grant, plugin.as_deref()).await
}
