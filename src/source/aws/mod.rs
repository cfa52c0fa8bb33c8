//! The real AWS data source: ECS, ELBv2, CloudWatch, CloudWatch Logs and STS
//! through the AWS SDK for Rust, mapped into [`crate::model`] types.
//!
//! Every call is counted in the [`CallCounter`] under its [`api_names`] name; fetches
//! batch to the API maxima and fan out with a concurrency cap; retries use the
//! SDK's standard mode (exponential backoff with jitter), except that writes
//! are retried only when throttled ([`retry`]): a write whose answer was lost
//! is never sent twice.

pub(crate) mod api_names;
mod attempts;
mod autoscaling;
mod cloudwatch;
pub mod config;
mod ecs;
mod elb;
pub(crate) mod errors;
mod exec;
pub(crate) mod fanout;
mod logs;
pub(crate) mod map;
pub mod profiles;
mod retry;
mod service_deployments;
mod surrogates;

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use async_trait::async_trait;
use chrono::Utc;

use crate::model::{
    Alarm, Cluster, LogTarget, MetricSeries, ScalableTarget, Service, ServiceDeployment,
    ServiceRevision, ServiceScaling, StopType, TargetGroup, Task, TaskDefinition, Time,
};
use crate::source::{
    CallCounter, LiveTail, LogPage, LogQuery, Ops, ServiceUpdate, Source, SourceInfo, SourceResult,
    TaskScope,
};

pub(crate) use api_names::Operation;
pub use config::AwsTuning;

use errors::{ErrorEnv, Subject};

/// How to reach AWS: everything else comes from the SDK's default chains
/// (environment, shared config and credentials files, SSO, web identity,
/// container and instance roles).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AwsOptions {
    /// Named profile (`--profile`); `AWS_PROFILE` otherwise.
    pub profile: Option<String>,
    /// Region (`--region`); `AWS_REGION` / the profile's region otherwise.
    pub region: Option<String>,
    /// One endpoint for every service (`--endpoint-url`), e.g. a local emulator.
    pub endpoint_url: Option<String>,
}

/// The AWS source. Cheap to share behind an `Arc`; all methods take `&self`.
pub struct AwsSource {
    ecs: aws_sdk_ecs::Client,
    /// The ECS client for writes: retries only throttled requests ([`retry`]).
    ecs_writes: aws_sdk_ecs::Client,
    elb: aws_sdk_elasticloadbalancingv2::Client,
    cw: aws_sdk_cloudwatch::Client,
    logs: aws_sdk_cloudwatchlogs::Client,
    sts: aws_sdk_sts::Client,
    autoscaling: aws_sdk_applicationautoscaling::Client,
    /// The Application Auto Scaling client for writes (retries only throttled requests).
    autoscaling_writes: aws_sdk_applicationautoscaling::Client,
    /// SSM, for port-forwarding sessions (a write client: throttling retries only).
    ssm: aws_sdk_ssm::Client,
    calls: Arc<CallCounter>,
    env: ErrorEnv,
    label: String,
    fanout: usize,
    /// Task definitions by ARN (immutable, so never invalidated).
    task_defs: Mutex<HashMap<String, Arc<TaskDefinition>>>,
    /// Load balancer ARNs of each target group, learnt from DescribeTargetGroups.
    tg_load_balancers: Mutex<HashMap<String, Vec<String>>>,
    /// Account id, learnt from GetCallerIdentity.
    account: tokio::sync::OnceCell<String>,
}

impl std::fmt::Debug for AwsSource {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AwsSource")
            .field("label", &self.label)
            .finish_non_exhaustive()
    }
}

impl AwsSource {
    /// Loads the SDK configuration and builds the clients. Makes no API call:
    /// credential and permission problems surface as errors of the first fetch.
    pub async fn connect(opts: AwsOptions) -> SourceResult<AwsSource> {
        Self::connect_with(opts, AwsTuning::default()).await
    }

