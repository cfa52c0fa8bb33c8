//! Service reconciliation: desired count, rolling deployments bounded by
//! minimumHealthyPercent / maximumPercent, the deployment circuit breaker with
//! rollback, deployment completion and steady state.

use super::scheduler::{self, SCHEDULER, is_healthy, is_live};
use super::world::World;
use crate::model::{Deployment, DeploymentStatus, RolloutState, TaskStatus};

/// ECS's circuit breaker failure threshold: half the desired count, within 3..=200.
pub(crate) fn failure_threshold(desired: u32) -> u32 {
    desired.div_ceil(2).clamp(3, 200)
}

/// Lower bound of healthy tasks during a deployment.
pub(crate) fn min_healthy(desired: u32, percent: u32) -> u32 {
    (u64::from(desired) * u64::from(percent)).div_ceil(100) as u32
}

/// Upper bound of tasks during a deployment.
pub(crate) fn max_total(desired: u32, percent: u32) -> u32 {
    (u64::from(desired) * u64::from(percent) / 100) as u32
}

/// A new PRIMARY, IN_PROGRESS deployment of `td` for service `i`; the previous
/// PRIMARY becomes ACTIVE. Returns the new id.
pub(crate) fn start_deployment(w: &mut World, i: usize, td: &str) -> String {
    let id = w.deployment_id();
    let now = w.now;
    let Some(s) = w.services.get_mut(i) else {
        return id;
    };
    for d in &mut s.svc.deployments {
        if d.status == DeploymentStatus::Primary {
            d.status = DeploymentStatus::Active;
            d.updated_at = Some(now);
        }
    }
    s.svc.deployments.insert(
        0,
        Deployment {
            id: id.clone(),
            status: DeploymentStatus::Primary,
            task_definition: td.to_string(),
            desired: s.svc.desired,
            pending: 0,
            running: 0,
            failed: 0,
            rollout_state: RolloutState::InProgress,
            rollout_reason: format!("ECS deployment {id} in progress."),
            created_at: Some(now),
            updated_at: Some(now),
        },
    );
    s.svc.task_definition = td.to_string();
    s.steady = false;
    id
}

/// Per-tick counts of one service's tasks.
#[derive(Debug, Default)]
struct Counts {
    primary_live: Vec<u64>,
    old_live: Vec<u64>,
    healthy: u32,
    primary_healthy: u32,
}

