//! Symptom keywords: the vocabulary of runbook front matter, and inference of
//! the symptoms a service shows from what ecsdeck already fetched.

use crate::model::{
    Alarm, AlarmState, DeploymentStatus, RolloutState, Service, TargetGroup, TargetState, Task,
};

/// The symptom keywords the built-in runbooks use.
pub const KNOWN_SYMPTOMS: &[&str] = &[
    "unhealthy-targets",
    "5xx",
    "deployment-failed",
    "circuit-breaker",
    "crash-loop",
    "oom",
    "high-cpu",
    "high-memory",
    "expired-credentials",
    "access-denied",
    "demo",
];

fn add(out: &mut Vec<&'static str>, s: &'static str) {
    if !out.contains(&s) {
        out.push(s);
    }
}

/// The symptoms an alarm stands for, from its metric (and, failing that, its name).
pub fn symptoms_of_alarm(alarm: &Alarm) -> Vec<&'static str> {
    let mut out = Vec::new();
    match alarm.metric.as_str() {
        "HTTPCode_Target_5XX_Count" | "HTTPCode_ELB_5XX_Count" => add(&mut out, "5xx"),
        "UnHealthyHostCount" | "HealthyHostCount" => add(&mut out, "unhealthy-targets"),
        "CPUUtilization" => add(&mut out, "high-cpu"),
        "MemoryUtilization" => add(&mut out, "high-memory"),
        _ => {}
    }
    if out.is_empty() {
        let name = alarm.name.to_ascii_lowercase();
        if name.contains("5xx") {
            add(&mut out, "5xx");
        }
        if name.contains("unhealthy") {
            add(&mut out, "unhealthy-targets");
        }
        if name.contains("cpu") {
            add(&mut out, "high-cpu");
        }
        if name.contains("memory") || name.contains("mem-") {
            add(&mut out, "high-memory");
        }
    }
    out
}

/// The symptoms `service` shows: a failed or rolled-back deployment, tasks
/// that keep stopping (and why), unhealthy targets, and its alarms in ALARM.
/// `tasks` may include other services' tasks; only this service's count.
pub fn infer_symptoms(
    service: &Service,
    tasks: &[Task],
    target_groups: &[TargetGroup],
    alarms: &[Alarm],
) -> Vec<&'static str> {
    let mut out = Vec::new();
    for d in &service.deployments {
        let reason = d.rollout_reason.to_ascii_lowercase();
        if d.status == DeploymentStatus::Primary && d.rollout_state == RolloutState::Failed {
            add(&mut out, "deployment-failed");
        }
        if reason.contains("circuit breaker") {
            add(&mut out, "deployment-failed");
            add(&mut out, "circuit-breaker");
        }
    }
    if service
        .events
        .iter()
        .take(20)
        .any(|e| e.message.contains("rolling back"))
    {
        add(&mut out, "circuit-breaker");
    }
    let mine = tasks
        .iter()
        .filter(|t| t.service_name() == Some(service.name.as_str()));
    let mut failed_stops = 0;
    for t in mine {
        let reason = t.stopped_reason.as_deref().unwrap_or_default();
        let failed = matches!(
            t.stop_code.as_deref(),
            Some("EssentialContainerExited" | "TaskFailedToStart")
        ) || reason.contains("failed container health checks")
            || reason.contains("failed ELB health checks");
        failed_stops += usize::from(failed);
        let oom = reason.contains("OutOfMemory")
            || t.containers.iter().any(|c| {
                c.exit_code == Some(137)
                    || c.reason
                        .as_deref()
                        .is_some_and(|r| r.contains("OutOfMemory"))
            });
        if oom {
            add(&mut out, "oom");
        }
        if reason.contains("CannotPullContainerError")
            || reason.contains("ResourceInitializationError")
        {
            add(&mut out, "crash-loop");
        }
    }
    if failed_stops >= 2 {
        add(&mut out, "crash-loop");
    }
    let tg_arns: Vec<&str> = service
        .load_balancers
        .iter()
        .map(|l| l.target_group_arn.as_str())
        .collect();
    if target_groups
        .iter()
        .filter(|g| tg_arns.contains(&g.arn.as_str()))
        .flat_map(|g| &g.targets)
        .any(|t| t.state == TargetState::Unhealthy)
    {
        add(&mut out, "unhealthy-targets");
    }
    for a in alarms
        .iter()
        .filter(|a| a.state == AlarmState::Alarm && a.matches_service(service, target_groups))
    {
        for s in symptoms_of_alarm(a) {
            add(&mut out, s);
        }
    }
    out
}
