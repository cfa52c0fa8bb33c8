//! Following the effect of an action: a rollout watch tracks the deployment an
//! action started until it is COMPLETED with the intended revision, or failed.
//!
//! A circuit-breaker rollback is a failure even though the service ends up
//! steady: success means *this* deployment (by id) completed with the intended
//! task definition.
//!
//! Where ECS reports a service deployment for the rollout (blue/green,
//! linear, canary; rolling too on current ECS), the watch judges from it
//! instead ([`verdict`]): SUCCESSFUL is success, STOPPED and ROLLBACK_* are
//! failure even when the `deployments` array looks steady. A native rollback
//! (StopServiceDeployment ROLLBACK) succeeds on ROLLBACK_SUCCESSFUL.

pub(crate) mod progress;
mod verdict;

use serde::Serialize;

use crate::model::{
    DeploymentStatus, RolloutState, Service, ServiceDeployment, ServiceDeploymentStatus, Time,
    task_def_short,
};

pub(crate) use verdict::{Verdict, verdict};

/// How a watch ended.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "outcome", content = "detail", rename_all = "snake_case")]
pub enum Outcome {
    /// The deployment completed with the intended revision (or the scale settled).
    Completed,
    /// The deployment failed or was rolled back.
    Failed(String),
}

/// What a watch waits for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub(crate) enum WatchKind {
    /// A new deployment (redeploy, rollback).
    Deployment,
    /// A new desired count on the current deployment.
    Scale,
    /// ECS's native rollback of a service deployment (StopServiceDeployment ROLLBACK).
    NativeRollback,
}

/// What state knows of a service's current service deployment.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Current<'a> {
    /// None named, or the APIs are unavailable: judge from the `deployments` array.
    Absent,
    /// DescribeServices names one that has not been described yet.
    Unfetched,
    /// The described deployment.
    Known(&'a ServiceDeployment),
}

/// A rollout being followed.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RolloutWatch {
    /// Service.
    pub(crate) service: String,
    /// The action that started it (`redeploy`, `scale`, `rollback`).
    pub(crate) action: String,
    /// What is awaited.
    pub(crate) kind: WatchKind,
    /// When the action was sent.
    pub(crate) started_at: Time,
    /// The deployment followed, once known.
    pub(crate) deployment_id: Option<String>,
    /// The task definition the deployment must complete with.
    pub intended: String,
    /// The desired count a scale waits for.
    pub(crate) target_count: Option<u32>,
    /// Last seen running count of the followed deployment.
    pub(crate) running: u32,
    /// Last seen desired count of the followed deployment.
    pub(crate) desired: u32,
    /// Last seen rollout state.
    pub(crate) rollout_state: Option<RolloutState>,
    /// The end, once reached.
    pub outcome: Option<Outcome>,
    /// When the end was observed.
    pub(crate) finished_at: Option<Time>,
    /// The service deployment followed, as last seen, once known.
    pub(crate) service_deployment: Option<ServiceDeployment>,
}

impl RolloutWatch {
    /// A watch of a new deployment of `intended`, optionally already known by id.
    pub(crate) fn deployment(service: &Service, action: &str, intended: String, now: Time) -> Self {
        let primary = service.primary_deployment();
        let id = primary
            .filter(|d| {
                d.task_definition == intended
                    && d.created_at
                        .is_some_and(|at| at >= now - chrono::Duration::seconds(30))
            })
            .map(|d| d.id.clone());
        Self {
            service: service.name.clone(),
            action: action.to_string(),
            kind: WatchKind::Deployment,
            started_at: now,
            deployment_id: id,
            intended,
            target_count: None,
            running: primary.map_or(0, |d| d.running),
            desired: primary.map_or(0, |d| d.desired),
            rollout_state: primary.map(|d| d.rollout_state),
            outcome: None,
            finished_at: None,
            service_deployment: None,
        }
    }

    /// A watch of a service deployment already running (one the console
    /// found, or one a native rollback was asked of).
    pub(crate) fn of_service_deployment(
        service: &Service,
        action: &str,
        kind: WatchKind,
        dep: &ServiceDeployment,
        now: Time,
    ) -> Self {
        let mut w = Self::deployment(service, action, service.task_definition.clone(), now);
        w.kind = kind;
        w.started_at = dep.started_at.or(dep.created_at).unwrap_or(now).min(now);
        w.deployment_id = service.primary_deployment().map(|d| d.id.clone());
        w.service_deployment = Some(dep.clone());
        w
    }

