//! ECS clusters, services and their deployments.

use aws_sdk_ecs::types as ecs;

use crate::model::{
    CircuitBreaker, Cluster, Deployment, DeploymentStatus, LoadBalancerRef, RolloutState, Service,
    ServiceEvent, arn_tail,
};

use super::{count, opt, opt_time, present, s};

/// An ECS cluster.
pub(crate) fn cluster(c: &ecs::Cluster) -> Cluster {
    Cluster {
        name: s(c.cluster_name()),
        arn: s(c.cluster_arn()),
        status: s(c.status()),
        active_services: count(c.active_services_count()),
        running_tasks: count(c.running_tasks_count()),
        pending_tasks: count(c.pending_tasks_count()),
    }
}

fn deployment_status(s: Option<&str>) -> DeploymentStatus {
    match s {
        Some("PRIMARY") => DeploymentStatus::Primary,
        Some("INACTIVE") => DeploymentStatus::Inactive,
        _ => DeploymentStatus::Active,
    }
}

/// One deployment. Without a rollout state (older APIs, emulators) it is
/// derived from the counts.
pub(crate) fn deployment(d: &ecs::Deployment) -> Deployment {
    let rollout_state = match d.rollout_state() {
        Some(ecs::DeploymentRolloutState::Completed) => RolloutState::Completed,
        Some(ecs::DeploymentRolloutState::Failed) => RolloutState::Failed,
        Some(ecs::DeploymentRolloutState::InProgress) => RolloutState::InProgress,
        _ if d.running_count() >= d.desired_count() && d.pending_count() == 0 => {
            RolloutState::Completed
        }
        _ => RolloutState::InProgress,
    };
    let created_at = opt_time(d.created_at());
    Deployment {
        id: s(d.id()),
        status: deployment_status(d.status()),
        task_definition: s(d.task_definition()),
        desired: count(d.desired_count()),
        pending: count(d.pending_count()),
        running: count(d.running_count()),
        failed: count(d.failed_tasks()),
        rollout_state,
        rollout_reason: s(d.rollout_state_reason()),
        created_at,
        updated_at: opt_time(d.updated_at()).or(created_at),
    }
}

/// An ECS service of cluster `cluster` (used when the service carries no cluster ARN).
pub(crate) fn service(v: &ecs::Service, cluster: &str) -> Service {
    let mut deployments: Vec<Deployment> = v.deployments().iter().map(deployment).collect();
    // PRIMARY first, then newest first; undated ones last.
    deployments.sort_by(|a, b| {
        (a.status != DeploymentStatus::Primary)
            .cmp(&(b.status != DeploymentStatus::Primary))
            .then(b.created_at.cmp(&a.created_at))
    });
    let mut events: Vec<ServiceEvent> = v
        .events()
        .iter()
        .map(|e| ServiceEvent {
            id: s(e.id()),
            created_at: opt_time(e.created_at()),
            message: s(e.message()),
        })
        .collect();
    // Newest first; undated ones last (`None` is the smallest), in ECS's order.
    events.sort_by_key(|e| std::cmp::Reverse(e.created_at));
    let dc = v.deployment_configuration();
    let breaker = dc.and_then(|c| c.deployment_circuit_breaker());
    let launch_type = opt(v.launch_type().map(|l| l.as_str()))
        .or_else(|| {
            v.capacity_provider_strategy()
                .first()
                .and_then(|c| opt(Some(c.capacity_provider())))
        })
        .unwrap_or_default();
    let primary_td = deployments
        .iter()
        .find(|d| d.status == DeploymentStatus::Primary)
        .map(|d| d.task_definition.clone());
    Service {
        name: s(v.service_name()),
        arn: s(v.service_arn()),
        cluster: present(v.cluster_arn())
            .map(|a| arn_tail(a).to_string())
            .unwrap_or_else(|| arn_tail(cluster).to_string()),
        status: s(v.status()),
        desired: count(v.desired_count()),
        running: count(v.running_count()),
        pending: count(v.pending_count()),
        task_definition: opt(v.task_definition()).or(primary_td).unwrap_or_default(),
        launch_type,
        deployments,
        events,
        circuit_breaker: CircuitBreaker {
            enable: breaker.is_some_and(|b| b.enable()),
            rollback: breaker.is_some_and(|b| b.rollback()),
        },
        minimum_healthy_percent: dc
            .and_then(|c| c.minimum_healthy_percent())
            .map_or(100, count),
        maximum_percent: dc.and_then(|c| c.maximum_percent()).map_or(200, count),
        load_balancers: v
            .load_balancers()
            .iter()
            .filter_map(|lb| {
                Some(LoadBalancerRef {
                    target_group_arn: opt(lb.target_group_arn())?,
                    container_name: s(lb.container_name()),
                    container_port: lb
                        .container_port()
                        .and_then(|p| u16::try_from(p).ok())
                        .unwrap_or(0),
                })
            })
            .collect(),
        created_at: opt_time(v.created_at()),
        enable_execute_command: v.enable_execute_command(),
        current_service_deployment: opt(v.current_service_deployment()),
    }
}
