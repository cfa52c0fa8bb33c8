//! Task lifecycle: PROVISIONING → PENDING → ACTIVATING → RUNNING →
//! DEACTIVATING → STOPPING → DEPROVISIONING → STOPPED, container health
//! checks, crashes, and the scheduler stopping tasks that fail health checks.

use chrono::Duration;
use rand::Rng;

use super::world::{STOPPED_TASK_RETENTION_S, SimTask, World};
use super::{elb, ids, metrics};
use crate::model::{Container, HealthStatus, TargetState, Task, TaskStatus, Time};

/// Container health check start period, seconds.
pub(crate) const HEALTH_START_PERIOD_S: i64 = 20;
/// Container health check interval, seconds.
pub(crate) const HEALTH_INTERVAL_S: i64 = 10;
/// Container health check retries before UNHEALTHY.
pub(crate) const HEALTH_RETRIES: i64 = 3;

/// Stop code and reason for a task the service scheduler stops.
pub(crate) const SCHEDULER: &str = "ServiceSchedulerInitiated";

fn secs(s: i64) -> Duration {
    Duration::seconds(s)
}

/// Whether a task counts as healthy for deployments: RUNNING, health checks
/// passing (or none defined) and, when load balanced, a healthy target.
pub(crate) fn is_healthy(t: &SimTask, load_balanced: bool) -> bool {
    if t.task.last_status != TaskStatus::Running || t.task.desired_status != TaskStatus::Running {
        return false;
    }
    let has_checks = t
        .task
        .containers
        .iter()
        .zip(&t.health_checked)
        .any(|(c, h)| c.essential && *h);
    let health_ok = if has_checks {
        t.task.health == HealthStatus::Healthy
    } else {
        true
    };
    let target_ok = !load_balanced
        || t.target
            .as_ref()
            .is_some_and(|x| x.state == TargetState::Healthy);
    health_ok && target_ok
}

/// Whether the task is wanted (not on its way down).
pub(crate) fn is_live(t: &SimTask) -> bool {
    t.task.desired_status == TaskStatus::Running
}

/// Task health from its essential containers with health checks.
fn task_health(t: &Task, checked: &[bool]) -> HealthStatus {
    let mut any = false;
    for (c, has_check) in t.containers.iter().zip(checked) {
        if !c.essential || !*has_check {
            continue;
        }
        any = true;
        match c.health {
            HealthStatus::Unhealthy => return HealthStatus::Unhealthy,
            HealthStatus::Unknown => return HealthStatus::Unknown,
            HealthStatus::Healthy => {}
        }
    }
    if any {
        HealthStatus::Healthy
    } else {
        HealthStatus::Unknown
    }
}

/// Creates a task of service `svc` for `deployment` with task definition `td`
/// in PROVISIONING and returns its sequence number.
pub(crate) fn launch(w: &mut World, svc: usize, deployment: &str, td: &str) -> Option<u64> {
    let seq = create(w, svc, deployment, td)?;
    let now = w.now;
    let wait = w.rng.random_range(3..=6);
    if let Some(t) = w.tasks.get_mut(&seq) {
        t.phase_until = now + secs(wait);
        let id = t.task.id.clone();
        w.events_of(svc).started.push(id);
    }
    Some(seq)
}

/// Creates a task that is already RUNNING and healthy, started at `started` (scenario set-up).
pub(crate) fn spawn_running(
    w: &mut World,
    svc: usize,
    deployment: &str,
    td: &str,
    started: Time,
) -> Option<u64> {
    let seq = create(w, svc, deployment, td)?;
    let tg = w.services.get(svc).and_then(|s| s.tg);
    let crash = crash_plan(w, svc, started.max(w.now - secs(300)));
    let t = w.tasks.get_mut(&seq)?;
    t.task.created_at = Some(started - secs(20));
    t.task.started_at = Some(started);
    t.task.last_status = TaskStatus::Running;
    t.containers_started_at = Some(started - secs(5));
    start_containers(&mut t.task);
    t.health_at = Some(started);
    t.crash_at = crash.map(|(at, _)| at);
    t.crash_oom = crash.is_some_and(|(_, oom)| oom);
    settle_health(t);
    if tg.is_some() {
        t.target = Some(super::world::SimTarget {
            state: TargetState::Healthy,
            reason: None,
            description: None,
            changes_at: None,
        });
    }
    Some(seq)
}

