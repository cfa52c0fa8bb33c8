//! Service deployments and service revisions: ListServiceDeployments (every
//! page), DescribeServiceDeployments and DescribeServiceRevisions (batches of
//! 20, the API's limit), StopServiceDeployment; and the mapping of their SDK
//! types into [`crate::model`].

use aws_sdk_ecs::types as ecs;

use crate::model::{
    AlarmsRun, CanaryConfig, CircuitBreakerRun, DeploymentStrategy, HookRun, HookStatus,
    LifecycleHook, LifecycleStage, LinearConfig, MonitorStatus, RevisionImage,
    RevisionLoadBalancer, RevisionRef, RollbackInfo, ServiceDeployment, ServiceDeploymentStatus,
    ServiceRevision, StopType, StrategyKind, Time,
};
use crate::source::{ErrorKind, SourceError, SourceResult};

use super::errors::Subject;
use super::fanout::{batches, fan_out};
use super::{AwsSource, api_names, map};

/// DescribeServiceDeployments and DescribeServiceRevisions take up to 20 ARNs.
pub(crate) const DESCRIBE_MAX: usize = 20;
/// ListServiceDeployments returns up to 100 a page.
const LIST_MAX: i32 = 100;

/// Error codes of an endpoint that does not know an operation (older
/// partitions, emulators).
const UNKNOWN_OPERATION: &[&str] = &[
    "UnknownOperationException",
    "InvalidAction",
    "NotImplemented",
    "UnrecognizedClientException",
];

impl AwsSource {
    /// The history of one service, newest first: every ListServiceDeployments
    /// page, then DescribeServiceDeployments in batches of 20.
    pub(super) async fn list_service_deployments(
        &self,
        cluster: &str,
        service: &str,
    ) -> SourceResult<Vec<ServiceDeployment>> {
        let arns = self.list_service_deployment_arns(cluster, service).await?;
        let mut all = self.describe_deployments(&arns).await?;
        crate::model::sort_newest_first(&mut all);
        Ok(all)
    }

    /// Every ListServiceDeployments page of one service: the ARNs.
    pub(super) async fn list_service_deployment_arns(
        &self,
        cluster: &str,
        service: &str,
    ) -> SourceResult<Vec<String>> {
        let mut arns = Vec::new();
        let mut token = None;
        loop {
            self.record(api_names::LIST_SERVICE_DEPLOYMENTS);
            let out = self
                .ecs
                .list_service_deployments()
                .cluster(cluster)
                .service(service)
                .max_results(LIST_MAX)
                .set_next_token(token)
                .send()
                .await
                .map_err(|e| {
                    unsupported_when_unknown(self.err(
                        api_names::LIST_SERVICE_DEPLOYMENTS,
                        &e,
                        Subject::Service(cluster, service),
                    ))
                })?;
            arns.extend(
                out.service_deployments()
                    .iter()
                    .filter_map(|b| b.service_deployment_arn().map(str::to_string)),
            );
            match out.next_token() {
                Some(t) if !t.is_empty() => token = Some(t.to_string()),
                _ => break,
            }
        }
        Ok(arns)
    }

    /// DescribeServiceDeployments in batches of 20, in the order asked.
    pub(super) async fn describe_deployments(
        &self,
        arns: &[String],
    ) -> SourceResult<Vec<ServiceDeployment>> {
        let pages = fan_out(
            batches(arns, DESCRIBE_MAX),
            self.fanout,
            |batch| async move {
                self.record(api_names::DESCRIBE_SERVICE_DEPLOYMENTS);
                let out = self
                    .ecs
                    .describe_service_deployments()
                    .set_service_deployment_arns(Some(batch))
                    .send()
                    .await
                    .map_err(|e| {
                        unsupported_when_unknown(self.err(
                            api_names::DESCRIBE_SERVICE_DEPLOYMENTS,
                            &e,
                            Subject::None,
                        ))
                    })?;
                Ok(out
                    .service_deployments()
                    .iter()
                    .map(service_deployment)
                    .collect::<Vec<_>>())
            },
        )
        .await?;
        Ok(pages.into_iter().flatten().collect())
    }

