//! Operations that change AWS, as data: what the confirm overlay shows, what the
//! executor sends, and what the audit log records.

use serde::Serialize;

use crate::model::{Service, Task, task_def_short};
use crate::source::{Ops, ServiceUpdate, SourceError};

/// A write, fully specified before it is confirmed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "action", rename_all = "snake_case")]
pub enum Op {
    /// UpdateService with forceNewDeployment.
    Redeploy {
        /// Cluster.
        cluster: String,
        /// Service.
        service: String,
    },
    /// UpdateService with a new desiredCount.
    Scale {
        /// Cluster.
        cluster: String,
        /// Service.
        service: String,
        /// Desired count now.
        from: u32,
        /// Desired count wanted.
        to: u32,
    },
    /// StopTask (chaos test).
    StopTask {
        /// Cluster.
        cluster: String,
        /// Service the task belongs to.
        service: String,
        /// Task ARN.
        task: String,
        /// The reason sent to ECS.
        reason: String,
    },
    /// RegisterScalableTarget: new bounds of an autoscaled service's desired count.
    ScalingBounds {
        /// Cluster.
        cluster: String,
        /// Service.
        service: String,
        /// Minimum and maximum now.
        from: (u32, u32),
        /// Minimum and maximum wanted.
        to: (u32, u32),
    },
    /// UpdateService with an earlier task definition.
    Rollback {
        /// Cluster.
        cluster: String,
        /// Service.
        service: String,
        /// Running task definition ARN.
        from: String,
        /// Task definition ARN to deploy.
        to: String,
    },
    /// StopServiceDeployment with stopType ROLLBACK: ECS's native rollback
    /// of a service deployment in progress.
    NativeRollback {
        /// Cluster.
        cluster: String,
        /// Service.
        service: String,
        /// Service deployment ARN.
        deployment: String,
        /// Its strategy (`CANARY`, `LINEAR`, ...), for the effect text.
        strategy: String,
    },
    /// ECS ExecuteCommand: an interactive shell in a container.
    Exec {
        /// Service the task belongs to (empty for a standalone task).
        service: String,
        /// What is sent.
        request: crate::model::session::ExecRequest,
    },
    /// SSM StartSession: port forwarding to a task, or through it to a host.
    PortForward {
        /// Service the task belongs to (empty for a standalone task).
        service: String,
        /// Task ARN.
        task: String,
        /// What is sent.
        request: crate::model::session::PortForwardRequest,
    },
}

impl Op {
    /// The service this op acts on (the key for "one op in flight per service").
    pub(crate) fn service(&self) -> &str {
        match self {
            Op::Redeploy { service, .. }
            | Op::Scale { service, .. }
            | Op::StopTask { service, .. }
            | Op::ScalingBounds { service, .. }
            | Op::Rollback { service, .. }
            | Op::NativeRollback { service, .. }
            | Op::Exec { service, .. }
            | Op::PortForward { service, .. } => service,
        }
    }

    /// The cluster.
    pub(crate) fn cluster(&self) -> &str {
        match self {
            Op::Redeploy { cluster, .. }
            | Op::Scale { cluster, .. }
            | Op::StopTask { cluster, .. }
            | Op::ScalingBounds { cluster, .. }
            | Op::Rollback { cluster, .. }
            | Op::NativeRollback { cluster, .. } => cluster,
            Op::Exec { request, .. } => &request.cluster,
            Op::PortForward { request, .. } => &request.cluster,
        }
    }

