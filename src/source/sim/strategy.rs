//! Service deployments in the simulator: the BLUE_GREEN, LINEAR and CANARY
//! strategies as ECS runs them, stage by stage, with lifecycle hooks that pass
//! or fail, alarm-triggered rollback and native rollback
//! (StopServiceDeployment).
//!
//! The tasks themselves are replaced by the rolling reconciler ([`super::deploy`]);
//! this module follows each deployment through its lifecycle stages and the
//! traffic weights of its revisions. Rules:
//! - production traffic reaches the new revision only in PRODUCTION_TRAFFIC_SHIFT,
//!   after every earlier stage (and its hooks) passed;
//! - CANARY moves `percent` first, then the rest after the canary bake; LINEAR
//!   moves `step_percent` every step bake; BLUE_GREEN moves everything at once;
//! - BAKE_TIME keeps both revisions for `bake_minutes` before CLEAN_UP;
//! - a failing hook, a watched alarm in ALARM or a ROLLBACK stop rolls back:
//!   the old revision gets all traffic back and the deployment ends
//!   ROLLBACK_SUCCESSFUL.

use std::collections::HashMap;

use chrono::Duration;

use super::ids;
use crate::model::{
    AlarmState, AlarmsRun, DeploymentStrategy, HookRun, HookStatus, LifecycleStage, RevisionRef,
    RollbackInfo, ServiceDeployment, ServiceDeploymentStatus, StopType, StrategyKind, Time,
};

/// Seconds ECS spends reconciling before a deployment starts moving.
pub(crate) const RECONCILE_S: i64 = 5;
/// Seconds a simulated hook runs before it answers.
pub(crate) const HOOK_S: i64 = 20;
/// Seconds of the test traffic shift.
pub(crate) const TEST_SHIFT_S: i64 = 10;
/// Seconds of clean-up.
pub(crate) const CLEAN_UP_S: i64 = 10;
/// Seconds a rollback takes.
pub(crate) const ROLLBACK_S: i64 = 20;

/// The status reason of a native rollback.
const ROLLBACK_ASKED: &str = "Rollback requested by StopServiceDeployment.";
/// The status reason of an abort.
const STOP_ASKED: &str = "Stop requested by StopServiceDeployment.";

/// The strategy of one service and the simulated behaviour of its hooks.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct SimStrategy {
    /// The configured strategy.
    pub(crate) config: DeploymentStrategy,
    /// A stage whose hooks fail (the demo's broken smoke test).
    pub(crate) failing_hook: Option<LifecycleStage>,
    /// The CloudWatch alarms the deployment watches (`deploymentConfiguration.alarms`).
    pub(crate) alarms: Vec<String>,
}

/// One service deployment the simulator is running or has run.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Run {
    /// Service index.
    pub(crate) service: usize,
    /// The deployment as ECS reports it.
    pub(crate) dep: ServiceDeployment,
    /// The hook-failing stage of its service's strategy.
    pub(crate) failing_hook: Option<LifecycleStage>,
    /// When the current stage (or the rollback) began.
    pub(crate) stage_since: Time,
    /// The task definition it replaces (the rollback target).
    pub(crate) source_td: String,
    /// The task definition it deploys.
    pub(crate) target_td: String,
}

/// Strategies per service and every run, oldest first.
#[derive(Debug, Clone, Default)]
pub(crate) struct Strategies {
    /// Service index → strategy (absent: ROLLING, no service deployment modelled).
    pub(crate) by_service: HashMap<usize, SimStrategy>,
    /// Runs, oldest first.
    pub(crate) runs: Vec<Run>,
}

/// What a step asks the world to do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Effect {
    /// Deploy the source task definition again (the rollback started).
    RollBackTo(String),
}

/// The stages `config` goes through, in order: hook-only stages only when a
/// hook runs there, BAKE_TIME only with a bake time.
pub(crate) fn stages_of(config: &DeploymentStrategy) -> Vec<LifecycleStage> {
    use LifecycleStage as S;
    let hooked = |s: S| config.hooks.iter().any(|h| h.stages.contains(&s));
    S::ALL
        .iter()
        .copied()
        .filter(|s| match s {
            S::PreScaleUp
            | S::PostScaleUp
            | S::PostTestTrafficShift
            | S::PostProductionTrafficShift => hooked(*s),
            S::BakeTime => config.bake_minutes.unwrap_or(0) > 0,
            _ => true,
        })
        .collect()
}

