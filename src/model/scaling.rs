//! Application Auto Scaling of ECS services: the scalable target (minimum,
//! maximum, suspended state), its policies and its recent activities.

use serde::{Deserialize, Serialize};

use super::Time;

/// The Application Auto Scaling resource id of a service: `service/CLUSTER/NAME`.
pub fn scaling_resource_id(cluster: &str, service: &str) -> String {
    format!("service/{cluster}/{service}")
}

/// Which scaling the target has suspended (RegisterScalableTarget `SuspendedState`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SuspendedState {
    /// Scale-in by target tracking and step policies is suspended.
    pub dynamic_in: bool,
    /// Scale-out by target tracking and step policies is suspended.
    pub dynamic_out: bool,
    /// Scheduled actions are suspended.
    pub scheduled: bool,
}

impl SuspendedState {
    /// Whether anything is suspended.
    pub fn any(&self) -> bool {
        self.dynamic_in || self.dynamic_out || self.scheduled
    }

    /// `scale-in, scale-out` style list of what is suspended.
    pub fn describe(&self) -> String {
        let parts: Vec<&str> = [
            (self.dynamic_in, "scale-in"),
            (self.dynamic_out, "scale-out"),
            (self.scheduled, "scheduled"),
        ]
        .iter()
        .filter(|(on, _)| *on)
        .map(|(_, s)| *s)
        .collect();
        parts.join(", ")
    }
}

/// The scalable target of a service's desired count.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ScalableTarget {
    /// `service/CLUSTER/NAME`.
    pub resource_id: String,
    /// Minimum capacity.
    pub min: u32,
    /// Maximum capacity.
    pub max: u32,
    /// What is suspended.
    pub suspended: SuspendedState,
    /// When the target was registered, where the source says.
    pub created_at: Option<Time>,
}

/// One step of a step scaling policy (bounds relative to the alarm threshold).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ScalingStep {
    /// Lower bound, inclusive; `None` is minus infinity.
    pub lower: Option<f64>,
    /// Upper bound, exclusive; `None` is infinity.
    pub upper: Option<f64>,
    /// Capacity change.
    pub adjustment: i32,
}

/// What a policy does.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum PolicyKind {
    /// Keeps a metric at a target value.
    TargetTracking {
        /// Metric: a predefined type (`ECSServiceAverageCPUUtilization`) or `Namespace/MetricName`.
        metric: String,
        /// Target value.
        target: f64,
        /// Seconds after a scale-in before another.
        scale_in_cooldown: Option<u32>,
        /// Seconds after a scale-out before another.
        scale_out_cooldown: Option<u32>,
        /// Whether the policy never scales in.
        disable_scale_in: bool,
    },
    /// Changes capacity by steps when an alarm fires.
    StepScaling {
        /// `ChangeInCapacity`, `ExactCapacity` or `PercentChangeInCapacity`.
        adjustment_type: String,
        /// Steps.
        steps: Vec<ScalingStep>,
        /// Cooldown, seconds.
        cooldown: Option<u32>,
    },
    /// A policy type ecsdeck does not describe (its AWS name).
    Other(String),
}

/// A scaling policy of a service.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ScalingPolicy {
    /// Policy name.
    pub name: String,
    /// What it does.
    pub kind: PolicyKind,
}

/// A short name of a predefined metric (`CPU` for `ECSServiceAverageCPUUtilization`).
fn metric_label(metric: &str) -> &str {
    match metric {
        "ECSServiceAverageCPUUtilization" => "CPU",
        "ECSServiceAverageMemoryUtilization" => "memory",
        "ALBRequestCountPerTarget" => "requests/target",
        m => m,
    }
}

impl ScalingPolicy {
    /// A few words: `CPU at 40`, `step scaling (2 steps)`.
    pub fn short(&self) -> String {
        match &self.kind {
            PolicyKind::TargetTracking { metric, target, .. } => {
                format!("{} at {target}", metric_label(metric))
            }
            PolicyKind::StepScaling { steps, .. } => {
                format!("step scaling ({} steps)", steps.len())
            }
            PolicyKind::Other(t) => t.clone(),
        }
    }

