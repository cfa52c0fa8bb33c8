//! Application Auto Scaling of ECS services: scalable targets, policies and
//! activities (reads), RegisterScalableTarget (the write).
//!
//! DescribeScalableTargets takes up to 50 resource ids, so the targets of the
//! services on screen cost one call per 50. DescribeScalingPolicies and
//! DescribeScalingActivities take one resource id each: they are asked only
//! for services that have a target, and only when the view shows them
//! (`detail`), with the capped fan-out. Listing the whole namespace instead
//! would cost a page per 50 policies of the account on every refresh.

use aws_sdk_applicationautoscaling::types::{
    PolicyType, ScalableDimension, ServiceNamespace, SuspendedState as SdkSuspended,
};

use crate::model::{
    PolicyKind, ScalableTarget, ScalingActivity, ScalingPolicy, ScalingStep, ServiceScaling,
    SuspendedState, scaling_resource_id,
};
use crate::source::SourceResult;

use super::errors::Subject;
use super::fanout::{batches, fan_out};
use super::{AwsSource, api_names, map};

/// DescribeScalableTargets takes at most 50 resource ids.
pub(crate) const TARGETS_PER_DESCRIBE: usize = 50;
/// Activities shown per service.
const ACTIVITIES: i32 = 10;

impl AwsSource {
    /// Cost: ceil(N/50) DescribeScalableTargets, plus with `detail` one
    /// DescribeScalingPolicies and one DescribeScalingActivities per
    /// autoscaled service.
    pub(super) async fn describe_scaling(
        &self,
        cluster: &str,
        services: &[String],
        detail: bool,
    ) -> SourceResult<Vec<ServiceScaling>> {
        let ids: Vec<String> = services
            .iter()
            .map(|s| scaling_resource_id(cluster, s))
            .collect();
        let pages = fan_out(
            batches(&ids, TARGETS_PER_DESCRIBE),
            self.fanout,
            |b| async move {
                self.record(api_names::DESCRIBE_SCALABLE_TARGETS);
                let out = self
                    .autoscaling
                    .describe_scalable_targets()
                    .service_namespace(ServiceNamespace::Ecs)
                    .scalable_dimension(ScalableDimension::EcsServiceDesiredCount)
                    .set_resource_ids(Some(b))
                    .send()
                    .await
                    .map_err(|e| {
                        self.err(api_names::DESCRIBE_SCALABLE_TARGETS, &e, Subject::None)
                    })?;
                Ok(out.scalable_targets().to_vec())
            },
        )
        .await?;
        let targets: Vec<(String, ScalableTarget)> = pages
            .into_iter()
            .flatten()
            .filter_map(|t| {
                let name = services
                    .iter()
                    .find(|s| scaling_resource_id(cluster, s) == t.resource_id())?;
                Some((name.clone(), scalable_target(&t)))
            })
            .collect();
        if !detail {
            return Ok(targets
                .into_iter()
                .map(|(service, target)| ServiceScaling {
                    service,
                    target,
                    policies: Vec::new(),
                    activities: Vec::new(),
                    activities_error: None,
                    detailed: false,
                })
                .collect());
        }
        fan_out(targets, self.fanout, |(service, target)| async move {
            let (policies, activities) = futures::join!(
                self.scaling_policies(&target.resource_id),
                self.scaling_activities(&target.resource_id)
            );
            // Without the activities the target and policies still count.
            let (activities, activities_error) = match activities {
                Ok(a) => (a, None),
                Err(e) => (Vec::new(), Some(e.to_string())),
            };
            Ok(ServiceScaling {
                service,
                target,
                policies: policies?,
                activities,
                activities_error,
                detailed: true,
            })
        })
        .await
    }

