//! The project's own domain types.
//!
//! Views and state speak only these types. The `aws` source maps SDK types into
//! them in one place; the simulator produces them directly.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

mod alarm_rule;
mod scaling;
pub(crate) mod session;

pub use alarm_rule::{Comparison, Statistic};

pub use scaling::{
    PolicyKind, ScalableTarget, ScalingActivity, ScalingPolicy, ScalingStep, ServiceScaling,
    SuspendedState, scaling_resource_id,
};

mod service_deployment;

pub(crate) use service_deployment::sort_newest_first;
pub use service_deployment::{
    AlarmsRun, CanaryConfig, CircuitBreakerRun, DeploymentStrategy, HookRun, HookStatus,
    LifecycleHook, LifecycleStage, LinearConfig, MonitorStatus, RevisionImage,
    RevisionLoadBalancer, RevisionRef, RollbackInfo, ServiceDeployment, ServiceDeploymentStatus,
    ServiceRevision, StopType, StrategyKind,
};

/// A point in time as every part of ecsdeck sees it.
pub type Time = DateTime<Utc>;

/// An ECS cluster.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Cluster {
    /// Cluster name.
    pub name: String,
    /// Cluster ARN.
    pub(crate) arn: String,
    /// `ACTIVE`, `INACTIVE`, ...
    pub status: String,
    /// Number of services that are `ACTIVE` in the cluster.
    pub(crate) active_services: u32,
    /// Number of tasks in the `RUNNING` state.
    pub(crate) running_tasks: u32,
    /// Number of tasks in the `PENDING` state.
    pub(crate) pending_tasks: u32,
}

/// The rollout state of a deployment, as ECS reports it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum RolloutState {
    /// The deployment has finished and the service is steady.
    Completed,
    /// Tasks are still being replaced.
    InProgress,
    /// The deployment failed (for example the circuit breaker tripped).
    Failed,
}

impl RolloutState {
    /// The ECS spelling (`COMPLETED`, `IN_PROGRESS`, `FAILED`).
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            RolloutState::Completed => "COMPLETED",
            RolloutState::InProgress => "IN_PROGRESS",
            RolloutState::Failed => "FAILED",
        }
    }
}

/// The role of a deployment within its service.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub(crate) enum DeploymentStatus {
    /// The most recent deployment: the one the service is converging to.
    Primary,
    /// An older deployment whose tasks are still being replaced.
    Active,
    /// A deployment that is being drained.
    Inactive,
}

impl DeploymentStatus {
    /// The ECS spelling (`PRIMARY`, `ACTIVE`, `INACTIVE`).
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            DeploymentStatus::Primary => "PRIMARY",
            DeploymentStatus::Active => "ACTIVE",
            DeploymentStatus::Inactive => "INACTIVE",
        }
    }
}

/// One deployment of a service.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Deployment {
    /// Deployment id (`ecs-svc/...`).
    pub id: String,
    /// PRIMARY, ACTIVE or INACTIVE.
    pub(crate) status: DeploymentStatus,
    /// Task definition ARN of this deployment.
    pub task_definition: String,
    /// Tasks wanted by this deployment.
    pub desired: u32,
    /// Tasks of this deployment in PENDING.
    pub(crate) pending: u32,
    /// Tasks of this deployment in RUNNING.
    pub(crate) running: u32,
    /// Tasks of this deployment that failed to launch or stay healthy.
    pub(crate) failed: u32,
    /// Rollout state.
    pub rollout_state: RolloutState,
    /// Why the rollout is in its state, as ECS words it.
    pub(crate) rollout_reason: String,
    /// When the deployment was created; `None` when the source does not say.
    pub(crate) created_at: Option<Time>,
    /// When the deployment last changed; `None` when the source does not say.
    pub(crate) updated_at: Option<Time>,
}

/// The deployment circuit breaker settings of a service.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct CircuitBreaker {
    /// Whether the circuit breaker is on.
    pub(crate) enable: bool,
    /// Whether a failed deployment is rolled back to the last COMPLETED one.
    pub(crate) rollback: bool,
}

/// A load balancer attachment of a service.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LoadBalancerRef {
    /// Target group ARN.
    pub target_group_arn: String,
    /// Container that receives traffic.
    pub container_name: String,
    /// Port on that container.
    pub container_port: u16,
}

