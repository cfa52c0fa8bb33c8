//! The data-source seam: every read and write of ECS, ELBv2, CloudWatch and
//! CloudWatch Logs goes through [`Source`] and [`Ops`].
//!
//! Two implementations exist: [`sim`] (the built-in simulated ECS, the demo and
//! the test bed) and `aws` (the real SDK). Both speak only [`crate::model`] types.

pub mod aws;
pub(crate) mod budgeted;
pub(crate) mod calls;
pub(crate) mod error;
pub mod sim;

use async_trait::async_trait;

pub use calls::CallCounter;
pub use error::{ErrorKind, SourceError};

use crate::model::session::{ExecRequest, PortForwardRequest, SessionGrant};

use crate::model::{
    Alarm, Cluster, LogLine, LogTarget, MetricSeries, ScalableTarget, Service, ServiceDeployment,
    ServiceRevision, ServiceScaling, StopType, Target, TargetGroup, Task, TaskDefinition, Time,
};

/// Result of a source call.
pub type SourceResult<T> = Result<T, SourceError>;

/// Default number of calls in flight for one fetch (the AWS source's fan-out,
/// and the simulator's, which counts calls the same way). A ListServices page
/// of 100 names makes 10 DescribeServices batches: 10 in flight keep pace
/// with the listing, so a cluster's table is whole one round trip after its
/// last page.
pub(crate) const DEFAULT_FANOUT: usize = 10;

/// Where [`Source::services_by_page`] hands each batch of described services.
pub type PageSink<'a> = dyn Fn(Vec<Service>) + Send + Sync + 'a;

/// Which tasks to list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TaskScope {
    /// Every task of the cluster.
    Cluster,
    /// The tasks of one service.
    Service(String),
}

/// A page of log events.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct LogPage {
    /// Events, oldest first.
    pub lines: Vec<LogLine>,
    /// Token for the next page, if the server has more.
    pub next_token: Option<String>,
    /// Whether the server said it sampled or truncated events.
    pub sampled: bool,
}

/// A log query: events of `target` between `start` and `end` matching `filter`.
#[derive(Debug, Clone, PartialEq)]
pub struct LogQuery {
    /// Group and streams.
    pub target: LogTarget,
    /// Inclusive start.
    pub start: Time,
    /// Exclusive end, or now.
    pub end: Option<Time>,
    /// CloudWatch filter pattern (empty for all).
    pub filter_pattern: String,
    /// Continuation token from a previous page.
    pub next_token: Option<String>,
}

/// A short description of where data comes from, for the header.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceInfo {
    /// `demo`, or `aws`.
    pub kind: &'static str,
    /// `demo (seed 7, x4)` or `profile / region`.
    pub label: String,
}

/// Reads. Every method is one logical fetch for one resource kind.
#[async_trait]
pub trait Source: Send + Sync {
    /// Where data comes from.
    fn info(&self) -> SourceInfo;

    /// API calls made so far, per operation.
    fn calls(&self) -> &CallCounter;

    /// The current time on this source's clock (virtual for the simulator).
    fn now(&self) -> Time;

    /// All clusters.
    async fn clusters(&self) -> SourceResult<Vec<Cluster>>;

    /// All services of a cluster, with deployments and events.
    async fn services(&self, cluster: &str) -> SourceResult<Vec<Service>>;

    /// As [`Source::services`], handing each described batch to `page` as soon
    /// as it arrives, so a table can show its first rows before the last
    /// ListServices page. The answer is still the whole, sorted list.
    async fn services_by_page(
        &self,
        cluster: &str,
        page: &PageSink<'_>,
    ) -> SourceResult<Vec<Service>> {
        let _ = page;
        self.services(cluster).await
    }

    /// The names of the services of a cluster (ListServices pages only), sorted.
    /// The fallback lists and describes everything; the real sources do better.
    async fn service_names(&self, cluster: &str) -> SourceResult<Vec<String>> {
        let mut names: Vec<String> = self
            .services(cluster)
            .await?
            .into_iter()
            .map(|s| s.name)
            .collect();
        names.sort();
        Ok(names)
    }