    /// DescribeServiceRevisions in batches of 20, in the order asked.
    pub(super) async fn describe_revisions(
        &self,
        arns: &[String],
    ) -> SourceResult<Vec<ServiceRevision>> {
        let pages = fan_out(
            batches(arns, DESCRIBE_MAX),
            self.fanout,
            |batch| async move {
                self.record(api_names::DESCRIBE_SERVICE_REVISIONS);
                let out = self
                    .ecs
                    .describe_service_revisions()
                    .set_service_revision_arns(Some(batch))
                    .send()
                    .await
                    .map_err(|e| {
                        unsupported_when_unknown(self.err(
                            api_names::DESCRIBE_SERVICE_REVISIONS,
                            &e,
                            Subject::None,
                        ))
                    })?;
                Ok(out
                    .service_revisions()
                    .iter()
                    .map(service_revision)
                    .collect::<Vec<_>>())
            },
        )
        .await?;
        Ok(pages.into_iter().flatten().collect())
    }

    /// StopServiceDeployment through the write client (retried only when throttled).
    pub(super) async fn do_stop_service_deployment(
        &self,
        arn: &str,
        stop: StopType,
    ) -> SourceResult<String> {
        self.record(api_names::STOP_SERVICE_DEPLOYMENT);
        let out = self
            .ecs_writes
            .stop_service_deployment()
            .service_deployment_arn(arn)
            .stop_type(ecs::StopServiceDeploymentStopType::from(stop.as_str()))
            .send()
            .await
            .map_err(|e| {
                unsupported_when_unknown(self.err(
                    api_names::STOP_SERVICE_DEPLOYMENT,
                    &e,
                    Subject::None,
                ))
            })?;
        Ok(out
            .service_deployment_arn()
            .map(str::to_string)
            .unwrap_or_else(|| arn.to_string()))
    }
}

/// An endpoint that does not know the operation answers with an error the
/// generic mapping calls `Other` or `InvalidInput`; it is `Unsupported`.
fn unsupported_when_unknown(e: SourceError) -> SourceError {
    // An emulator without the operation (moto) fails with a bare HTTP 500 and
    // no error code; AWS's own server errors carry a code and a message.
    let bare_500 = e.kind == ErrorKind::Server && e.message.ends_with("(HTTP 500)");
    let unknown = UNKNOWN_OPERATION.iter().any(|c| e.message.contains(c))
        || e.message.contains("not yet implemented")
        || bare_500;
    if unknown && e.kind != ErrorKind::AccessDenied {
        SourceError {
            kind: ErrorKind::Unsupported,
            message: format!("this endpoint does not offer it ({})", e.message),
            ..e
        }
    } else {
        e
    }
}

/// Newest first by creation; undated entries last.
fn opt_time(t: Option<&aws_smithy_types::DateTime>) -> Option<Time> {
    t.and_then(map::time)
}

fn count(n: i32) -> u32 {
    u32::try_from(n).unwrap_or(0)
}

fn minutes(n: Option<i32>) -> Option<u32> {
    n.and_then(|m| u32::try_from(m).ok())
}

fn revision_ref(r: &ecs::ServiceRevisionSummary) -> RevisionRef {
    RevisionRef {
        arn: r.arn().unwrap_or_default().to_string(),
        requested: count(r.requested_task_count()),
        running: count(r.running_task_count()),
        pending: count(r.pending_task_count()),
        test_traffic_weight: r.requested_test_traffic_weight(),
        production_traffic_weight: r.requested_production_traffic_weight(),
    }
}

fn monitor(s: Option<&ecs::ServiceDeploymentRollbackMonitorsStatus>) -> Option<MonitorStatus> {
    s.and_then(|s| MonitorStatus::parse(s.as_str()))
}

/// `deploymentConfiguration` → the strategy and its settings.
pub(crate) fn strategy(c: &ecs::DeploymentConfiguration) -> DeploymentStrategy {
    let kind = c
        .strategy()
        .and_then(|s| StrategyKind::parse(s.as_str()))
        .unwrap_or(StrategyKind::Rolling);
    DeploymentStrategy {
        kind,
        bake_minutes: minutes(c.bake_time_in_minutes()),
        canary: c.canary_configuration().map(|k| CanaryConfig {
            percent: k.canary_percent().unwrap_or(0.0),
            bake_minutes: minutes(k.canary_bake_time_in_minutes()).unwrap_or(0),
        }),
        linear: c.linear_configuration().map(|l| LinearConfig {
            step_percent: l.step_percent().unwrap_or(0.0),
            step_bake_minutes: minutes(l.step_bake_time_in_minutes()).unwrap_or(0),
        }),
        hooks: c
            .lifecycle_hooks()
            .iter()
            .map(|h| LifecycleHook {
                target_arn: h.hook_target_arn().unwrap_or_default().to_string(),
                stages: h
                    .lifecycle_stages()
                    .iter()
                    .filter_map(|s| LifecycleStage::parse(s.as_str()))
                    .collect(),
            })
            .collect(),
    }
}

