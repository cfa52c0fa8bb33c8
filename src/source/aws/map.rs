//! SDK types → the project's model. Pure functions, one place, unit-tested
//! with SDK builder fixtures (including states moto never produces).

use std::collections::HashMap;

use aws_sdk_cloudwatch::types as cw;
use aws_sdk_cloudwatchlogs::types as logs;
use aws_sdk_ecs::types as ecs;
use aws_sdk_elasticloadbalancingv2::types as elb;
use chrono::{TimeZone, Utc};

use crate::model::{
    Alarm, AlarmState, CircuitBreaker, Cluster, Container, ContainerDefinition, Deployment,
    DeploymentStatus, HealthStatus, LoadBalancerRef, LogConfig, LogLine, RolloutState, Service,
    ServiceEvent, Target, TargetGroup, TargetState, Task, TaskDefinition, TaskStatus, Time,
    arn_tail, task_def_revision,
};

/// SDK time → model time; `None` when out of range (never the epoch).
pub fn time(t: &aws_smithy_types::DateTime) -> Option<Time> {
    Utc.timestamp_opt(t.secs(), t.subsec_nanos()).single()
}

/// An optional SDK time; `None` when absent or out of range.
fn opt_time(t: Option<&aws_smithy_types::DateTime>) -> Option<Time> {
    t.and_then(time)
}

/// A log event's time: its own, else when CloudWatch ingested it, else
/// `None` (never the epoch). Out-of-range milliseconds count as absent.
fn log_time(timestamp: Option<i64>, ingestion: Option<i64>) -> Option<Time> {
    timestamp
        .or(ingestion)
        .and_then(|ms| Utc.timestamp_millis_opt(ms).single())
}

fn count(n: i32) -> u32 {
    u32::try_from(n).unwrap_or(0)
}

fn s(v: Option<&str>) -> String {
    v.unwrap_or_default().to_string()
}

/// A string field, `None` when absent or empty: some endpoints send `""`
/// for fields that do not apply (e.g. `stopCode` of a running task).
fn present(v: Option<&str>) -> Option<&str> {
    v.filter(|v| !v.trim().is_empty())
}

/// [`present`], owned.
fn opt(v: Option<&str>) -> Option<String> {
    present(v).map(str::to_string)
}

/// An ECS cluster.
pub fn cluster(c: &ecs::Cluster) -> Cluster {
    Cluster {
        name: s(c.cluster_name()),
        arn: s(c.cluster_arn()),
        status: s(c.status()),
        active_services: count(c.active_services_count()),
        running_tasks: count(c.running_tasks_count()),
        pending_tasks: count(c.pending_tasks_count()),
    }
}

fn deployment_status(s: Option<&str>) -> DeploymentStatus {
    match s {
        Some("PRIMARY") => DeploymentStatus::Primary,
        Some("INACTIVE") => DeploymentStatus::Inactive,
        _ => DeploymentStatus::Active,
    }
}

/// One deployment. Without a rollout state (older APIs, emulators) it is
/// derived from the counts.
pub fn deployment(d: &ecs::Deployment) -> Deployment {
    let rollout_state = match d.rollout_state() {
        Some(ecs::DeploymentRolloutState::Completed) => RolloutState::Completed,
        Some(ecs::DeploymentRolloutState::Failed) => RolloutState::Failed,
        Some(ecs::DeploymentRolloutState::InProgress) => RolloutState::InProgress,
        _ if d.running_count() >= d.desired_count() && d.pending_count() == 0 => {
            RolloutState::Completed
        }
        _ => RolloutState::InProgress,
    };
    let created_at = opt_time(d.created_at());
    Deployment {
        id: s(d.id()),
        status: deployment_status(d.status()),
        task_definition: s(d.task_definition()),
        desired: count(d.desired_count()),
        pending: count(d.pending_count()),
        running: count(d.running_count()),
        failed: count(d.failed_tasks()),
        rollout_state,
        rollout_reason: s(d.rollout_state_reason()),
        created_at,
        updated_at: opt_time(d.updated_at()).or(created_at),
    }
}

