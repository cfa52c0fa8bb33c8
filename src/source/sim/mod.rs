//! The built-in simulated ECS environment: the demo engine and the
//! deterministic test bed.
//!
//! A [`World`](world::World) holds clusters, services, tasks, target groups
//! and alarms, and moves in fixed one-second ticks of virtual time
//! ([`clock`]). The same seed and the same sequence of calls and
//! [`SimSource::advance`] steps always give the same results. Rules live in
//! small modules: [`scheduler`] (task lifecycle and health), [`deploy`]
//! (desired count, rolling deployments, circuit breaker), [`elb`] (target
//! health), [`metrics`] (CloudWatch metrics and alarms), [`logs`] (log
//! events) and [`faults`] (injected errors). The world it starts from is a
//! [`scenario`] file.

pub(crate) mod clock;
pub(crate) mod deploy;
pub(crate) mod elb;
pub(crate) mod faults;
pub(crate) mod ids;
pub(crate) mod logs;
pub(crate) mod metrics;
pub(crate) mod scaling;
pub(crate) mod scenario;
pub(crate) mod scheduler;
pub(crate) mod service_deployments;
pub(crate) mod strategy;
pub(crate) mod world;
mod writes;

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use async_trait::async_trait;

use super::{
    CallCounter, ErrorKind, LogPage, LogQuery, Ops, ServiceUpdate, Source, SourceError, SourceInfo,
    SourceResult, TaskScope,
};
use crate::model::{
    Alarm, Cluster, MetricSeries, ScalableTarget, Service, ServiceScaling, TargetGroup, Task,
    TaskDefinition, TaskStatus, Time,
};
use clock::Clock;
use faults::FaultGate;
pub use scenario::{AccountSpec, Scenario, ScenarioError};
use world::World;

/// Fault knobs for the simulator.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Faults {
    /// Fraction of calls answered with a ThrottlingException (0.0..=1.0).
    pub throttle_rate: f64,
    /// Fraction of calls answered with an HTTP 500 style error.
    pub error_rate: f64,
    /// Latency added to every call.
    pub latency: Duration,
    /// Whether every call fails with expired credentials.
    pub expired_credentials: bool,
}

/// How to build a simulated environment.
#[derive(Debug, Clone, PartialEq)]
pub struct SimConfig {
    /// Seed for every random choice.
    pub seed: u64,
    /// Virtual seconds per real second; `None` for a manual clock stepped by [`SimSource::advance`].
    pub speed: Option<f64>,
    /// Extra generated services in the scenario's generated cluster (the scale knob).
    pub extra_services: usize,
    /// Fault injection.
    pub faults: Faults,
}

impl Default for SimConfig {
    fn default() -> Self {
        Self {
            seed: 7,
            speed: Some(1.0),
            extra_services: 0,
            faults: Faults::default(),
        }
    }
}

/// The simulated source. `Send + Sync`; every call takes the world lock
/// briefly and never holds it across an `.await`.
pub struct SimSource {
    config: SimConfig,
    calls: CallCounter,
    /// Writes that changed the world, by operation (attempts are in `calls`).
    applied: CallCounter,
    /// Calls started and not yet answered (waiting out injected latency).
    in_progress: AtomicUsize,
    /// Shared by the whole world and its account views.
    clock: Arc<Mutex<Clock>>,
    /// Shared by the whole world and its account views.
    world: Arc<Mutex<World>>,
    faults: Mutex<FaultGate>,
    /// The scenario's accounts.
    accounts: Vec<AccountSpec>,
    /// `Some` for the view of one account: only its clusters exist.
    scope: Option<AccountSpec>,
}

/// Page / batch sizes of the real APIs, for call counting.
const LIST_PAGE: usize = 100;
const DESCRIBE_SERVICES_BATCH: usize = 10;
const DESCRIBE_TASKS_BATCH: usize = 100;
const DESCRIBE_TARGET_GROUPS_BATCH: usize = 20;
/// Describe calls in flight at once, as the AWS source's default fan-out.
const FANOUT: usize = crate::source::DEFAULT_FANOUT;
const METRIC_QUERIES_PER_CALL: usize = 500;
/// Attempts of a write whose earlier attempts were throttled, like the AWS
/// source's write policy: a throttled write was rejected, so sending it again
/// cannot apply it twice; any other failure is returned at once.
const WRITE_ATTEMPTS: u32 = 3;

