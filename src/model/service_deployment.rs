//! Service deployments and service revisions: the history of a service's
//! rollouts as ECS records it (ListServiceDeployments,
//! DescribeServiceDeployments, DescribeServiceRevisions), with the
//! deployment strategy each one ran (ROLLING, BLUE_GREEN, LINEAR, CANARY).

use serde::{Deserialize, Serialize};

use super::Time;

/// Defines an enum of ECS words with `ALL`, `as_str` and `parse`.
macro_rules! ecs_words {
    ($(#[$meta:meta])* $name:ident { $($(#[$vmeta:meta])* $variant:ident => $word:literal,)+ }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
        #[serde(rename_all = "SCREAMING_SNAKE_CASE")]
        pub enum $name {
            $($(#[$vmeta])* $variant,)+
        }

        impl $name {
            /// Every value, in the order ECS documents them.
            pub const ALL: &'static [$name] = &[$($name::$variant,)+];

            /// The ECS spelling.
            pub fn as_str(self) -> &'static str {
                match self {
                    $($name::$variant => $word,)+
                }
            }

            /// Reads the ECS spelling; `None` for a word this build does not know.
            pub fn parse(word: &str) -> Option<Self> {
                match word {
                    $($word => Some($name::$variant),)+
                    _ => None,
                }
            }
        }
    };
}

ecs_words! {
    /// The status of a service deployment.
    ServiceDeploymentStatus {
        /// Created, not started.
        Pending => "PENDING",
        /// Running.
        InProgress => "IN_PROGRESS",
        /// Finished: the target revision serves all traffic.
        Successful => "SUCCESSFUL",
        /// A stop was asked for.
        StopRequested => "STOP_REQUESTED",
        /// Stopped before it finished.
        Stopped => "STOPPED",
        /// A rollback was asked for.
        RollbackRequested => "ROLLBACK_REQUESTED",
        /// Rolling back to the source revision.
        RollbackInProgress => "ROLLBACK_IN_PROGRESS",
        /// Rolled back: the source revision serves all traffic again.
        RollbackSuccessful => "ROLLBACK_SUCCESSFUL",
        /// The rollback itself failed.
        RollbackFailed => "ROLLBACK_FAILED",
    }
}

impl ServiceDeploymentStatus {
    /// Whether ECS is done with the deployment (it will not change again).
    pub fn is_terminal(self) -> bool {
        matches!(
            self,
            Self::Successful | Self::Stopped | Self::RollbackSuccessful | Self::RollbackFailed
        )
    }

    /// Whether the deployment is running or about to (a native rollback can be asked for).
    pub fn is_in_progress(self) -> bool {
        matches!(self, Self::Pending | Self::InProgress)
    }

    /// Whether the deployment did not reach its target: a rollback or a stop,
    /// requested, running or done. Such a rollout failed even when the service
    /// later looks steady.
    pub fn is_failure(self) -> bool {
        matches!(
            self,
            Self::StopRequested
                | Self::Stopped
                | Self::RollbackRequested
                | Self::RollbackInProgress
                | Self::RollbackSuccessful
                | Self::RollbackFailed
        )
    }
}

ecs_words! {
    /// Where a deployment is in its lifecycle.
    LifecycleStage {
        /// ECS is starting the deployment.
        ReconcileService => "RECONCILE_SERVICE",
        /// Before the green tasks start (hooks only).
        PreScaleUp => "PRE_SCALE_UP",
        /// The green tasks start.
        ScaleUp => "SCALE_UP",
        /// The green tasks are up (hooks only).
        PostScaleUp => "POST_SCALE_UP",
        /// Test traffic moves to the green revision.
        TestTrafficShift => "TEST_TRAFFIC_SHIFT",
        /// After the test traffic shift (hooks only).
        PostTestTrafficShift => "POST_TEST_TRAFFIC_SHIFT",
        /// Production traffic moves to the green revision.
        ProductionTrafficShift => "PRODUCTION_TRAFFIC_SHIFT",
        /// After the production traffic shift (hooks only).
        PostProductionTrafficShift => "POST_PRODUCTION_TRAFFIC_SHIFT",
        /// Both revisions run while the new one bakes.
        BakeTime => "BAKE_TIME",
        /// The old revision is removed.
        CleanUp => "CLEAN_UP",
    }
}

ecs_words! {
    /// How a service rolls out a new revision (`deploymentConfiguration.strategy`).
    StrategyKind {
        /// Replace tasks in batches (the classic ECS rolling update).
        Rolling => "ROLLING",
        /// Start the whole new revision, test it, then move all traffic at once.
        BlueGreen => "BLUE_GREEN",
        /// Move production traffic in equal steps.
        Linear => "LINEAR",
        /// Move a small share first, bake, then the rest.
        Canary => "CANARY",
    }
}

ecs_words! {
    /// The state of one lifecycle hook run.
    HookStatus {
        /// The hook target is running.
        InProgress => "IN_PROGRESS",
        /// The hook passed.
        Succeeded => "SUCCEEDED",
        /// The hook failed: the deployment rolls back.
        Failed => "FAILED",
        /// The hook did not answer in time.
        TimedOut => "TIMED_OUT",
        /// The hook waits for an operator.
        AwaitingAction => "AWAITING_ACTION",
    }
}

ecs_words! {
    /// The state of a rollback monitor (circuit breaker or alarms).
    MonitorStatus {
        /// The monitor fired: the deployment rolls back.
        Triggered => "TRIGGERED",
        /// Watching.
        Monitoring => "MONITORING",
        /// Watched the whole deployment without firing.
        MonitoringComplete => "MONITORING_COMPLETE",
        /// Not configured.
        Disabled => "DISABLED",
    }
}

ecs_words! {
    /// What StopServiceDeployment should do.
    StopType {
        /// Roll back to the source revision (ECS's native rollback).
        Rollback => "ROLLBACK",
        /// Stop where it is.
        Abort => "ABORT",
    }
}

/// Canary settings: a share of production traffic first, then the rest.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct CanaryConfig {
    /// Percent of production traffic the canary gets first.
    pub percent: f64,
    /// Minutes the canary bakes before the rest of the traffic moves.
    pub bake_minutes: u32,
}

/// Linear settings: production traffic moves in equal steps.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct LinearConfig {
    /// Percent of production traffic moved per step.
    pub step_percent: f64,
    /// Minutes between steps.
    pub step_bake_minutes: u32,
}