fn create(w: &mut World, svc: usize, deployment: &str, td: &str) -> Option<u64> {
    let def = w.task_defs.get(td)?.clone();
    let bad = w.bad_task_defs.contains(td);
    let cluster = w.services.get(svc)?.svc.cluster.clone();
    let service_name = w.services.get(svc)?.svc.name.clone();
    let id = ids::hex(&mut w.rng, 32);
    let n = w.next_ip;
    w.next_ip += 1;
    let az = (n % 3) as usize;
    let host = n / 3;
    let ip = format!(
        "10.0.{}.{}",
        az * 32 + 1 + (host / 250) as usize % 32,
        host % 250 + 4
    );
    let containers = def
        .containers
        .iter()
        .map(|c| Container {
            name: c.name.clone(),
            image: c.image.clone(),
            image_digest: Some(format!(
                "sha256:{:016x}{:016x}{:016x}{:016x}",
                ids::hash_str(&c.image),
                ids::hash_str(&format!("{}1", c.image)),
                ids::hash_str(&format!("{}2", c.image)),
                ids::hash_str(&format!("{}3", c.image))
            )),
            last_status: "PENDING".into(),
            health: HealthStatus::Unknown,
            essential: c.essential,
            exit_code: None,
            reason: None,
            log: c.log.clone(),
            runtime_id: None,
            exec_agent: Some("PENDING".into()),
        })
        .collect();
    let now = w.now;
    let task = Task {
        arn: ids::task_arn(&cluster, &id),
        id: id.clone(),
        cluster,
        group: format!("service:{service_name}"),
        task_definition: td.to_string(),
        last_status: TaskStatus::Provisioning,
        desired_status: TaskStatus::Running,
        health: HealthStatus::Unknown,
        availability_zone: ids::AZS[az].to_string(),
        private_ip: Some(ip),
        containers,
        created_at: Some(now),
        started_at: None,
        stopping_at: None,
        stopped_at: None,
        stop_code: None,
        stopped_reason: None,
        cpu: def.cpu.clone(),
        memory: def.memory.clone(),
    };
    let seq = w.next_seq;
    w.next_seq += 1;
    w.task_ids.insert(id, seq);
    w.tasks.insert(
        seq,
        SimTask {
            task,
            service: svc,
            deployment: deployment.to_string(),
            bad,
            health_checked: def
                .containers
                .iter()
                .map(|c| c.health_check.is_some())
                .collect(),
            phase_until: now,
            health_at: None,
            crash_at: None,
            crash_oom: false,
            containers_started_at: None,
            containers_stopped_at: None,
            target: None,
            expire_at: None,
        },
    );
    if let Some(s) = w.services.get_mut(svc) {
        s.tasks.push(seq);
    }
    Some(seq)
}

/// For flaky services: when (and how) a task started at `from` will crash.
fn crash_plan(w: &mut World, svc: usize, from: Time) -> Option<(Time, bool)> {
    if !w.services.get(svc).is_some_and(|s| s.flaky) {
        return None;
    }
    if !w.rng.random_bool(0.7) {
        return None;
    }
    let after = w.rng.random_range(240..1500);
    let oom = w.rng.random_bool(0.75);
    Some((from + secs(after), oom))
}

/// Sets container and task health once the health check verdict is in.
fn settle_health(t: &mut SimTask) {
    let verdict = if t.bad {
        HealthStatus::Unhealthy
    } else {
        HealthStatus::Healthy
    };
    for (c, has) in t.task.containers.iter_mut().zip(&t.health_checked) {
        if *has && c.last_status == "RUNNING" {
            c.health = verdict;
        }
    }
    t.task.health = task_health(&t.task, &t.health_checked);
}