fn cluster_not_found(operation: &str, cluster: &str) -> SourceError {
    SourceError::new(
        ErrorKind::NotFound,
        operation,
        "ClusterNotFoundException: Cluster not found.",
    )
    .with_hint(format!(
        "no cluster named '{cluster}' in this account and region"
    ))
}

impl SimSource {
    /// The built-in demo world ([`Scenario::builtin`]) as a simulated
    /// environment; see [`Self::with_scenario`].
    pub fn new(config: SimConfig) -> Self {
        Self::with_scenario(config, &Scenario::builtin())
    }

    /// The world of `scenario` as a simulated environment: a scaled clock for
    /// `speed: Some(x)` (starting at the current wall-clock time), a manual
    /// clock at 2026-01-01T12:00:00Z otherwise.
    pub fn with_scenario(config: SimConfig, scenario: &Scenario) -> Self {
        let clock = match config.speed {
            Some(speed) => {
                let now = chrono::Utc::now();
                let origin = now.with_nanosecond_zero().unwrap_or(now);
                Clock::scaled(origin, speed)
            }
            None => Clock::manual(clock::manual_epoch()),
        };
        let mut world =
            scenario::build(scenario, config.seed, clock.target(), config.extra_services);
        scaling::attach_defaults(&mut world);
        Self {
            faults: Mutex::new(FaultGate::new(config.seed, config.faults.clone())),
            calls: CallCounter::default(),
            applied: CallCounter::default(),
            in_progress: AtomicUsize::new(0),
            clock: Arc::new(Mutex::new(clock)),
            world: Arc::new(Mutex::new(world)),
            accounts: scenario.accounts().to_vec(),
            scope: None,
            config,
        }
    }

    /// The scenario's accounts (empty: the world is one account).
    pub fn accounts(&self) -> &[AccountSpec] {
        &self.accounts
    }

    /// The same world as seen by one account: only its clusters (and their
    /// alarms) exist, with its own call counter and fault knobs (as a real
    /// account has its own credentials and throttling). `None` for an
    /// account the scenario does not name.
    pub fn account_view(&self, name: &str) -> Option<SimSource> {
        let spec = self.accounts.iter().find(|a| a.name == name)?.clone();
        Some(Self {
            config: self.config.clone(),
            calls: CallCounter::default(),
            applied: CallCounter::default(),
            in_progress: AtomicUsize::new(0),
            clock: Arc::clone(&self.clock),
            world: Arc::clone(&self.world),
            faults: Mutex::new(FaultGate::new(self.config.seed, self.faults())),
            accounts: self.accounts.clone(),
            scope: Some(spec),
        })
    }

    /// Whether `cluster` exists for this source (in its account, for a view).
    fn owns(&self, w: &World, cluster: &str) -> bool {
        w.clusters.iter().any(|c| c == cluster)
            && self
                .scope
                .as_ref()
                .is_none_or(|a| a.clusters.iter().any(|c| c == cluster))
    }

    /// Steps a manual clock by `d` (whole seconds of world ticks); no effect on a scaled clock.
    pub fn advance(&self, d: Duration) {
        if let Ok(mut c) = self.clock.lock() {
            c.advance(d);
        }
        drop(self.world());
    }

    /// Replaces the fault knobs (e.g. to show recovery once a fault stops).
    pub fn set_faults(&self, faults: Faults) {
        if let Ok(mut g) = self.faults.lock() {
            g.set(faults);
        }
    }

    /// The current fault knobs.
    pub fn faults(&self) -> Faults {
        self.faults
            .lock()
            .map(|g| g.faults().clone())
            .unwrap_or_default()
    }

    /// Writes that were applied to the world, by operation (`ecs:UpdateService`,
    /// `ecs:StopTask`). [`Source::calls`] counts attempts, failed ones included.
    pub fn applied_writes(&self) -> &CallCounter {
        &self.applied
    }

    /// Calls started and not answered yet (e.g. waiting out injected latency).
    pub fn calls_in_progress(&self) -> usize {
        self.in_progress.load(Ordering::SeqCst)
    }

