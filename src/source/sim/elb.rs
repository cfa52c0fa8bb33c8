//! ALB target health: registration (`initial`), health check verdicts after
//! threshold × interval, draining on deregistration, and target group views.

use chrono::Duration;

use super::world::{SimTarget, SimTargetGroup, SimTask, World};
use crate::model::{Target, TargetGroup, TargetState, Time};

/// A new registration: `initial` until the health checks reach their verdict.
pub(crate) fn register(g: &SimTargetGroup, bad: bool, now: Time) -> SimTarget {
    let checks = if bad {
        g.unhealthy_threshold
    } else {
        g.healthy_threshold
    };
    SimTarget {
        state: TargetState::Initial,
        reason: Some("Elb.RegistrationInProgress"),
        description: Some("Target registration is in progress".into()),
        changes_at: Some(now + Duration::seconds(checks * g.interval_s)),
    }
}

/// Moves an `initial` target to its verdict once enough checks have run.
pub(crate) fn step_target(t: &mut SimTask, _g: &SimTargetGroup, now: Time) {
    let bad = t.bad;
    let Some(target) = &mut t.target else {
        return;
    };
    if target.state != TargetState::Initial || target.changes_at.is_none_or(|c| now < c) {
        return;
    }
    target.changes_at = None;
    if bad {
        target.state = TargetState::Unhealthy;
        target.reason = Some("Target.FailedHealthChecks");
        target.description = Some("Health checks failed with these codes: [503]".into());
    } else {
        target.state = TargetState::Healthy;
        target.reason = None;
        target.description = None;
    }
}

/// The target group `i` as DescribeTargetGroups + DescribeTargetHealth report it.
pub(crate) fn snapshot(w: &World, i: usize) -> Option<TargetGroup> {
    let g = w.target_groups.get(i)?;
    let mut targets = Vec::new();
    if let Some(s) = w.services.get(g.service) {
        for seq in &s.tasks {
            let Some(t) = w.tasks.get(seq) else { continue };
            let (Some(x), Some(ip)) = (&t.target, &t.task.private_ip) else {
                continue;
            };
            targets.push(Target {
                id: ip.clone(),
                port: g.port,
                availability_zone: Some(t.task.availability_zone.clone()),
                state: x.state,
                reason: x.reason.map(str::to_string),
                description: x.description.clone(),
            });
        }
    }
    Some(TargetGroup {
        arn: g.arn.clone(),
        name: g.name.clone(),
        protocol_port: format!("HTTP:{}", g.port),
        health_check_path: g.path.clone(),
        load_balancers: vec![g.lb_name.clone()],
        targets,
    })
}