    /// A short name: `redeploy`, `scale`, `stop-task`, `rollback`.
    pub fn name(&self) -> &'static str {
        match self {
            Op::Redeploy { .. } => "redeploy",
            Op::Scale { .. } => "scale",
            Op::StopTask { .. } => "stop-task",
            Op::ScalingBounds { .. } => "scaling-bounds",
            Op::Rollback { .. } => "rollback",
            Op::NativeRollback { .. } => "native-rollback",
            Op::Exec { .. } => "exec",
            Op::PortForward { .. } => "port-forward",
        }
    }

    /// The exact effect, in the words the confirm overlay shows.
    pub(crate) fn effect(&self) -> Vec<String> {
        match self {
            Op::Redeploy { cluster, service } => vec![
                format!("Force a new deployment of {service} in {cluster}."),
                "ECS starts new tasks with the same task definition and stops the old ones".into(),
                "as the new ones pass their health checks (UpdateService forceNewDeployment)."
                    .into(),
            ],
            Op::Scale {
                cluster,
                service,
                from,
                to,
            } => {
                let mut v = vec![
                    format!("Scale {service} in {cluster}: desired count {from} → {to}."),
                    "(UpdateService desiredCount)".into(),
                ];
                if *to == 0 {
                    v.push(
                        "⚠ Scaling to 0 stops every task: the service will stop serving traffic."
                            .into(),
                    );
                }
                v
            }
            Op::StopTask {
                cluster,
                service,
                task,
                reason,
            } => vec![
                format!(
                    "Stop task {} of {service} in {cluster} (chaos test).",
                    crate::model::arn_tail(task)
                ),
                "ECS will replace it to meet the desired count; the stopwatch times the recovery."
                    .into(),
                format!("StopTask reason: {reason:?}"),
            ],
            Op::ScalingBounds {
                cluster,
                service,
                from,
                to,
            } => vec![
                format!(
                    "Autoscaling bounds of {service} in {cluster}: min {} → {}, max {} → {}.",
                    from.0, to.0, from.1, to.1
                ),
                "(Application Auto Scaling RegisterScalableTarget) — a desired count outside"
                    .into(),
                "the new bounds is moved inside them at once; the policies scale within them."
                    .into(),
            ],
            Op::Rollback {
                cluster,
                service,
                from,
                to,
            } => vec![
                format!(
                    "Roll back {service} in {cluster}: {} → {}.",
                    task_def_short(from),
                    task_def_short(to)
                ),
                "(UpdateService taskDefinition) — a rolling deployment of the earlier revision."
                    .into(),
            ],
            Op::NativeRollback {
                cluster,
                service,
                deployment,
                strategy,
            } => vec![
                format!(
                    "Roll back the {strategy} deployment {} of {service} in {cluster}.",
                    crate::model::arn_tail(deployment)
                ),
                "ECS moves all traffic back to the source revision and ends the deployment".into(),
                "ROLLBACK_SUCCESSFUL (StopServiceDeployment stopType ROLLBACK).".into(),
            ],
            Op::Exec { request, .. } => vec![
                format!(
                    "Open an interactive shell ({}) in container {} of task {} in {}.",
                    request.command,
                    request.container,
                    crate::model::arn_tail(&request.task),
                    request.cluster
                ),
                "Commands you type run in the live container (ECS ExecuteCommand);".into(),
                "the dashboard returns when the session ends.".into(),
            ],
            Op::PortForward { request, .. } => {
                let to = match &request.host {
                    Some(h) => format!(
                        "{h}:{} through task {}",
                        request.remote_port, request.task_id
                    ),
                    None => format!("port {} of task {}", request.remote_port, request.task_id),
                };
                vec![
                    format!("Forward a local port to {to} in {}.", request.cluster),
                    format!("(SSM StartSession, document {})", request.document()),
                ]
            }
        }
    }

    /// The task this op acts on, for ops on one task.
    pub(crate) fn task(&self) -> Option<&str> {
        match self {
            Op::StopTask { task, .. } | Op::PortForward { task, .. } => Some(task),
            Op::Exec { request, .. } => Some(&request.task),
            _ => None,
        }
    }

    /// Runs the op.
    pub(crate) async fn execute<O: Ops + ?Sized>(&self, ops: &O) -> Result<OpSuccess, SourceError> {
        match self {
            Op::Redeploy { cluster, service } => {
                let update = ServiceUpdate {
                    force_new_deployment: true,
                    ..Default::default()
                };
                ops.update_service(cluster, service, &update)
                    .await
                    .map(|s| OpSuccess::Service(Box::new(s)))
            }
            Op::Scale {
                cluster,
                service,
                to,
                ..
            } => {
                let update = ServiceUpdate {
                    desired_count: Some(*to),
                    ..Default::default()
                };
                ops.update_service(cluster, service, &update)
                    .await
                    .map(|s| OpSuccess::Service(Box::new(s)))
            }
            Op::Rollback {
                cluster,
                service,
                to,
                ..
            } => {
                let update = ServiceUpdate {
                    task_definition: Some(to.clone()),
                    ..Default::default()
                };
                ops.update_service(cluster, service, &update)
                    .await
                    .map(|s| OpSuccess::Service(Box::new(s)))
            }
            Op::NativeRollback { deployment, .. } => ops
                .stop_service_deployment(deployment, crate::model::StopType::Rollback)
                .await
                .map(OpSuccess::ServiceDeployment),
            Op::ScalingBounds {
                cluster,
                service,
                to,
                ..
            } => ops
                .register_scalable_target(cluster, service, to.0, to.1)
                .await
                .map(OpSuccess::ScalableTarget),
            Op::StopTask {
                cluster,
                task,
                reason,
                ..
            } => ops
                .stop_task(cluster, task, reason)
                .await
                .map(|t| OpSuccess::Task(Box::new(t))),
            Op::Exec { request, .. } => ops
                .execute_command(request)
                .await
                .map(|g| OpSuccess::Session(Box::new(g))),
            Op::PortForward { request, .. } => ops
                .start_port_forward(request)
                .await
                .map(|g| OpSuccess::Session(Box::new(g))),
        }
    }
}

