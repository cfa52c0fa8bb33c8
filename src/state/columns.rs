//! The column descriptions of every sortable table: one [`Table`] each,
//! read by the sorter, the `column:value` filter and the header drawing.
//! Plain filter terms match what each view's filter matched before.

use crate::model::{
    Alarm, Deployment, MetricKind, Service, ServiceDeployment, ServiceEvent, Target, TargetGroup,
    TargetState, Task, task_def_family, task_def_revision, task_def_short,
};

use super::table::{Column, SortKey as K, Table, TableKind};
use super::{ScalingStatus, State};

/// A task definition ARN as a key: family, then revision as a number (`web:9` before `web:10`).
fn revision_key(arn: &str) -> K {
    if arn.is_empty() {
        return K::Missing;
    }
    let revision = task_def_revision(arn).unwrap_or(0);
    K::Text(format!(
        "{}:{revision:010}",
        task_def_family(arn).to_lowercase()
    ))
}

/// `(healthy, registered)` targets of a service's target groups, `None` when
/// it has no load balancer or its groups have not arrived.
pub(crate) fn target_health(state: &State, s: &Service) -> Option<(usize, usize)> {
    let groups = state.service_target_groups(s);
    if s.load_balancers.is_empty() || groups.is_empty() {
        return None;
    }
    let registered = groups
        .iter()
        .map(|g| {
            g.targets
                .iter()
                .filter(|x| x.state != TargetState::Draining)
                .count()
        })
        .sum();
    Some((groups.iter().map(|g| g.healthy()).sum(), registered))
}

fn pct(state: &State, s: &Service, kind: MetricKind) -> K {
    K::num(state.latest_metric(&s.name, kind))
}

fn pct_text(state: &State, s: &Service, kind: MetricKind) -> String {
    state
        .latest_metric(&s.name, kind)
        .map_or_else(String::new, |v| format!("{v:.0}%"))
}

/// The services list.
pub(crate) fn services<'a>() -> Table<&'a Service> {
    Table {
        kind: TableKind::Services,
        columns: vec![
            Column::new("NAME", |_, s| K::text(&s.name), |_, s| s.name.clone()),
            Column::new("STATUS", |_, s| K::text(&s.status), |_, s| s.status.clone()),
            Column::new(
                "DES/RUN/PEN",
                |_, s| K::Num(f64::from(s.desired)),
                |_, s| format!("{}/{}/{}", s.desired, s.running, s.pending),
            ),
            Column::new(
                "HEALTH",
                |state, s| {
                    K::num(
                        target_health(state, s)
                            .filter(|(_, registered)| *registered > 0)
                            .map(|(h, r)| h as f64 / r as f64),
                    )
                },
                |state, s| match target_health(state, s) {
                    _ if s.load_balancers.is_empty() => "no LB".into(),
                    Some((h, r)) => format!("{h}/{r} tg"),
                    None => String::new(),
                },
            ),
            Column::new(
                "DEPLOYMENT",
                |_, s| {
                    K::text(
                        s.primary_deployment()
                            .map_or("", |d| d.rollout_state.as_str()),
                    )
                },
                |_, s| {
                    s.primary_deployment()
                        .map_or("", |d| d.rollout_state.as_str())
                        .to_string()
                },
            ),
            Column::new(
                "TASK DEF",
                |_, s| revision_key(&s.task_definition),
                |_, s| task_def_short(&s.task_definition).to_string(),
            ),
            Column::new(
                "CPU",
                |st, s| pct(st, s, MetricKind::Cpu),
                |st, s| pct_text(st, s, MetricKind::Cpu),
            ),
            Column::new(
                "MEM",
                |st, s| pct(st, s, MetricKind::Memory),
                |st, s| pct_text(st, s, MetricKind::Memory),
            ),
            Column::new(
                "5XX",
                |st, s| K::num(st.errors_5xx_now(s)),
                |st, s| {
                    st.errors_5xx_now(s)
                        .map_or_else(String::new, |v| format!("{v:.0}"))
                },
            ),
        ],
        id: |s| s.name.clone(),
        free: |_, s, term| super::nav::filter_matches(term, &s.name),
    }
}

fn scaled<'s>(state: &'s State, s: &Service) -> Option<&'s crate::model::ServiceScaling> {
    match state.scaling_of(&s.name) {
        ScalingStatus::Scaled(a) => Some(a),
        _ => None,
    }
}

