//! `rollout wait` judging from the service deployment, on the simulator with
//! a manual clock.

use std::sync::Arc;
use std::time::Duration;

use super::pace::{Pacer, StepSim};
use super::rollout::{self, WaitOptions, WaitOutcome};
use crate::model::StopType;
use crate::source::sim::{SimConfig, SimSource, strategy};
use crate::source::{Ops, Source};

fn manual_sim() -> Arc<SimSource> {
    Arc::new(SimSource::new(SimConfig {
        speed: None,
        ..SimConfig::default()
    }))
}

fn opts(secs: u64) -> WaitOptions {
    WaitOptions {
        timeout: Duration::from_secs(secs),
        interval: Duration::from_secs(5),
    }
}

#[tokio::test]
async fn the_demo_canary_succeeds_only_after_its_bakes() {
    let sim = manual_sim();
    let mut lines = Vec::new();
    let r = rollout::wait(
        &*sim,
        &mut StepSim(Arc::clone(&sim)),
        "prod",
        "checkout",
        opts(3600),
        &mut |l: &str| lines.push(l.to_string()),
    )
    .await
    .unwrap();
    assert_eq!(r.outcome, WaitOutcome::Completed, "{lines:#?}");
    assert_eq!(r.exit_code(), 0);
    let all = lines.join("\n");
    assert!(all.contains("following service deployment"), "{all}");
    assert!(
        all.contains("CANARY 10 % PRODUCTION_TRAFFIC_SHIFT IN_PROGRESS"),
        "{all}"
    );
    assert!(all.contains("CANARY 100 % BAKE_TIME IN_PROGRESS"), "{all}");
    // The tasks are steady within a few minutes; success waits for the
    // canary bake (5 min) and the bake time (2 min).
    assert!(r.elapsed_secs >= 7 * 60, "{}", r.elapsed_secs);
    let history = sim.service_deployments("prod", "checkout").await.unwrap();
    assert_eq!(
        history[0].status,
        Some(crate::model::ServiceDeploymentStatus::Successful)
    );
}

/// Steps the simulator and asks for a stop (`stop`: a native rollback or
/// an abort) once `left` has passed.
struct RollbackAfter {
    sim: Arc<SimSource>,
    arn: String,
    left: Duration,
    sent: bool,
    stop: StopType,
}

impl Pacer for RollbackAfter {
    async fn pause(&mut self, d: Duration) {
        self.sim.advance(d);
        self.left = self.left.saturating_sub(d);
        if self.left.is_zero() && !self.sent {
            self.sent = true;
            self.sim
                .stop_service_deployment(&self.arn, self.stop)
                .await
                .unwrap();
        }
    }
}

#[tokio::test]
async fn a_native_rollback_of_the_linear_deployment_fails_the_wait_with_exit_1() {
    let sim = manual_sim();
    let arn = sim.service_deployments("prod", "payments").await.unwrap()[0]
        .arn
        .clone();
    let mut pacer = RollbackAfter {
        sim: Arc::clone(&sim),
        arn,
        left: Duration::from_secs(240),
        sent: false,
        stop: StopType::Rollback,
    };
    let mut lines = Vec::new();
    let r = rollout::wait(
        &*sim,
        &mut pacer,
        "prod",
        "payments",
        opts(3600),
        &mut |l: &str| lines.push(l.to_string()),
    )
    .await
    .unwrap();
    assert!(
        matches!(&r.outcome, WaitOutcome::Failed(m) if m.contains("ROLLBACK_") && m.contains("StopServiceDeployment")),
        "{:?}\n{lines:#?}",
        r.outcome
    );
    assert_eq!(r.exit_code(), 1);
    assert!(lines.join("\n").contains("LINEAR 20 %"), "{lines:#?}");
    // Let the rollback finish: the history says ROLLBACK_SUCCESSFUL.
    sim.advance(Duration::from_secs(strategy::ROLLBACK_S as u64 + 5));
    let history = sim.service_deployments("prod", "payments").await.unwrap();
    assert_eq!(
        history[0].status,
        Some(crate::model::ServiceDeploymentStatus::RollbackSuccessful)
    );
    assert_eq!(history[0].target_traffic(), Some(0.0));
}

#[tokio::test]
async fn a_stopped_deployment_fails_the_wait_with_exit_1() {
    let sim = manual_sim();
    let arn = sim.service_deployments("prod", "payments").await.unwrap()[0]
        .arn
        .clone();
    let mut pacer = RollbackAfter {
        sim: Arc::clone(&sim),
        arn,
        left: Duration::from_secs(120),
        sent: false,
        stop: StopType::Abort,
    };
    let mut lines = Vec::new();
    let r = rollout::wait(
        &*sim,
        &mut pacer,
        "prod",
        "payments",
        opts(3600),
        &mut |l: &str| lines.push(l.to_string()),
    )
    .await
    .unwrap();
    assert!(
        matches!(&r.outcome, WaitOutcome::Failed(m) if m.contains("STOP")),
        "{:?}\n{lines:#?}",
        r.outcome
    );
    assert_eq!(r.exit_code(), 1);
}

#[tokio::test]
async fn a_service_at_rest_is_judged_from_the_deployments_array() {
    let sim = manual_sim();
    let mut lines = Vec::new();
    let r = rollout::wait(
        &*sim,
        &mut StepSim(Arc::clone(&sim)),
        "prod",
        "catalog",
        opts(1800),
        &mut |l: &str| lines.push(l.to_string()),
    )
    .await
    .unwrap();
    assert_eq!(r.outcome, WaitOutcome::Completed);
    let all = lines.join("\n");
    assert!(!all.contains("service deployment"), "{all}");
    assert!(!all.contains("unavailable"), "{all}");
}