/// Reconciles service `i`: launches, stops, circuit breaker, completion, counts.
pub(crate) fn reconcile(w: &mut World, i: usize) {
    let Some(s) = w.services.get(i) else { return };
    let Some(primary) = s.svc.deployments.first().cloned() else {
        return;
    };
    let lb = s.tg.is_some();
    let desired = s.svc.desired;
    let delay =
        s.tg.and_then(|g| w.target_groups.get(g))
            .map_or(0, |g| g.deregistration_delay_s);
    let min_ok = min_healthy(desired, s.svc.minimum_healthy_percent);
    let max_ok = max_total(desired, s.svc.maximum_percent).max(desired);
    let mut c = Counts::default();
    for seq in &s.tasks {
        let Some(t) = w.tasks.get(seq) else { continue };
        if !is_live(t) {
            continue;
        }
        let healthy = is_healthy(t, lb);
        c.healthy += u32::from(healthy);
        if t.deployment == primary.id {
            c.primary_live.push(*seq);
            c.primary_healthy += u32::from(healthy);
        } else {
            c.old_live.push(*seq);
        }
    }
    let now = w.now;
    let primary_failed = primary.rollout_state == RolloutState::Failed;
    let mut stops: Vec<(u64, String)> = Vec::new();

    // Scale in: too many tasks of the primary deployment (not-yet-healthy first, newest first).
    let plive = c.primary_live.len() as u32;
    if plive > desired {
        let mut order = c.primary_live.clone();
        order.sort_by_key(|seq| {
            let h = w.tasks.get(seq).is_some_and(|t| is_healthy(t, lb));
            (h, std::cmp::Reverse(*seq))
        });
        for seq in order.into_iter().take((plive - desired) as usize) {
            stops.push((
                seq,
                format!("Scaling activity initiated by (deployment {})", primary.id),
            ));
        }
    }
    let mut healthy = c.healthy;
    // Old deployments' tasks: unhealthy ones go first, healthy ones only while
    // the healthy count stays at or above minimumHealthyPercent.
    let mut old = if primary_failed {
        Vec::new()
    } else {
        c.old_live.clone()
    };
    old.sort_by_key(|seq| (w.tasks.get(seq).is_some_and(|t| is_healthy(t, lb)), *seq));
    for seq in old {
        let Some(t) = w.tasks.get(&seq) else { continue };
        let h = is_healthy(t, lb);
        if h {
            if healthy < min_ok + 1 {
                break;
            }
            healthy -= 1;
        }
        stops.push((seq, format!("Deployment {} replaced this task", primary.id)));
    }
    let stopped_now = stops.len() as u32;
    for (seq, reason) in &stops {
        let Some(t) = w.tasks.get_mut(seq) else {
            continue;
        };
        let id = t.task.id.clone();
        let dereg = scheduler::begin_stop(t, now, delay, SCHEDULER, reason);
        let ev = w.events_of(i);
        ev.stopped.push(id);
        ev.deregistered += usize::from(dereg);
    }
    // Launch: fill the primary up to desired, never above maximumPercent in total.
    let live_total = plive + c.old_live.len() as u32 - stopped_now;
    let plive_after = plive.min(desired);
    let room = max_ok.saturating_sub(live_total);
    let want = desired.saturating_sub(plive_after);
    let launches = if primary_failed { 0 } else { want.min(room) };
    for _ in 0..launches {
        scheduler::launch(w, i, &primary.id, &primary.task_definition);
    }
    update_counts(w, i);
    circuit_breaker(w, i);
    completion_and_steady(w, i);
}

/// Refreshes deployment and service counts from the tasks.
pub(crate) fn update_counts(w: &mut World, i: usize) {
    let Some(s) = w.services.get(i) else { return };
    let mut per: Vec<(u32, u32, u32)> = vec![(0, 0, 0); s.svc.deployments.len()];
    let (mut running, mut pending) = (0, 0);
    for seq in &s.tasks {
        let Some(t) = w.tasks.get(seq) else { continue };
        let st = t.task.last_status;
        let is_run = st == TaskStatus::Running;
        let is_pend = st < TaskStatus::Running && is_live(t);
        running += u32::from(is_run);
        pending += u32::from(is_pend);
        if let Some(k) = s.svc.deployments.iter().position(|d| d.id == t.deployment) {
            per[k].0 += u32::from(is_run);
            per[k].1 += u32::from(is_pend);
            per[k].2 += u32::from(is_live(t));
        }
    }
    let desired = s.svc.desired;
    let Some(s) = w.services.get_mut(i) else {
        return;
    };
    s.svc.running = running;
    s.svc.pending = pending;
    for (d, (r, p, live)) in s.svc.deployments.iter_mut().zip(per) {
        let want = if d.status == DeploymentStatus::Primary {
            desired
        } else {
            live
        };
        if (d.running, d.pending, d.desired) != (r, p, want) {
            d.running = r;
            d.pending = p;
            d.desired = want;
        }
        if d.status == DeploymentStatus::Active && live == 0 {
            d.status = DeploymentStatus::Inactive;
        }
    }
}