/// A lifecycle hook: a Lambda function ECS calls at some stages.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LifecycleHook {
    /// The hook target (a Lambda function ARN).
    pub target_arn: String,
    /// The stages at which it runs.
    pub stages: Vec<LifecycleStage>,
}

/// The deployment strategy of a service and its settings.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DeploymentStrategy {
    /// ROLLING, BLUE_GREEN, LINEAR or CANARY.
    pub kind: StrategyKind,
    /// Minutes both revisions run after all traffic moved, before the old one
    /// is removed (blue/green, linear, canary).
    pub bake_minutes: Option<u32>,
    /// Canary settings, for CANARY.
    pub canary: Option<CanaryConfig>,
    /// Linear settings, for LINEAR.
    pub linear: Option<LinearConfig>,
    /// Lifecycle hooks.
    pub hooks: Vec<LifecycleHook>,
}

impl Default for DeploymentStrategy {
    fn default() -> Self {
        Self {
            kind: StrategyKind::Rolling,
            bake_minutes: None,
            canary: None,
            linear: None,
            hooks: Vec::new(),
        }
    }
}

/// One run of a lifecycle hook in a deployment.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct HookRun {
    /// ECS's id for the run.
    pub hook_id: String,
    /// The hook target (a Lambda function ARN).
    pub target_arn: String,
    /// The stage it runs at, where known.
    pub stage: Option<LifecycleStage>,
    /// Its state; `None` for a word this build does not know.
    pub status: Option<HookStatus>,
    /// When it times out; `None` when the source does not say.
    pub expires_at: Option<Time>,
}

