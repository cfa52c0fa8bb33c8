//! `ecsdeck status`: the services of a cluster with counts, health and rollout
//! state, as a table or as versioned JSON (`ecsdeck.status/v1`, documented in
//! docs/status-json.md). Building the report is pure ([`build`]).

use serde::Serialize;

use crate::model::{
    Alarm, CircuitBreaker, HealthStatus, RolloutState, Service, TargetGroup, TargetState, Task,
    TaskStatus, Time, task_def_short,
};

/// The schema id of the JSON output. Bumped only on incompatible changes;
/// new fields may be added within a version.
pub(crate) const SCHEMA: &str = "ecsdeck.status/v1";

/// The whole report.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub(crate) struct StatusReport {
    /// Always [`SCHEMA`].
    pub(crate) schema: &'static str,
    /// Cluster name.
    pub(crate) cluster: String,
    /// `demo` or `aws`.
    pub(crate) source: String,
    /// When the data was read (source clock), RFC 3339 UTC.
    pub(crate) generated_at: String,
    /// Services sorted by name.
    pub(crate) services: Vec<ServiceStatus>,
}

/// One service.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub(crate) struct ServiceStatus {
    /// Name.
    pub(crate) name: String,
    /// ARN.
    pub(crate) arn: String,
    /// ECS status (`ACTIVE`, `DRAINING`).
    pub(crate) status: String,
    /// Verdict: `failed`, `deploying`, `degraded` or `ok` (first that applies).
    pub(crate) state: &'static str,
    /// Launch type.
    pub(crate) launch_type: String,
    /// `family:revision` the service converges to.
    pub(crate) task_definition: String,
    /// Its ARN.
    pub(crate) task_definition_arn: String,
    /// Desired task count.
    pub(crate) desired: u32,
    /// Running task count.
    pub(crate) running: u32,
    /// Pending task count.
    pub(crate) pending: u32,
    /// Wanted tasks by container health.
    pub(crate) tasks: TaskHealth,
    /// Target health over the service's target groups; `null` without a load balancer.
    pub(crate) targets: Option<TargetHealth>,
    /// The PRIMARY deployment; `null` if there is none.
    pub(crate) rollout: Option<Rollout>,
    /// Circuit breaker settings.
    pub(crate) circuit_breaker: CircuitBreaker,
    /// Alarms whose dimensions name the service (or its target group); `null` if alarms could not be read.
    pub(crate) alarms: Option<Vec<AlarmRef>>,
}

/// Container health of the wanted (desired RUNNING) tasks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
pub(crate) struct TaskHealth {
    /// HEALTHY.
    pub(crate) healthy: u32,
    /// UNHEALTHY.
    pub(crate) unhealthy: u32,
    /// UNKNOWN (starting, or no health check).
    pub(crate) unknown: u32,
    /// Tasks of the service stopped recently (still listed by ECS).
    pub(crate) stopped_recently: u32,
}

/// ALB target health.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
pub(crate) struct TargetHealth {
    /// `healthy` targets.
    pub(crate) healthy: u32,
    /// Registered targets: every state but `draining` and `unused`.
    pub(crate) registered: u32,
    /// `unhealthy` targets.
    pub(crate) unhealthy: u32,
    /// `initial` targets (registration or first checks in progress).
    pub(crate) initial: u32,
    /// `draining` targets.
    pub(crate) draining: u32,
}

/// The PRIMARY deployment.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub(crate) struct Rollout {
    /// Deployment id.
    pub(crate) deployment_id: String,
    /// `COMPLETED`, `IN_PROGRESS` or `FAILED`.
    pub(crate) state: RolloutState,
    /// ECS's reason.
    pub(crate) reason: String,
    /// `family:revision`.
    pub(crate) task_definition: String,
    /// Running tasks of this deployment.
    pub(crate) running: u32,
    /// Desired tasks of this deployment.
    pub(crate) desired: u32,
    /// Failed tasks of this deployment.
    pub(crate) failed: u32,
    /// When it was created, RFC 3339 UTC; `null` when ECS does not say.
    pub(crate) created_at: Option<String>,
    /// Number of deployments (more than 1 while old tasks are replaced).
    pub(crate) deployments: usize,
}

/// An alarm of the service.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub(crate) struct AlarmRef {
    /// Name.
    pub(crate) name: String,
    /// `OK`, `ALARM` or `INSUFFICIENT_DATA`.
    pub(crate) state: crate::model::AlarmState,
}