    /// Some services of a cluster by name (DescribeServices batches only). A name
    /// that no longer exists is left out of the answer. The fallback describes
    /// everything and keeps the asked names.
    async fn describe_services(
        &self,
        cluster: &str,
        names: &[String],
    ) -> SourceResult<Vec<Service>> {
        let mut all = self.services(cluster).await?;
        all.retain(|s| names.contains(&s.name));
        Ok(all)
    }

    /// Running and recently stopped tasks.
    async fn tasks(&self, cluster: &str, scope: &TaskScope) -> SourceResult<Vec<Task>>;

    /// Target groups (with target health) by ARN.
    async fn target_groups(&self, arns: &[String]) -> SourceResult<Vec<TargetGroup>>;

    /// All CloudWatch alarms.
    async fn alarms(&self) -> SourceResult<Vec<Alarm>>;

    /// Last hour of the charted metrics for the given services.
    async fn metrics(
        &self,
        cluster: &str,
        services: &[Service],
        target_groups: &[TargetGroup],
    ) -> SourceResult<Vec<MetricSeries>>;

    /// Revisions of a task definition family, newest first (ARNs).
    async fn task_definition_revisions(&self, family: &str) -> SourceResult<Vec<String>>;

    /// One task definition (immutable: callers may cache by ARN).
    async fn task_definition(&self, arn: &str) -> SourceResult<TaskDefinition>;

    /// One page of log events.
    async fn log_events(&self, query: &LogQuery) -> SourceResult<LogPage>;

    /// The caller's identity (account / ARN), for the audit log, where available.
    async fn caller_identity(&self) -> SourceResult<String>;

    /// Starts a CloudWatch Logs live tail (StartLiveTail). Sources that cannot
    /// stream return [`ErrorKind::Unsupported`]; callers then fall back to
    /// polling [`Source::log_events`].
    async fn live_tail(&self, target: &LogTarget, filter_pattern: &str) -> SourceResult<LiveTail> {
        let _ = (target, filter_pattern);
        Err(SourceError::new(
            ErrorKind::Unsupported,
            "logs:StartLiveTail",
            "live tail is not supported by this source",
        ))
    }

    /// Application Auto Scaling of some services of a cluster: their scalable
    /// targets (DescribeScalableTargets, 50 resource ids a call) and, with
    /// `detail`, their policies and last activities. A service without a
    /// scalable target is left out of the answer.
    async fn scaling(
        &self,
        cluster: &str,
        services: &[String],
        detail: bool,
    ) -> SourceResult<Vec<ServiceScaling>> {
        let _ = (cluster, services, detail);
        Err(SourceError::new(
            ErrorKind::Unsupported,
            "autoscaling:DescribeScalableTargets",
            "autoscaling is not supported by this source",
        ))
    }
    /// The service-deployment history of one service, newest first: every page
    /// of ListServiceDeployments, described in batches of 20
    /// (DescribeServiceDeployments). Sources without these APIs return
    /// [`ErrorKind::Unsupported`]; callers then fall back to the service's
    /// `deployments` array.
    async fn service_deployments(
        &self,
        cluster: &str,
        service: &str,
    ) -> SourceResult<Vec<ServiceDeployment>> {
        let _ = (cluster, service);
        Err(unsupported("ecs:ListServiceDeployments"))
    }

    /// The ARNs of one service's service deployments: every page of
    /// ListServiceDeployments, nothing described. Sources without the API
    /// return [`ErrorKind::Unsupported`].
    async fn service_deployment_arns(
        &self,
        cluster: &str,
        service: &str,
    ) -> SourceResult<Vec<String>> {
        let _ = (cluster, service);
        Err(unsupported("ecs:ListServiceDeployments"))
    }

    /// Some service deployments by ARN (DescribeServiceDeployments, batches of 20).
    async fn describe_service_deployments(
        &self,
        arns: &[String],
    ) -> SourceResult<Vec<ServiceDeployment>> {
        let _ = arns;
        Err(unsupported("ecs:DescribeServiceDeployments"))
    }

    /// Service revisions by ARN (DescribeServiceRevisions, batches of 20).
    async fn service_revisions(&self, arns: &[String]) -> SourceResult<Vec<ServiceRevision>> {
        let _ = arns;
        Err(unsupported("ecs:DescribeServiceRevisions"))
    }
}

/// The answer of a source that does not offer `operation`.
fn unsupported(operation: &str) -> SourceError {
    SourceError::new(
        ErrorKind::Unsupported,
        operation,
        "not supported by this source or endpoint",
    )
}