/// The `:scaling` table.
pub(crate) fn scaling<'a>() -> Table<&'a Service> {
    Table {
        kind: TableKind::Scaling,
        columns: vec![
            Column::new("NAME", |_, s| K::text(&s.name), |_, s| s.name.clone()),
            Column::new(
                "DES/RUN",
                |_, s| K::Num(f64::from(s.desired)),
                |_, s| format!("{}/{}", s.desired, s.running),
            ),
            Column::new(
                "MIN",
                |st, s| K::num(scaled(st, s).map(|a| f64::from(a.target.min))),
                |st, s| scaled(st, s).map_or_else(String::new, |a| a.target.min.to_string()),
            ),
            Column::new(
                "MAX",
                |st, s| K::num(scaled(st, s).map(|a| f64::from(a.target.max))),
                |st, s| scaled(st, s).map_or_else(String::new, |a| a.target.max.to_string()),
            ),
            Column::new("POLICY", |st, s| K::text(&policy_text(st, s)), policy_text),
            Column::new(
                "LAST ACTIVITY",
                |st, s| {
                    K::time(
                        scaled(st, s)
                            .and_then(|a| a.activities.first())
                            .and_then(|x| x.started_at),
                    )
                },
                |st, s| {
                    scaled(st, s)
                        .and_then(|a| a.activities.first())
                        .map_or_else(String::new, |x| format!("{} {}", x.status, x.description))
                },
            ),
        ],
        id: |s| s.name.clone(),
        free: |_, s, term| super::nav::filter_matches(term, &s.name),
    }
}

fn policy_text(state: &State, s: &&Service) -> String {
    match state.scaling_of(&s.name) {
        ScalingStatus::Scaled(a) => a
            .policies
            .iter()
            .map(crate::model::ScalingPolicy::short)
            .collect::<Vec<_>>()
            .join(", "),
        ScalingStatus::None => "not autoscaled".into(),
        ScalingStatus::Unknown => String::new(),
    }
}

/// The essential container's image (else the first container's).
fn image(task: &Task) -> &str {
    task.containers
        .iter()
        .find(|c| c.essential)
        .or(task.containers.first())
        .map_or("", |c| c.image.as_str())
}

/// Tasks; the SERVICE column only `with_service` (the cluster-wide list).
pub(crate) fn tasks<'a>(with_service: bool) -> Table<&'a Task> {
    let mut columns: Vec<Column<&Task>> = vec![Column::new(
        "TASK",
        |_, t| K::text(&t.id),
        |_, t| t.id.clone(),
    )];
    if with_service {
        columns.push(Column::new(
            "SERVICE",
            |_, t| K::text(t.service_name().unwrap_or("")),
            |_, t| t.service_name().unwrap_or("").to_string(),
        ));
    }
    let rest: Vec<Column<&'a Task>> = vec![
        Column::new(
            "REV",
            |_, t| K::num(task_def_revision(&t.task_definition).map(f64::from)),
            |_, t| {
                task_def_revision(&t.task_definition).map_or_else(String::new, |r| r.to_string())
            },
        ),
        Column::new(
            "STATUS",
            |_, t| K::text(t.last_status.as_str()),
            |_, t| format!("{} {}", t.last_status.as_str(), t.desired_status.as_str()),
        ),
        Column::new(
            "AZ",
            |_, t| K::text(&t.availability_zone),
            |_, t| t.availability_zone.clone(),
        ),
        Column::new(
            "IP",
            |_, t| match t.private_ip.as_deref().map(str::parse::<std::net::IpAddr>) {
                Some(Ok(std::net::IpAddr::V4(ip))) => K::Num(f64::from(u32::from(ip))),
                Some(_) => K::text(t.private_ip.as_deref().unwrap_or("")),
                None => K::Missing,
            },
            |_, t| t.private_ip.clone().unwrap_or_default(),
        ),
        Column::new(
            "STARTED",
            |_, t| K::time(t.started_at),
            |_, t| {
                t.started_at
                    .map_or_else(String::new, |at| at.format("%Y-%m-%d %H:%M:%S").to_string())
            },
        ),
        Column::new(
            "EXEC",
            |_, t| K::text(exec_agent(t)),
            |_, t| exec_agent(t).to_string(),
        ),
        Column::new(
            "IMAGE",
            |_, t| K::text(image(t)),
            |_, t| image(t).to_string(),
        ),
        Column::<&'a Task>::new(
            "HEALTH",
            |_, t| K::text(health(t.health)),
            |_, t| {
                let mut parts = vec![health(t.health).to_string()];
                parts.extend(t.stop_code.clone());
                parts.extend(t.stopped_reason.clone());
                parts.join(" ")
            },
        )
        .legend(" ctr → task → target · STOP REASON"),
    ];
    columns.extend(rest);
    Table {
        kind: TableKind::Tasks,
        columns,
        id: |t| t.arn.clone(),
        free: |_, t, term| {
            use super::nav::filter_matches as m;
            m(term, &t.id)
                || m(term, t.last_status.as_str())
                || m(term, &t.group)
                || m(term, &t.availability_zone)
        },
    }
}