/// Starts stopping a task: desired STOPPED, DEACTIVATING, target draining.
/// Returns whether a target was deregistered.
pub(crate) fn begin_stop(
    t: &mut SimTask,
    now: Time,
    deregistration_delay_s: i64,
    code: &str,
    reason: &str,
) -> bool {
    if t.task.desired_status == TaskStatus::Stopped {
        return false;
    }
    t.task.desired_status = TaskStatus::Stopped;
    t.task.stopping_at = Some(now);
    t.task.stop_code = Some(code.to_string());
    t.task.stopped_reason = Some(reason.to_string());
    let mut deregistered = false;
    if let Some(target) = &mut t.target {
        target.state = TargetState::Draining;
        target.reason = Some("Target.DeregistrationInProgress");
        target.description = Some("Target deregistration is in progress".into());
        target.changes_at = Some(now + secs(deregistration_delay_s));
        deregistered = true;
    }
    if t.task.last_status < TaskStatus::Activating {
        t.task.last_status = TaskStatus::Stopping;
        t.phase_until = now + secs(2);
    } else {
        t.task.last_status = TaskStatus::Deactivating;
        t.phase_until = if deregistered {
            now + secs(deregistration_delay_s)
        } else {
            now + secs(2)
        };
    }
    deregistered
}

/// Steps every task by one tick.
pub(crate) fn step_tasks(w: &mut World, dt: i64) {
    let now = w.now;
    let mut expired = Vec::new();
    let World {
        tasks,
        services,
        target_groups,
        rng,
        tick_events,
        ..
    } = w;
    for (seq, t) in tasks.iter_mut() {
        let Some(svc) = services.get_mut(t.service) else {
            continue;
        };
        let tg = svc.tg.and_then(|i| target_groups.get(i));
        let delay = tg.map_or(0, |g| g.deregistration_delay_s);
        let owner = t.service;
        macro_rules! ev {
            () => {
                tick_events.entry(owner).or_default()
            };
        }
        match t.task.last_status {
            TaskStatus::Provisioning if now >= t.phase_until => {
                t.task.last_status = TaskStatus::Pending;
                t.phase_until = now + secs(rng.random_range(5..=12));
            }
            TaskStatus::Pending if now >= t.phase_until => {
                t.task.last_status = TaskStatus::Activating;
                t.containers_started_at = Some(now);
                start_containers(&mut t.task);
                if let Some(g) = tg {
                    t.target = Some(elb::register(g, t.bad, now));
                    ev!().registered += 1;
                }
                t.phase_until = now + secs(rng.random_range(2..=4));
            }
            TaskStatus::Activating if now >= t.phase_until => {
                t.task.last_status = TaskStatus::Running;
                t.task.started_at = Some(now);
                let verdict_after = if t.bad {
                    HEALTH_START_PERIOD_S + HEALTH_RETRIES * HEALTH_INTERVAL_S
                } else {
                    rng.random_range(5..=HEALTH_INTERVAL_S + 5)
                };
                t.health_at = Some(now + secs(verdict_after));
                if svc.flaky && rng.random_bool(0.7) {
                    t.crash_at = Some(now + secs(rng.random_range(240..1500)));
                    t.crash_oom = rng.random_bool(0.75);
                }
            }
            TaskStatus::Running => {
                if t.task.health == HealthStatus::Unknown && t.health_at.is_some_and(|h| now >= h) {
                    settle_health(t);
                }
                if let Some(g) = tg {
                    elb::step_target(t, g, now);
                }
                let container_failed = t.task.health == HealthStatus::Unhealthy;
                let elb_failed = tg.is_some_and(|_| {
                    t.target
                        .as_ref()
                        .is_some_and(|x| x.state == TargetState::Unhealthy)
                        && t.task
                            .started_at
                            .is_some_and(|s| now >= s + secs(svc.grace_period_s))
                });
                let crashed = t.crash_at.is_some_and(|c| now >= c);
                if crashed {
                    crash(t, now);
                    if begin_stop(
                        t,
                        now,
                        delay,
                        "EssentialContainerExited",
                        "Essential container in task exited",
                    ) {
                        ev!().deregistered += 1;
                    }
                    fail(svc, &t.deployment, now);
                } else if container_failed || elb_failed {
                    let reason = if container_failed {
                        ev!().messages.push(format!(
                            "(service {}) (task {}) failed container health checks.",
                            svc.svc.name, t.task.id
                        ));
                        "Task failed container health checks".to_string()
                    } else {
                        let arn = tg.map(|g| g.arn.as_str()).unwrap_or_default();
                        let port = tg.map_or(0, |g| g.port);
                        ev!().messages.push(format!(
                            "(service {}) (port {port}) is unhealthy in (target-group {arn}) due to (reason Health checks failed with these codes: [503]).",
                            svc.svc.name
                        ));
                        format!("Task failed ELB health checks in (target-group {arn})")
                    };
                    if begin_stop(t, now, delay, SCHEDULER, &reason) {
                        ev!().deregistered += 1;
                    }
                    ev!().stopped.push(t.task.id.clone());
                    fail(svc, &t.deployment, now);
                }
            }
            TaskStatus::Deactivating if now >= t.phase_until => {
                t.target = None;
                t.task.last_status = TaskStatus::Stopping;
                t.phase_until = now + secs(rng.random_range(2..=5));
            }
            TaskStatus::Stopping if now >= t.phase_until => {
                t.target = None;
                if t.containers_stopped_at.is_none() {
                    t.containers_stopped_at = Some(now);
                }
                for c in &mut t.task.containers {
                    if c.last_status == "RUNNING" {
                        c.exit_code = Some(0);
                    }
                    c.last_status = "STOPPED".into();
                    c.exec_agent = Some("STOPPED".into());
                }
                t.task.last_status = TaskStatus::Deprovisioning;
                t.phase_until = now + secs(rng.random_range(3..=6));
            }
            TaskStatus::Deprovisioning if now >= t.phase_until => {
                t.task.last_status = TaskStatus::Stopped;
                t.task.stopped_at = Some(now);
                t.expire_at = Some(now + secs(STOPPED_TASK_RETENTION_S));
            }
            TaskStatus::Stopped if t.expire_at.is_some_and(|e| now >= e) => {
                expired.push(*seq);
            }
            _ => {}
        }
        metrics::account_tick(svc, t, dt);
    }
    for seq in expired {
        remove_task(w, seq);
    }
}