/// One batch pushed by a live tail session.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct LiveTailUpdate {
    /// New events, oldest first.
    pub lines: Vec<LogLine>,
    /// Whether the service sampled this batch (it does above 500 events/s).
    pub sampled: bool,
}

/// A running live tail session. The session ends when the receiver yields
/// `None` (the server closed the stream) or an error.
#[derive(Debug)]
pub struct LiveTail {
    /// Batches as they arrive.
    pub updates: tokio::sync::mpsc::Receiver<SourceResult<LiveTailUpdate>>,
}

/// A service update: any combination of the three fields ECS allows.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct ServiceUpdate {
    /// New desired count.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub desired_count: Option<u32>,
    /// Start a new deployment with the same task definition.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub force_new_deployment: bool,
    /// Deploy this task definition (ARN or family:revision).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub task_definition: Option<String>,
}

/// Writes. Only the confirmed-command path calls these.
#[async_trait]
pub trait Ops: Send + Sync {
    /// UpdateService. Returns the service as ECS reports it after the update.
    async fn update_service(
        &self,
        cluster: &str,
        service: &str,
        update: &ServiceUpdate,
    ) -> SourceResult<Service>;

    /// StopTask with a reason. Returns the task as ECS reports it.
    async fn stop_task(&self, cluster: &str, task: &str, reason: &str) -> SourceResult<Task>;

    /// RegisterScalableTarget: the new minimum and maximum of a service's
    /// desired count. Returns the target as registered.
    async fn register_scalable_target(
        &self,
        cluster: &str,
        service: &str,
        min: u32,
        max: u32,
    ) -> SourceResult<ScalableTarget> {
        let _ = (cluster, service, min, max);
        Err(SourceError::new(
            ErrorKind::Unsupported,
            "autoscaling:RegisterScalableTarget",
            "autoscaling is not supported by this source",
        ))
    }

    /// ECS ExecuteCommand (interactive). Returns the session to hand to the
    /// Session Manager plugin. Sources without ECS Exec say so.
    async fn execute_command(&self, request: &ExecRequest) -> SourceResult<SessionGrant> {
        let _ = request;
        Err(SourceError::new(
            ErrorKind::Unsupported,
            "ecs:ExecuteCommand",
            "ECS Exec is not supported by this source",
        ))
    }

    /// SSM StartSession with a port-forwarding document.
    async fn start_port_forward(&self, request: &PortForwardRequest) -> SourceResult<SessionGrant> {
        let _ = request;
        Err(SourceError::new(
            ErrorKind::Unsupported,
            "ssm:StartSession",
            "port forwarding is not supported by this source",
        ))
    }

    /// StopServiceDeployment: with [`StopType::Rollback`], ECS's native
    /// rollback of a deployment in progress. Returns the deployment's ARN.
    async fn stop_service_deployment(&self, arn: &str, stop: StopType) -> SourceResult<String> {
        let _ = (arn, stop);
        Err(unsupported("ecs:StopServiceDeployment"))
    }
}

/// A source that can both read and write.
pub trait Backend: Source + Ops {}
impl<T: Source + Ops> Backend for T {}

/// Wraps a backend (behind any pointer: `Arc`, `Box`, `&`) so that every write is
/// refused: the second wall of read-only mode.
pub struct ReadOnly<B>(pub B);

#[async_trait]
impl<B> Ops for ReadOnly<B>
where
    B: std::ops::Deref + Send + Sync,
    B::Target: Source,
{
    async fn update_service(&self, _: &str, _: &str, _: &ServiceUpdate) -> SourceResult<Service> {
        Err(SourceError::read_only("ecs:UpdateService"))
    }

    async fn stop_task(&self, _: &str, _: &str, _: &str) -> SourceResult<Task> {
        Err(SourceError::read_only("ecs:StopTask"))
    }

    async fn register_scalable_target(
        &self,
        _: &str,
        _: &str,
        _: u32,
        _: u32,
    ) -> SourceResult<ScalableTarget> {
        Err(SourceError::read_only("autoscaling:RegisterScalableTarget"))
    }

    async fn execute_command(&self, _: &ExecRequest) -> SourceResult<SessionGrant> {
        Err(SourceError::read_only("ecs:ExecuteCommand"))
    }

    async fn start_port_forward(&self, _: &PortForwardRequest) -> SourceResult<SessionGrant> {
        Err(SourceError::read_only("ssm:StartSession"))
    }

    async fn stop_service_deployment(&self, _: &str, _: StopType) -> SourceResult<String> {
        Err(SourceError::read_only("ecs:StopServiceDeployment"))
    }
}

