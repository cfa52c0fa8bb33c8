use chrono::Duration;

use super::*;
use crate::fixtures::t0;
use crate::model::{
    CanaryConfig, DeploymentStrategy, HookRun, LinearConfig, RevisionRef, ServiceDeployment,
};

fn rev(weight: f64) -> RevisionRef {
    RevisionRef {
        arn: "arn:aws:ecs:us-east-1:1:service-revision/prod/checkout/1".into(),
        requested: 2,
        running: 2,
        pending: 0,
        test_traffic_weight: Some(100.0),
        production_traffic_weight: Some(weight),
    }
}

fn strategy(kind: StrategyKind) -> DeploymentStrategy {
    DeploymentStrategy {
        kind,
        bake_minutes: Some(2),
        canary: Some(CanaryConfig {
            percent: 5.0,
            bake_minutes: 10,
        }),
        linear: Some(LinearConfig {
            step_percent: 10.0,
            step_bake_minutes: 3,
        }),
        hooks: Vec::new(),
    }
}

/// A deployment of `kind` at `stage` with `traffic` % on the new revision,
/// changed last at `t0`.
fn dep(kind: StrategyKind, stage: LifecycleStage, traffic: f64) -> ServiceDeployment {
    ServiceDeployment {
        arn: "arn:aws:ecs:us-east-1:1:service-deployment/prod/checkout/abc".into(),
        status: Some(ServiceDeploymentStatus::InProgress),
        lifecycle_stage: Some(stage),
        source_revisions: vec![rev(100.0 - traffic)],
        target_revision: Some(rev(traffic)),
        strategy: Some(strategy(kind)),
        created_at: Some(t0()),
        started_at: Some(t0()),
        updated_at: Some(t0()),
        ..ServiceDeployment::default()
    }
}

#[test]
fn a_canary_says_its_share_and_the_bake_left() {
    let d = dep(
        StrategyKind::Canary,
        LifecycleStage::ProductionTrafficShift,
        5.0,
    );
    let now = t0() + Duration::seconds(2 * 60 + 48);
    assert_eq!(line(&d, now), "canary 5 % · baking 7:12 left");
    assert_eq!(short(&d, now), "⟳ canary 5% 7:12");
}

#[test]
fn a_linear_step_says_the_next_share_and_when() {
    let d = dep(
        StrategyKind::Linear,
        LifecycleStage::ProductionTrafficShift,
        30.0,
    );
    let now = t0() + Duration::seconds(60);
    assert_eq!(line(&d, now), "linear 30 % → 40 % in 2:00");
    assert_eq!(short(&d, now), "⟳ linear 30% 2:00");
    // Overdue (ECS has not moved yet): never a negative time.
    let late = t0() + Duration::seconds(600);
    assert_eq!(line(&d, late), "linear 30 % → 40 % in 0:00");
}

#[test]
fn a_running_hook_is_named_by_its_stage() {
    let mut d = dep(
        StrategyKind::Canary,
        LifecycleStage::PostTestTrafficShift,
        0.0,
    );
    d.hooks = vec![HookRun {
        hook_id: "h1".into(),
        target_arn: "arn:aws:lambda:us-east-1:1:function:smoke".into(),
        stage: Some(LifecycleStage::PostTestTrafficShift),
        status: Some(HookStatus::InProgress),
        expires_at: None,
    }];
    assert_eq!(
        line(&d, t0()),
        "canary · hook post-test-traffic: IN_PROGRESS"
    );
    assert_eq!(short(&d, t0()), "⟳ canary hook…");
    d.hooks[0].status = Some(HookStatus::Succeeded);
    assert_eq!(line(&d, t0()), "canary 0 % · post test traffic shift");
}

#[test]
fn the_bake_time_left_before_the_old_revision_goes() {
    let d = dep(StrategyKind::BlueGreen, LifecycleStage::BakeTime, 100.0);
    let now = t0() + Duration::seconds(8);
    assert_eq!(line(&d, now), "blue/green 100 % · bake time 1:52 left");
    assert_eq!(short(&d, now), "⟳ b/g bake 1:52");
}

#[test]
fn rollbacks_and_ends_say_so() {
    let mut d = dep(
        StrategyKind::Linear,
        LifecycleStage::ProductionTrafficShift,
        40.0,
    );
    d.status = Some(ServiceDeploymentStatus::RollbackInProgress);
    assert_eq!(line(&d, t0()), "linear rolling back to the source revision");
    assert_eq!(short(&d, t0()), "⟲ rolling back");
    d.status = Some(ServiceDeploymentStatus::RollbackSuccessful);
    assert_eq!(line(&d, t0()), "linear ROLLBACK_SUCCESSFUL");
}

#[test]
fn every_short_form_fits_the_column() {
    use unicode_width::UnicodeWidthStr;
    for kind in StrategyKind::ALL {
        for stage in LifecycleStage::ALL {
            for traffic in [0.0, 5.0, 90.0, 100.0] {
                let mut d = dep(*kind, *stage, traffic);
                if let Some(s) = &mut d.strategy {
                    s.bake_minutes = Some(1440);
                    s.canary = Some(CanaryConfig {
                        percent: 5.0,
                        bake_minutes: 1440,
                    });
                }
                let text = short(&d, t0() + Duration::seconds(30));
                assert!(text.width() <= SHORT_WIDTH, "{text:?} is too wide");
            }
        }
    }
}