/// One entry of a service's event list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ServiceEvent {
    /// Event id.
    pub(crate) id: String,
    /// When ECS recorded it; `None` when the source does not say.
    pub(crate) created_at: Option<Time>,
    /// ECS's message, e.g. `(service api) has reached a steady state.`
    pub message: String,
}

/// An ECS service.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Service {
    /// Service name.
    pub name: String,
    /// Service ARN.
    pub arn: String,
    /// Name of the cluster it runs in.
    pub cluster: String,
    /// `ACTIVE`, `DRAINING` or `INACTIVE`.
    pub status: String,
    /// Desired task count.
    pub desired: u32,
    /// Running task count.
    pub running: u32,
    /// Pending task count.
    pub pending: u32,
    /// The task definition the service is converging to (ARN).
    pub task_definition: String,
    /// Launch type (`FARGATE`, `EC2`, ...).
    pub launch_type: String,
    /// Deployments, PRIMARY first.
    pub deployments: Vec<Deployment>,
    /// Events, newest first.
    pub events: Vec<ServiceEvent>,
    /// Circuit breaker settings.
    pub circuit_breaker: CircuitBreaker,
    /// Rolling update lower bound, percent of desired.
    pub minimum_healthy_percent: u32,
    /// Rolling update upper bound, percent of desired.
    pub maximum_percent: u32,
    /// Load balancer attachments.
    pub load_balancers: Vec<LoadBalancerRef>,
    /// When the service was created; `None` when the source does not say.
    pub created_at: Option<Time>,
    /// Whether ECS Exec is enabled for the service's tasks.
    #[serde(default)]
    pub enable_execute_command: bool,
    /// The ARN of the service's current service deployment
    /// (DescribeServices `currentServiceDeployment`); `None` when the source
    /// does not say (older APIs, emulators).
    #[serde(default)]
    pub current_service_deployment: Option<String>,
}

impl Service {
    /// The PRIMARY deployment, if any.
    pub fn primary_deployment(&self) -> Option<&Deployment> {
        self.deployments
            .iter()
            .find(|d| d.status == DeploymentStatus::Primary)
    }
}

/// Health status of a container or a task, as ECS reports it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum HealthStatus {
    /// Health not known yet, or no health check defined.
    #[default]
    Unknown,
    /// Passing its health check.
    Healthy,
    /// Failing its health check.
    Unhealthy,
}

/// The awslogs configuration of a container.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LogConfig {
    /// `awslogs-group`.
    pub group: String,
    /// `awslogs-stream-prefix`.
    pub stream_prefix: String,
    /// `awslogs-region`, when set.
    pub region: Option<String>,
}

impl LogConfig {
    /// The log stream of `container` in task `task_id`: `prefix/container/task-id`.
    pub(crate) fn stream_for(&self, container: &str, task_id: &str) -> String {
        format!("{}/{}/{}", self.stream_prefix, container, task_id)
    }
}

/// A container within a task.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Container {
    /// Container name.
    pub name: String,
    /// Image reference, e.g. `123.dkr.ecr.../api:1.4.2`.
    pub image: String,
    /// Image digest (`sha256:...`), when known.
    pub image_digest: Option<String>,
    /// Last known status (`PENDING`, `RUNNING`, `STOPPED`).
    pub last_status: String,
    /// Container health check status.
    pub health: HealthStatus,
    /// Whether the task stops when this container stops.
    pub essential: bool,
    /// Exit code, once stopped.
    pub exit_code: Option<i32>,
    /// Why the container stopped (e.g. `OutOfMemoryError: Container killed due to memory usage`).
    pub reason: Option<String>,
    /// awslogs configuration, if the container logs to CloudWatch.
    pub log: Option<LogConfig>,
    /// The container runtime id (Docker id), which names the ECS Exec and
    /// port-forwarding target; `None` until the container has started.
    #[serde(default)]
    pub runtime_id: Option<String>,
    /// Last status of the `ExecuteCommandAgent` managed agent (`RUNNING`,
    /// `PENDING`, `STOPPED`); `None` when the task runs without ECS Exec.
    #[serde(default)]
    pub exec_agent: Option<String>,
}

