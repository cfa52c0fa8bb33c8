//! Application Auto Scaling in the simulator: a target tracking policy on
//! average CPU for every flaky service.
//!
//! The policy's service carries a demand that surges to 2.5 times its
//! baseline for 20 minutes of every hour (from minute 3 after the world
//! starts), spread over its running tasks, so CPU per task climbs when the
//! surge starts and falls as tasks are added. Once a minute, when a new
//! metric point closes, the policy scales out when the last 3 points are above
//! the target value (scale-out cooldown 180 s) and in when the last 15 are
//! below 90 % of it (scale-in cooldown 300 s), to
//! `ceil(desired × average / target)` within [min, max], like the alarms
//! Application Auto Scaling creates for a target tracking policy.

use std::collections::{BTreeMap, VecDeque};

use chrono::Duration;

use super::world::World;
use crate::model::{
    PolicyKind, ScalableTarget, ScalingActivity, ScalingPolicy, ServiceScaling, SuspendedState,
    Time, scaling_resource_id,
};

/// Activities kept per target.
const ACTIVITIES_KEPT: usize = 10;
/// Demand during a surge, relative to the baseline.
const SURGE: f64 = 2.5;
/// Minutes of each hour-long cycle during which demand surges.
const SURGE_MINUTES: std::ops::Range<i64> = 3..23;
/// Target CPU percent of the demo policy.
const TARGET_CPU: f64 = 40.0;
/// Scale-out cooldown, seconds.
const SCALE_OUT_COOLDOWN_S: u32 = 180;
/// Scale-in cooldown, seconds.
const SCALE_IN_COOLDOWN_S: u32 = 300;
/// Points above target that trigger a scale-out.
const OUT_POINTS: usize = 3;
/// Points below 90 % of target that trigger a scale-in.
const IN_POINTS: usize = 15;

/// The scalable target and policy of one simulated service.
#[derive(Debug, Clone)]
pub(crate) struct SimTarget {
    /// The target as Application Auto Scaling reports it.
    pub(crate) target: ScalableTarget,
    /// The one policy.
    pub(crate) policy: ScalingPolicy,
    /// Tasks that carry the baseline demand at the baseline CPU.
    pub(crate) baseline_tasks: u32,
    /// Activities, newest first.
    pub(crate) activities: VecDeque<ScalingActivity>,
    /// The last metric point evaluated.
    pub(crate) evaluated: Option<Time>,
    /// The last scale-out.
    pub(crate) last_out: Option<Time>,
    /// The last scale-in.
    pub(crate) last_in: Option<Time>,
}

/// Every scalable target of the world, by service index.
#[derive(Debug, Clone, Default)]
pub(crate) struct SimScaling {
    /// When the world started (the surge cycle's origin).
    pub(crate) start: Option<Time>,
    /// Targets by service index.
    pub(crate) targets: BTreeMap<usize, SimTarget>,
}

/// Gives every flaky service a scalable target (min = its desired count,
/// max = three times it) and a CPU target tracking policy.
pub(crate) fn attach_defaults(w: &mut World) {
    w.scaling.start = Some(w.now);
    let now = w.now;
    for (i, s) in w.services.iter().enumerate() {
        if !s.flaky || s.svc.desired == 0 {
            continue;
        }
        let desired = s.svc.desired;
        w.scaling.targets.insert(
            i,
            SimTarget {
                target: ScalableTarget {
                    resource_id: scaling_resource_id(&s.svc.cluster, &s.svc.name),
                    min: desired,
                    max: desired * 3,
                    suspended: SuspendedState::default(),
                    created_at: Some(now - Duration::days(30)),
                },
                policy: ScalingPolicy {
                    name: format!("{}-cpu{}", s.svc.name, TARGET_CPU as u32),
                    kind: PolicyKind::TargetTracking {
                        metric: "ECSServiceAverageCPUUtilization".into(),
                        target: TARGET_CPU,
                        scale_in_cooldown: Some(SCALE_IN_COOLDOWN_S),
                        scale_out_cooldown: Some(SCALE_OUT_COOLDOWN_S),
                        disable_scale_in: false,
                    },
                },
                baseline_tasks: desired,
                activities: VecDeque::new(),
                evaluated: None,
                last_out: None,
                last_in: None,
            },
        );
    }
}

/// The factor by which service `i`'s CPU per task differs from its baseline
/// at `at` with `running` tasks (1 for services without a target).
pub(crate) fn cpu_factor(w: &World, i: usize, at: Time, running: u32) -> f64 {
    let Some(t) = w.scaling.targets.get(&i) else {
        return 1.0;
    };
    let surging = w.scaling.start.is_some_and(|start| {
        let minute = (at - start).num_minutes();
        minute >= 0 && SURGE_MINUTES.contains(&minute.rem_euclid(60))
    });
    let demand = if surging { SURGE } else { 1.0 };
    demand * f64::from(t.baseline_tasks) / f64::from(running.max(1))
}