/// An ECS service of cluster `cluster` (used when the service carries no cluster ARN).
pub fn service(v: &ecs::Service, cluster: &str) -> Service {
    let mut deployments: Vec<Deployment> = v.deployments().iter().map(deployment).collect();
    // PRIMARY first, then newest first; undated ones last.
    deployments.sort_by(|a, b| {
        (a.status != DeploymentStatus::Primary)
            .cmp(&(b.status != DeploymentStatus::Primary))
            .then(b.created_at.cmp(&a.created_at))
    });
    let mut events: Vec<ServiceEvent> = v
        .events()
        .iter()
        .map(|e| ServiceEvent {
            id: s(e.id()),
            created_at: opt_time(e.created_at()),
            message: s(e.message()),
        })
        .collect();
    // Newest first; undated ones last (`None` is the smallest), in ECS's order.
    events.sort_by_key(|e| std::cmp::Reverse(e.created_at));
    let dc = v.deployment_configuration();
    let breaker = dc.and_then(|c| c.deployment_circuit_breaker());
    let launch_type = opt(v.launch_type().map(|l| l.as_str()))
        .or_else(|| {
            v.capacity_provider_strategy()
                .first()
                .and_then(|c| opt(Some(c.capacity_provider())))
        })
        .unwrap_or_default();
    let primary_td = deployments
        .iter()
        .find(|d| d.status == DeploymentStatus::Primary)
        .map(|d| d.task_definition.clone());
    Service {
        name: s(v.service_name()),
        arn: s(v.service_arn()),
        cluster: present(v.cluster_arn())
            .map(|a| arn_tail(a).to_string())
            .unwrap_or_else(|| arn_tail(cluster).to_string()),
        status: s(v.status()),
        desired: count(v.desired_count()),
        running: count(v.running_count()),
        pending: count(v.pending_count()),
        task_definition: opt(v.task_definition()).or(primary_td).unwrap_or_default(),
        launch_type,
        deployments,
        events,
        circuit_breaker: CircuitBreaker {
            enable: breaker.is_some_and(|b| b.enable()),
            rollback: breaker.is_some_and(|b| b.rollback()),
        },
        minimum_healthy_percent: dc
            .and_then(|c| c.minimum_healthy_percent())
            .map_or(100, count),
        maximum_percent: dc.and_then(|c| c.maximum_percent()).map_or(200, count),
        load_balancers: v
            .load_balancers()
            .iter()
            .filter_map(|lb| {
                Some(LoadBalancerRef {
                    target_group_arn: opt(lb.target_group_arn())?,
                    container_name: s(lb.container_name()),
                    container_port: lb
                        .container_port()
                        .and_then(|p| u16::try_from(p).ok())
                        .unwrap_or(0),
                })
            })
            .collect(),
        created_at: opt_time(v.created_at()),
        enable_execute_command: v.enable_execute_command(),
    }
}

fn health(h: Option<&ecs::HealthStatus>) -> HealthStatus {
    match h {
        Some(ecs::HealthStatus::Healthy) => HealthStatus::Healthy,
        Some(ecs::HealthStatus::Unhealthy) => HealthStatus::Unhealthy,
        _ => HealthStatus::Unknown,
    }
}

fn task_status(s: Option<&str>, default: TaskStatus) -> TaskStatus {
    s.and_then(TaskStatus::parse).unwrap_or(default)
}

/// The awslogs options of a container definition.
pub fn log_config(c: &ecs::ContainerDefinition) -> Option<LogConfig> {
    let lc = c.log_configuration()?;
    if lc.log_driver() != &ecs::LogDriver::Awslogs {
        return None;
    }
    let opts = lc.options()?;
    let get = |k: &str| opt(opts.get(k).map(String::as_str));
    Some(LogConfig {
        group: get("awslogs-group")?,
        stream_prefix: get("awslogs-stream-prefix").unwrap_or_default(),
        region: get("awslogs-region"),
    })
}

/// A task definition.
pub fn task_definition(td: &ecs::TaskDefinition) -> TaskDefinition {
    let arn = s(td.task_definition_arn());
    TaskDefinition {
        revision: u32::try_from(td.revision())
            .ok()
            .filter(|r| *r > 0)
            .or_else(|| task_def_revision(&arn))
            .unwrap_or(0),
        arn,
        family: s(td.family()),
        cpu: opt(td.cpu()),
        memory: opt(td.memory()),
        containers: td
            .container_definitions()
            .iter()
            .map(|c| ContainerDefinition {
                name: s(c.name()),
                image: s(c.image()),
                essential: c.essential().unwrap_or(true),
                command: c.command().to_vec(),
                environment: c
                    .environment()
                    .iter()
                    .map(|kv| (s(kv.name()), s(kv.value())))
                    .collect(),
                secrets: c
                    .secrets()
                    .iter()
                    .map(|x| (x.name().to_string(), x.value_from().to_string()))
                    .collect(),
                ports: c
                    .port_mappings()
                    .iter()
                    .filter_map(|p| p.container_port().and_then(|p| u16::try_from(p).ok()))
                    .collect(),
                health_check: c.health_check().map(|h| h.command().to_vec()),
                cpu: Some(c.cpu()).filter(|c| *c > 0),
                memory: c.memory(),
                log: log_config(c),
            })
            .collect(),
        registered_at: opt_time(td.registered_at()),
    }
}

/// The private IPv4 address of a task: its ENI attachment, else a container's interface.
pub fn task_private_ip(t: &ecs::Task) -> Option<String> {
    t.attachments()
        .iter()
        .flat_map(|a| a.details())
        .filter(|kv| kv.name() == Some("privateIPv4Address"))
        .find_map(|kv| opt(kv.value()))
        .or_else(|| {
            t.containers()
                .iter()
                .flat_map(|c| c.network_interfaces())
                .find_map(|n| opt(n.private_ipv4_address()))
        })
}

/// The last status of a container's `ExecuteCommandAgent`, if it has one.
fn exec_agent_status(c: &ecs::Container) -> Option<String> {
    c.managed_agents()
        .iter()
        .find(|a| a.name() == Some(&ecs::ManagedAgentName::ExecuteCommandAgent))
        .and_then(|a| opt(a.last_status()))
}

