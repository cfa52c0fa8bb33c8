//! The simulator's Application Auto Scaling: the CPU target tracking policy
//! of the flaky service scales it out during the demand surge and back in
//! after it, within its bounds; RegisterScalableTarget moves the bounds.

use std::time::Duration;

use ecsdeck::model::{PolicyKind, ServiceScaling};
use ecsdeck::source::sim::{Faults, SimConfig, SimSource};
use ecsdeck::source::{ErrorKind, Ops, ReadOnly, Source};

const CLUSTER: &str = "prod";
const FLAKY: &str = "payments";

fn sim() -> SimSource {
    SimSource::new(SimConfig {
        seed: 7,
        speed: None,
        extra_services: 0,
        faults: Faults::default(),
    })
}

async fn scaling(s: &SimSource) -> ServiceScaling {
    let mut v = s
        .scaling(CLUSTER, &[FLAKY.to_string()], true)
        .await
        .unwrap();
    assert_eq!(v.len(), 1, "{FLAKY} is autoscaled");
    v.remove(0)
}

async fn desired(s: &SimSource) -> u32 {
    s.describe_services(CLUSTER, &[FLAKY.to_string()])
        .await
        .unwrap()[0]
        .desired
}

#[tokio::test]
async fn only_the_flaky_service_is_autoscaled_with_a_cpu_policy() {
    let s = sim();
    let names: Vec<String> = s.service_names(CLUSTER).await.unwrap();
    let got = s.scaling(CLUSTER, &names, false).await.unwrap();
    assert_eq!(
        got.iter().map(|g| g.service.as_str()).collect::<Vec<_>>(),
        vec![FLAKY]
    );
    let full = scaling(&s).await;
    assert_eq!((full.target.min, full.target.max), (2, 6));
    assert!(matches!(
        &full.policies[0].kind,
        PolicyKind::TargetTracking { metric, .. } if metric == "ECSServiceAverageCPUUtilization"
    ));
    assert!(full.activities.is_empty());
}

#[tokio::test]
async fn the_cpu_policy_scales_out_during_the_surge_and_back_in_after_it() {
    let s = sim();
    assert_eq!(desired(&s).await, 2);
    let mut peak = 0;
    // The surge runs from minute 3 to minute 23.
    for _ in 0..(23 * 2) {
        s.advance(Duration::from_secs(30));
        peak = peak.max(desired(&s).await);
    }
    let during = scaling(&s).await;
    let tasks = s
        .tasks(CLUSTER, &ecsdeck::source::TaskScope::Service(FLAKY.into()))
        .await
        .unwrap();
    let mut arns: Vec<&str> = tasks.iter().map(|t| t.arn.as_str()).collect();
    let listed = arns.len();
    arns.sort();
    arns.dedup();
    assert_eq!(arns.len(), listed, "each task listed once");
    assert!(peak > 2, "scaled out during the surge (peak {peak})");
    assert!(peak <= during.target.max, "within max: {peak}");
    assert!(
        during
            .activities
            .iter()
            .any(|a| a.cause.contains("AlarmHigh") && a.status == "Successful"),
        "{:?}",
        during.activities
    );
    for _ in 0..(35 * 2) {
        s.advance(Duration::from_secs(30));
    }
    assert_eq!(desired(&s).await, 2, "back to the minimum after the surge");
    let after = scaling(&s).await;
    let newest = &after.activities[0];
    assert!(newest.cause.contains("AlarmLow"), "{newest:?}");
    assert_eq!(newest.description, "Setting desired count to 2.");
}

#[tokio::test]
async fn register_moves_the_bounds_and_the_desired_count_into_them() {
    let s = sim();
    let t = s
        .register_scalable_target(CLUSTER, FLAKY, 3, 5)
        .await
        .unwrap();
    assert_eq!((t.min, t.max), (3, 5));
    assert_eq!(desired(&s).await, 3, "raised to the new minimum");
    let bad = s
        .register_scalable_target(CLUSTER, FLAKY, 5, 3)
        .await
        .unwrap_err();
    assert_eq!(bad.kind, ErrorKind::InvalidInput);
    let missing = s
        .register_scalable_target(CLUSTER, "catalog", 1, 2)
        .await
        .unwrap_err();
    assert_eq!(missing.kind, ErrorKind::NotFound);
    let ro = ReadOnly(&s);
    let refused = ro
        .register_scalable_target(CLUSTER, FLAKY, 1, 1)
        .await
        .unwrap_err();
    assert_eq!(refused.kind, ErrorKind::ReadOnly);
    assert_eq!(scaling(&s).await.target.min, 3, "read-only changed nothing");
}