    /// The world, caught up to the clock.
    fn world(&self) -> MutexGuard<'_, World> {
        let target = self
            .clock
            .lock()
            .map(|c| c.target())
            .unwrap_or_else(|e| e.into_inner().target());
        let mut w = self.world.lock().unwrap_or_else(|e| e.into_inner());
        w.advance_to(target);
        w
    }

    /// Applies latency and the fault knobs to one call; records the failed call.
    async fn gate(&self, operation: &str) -> SourceResult<()> {
        self.wait_rounds(1).await;
        let verdict = self
            .faults
            .lock()
            .map(|mut g| g.check(operation))
            .unwrap_or(Ok(()));
        if verdict.is_err() {
            self.calls.record(operation);
        }
        verdict
    }

    /// The services of `cluster` now, with the calls they cost recorded.
    fn services_now(&self, cluster: &str) -> SourceResult<Vec<Service>> {
        let w = self.world();
        if !self.owns(&w, cluster) {
            self.calls.record("ecs:ListServices");
            return Err(cluster_not_found("ecs:ListServices", cluster));
        }
        let out: Vec<Service> = w
            .services
            .iter()
            .filter(|s| s.svc.cluster == cluster)
            .map(|s| s.svc.clone())
            .collect();
        drop(w);
        self.record_batches("ecs:ListServices", out.len(), LIST_PAGE, 1);
        self.record_batches(
            "ecs:DescribeServices",
            out.len(),
            DESCRIBE_SERVICES_BATCH,
            0,
        );
        Ok(out)
    }

    /// The service names of `cluster` now (ListServices pages recorded).
    fn names_now(&self, cluster: &str) -> SourceResult<Vec<String>> {
        let w = self.world();
        if !self.owns(&w, cluster) {
            self.calls.record("ecs:ListServices");
            return Err(cluster_not_found("ecs:ListServices", cluster));
        }
        let mut names: Vec<String> = w
            .services
            .iter()
            .filter(|s| s.svc.cluster == cluster)
            .map(|s| s.svc.name.clone())
            .collect();
        drop(w);
        names.sort();
        self.record_batches("ecs:ListServices", names.len(), LIST_PAGE, 1);
        Ok(names)
    }

    /// The named services of `cluster` now (DescribeServices batches recorded);
    /// unknown names are left out.
    fn described_now(&self, cluster: &str, names: &[String]) -> SourceResult<Vec<Service>> {
        let w = self.world();
        if !self.owns(&w, cluster) {
            self.calls.record("ecs:DescribeServices");
            return Err(cluster_not_found("ecs:DescribeServices", cluster));
        }
        let out: Vec<Service> = names
            .iter()
            .filter_map(|n| w.service(cluster, n).and_then(|i| w.services.get(i)))
            .map(|s| s.svc.clone())
            .collect();
        drop(w);
        self.record_batches(
            "ecs:DescribeServices",
            names.len(),
            DESCRIBE_SERVICES_BATCH,
            1,
        );
        Ok(out)
    }

    /// The tasks in `scope` now and how many of them are stopped, with the
    /// calls they cost recorded.
    fn tasks_now(&self, cluster: &str, scope: &TaskScope) -> SourceResult<(Vec<Task>, usize)> {
        let w = self.world();
        if !self.owns(&w, cluster) {
            self.calls.record("ecs:ListTasks");
            return Err(cluster_not_found("ecs:ListTasks", cluster));
        }
        let out: Vec<Task> = match scope {
            TaskScope::Cluster => w
                .tasks
                .values()
                .filter(|t| t.task.cluster == cluster)
                .map(|t| t.task.clone())
                .collect(),
            TaskScope::Service(name) => {
                let Some(i) = w.service(cluster, name) else {
                    self.calls.record("ecs:ListTasks");
                    return Err(SourceError::new(
                        ErrorKind::NotFound,
                        "ecs:ListTasks",
                        format!(
                            "ServiceNotFoundException: Service not found. (service {name} in cluster {cluster})"
                        ),
                    ));
                };
                w.services
                    .get(i)
                    .map(|s| {
                        s.tasks
                            .iter()
                            .filter_map(|seq| w.tasks.get(seq))
                            .map(|t| t.task.clone())
                            .collect()
                    })
                    .unwrap_or_default()
            }
        };
        drop(w);
        // ListTasks lists one desired status at a time: RUNNING, then STOPPED.
        let stopped = out
            .iter()
            .filter(|t| t.desired_status == TaskStatus::Stopped)
            .count();
        self.record_batches("ecs:ListTasks", out.len() - stopped, LIST_PAGE, 1);
        self.record_batches("ecs:ListTasks", stopped, LIST_PAGE, 1);
        self.record_batches("ecs:DescribeTasks", out.len(), DESCRIBE_TASKS_BATCH, 0);
        Ok((out, stopped))
    }

    /// Waits out the injected latency of `rounds` calls made one after another
    /// ([`Self::gate`] waits for one; a method making more waits for the rest).
    async fn wait_rounds(&self, rounds: usize) {
        let latency = self.faults().latency;
        if latency.is_zero() || rounds == 0 {
            return;
        }
        let _pending = InProgress::enter(&self.in_progress);
        tokio::time::sleep(latency * u32::try_from(rounds).unwrap_or(u32::MAX)).await;
    }

    /// [`Self::gate`] for a write: throttled attempts are retried (they were
    /// rejected, not applied), up to [`WRITE_ATTEMPTS`]; other failures are not.
    async fn gate_write(&self, operation: &str) -> SourceResult<()> {
        let mut attempt = 1;
        loop {
            match self.gate(operation).await {
                Err(e) if e.kind == ErrorKind::Throttled && attempt < WRITE_ATTEMPTS => {
                    attempt += 1;
                }
                other => return other,
            }
        }
    }

    /// Records `ceil(n / per)` calls of `operation` (at least `min`).
    fn record_batches(&self, operation: &str, n: usize, per: usize, min: usize) {
        for _ in 0..n.div_ceil(per).max(min) {
            self.calls.record(operation);
        }
    }
}