/// A task of cluster `cluster`; `def` (when known) supplies each container's
/// `essential` flag and awslogs configuration.
pub fn task(t: &ecs::Task, cluster: &str, def: Option<&TaskDefinition>) -> Task {
    let arn = s(t.task_arn());
    let container_def = |name: &str| def.and_then(|d| d.containers.iter().find(|c| c.name == name));
    Task {
        id: arn_tail(&arn).to_string(),
        cluster: present(t.cluster_arn())
            .map(|a| arn_tail(a).to_string())
            .unwrap_or_else(|| arn_tail(cluster).to_string()),
        group: s(t.group()),
        task_definition: s(t.task_definition_arn()),
        last_status: task_status(t.last_status(), TaskStatus::Pending),
        desired_status: task_status(t.desired_status(), TaskStatus::Running),
        health: health(t.health_status()),
        availability_zone: opt(t.availability_zone())
            .or_else(|| {
                t.attributes()
                    .iter()
                    .filter(|a| a.name() == "ecs.availability-zone")
                    .find_map(|a| opt(a.value()))
            })
            .unwrap_or_default(),
        private_ip: task_private_ip(t),
        containers: t
            .containers()
            .iter()
            .map(|c| {
                let name = s(c.name());
                let d = container_def(&name);
                Container {
                    image: opt(c.image())
                        .or_else(|| d.map(|d| d.image.clone()))
                        .unwrap_or_default(),
                    image_digest: opt(c.image_digest()),
                    last_status: s(c.last_status()),
                    health: health(c.health_status()),
                    essential: d.is_none_or(|d| d.essential),
                    exit_code: c.exit_code(),
                    reason: opt(c.reason()),
                    log: d.and_then(|d| d.log.clone()),
                    runtime_id: opt(c.runtime_id()),
                    exec_agent: exec_agent_status(c),
                    name,
                }
            })
            .collect(),
        created_at: opt_time(t.created_at()),
        started_at: opt_time(t.started_at()),
        stopping_at: opt_time(t.stopping_at()),
        stopped_at: opt_time(t.stopped_at()),
        stop_code: opt(t.stop_code().map(|c| c.as_str())),
        stopped_reason: opt(t.stopped_reason()),
        cpu: opt(t.cpu()),
        memory: opt(t.memory()),
        arn,
    }
}

/// The name of a load balancer from its ARN
/// (`arn:...:loadbalancer/app/NAME/ID` → `NAME`).
pub fn load_balancer_name(arn: &str) -> String {
    let tail = arn.split_once(":loadbalancer/").map_or(arn, |(_, t)| t);
    let parts: Vec<&str> = tail.split('/').collect();
    match parts.as_slice() {
        [_kind, name, _id] => (*name).to_string(),
        _ => tail.to_string(),
    }
}

/// The CloudWatch `LoadBalancer` dimension of an ALB ARN (`app/NAME/ID`).
pub fn load_balancer_dimension(arn: &str) -> Option<String> {
    arn.split_once(":loadbalancer/").map(|(_, t)| t.to_string())
}

/// The CloudWatch `TargetGroup` dimension of a target group ARN (`targetgroup/NAME/ID`).
pub fn target_group_dimension(arn: &str) -> Option<String> {
    arn.rsplit_once(':')
        .map(|(_, t)| t.to_string())
        .filter(|t| t.starts_with("targetgroup/"))
}

fn target_state(s: Option<&elb::TargetHealthStateEnum>) -> TargetState {
    match s {
        Some(elb::TargetHealthStateEnum::Healthy) => TargetState::Healthy,
        Some(elb::TargetHealthStateEnum::Unhealthy)
        | Some(elb::TargetHealthStateEnum::UnhealthyDraining) => TargetState::Unhealthy,
        Some(elb::TargetHealthStateEnum::Initial) => TargetState::Initial,
        Some(elb::TargetHealthStateEnum::Draining) => TargetState::Draining,
        Some(elb::TargetHealthStateEnum::Unavailable) => TargetState::Unavailable,
        _ => TargetState::Unused,
    }
}

/// One target and its health.
pub fn target(d: &elb::TargetHealthDescription) -> Target {
    let t = d.target();
    let h = d.target_health();
    Target {
        id: s(t.and_then(|t| t.id())),
        port: t
            .and_then(|t| t.port())
            .and_then(|p| u16::try_from(p).ok())
            .unwrap_or(0),
        availability_zone: opt(t.and_then(|t| t.availability_zone())),
        state: target_state(h.and_then(|h| h.state())),
        reason: opt(h.and_then(|h| h.reason()).map(|r| r.as_str())),
        description: opt(h.and_then(|h| h.description())),
    }
}

/// A target group with the health of its targets.
pub fn target_group(g: &elb::TargetGroup, health: &[elb::TargetHealthDescription]) -> TargetGroup {
    let protocol = g.protocol().map(|p| p.as_str().to_string());
    let protocol_port = match (protocol, g.port()) {
        (Some(p), Some(port)) => format!("{p}:{port}"),
        (Some(p), None) => p,
        (None, Some(port)) => port.to_string(),
        (None, None) => String::new(),
    };
    TargetGroup {
        arn: s(g.target_group_arn()),
        name: s(g.target_group_name()),
        protocol_port,
        health_check_path: s(g.health_check_path()),
        load_balancers: g
            .load_balancer_arns()
            .iter()
            .map(|a| load_balancer_name(a))
            .collect(),
        targets: health.iter().map(target).collect(),
    }
}