/// The essential app container exits: OOM kill (137) or exit 1.
fn crash(t: &mut SimTask, now: Time) {
    t.containers_stopped_at = Some(now);
    if let Some(c) = t.task.containers.iter_mut().find(|c| c.essential) {
        c.last_status = "STOPPED".into();
        c.exec_agent = Some("STOPPED".into());
        c.health = HealthStatus::Unknown;
        if t.crash_oom {
            c.exit_code = Some(137);
            c.reason = Some("OutOfMemoryError: Container killed due to memory usage".into());
        } else {
            c.exit_code = Some(1);
        }
    }
}

/// Counts a failed task against its deployment.
fn fail(svc: &mut super::world::SimService, deployment: &str, now: Time) {
    if let Some(d) = svc.svc.deployments.iter_mut().find(|d| d.id == deployment) {
        d.failed += 1;
        d.updated_at = Some(now);
    }
}

fn remove_task(w: &mut World, seq: u64) {
    let Some(t) = w.tasks.remove(&seq) else {
        return;
    };
    w.task_ids.remove(&t.task.id);
    if let Some(s) = w.services.get_mut(t.service) {
        s.tasks.retain(|x| *x != seq);
    }
}

/// Marks a task's containers RUNNING, each with a runtime id and a running
/// ExecuteCommand agent (every simulated task has ECS Exec enabled).
fn start_containers(task: &mut Task) {
    for (i, c) in task.containers.iter_mut().enumerate() {
        c.last_status = "RUNNING".into();
        c.runtime_id = Some(format!(
            "{}-{:010}",
            task.id,
            ids::hash_str(&c.name) % 10_000_000_000 + i as u64
        ));
        c.exec_agent = Some("RUNNING".into());
    }
}