    /// Updates the watch from a fresh view of the service and of its current
    /// service deployment: judged from the service deployment when there is
    /// one for this rollout, else from the `deployments` array.
    pub(crate) fn observe_with(&mut self, service: &Service, current: Current<'_>, now: Time) {
        if self.outcome.is_some() || self.kind == WatchKind::Scale {
            return self.observe(service, now);
        }
        match current {
            Current::Known(d) if self.follows(d) => {
                self.service_deployment = Some(d.clone());
                if let Some(p) = service.primary_deployment() {
                    (self.running, self.desired) = (p.running, p.desired);
                    self.rollout_state = Some(p.rollout_state);
                }
                use ServiceDeploymentStatus as St;
                let outcome = match (self.kind, verdict(d)) {
                    // A native rollback succeeds when the rollback does.
                    (WatchKind::NativeRollback, _) => match d.status {
                        Some(St::RollbackSuccessful) => Some(Outcome::Completed),
                        Some(St::RollbackFailed | St::Stopped | St::Successful) => {
                            let word = d.status.map_or("UNKNOWN", |s| s.as_str());
                            Some(Outcome::Failed(format!(
                                "service deployment {} ended {word}, not rolled back",
                                d.short_id()
                            )))
                        }
                        _ => None,
                    },
                    (_, Verdict::Succeeded) => Some(Outcome::Completed),
                    (_, Verdict::Failed(why)) => Some(Outcome::Failed(why)),
                    (_, Verdict::Running) => None,
                };
                if let Some(o) = outcome {
                    self.finish(o, now);
                }
            }
            Current::Known(d) if self.service_deployment.is_some() => {
                let why = format!("replaced by service deployment {}", d.short_id());
                self.finish(Outcome::Failed(why), now);
            }
            // The new one is named but not described yet: wait for it.
            Current::Unfetched => {}
            Current::Known(_) | Current::Absent => self.observe(service, now),
        }
    }

    /// Whether `d` is this watch's rollout: the one followed, or one created
    /// since the action was sent.
    fn follows(&self, d: &ServiceDeployment) -> bool {
        match &self.service_deployment {
            Some(ours) => ours.arn == d.arn,
            None => d
                .created_at
                .is_some_and(|at| at >= self.started_at - chrono::Duration::seconds(30)),
        }
    }

    /// A watch of a scale to `count` on the current PRIMARY deployment.
    pub(crate) fn scale(service: &Service, count: u32, now: Time) -> Self {
        let mut w = Self::deployment(service, "scale", service.task_definition.clone(), now);
        w.kind = WatchKind::Scale;
        w.deployment_id = service.primary_deployment().map(|d| d.id.clone());
        w.target_count = Some(count);
        w
    }

    /// Seconds since the action was sent (or until it ended).
    pub(crate) fn elapsed_secs(&self, now: Time) -> i64 {
        (self.finished_at.unwrap_or(now) - self.started_at)
            .num_seconds()
            .max(0)
    }

    /// Updates the watch from a fresh view of the service.
    pub(crate) fn observe(&mut self, service: &Service, now: Time) {
        if self.outcome.is_some() {
            return;
        }
        if self.deployment_id.is_none() {
            self.deployment_id = service
                .deployments
                .iter()
                .filter(|d| {
                    d.task_definition == self.intended
                        && d.created_at
                            .is_some_and(|at| at >= self.started_at - chrono::Duration::seconds(30))
                })
                .max_by_key(|d| d.created_at)
                .map(|d| d.id.clone());
        }
        let Some(id) = self.deployment_id.clone() else {
            return;
        };
        let ours = service.deployments.iter().find(|d| d.id == id);
        let newer_primary = service
            .deployments
            .iter()
            .find(|d| d.status == DeploymentStatus::Primary && d.id != id);
        if let Some(d) = ours {
            self.running = d.running;
            self.desired = d.desired;
            self.rollout_state = Some(d.rollout_state);
            match (self.kind, d.rollout_state) {
                (_, RolloutState::Failed) => {
                    let reason = if d.rollout_reason.is_empty() {
                        "deployment failed".to_string()
                    } else {
                        d.rollout_reason.clone()
                    };
                    return self.finish(Outcome::Failed(reason), now);
                }
                (WatchKind::Deployment, RolloutState::Completed) if newer_primary.is_none() => {
                    let outcome = if d.task_definition == self.intended {
                        Outcome::Completed
                    } else {
                        Outcome::Failed(format!(
                            "completed with {} instead of {}",
                            task_def_short(&d.task_definition),
                            task_def_short(&self.intended)
                        ))
                    };
                    return self.finish(outcome, now);
                }
                (WatchKind::Scale, _) => {
                    let want = self.target_count.unwrap_or(d.desired);
                    if d.desired == want && d.running == want && d.pending == 0 {
                        return self.finish(Outcome::Completed, now);
                    }
                }
                _ => {}
            }
        }
        if let Some(p) = newer_primary
            && p.created_at.is_some_and(|at| at >= self.started_at)
            && p.task_definition != self.intended
        {
            let msg = if p.rollout_reason.contains("circuit breaker")
                || self.kind == WatchKind::Deployment
            {
                format!(
                    "rolled back by the circuit breaker to {}",
                    task_def_short(&p.task_definition)
                )
            } else {
                format!(
                    "replaced by deployment {} ({})",
                    p.id,
                    task_def_short(&p.task_definition)
                )
            };
            self.finish(Outcome::Failed(msg), now);
        }
    }