    async fn scaling_policies(&self, resource_id: &str) -> SourceResult<Vec<ScalingPolicy>> {
        let mut out = Vec::new();
        let mut token: Option<String> = None;
        loop {
            self.record(api_names::DESCRIBE_SCALING_POLICIES);
            let page = self
                .autoscaling
                .describe_scaling_policies()
                .service_namespace(ServiceNamespace::Ecs)
                .scalable_dimension(ScalableDimension::EcsServiceDesiredCount)
                .resource_id(resource_id)
                .set_next_token(token.take())
                .send()
                .await
                .map_err(|e| self.err(api_names::DESCRIBE_SCALING_POLICIES, &e, Subject::None))?;
            out.extend(page.scaling_policies().iter().map(scaling_policy));
            match page.next_token() {
                Some(t) if !t.is_empty() => token = Some(t.to_string()),
                _ => break,
            }
        }
        Ok(out)
    }

    async fn scaling_activities(&self, resource_id: &str) -> SourceResult<Vec<ScalingActivity>> {
        self.record(api_names::DESCRIBE_SCALING_ACTIVITIES);
        let page = self
            .autoscaling
            .describe_scaling_activities()
            .service_namespace(ServiceNamespace::Ecs)
            .scalable_dimension(ScalableDimension::EcsServiceDesiredCount)
            .resource_id(resource_id)
            .max_results(ACTIVITIES)
            .send()
            .await
            .map_err(|e| self.err(api_names::DESCRIBE_SCALING_ACTIVITIES, &e, Subject::None))?;
        let mut v: Vec<ScalingActivity> = page
            .scaling_activities()
            .iter()
            .map(scaling_activity)
            .collect();
        // Newest first; undated ones (None sorts lowest) last.
        v.sort_by_key(|a| std::cmp::Reverse(a.started_at));
        Ok(v)
    }

    /// RegisterScalableTarget with a new minimum and maximum (the suspended
    /// state and role are left as they are), then the target read back.
    pub(super) async fn do_register_scalable_target(
        &self,
        cluster: &str,
        service: &str,
        min: u32,
        max: u32,
    ) -> SourceResult<ScalableTarget> {
        let id = scaling_resource_id(cluster, service);
        let cap = |v: u32| i32::try_from(v).unwrap_or(i32::MAX);
        self.record(api_names::REGISTER_SCALABLE_TARGET);
        self.autoscaling_writes
            .register_scalable_target()
            .service_namespace(ServiceNamespace::Ecs)
            .scalable_dimension(ScalableDimension::EcsServiceDesiredCount)
            .resource_id(&id)
            .min_capacity(cap(min))
            .max_capacity(cap(max))
            .send()
            .await
            .map_err(|e| {
                self.err(
                    api_names::REGISTER_SCALABLE_TARGET,
                    &e,
                    Subject::Service(cluster, service),
                )
            })?;
        let back = self
            .describe_scaling(cluster, &[service.to_string()], false)
            .await?;
        Ok(back.into_iter().next().map_or(
            ScalableTarget {
                resource_id: id,
                min,
                max,
                suspended: SuspendedState::default(),
                created_at: None,
            },
            |s| s.target,
        ))
    }
}

fn count(v: i32) -> u32 {
    u32::try_from(v).unwrap_or(0)
}

/// Maps an SDK scalable target.
pub(crate) fn scalable_target(
    t: &aws_sdk_applicationautoscaling::types::ScalableTarget,
) -> ScalableTarget {
    ScalableTarget {
        resource_id: t.resource_id().to_string(),
        min: count(t.min_capacity()),
        max: count(t.max_capacity()),
        suspended: t.suspended_state().map(suspended).unwrap_or_default(),
        created_at: map::time(t.creation_time()),
    }
}

fn suspended(s: &SdkSuspended) -> SuspendedState {
    SuspendedState {
        dynamic_in: s.dynamic_scaling_in_suspended().unwrap_or(false),
        dynamic_out: s.dynamic_scaling_out_suspended().unwrap_or(false),
        scheduled: s.scheduled_scaling_suspended().unwrap_or(false),
    }
}