fn hook_runs(config: &DeploymentStrategy, stage: LifecycleStage, id: &str) -> Vec<HookRun> {
    config
        .hooks
        .iter()
        .enumerate()
        .filter(|(_, h)| h.stages.contains(&stage))
        .map(|(n, h)| HookRun {
            hook_id: format!("{id}-{}-{n}", stage.as_str().to_ascii_lowercase()),
            target_arn: h.target_arn.clone(),
            stage: Some(stage),
            status: Some(HookStatus::InProgress),
            expires_at: None,
        })
        .collect()
}

fn set_traffic(dep: &mut ServiceDeployment, target_percent: f64) {
    if let Some(t) = &mut dep.target_revision {
        t.production_traffic_weight = Some(target_percent);
    }
    for s in &mut dep.source_revisions {
        s.production_traffic_weight = Some(100.0 - target_percent);
    }
}

fn set_test_traffic(dep: &mut ServiceDeployment, target_percent: f64) {
    if let Some(t) = &mut dep.target_revision {
        t.test_traffic_weight = Some(target_percent);
    }
    for s in &mut dep.source_revisions {
        s.test_traffic_weight = Some(100.0 - target_percent);
    }
}

/// A new run of `config` for service `service` (`cluster`/`name`), from
/// `source_td` to `target_td`, started at `now`.
#[allow(clippy::too_many_arguments)]
pub(crate) fn new_run(
    service: usize,
    cluster: &str,
    name: &str,
    n: usize,
    strategy: &SimStrategy,
    source_td: &str,
    target_td: &str,
    desired: u32,
    now: Time,
) -> Run {
    let id = format!(
        "{:022x}",
        ids::mix(ids::hash_str(name) ^ n as u64) as u128 * 7919
    );
    let rev = |td: &str| {
        format!(
            "arn:aws:ecs:{}:{}:service-revision/{cluster}/{name}/{}",
            ids::REGION,
            ids::ACCOUNT,
            ids::hash_str(td) % 10_000_000_000_000_000_000
        )
    };
    let dep = ServiceDeployment {
        arn: format!(
            "arn:aws:ecs:{}:{}:service-deployment/{cluster}/{name}/{id}",
            ids::REGION,
            ids::ACCOUNT
        ),
        service_arn: ids::service_arn(cluster, name),
        cluster_arn: ids::cluster_arn(cluster),
        status: Some(ServiceDeploymentStatus::InProgress),
        status_reason: String::new(),
        lifecycle_stage: Some(LifecycleStage::ReconcileService),
        source_revisions: vec![RevisionRef {
            arn: rev(source_td),
            requested: desired,
            running: desired,
            pending: 0,
            test_traffic_weight: Some(100.0),
            production_traffic_weight: Some(100.0),
        }],
        target_revision: Some(RevisionRef {
            arn: rev(target_td),
            requested: desired,
            running: 0,
            pending: 0,
            test_traffic_weight: Some(0.0),
            production_traffic_weight: Some(0.0),
        }),
        strategy: Some(strategy.config.clone()),
        hooks: Vec::new(),
        circuit_breaker: None,
        alarms: Some(AlarmsRun {
            status: Some(crate::model::MonitorStatus::Monitoring),
            names: strategy.alarms.clone(),
            triggered: Vec::new(),
        }),
        rollback: None,
        created_at: Some(now),
        started_at: Some(now),
        finished_at: None,
        stopped_at: None,
        updated_at: Some(now),
    };
    Run {
        service,
        dep,
        failing_hook: strategy.failing_hook,
        stage_since: now,
        source_td: source_td.to_string(),
        target_td: target_td.to_string(),
    }
}

fn start_rollback(run: &mut Run, now: Time, reason: String) -> Effect {
    let d = &mut run.dep;
    d.status = Some(ServiceDeploymentStatus::RollbackInProgress);
    d.status_reason = reason.clone();
    set_traffic(d, 0.0);
    set_test_traffic(d, 0.0);
    d.rollback = Some(RollbackInfo {
        reason,
        started_at: Some(now),
        service_revision_arn: d
            .source_revisions
            .first()
            .map(|r| r.arn.clone())
            .unwrap_or_default(),
    });
    d.updated_at = Some(now);
    run.stage_since = now;
    Effect::RollBackTo(run.source_td.clone())
}