    /// [`AwsSource::connect`] with explicit retry, timeout and fan-out settings.
    pub async fn connect_with(opts: AwsOptions, tuning: AwsTuning) -> SourceResult<AwsSource> {
        let conf = config::load(&opts, &tuning).await?;
        let region = conf
            .region()
            .map(|r| r.as_ref().to_string())
            .unwrap_or_default();
        let profile = config::selected_profile(&opts);
        let endpoint = |i: usize| config::custom_endpoint(&conf, &opts, config::SERVICES[i]);
        let custom: Vec<Option<String>> = (0..config::SERVICES.len()).map(endpoint).collect();
        let env = ErrorEnv {
            profile: profile.clone(),
            region: region.clone(),
            endpoints: config::SERVICES
                .iter()
                .zip(&custom)
                .map(|(s, c)| {
                    (
                        s.prefix,
                        config::display_endpoint(c.as_deref(), *s, &region),
                    )
                })
                .collect(),
        };

        let force = opts.endpoint_url.clone();
        let calls = Arc::new(CallCounter::default());
        // One service client's config builder: the shared SDK config, retries
        // counted as calls (under `prefix`), the test-only retry partition (a
        // retry budget of its own) and `--endpoint-url`.
        macro_rules! builder {
            ($sdk:ident, $prefix:literal) => {{
                let mut b =
                    $sdk::config::Builder::from(&conf).interceptor(attempts::CountRetries {
                        prefix: $prefix,
                        calls: Arc::clone(&calls),
                    });
                if let Some(p) = &tuning.retry_partition {
                    b = b.retry_partition($sdk::config::retry::RetryPartition::new(format!(
                        "{p}-{}",
                        stringify!($sdk)
                    )));
                }
                if let Some(u) = &force {
                    b = b.endpoint_url(u);
                }
                b
            }};
        }
        let (ecs, ecs_writes) = {
            let b = builder!(aws_sdk_ecs, "ecs");
            let writes = b.clone().retry_classifier(retry::WriteRetry);
            (
                aws_sdk_ecs::Client::from_conf(b.build()),
                aws_sdk_ecs::Client::from_conf(writes.build()),
            )
        };
        let elb = aws_sdk_elasticloadbalancingv2::Client::from_conf(
            builder!(aws_sdk_elasticloadbalancingv2, "elbv2").build(),
        );
        let cw = aws_sdk_cloudwatch::Client::from_conf(
            builder!(aws_sdk_cloudwatch, "cloudwatch").build(),
        );
        let logs = {
            let mut b =
                builder!(aws_sdk_cloudwatchlogs, "logs").interceptor(surrogates::RepairSurrogates);
            if custom[3].is_some() {
                // StartLiveTail prefixes the host with `streaming-`, which a
                // custom endpoint such as 127.0.0.1 cannot resolve.
                b = b.interceptor(logs::NoHostPrefix);
            }
            aws_sdk_cloudwatchlogs::Client::from_conf(b.build())
        };
        let sts = aws_sdk_sts::Client::from_conf(builder!(aws_sdk_sts, "sts").build());
        let (autoscaling, autoscaling_writes) = {
            let b = builder!(aws_sdk_applicationautoscaling, "autoscaling");
            let writes = b.clone().retry_classifier(retry::WriteRetry);
            (
                aws_sdk_applicationautoscaling::Client::from_conf(b.build()),
                aws_sdk_applicationautoscaling::Client::from_conf(writes.build()),
            )
        };
        let ssm = aws_sdk_ssm::Client::from_conf(
            builder!(aws_sdk_ssm, "ssm")
                .retry_classifier(retry::WriteRetry)
                .build(),
        );

        let mut label = format!("{} / {region}", profile.as_deref().unwrap_or("default"));
        if let Some(u) = force.as_deref().or(custom[0].as_deref()) {
            label.push_str(&format!(" @ {}", u.trim_end_matches('/')));
        }
        Ok(AwsSource {
            ecs,
            ecs_writes,
            elb,
            cw,
            logs,
            sts,
            autoscaling,
            autoscaling_writes,
            ssm,
            calls,
            env,
            label,
            fanout: tuning.fanout.max(1),
            task_defs: Mutex::new(HashMap::new()),
            tg_load_balancers: Mutex::new(HashMap::new()),
            account: tokio::sync::OnceCell::new(),
        })
    }

    /// Region in use.
    pub fn region(&self) -> &str {
        &self.env.region
    }

    fn record(&self, op: Operation) {
        self.calls.record(op.name);
    }

    fn err<E, R>(
        &self,
        op: Operation,
        e: &aws_sdk_ecs::error::SdkError<E, R>,
        subject: Subject<'_>,
    ) -> crate::source::SourceError
    where
        E: aws_sdk_ecs::error::ProvideErrorMetadata + std::error::Error + 'static,
        R: errors::RawStatus + std::fmt::Debug + Send + Sync + 'static,
    {
        let mapped = errors::from_sdk(op.name, e, &self.env, subject);
        tracing::debug!(operation = op.name, error = %mapped, "aws call failed");
        mapped
    }

    async fn account_id(&self) -> SourceResult<String> {
        self.account
            .get_or_try_init(|| async {
                self.record(api_names::GET_CALLER_IDENTITY);
                let out = self
                    .sts
                    .get_caller_identity()
                    .send()
                    .await
                    .map_err(|e| self.err(api_names::GET_CALLER_IDENTITY, &e, Subject::None))?;
                Ok(out.account().unwrap_or_default().to_string())
            })
            .await
            .cloned()
    }
}

#[async_trait]
impl Source for AwsSource {
    fn info(&self) -> SourceInfo {
        SourceInfo {
            kind: "aws",
            label: self.label.clone(),
        }
    }

    fn calls(&self) -> &CallCounter {
        &self.calls
    }

