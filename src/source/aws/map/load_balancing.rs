//! ELBv2 target groups, their targets, and load balancer names and dimensions.

use aws_sdk_elasticloadbalancingv2::types as elb;

use crate::model::{Target, TargetGroup, TargetState};

use super::{opt, s};

/// The name of a load balancer from its ARN
/// (`arn:...:loadbalancer/app/NAME/ID` → `NAME`).
pub(crate) fn load_balancer_name(arn: &str) -> String {
    let tail = arn.split_once(":loadbalancer/").map_or(arn, |(_, t)| t);
    let parts: Vec<&str> = tail.split('/').collect();
    match parts.as_slice() {
        [_kind, name, _id] => (*name).to_string(),
        _ => tail.to_string(),
    }
}

/// The CloudWatch `LoadBalancer` dimension of an ALB ARN (`app/NAME/ID`).
pub(crate) fn load_balancer_dimension(arn: &str) -> Option<String> {
    arn.split_once(":loadbalancer/").map(|(_, t)| t.to_string())
}

/// The CloudWatch `TargetGroup` dimension of a target group ARN (`targetgroup/NAME/ID`).
pub(crate) fn target_group_dimension(arn: &str) -> Option<String> {
    arn.rsplit_once(':')
        .map(|(_, t)| t.to_string())
        .filter(|t| t.starts_with("targetgroup/"))
}

fn target_state(s: Option<&elb::TargetHealthStateEnum>) -> TargetState {
    match s {
        Some(elb::TargetHealthStateEnum::Healthy) => TargetState::Healthy,
        Some(elb::TargetHealthStateEnum::Unhealthy)
        | Some(elb::TargetHealthStateEnum::UnhealthyDraining) => TargetState::Unhealthy,
        Some(elb::TargetHealthStateEnum::Initial) => TargetState::Initial,
        Some(elb::TargetHealthStateEnum::Draining) => TargetState::Draining,
        Some(elb::TargetHealthStateEnum::Unavailable) => TargetState::Unavailable,
        _ => TargetState::Unused,
    }
}

/// One target and its health.
pub(crate) fn target(d: &elb::TargetHealthDescription) -> Target {
    let t = d.target();
    let h = d.target_health();
    Target {
        id: s(t.and_then(|t| t.id())),
        port: t
            .and_then(|t| t.port())
            .and_then(|p| u16::try_from(p).ok())
            .unwrap_or(0),
        availability_zone: opt(t.and_then(|t| t.availability_zone())),
        state: target_state(h.and_then(|h| h.state())),
        reason: opt(h.and_then(|h| h.reason()).map(|r| r.as_str())),
        description: opt(h.and_then(|h| h.description())),
    }
}

/// A target group with the health of its targets.
pub(crate) fn target_group(
    g: &elb::TargetGroup,
    health: &[elb::TargetHealthDescription],
) -> TargetGroup {
    let protocol = g.protocol().map(|p| p.as_str().to_string());
    let protocol_port = match (protocol, g.port()) {
        (Some(p), Some(port)) => format!("{p}:{port}"),
        (Some(p), None) => p,
        (None, Some(port)) => port.to_string(),
        (None, None) => String::new(),
    };
    TargetGroup {
        arn: s(g.target_group_arn()),
        name: s(g.target_group_name()),
        protocol_port,
        health_check_path: s(g.health_check_path()),
        load_balancers: g
            .load_balancer_arns()
            .iter()
            .map(|a| load_balancer_name(a))
            .collect(),
        targets: health.iter().map(target).collect(),
    }
}