/// Counts a call as in progress until dropped (also when the call is cancelled).
struct InProgress<'a>(&'a AtomicUsize);

impl<'a> InProgress<'a> {
    fn enter(n: &'a AtomicUsize) -> Self {
        n.fetch_add(1, Ordering::SeqCst);
        Self(n)
    }
}

impl Drop for InProgress<'_> {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::SeqCst);
    }
}

trait WithNanosecondZero: Sized {
    fn with_nanosecond_zero(self) -> Option<Self>;
}

impl WithNanosecondZero for Time {
    fn with_nanosecond_zero(self) -> Option<Self> {
        use chrono::Timelike;
        self.with_nanosecond(0)
    }
}

#[async_trait]
impl Source for SimSource {
    fn info(&self) -> SourceInfo {
        let mut label = match self.config.speed {
            Some(s) => format!("demo (seed {}, x{s})", self.config.seed),
            None => format!("demo (seed {}, manual clock)", self.config.seed),
        };
        if let Some(a) = &self.scope {
            label = format!("{} / {} {label}", a.name, a.region);
        }
        SourceInfo {
            kind: "demo",
            label,
        }
    }

    fn calls(&self) -> &CallCounter {
        &self.calls
    }

    fn now(&self) -> Time {
        self.world().now
    }

    async fn clusters(&self) -> SourceResult<Vec<Cluster>> {
        self.gate("ecs:ListClusters").await?;
        let w = self.world();
        let mut out: Vec<Cluster> = w
            .clusters
            .iter()
            .filter(|name| self.owns(&w, name))
            .map(|name| Cluster {
                name: name.clone(),
                arn: ids::cluster_arn(name),
                status: "ACTIVE".into(),
                active_services: 0,
                running_tasks: 0,
                pending_tasks: 0,
            })
            .collect();
        for s in &w.services {
            if let Some(c) = out.iter_mut().find(|c| c.name == s.svc.cluster) {
                c.active_services += 1;
            }
        }
        for t in w.tasks.values() {
            if let Some(c) = out.iter_mut().find(|c| c.name == t.task.cluster) {
                match t.task.last_status {
                    TaskStatus::Running => c.running_tasks += 1,
                    TaskStatus::Provisioning | TaskStatus::Pending | TaskStatus::Activating => {
                        c.pending_tasks += 1;
                    }
                    _ => {}
                }
            }
        }
        drop(w);
        self.record_batches("ecs:ListClusters", out.len(), LIST_PAGE, 1);
        self.record_batches("ecs:DescribeClusters", out.len(), LIST_PAGE, 0);
        Ok(out)
    }

