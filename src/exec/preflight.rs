//! The checks made before ExecuteCommand or StartSession is sent: each
//! failure says what is wrong and how to fix it.

pub(crate) use crate::model::session::enable_hint;
use crate::model::{Container, Service, Task, TaskStatus, arn_tail};
use crate::source::{ErrorKind, SourceError};

fn refuse(operation: &str, message: String) -> SourceError {
    SourceError::new(ErrorKind::InvalidInput, operation, message)
}

/// Checks that `task` can take a session and picks its container: `wanted`
/// by name, else the first essential container. `service` (when the task
/// belongs to one and it is known) must have `enableExecuteCommand` on.
/// `operation` names the call the error is about (`ecs:ExecuteCommand`,
/// `ssm:StartSession`).
pub(crate) fn container_for_session<'a>(
    task: &'a Task,
    wanted: Option<&str>,
    service: Option<&Service>,
    operation: &str,
) -> Result<&'a Container, SourceError> {
    if let Some(svc) = service
        && !svc.enable_execute_command
    {
        return Err(refuse(
            operation,
            format!("ECS Exec is not enabled on service {}", svc.name),
        )
        .with_hint(enable_hint(&task.cluster, &svc.name)));
    }
    if task.last_status != TaskStatus::Running {
        return Err(refuse(
            operation,
            format!(
                "task {} is {}, not RUNNING: a session needs a running task",
                task.id,
                task.last_status.as_str()
            ),
        ));
    }
    let container = match wanted {
        Some(name) => task.containers.iter().find(|c| c.name == name),
        None => task
            .containers
            .iter()
            .find(|c| c.essential)
            .or_else(|| task.containers.first()),
    };
    let Some(container) = container else {
        let names: Vec<&str> = task.containers.iter().map(|c| c.name.as_str()).collect();
        return Err(refuse(
            operation,
            format!(
                "task {} has no container {} (its containers: {})",
                task.id,
                wanted.unwrap_or("at all"),
                names.join(", ")
            ),
        ));
    };
    match container.exec_agent.as_deref() {
        Some("RUNNING") => {}
        None => {
            let service = task.service_name().unwrap_or("SERVICE");
            return Err(refuse(
                operation,
                format!(
                    "the ExecuteCommand agent is not running in container {} of task {}: \
                     the task was started without ECS Exec",
                    container.name, task.id
                ),
            )
            .with_hint(enable_hint(&task.cluster, service)));
        }
        Some(other) => {
            return Err(refuse(
                operation,
                format!(
                    "the ExecuteCommand agent of container {} in task {} is {other}, not RUNNING",
                    container.name, task.id
                ),
            )
            .with_hint(
                "wait for it to start; if it stays so, check that the task role allows \
                 ssmmessages:CreateControlChannel, CreateDataChannel, OpenControlChannel \
                 and OpenDataChannel",
            ));
        }
    }
    if container.runtime_id.is_none() {
        return Err(refuse(
            operation,
            format!(
                "container {} of task {} has no runtime id yet",
                container.name,
                arn_tail(&task.arn)
            ),
        ));
    }
    Ok(container)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fixtures;
    use crate::model::HealthStatus;

    fn running() -> Task {
        fixtures::task("web-api", 1, TaskStatus::Running, HealthStatus::Healthy)
    }

    #[test]
    fn a_running_task_with_its_agent_gives_its_essential_container() {
        let t = running();
        let c = container_for_session(&t, None, None, "ecs:ExecuteCommand").unwrap();
        assert_eq!(c.name, "app");
    }

    #[test]
    fn exec_off_on_the_service_names_the_command_that_enables_it() {
        let t = running();
        let mut svc = fixtures::service(
            "web-api",
            2,
            2,
            crate::model::RolloutState::Completed,
            42,
            false,
        );
        svc.enable_execute_command = false;
        let e = container_for_session(&t, None, Some(&svc), "ecs:ExecuteCommand").unwrap_err();
        assert!(e.message.contains("not enabled on service web-api"), "{e}");
        let hint = e.hint.unwrap_or_default();
        assert!(hint.contains("aws ecs update-service --cluster prod --service web-api --enable-execute-command --force-new-deployment"), "{hint}");
    }

    #[test]
    fn a_task_that_is_not_running_is_refused() {
        let t = fixtures::task("web-api", 1, TaskStatus::Pending, HealthStatus::Unknown);
        let e = container_for_session(&t, None, None, "ecs:ExecuteCommand").unwrap_err();
        assert!(e.message.contains("is PENDING, not RUNNING"), "{e}");
    }

    #[test]
    fn the_agent_must_be_running() {
        let mut t = running();
        t.containers[0].exec_agent = Some("PENDING".into());
        let e = container_for_session(&t, None, None, "ssm:StartSession").unwrap_err();
        assert!(e.message.contains("is PENDING, not RUNNING"), "{e}");
        assert_eq!(e.operation, "ssm:StartSession");
        t.containers[0].exec_agent = None;
        let e = container_for_session(&t, None, None, "ecs:ExecuteCommand").unwrap_err();
        assert!(e.message.contains("started without ECS Exec"), "{e}");
        assert!(
            e.hint
                .unwrap_or_default()
                .contains("--enable-execute-command")
        );
    }

    #[test]
    fn an_unknown_container_lists_the_known_ones() {
        let t = running();
        let e = container_for_session(&t, Some("sidecar"), None, "ecs:ExecuteCommand").unwrap_err();
        assert!(
            e.message
                .contains("no container sidecar (its containers: app)"),
            "{e}"
        );
    }
}