/// A CloudWatch metric alarm. A metric-math alarm (`Metrics[]`) has no
/// metric of its own: it takes the dimensions of every metric it combines,
/// and the first one's namespace and name.
pub fn alarm(a: &cw::MetricAlarm) -> Alarm {
    let stats: Vec<&cw::Metric> = a
        .metrics()
        .iter()
        .filter_map(|q| q.metric_stat().and_then(|m| m.metric()))
        .collect();
    let mut dimensions: Vec<(String, String)> = a
        .dimensions()
        .iter()
        .chain(stats.iter().flat_map(|m| m.dimensions()))
        .filter_map(|d| Some((opt(d.name())?, s(d.value()))))
        .collect();
    let mut seen = std::collections::HashSet::new();
    dimensions.retain(|d| seen.insert(d.clone()));
    let first = stats.first();
    Alarm {
        name: s(a.alarm_name()),
        arn: s(a.alarm_arn()),
        state: match a.state_value() {
            Some(cw::StateValue::Alarm) => AlarmState::Alarm,
            Some(cw::StateValue::Ok) => AlarmState::Ok,
            _ => AlarmState::InsufficientData,
        },
        reason: s(a.state_reason()),
        updated_at: opt_time(a.state_updated_timestamp()),
        namespace: opt(a.namespace())
            .or_else(|| first.and_then(|m| opt(m.namespace())))
            .unwrap_or_default(),
        metric: opt(a.metric_name())
            .or_else(|| first.and_then(|m| opt(m.metric_name())))
            .unwrap_or_default(),
        dimensions,
    }
}

/// A metric result's points, oldest first; a point whose time is out of
/// range is dropped rather than drawn at the epoch.
pub fn metric_points(r: &cw::MetricDataResult) -> Vec<(Time, f64)> {
    let mut pts: Vec<(Time, f64)> = r
        .timestamps()
        .iter()
        .zip(r.values())
        .filter_map(|(t, v)| Some((time(t)?, *v)))
        .collect();
    pts.sort_by_key(|p| p.0);
    pts
}

/// A FilterLogEvents event.
pub fn filtered_event(e: &logs::FilteredLogEvent) -> LogLine {
    let ts = e.timestamp().or(e.ingestion_time()).unwrap_or_default();
    let stream = s(e.log_stream_name());
    LogLine {
        event_id: opt(e.event_id())
            .unwrap_or_else(|| synthetic_event_id(ts, &stream, e.message().unwrap_or_default())),
        timestamp: log_time(e.timestamp(), e.ingestion_time()),
        stream,
        message: s(e.message()),
    }
}

/// A live tail event. Live tail carries no event id; one is derived from
/// time, stream and message so that consumers can still deduplicate.
pub fn live_tail_event(e: &logs::LiveTailSessionLogEvent) -> LogLine {
    let ts = e.timestamp().or(e.ingestion_time()).unwrap_or_default();
    let stream = s(e.log_stream_name());
    let message = s(e.message());
    LogLine {
        event_id: synthetic_event_id(ts, &stream, &message),
        timestamp: log_time(e.timestamp(), e.ingestion_time()),
        stream,
        message,
    }
}