/// A service revision as a deployment refers to it, with its task counts and
/// the traffic it is asked to carry.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RevisionRef {
    /// Service revision ARN.
    pub arn: String,
    /// Tasks asked for.
    pub requested: u32,
    /// Tasks running.
    pub running: u32,
    /// Tasks pending.
    pub pending: u32,
    /// Percent of test traffic asked for, where the strategy routes test traffic.
    pub test_traffic_weight: Option<f64>,
    /// Percent of production traffic asked for, where the strategy shifts traffic.
    pub production_traffic_weight: Option<f64>,
}

/// The circuit breaker as a deployment saw it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CircuitBreakerRun {
    /// Its state; `None` for a word this build does not know.
    pub status: Option<MonitorStatus>,
    /// Tasks that failed so far.
    pub failures: u32,
    /// Failures at which it rolls back.
    pub threshold: u32,
}

/// The CloudWatch alarms a deployment watches.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct AlarmsRun {
    /// Their state; `None` for a word this build does not know.
    pub status: Option<MonitorStatus>,
    /// The alarms watched.
    pub names: Vec<String>,
    /// The alarms that fired.
    pub triggered: Vec<String>,
}

/// Why and when a deployment was rolled back.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RollbackInfo {
    /// ECS's reason.
    pub reason: String,
    /// When it started; `None` when the source does not say.
    pub started_at: Option<Time>,
    /// The revision it rolled back to.
    pub service_revision_arn: String,
}

/// One service deployment.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ServiceDeployment {
    /// Service deployment ARN.
    pub arn: String,
    /// The service's ARN.
    pub service_arn: String,
    /// The cluster's ARN.
    pub cluster_arn: String,
    /// Its status; `None` for a word this build does not know.
    pub status: Option<ServiceDeploymentStatus>,
    /// ECS's words on the status.
    pub status_reason: String,
    /// Where it is in its lifecycle, while in progress.
    pub lifecycle_stage: Option<LifecycleStage>,
    /// The revisions it replaces.
    pub source_revisions: Vec<RevisionRef>,
    /// The revision it deploys.
    pub target_revision: Option<RevisionRef>,
    /// The strategy it runs; `None` when the source does not say.
    pub strategy: Option<DeploymentStrategy>,
    /// The hook runs of the current stage.
    pub hooks: Vec<HookRun>,
    /// The circuit breaker, where configured.
    pub circuit_breaker: Option<CircuitBreakerRun>,
    /// The alarms, where configured.
    pub alarms: Option<AlarmsRun>,
    /// The rollback, if it rolled back.
    pub rollback: Option<RollbackInfo>,
    /// When it was created.
    pub created_at: Option<Time>,
    /// When it started.
    pub started_at: Option<Time>,
    /// When it finished.
    pub finished_at: Option<Time>,
    /// When it was stopped.
    pub stopped_at: Option<Time>,
    /// When it last changed.
    pub updated_at: Option<Time>,
}

/// Sorts service deployments newest first (by creation time), undated
/// last, ties in their order: the order the history is shown in.
pub(crate) fn sort_newest_first(all: &mut [ServiceDeployment]) {
    all.sort_by(|a, b| match (a.created_at, b.created_at) {
        (Some(x), Some(y)) => y.cmp(&x),
        (Some(_), None) => std::cmp::Ordering::Less,
        (None, Some(_)) => std::cmp::Ordering::Greater,
        (None, None) => std::cmp::Ordering::Equal,
    });
}

impl ServiceDeployment {
    /// The circuit breaker as `failed n/threshold`, `–` when not configured.
    pub fn breaker_text(&self) -> String {
        self.circuit_breaker.as_ref().map_or_else(
            || "–".to_string(),
            |c| format!("failed {}/{}", c.failures, c.threshold),
        )
    }