/// A task's health as ECS spells it.
fn health(h: crate::model::HealthStatus) -> &'static str {
    match h {
        crate::model::HealthStatus::Healthy => "HEALTHY",
        crate::model::HealthStatus::Unhealthy => "UNHEALTHY",
        crate::model::HealthStatus::Unknown => "UNKNOWN",
    }
}

fn exec_agent(task: &Task) -> &str {
    task.containers
        .iter()
        .find(|c| c.essential)
        .or(task.containers.first())
        .and_then(|c| c.exec_agent.as_deref())
        .unwrap_or("")
}

/// A row of the target groups view.
pub(crate) type TargetRow<'a> = (&'a TargetGroup, &'a Target);

/// Targets of the target groups.
pub(crate) fn targets<'a>() -> Table<TargetRow<'a>> {
    Table {
        kind: TableKind::Targets,
        columns: vec![
            Column::new(
                "TARGET GROUP",
                |_, (g, _)| K::text(&g.name),
                |_, (g, _)| g.name.clone(),
            ),
            Column::new(
                "TARGET",
                |_, (_, t)| K::text(&t.id),
                |_, (_, t)| t.id.clone(),
            ),
            Column::new(
                "PORT",
                |_, (_, t)| K::Num(f64::from(t.port)),
                |_, (_, t)| t.port.to_string(),
            ),
            Column::new(
                "AZ",
                |_, (_, t)| K::text(t.availability_zone.as_deref().unwrap_or("")),
                |_, (_, t)| t.availability_zone.clone().unwrap_or_default(),
            ),
            Column::new(
                "STATE / REASON",
                |_, (_, t)| K::text(t.state.as_str()),
                |_, (_, t)| format!("{} {}", t.state.as_str(), t.reason.as_deref().unwrap_or("")),
            ),
            Column::new(
                "DESCRIPTION",
                |_, (_, t)| K::text(t.description.as_deref().unwrap_or("")),
                |_, (_, t)| t.description.clone().unwrap_or_default(),
            ),
        ],
        id: |(g, t)| format!("{} {}:{}", g.arn, t.id, t.port),
        free: |_, (g, t), term| {
            use super::nav::filter_matches as m;
            m(term, &g.name) || m(term, &t.id) || m(term, t.state.as_str())
        },
    }
}

/// Alarms.
pub(crate) fn alarms<'a>() -> Table<&'a Alarm> {
    Table {
        kind: TableKind::Alarms,
        columns: vec![
            Column::new("NAME", |_, a| K::text(&a.name), |_, a| a.name.clone()),
            Column::new(
                "STATE",
                |_, a| K::text(a.state.as_str()),
                |_, a| a.state.as_str().to_string(),
            ),
            Column::new(
                "SINCE",
                |_, a| K::time(a.updated_at),
                |_, a| {
                    a.updated_at
                        .map_or_else(String::new, |at| at.format("%Y-%m-%d %H:%M:%S").to_string())
                },
            ),
            Column::new(
                "METRIC",
                |_, a| K::text(&format!("{}/{}", a.namespace, a.metric)),
                |_, a| format!("{}/{}", a.namespace, a.metric),
            ),
            Column::new("REASON", |_, a| K::text(&a.reason), |_, a| a.reason.clone()),
        ],
        id: |a| a.arn.clone(),
        free: |_, a, term| {
            super::nav::filter_matches(term, &a.name)
                || super::nav::filter_matches(term, a.state.as_str())
        },
    }
}

