//! `rollout wait` judging from the service deployment: SUCCESSFUL is
//! success; STOPPED and every ROLLBACK_* status are failure, even when the
//! service later looks steady. Where the source does not answer the
//! service-deployment APIs, the wait falls back to the `deployments` array
//! and says so once.

use crate::model::{ServiceDeployment, StrategyKind, Time};
use crate::source::{Source, SourceError};

pub(crate) use crate::watch::{Verdict, verdict};

/// The deployment in progress of a service, from its history; `None` when
/// nothing is in progress. Errors are the caller's cue to fall back.
pub(crate) async fn current<S: Source + ?Sized>(
    source: &S,
    cluster: &str,
    service: &str,
    since: Option<Time>,
) -> Result<Option<ServiceDeployment>, SourceError> {
    let all = source.service_deployments(cluster, service).await?;
    let recent = |d: &&ServiceDeployment| match (since, d.created_at) {
        (Some(s), Some(c)) => c >= s - chrono::Duration::minutes(1),
        _ => true,
    };
    Ok(all
        .iter()
        .filter(recent)
        .find(|d| d.status.is_some_and(|s| !s.is_terminal()))
        .cloned())
}

/// The deployment again by ARN (DescribeServiceDeployments).
pub(crate) async fn refresh<S: Source + ?Sized>(
    source: &S,
    arn: &str,
) -> Result<Option<ServiceDeployment>, SourceError> {
    Ok(source
        .describe_service_deployments(&[arn.to_string()])
        .await?
        .into_iter()
        .next())
}

/// Where it is, for the progress line: `CANARY 10 % PRODUCTION_TRAFFIC_SHIFT IN_PROGRESS`.
pub(crate) fn describe(d: &ServiceDeployment) -> String {
    let kind = d
        .strategy
        .as_ref()
        .map_or(StrategyKind::Rolling, |s| s.kind)
        .as_str();
    let traffic = d
        .target_traffic()
        .map(|t| format!(" {t:.0} %"))
        .unwrap_or_default();
    let stage = d
        .lifecycle_stage
        .map(|s| format!(" {}", s.as_str()))
        .unwrap_or_default();
    let status = d.status.map_or("UNKNOWN", |s| s.as_str());
    format!("{kind}{traffic}{stage} {status}")
}