/// What a successful op returned.
#[derive(Debug, Clone, PartialEq)]
pub enum OpSuccess {
    /// The service after UpdateService.
    Service(Box<Service>),
    /// The task after StopTask.
    Task(Box<Task>),
    /// The scalable target after RegisterScalableTarget.
    ScalableTarget(crate::model::ScalableTarget),
    /// The session ExecuteCommand or StartSession opened.
    Session(Box<crate::model::session::SessionGrant>),
    /// The service deployment StopServiceDeployment acted on (its ARN).
    ServiceDeployment(String),
}

/// The reason a chaos stop sends to ECS: names ecsdeck and the local user.
pub(crate) fn chaos_reason() -> String {
    chaos_reason_from(|v| std::env::var(v).ok(), os_account)
}

/// [`chaos_reason`] from an environment lookup, falling back to the OS
/// account when `USER`, `LOGNAME` and `USERNAME` are unset or empty (cron,
/// containers, `env -i`).
fn chaos_reason_from(
    env: impl Fn(&str) -> Option<String>,
    os_account: impl FnOnce() -> Option<String>,
) -> String {
    let user = ["USER", "LOGNAME", "USERNAME"]
        .iter()
        .find_map(|v| env(v).filter(|u| !u.is_empty()))
        .or_else(os_account)
        .unwrap_or_else(|| "unknown".into());
    let host = env("HOSTNAME").unwrap_or_default();
    if host.is_empty() {
        format!("ecsdeck chaos test by {user}")
    } else {
        format!("ecsdeck chaos test by {user}@{host}")
    }
}

/// The name of the account this process runs as: its uid (owner of
/// `/proc/self`) looked up in `/etc/passwd`, else `uid N`.
#[cfg(unix)]
fn os_account() -> Option<String> {
    use std::os::unix::fs::MetadataExt;
    let uid = std::fs::metadata("/proc/self").ok()?.uid();
    let passwd = std::fs::read_to_string("/etc/passwd").unwrap_or_default();
    Some(account_in_passwd(&passwd, uid).unwrap_or_else(|| format!("uid {uid}")))
}

#[cfg(not(unix))]
fn os_account() -> Option<String> {
    None
}

/// The login name of `uid` in a passwd file (`name:x:uid:gid:...`).
#[cfg(unix)]
fn account_in_passwd(passwd: &str, uid: u32) -> Option<String> {
    passwd.lines().find_map(|line| {
        let mut fields = line.split(':');
        let name = fields.next()?;
        let id = fields.nth(1)?.parse::<u32>().ok()?;
        (id == uid && !name.is_empty()).then(|| name.to_string())
    })
}

/// Parses and validates a desired count typed by the user.
/// Parses `MIN-MAX` autoscaling bounds (each at most `max`, MIN ≤ MAX).
pub(crate) fn parse_bounds(text: &str, max: u32) -> Result<(u32, u32), String> {
    let Some((a, b)) = text.trim().split_once('-') else {
        return Err("type MIN-MAX, e.g. 2-8".into());
    };
    let num = |t: &str| {
        let t = t.trim();
        if t.is_empty() || !t.chars().all(|c| c.is_ascii_digit()) {
            return Err(format!("{t:?} is not a whole number"));
        }
        t.parse::<u32>()
            .ok()
            .filter(|n| *n <= max)
            .ok_or_else(|| format!("bounds must be between 0 and {max}"))
    };
    let (min, maxc) = (num(a)?, num(b)?);
    if min > maxc {
        return Err(format!("the minimum {min} is above the maximum {maxc}"));
    }
    Ok((min, maxc))
}