/// The lifecycle states of an ECS task, in order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum TaskStatus {
    /// Fargate is provisioning capacity and the ENI.
    Provisioning,
    /// Waiting for the containers to start.
    Pending,
    /// Registering with load balancers and service discovery.
    Activating,
    /// Running.
    Running,
    /// Deregistering from load balancers.
    Deactivating,
    /// Containers are being stopped.
    Stopping,
    /// Releasing the ENI.
    Deprovisioning,
    /// Stopped.
    Stopped,
}

impl TaskStatus {
    /// Every status in lifecycle order.
    pub(crate) const ALL: [TaskStatus; 8] = [
        TaskStatus::Provisioning,
        TaskStatus::Pending,
        TaskStatus::Activating,
        TaskStatus::Running,
        TaskStatus::Deactivating,
        TaskStatus::Stopping,
        TaskStatus::Deprovisioning,
        TaskStatus::Stopped,
    ];

    /// The ECS spelling (`RUNNING`, ...).
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            TaskStatus::Provisioning => "PROVISIONING",
            TaskStatus::Pending => "PENDING",
            TaskStatus::Activating => "ACTIVATING",
            TaskStatus::Running => "RUNNING",
            TaskStatus::Deactivating => "DEACTIVATING",
            TaskStatus::Stopping => "STOPPING",
            TaskStatus::Deprovisioning => "DEPROVISIONING",
            TaskStatus::Stopped => "STOPPED",
        }
    }

    /// Parses the ECS spelling; unknown values map to `None`.
    pub(crate) fn parse(s: &str) -> Option<TaskStatus> {
        TaskStatus::ALL.into_iter().find(|t| t.as_str() == s)
    }

    /// Whether the task is on its way down (or down).
    pub fn is_stopping_or_stopped(self) -> bool {
        self >= TaskStatus::Deactivating
    }
}

/// An ECS task.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Task {
    /// Task ARN.
    pub arn: String,
    /// The last segment of the ARN.
    pub id: String,
    /// Cluster name.
    pub cluster: String,
    /// `service:NAME` for service tasks.
    pub group: String,
    /// Task definition ARN.
    pub task_definition: String,
    /// Last known status.
    pub last_status: TaskStatus,
    /// Desired status (`RUNNING` or `STOPPED`).
    pub desired_status: TaskStatus,
    /// Task health (from the essential containers' health checks).
    pub health: HealthStatus,
    /// Availability zone.
    pub availability_zone: String,
    /// Private IPv4 address of the task ENI.
    pub private_ip: Option<String>,
    /// Containers.
    pub containers: Vec<Container>,
    /// When the task was created; `None` when the source does not say.
    pub created_at: Option<Time>,
    /// When the task started running.
    pub started_at: Option<Time>,
    /// When the task began stopping.
    pub stopping_at: Option<Time>,
    /// When the task stopped.
    pub stopped_at: Option<Time>,
    /// ECS stop code, e.g. `TaskFailedToStart`, `EssentialContainerExited`, `UserInitiated`.
    pub stop_code: Option<String>,
    /// ECS stopped reason, e.g. `Task failed container health checks`.
    pub stopped_reason: Option<String>,
    /// CPU units of the task.
    pub cpu: Option<String>,
    /// Memory (MiB) of the task.
    pub memory: Option<String>,
}

impl Task {
    /// The service name, for tasks whose group is `service:NAME`.
    pub fn service_name(&self) -> Option<&str> {
        self.group.strip_prefix("service:")
    }
}

/// Extracts the last path segment of an ARN (`.../abc` → `abc`).
pub(crate) fn arn_tail(arn: &str) -> &str {
    arn.rsplit('/').next().unwrap_or(arn)
}

/// `family:revision` of a task definition ARN (or of a `family:revision` string).
pub(crate) fn task_def_short(arn: &str) -> &str {
    arn_tail(arn)
}

/// The revision number of a task definition ARN, if it has one.
pub(crate) fn task_def_revision(arn: &str) -> Option<u32> {
    task_def_short(arn).rsplit(':').next()?.parse().ok()
}

/// The family of a task definition ARN.
pub(crate) fn task_def_family(arn: &str) -> &str {
    let short = task_def_short(arn);
    short.rsplit_once(':').map_or(short, |(f, _)| f)
}

/// ALB target health states.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum TargetState {
    /// Registration or the first health checks are in progress.
    Initial,
    /// Passing health checks.
    Healthy,
    /// Failing health checks.
    Unhealthy,
    /// Not registered.
    Unused,
    /// Being deregistered (connection draining).
    Draining,
    /// Health checks are disabled.
    Unavailable,
}

