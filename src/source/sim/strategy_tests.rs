//! Simulator rules per strategy.

use super::*;
use crate::model::{CanaryConfig, LifecycleHook, LinearConfig};

const SMOKE: &str = "arn:aws:lambda:us-east-1:123456789012:function:smoke";

fn t0() -> Time {
    crate::source::sim::clock::manual_epoch()
}

fn strategy(kind: StrategyKind, hooks: &[LifecycleStage], bake: u32) -> SimStrategy {
    SimStrategy {
        config: DeploymentStrategy {
            kind,
            bake_minutes: Some(bake),
            canary: Some(CanaryConfig {
                percent: 5.0,
                bake_minutes: 10,
            }),
            linear: Some(LinearConfig {
                step_percent: 25.0,
                step_bake_minutes: 2,
            }),
            hooks: vec![LifecycleHook {
                target_arn: SMOKE.into(),
                stages: hooks.to_vec(),
            }],
        },
        failing_hook: None,
        alarms: vec!["checkout-5xx".into()],
    }
}

fn run_of(s: &SimStrategy) -> Run {
    new_run(
        0,
        "prod",
        "checkout",
        0,
        s,
        "checkout:7",
        "checkout:8",
        2,
        t0(),
    )
}

/// Steps `run` one second at a time for `secs`, the green fleet ready from the
/// start; returns every (second, stage, target traffic) seen.
fn drive(run: &mut Run, from: i64, secs: i64) -> Vec<(i64, Option<LifecycleStage>, f64)> {
    let mut seen = Vec::new();
    for s in from..from + secs {
        let now = t0() + Duration::seconds(s);
        step(run, now, true, None);
        seen.push((
            s,
            run.dep.lifecycle_stage,
            run.dep.target_traffic().unwrap_or(0.0),
        ));
    }
    seen
}

#[test]
fn hook_only_stages_appear_only_with_a_hook_and_bake_only_with_a_bake_time() {
    use LifecycleStage as S;
    let s = strategy(StrategyKind::BlueGreen, &[S::PostTestTrafficShift], 0);
    assert_eq!(
        stages_of(&s.config),
        [
            S::ReconcileService,
            S::ScaleUp,
            S::TestTrafficShift,
            S::PostTestTrafficShift,
            S::ProductionTrafficShift,
            S::CleanUp
        ]
    );
    let s = strategy(StrategyKind::BlueGreen, &[], 5);
    assert!(stages_of(&s.config).contains(&S::BakeTime));
    assert!(!stages_of(&s.config).contains(&S::PostTestTrafficShift));
}

#[test]
fn no_production_traffic_reaches_the_new_revision_before_the_pre_traffic_hooks_pass() {
    use LifecycleStage as S;
    let s = strategy(
        StrategyKind::BlueGreen,
        &[S::PostScaleUp, S::PostTestTrafficShift],
        1,
    );
    let mut run = run_of(&s);
    let seen = drive(&mut run, 1, 200);
    let first_traffic = seen.iter().find(|(_, _, t)| *t > 0.0).unwrap();
    // Both hook stages were visited and answered before any traffic moved.
    let post_test_end = seen
        .iter()
        .rposition(|(_, st, _)| *st == Some(S::PostTestTrafficShift))
        .unwrap();
    assert!(seen.iter().any(|(_, st, _)| *st == Some(S::PostScaleUp)));
    assert!(first_traffic.0 > seen[post_test_end].0, "{first_traffic:?}");
    assert_eq!(first_traffic.1, Some(S::ProductionTrafficShift));
    assert_eq!(
        first_traffic.2, 100.0,
        "blue/green moves everything at once"
    );
}

#[test]
fn a_failing_hook_rolls_back_and_the_old_revision_keeps_all_traffic() {
    use LifecycleStage as S;
    let mut s = strategy(StrategyKind::Canary, &[S::PostTestTrafficShift], 0);
    s.failing_hook = Some(S::PostTestTrafficShift);
    let mut run = run_of(&s);
    let mut effect = None;
    for sec in 1..300 {
        if let Some(e) = step(&mut run, t0() + Duration::seconds(sec), true, None) {
            effect = Some(e);
        }
        assert_eq!(run.dep.target_traffic(), Some(0.0), "at {sec}s");
    }
    assert_eq!(effect, Some(Effect::RollBackTo("checkout:7".into())));
    assert_eq!(
        run.dep.status,
        Some(ServiceDeploymentStatus::RollbackSuccessful)
    );
    assert_eq!(
        run.dep.source_revisions[0].production_traffic_weight,
        Some(100.0)
    );
    let rb = run.dep.rollback.as_ref().unwrap();
    assert!(
        rb.reason.contains("POST_TEST_TRAFFIC_SHIFT"),
        "{}",
        rb.reason
    );
    assert!(rb.reason.contains(SMOKE));
    assert!(run.dep.finished_at.is_some());
}