/// Parses a desired count of 0 to `max`.
pub(crate) fn parse_count(text: &str, max: u32) -> Result<u32, String> {
    let t = text.trim();
    if t.is_empty() {
        return Err("type the new desired count".into());
    }
    if !t.chars().all(|c| c.is_ascii_digit()) {
        return Err(format!("{t:?} is not a whole number"));
    }
    match t.parse::<u32>() {
        Ok(n) if n <= max => Ok(n),
        _ => Err(format!("the desired count must be between 0 and {max}")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bounds_are_validated() {
        assert_eq!(parse_bounds("2-8", 100), Ok((2, 8)));
        assert_eq!(parse_bounds(" 3 - 3 ", 100), Ok((3, 3)));
        assert!(parse_bounds("8-2", 100).unwrap_err().contains("above"));
        assert!(parse_bounds("2", 100).unwrap_err().contains("MIN-MAX"));
        assert!(
            parse_bounds("2-x", 100)
                .unwrap_err()
                .contains("whole number")
        );
        assert!(
            parse_bounds("2-101", 100)
                .unwrap_err()
                .contains("between 0 and 100")
        );
    }

    #[test]
    fn counts_are_validated() {
        assert_eq!(parse_count("3", 100), Ok(3));
        assert_eq!(parse_count(" 0 ", 100), Ok(0));
        assert!(parse_count("", 100).is_err());
        assert!(parse_count("-1", 100).unwrap_err().contains("whole number"));
        assert!(parse_count("2.5", 100).is_err());
        assert!(
            parse_count("101", 100)
                .unwrap_err()
                .contains("between 0 and 100")
        );
        assert!(parse_count("99999999999999", 100).is_err());
    }

    #[test]
    fn scaling_to_zero_warns() {
        let op = Op::Scale {
            cluster: "prod".into(),
            service: "api".into(),
            from: 3,
            to: 0,
        };
        assert!(op.effect().iter().any(|l| l.contains("stop serving")));
        let op = Op::Scale {
            cluster: "prod".into(),
            service: "api".into(),
            from: 3,
            to: 4,
        };
        assert!(op.effect()[0].contains("3 → 4"));
    }

    #[test]
    fn a_native_rollback_names_the_deployment_and_the_api() {
        let op = Op::NativeRollback {
            cluster: "prod".into(),
            service: "payments".into(),
            deployment: "arn:aws:ecs:us-east-1:1:service-deployment/prod/payments/abc123".into(),
            strategy: "LINEAR".into(),
        };
        let effect = op.effect().join(" ");
        assert!(
            effect.contains("LINEAR deployment abc123 of payments in prod"),
            "{effect}"
        );
        assert!(
            effect.contains("StopServiceDeployment stopType ROLLBACK"),
            "{effect}"
        );
        assert_eq!(
            (op.name(), op.service(), op.cluster()),
            ("native-rollback", "payments", "prod")
        );
    }

    #[test]
    fn chaos_reason_names_ecsdeck() {
        assert!(chaos_reason().starts_with("ecsdeck chaos test by "));
    }

    #[test]
    fn chaos_reason_falls_back_to_the_os_account() {
        let none = |_: &str| None;
        let reason = chaos_reason_from(none, || Some("alice".into()));
        assert_eq!(reason, "ecsdeck chaos test by alice");
        let empty = |v: &str| (v == "USER").then(String::new);
        assert_eq!(
            chaos_reason_from(empty, || Some("bob".into())),
            "ecsdeck chaos test by bob"
        );
        let set = |v: &str| (v == "LOGNAME").then(|| "carol".to_string());
        assert_eq!(
            chaos_reason_from(set, || Some("bob".into())),
            "ecsdeck chaos test by carol"
        );
    }

    #[cfg(unix)]
    #[test]
    fn os_account_is_read_from_passwd() {
        let passwd = "root:x:0:0:root:/root:/bin/bash\nalice:x:1000:1000::/home/alice:/bin/sh\n";
        assert_eq!(account_in_passwd(passwd, 1000).as_deref(), Some("alice"));
        assert_eq!(account_in_passwd(passwd, 0).as_deref(), Some("root"));
        assert_eq!(account_in_passwd(passwd, 7), None);
        if std::path::Path::new("/proc/self").exists() {
            let me = os_account().unwrap_or_default();
            assert!(!me.is_empty() && me != "unknown", "{me}");
        }
    }
}