impl TargetState {
    /// The ELBv2 spelling (`healthy`, ...).
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            TargetState::Initial => "initial",
            TargetState::Healthy => "healthy",
            TargetState::Unhealthy => "unhealthy",
            TargetState::Unused => "unused",
            TargetState::Draining => "draining",
            TargetState::Unavailable => "unavailable",
        }
    }
}

/// One registered target and its health.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Target {
    /// Target id (an IP address for awsvpc tasks).
    pub id: String,
    /// Port.
    pub port: u16,
    /// Availability zone, when reported.
    pub(crate) availability_zone: Option<String>,
    /// Health state.
    pub state: TargetState,
    /// Reason code, e.g. `Elb.RegistrationInProgress`, `Target.FailedHealthChecks`.
    pub(crate) reason: Option<String>,
    /// Human description of the reason.
    pub(crate) description: Option<String>,
}

/// An ALB target group with the health of its targets.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TargetGroup {
    /// Target group ARN.
    pub(crate) arn: String,
    /// Target group name.
    pub name: String,
    /// Protocol and port, e.g. `HTTP:8080`.
    pub protocol_port: String,
    /// Health check path.
    pub health_check_path: String,
    /// Load balancer names this group is attached to.
    pub load_balancers: Vec<String>,
    /// Targets with their health.
    pub targets: Vec<Target>,
}

impl TargetGroup {
    /// Number of `healthy` targets.
    pub(crate) fn healthy(&self) -> usize {
        self.targets
            .iter()
            .filter(|t| t.state == TargetState::Healthy)
            .count()
    }
}

/// CloudWatch alarm states.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum AlarmState {
    /// Within threshold.
    Ok,
    /// Breaching.
    Alarm,
    /// Not enough data (the state of a new alarm).
    #[default]
    InsufficientData,
}

impl AlarmState {
    /// The CloudWatch spelling.
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            AlarmState::Ok => "OK",
            AlarmState::Alarm => "ALARM",
            AlarmState::InsufficientData => "INSUFFICIENT_DATA",
        }
    }
}

/// A CloudWatch metric alarm.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Alarm {
    /// Alarm name.
    pub name: String,
    /// Alarm ARN.
    pub arn: String,
    /// Current state.
    pub state: AlarmState,
    /// Why it is in that state.
    pub reason: String,
    /// When the state last changed; `None` when the source does not say.
    pub updated_at: Option<Time>,
    /// Metric namespace.
    pub namespace: String,
    /// Metric name.
    pub metric: String,
    /// Dimensions, name → value: of the alarm's metric, or of every metric a
    /// metric-math alarm combines. Empty when the alarm names none.
    pub dimensions: Vec<(String, String)>,
    /// The fixed threshold; `None` for an anomaly-band alarm or when the
    /// source does not say. See [`Alarm::threshold_on_chart`].
    #[serde(default)]
    pub threshold: Option<f64>,
    /// How the statistic is compared with the threshold; `None` when unknown.
    #[serde(default)]
    pub comparison: Option<Comparison>,
    /// The statistic of the one metric watched; `None` for a metric-math
    /// alarm (no single metric) or when unknown.
    #[serde(default)]
    pub statistic: Option<Statistic>,
    /// Seconds each evaluated statistic covers; `None` when unknown.
    #[serde(default)]
    pub period_secs: Option<u32>,
}