fn enter(run: &mut Run, stage: LifecycleStage, now: Time) {
    let Some(config) = run.dep.strategy.clone() else {
        return;
    };
    run.dep.lifecycle_stage = Some(stage);
    run.dep.hooks = hook_runs(&config, stage, run.dep.short_id());
    run.dep.updated_at = Some(now);
    run.stage_since = now;
    match stage {
        LifecycleStage::TestTrafficShift => set_test_traffic(&mut run.dep, 100.0),
        LifecycleStage::ProductionTrafficShift => {
            let first = match config.kind {
                StrategyKind::Canary => config.canary.map_or(100.0, |c| c.percent),
                StrategyKind::Linear => config.linear.map_or(100.0, |l| l.step_percent),
                StrategyKind::BlueGreen | StrategyKind::Rolling => 100.0,
            };
            set_traffic(&mut run.dep, first.clamp(0.0, 100.0));
        }
        _ => {}
    }
}

/// Whether the production traffic shift is done at `now`, moving the next
/// step when its bake has passed.
fn shift(run: &mut Run, now: Time) -> bool {
    let Some(config) = run.dep.strategy.clone() else {
        return true;
    };
    let current = run.dep.target_traffic().unwrap_or(0.0);
    if current >= 100.0 {
        return true;
    }
    let since_change = run.dep.updated_at.map_or(Duration::zero(), |u| now - u);
    let (bake, step) = match config.kind {
        StrategyKind::Canary => config
            .canary
            .map_or((0, 100.0), |c| (i64::from(c.bake_minutes) * 60, 100.0)),
        StrategyKind::Linear => config.linear.map_or((0, 100.0), |l| {
            (i64::from(l.step_bake_minutes) * 60, l.step_percent.max(1.0))
        }),
        _ => (0, 100.0),
    };
    if since_change.num_seconds() >= bake {
        set_traffic(&mut run.dep, (current + step).min(100.0));
        run.dep.updated_at = Some(now);
    }
    false
}

/// Advances `run` to `now`. `green_ready`: the new revision's tasks all run;
/// `firing`: a watched alarm in ALARM.
pub(crate) fn step(
    run: &mut Run,
    now: Time,
    green_ready: bool,
    firing: Option<&str>,
) -> Option<Effect> {
    use ServiceDeploymentStatus as St;
    let status = run.dep.status?;
    let elapsed = (now - run.stage_since).num_seconds();
    match status {
        St::RollbackRequested => {
            return Some(start_rollback(run, now, ROLLBACK_ASKED.to_string()));
        }
        St::StopRequested => {
            run.dep.status = Some(St::Stopped);
            run.dep.stopped_at = Some(now);
            run.dep.finished_at = Some(now);
            run.dep.lifecycle_stage = None;
            return None;
        }
        St::RollbackInProgress if elapsed >= ROLLBACK_S => {
            run.dep.status = Some(St::RollbackSuccessful);
            run.dep.finished_at = Some(now);
            run.dep.lifecycle_stage = None;
            run.dep.hooks.clear();
            run.dep.updated_at = Some(now);
            return None;
        }
        St::Pending | St::InProgress => {}
        _ => return None,
    }
    if let Some(alarm) = firing {
        if let Some(a) = &mut run.dep.alarms {
            a.status = Some(crate::model::MonitorStatus::Triggered);
            a.triggered = vec![alarm.to_string()];
        }
        return Some(start_rollback(
            run,
            now,
            format!("Alarm {alarm} is in ALARM state."),
        ));
    }
    let config = run.dep.strategy.clone()?;
    let stages = stages_of(&config);
    let stage = run.dep.lifecycle_stage?;
    let done = match stage {
        LifecycleStage::ReconcileService => elapsed >= RECONCILE_S,
        LifecycleStage::ScaleUp => green_ready,
        LifecycleStage::TestTrafficShift => elapsed >= TEST_SHIFT_S,
        LifecycleStage::ProductionTrafficShift => shift(run, now),
        LifecycleStage::BakeTime => elapsed >= i64::from(config.bake_minutes.unwrap_or(0)) * 60,
        LifecycleStage::CleanUp => elapsed >= CLEAN_UP_S,
        _ => true,
    };
    let hooks_due = !run.dep.hooks.is_empty() && elapsed >= HOOK_S;
    if !run.dep.hooks.is_empty() && !hooks_due {
        return None;
    }
    if hooks_due {
        let fails = run.failing_hook == Some(stage);
        let mut failed = None;
        for h in &mut run.dep.hooks {
            h.status = Some(if fails {
                HookStatus::Failed
            } else {
                HookStatus::Succeeded
            });
            if fails {
                failed = Some(h.target_arn.clone());
            }
        }
        if let Some(target) = failed {
            let why = format!("Lifecycle hook {target} FAILED at {}.", stage.as_str());
            return Some(start_rollback(run, now, why));
        }
    }
    if !done {
        return None;
    }
    let next = stages.iter().skip_while(|s| **s != stage).nth(1).copied();
    match next {
        Some(s) => enter(run, s, now),
        None => {
            run.dep.status = Some(St::Successful);
            run.dep.status_reason = "Service deployment completed successfully.".into();
            run.dep.lifecycle_stage = None;
            run.dep.hooks.clear();
            run.dep.finished_at = Some(now);
            run.dep.updated_at = Some(now);
            for s in &mut run.dep.source_revisions {
                s.running = 0;
            }
        }
    }
    None
}