fn clock(t: Option<crate::model::Time>) -> String {
    t.map_or_else(String::new, |at| at.format("%Y-%m-%d %H:%M:%S").to_string())
}

/// A service's events.
pub(crate) fn events<'a>() -> Table<&'a ServiceEvent> {
    Table {
        kind: TableKind::Events,
        columns: vec![
            Column::new(
                "TIME (UTC)",
                |_, e| K::time(e.created_at),
                |_, e| clock(e.created_at),
            ),
            Column::new(
                "AGE",
                |_, e| K::time(e.created_at),
                |_, e| clock(e.created_at),
            ),
            Column::new(
                "MESSAGE",
                |_, e| K::text(&e.message),
                |_, e| e.message.clone(),
            ),
        ],
        id: |e| e.id.clone(),
        free: |_, e, term| super::nav::filter_matches(term, &e.message),
    }
}

/// A service's deployments.
pub(crate) fn deployments<'a>() -> Table<&'a Deployment> {
    Table {
        kind: TableKind::Deployments,
        columns: vec![
            Column::new("ID", |_, d| K::text(&d.id), |_, d| d.id.clone()),
            Column::new(
                "STATUS",
                |_, d| K::text(d.status.as_str()),
                |_, d| d.status.as_str().to_string(),
            ),
            Column::new(
                "TASK DEF",
                |_, d| revision_key(&d.task_definition),
                |_, d| task_def_short(&d.task_definition).to_string(),
            ),
            Column::new(
                "DES",
                |_, d| K::Num(f64::from(d.desired)),
                |_, d| d.desired.to_string(),
            ),
            Column::new(
                "PEN",
                |_, d| K::Num(f64::from(d.pending)),
                |_, d| d.pending.to_string(),
            ),
            Column::new(
                "RUN",
                |_, d| K::Num(f64::from(d.running)),
                |_, d| d.running.to_string(),
            ),
            Column::new(
                "FAILED",
                |_, d| K::Num(f64::from(d.failed)),
                |_, d| d.failed.to_string(),
            ),
            Column::new(
                "ROLLOUT",
                |_, d| K::text(d.rollout_state.as_str()),
                |_, d| d.rollout_state.as_str().to_string(),
            ),
            Column::new(
                "AGE",
                |_, d| K::time(d.created_at),
                |_, d| clock(d.created_at),
            ),
            Column::new(
                "REASON / BREAKER",
                |_, d| K::text(&d.rollout_reason),
                |_, d| d.rollout_reason.clone(),
            ),
        ],
        id: |d| d.id.clone(),
        free: |_, d, term| {
            use super::nav::filter_matches as m;
            m(term, &d.id) || m(term, d.rollout_state.as_str()) || m(term, d.status.as_str())
        },
    }
}

/// A service's service-deployment history (newest first by default).
pub(crate) fn service_deployments<'a>() -> Table<&'a ServiceDeployment> {
    fn strategy(d: &ServiceDeployment) -> &'static str {
        d.strategy.as_ref().map_or("", |s| s.kind.as_str())
    }
    fn status(d: &ServiceDeployment) -> &'static str {
        d.status.map_or("", |s| s.as_str())
    }
    fn target(d: &ServiceDeployment) -> String {
        d.target_revision
            .as_ref()
            .map(|r| crate::model::arn_tail(&r.arn).to_string())
            .unwrap_or_default()
    }
    Table {
        kind: TableKind::ServiceDeployments,
        columns: vec![
            Column::new(
                "ID",
                |_, d| K::text(d.short_id()),
                |_, d| d.short_id().into(),
            ),
            Column::new(
                "STRATEGY",
                |_, d| K::text(strategy(d)),
                |_, d| strategy(d).into(),
            ),
            Column::new("STATUS", |_, d| K::text(status(d)), |_, d| status(d).into()),
            Column::new(
                "SOURCE → TARGET",
                |_, d| K::text(&target(d)),
                |_, d| target(d),
            ),
            Column::new(
                "STARTED",
                |_, d| K::time(d.started_at.or(d.created_at)),
                |_, d| clock(d.started_at.or(d.created_at)),
            ),
            Column::new(
                "ENDED",
                |_, d| K::time(d.finished_at.or(d.stopped_at)),
                |_, d| clock(d.finished_at.or(d.stopped_at)),
            ),
            Column::new(
                "TOOK",
                |s, d| K::num(d.took_secs(s.now).map(|x| x as f64)),
                |s, d| {
                    d.took_secs(s.now)
                        .map(|x| x.to_string())
                        .unwrap_or_default()
                },
            ),
            Column::new(
                "BREAKER",
                |_, d| K::num(d.circuit_breaker.as_ref().map(|c| f64::from(c.failures))),
                |_, d| d.breaker_text(),
            ),
            Column::new(
                "REASON / ALARMS",
                |_, d| K::text(&d.reason_text()),
                |_, d| d.reason_text(),
            ),
        ],
        id: |d| d.arn.clone(),
        free: |_, d, term| {
            use super::nav::filter_matches as m;
            m(term, d.short_id()) || m(term, status(d)) || m(term, strategy(d))
        },
    }
}