/// Evaluates each policy on the newest metric point, once per point.
pub(crate) fn on_tick(w: &mut World) {
    let indices: Vec<usize> = w.scaling.targets.keys().copied().collect();
    for i in indices {
        evaluate(w, i);
    }
}

fn evaluate(w: &mut World, i: usize) {
    let now = w.now;
    let Some(s) = w.services.get(i) else { return };
    let cpu: Vec<f64> = s.metrics.points.iter().map(|(_, v)| v[0]).collect();
    let newest = s.metrics.points.back().map(|(at, _)| *at);
    let desired = s.svc.desired;
    let Some(t) = w.scaling.targets.get_mut(&i) else {
        return;
    };
    if newest.is_none() || newest == t.evaluated {
        return;
    }
    t.evaluated = newest;
    let tail = |n: usize| -> Option<&[f64]> { cpu.len().checked_sub(n).map(|from| &cpu[from..]) };
    let avg = |v: &[f64]| v.iter().sum::<f64>() / v.len().max(1) as f64;
    let cooled = |last: Option<Time>, secs: u32| {
        last.is_none_or(|l| now - l >= Duration::seconds(i64::from(secs)))
    };
    let wanted = |v: &[f64]| (f64::from(desired) * avg(v) / TARGET_CPU).ceil() as u32;
    let mut change: Option<(u32, &str, f64)> = None;
    if let Some(v) = tail(OUT_POINTS)
        && v.iter().all(|&c| c > TARGET_CPU)
        && !t.target.suspended.dynamic_out
        && cooled(t.last_out, SCALE_OUT_COOLDOWN_S)
    {
        let n = wanted(v).clamp(t.target.min, t.target.max);
        if n > desired {
            change = Some((n, "AlarmHigh", avg(v)));
        }
    } else if let Some(v) = tail(IN_POINTS)
        && v.iter().all(|&c| c < TARGET_CPU * 0.9)
        && !t.target.suspended.dynamic_in
        && cooled(t.last_in, SCALE_IN_COOLDOWN_S)
        && cooled(t.last_out, SCALE_IN_COOLDOWN_S)
    {
        let n = wanted(v).clamp(t.target.min, t.target.max);
        if n < desired {
            change = Some((n, "AlarmLow", avg(v)));
        }
    }
    let Some((n, alarm, value)) = change else {
        return;
    };
    if n > desired {
        t.last_out = Some(now);
    } else {
        t.last_in = Some(now);
    }
    let cause = format!(
        "monitor alarm TargetTracking-{}-{alarm} in state ALARM triggered policy {} \
         (CPU {value:.1} against target {TARGET_CPU})",
        t.target.resource_id, t.policy.name
    );
    record(t, now, n, cause);
    set_desired(w, i, n);
}

fn record(t: &mut SimTarget, now: Time, n: u32, cause: String) {
    t.activities.push_front(ScalingActivity {
        description: format!("Setting desired count to {n}."),
        cause,
        status: "Successful".into(),
        status_message: Some(format!(
            "Successfully set desired count to {n}. Change successfully fulfilled by ecs."
        )),
        started_at: Some(now),
        ended_at: Some(now),
    });
    t.activities.truncate(ACTIVITIES_KEPT);
}

/// Sets the desired count of service `i` as UpdateService does.
fn set_desired(w: &mut World, i: usize, n: u32) {
    if let Some(s) = w.services.get_mut(i) {
        s.svc.desired = n;
        if let Some(p) = s.svc.deployments.first_mut() {
            p.desired = n;
        }
    }
}

/// The autoscaling of service `i`, if it has a target.
pub(crate) fn service_scaling(w: &World, i: usize, detail: bool) -> Option<ServiceScaling> {
    let t = w.scaling.targets.get(&i)?;
    let s = w.services.get(i)?;
    Some(ServiceScaling {
        service: s.svc.name.clone(),
        target: t.target.clone(),
        policies: if detail {
            vec![t.policy.clone()]
        } else {
            Vec::new()
        },
        activities: if detail {
            t.activities.iter().cloned().collect()
        } else {
            Vec::new()
        },
        activities_error: None,
        detailed: detail,
    })
}

/// RegisterScalableTarget: new bounds; a desired count outside them is moved
/// inside, as Application Auto Scaling does. `None` when `i` has no target.
pub(crate) fn register(w: &mut World, i: usize, min: u32, max: u32) -> Option<ScalableTarget> {
    let now = w.now;
    let desired = w.services.get(i)?.svc.desired;
    let t = w.scaling.targets.get_mut(&i)?;
    t.target.min = min;
    t.target.max = max;
    let target = t.target.clone();
    let clamped = desired.clamp(min, max);
    if clamped != desired {
        let which = if clamped > desired {
            "minimum"
        } else {
            "maximum"
        };
        record(
            t,
            now,
            clamped,
            format!("{which} capacity was set to {clamped}"),
        );
        set_desired(w, i, clamped);
    }
    Some(target)
}