    async fn services(&self, cluster: &str) -> SourceResult<Vec<Service>> {
        self.services_by_page(cluster, &|_| {}).await
    }

    async fn services_by_page(
        &self,
        cluster: &str,
        page: &crate::source::PageSink<'_>,
    ) -> SourceResult<Vec<Service>> {
        self.gate("ecs:ListServices").await?;
        let out = self.services_now(cluster)?;
        // As the AWS source: list pages one after another while the describe
        // batches of the pages already listed run, [`FANOUT`] at a time; each
        // page is handed on once its describes are in.
        let pages = out.len().div_ceil(LIST_PAGE);
        let describe_rounds = out.len().div_ceil(DESCRIBE_SERVICES_BATCH).div_ceil(FANOUT);
        let rounds = pages.max(describe_rounds);
        let mut waited = 0;
        for (k, chunk) in out.chunks(LIST_PAGE).enumerate() {
            let due = ((k + 1) * rounds).div_ceil(pages.max(1));
            self.wait_rounds(due - waited).await;
            waited = due;
            page(chunk.to_vec());
        }
        self.wait_rounds(rounds.saturating_sub(waited)).await;
        Ok(out)
    }

    async fn service_names(&self, cluster: &str) -> SourceResult<Vec<String>> {
        self.gate("ecs:ListServices").await?;
        let names = self.names_now(cluster)?;
        self.wait_rounds(names.len().div_ceil(LIST_PAGE).saturating_sub(1))
            .await;
        Ok(names)
    }

    async fn describe_services(
        &self,
        cluster: &str,
        names: &[String],
    ) -> SourceResult<Vec<Service>> {
        self.gate("ecs:DescribeServices").await?;
        let out = self.described_now(cluster, names)?;
        let rounds = names
            .len()
            .div_ceil(DESCRIBE_SERVICES_BATCH)
            .div_ceil(FANOUT);
        self.wait_rounds(rounds.saturating_sub(1)).await;
        Ok(out)
    }

    async fn tasks(&self, cluster: &str, scope: &TaskScope) -> SourceResult<Vec<Task>> {
        self.gate("ecs:ListTasks").await?;
        let (out, stopped) = self.tasks_now(cluster, scope)?;
        // As the AWS source: the RUNNING and STOPPED listings page side by
        // side, then the describes run, [`FANOUT`] at a time.
        let pages = (out.len() - stopped).max(stopped).div_ceil(LIST_PAGE);
        let describe_rounds = out.len().div_ceil(DESCRIBE_TASKS_BATCH).div_ceil(FANOUT);
        self.wait_rounds(pages.saturating_sub(1) + describe_rounds)
            .await;
        Ok(out)
    }

    async fn target_groups(&self, arns: &[String]) -> SourceResult<Vec<TargetGroup>> {
        self.gate("elasticloadbalancing:DescribeTargetGroups")
            .await?;
        let w = self.world();
        let mut out = Vec::with_capacity(arns.len());
        for arn in arns {
            let Some(g) = w.tg_index.get(arn).and_then(|i| elb::snapshot(&w, *i)) else {
                self.calls
                    .record("elasticloadbalancing:DescribeTargetGroups");
                return Err(SourceError::new(
                    ErrorKind::NotFound,
                    "elasticloadbalancing:DescribeTargetGroups",
                    format!("TargetGroupNotFound: One or more target groups not found ({arn})"),
                ));
            };
            out.push(g);
        }
        drop(w);
        self.record_batches(
            "elasticloadbalancing:DescribeTargetGroups",
            arns.len(),
            DESCRIBE_TARGET_GROUPS_BATCH,
            0,
        );
        self.record_batches("elasticloadbalancing:DescribeTargetHealth", out.len(), 1, 0);
        Ok(out)
    }

    async fn alarms(&self) -> SourceResult<Vec<Alarm>> {
        self.gate("cloudwatch:DescribeAlarms").await?;
        let w = self.world();
        let out: Vec<Alarm> = w
            .alarms
            .iter()
            .filter(|a| {
                w.services
                    .get(a.service)
                    .is_some_and(|s| self.owns(&w, &s.svc.cluster))
            })
            .map(|a| a.alarm.clone())
            .collect();
        drop(w);
        self.record_batches("cloudwatch:DescribeAlarms", out.len(), LIST_PAGE, 1);
        Ok(out)
    }

