//! `ecsdeck chaos stop-task`: stop one healthy task of a service with a reason
//! naming ecsdeck and the local user, then (optionally) follow the recovery
//! with a [`ChaosTimeline`] until the service is as healthy as before.

use std::time::Duration;

use rand::seq::IndexedRandom;

use super::pace::Pacer;
use crate::audit::AuditContext;
use crate::chaos::timeline::{ChaosTimeline, Mark};
use crate::model::{HealthStatus, Service, TargetGroup, TargetState, Task, TaskStatus, arn_tail};
use crate::ops::Op;
use crate::source::{Backend, ErrorKind, Source, SourceError, TaskScope};

/// Which task to stop.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Pick {
    /// The longest-running healthy task.
    First,
    /// A random healthy task.
    Random,
    /// This task (id or ARN).
    Task(String),
}

/// Whether a task is a fair chaos victim: RUNNING, wanted, container health not
/// failing and, when load balanced, a `healthy` target.
pub(crate) fn is_candidate(t: &Task, service: &Service, groups: &[TargetGroup]) -> bool {
    rejection(t, service, groups).is_none()
}

/// Why a task is not a fair chaos victim (what was checked and what failed),
/// or `None` when it is one.
fn rejection(t: &Task, service: &Service, groups: &[TargetGroup]) -> Option<String> {
    if t.last_status != TaskStatus::Running || t.desired_status != TaskStatus::Running {
        return Some(format!(
            "{} (desired {})",
            t.last_status.as_str(),
            t.desired_status.as_str()
        ));
    }
    if t.health == HealthStatus::Unhealthy {
        return Some("container health check UNHEALTHY".into());
    }
    if service.load_balancers.is_empty() {
        return None;
    }
    let Some(ip) = t.private_ip.as_deref() else {
        return Some("no private IP to match a target".into());
    };
    let own: Vec<&TargetGroup> = groups
        .iter()
        .filter(|g| {
            service
                .load_balancers
                .iter()
                .any(|l| l.target_group_arn == g.arn)
        })
        .collect();
    let target = own
        .iter()
        .flat_map(|g| g.targets.iter())
        .find(|x| x.id == ip);
    match target {
        Some(x) if x.state == TargetState::Healthy => None,
        Some(x) => Some(format!("target {ip} is {}", x.state.as_str())),
        None => {
            let names: Vec<&str> = own.iter().map(|g| g.name.as_str()).collect();
            Some(if names.is_empty() {
                format!("IP {ip}: the service's target groups were not found")
            } else {
                format!("no target at IP {ip} in {}", names.join(", "))
            })
        }
    }
}

/// Chooses the task to stop, or says why none qualifies.
pub(crate) fn pick_victim<'a>(
    service: &Service,
    tasks: &'a [Task],
    groups: &[TargetGroup],
    pick: &Pick,
) -> Result<&'a Task, String> {
    let mine: Vec<&Task> = tasks
        .iter()
        .filter(|t| t.service_name() == Some(service.name.as_str()))
        .collect();
    if let Pick::Task(id) = pick {
        let id = arn_tail(id);
        return mine
            .into_iter()
            .find(|t| t.id == id)
            .filter(|t| t.desired_status == TaskStatus::Running)
            .ok_or_else(|| {
                format!(
                    "task {id} is not a running task of service {}",
                    service.name
                )
            });
    }
    let mut candidates: Vec<&Task> = mine
        .into_iter()
        .filter(|t| is_candidate(t, service, groups))
        .collect();
    candidates.sort_by_key(|t| (t.started_at, t.id.clone()));
    let chosen = match pick {
        Pick::Random => candidates.choose(&mut rand::rng()).copied(),
        _ => candidates.first().copied(),
    };
    chosen.ok_or_else(|| no_victim(service, tasks, groups))
}