/// Asks `run` to stop (StopServiceDeployment). Refused unless in progress.
pub(crate) fn request_stop(run: &mut Run, stop: StopType, now: Time) -> Result<(), String> {
    let status = run.dep.status;
    if !status.is_some_and(|s| s.is_in_progress()) {
        return Err(format!(
            "InvalidParameterException: service deployment {} is {}, not in progress.",
            run.dep.short_id(),
            status.map_or("UNKNOWN", |s| s.as_str())
        ));
    }
    let (status, reason) = match stop {
        StopType::Rollback => (ServiceDeploymentStatus::RollbackRequested, ROLLBACK_ASKED),
        StopType::Abort => (ServiceDeploymentStatus::StopRequested, STOP_ASKED),
    };
    run.dep.status = Some(status);
    run.dep.status_reason = reason.to_string();
    run.dep.updated_at = Some(now);
    Ok(())
}

/// One tick over every run in progress: the world's part of [`step`].
pub(crate) fn on_tick(w: &mut super::world::World) {
    let now = w.now;
    let mut effects = Vec::new();
    for k in 0..w.strategies.runs.len() {
        let Some(run) = w.strategies.runs.get(k) else {
            continue;
        };
        if run.dep.status.is_none_or(|s| s.is_terminal()) {
            continue;
        }
        let i = run.service;
        let (green_ready, running) = w.services.get(i).map_or((false, 0), |s| {
            let d = s
                .svc
                .deployments
                .iter()
                .find(|d| d.task_definition == run.target_td);
            let running = d.map_or(0, |d| d.running);
            (running >= s.svc.desired, running)
        });
        let watched = run.dep.alarms.as_ref().map(|a| a.names.clone());
        let firing = w
            .alarms
            .iter()
            .filter(|a| watched.as_ref().is_some_and(|n| n.contains(&a.alarm.name)))
            .find(|a| a.service == i && a.alarm.state == AlarmState::Alarm)
            .map(|a| a.alarm.name.clone());
        let Some(run) = w.strategies.runs.get_mut(k) else {
            continue;
        };
        if let Some(t) = &mut run.dep.target_revision {
            t.running = running;
        }
        if let Some(e) = step(run, now, green_ready, firing.as_deref()) {
            effects.push((i, e));
        }
    }
    for (i, Effect::RollBackTo(td)) in effects {
        super::deploy::start_deployment(w, i, &td);
    }
}

/// Starts a run when service `i` with a modelled strategy begins deploying
/// `target_td` over `source_td`.
pub(crate) fn on_start(w: &mut super::world::World, i: usize, source_td: &str, target_td: &str) {
    let Some(strategy) = w.strategies.by_service.get(&i).cloned() else {
        return;
    };
    if strategy.config.kind == StrategyKind::Rolling {
        return;
    }
    let Some(s) = w.services.get(i) else { return };
    let (cluster, name, desired) = (s.svc.cluster.clone(), s.svc.name.clone(), s.svc.desired);
    let n = w.strategies.runs.len();
    let run = new_run(
        i, &cluster, &name, n, &strategy, source_td, target_td, desired, w.now,
    );
    // DescribeServices names it as `currentServiceDeployment` from now on.
    if let Some(s) = w.services.get_mut(i) {
        s.svc.current_service_deployment = Some(run.dep.arn.clone());
    }
    w.strategies.runs.push(run);
}

/// Gives service `i` its `strategy` and, with `start_to`, starts a
/// deployment of it to that task definition. One to the task definition the
/// service runs is a new service revision of the same one: its tasks stay,
/// and its traffic steps run while the deployments array already looks steady.
pub(crate) fn install(
    w: &mut super::world::World,
    i: usize,
    strategy: SimStrategy,
    start_to: Option<&str>,
) {
    w.strategies.by_service.insert(i, strategy);
    let Some(target) = start_to else { return };
    let Some(current) = w.services.get(i).map(|s| s.svc.task_definition.clone()) else {
        return;
    };
    if target != current {
        super::deploy::start_deployment(w, i, target);
    }
    on_start(w, i, &current, target);
}

#[cfg(test)]
#[path = "strategy_tests.rs"]
mod tests;