/// Maps an SDK scaling policy.
pub(crate) fn scaling_policy(
    p: &aws_sdk_applicationautoscaling::types::ScalingPolicy,
) -> ScalingPolicy {
    let secs = |v: Option<i32>| v.and_then(|v| u32::try_from(v).ok());
    let kind = match (
        p.policy_type(),
        p.target_tracking_scaling_policy_configuration(),
        p.step_scaling_policy_configuration(),
    ) {
        (PolicyType::TargetTrackingScaling, Some(c), _) => {
            let metric = match (
                c.predefined_metric_specification(),
                c.customized_metric_specification(),
            ) {
                (Some(p), _) => p.predefined_metric_type().as_str().to_string(),
                (None, Some(m)) => format!(
                    "{}/{}",
                    m.namespace().unwrap_or("metric math"),
                    m.metric_name().unwrap_or("expression")
                ),
                (None, None) => "custom".to_string(),
            };
            PolicyKind::TargetTracking {
                metric,
                target: c.target_value(),
                scale_in_cooldown: secs(c.scale_in_cooldown()),
                scale_out_cooldown: secs(c.scale_out_cooldown()),
                disable_scale_in: c.disable_scale_in().unwrap_or(false),
            }
        }
        (PolicyType::StepScaling, _, Some(c)) => PolicyKind::StepScaling {
            adjustment_type: c
                .adjustment_type()
                .map_or("ChangeInCapacity", |a| a.as_str())
                .to_string(),
            steps: c
                .step_adjustments()
                .iter()
                .map(|s| ScalingStep {
                    lower: s.metric_interval_lower_bound(),
                    upper: s.metric_interval_upper_bound(),
                    adjustment: s.scaling_adjustment(),
                })
                .collect(),
            cooldown: secs(c.cooldown()),
        },
        (t, _, _) => PolicyKind::Other(t.as_str().to_string()),
    };
    ScalingPolicy {
        name: p.policy_name().to_string(),
        kind,
    }
}

/// Maps an SDK scaling activity.
pub(crate) fn scaling_activity(
    a: &aws_sdk_applicationautoscaling::types::ScalingActivity,
) -> ScalingActivity {
    ScalingActivity {
        description: a.description().to_string(),
        cause: a.cause().to_string(),
        status: a.status_code().as_str().to_string(),
        status_message: a.status_message().map(str::to_string),
        started_at: map::time(a.start_time()),
        ended_at: a.end_time().and_then(map::time),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use aws_sdk_applicationautoscaling::types::{
        ScalingActivity as SdkActivity, ScalingActivityStatusCode,
    };
    use aws_smithy_types::DateTime;

    #[test]
    fn activities_map_cause_status_and_times() {
        let a = SdkActivity::builder()
            .activity_id("1")
            .service_namespace(ServiceNamespace::Ecs)
            .resource_id("service/prod/api")
            .scalable_dimension(ScalableDimension::EcsServiceDesiredCount)
            .description("Setting desired count to 4.")
            .cause("monitor alarm X in state ALARM triggered policy cpu")
            .start_time(DateTime::from_secs(1_767_225_600))
            .end_time(DateTime::from_secs(1_767_225_660))
            .status_code(ScalingActivityStatusCode::Failed)
            .status_message("Failed to set desired count to 4")
            .build()
            .expect("activity");
        let m = scaling_activity(&a);
        assert_eq!(m.description, "Setting desired count to 4.");
        assert!(m.cause.contains("triggered policy cpu"));
        assert_eq!(m.status, "Failed");
        assert_eq!(
            m.status_message.as_deref(),
            Some("Failed to set desired count to 4")
        );
        assert_eq!(m.started_at.map(|t| t.timestamp()), Some(1_767_225_600));
        assert_eq!(m.ended_at.map(|t| t.timestamp()), Some(1_767_225_660));
    }
}
