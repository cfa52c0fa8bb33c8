//! ECS task definitions and tasks.

use aws_sdk_ecs::types as ecs;

use crate::model::{
    Container, ContainerDefinition, HealthStatus, LogConfig, Task, TaskDefinition, TaskStatus,
    arn_tail, task_def_revision,
};

use super::{opt, opt_time, present, s};

fn health(h: Option<&ecs::HealthStatus>) -> HealthStatus {
    match h {
        Some(ecs::HealthStatus::Healthy) => HealthStatus::Healthy,
        Some(ecs::HealthStatus::Unhealthy) => HealthStatus::Unhealthy,
        _ => HealthStatus::Unknown,
    }
}

fn task_status(s: Option<&str>, default: TaskStatus) -> TaskStatus {
    s.and_then(TaskStatus::parse).unwrap_or(default)
}

/// The awslogs options of a container definition.
pub(crate) fn log_config(c: &ecs::ContainerDefinition) -> Option<LogConfig> {
    let lc = c.log_configuration()?;
    if lc.log_driver() != &ecs::LogDriver::Awslogs {
        return None;
    }
    let opts = lc.options()?;
    let get = |k: &str| opt(opts.get(k).map(String::as_str));
    Some(LogConfig {
        group: get("awslogs-group")?,
        stream_prefix: get("awslogs-stream-prefix").unwrap_or_default(),
        region: get("awslogs-region"),
    })
}

/// A task definition.
pub(crate) fn task_definition(td: &ecs::TaskDefinition) -> TaskDefinition {
    let arn = s(td.task_definition_arn());
    TaskDefinition {
        revision: u32::try_from(td.revision())
            .ok()
            .filter(|r| *r > 0)
            .or_else(|| task_def_revision(&arn))
            .unwrap_or(0),
        arn,
        family: s(td.family()),
        cpu: opt(td.cpu()),
        memory: opt(td.memory()),
        containers: td
            .container_definitions()
            .iter()
            .map(|c| ContainerDefinition {
                name: s(c.name()),
                image: s(c.image()),
                essential: c.essential().unwrap_or(true),
                command: c.command().to_vec(),
                environment: c
                    .environment()
                    .iter()
                    .map(|kv| (s(kv.name()), s(kv.value())))
                    .collect(),
                secrets: c
                    .secrets()
                    .iter()
                    .map(|x| (x.name().to_string(), x.value_from().to_string()))
                    .collect(),
                ports: c
                    .port_mappings()
                    .iter()
                    .filter_map(|p| p.container_port().and_then(|p| u16::try_from(p).ok()))
                    .collect(),
                health_check: c.health_check().map(|h| h.command().to_vec()),
                cpu: Some(c.cpu()).filter(|c| *c > 0),
                memory: c.memory(),
                log: log_config(c),
            })
            .collect(),
        registered_at: opt_time(td.registered_at()),
    }
}

/// The private IPv4 address of a task: its ENI attachment, else a container's interface.
pub(crate) fn task_private_ip(t: &ecs::Task) -> Option<String> {
    t.attachments()
        .iter()
        .flat_map(|a| a.details())
        .filter(|kv| kv.name() == Some("privateIPv4Address"))
        .find_map(|kv| opt(kv.value()))
        .or_else(|| {
            t.containers()
                .iter()
                .flat_map(|c| c.network_interfaces())
                .find_map(|n| opt(n.private_ipv4_address()))
        })
}

/// The last status of a container's `ExecuteCommandAgent`, if it has one.
fn exec_agent_status(c: &ecs::Container) -> Option<String> {
    c.managed_agents()
        .iter()
        .find(|a| a.name() == Some(&ecs::ManagedAgentName::ExecuteCommandAgent))
        .and_then(|a| opt(a.last_status()))
}

/// A task of cluster `cluster`; `def` (when known) supplies each container's
/// `essential` flag and awslogs configuration.
pub(crate) fn task(t: &ecs::Task, cluster: &str, def: Option<&TaskDefinition>) -> Task {
    let arn = s(t.task_arn());
    let container_def = |name: &str| def.and_then(|d| d.containers.iter().find(|c| c.name == name));
    Task {
        id: arn_tail(&arn).to_string(),
        cluster: present(t.cluster_arn())
            .map(|a| arn_tail(a).to_string())
            .unwrap_or_else(|| arn_tail(cluster).to_string()),
        group: s(t.group()),
        task_definition: s(t.task_definition_arn()),
        last_status: task_status(t.last_status(), TaskStatus::Pending),
        desired_status: task_status(t.desired_status(), TaskStatus::Running),
        health: health(t.health_status()),
        availability_zone: opt(t.availability_zone())
            .or_else(|| {
                t.attributes()
                    .iter()
                    .filter(|a| a.name() == "ecs.availability-zone")
                    .find_map(|a| opt(a.value()))
            })
            .unwrap_or_default(),
        private_ip: task_private_ip(t),
        containers: t
            .containers()
            .iter()
            .map(|c| {
                let name = s(c.name());
                let d = container_def(&name);
                Container {
                    image: opt(c.image())
                        .or_else(|| d.map(|d| d.image.clone()))
                        .unwrap_or_default(),
                    image_digest: opt(c.image_digest()),
                    last_status: s(c.last_status()),
                    health: health(c.health_status()),
                    essential: d.is_none_or(|d| d.essential),
                    exit_code: c.exit_code(),
                    reason: opt(c.reason()),
                    log: d.and_then(|d| d.log.clone()),
                    runtime_id: opt(c.runtime_id()),
                    exec_agent: exec_agent_status(c),
                    name,
                }
            })
            .collect(),
        created_at: opt_time(t.created_at()),
        started_at: opt_time(t.started_at()),
        stopping_at: opt_time(t.stopping_at()),
        stopped_at: opt_time(t.stopped_at()),
        stop_code: opt(t.stop_code().map(|c| c.as_str())),
        stopped_reason: opt(t.stopped_reason()),
        cpu: opt(t.cpu()),
        memory: opt(t.memory()),
        arn,
    }
}