    fn finish(&mut self, outcome: Outcome, now: Time) {
        self.outcome = Some(outcome);
        self.finished_at = Some(now);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fixtures::{service, t0};
    use crate::model::Deployment;
    use chrono::Duration;

    fn dep(
        id: &str,
        td: &str,
        status: DeploymentStatus,
        state: RolloutState,
        created: Time,
    ) -> Deployment {
        Deployment {
            id: id.into(),
            status,
            task_definition: format!("arn:aws:ecs:us-east-1:123456789012:task-definition/{td}"),
            desired: 2,
            pending: 0,
            running: 2,
            failed: 0,
            rollout_state: state,
            rollout_reason: String::new(),
            created_at: Some(created),
            updated_at: Some(created),
        }
    }

    fn td(s: &str) -> String {
        format!("arn:aws:ecs:us-east-1:123456789012:task-definition/{s}")
    }

    #[test]
    fn completes_when_its_deployment_completes_with_the_intended_revision() {
        let now = t0();
        let mut svc = service("api", 2, 2, RolloutState::Completed, 5, false);
        svc.deployments = vec![
            dep(
                "ecs-svc/new",
                "api:6",
                DeploymentStatus::Primary,
                RolloutState::InProgress,
                now,
            ),
            dep(
                "ecs-svc/old",
                "api:5",
                DeploymentStatus::Active,
                RolloutState::Completed,
                now - Duration::days(1),
            ),
        ];
        let mut w = RolloutWatch::deployment(&svc, "rollback", td("api:6"), now);
        assert_eq!(w.deployment_id.as_deref(), Some("ecs-svc/new"));
        w.observe(&svc, now + Duration::seconds(10));
        assert_eq!(w.outcome, None);
        svc.deployments = vec![dep(
            "ecs-svc/new",
            "api:6",
            DeploymentStatus::Primary,
            RolloutState::Completed,
            now,
        )];
        w.observe(&svc, now + Duration::seconds(95));
        assert_eq!(w.outcome, Some(Outcome::Completed));
        assert_eq!(w.elapsed_secs(now + Duration::seconds(500)), 95);
    }

    #[test]
    fn a_circuit_breaker_rollback_is_a_failure_even_when_the_service_is_steady() {
        let now = t0();
        let mut svc = service("api", 2, 2, RolloutState::Completed, 5, false);
        svc.deployments = vec![dep(
            "ecs-svc/new",
            "api:6",
            DeploymentStatus::Primary,
            RolloutState::InProgress,
            now,
        )];
        let mut w = RolloutWatch::deployment(&svc, "redeploy", td("api:6"), now);
        // ECS marks ours FAILED... or drops it and a rollback deployment of api:5 becomes PRIMARY and completes.
        let mut rollback = dep(
            "ecs-svc/rb",
            "api:5",
            DeploymentStatus::Primary,
            RolloutState::Completed,
            now + Duration::seconds(60),
        );
        rollback.rollout_reason =
            "ECS deployment circuit breaker: rolling back to deploymentId ecs-svc/old.".into();
        svc.deployments = vec![rollback];
        w.observe(&svc, now + Duration::seconds(120));
        assert!(
            matches!(&w.outcome, Some(Outcome::Failed(m)) if m.contains("circuit breaker") && m.contains("api:5")),
            "{:?}",
            w.outcome
        );
    }

    #[test]
    fn a_failed_deployment_is_a_failure() {
        let now = t0();
        let mut svc = service("api", 2, 2, RolloutState::Completed, 5, false);
        svc.deployments = vec![dep(
            "ecs-svc/new",
            "api:6",
            DeploymentStatus::Primary,
            RolloutState::InProgress,
            now,
        )];
        let mut w = RolloutWatch::deployment(&svc, "redeploy", td("api:6"), now);
        let mut failed = dep(
            "ecs-svc/new",
            "api:6",
            DeploymentStatus::Primary,
            RolloutState::Failed,
            now,
        );
        failed.rollout_reason = "ECS deployment circuit breaker: tasks failed to start.".into();
        svc.deployments = vec![failed];
        w.observe(&svc, now + Duration::seconds(30));
        assert!(
            matches!(&w.outcome, Some(Outcome::Failed(m)) if m.contains("tasks failed to start"))
        );
    }

    #[test]
    fn scale_completes_when_running_reaches_the_count() {
        let now = t0();
        let mut svc = service("api", 2, 2, RolloutState::Completed, 5, false);
        let mut w = RolloutWatch::scale(&svc, 4, now);
        svc.deployments[0].desired = 4;
        svc.deployments[0].running = 3;
        svc.deployments[0].pending = 1;
        w.observe(&svc, now + Duration::seconds(20));
        assert_eq!(w.outcome, None);
        assert_eq!((w.running, w.desired), (3, 4));
        svc.deployments[0].running = 4;
        svc.deployments[0].pending = 0;
        w.observe(&svc, now + Duration::seconds(40));
        assert_eq!(w.outcome, Some(Outcome::Completed));
    }
}