#[test]
fn a_triggered_alarm_rolls_back_mid_canary() {
    let s = strategy(StrategyKind::Canary, &[], 0);
    let mut run = run_of(&s);
    drive(&mut run, 1, 60);
    assert_eq!(run.dep.target_traffic(), Some(5.0), "the canary");
    let at = t0() + Duration::seconds(61);
    let effect = step(&mut run, at, true, Some("checkout-5xx"));
    assert_eq!(effect, Some(Effect::RollBackTo("checkout:7".into())));
    assert_eq!(run.dep.target_traffic(), Some(0.0));
    assert_eq!(run.dep.alarms.as_ref().unwrap().triggered, ["checkout-5xx"]);
    assert_eq!(
        run.dep.status,
        Some(ServiceDeploymentStatus::RollbackInProgress)
    );
    step(&mut run, at + Duration::seconds(ROLLBACK_S), true, None);
    assert_eq!(
        run.dep.status,
        Some(ServiceDeploymentStatus::RollbackSuccessful)
    );
}

#[test]
fn a_canary_bakes_its_percent_then_shifts_the_rest_and_honours_the_bake_time() {
    let s = strategy(StrategyKind::Canary, &[], 3);
    let mut run = run_of(&s);
    let seen = drive(&mut run, 1, 60 * 20);
    let canary: Vec<_> = seen.iter().filter(|(_, _, t)| *t == 5.0).collect();
    let held = canary.last().unwrap().0 - canary.first().unwrap().0 + 1;
    assert_eq!(held, 10 * 60, "the canary bake");
    let full = seen.iter().find(|(_, _, t)| *t == 100.0).unwrap().0;
    let baking: Vec<_> = seen
        .iter()
        .filter(|(_, st, _)| *st == Some(LifecycleStage::BakeTime))
        .collect();
    assert_eq!(baking.len() as i64, 3 * 60, "the bake time");
    assert!(baking[0].0 > full);
    assert_eq!(run.dep.status, Some(ServiceDeploymentStatus::Successful));
    assert_eq!(run.dep.lifecycle_stage, None);
}

#[test]
fn linear_percentages_follow_the_configured_steps() {
    let s = strategy(StrategyKind::Linear, &[], 0);
    let mut run = run_of(&s);
    let seen = drive(&mut run, 1, 60 * 10);
    let mut steps: Vec<f64> = seen.iter().map(|(_, _, t)| *t).collect();
    steps.dedup();
    assert_eq!(steps, [0.0, 25.0, 50.0, 75.0, 100.0]);
    let at = |p: f64| seen.iter().find(|(_, _, t)| *t == p).unwrap().0;
    assert_eq!(at(50.0) - at(25.0), 120, "two-minute step bake");
    assert_eq!(at(100.0) - at(75.0), 120);
    assert_eq!(run.dep.status, Some(ServiceDeploymentStatus::Successful));
}

#[test]
fn scale_up_waits_for_the_green_fleet() {
    let s = strategy(StrategyKind::BlueGreen, &[], 0);
    let mut run = run_of(&s);
    for sec in 1..120 {
        step(&mut run, t0() + Duration::seconds(sec), false, None);
    }
    assert_eq!(run.dep.lifecycle_stage, Some(LifecycleStage::ScaleUp));
    assert_eq!(run.dep.target_traffic(), Some(0.0));
}

#[test]
fn a_native_rollback_is_accepted_only_in_progress_and_ends_rollback_successful() {
    let s = strategy(StrategyKind::Linear, &[], 0);
    let mut run = run_of(&s);
    drive(&mut run, 1, 200);
    assert_eq!(run.dep.target_traffic(), Some(50.0));
    request_stop(&mut run, StopType::Rollback, t0() + Duration::seconds(201)).unwrap();
    assert_eq!(
        run.dep.status,
        Some(ServiceDeploymentStatus::RollbackRequested)
    );
    let effect = step(&mut run, t0() + Duration::seconds(202), true, None);
    assert_eq!(effect, Some(Effect::RollBackTo("checkout:7".into())));
    assert_eq!(run.dep.target_traffic(), Some(0.0));
    step(
        &mut run,
        t0() + Duration::seconds(202 + ROLLBACK_S),
        true,
        None,
    );
    assert_eq!(
        run.dep.status,
        Some(ServiceDeploymentStatus::RollbackSuccessful)
    );
    let again = request_stop(&mut run, StopType::Rollback, t0() + Duration::seconds(300));
    assert!(again.unwrap_err().contains("ROLLBACK_SUCCESSFUL"));
}