    /// What went wrong or what ECS says: the rollback reason, the triggered
    /// alarms, else the status reason.
    pub fn reason_text(&self) -> String {
        let mut parts = Vec::new();
        if let Some(r) = &self.rollback {
            parts.push(format!("rollback: {}", r.reason));
        }
        if let Some(a) = self.alarms.as_ref().filter(|a| !a.triggered.is_empty()) {
            parts.push(format!("alarms: {}", a.triggered.join(", ")));
        }
        if parts.is_empty() && !self.status_reason.is_empty() {
            parts.push(self.status_reason.clone());
        }
        parts.join(" · ")
    }

    /// Seconds from its start to its end (or `now` while it runs).
    pub fn took_secs(&self, now: Time) -> Option<i64> {
        let start = self.started_at.or(self.created_at)?;
        let end = self.finished_at.or(self.stopped_at).unwrap_or(now);
        Some((end - start).num_seconds().max(0))
    }

    /// The production traffic weight the target revision is asked to carry.
    pub fn target_traffic(&self) -> Option<f64> {
        self.target_revision
            .as_ref()
            .and_then(|r| r.production_traffic_weight)
    }

    /// The short id (the ARN's last segment).
    pub fn short_id(&self) -> &str {
        super::arn_tail(&self.arn)
    }
}

/// A container image of a service revision, with the digest ECS resolved.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RevisionImage {
    /// Container name.
    pub container_name: String,
    /// The image as written in the task definition.
    pub image: String,
    /// The digest (`sha256:...`) ECS resolved it to.
    pub digest: Option<String>,
}

/// A load balancer of a service revision, with the listener rules a
/// blue/green, linear or canary deployment moves traffic with.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RevisionLoadBalancer {
    /// Target group ARN.
    pub target_group_arn: String,
    /// Container that receives traffic.
    pub container_name: String,
    /// Port on that container.
    pub container_port: Option<u16>,
    /// The target group of the other colour (blue/green, linear, canary).
    pub alternate_target_group_arn: Option<String>,
    /// The production listener rule ARN.
    pub production_listener_rule: Option<String>,
    /// The test listener rule ARN.
    pub test_listener_rule: Option<String>,
}

/// A service revision: what one deployment runs.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ServiceRevision {
    /// Service revision ARN.
    pub arn: String,
    /// The service's ARN.
    pub service_arn: String,
    /// Task definition ARN.
    pub task_definition: String,
    /// Container images with digests.
    pub images: Vec<RevisionImage>,
    /// Load balancers.
    pub load_balancers: Vec<RevisionLoadBalancer>,
    /// When it was created.
    pub created_at: Option<Time>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_word_reads_back() {
        assert_eq!(ServiceDeploymentStatus::ALL.len(), 9);
        assert_eq!(LifecycleStage::ALL.len(), 10);
        for s in ServiceDeploymentStatus::ALL {
            assert_eq!(ServiceDeploymentStatus::parse(s.as_str()), Some(*s));
        }
        for s in LifecycleStage::ALL {
            assert_eq!(LifecycleStage::parse(s.as_str()), Some(*s));
        }
        for s in StrategyKind::ALL {
            assert_eq!(StrategyKind::parse(s.as_str()), Some(*s));
        }
        assert_eq!(StrategyKind::parse("BLUE-GREEN"), None);
    }

    #[test]
    fn outcome_classes_do_not_overlap() {
        for s in ServiceDeploymentStatus::ALL {
            let classes = [
                s.is_in_progress(),
                *s == ServiceDeploymentStatus::Successful,
            ]
            .iter()
            .filter(|b| **b)
            .count();
            assert!(classes <= 1);
            if s.is_failure() {
                assert!(!s.is_in_progress() && *s != ServiceDeploymentStatus::Successful);
            }
        }
        assert!(ServiceDeploymentStatus::RollbackSuccessful.is_failure());
        assert!(ServiceDeploymentStatus::Stopped.is_failure());
        assert!(!ServiceDeploymentStatus::Successful.is_failure());
    }
}