/// Why no task of the service can be stopped: what each task failed.
fn no_victim(service: &Service, tasks: &[Task], groups: &[TargetGroup]) -> String {
    let why: Vec<String> = tasks
        .iter()
        .filter(|t| t.service_name() == Some(service.name.as_str()))
        .filter_map(|t| {
            let id: String = t.id.chars().take(8).collect();
            rejection(t, service, groups).map(|r| format!("{id}: {r}"))
        })
        .collect();
    let checked = if service.load_balancers.is_empty() {
        "RUNNING with container health not failing"
    } else {
        "RUNNING, container health not failing, and its IP a healthy target"
    };
    if why.is_empty() {
        format!(
            "service {} has no tasks; a victim must be {checked}",
            service.name
        )
    } else {
        format!(
            "no task of service {} is {checked} — {}",
            service.name,
            why.join("; ")
        )
    }
}

/// The service's tasks and target groups, as a pair of snapshots.
pub(crate) async fn snapshot<S: Source + ?Sized>(
    source: &S,
    service: &Service,
) -> Result<(Vec<Task>, Vec<TargetGroup>), SourceError> {
    let tasks = source
        .tasks(&service.cluster, &TaskScope::Service(service.name.clone()))
        .await?;
    let arns: Vec<String> = service
        .load_balancers
        .iter()
        .map(|l| l.target_group_arn.clone())
        .collect();
    let groups = if arns.is_empty() {
        Vec::new()
    } else {
        source.target_groups(&arns).await?
    };
    Ok((tasks, groups))
}

/// A sent chaos stop: the stopwatch started at the stop, and whether the
/// audit result record could not be written.
#[derive(Debug, Clone)]
pub(crate) struct Stopped {
    /// The stopwatch.
    pub(crate) timeline: ChaosTimeline,
    /// Set when the result record was not written (the stop was sent).
    pub(crate) audit_error: Option<String>,
}

/// Stops the chosen task through the audited op path (attempt record first;
/// no record, no stop); returns the timeline started at the stop.
pub(crate) async fn stop(
    backend: &dyn Backend,
    audit: &AuditContext,
    service: &Service,
    pick: &Pick,
    reason: &str,
) -> Result<Stopped, SourceError> {
    let (tasks, groups) = snapshot(backend, service).await?;
    let victim = pick_victim(service, &tasks, &groups, pick)
        .map_err(|m| SourceError::new(ErrorKind::InvalidInput, "nothing sent", m))?;
    let started = backend.now();
    let timeline = ChaosTimeline::new(service, victim, &tasks, &groups, started);
    let op = Op::StopTask {
        cluster: service.cluster.clone(),
        service: service.name.clone(),
        task: victim.arn.clone(),
        reason: reason.to_string(),
    };
    let identity = crate::audit::identity_of(backend).await;
    let done = crate::audit::run_audited(backend, audit, identity, &op).await;
    done.result?;
    Ok(Stopped {
        timeline,
        audit_error: done.audit_error,
    })
}

/// Polls until the service recovered and the stopped task is STOPPED, or
/// `timeout` of source time passes; prints each milestone through `progress`.
/// Returns whether the service recovered.
pub(crate) async fn wait_recovery<S: Source + ?Sized, P: Pacer>(
    source: &S,
    pacer: &mut P,
    service: &Service,
    timeline: &mut ChaosTimeline,
    timeout: Duration,
    interval: Duration,
    progress: &mut (dyn FnMut(&str) + Send),
) -> Result<bool, SourceError> {
    let timeout = chrono::Duration::from_std(timeout).unwrap_or(chrono::Duration::MAX);
    loop {
        match snapshot(source, service).await {
            Ok((tasks, groups)) => {
                let now = source.now();
                let new: Vec<Mark> = timeline.observe(&tasks, &groups, now);
                for m in &new {
                    progress(&timeline.format_mark(m));
                }
                if timeline.is_complete() {
                    return Ok(true);
                }
            }
            Err(e) if e.is_transient() => progress(&format!("retrying after error: {e}")),
            Err(e) => return Err(e),
        }
        if source.now() - timeline.started_at >= timeout {
            return Ok(timeline.is_recovered());
        }
        pacer.pause(interval).await;
    }
}
