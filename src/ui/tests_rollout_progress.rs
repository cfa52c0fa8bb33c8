//! Snapshots of rollout progress: a canary's place in the services row and
//! in the rollouts panel.

use chrono::Duration;

use super::tests::draw;
use crate::fixtures::{loaded_state, t0};
use crate::model::{
    CanaryConfig, DeploymentStrategy, LifecycleStage, RevisionRef, ServiceDeployment,
    ServiceDeploymentStatus, StrategyKind,
};
use crate::state::State;
use crate::watch::{RolloutWatch, WatchKind};

const ARN: &str = "arn:aws:ecs:us-east-1:123456789012:service-deployment/prod/checkout/can1";

fn canary() -> ServiceDeployment {
    let rev = |w: f64| RevisionRef {
        arn: "arn:aws:ecs:us-east-1:123456789012:service-revision/prod/checkout/1".into(),
        requested: 4,
        running: 4,
        pending: 0,
        test_traffic_weight: Some(100.0),
        production_traffic_weight: Some(w),
    };
    ServiceDeployment {
        arn: ARN.into(),
        status: Some(ServiceDeploymentStatus::InProgress),
        lifecycle_stage: Some(LifecycleStage::ProductionTrafficShift),
        source_revisions: vec![rev(95.0)],
        target_revision: Some(rev(5.0)),
        strategy: Some(DeploymentStrategy {
            kind: StrategyKind::Canary,
            bake_minutes: Some(2),
            canary: Some(CanaryConfig {
                percent: 5.0,
                bake_minutes: 10,
            }),
            linear: None,
            hooks: Vec::new(),
        }),
        created_at: Some(t0() - Duration::minutes(4)),
        started_at: Some(t0() - Duration::minutes(4)),
        updated_at: Some(t0() - Duration::seconds(168)),
        ..ServiceDeployment::default()
    }
}

/// checkout runs a canary at 5 % with 7:12 of its bake left, followed in the panel.
fn canary_state() -> State {
    let mut s = loaded_state();
    for svc in s.services.data.iter_mut().flatten() {
        if svc.name == "checkout" {
            svc.current_service_deployment = Some(ARN.into());
        }
    }
    let dep = canary();
    let checkout = s.service("checkout").cloned().unwrap();
    s.watches.push(RolloutWatch::of_service_deployment(
        &checkout,
        "rollout",
        WatchKind::Deployment,
        &dep,
        s.now,
    ));
    s.current_deployments
        .apply(Ok([(ARN.to_string(), dep)].into_iter().collect()), t0());
    s
}

#[test]
fn a_canary_in_the_services_row_and_the_rollouts_panel() {
    let s = canary_state();
    let screen = draw(&s, 120, 40);
    let row = screen
        .lines()
        .find(|l| l.contains("checkout") && l.contains("ACTIVE"))
        .unwrap_or_else(|| panic!("{screen}"));
    assert!(row.contains("⟳ canary 5% 7:12"), "{row}");
    assert!(
        screen.contains("checkout rollout → checkout:17  canary 5 % · baking 7:12 left  4:00"),
        "{screen}"
    );
    insta::assert_snapshot!(screen);
}

#[test]
fn a_canary_at_80x24() {
    let screen = draw(&canary_state(), 80, 24);
    assert!(screen.contains("⟳ canary 5% 7:12"), "{screen}");
    insta::assert_snapshot!(screen);
}