    async fn metrics(
        &self,
        cluster: &str,
        services: &[Service],
        _target_groups: &[TargetGroup],
    ) -> SourceResult<Vec<MetricSeries>> {
        self.gate("cloudwatch:GetMetricData").await?;
        let w = self.world();
        if !self.owns(&w, cluster) {
            self.calls.record("cloudwatch:GetMetricData");
            return Err(cluster_not_found("cloudwatch:GetMetricData", cluster));
        }
        let mut out = Vec::new();
        for s in services {
            if let Some(i) = w.service(cluster, &s.name) {
                out.extend(metrics::series(&w, i));
            }
        }
        drop(w);
        self.record_batches(
            "cloudwatch:GetMetricData",
            out.len(),
            METRIC_QUERIES_PER_CALL,
            1,
        );
        Ok(out)
    }

    async fn task_definition_revisions(&self, family: &str) -> SourceResult<Vec<String>> {
        self.gate("ecs:ListTaskDefinitions").await?;
        let w = self.world();
        let mut defs: Vec<(u32, String)> = w
            .task_defs
            .values()
            .filter(|d| d.family == family)
            .map(|d| (d.revision, d.arn.clone()))
            .collect();
        drop(w);
        defs.sort_by_key(|b| std::cmp::Reverse(b.0));
        self.record_batches("ecs:ListTaskDefinitions", defs.len(), LIST_PAGE, 1);
        Ok(defs.into_iter().map(|(_, a)| a).collect())
    }

    async fn task_definition(&self, arn: &str) -> SourceResult<TaskDefinition> {
        self.gate("ecs:DescribeTaskDefinition").await?;
        self.calls.record("ecs:DescribeTaskDefinition");
        let w = self.world();
        w.resolve_task_def(arn)
            .and_then(|a| w.task_defs.get(&a).cloned())
            .ok_or_else(|| {
                SourceError::new(
                    ErrorKind::NotFound,
                    "ecs:DescribeTaskDefinition",
                    format!("ClientException: Unable to describe task definition. ({arn})"),
                )
            })
    }

    async fn log_events(&self, query: &LogQuery) -> SourceResult<LogPage> {
        self.gate("logs:FilterLogEvents").await?;
        self.calls.record("logs:FilterLogEvents");
        let w = self.world();
        logs::query(&w, query)
    }

    async fn caller_identity(&self) -> SourceResult<String> {
        self.gate("sts:GetCallerIdentity").await?;
        self.calls.record("sts:GetCallerIdentity");
        Ok(format!(
            "arn:aws:sts::{}:assumed-role/ecsdeck-demo/demo-user",
            ids::ACCOUNT
        ))
    }
    async fn scaling(
        &self,
        cluster: &str,
        services: &[String],
        detail: bool,
    ) -> SourceResult<Vec<ServiceScaling>> {
        const OP: &str = "autoscaling:DescribeScalableTargets";
        self.gate(OP).await?;
        self.record_batches(OP, services.len(), 50, 1);
        let w = self.world();
        let found: Vec<ServiceScaling> = services
            .iter()
            .filter_map(|name| w.service(cluster, name))
            .filter_map(|i| scaling::service_scaling(&w, i, detail))
            .collect();
        if detail {
            for _ in &found {
                self.calls.record("autoscaling:DescribeScalingPolicies");
                self.calls.record("autoscaling:DescribeScalingActivities");
            }
        }
        Ok(found)
    }

    async fn service_deployments(
        &self,
        cluster: &str,
        service: &str,
    ) -> SourceResult<Vec<crate::model::ServiceDeployment>> {
        self.sim_service_deployments(cluster, service).await
    }

    async fn service_deployment_arns(
        &self,
        cluster: &str,
        service: &str,
    ) -> SourceResult<Vec<String>> {
        self.sim_service_deployment_arns(cluster, service).await
    }

    async fn describe_service_deployments(
        &self,
        arns: &[String],
    ) -> SourceResult<Vec<crate::model::ServiceDeployment>> {
        self.sim_describe_service_deployments(arns).await
    }

    async fn service_revisions(
        &self,
        arns: &[String],
    ) -> SourceResult<Vec<crate::model::ServiceRevision>> {
        self.sim_service_revisions(arns).await
    }
}