#[async_trait]
impl<B> Source for ReadOnly<B>
where
    B: std::ops::Deref + Send + Sync,
    B::Target: Source,
{
    fn info(&self) -> SourceInfo {
        self.0.info()
    }
    fn calls(&self) -> &CallCounter {
        self.0.calls()
    }
    fn now(&self) -> Time {
        self.0.now()
    }
    async fn clusters(&self) -> SourceResult<Vec<Cluster>> {
        self.0.clusters().await
    }
    async fn services(&self, cluster: &str) -> SourceResult<Vec<Service>> {
        self.0.services(cluster).await
    }
    async fn services_by_page(
        &self,
        cluster: &str,
        page: &PageSink<'_>,
    ) -> SourceResult<Vec<Service>> {
        self.0.services_by_page(cluster, page).await
    }
    async fn service_names(&self, cluster: &str) -> SourceResult<Vec<String>> {
        self.0.service_names(cluster).await
    }
    async fn describe_services(
        &self,
        cluster: &str,
        names: &[String],
    ) -> SourceResult<Vec<Service>> {
        self.0.describe_services(cluster, names).await
    }
    async fn tasks(&self, cluster: &str, scope: &TaskScope) -> SourceResult<Vec<Task>> {
        self.0.tasks(cluster, scope).await
    }
    async fn target_groups(&self, arns: &[String]) -> SourceResult<Vec<TargetGroup>> {
        self.0.target_groups(arns).await
    }
    async fn alarms(&self) -> SourceResult<Vec<Alarm>> {
        self.0.alarms().await
    }
    async fn metrics(
        &self,
        cluster: &str,
        services: &[Service],
        tgs: &[TargetGroup],
    ) -> SourceResult<Vec<MetricSeries>> {
        self.0.metrics(cluster, services, tgs).await
    }
    async fn task_definition_revisions(&self, family: &str) -> SourceResult<Vec<String>> {
        self.0.task_definition_revisions(family).await
    }
    async fn task_definition(&self, arn: &str) -> SourceResult<TaskDefinition> {
        self.0.task_definition(arn).await
    }
    async fn log_events(&self, query: &LogQuery) -> SourceResult<LogPage> {
        self.0.log_events(query).await
    }
    async fn caller_identity(&self) -> SourceResult<String> {
        self.0.caller_identity().await
    }
    async fn live_tail(&self, target: &LogTarget, filter: &str) -> SourceResult<LiveTail> {
        self.0.live_tail(target, filter).await
    }
    async fn scaling(
        &self,
        cluster: &str,
        services: &[String],
        detail: bool,
    ) -> SourceResult<Vec<ServiceScaling>> {
        self.0.scaling(cluster, services, detail).await
    }
    async fn service_deployments(
        &self,
        cluster: &str,
        service: &str,
    ) -> SourceResult<Vec<ServiceDeployment>> {
        self.0.service_deployments(cluster, service).await
    }
    async fn service_deployment_arns(
        &self,
        cluster: &str,
        service: &str,
    ) -> SourceResult<Vec<String>> {
        self.0.service_deployment_arns(cluster, service).await
    }
    async fn describe_service_deployments(
        &self,
        arns: &[String],
    ) -> SourceResult<Vec<ServiceDeployment>> {
        self.0.describe_service_deployments(arns).await
    }
    async fn service_revisions(&self, arns: &[String]) -> SourceResult<Vec<ServiceRevision>> {
        self.0.service_revisions(arns).await
    }
}

/// Matches tasks to targets by private IP (awsvpc) and port.
pub fn target_for_task<'a>(task: &Task, groups: &'a [TargetGroup]) -> Option<&'a Target> {
    let ip = task.private_ip.as_deref()?;
    groups
        .iter()
        .flat_map(|g| g.targets.iter())
        .find(|t| t.id == ip)
}

#[cfg(test)]
mod tests_seam;