/// Trips the circuit breaker when the primary deployment failed too many tasks,
/// and rolls back to the last COMPLETED task definition when asked to.
fn circuit_breaker(w: &mut World, i: usize) {
    let Some(s) = w.services.get(i) else { return };
    let Some(p) = s.svc.deployments.first() else {
        return;
    };
    if !s.svc.circuit_breaker.enable
        || p.rollout_state != RolloutState::InProgress
        || p.failed < failure_threshold(s.svc.desired)
    {
        return;
    }
    let name = s.svc.name.clone();
    let failed_id = p.id.clone();
    let failed_td = p.task_definition.clone();
    let rollback = s.svc.circuit_breaker.rollback;
    let back_to = s.last_completed_td.clone();
    let now = w.now;
    if let Some(s) = w.services.get_mut(i)
        && let Some(p) = s.svc.deployments.first_mut()
    {
        p.rollout_state = RolloutState::Failed;
        p.rollout_reason = "ECS deployment circuit breaker: tasks failed to start.".into();
        p.updated_at = Some(now);
    }
    w.events_of(i).messages.push(format!(
        "(service {name}) (deployment {failed_id}) deployment failed: tasks failed to start."
    ));
    if !rollback || back_to.is_empty() || back_to == failed_td {
        return;
    }
    let new_id = start_deployment(w, i, &back_to);
    w.events_of(i).messages.push(format!(
        "(service {name}) rolling back to deployment {new_id}."
    ));
    // The rollback deployment adopts the running tasks of the old revision.
    let Some(s) = w.services.get(i) else { return };
    for seq in s.tasks.clone() {
        if let Some(t) = w.tasks.get_mut(&seq)
            && t.task.task_definition == back_to
            && is_live(t)
        {
            t.deployment = new_id.clone();
        }
    }
    update_counts(w, i);
}

/// Marks the primary COMPLETED once it runs `desired` healthy tasks and nothing
/// else is left, and reports a steady state.
fn completion_and_steady(w: &mut World, i: usize) {
    let now = w.now;
    let Some(s) = w.services.get(i) else { return };
    let lb = s.tg.is_some();
    let Some(p) = s.svc.deployments.first() else {
        return;
    };
    let mut primary_healthy = 0u32;
    let mut live = 0u32;
    let mut other_live = 0u32;
    for seq in &s.tasks {
        let Some(t) = w.tasks.get(seq) else { continue };
        if !is_live(t) {
            continue;
        }
        live += 1;
        if t.deployment == p.id {
            primary_healthy += u32::from(is_healthy(t, lb));
        } else {
            other_live += 1;
        }
    }
    let settled = primary_healthy >= s.svc.desired && live == s.svc.desired && other_live == 0;
    let name = s.svc.name.clone();
    let pid = p.id.clone();
    let td = p.task_definition.clone();
    let in_progress = p.rollout_state == RolloutState::InProgress;
    let completed = p.rollout_state == RolloutState::Completed;
    if settled && in_progress {
        if let Some(s) = w.services.get_mut(i) {
            s.svc.deployments.truncate(1);
            if let Some(p) = s.svc.deployments.first_mut() {
                p.rollout_state = RolloutState::Completed;
                p.rollout_reason = format!("ECS deployment {pid} completed.");
                p.updated_at = Some(now);
            }
            s.last_completed_td = td;
        }
        w.events_of(i).messages.push(format!(
            "(service {name}) (deployment {pid}) deployment completed."
        ));
    }
    let steady_now = settled && (in_progress || completed);
    let Some(s) = w.services.get_mut(i) else {
        return;
    };
    if steady_now && !s.steady {
        s.steady = true;
        w.events_of(i)
            .messages
            .push(format!("(service {name}) has reached a steady state."));
    } else if !steady_now {
        s.steady = false;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bounds_follow_ecs_rounding() {
        assert_eq!(min_healthy(3, 100), 3);
        assert_eq!(min_healthy(3, 50), 2);
        assert_eq!(max_total(3, 200), 6);
        assert_eq!(max_total(3, 150), 4);
        assert_eq!(failure_threshold(2), 3);
        assert_eq!(failure_threshold(10), 5);
        assert_eq!(failure_threshold(1000), 200);
    }
}