fn rfc3339(t: Time) -> String {
    t.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

/// Builds the report from what the source returned. `alarms` is `None` when they could not be read.
pub(crate) fn build(
    cluster: &str,
    source: &str,
    now: Time,
    services: &[Service],
    tasks: &[Task],
    target_groups: &[TargetGroup],
    alarms: Option<&[Alarm]>,
) -> StatusReport {
    let mut out: Vec<ServiceStatus> = services
        .iter()
        .map(|s| service_status(s, tasks, target_groups, alarms))
        .collect();
    out.sort_by(|a, b| a.name.cmp(&b.name));
    StatusReport {
        schema: SCHEMA,
        cluster: cluster.to_string(),
        source: source.to_string(),
        generated_at: rfc3339(now),
        services: out,
    }
}

fn service_status(
    s: &Service,
    tasks: &[Task],
    target_groups: &[TargetGroup],
    alarms: Option<&[Alarm]>,
) -> ServiceStatus {
    let mut th = TaskHealth::default();
    for t in tasks
        .iter()
        .filter(|t| t.service_name() == Some(s.name.as_str()))
    {
        if t.desired_status == TaskStatus::Stopped {
            th.stopped_recently += 1;
            continue;
        }
        match t.health {
            HealthStatus::Healthy => th.healthy += 1,
            HealthStatus::Unhealthy => th.unhealthy += 1,
            HealthStatus::Unknown => th.unknown += 1,
        }
    }
    let targets = (!s.load_balancers.is_empty()).then(|| {
        let mut h = TargetHealth::default();
        for t in target_groups
            .iter()
            .filter(|g| s.load_balancers.iter().any(|l| l.target_group_arn == g.arn))
            .flat_map(|g| g.targets.iter())
        {
            match t.state {
                TargetState::Healthy => h.healthy += 1,
                TargetState::Unhealthy => h.unhealthy += 1,
                TargetState::Initial => h.initial += 1,
                TargetState::Draining => h.draining += 1,
                TargetState::Unused | TargetState::Unavailable => {}
            }
            if !matches!(t.state, TargetState::Draining | TargetState::Unused) {
                h.registered += 1;
            }
        }
        h
    });
    let rollout = s.primary_deployment().map(|d| Rollout {
        deployment_id: d.id.clone(),
        state: d.rollout_state,
        reason: d.rollout_reason.clone(),
        task_definition: task_def_short(&d.task_definition).to_string(),
        running: d.running,
        desired: d.desired,
        failed: d.failed,
        created_at: d.created_at.map(rfc3339),
        deployments: s.deployments.len(),
    });
    let state = match rollout.as_ref().map(|r| r.state) {
        Some(RolloutState::Failed) => "failed",
        Some(RolloutState::InProgress) => "deploying",
        _ if s.running < s.desired
            || th.unhealthy > 0
            || targets.is_some_and(|t| t.unhealthy > 0 || t.healthy < s.desired) =>
        {
            "degraded"
        }
        _ => "ok",
    };
    let alarms = alarms.map(|all| {
        all.iter()
            .filter(|a| a.matches_service(s, target_groups))
            .map(|a| AlarmRef {
                name: a.name.clone(),
                state: a.state,
            })
            .collect()
    });
    ServiceStatus {
        name: s.name.clone(),
        arn: s.arn.clone(),
        status: s.status.clone(),
        state,
        launch_type: s.launch_type.clone(),
        task_definition: task_def_short(&s.task_definition).to_string(),
        task_definition_arn: s.task_definition.clone(),
        desired: s.desired,
        running: s.running,
        pending: s.pending,
        tasks: th,
        targets,
        rollout,
        circuit_breaker: s.circuit_breaker,
        alarms,
    }
}

/// The report as a plain-text table (no colours: it is for logs and pipes).
pub(crate) fn table(r: &StatusReport) -> String {
    let header = [
        "SERVICE", "STATE", "TASKS", "HEALTHY", "TARGETS", "ROLLOUT", "TASK DEF", "ALARMS",
    ];
    let mut rows: Vec<[String; 8]> = vec![header.map(str::to_string)];
    for s in &r.services {
        let tasks = if s.pending > 0 {
            format!("{}/{} +{}", s.running, s.desired, s.pending)
        } else {
            format!("{}/{}", s.running, s.desired)
        };
        let healthy = if s.tasks.unhealthy > 0 {
            format!("{} ({} unhealthy)", s.tasks.healthy, s.tasks.unhealthy)
        } else {
            s.tasks.healthy.to_string()
        };
        let targets = s.targets.map_or("-".to_string(), |t| {
            if t.unhealthy > 0 {
                format!("{}/{} ({} unhealthy)", t.healthy, t.registered, t.unhealthy)
            } else {
                format!("{}/{}", t.healthy, t.registered)
            }
        });
        let rollout = s.rollout.as_ref().map_or("-".to_string(), |d| {
            let mut x = d.state.as_str().to_string();
            if d.failed > 0 {
                x.push_str(&format!(" ({} failed)", d.failed));
            }
            x
        });
        let alarms = s.alarms.as_ref().map_or("?".to_string(), |a| {
            let firing: Vec<&str> = a
                .iter()
                .filter(|x| x.state == crate::model::AlarmState::Alarm)
                .map(|x| x.name.as_str())
                .collect();
            if firing.is_empty() {
                "-".into()
            } else {
                firing.join(",")
            }
        });
        rows.push([
            s.name.clone(),
            s.state.to_string(),
            tasks,
            healthy,
            targets,
            rollout,
            s.task_definition.clone(),
            alarms,
        ]);
    }
    // Widths are measured on what will be printed: the sanitised cells.
    for row in &mut rows {
        for cell in row.iter_mut() {
            if let std::borrow::Cow::Owned(clean) = crate::text::sanitize(cell) {
                *cell = clean;
            }
        }
    }
    let mut widths = [0usize; 8];
    for row in &rows {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(unicode_width::UnicodeWidthStr::width(cell.as_str()));
        }
    }
    let mut out = String::new();
    for row in &rows {
        let mut line = String::new();
        for (i, (cell, w)) in row.iter().zip(widths).enumerate() {
            if i > 0 {
                line.push_str("  ");
            }
            line.push_str(cell);
            let pad = w - unicode_width::UnicodeWidthStr::width(cell.as_str());
            line.push_str(&" ".repeat(pad));
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}
