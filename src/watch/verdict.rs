//! Judging a rollout from its service deployment, for `rollout wait` and the
//! rollouts panel alike: SUCCESSFUL is success; STOPPED and every ROLLBACK_*
//! status are failure, even when the service later looks steady.

use crate::model::{ServiceDeployment, ServiceDeploymentStatus};

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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{AlarmsRun, RollbackInfo};

    fn dep(status: ServiceDeploymentStatus) -> ServiceDeployment {
        ServiceDeployment {
            arn: "arn:aws:ecs:us-east-1:1:service-deployment/prod/checkout/abc".into(),
            status: Some(status),
            status_reason: "reason".into(),
            ..ServiceDeployment::default()
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