impl Alarm {
    /// Whether this alarm watches the service, by its most specific
    /// dimension: an ECS `ServiceName` (in the service's cluster when
    /// `ClusterName` is given too), else one of the service's target groups
    /// (`TargetGroup`), else a load balancer in front of them
    /// (`LoadBalancer`). `groups` may hold any target groups; only the
    /// service's own are looked at. Metric-math alarms carry the dimensions of
    /// every metric they combine (see [`Alarm::dimensions`]).
    pub fn matches_service<'a>(
        &self,
        service: &Service,
        groups: impl IntoIterator<Item = &'a TargetGroup>,
    ) -> bool {
        let dim = |name: &'static str| {
            self.dimensions
                .iter()
                .filter(move |(k, _)| k == name)
                .map(|(_, v)| v.as_str())
        };
        // The most specific dimension decides: an ALB metric names its load
        // balancer too, which other services may share.
        if dim("ServiceName").next().is_some() {
            let in_cluster = dim("ClusterName").all(|c| c == service.cluster);
            return in_cluster && dim("ServiceName").any(|v| v == service.name);
        }
        if dim("TargetGroup").next().is_some() {
            return dim("TargetGroup").any(|v| {
                service
                    .load_balancers
                    .iter()
                    .any(|lb| lb.target_group_arn.ends_with(&format!(":{v}")))
            });
        }
        let own = |arn: &str| {
            service
                .load_balancers
                .iter()
                .any(|lb| lb.target_group_arn == arn)
        };
        let balancers: Vec<&str> = dim("LoadBalancer")
            .filter_map(|v| v.split('/').nth(1))
            .collect();
        !balancers.is_empty()
            && groups
                .into_iter()
                .filter(|g| own(&g.arn))
                .flat_map(|g| &g.load_balancers)
                .any(|name| balancers.contains(&name.as_str()))
    }
}

/// The metrics ecsdeck charts for each service.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum MetricKind {
    /// ECS CPUUtilization, percent.
    Cpu,
    /// ECS MemoryUtilization, percent.
    Memory,
    /// ALB RequestCount per minute.
    Requests,
    /// ALB HTTPCode_Target_5XX_Count per minute.
    Errors5xx,
    /// ALB TargetResponseTime, seconds.
    ResponseTime,
}

impl MetricKind {
    /// The kind a CloudWatch metric name is charted as, if any.
    pub(crate) fn of_metric(metric: &str) -> Option<MetricKind> {
        Some(match metric {
            "CPUUtilization" => MetricKind::Cpu,
            "MemoryUtilization" => MetricKind::Memory,
            "RequestCount" => MetricKind::Requests,
            "HTTPCode_Target_5XX_Count" => MetricKind::Errors5xx,
            "TargetResponseTime" => MetricKind::ResponseTime,
            _ => return None,
        })
    }

    /// Every kind, in display order.
    pub(crate) const ALL: [MetricKind; 5] = [
        MetricKind::Cpu,
        MetricKind::Memory,
        MetricKind::Requests,
        MetricKind::Errors5xx,
        MetricKind::ResponseTime,
    ];

    /// A short label for the UI.
    pub(crate) fn label(self) -> &'static str {
        match self {
            MetricKind::Cpu => "CPU %",
            MetricKind::Memory => "Memory %",
            MetricKind::Requests => "Requests/min",
            MetricKind::Errors5xx => "5xx/min",
            MetricKind::ResponseTime => "Response time ms",
        }
    }
}

/// A metric time series: points oldest first.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MetricSeries {
    /// Service the series belongs to.
    pub service: String,
    /// What is measured.
    pub kind: MetricKind,
    /// `(time, value)` oldest first.
    pub points: Vec<(Time, f64)>,
}

impl MetricSeries {
    /// The newest value, if any.
    pub fn latest(&self) -> Option<f64> {
        self.points.last().map(|(_, v)| *v)
    }
}

/// One revision of a task definition, with what a diff needs.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TaskDefinition {
    /// ARN.
    pub(crate) arn: String,
    /// Family.
    pub(crate) family: String,
    /// Revision number.
    pub revision: u32,
    /// Task CPU units.
    pub(crate) cpu: Option<String>,
    /// Task memory (MiB).
    pub(crate) memory: Option<String>,
    /// Container definitions.
    pub containers: Vec<ContainerDefinition>,
    /// When it was registered.
    pub(crate) registered_at: Option<Time>,
}

/// A container definition within a task definition.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ContainerDefinition {
    /// Name.
    pub(crate) name: String,
    /// Image.
    pub image: String,
    /// Whether it is essential.
    pub(crate) essential: bool,
    /// Command.
    pub(crate) command: Vec<String>,
    /// Environment variables (name, value). Values are masked on screen by default.
    pub(crate) environment: Vec<(String, String)>,
    /// Secrets (name, valueFrom ARN).
    pub(crate) secrets: Vec<(String, String)>,
    /// Container ports.
    pub ports: Vec<u16>,
    /// Health check command, if any.
    pub(crate) health_check: Option<Vec<String>>,
    /// Container-level CPU units.
    pub(crate) cpu: Option<i32>,
    /// Container-level hard memory limit (MiB).
    pub(crate) memory: Option<i32>,
    /// awslogs configuration.
    pub(crate) log: Option<LogConfig>,
}