/// One SDK service deployment → the model's.
pub(crate) fn service_deployment(d: &ecs::ServiceDeployment) -> ServiceDeployment {
    let stage = d
        .lifecycle_stage()
        .and_then(|s| LifecycleStage::parse(s.as_str()));
    ServiceDeployment {
        arn: d.service_deployment_arn().unwrap_or_default().to_string(),
        service_arn: d.service_arn().unwrap_or_default().to_string(),
        cluster_arn: d.cluster_arn().unwrap_or_default().to_string(),
        status: d
            .status()
            .and_then(|s| ServiceDeploymentStatus::parse(s.as_str())),
        status_reason: d.status_reason().unwrap_or_default().to_string(),
        lifecycle_stage: stage,
        source_revisions: d
            .source_service_revisions()
            .iter()
            .map(revision_ref)
            .collect(),
        target_revision: d.target_service_revision().map(revision_ref),
        strategy: d.deployment_configuration().map(strategy),
        hooks: d
            .lifecycle_hook_details()
            .iter()
            .map(|h| HookRun {
                hook_id: h.hook_id().unwrap_or_default().to_string(),
                target_arn: h.target_arn().unwrap_or_default().to_string(),
                stage,
                status: h.status().and_then(|s| HookStatus::parse(s.as_str())),
                expires_at: opt_time(h.expires_at()),
            })
            .collect(),
        circuit_breaker: d.deployment_circuit_breaker().map(|c| CircuitBreakerRun {
            status: monitor(c.status()),
            failures: count(c.failure_count()),
            threshold: count(c.threshold()),
        }),
        alarms: d.alarms().map(|a| AlarmsRun {
            status: monitor(a.status()),
            names: a.alarm_names().to_vec(),
            triggered: a.triggered_alarm_names().to_vec(),
        }),
        rollback: d.rollback().map(|r| RollbackInfo {
            reason: r.reason().unwrap_or_default().to_string(),
            started_at: opt_time(r.started_at()),
            service_revision_arn: r.service_revision_arn().unwrap_or_default().to_string(),
        }),
        created_at: opt_time(d.created_at()),
        started_at: opt_time(d.started_at()),
        finished_at: opt_time(d.finished_at()),
        stopped_at: opt_time(d.stopped_at()),
        updated_at: opt_time(d.updated_at()),
    }
}

/// One SDK service revision → the model's.
pub(crate) fn service_revision(r: &ecs::ServiceRevision) -> ServiceRevision {
    ServiceRevision {
        arn: r.service_revision_arn().unwrap_or_default().to_string(),
        service_arn: r.service_arn().unwrap_or_default().to_string(),
        task_definition: r.task_definition().unwrap_or_default().to_string(),
        images: r
            .container_images()
            .iter()
            .map(|i| RevisionImage {
                container_name: i.container_name().unwrap_or_default().to_string(),
                image: i.image().unwrap_or_default().to_string(),
                digest: i.image_digest().map(str::to_string),
            })
            .collect(),
        load_balancers: r
            .load_balancers()
            .iter()
            .map(|lb| {
                let adv = lb.advanced_configuration();
                RevisionLoadBalancer {
                    target_group_arn: lb.target_group_arn().unwrap_or_default().to_string(),
                    container_name: lb.container_name().unwrap_or_default().to_string(),
                    container_port: lb.container_port().and_then(|p| u16::try_from(p).ok()),
                    alternate_target_group_arn: adv
                        .and_then(|a| a.alternate_target_group_arn())
                        .map(str::to_string),
                    production_listener_rule: adv
                        .and_then(|a| a.production_listener_rule())
                        .map(str::to_string),
                    test_listener_rule: adv
                        .and_then(|a| a.test_listener_rule())
                        .map(str::to_string),
                }
            })
            .collect(),
        created_at: opt_time(r.created_at()),
    }
}

#[cfg(test)]
#[path = "service_deployments_tests.rs"]
mod tests;