    fn now(&self) -> Time {
        Utc::now()
    }

    async fn clusters(&self) -> SourceResult<Vec<Cluster>> {
        self.list_clusters().await
    }

    async fn services(&self, cluster: &str) -> SourceResult<Vec<Service>> {
        self.list_services(cluster, &|_| {}).await
    }

    async fn services_by_page(
        &self,
        cluster: &str,
        page: &crate::source::PageSink<'_>,
    ) -> SourceResult<Vec<Service>> {
        self.list_services(cluster, page).await
    }

    async fn service_names(&self, cluster: &str) -> SourceResult<Vec<String>> {
        self.list_service_names(cluster).await
    }

    async fn describe_services(
        &self,
        cluster: &str,
        names: &[String],
    ) -> SourceResult<Vec<Service>> {
        self.describe_services_by_name(cluster, names).await
    }

    async fn tasks(&self, cluster: &str, scope: &TaskScope) -> SourceResult<Vec<Task>> {
        self.list_tasks(cluster, scope).await
    }

    async fn target_groups(&self, arns: &[String]) -> SourceResult<Vec<TargetGroup>> {
        self.describe_target_groups(arns).await
    }

    async fn alarms(&self) -> SourceResult<Vec<Alarm>> {
        self.describe_alarms().await
    }

    async fn metrics(
        &self,
        cluster: &str,
        services: &[Service],
        target_groups: &[TargetGroup],
    ) -> SourceResult<Vec<MetricSeries>> {
        self.metric_data(cluster, services, target_groups).await
    }

    async fn task_definition_revisions(&self, family: &str) -> SourceResult<Vec<String>> {
        self.list_revisions(family).await
    }

    async fn task_definition(&self, arn: &str) -> SourceResult<TaskDefinition> {
        Ok(self.cached_task_definition(arn).await?.as_ref().clone())
    }

    async fn log_events(&self, query: &LogQuery) -> SourceResult<LogPage> {
        self.filter_log_events(query).await
    }

    async fn caller_identity(&self) -> SourceResult<String> {
        self.record(api_names::GET_CALLER_IDENTITY);
        let out = self
            .sts
            .get_caller_identity()
            .send()
            .await
            .map_err(|e| self.err(api_names::GET_CALLER_IDENTITY, &e, Subject::None))?;
        let account = out.account().unwrap_or_default().to_string();
        let _ = self.account.set(account.clone());
        Ok(format!("{account} / {}", out.arn().unwrap_or_default()))
    }

    async fn live_tail(&self, target: &LogTarget, filter_pattern: &str) -> SourceResult<LiveTail> {
        self.start_live_tail(target, filter_pattern).await
    }

    async fn scaling(
        &self,
        cluster: &str,
        services: &[String],
        detail: bool,
    ) -> SourceResult<Vec<ServiceScaling>> {
        self.describe_scaling(cluster, services, detail).await
    }

    async fn service_deployments(
        &self,
        cluster: &str,
        service: &str,
    ) -> SourceResult<Vec<ServiceDeployment>> {
        self.list_service_deployments(cluster, service).await
    }

    async fn service_deployment_arns(
        &self,
        cluster: &str,
        service: &str,
    ) -> SourceResult<Vec<String>> {
        self.list_service_deployment_arns(cluster, service).await
    }

    async fn describe_service_deployments(
        &self,
        arns: &[String],
    ) -> SourceResult<Vec<ServiceDeployment>> {
        self.describe_deployments(arns).await
    }

    async fn service_revisions(&self, arns: &[String]) -> SourceResult<Vec<ServiceRevision>> {
        self.describe_revisions(arns).await
    }
}

#[async_trait]
impl Ops for AwsSource {
    async fn update_service(
        &self,
        cluster: &str,
        service: &str,
        update: &ServiceUpdate,
    ) -> SourceResult<Service> {
        self.do_update_service(cluster, service, update).await
    }

    async fn stop_task(&self, cluster: &str, task: &str, reason: &str) -> SourceResult<Task> {
        self.do_stop_task(cluster, task, reason).await
    }

    async fn register_scalable_target(
        &self,
        cluster: &str,
        service: &str,
        min: u32,
        max: u32,
    ) -> SourceResult<ScalableTarget> {
        self.do_register_scalable_target(cluster, service, min, max)
            .await
    }

    async fn execute_command(
        &self,
        request: &crate::model::session::ExecRequest,
    ) -> SourceResult<crate::model::session::SessionGrant> {
        self.do_execute_command(request).await
    }

    async fn start_port_forward(
        &self,
        request: &crate::model::session::PortForwardRequest,
    ) -> SourceResult<crate::model::session::SessionGrant> {
        self.do_start_port_forward(request).await
    }

    async fn stop_service_deployment(&self, arn: &str, stop: StopType) -> SourceResult<String> {
        self.do_stop_service_deployment(arn, stop).await
    }
}