fn synthetic_event_id(ts: i64, stream: &str, message: &str) -> String {
    // FNV-1a: stable across runs and platforms.
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in stream.bytes().chain([0]).chain(message.bytes()) {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    format!("lt-{ts}-{h:016x}")
}

/// Groups task definitions by ARN for [`task`].
pub fn defs_by_arn(defs: &[std::sync::Arc<TaskDefinition>]) -> HashMap<&str, &TaskDefinition> {
    defs.iter().map(|d| (d.arn.as_str(), d.as_ref())).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use aws_smithy_types::DateTime;

    fn at(secs: i64) -> DateTime {
        DateTime::from_secs(secs)
    }

    #[test]
    fn service_with_a_failed_rollout_events_and_breaker() {
        let primary = ecs::Deployment::builder()
            .id("ecs-svc/2")
            .status("PRIMARY")
            .task_definition("arn:aws:ecs:us-east-1:1:task-definition/api:8")
            .desired_count(4)
            .running_count(1)
            .pending_count(2)
            .failed_tasks(3)
            .rollout_state(ecs::DeploymentRolloutState::Failed)
            .rollout_state_reason("ECS deployment circuit breaker: tasks failed to start.")
            .created_at(at(2_000))
            .updated_at(at(2_100))
            .build();
        let old = ecs::Deployment::builder()
            .id("ecs-svc/1")
            .status("ACTIVE")
            .task_definition("arn:aws:ecs:us-east-1:1:task-definition/api:7")
            .desired_count(4)
            .running_count(4)
            .rollout_state(ecs::DeploymentRolloutState::Completed)
            .created_at(at(1_000))
            .build();
        let svc = ecs::Service::builder()
            .service_name("api")
            .service_arn("arn:aws:ecs:us-east-1:1:service/web/api")
            .cluster_arn("arn:aws:ecs:us-east-1:1:cluster/web")
            .status("ACTIVE")
            .desired_count(4)
            .running_count(5)
            .pending_count(2)
            .task_definition("arn:aws:ecs:us-east-1:1:task-definition/api:8")
            .launch_type(ecs::LaunchType::Fargate)
            .deployments(old)
            .deployments(primary)
            .events(
                ecs::ServiceEvent::builder()
                    .id("e1")
                    .created_at(at(1_500))
                    .message("(service api) has reached a steady state.")
                    .build(),
            )
            .events(
                ecs::ServiceEvent::builder()
                    .id("e2")
                    .created_at(at(2_050))
                    .message("(service api) has started 2 tasks.")
                    .build(),
            )
            .deployment_configuration(
                ecs::DeploymentConfiguration::builder()
                    .minimum_healthy_percent(50)
                    .maximum_percent(150)
                    .deployment_circuit_breaker(
                        ecs::DeploymentCircuitBreaker::builder()
                            .enable(true)
                            .rollback(true)
                            .build(),
                    )
                    .build(),
            )
            .load_balancers(
                ecs::LoadBalancer::builder()
                    .target_group_arn(
                        "arn:aws:elasticloadbalancing:us-east-1:1:targetgroup/api/abc",
                    )
                    .container_name("app")
                    .container_port(8080)
                    .build(),
            )
            .created_at(at(10))
            .build();
        let m = service(&svc, "web");
        assert_eq!(m.cluster, "web");
        assert_eq!((m.desired, m.running, m.pending), (4, 5, 2));
        assert_eq!(m.launch_type, "FARGATE");
        assert_eq!(m.deployments[0].id, "ecs-svc/2");
        assert_eq!(m.deployments[0].rollout_state, RolloutState::Failed);
        assert_eq!(m.deployments[0].failed, 3);
        assert!(m.deployments[0].rollout_reason.contains("circuit breaker"));
        assert_eq!(m.deployments[1].status, DeploymentStatus::Active);
        assert_eq!(m.events[0].id, "e2", "newest first");
        assert_eq!(
            m.circuit_breaker,
            CircuitBreaker {
                enable: true,
                rollback: true
            }
        );
        assert_eq!((m.minimum_healthy_percent, m.maximum_percent), (50, 150));
        assert_eq!(m.load_balancers[0].container_port, 8080);
        assert_eq!(m.created_at.map(|t| t.timestamp()), Some(10));
    }

    #[test]
    fn deployment_without_rollout_state_is_derived() {
        let d = ecs::Deployment::builder()
            .status("PRIMARY")
            .desired_count(2)
            .running_count(1)
            .build();
        assert_eq!(deployment(&d).rollout_state, RolloutState::InProgress);
        let d = ecs::Deployment::builder()
            .status("PRIMARY")
            .desired_count(2)
            .running_count(2)
            .build();
        assert_eq!(deployment(&d).rollout_state, RolloutState::Completed);
    }

    fn def() -> TaskDefinition {
        let c = ecs::ContainerDefinition::builder()
            .name("app")
            .image("nginx:1")
            .essential(true)
            .memory(512)
            .port_mappings(ecs::PortMapping::builder().container_port(8080).build())
            .health_check(
                ecs::HealthCheck::builder()
                    .command("CMD-SHELL")
                    .command("curl -f localhost")
                    .build()
                    .unwrap(),
            )
            .log_configuration(
                ecs::LogConfiguration::builder()
                    .log_driver(ecs::LogDriver::Awslogs)
                    .options("awslogs-group", "/ecs/api")
                    .options("awslogs-stream-prefix", "ecs")
                    .options("awslogs-region", "us-east-1")
                    .build()
                    .unwrap(),
            )
            .build();
        let side = ecs::ContainerDefinition::builder()
            .name("sidecar")
            .image("envoy")
            .essential(false)
            .build();
        task_definition(
            &ecs::TaskDefinition::builder()
                .task_definition_arn("arn:aws:ecs:us-east-1:1:task-definition/api:8")
                .family("api")
                .revision(8)
                .container_definitions(c)
                .container_definitions(side)
                .build(),
        )
    }

    #[test]
    fn task_definition_keeps_awslogs_ports_and_health_check() {
        let d = def();
        assert_eq!(d.revision, 8);
        let app = &d.containers[0];
        assert_eq!(app.ports, vec![8080]);
        assert_eq!(app.memory, Some(512));
        assert_eq!(app.health_check.as_ref().unwrap().len(), 2);
        let log = app.log.as_ref().unwrap();
        assert_eq!(log.group, "/ecs/api");
        assert_eq!(log.stream_prefix, "ecs");
        assert_eq!(log.region.as_deref(), Some("us-east-1"));
        assert!(!d.containers[1].essential);
        assert_eq!(d.containers[1].log, None);
    }

    #[test]
    fn stopped_task_with_oom_stop_code_and_eni() {
        let t = ecs::Task::builder()
            .task_arn("arn:aws:ecs:us-east-1:1:task/web/0123abcd")
            .cluster_arn("arn:aws:ecs:us-east-1:1:cluster/web")
            .group("service:api")
            .task_definition_arn("arn:aws:ecs:us-east-1:1:task-definition/api:8")
            .last_status("STOPPED")
            .desired_status("STOPPED")
            .health_status(ecs::HealthStatus::Unhealthy)
            .availability_zone("us-east-1b")
            .stop_code(ecs::TaskStopCode::EssentialContainerExited)
            .stopped_reason("Essential container in task exited")
            .created_at(at(100))
            .started_at(at(110))
            .stopping_at(at(200))
            .stopped_at(at(210))
            .cpu("256")
            .memory("512")
            .attachments(
                ecs::Attachment::builder()
                    .r#type("ElasticNetworkInterface")
                    .details(
                        ecs::KeyValuePair::builder()
                            .name("privateIPv4Address")
                            .value("10.0.1.23")
                            .build(),
                    )
                    .build(),
            )
            .containers(
                ecs::Container::builder()
                    .name("app")
                    .image("nginx:1")
                    .image_digest("sha256:abc")
                    .last_status("STOPPED")
                    .health_status(ecs::HealthStatus::Unhealthy)
                    .exit_code(137)
                    .reason("OutOfMemoryError: Container killed due to memory usage")
                    .build(),
            )
            .containers(
                ecs::Container::builder()
                    .name("sidecar")
                    .image("envoy")
                    .last_status("STOPPED")
                    .exit_code(0)
                    .build(),
            )
            .build();
        let d = def();
        let m = task(&t, "web", Some(&d));
        assert_eq!(m.id, "0123abcd");
        assert_eq!(m.service_name(), Some("api"));
        assert_eq!(m.last_status, TaskStatus::Stopped);
        assert_eq!(m.health, HealthStatus::Unhealthy);
        assert_eq!(m.private_ip.as_deref(), Some("10.0.1.23"));
        assert_eq!(m.availability_zone, "us-east-1b");
        assert_eq!(m.stop_code.as_deref(), Some("EssentialContainerExited"));
        assert_eq!(m.stopped_at.unwrap().timestamp(), 210);
        let app = &m.containers[0];
        assert_eq!(app.image_digest.as_deref(), Some("sha256:abc"));
        assert_eq!(app.exit_code, Some(137));
        assert!(
            app.reason
                .as_deref()
                .unwrap()
                .starts_with("OutOfMemoryError")
        );
        assert_eq!(app.log.as_ref().unwrap().group, "/ecs/api");
        assert!(app.essential);
        assert!(!m.containers[1].essential);
        assert_eq!(m.cpu.as_deref(), Some("256"));
    }

    #[test]
    fn unhealthy_targets_keep_reason_and_description() {
        let tg = elb::TargetGroup::builder()
            .target_group_arn("arn:aws:elasticloadbalancing:us-east-1:1:targetgroup/api/abc")
            .target_group_name("api")
            .protocol(elb::ProtocolEnum::Http)
            .port(8080)
            .health_check_path("/health")
            .load_balancer_arns("arn:aws:elasticloadbalancing:us-east-1:1:loadbalancer/app/web/123")
            .build();
        let h = vec![
            elb::TargetHealthDescription::builder()
                .target(
                    elb::TargetDescription::builder()
                        .id("10.0.1.23")
                        .port(8080)
                        .availability_zone("us-east-1b")
                        .build(),
                )
                .target_health(
                    elb::TargetHealth::builder()
                        .state(elb::TargetHealthStateEnum::Unhealthy)
                        .reason(elb::TargetHealthReasonEnum::FailedHealthChecks)
                        .description("Health checks failed with these codes: [503]")
                        .build(),
                )
                .build(),
            elb::TargetHealthDescription::builder()
                .target(
                    elb::TargetDescription::builder()
                        .id("10.0.2.9")
                        .port(8080)
                        .build(),
                )
                .target_health(
                    elb::TargetHealth::builder()
                        .state(elb::TargetHealthStateEnum::Initial)
                        .reason(elb::TargetHealthReasonEnum::RegistrationInProgress)
                        .build(),
                )
                .build(),
            elb::TargetHealthDescription::builder()
                .target(
                    elb::TargetDescription::builder()
                        .id("10.0.3.3")
                        .port(8080)
                        .build(),
                )
                .target_health(
                    elb::TargetHealth::builder()
                        .state(elb::TargetHealthStateEnum::Draining)
                        .reason(elb::TargetHealthReasonEnum::DeregistrationInProgress)
                        .build(),
                )
                .build(),
        ];
        let m = target_group(&tg, &h);
        assert_eq!(m.protocol_port, "HTTP:8080");
        assert_eq!(m.load_balancers, vec!["web".to_string()]);
        assert_eq!(m.targets[0].state, TargetState::Unhealthy);
        assert_eq!(
            m.targets[0].reason.as_deref(),
            Some("Target.FailedHealthChecks")
        );
        assert!(m.targets[0].description.as_deref().unwrap().contains("503"));
        assert_eq!(m.targets[1].state, TargetState::Initial);
        assert_eq!(
            m.targets[1].reason.as_deref(),
            Some("Elb.RegistrationInProgress")
        );
        assert_eq!(m.targets[2].state, TargetState::Draining);
        assert_eq!(m.healthy(), 0);
    }

    #[test]
    fn dimensions_from_arns() {
        assert_eq!(
            load_balancer_dimension(
                "arn:aws:elasticloadbalancing:us-east-1:1:loadbalancer/app/web/123"
            )
            .as_deref(),
            Some("app/web/123")
        );
        assert_eq!(
            target_group_dimension("arn:aws:elasticloadbalancing:us-east-1:1:targetgroup/api/abc")
                .as_deref(),
            Some("targetgroup/api/abc")
        );
    }

    #[test]
    fn alarm_in_alarm_state() {
        let a = cw::MetricAlarm::builder()
            .alarm_name("api-5xx")
            .alarm_arn("arn:aws:cloudwatch:us-east-1:1:alarm:api-5xx")
            .state_value(cw::StateValue::Alarm)
            .state_reason("Threshold Crossed")
            .state_updated_timestamp(at(5))
            .namespace("AWS/ApplicationELB")
            .metric_name("HTTPCode_Target_5XX_Count")
            .dimensions(
                cw::Dimension::builder()
                    .name("TargetGroup")
                    .value("targetgroup/api/abc")
                    .build(),
            )
            .build();
        let m = alarm(&a);
        assert_eq!(m.state, AlarmState::Alarm);
        assert_eq!(m.dimensions[0].0, "TargetGroup");
        assert_eq!(m.updated_at.map(|t| t.timestamp()), Some(5));
    }

    #[test]
    fn metric_points_are_sorted_oldest_first() {
        let r = cw::MetricDataResult::builder()
            .id("q0")
            .timestamps(at(120))
            .timestamps(at(60))
            .values(2.0)
            .values(1.0)
            .build();
        let p = metric_points(&r);
        assert_eq!(p[0].1, 1.0);
        assert_eq!(p[1].0.timestamp(), 120);
    }

    #[test]
    fn metric_point_out_of_range_is_dropped_not_the_epoch() {
        let r = cw::MetricDataResult::builder()
            .timestamps(at(i64::MAX))
            .timestamps(at(60))
            .values(9.0)
            .values(1.0)
            .build();
        let p: Vec<(i64, f64)> = metric_points(&r)
            .into_iter()
            .map(|(t, v)| (t.timestamp(), v))
            .collect();
        assert_eq!(p, [(60, 1.0)]);
    }

    #[test]
    fn log_events_keep_or_derive_ids() {
        let e = logs::FilteredLogEvent::builder()
            .event_id("123")
            .timestamp(1_000)
            .log_stream_name("ecs/app/abc")
            .message("hello")
            .build();
        let l = filtered_event(&e);
        assert_eq!(l.event_id, "123");
        assert_eq!(l.timestamp.map(|t| t.timestamp_millis()), Some(1_000));
        let lt = logs::LiveTailSessionLogEvent::builder()
            .timestamp(1_000)
            .log_stream_name("s")
            .message("m")
            .build();
        let a = live_tail_event(&lt);
        assert_eq!(a.event_id, live_tail_event(&lt).event_id);
        assert!(a.event_id.starts_with("lt-1000-"));
    }

    /// A log event without a time takes CloudWatch's ingestion time, and
    /// without either it has none (not the epoch).
    #[test]
    fn log_events_without_a_time_use_ingestion_time_or_none() {
        let e = logs::FilteredLogEvent::builder()
            .event_id("1")
            .ingestion_time(2_000)
            .message("m")
            .build();
        assert_eq!(
            filtered_event(&e).timestamp.map(|t| t.timestamp_millis()),
            Some(2_000)
        );
        let e = logs::FilteredLogEvent::builder()
            .event_id("1")
            .message("m")
            .build();
        assert_eq!(filtered_event(&e).timestamp, None);
        let lt = logs::LiveTailSessionLogEvent::builder()
            .ingestion_time(3_000)
            .message("m")
            .build();
        assert_eq!(
            live_tail_event(&lt).timestamp.map(|t| t.timestamp_millis()),
            Some(3_000)
        );
        let lt = logs::LiveTailSessionLogEvent::builder()
            .message("m")
            .build();
        assert_eq!(live_tail_event(&lt).timestamp, None);
        let e = logs::FilteredLogEvent::builder()
            .timestamp(i64::MAX)
            .build();
        assert_eq!(filtered_event(&e).timestamp, None, "out of range is absent");
    }

    /// Some endpoints send `""` for fields that do not apply: absent, not a value.
    #[test]
    fn empty_strings_from_aws_are_absent() {
        let t = ecs::Task::builder()
            .task_arn("arn:aws:ecs:us-east-1:1:task/web/0123abcd")
            .cluster_arn("")
            .last_status("RUNNING")
            .desired_status("RUNNING")
            .availability_zone("")
            .attributes(
                ecs::Attribute::builder()
                    .name("ecs.availability-zone")
                    .value("us-east-1c")
                    .build()
                    .unwrap(),
            )
            .stop_code(ecs::TaskStopCode::from(""))
            .stopped_reason("")
            .cpu("")
            .memory("")
            .attachments(
                ecs::Attachment::builder()
                    .details(
                        ecs::KeyValuePair::builder()
                            .name("privateIPv4Address")
                            .value("")
                            .build(),
                    )
                    .build(),
            )
            .containers(
                ecs::Container::builder()
                    .name("app")
                    .image_digest("")
                    .reason("")
                    .network_interfaces(
                        ecs::NetworkInterface::builder()
                            .private_ipv4_address("10.0.1.9")
                            .build(),
                    )
                    .build(),
            )
            .build();
        let m = task(&t, "arn:aws:ecs:us-east-1:1:cluster/web", None);
        assert_eq!(m.stop_code, None, "a running task has no stop code");
        assert_eq!(m.stopped_reason, None);
        assert_eq!((m.cpu, m.memory), (None, None));
        assert_eq!(m.cluster, "web");
        assert_eq!(m.availability_zone, "us-east-1c");
        assert_eq!(m.private_ip.as_deref(), Some("10.0.1.9"));
        assert_eq!(m.containers[0].image_digest, None);
        assert_eq!(m.containers[0].reason, None);

        let svc = ecs::Service::builder()
            .service_name("api")
            .task_definition("")
            .launch_type(ecs::LaunchType::from(""))
            .capacity_provider_strategy(
                ecs::CapacityProviderStrategyItem::builder()
                    .capacity_provider("FARGATE_SPOT")
                    .build()
                    .unwrap(),
            )
            .deployments(
                ecs::Deployment::builder()
                    .status("PRIMARY")
                    .task_definition("arn:aws:ecs:us-east-1:1:task-definition/api:8")
                    .build(),
            )
            .load_balancers(ecs::LoadBalancer::builder().target_group_arn("").build())
            .build();
        let m = service(&svc, "web");
        assert_eq!(
            m.task_definition,
            "arn:aws:ecs:us-east-1:1:task-definition/api:8"
        );
        assert_eq!(m.launch_type, "FARGATE_SPOT");
        assert!(m.load_balancers.is_empty());

        let d = elb::TargetHealthDescription::builder()
            .target(
                elb::TargetDescription::builder()
                    .id("10.0.1.9")
                    .availability_zone("")
                    .build(),
            )
            .target_health(
                elb::TargetHealth::builder()
                    .state(elb::TargetHealthStateEnum::Healthy)
                    .reason(elb::TargetHealthReasonEnum::from(""))
                    .description("")
                    .build(),
            )
            .build();
        let m = target(&d);
        assert_eq!(
            (m.availability_zone, m.reason, m.description),
            (None, None, None)
        );

        let e = logs::FilteredLogEvent::builder()
            .event_id("")
            .timestamp(1_000)
            .log_stream_name("s")
            .message("m")
            .build();
        assert!(filtered_event(&e).event_id.starts_with("lt-"));
    }

    /// ECS may omit any of its timestamps (emulators do): absent stays
    /// absent, never the epoch. (These are wire timestamps, not strings, so
    /// there is no empty-string form.)
    #[test]
    fn deployment_without_times_has_none() {
        let d = deployment(&ecs::Deployment::builder().id("ecs-svc/1").build());
        assert_eq!((d.created_at, d.updated_at), (None, None));
        let d = deployment(&ecs::Deployment::builder().created_at(at(50)).build());
        assert_eq!(
            d.updated_at.map(|t| t.timestamp()),
            Some(50),
            "an unchanged deployment was last updated when it was created"
        );
    }

    #[test]
    fn service_and_event_without_times_have_none_and_sort_last() {
        let svc = ecs::Service::builder()
            .service_name("api")
            .deployments(ecs::Deployment::builder().id("undated").build())
            .deployments(
                ecs::Deployment::builder()
                    .id("dated")
                    .created_at(at(5))
                    .build(),
            )
            .events(ecs::ServiceEvent::builder().id("undated").build())
            .events(
                ecs::ServiceEvent::builder()
                    .id("dated")
                    .created_at(at(5))
                    .build(),
            )
            .build();
        let m = service(&svc, "web");
        assert_eq!(m.created_at, None);
        let deployments: Vec<_> = m
            .deployments
            .iter()
            .map(|d| (d.id.as_str(), d.created_at.is_some()))
            .collect();
        assert_eq!(deployments, [("dated", true), ("undated", false)]);
        let events: Vec<_> = m
            .events
            .iter()
            .map(|e| (e.id.as_str(), e.created_at.is_some()))
            .collect();
        assert_eq!(events, [("dated", true), ("undated", false)]);
    }

    #[test]
    fn task_without_times_has_none() {
        let t = ecs::Task::builder()
            .task_arn("arn:aws:ecs:us-east-1:1:task/web/0123abcd")
            .last_status("RUNNING")
            .build();
        let m = task(&t, "web", None);
        assert_eq!(
            (m.created_at, m.started_at, m.stopping_at, m.stopped_at),
            (None, None, None, None)
        );
        let t = ecs::Task::builder().created_at(at(i64::MAX)).build();
        assert_eq!(task(&t, "web", None).created_at, None, "out of range");
    }

    #[test]
    fn alarm_without_a_timestamp_has_no_time() {
        let a = cw::MetricAlarm::builder()
            .alarm_name("api-5xx")
            .state_value(cw::StateValue::Alarm)
            .build();
        assert_eq!(alarm(&a).updated_at, None);
    }

    #[test]
    fn metric_math_alarm_takes_the_dimensions_of_its_metrics() {
        let metric = |name: &str| {
            cw::MetricDataQuery::builder()
                .id(name.to_lowercase())
                .metric_stat(
                    cw::MetricStat::builder()
                        .metric(
                            cw::Metric::builder()
                                .namespace("AWS/ApplicationELB")
                                .metric_name(name)
                                .dimensions(
                                    cw::Dimension::builder()
                                        .name("TargetGroup")
                                        .value("targetgroup/api/abc")
                                        .build(),
                                )
                                .dimensions(
                                    cw::Dimension::builder()
                                        .name("LoadBalancer")
                                        .value("app/web/123")
                                        .build(),
                                )
                                .build(),
                        )
                        .build(),
                )
                .build()
        };
        let a = cw::MetricAlarm::builder()
            .alarm_name("api-error-rate")
            .metrics(metric("HTTPCode_Target_5XX_Count"))
            .metrics(metric("RequestCount"))
            .metrics(
                cw::MetricDataQuery::builder()
                    .id("rate")
                    .expression("m1 / m2 * 100")
                    .build(),
            )
            .build();
        let m = alarm(&a);
        assert_eq!(
            m.dimensions,
            vec![
                ("TargetGroup".to_string(), "targetgroup/api/abc".to_string()),
                ("LoadBalancer".to_string(), "app/web/123".to_string()),
            ]
        );
        assert_eq!(m.namespace, "AWS/ApplicationELB");
        assert_eq!(m.metric, "HTTPCode_Target_5XX_Count");
    }
}
