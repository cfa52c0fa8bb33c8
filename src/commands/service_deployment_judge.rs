//! `rollout wait` judging from the service deployment: SUCCESSFUL is
//! success; STOPPED and every ROLLBACK_* status are failure, even when the
//! service later looks steady. Where the source does not answer the
//! service-deployment APIs, the wait falls back to the `deployments` array
//! and says so once.

use crate::model::{ServiceDeployment, ServiceDeploymentStatus, StrategyKind, Time};
use crate::source::{Source, SourceError};

/// What the service deployment says about the rollout.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Verdict {
    /// Still going.
    Running,
    /// SUCCESSFUL.
    Succeeded,
    /// STOPPED or ROLLBACK_*: why.
    Failed(String),
}

/// The verdict of `d`.
pub(crate) fn verdict(d: &ServiceDeployment) -> Verdict {
    match d.status {
        Some(ServiceDeploymentStatus::Successful) => Verdict::Succeeded,
        Some(s) if s.is_failure() => {
            let mut why = format!("service deployment {} is {}", d.short_id(), s.as_str());
            let reason = d
                .rollback
                .as_ref()
                .map(|r| r.reason.as_str())
                .filter(|r| !r.is_empty())
                .unwrap_or(d.status_reason.as_str());
            if !reason.is_empty() {
                why.push_str(&format!(": {reason}"));
            }
            if let Some(a) = d.alarms.as_ref().filter(|a| !a.triggered.is_empty()) {
                why.push_str(&format!(" (alarms: {})", a.triggered.join(", ")));
            }
            Verdict::Failed(why)
        }
        _ => Verdict::Running,
    }
}

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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{AlarmsRun, RollbackInfo};

    fn dep(status: ServiceDeploymentStatus) -> ServiceDeployment {
        ServiceDeployment {
            arn: "arn:aws:ecs:us-east-1:1:service-deployment/prod/checkout/abc".into(),
            service_arn: String::new(),
            cluster_arn: String::new(),
            status: Some(status),
            status_reason: "reason".into(),
            lifecycle_stage: None,
            source_revisions: Vec::new(),
            target_revision: None,
            strategy: None,
            hooks: Vec::new(),
            circuit_breaker: None,
            alarms: None,
            rollback: None,
            created_at: None,
            started_at: None,
            finished_at: None,
            stopped_at: None,
            updated_at: None,
        }
    }

    #[test]
    fn successful_succeeds_and_every_rollback_or_stop_fails() {
        use ServiceDeploymentStatus as S;
        for s in S::ALL {
            let v = verdict(&dep(*s));
            match s {
                S::Successful => assert_eq!(v, Verdict::Succeeded),
                S::Pending | S::InProgress => assert_eq!(v, Verdict::Running),
                _ => assert!(matches!(v, Verdict::Failed(_)), "{s:?}"),
            }
        }
    }

    #[test]
    fn a_failure_names_the_rollback_reason_and_the_alarms() {
        let mut d = dep(ServiceDeploymentStatus::RollbackSuccessful);
        d.rollback = Some(RollbackInfo {
            reason: "Alarm checkout-5xx is in ALARM state.".into(),
            started_at: None,
            service_revision_arn: String::new(),
        });
        d.alarms = Some(AlarmsRun {
            triggered: vec!["checkout-5xx".into()],
            ..AlarmsRun::default()
        });
        assert_eq!(
            verdict(&d),
            Verdict::Failed(
                "service deployment abc is ROLLBACK_SUCCESSFUL: Alarm checkout-5xx is in ALARM state. (alarms: checkout-5xx)"
                    .into()
            )
        );
    }
}