/// Task definition revisions (ARNs); the first column holds the flags.
pub(crate) fn revisions<'a>() -> Table<&'a String> {
    Table {
        kind: TableKind::Revisions,
        columns: vec![
            Column::new("", |_, _| K::Missing, |_, _| String::new()),
            Column::new(
                "REVISION",
                |_, a| revision_key(a),
                |_, a| task_def_short(a).to_string(),
            ),
            Column::new(
                "IMAGE",
                |st, a| K::text(&revision_image(st, a)),
                |st, a| revision_image(st, a),
            ),
            Column::new(
                "CPU/MEM",
                |st, a| {
                    K::num(
                        st.task_defs
                            .get(a.as_str())
                            .and_then(|d| d.cpu.as_deref()?.parse().ok()),
                    )
                },
                |st, a| {
                    st.task_defs.get(a.as_str()).map_or_else(String::new, |d| {
                        format!(
                            "{}/{}",
                            d.cpu.as_deref().unwrap_or("-"),
                            d.memory.as_deref().unwrap_or("-")
                        )
                    })
                },
            ),
            Column::new(
                "REGISTERED",
                |st, a| K::time(st.task_defs.get(a.as_str()).and_then(|d| d.registered_at)),
                |st, a| clock(st.task_defs.get(a.as_str()).and_then(|d| d.registered_at)),
            ),
        ],
        id: |a| (*a).clone(),
        free: |_, a, term| super::nav::filter_matches(term, task_def_short(a)),
    }
}

fn revision_image(state: &State, arn: &str) -> String {
    state
        .task_defs
        .get(arn)
        .and_then(|d| {
            d.containers
                .iter()
                .find(|c| c.essential)
                .or(d.containers.first())
        })
        .map_or_else(String::new, |c| c.image.clone())
}

fn audit_result(r: &crate::audit::AuditRecord) -> String {
    match &r.error {
        Some(e) => format!("error: {e}"),
        None if r.result == crate::audit::ATTEMPT => "attempt".into(),
        None => "ok".into(),
    }
}

fn audit_by(r: &crate::audit::AuditRecord) -> String {
    r.identity.clone().unwrap_or_else(|| r.source.clone())
}

/// The audit log (newest first in its own order).
pub(crate) fn audit<'a>() -> Table<&'a crate::audit::AuditRecord> {
    Table {
        kind: TableKind::Audit,
        columns: vec![
            Column::new(
                "TIME (UTC)",
                |_, r| K::Time(r.time),
                |_, r| clock(Some(r.time)),
            ),
            Column::new("ACTION", |_, r| K::text(&r.action), |_, r| r.action.clone()),
            Column::new(
                "CLUSTER/SERVICE",
                |_, r| K::text(&format!("{}/{}", r.cluster, r.service)),
                |_, r| format!("{}/{}", r.cluster, r.service),
            ),
            Column::new("BY", |_, r| K::text(&audit_by(r)), |_, r| audit_by(r)),
            Column::new(
                "RESULT",
                |_, r| K::text(&audit_result(r)),
                |_, r| audit_result(r),
            ),
        ],
        id: |r| {
            format!(
                "{} {} {}/{} {}",
                r.time.to_rfc3339(),
                r.action,
                r.cluster,
                r.service,
                r.result
            )
        },
        free: |_, r, term| {
            use super::nav::filter_matches as m;
            m(term, &r.action)
                || m(term, &r.cluster)
                || m(term, &r.service)
                || m(term, &audit_result(r))
        },
    }
}