/// One log event.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LogLine {
    /// CloudWatch event id (unique per group), used to deduplicate.
    pub event_id: String,
    /// Event time (CloudWatch's ingestion time when the event has none);
    /// `None` when the source gives neither.
    pub timestamp: Option<Time>,
    /// Log stream name.
    pub stream: String,
    /// Raw message: untrusted, sanitised before display.
    pub message: String,
}

/// Where logs are read from: a group and, optionally, specific streams.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LogTarget {
    /// Log group.
    pub group: String,
    /// Streams (empty for the whole group).
    pub streams: Vec<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn alarm_on(dims: &[(&str, &str)]) -> Alarm {
        Alarm {
            name: "a".into(),
            arn: String::new(),
            state: AlarmState::Alarm,
            reason: String::new(),
            updated_at: None,
            namespace: String::new(),
            metric: String::new(),
            dimensions: dims
                .iter()
                .map(|(k, v)| ((*k).to_string(), (*v).to_string()))
                .collect(),
            ..Alarm::default()
        }
    }

    #[test]
    fn alarms_map_to_a_service_by_name_target_group_or_load_balancer() {
        use crate::fixtures::service;
        let svc = service("web-api", 2, 2, RolloutState::Completed, 42, true);
        let other = service("worker", 2, 2, RolloutState::Completed, 5, true);
        let group = |svc: &Service, lb: &str| TargetGroup {
            arn: svc.load_balancers[0].target_group_arn.clone(),
            name: format!("{}-tg", svc.name),
            protocol_port: "HTTP:8080".into(),
            health_check_path: "/".into(),
            load_balancers: vec![lb.into()],
            targets: vec![],
        };
        let groups = [group(&svc, "public"), group(&other, "internal")];
        let matches =
            |dims: &[(&str, &str)], s: &Service| alarm_on(dims).matches_service(s, &groups);
        assert!(matches(
            &[("ClusterName", "prod"), ("ServiceName", "web-api")],
            &svc
        ));
        assert!(!matches(
            &[("ClusterName", "staging"), ("ServiceName", "web-api")],
            &svc
        ));
        assert!(matches(&[("ServiceName", "web-api")], &svc));
        let tg = [("TargetGroup", "targetgroup/web-api-tg/0123456789abcdef")];
        assert!(matches(&tg, &svc));
        assert!(!matches(&tg, &other));
        assert!(!matches(
            &[("TargetGroup", "targetgroup/api-tg/0123456789abcdef")],
            &svc
        ));
        let shared = [
            ("TargetGroup", "targetgroup/worker-tg/0123456789abcdef"),
            ("LoadBalancer", "app/public/50dc6c495c0c9188"),
        ];
        assert!(
            !matches(&shared, &svc),
            "another service's target group on a shared ALB"
        );
        let lb = [("LoadBalancer", "app/public/50dc6c495c0c9188")];
        assert!(matches(&lb, &svc));
        assert!(!matches(&lb, &other));
        assert!(!matches(&[], &svc), "no dimensions: no service");
    }

    #[test]
    fn task_definition_arn_parts() {
        let arn = "arn:aws:ecs:us-east-1:123456789012:task-definition/api:42";
        assert_eq!(task_def_short(arn), "api:42");
        assert_eq!(task_def_family(arn), "api");
        assert_eq!(task_def_revision(arn), Some(42));
        assert_eq!(task_def_revision("no-revision"), None);
    }

    #[test]
    fn task_status_order_is_the_lifecycle() {
        assert!(TaskStatus::Running < TaskStatus::Stopped);
        assert!(TaskStatus::Deactivating.is_stopping_or_stopped());
        assert!(!TaskStatus::Running.is_stopping_or_stopped());
        for s in TaskStatus::ALL {
            assert_eq!(TaskStatus::parse(s.as_str()), Some(s));
        }
    }

    #[test]
    fn log_stream_name_follows_awslogs() {
        let c = LogConfig {
            group: "/ecs/api".into(),
            stream_prefix: "ecs".into(),
            region: None,
        };
        assert_eq!(c.stream_for("app", "abc123"), "ecs/app/abc123");
    }
}