    /// One line: `CPU 50% (in 300s / out 60s)` or `3 steps, ChangeInCapacity`.
    pub fn summary(&self) -> String {
        let secs = |s: Option<u32>| s.map_or_else(|| "–".to_string(), |s| format!("{s}s"));
        match &self.kind {
            PolicyKind::TargetTracking {
                metric,
                target,
                scale_in_cooldown,
                scale_out_cooldown,
                disable_scale_in,
            } => {
                let metric = metric_label(metric);
                let no_in = if *disable_scale_in {
                    ", no scale-in"
                } else {
                    ""
                };
                format!(
                    "target tracking: {metric} at {target} (cooldown in {} / out {}){no_in}",
                    secs(*scale_in_cooldown),
                    secs(*scale_out_cooldown)
                )
            }
            PolicyKind::StepScaling {
                adjustment_type,
                steps,
                cooldown,
            } => {
                let steps: Vec<String> = steps
                    .iter()
                    .map(|s| {
                        let b = |v: Option<f64>, inf: &str| {
                            v.map_or(inf.to_string(), |v| v.to_string())
                        };
                        format!(
                            "[{}, {}) {:+}",
                            b(s.lower, "-inf"),
                            b(s.upper, "inf"),
                            s.adjustment
                        )
                    })
                    .collect();
                format!(
                    "step scaling ({adjustment_type}, cooldown {}): {}",
                    secs(*cooldown),
                    steps.join(" ")
                )
            }
            PolicyKind::Other(t) => t.clone(),
        }
    }
}

/// One scaling activity, newest first in [`ServiceScaling::activities`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ScalingActivity {
    /// What was done (`Setting desired count to 4.`).
    pub description: String,
    /// Why (the alarm and policy).
    pub cause: String,
    /// `Successful`, `InProgress`, `Failed`, ...
    pub status: String,
    /// Status detail, if any.
    pub status_message: Option<String>,
    /// When it started.
    pub started_at: Option<Time>,
    /// When it ended.
    pub ended_at: Option<Time>,
}

/// A service's autoscaling: its target, policies and last activities.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ServiceScaling {
    /// Service name.
    pub service: String,
    /// The scalable target.
    pub target: ScalableTarget,
    /// Policies (empty when only the target was fetched or none exist).
    pub policies: Vec<ScalingPolicy>,
    /// Last activities, newest first (empty when only the target was fetched).
    pub activities: Vec<ScalingActivity>,
    /// Why the activities could not be read (the target and policies still
    /// arrived).
    pub activities_error: Option<String>,
    /// Whether policies and activities were fetched (not only the target).
    pub detailed: bool,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resource_id_and_summaries() {
        assert_eq!(scaling_resource_id("prod", "api"), "service/prod/api");
        let tt = ScalingPolicy {
            name: "cpu".into(),
            kind: PolicyKind::TargetTracking {
                metric: "ECSServiceAverageCPUUtilization".into(),
                target: 40.0,
                scale_in_cooldown: Some(300),
                scale_out_cooldown: None,
                disable_scale_in: true,
            },
        };
        assert_eq!(tt.short(), "CPU at 40");
        assert_eq!(
            tt.summary(),
            "target tracking: CPU at 40 (cooldown in 300s / out –), no scale-in"
        );
        let step = ScalingPolicy {
            name: "s".into(),
            kind: PolicyKind::StepScaling {
                adjustment_type: "ChangeInCapacity".into(),
                steps: vec![
                    ScalingStep {
                        lower: Some(0.0),
                        upper: Some(10.0),
                        adjustment: 1,
                    },
                    ScalingStep {
                        lower: Some(10.0),
                        upper: None,
                        adjustment: 3,
                    },
                ],
                cooldown: Some(60),
            },
        };
        assert_eq!(
            step.summary(),
            "step scaling (ChangeInCapacity, cooldown 60s): [0, 10) +1 [10, inf) +3"
        );
        let s = SuspendedState {
            dynamic_in: true,
            scheduled: true,
            ..Default::default()
        };
        assert!(s.any());
        assert_eq!(s.describe(), "scale-in, scheduled");
    }
}
