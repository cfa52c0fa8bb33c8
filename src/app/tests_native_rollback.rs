//! `R` during a service deployment: ECS's native rollback through the one
//! confirmed path (confirm, protected-cluster typing, audit, read-only
//! refusal), the rollouts panel judging from the service deployment, and the
//! current-deployments fetch in the plan.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::{Command, update};
use crate::event::{Data, Event, OpDone, Payload};
use crate::fixtures::{loaded_state, t0};
use crate::model::{
    DeploymentStrategy, LifecycleStage, LinearConfig, RevisionRef, ServiceDeployment,
    ServiceDeploymentStatus, StrategyKind,
};
use crate::ops::{Op, OpSuccess};
use crate::poll::Fetch;
use crate::state::{Overlay, Stage, State, View};
use crate::watch::Outcome;

const ARN: &str = "arn:aws:ecs:us-east-1:123456789012:service-deployment/staging/web-api/lin1";

fn key(c: char) -> Event {
    Event::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE))
}

fn code(c: KeyCode) -> Event {
    Event::Key(KeyEvent::new(c, KeyModifiers::NONE))
}

fn linear(status: ServiceDeploymentStatus) -> ServiceDeployment {
    let rev = |w: f64| RevisionRef {
        arn: "arn:aws:ecs:us-east-1:123456789012:service-revision/staging/web-api/1".into(),
        requested: 3,
        running: 3,
        pending: 0,
        test_traffic_weight: None,
        production_traffic_weight: Some(w),
    };
    ServiceDeployment {
        arn: ARN.into(),
        status: Some(status),
        lifecycle_stage: Some(LifecycleStage::ProductionTrafficShift),
        source_revisions: vec![rev(60.0)],
        target_revision: Some(rev(40.0)),
        strategy: Some(DeploymentStrategy {
            kind: StrategyKind::Linear,
            bake_minutes: Some(2),
            canary: None,
            linear: Some(LinearConfig {
                step_percent: 20.0,
                step_bake_minutes: 2,
            }),
            hooks: Vec::new(),
        }),
        created_at: Some(t0()),
        started_at: Some(t0()),
        updated_at: Some(t0()),
        ..ServiceDeployment::default()
    }
}

fn deployments_arrive(s: &mut State, dep: ServiceDeployment) {
    update(
        s,
        Event::Data(Data {
            fetch: Fetch::CurrentServiceDeployments {
                arns: vec![ARN.into()],
            },
            at: s.now,
            payload: Payload::CurrentServiceDeployments(Ok(vec![dep])),
        }),
    );
}

/// web-api selected on `cluster`, naming a linear deployment in progress.
fn deploying(cluster: &str) -> State {
    deploying_on(loaded_state(), cluster)
}

/// As [`deploying`], on the screen `s` shows.
fn deploying_on(mut s: State, cluster: &str) -> State {
    s.cluster = Some(cluster.into());
    for svc in s.services.data.iter_mut().flatten() {
        if svc.name == "web-api" {
            svc.current_service_deployment = Some(ARN.into());
        }
    }
    update(&mut s, key('/'));
    for c in "web-api".chars() {
        update(&mut s, key(c));
    }
    update(&mut s, code(KeyCode::Enter));
    deployments_arrive(&mut s, linear(ServiceDeploymentStatus::InProgress));
    s
}

fn confirm_op(s: &State) -> Option<(&Op, Stage, String)> {
    match &s.overlay {
        Some(Overlay::Confirm(c)) => Some((c.op.as_ref()?, c.stage, c.notes.join(" "))),
        _ => None,
    }
}

#[test]
fn the_plan_describes_the_running_deployment_and_stops_once_it_ends() {
    let mut s = loaded_state();
    for svc in s.services.data.iter_mut().flatten() {
        if svc.name == "web-api" {
            svc.current_service_deployment = Some(ARN.into());
        }
    }
    let wanted = |s: &State| {
        super::plan::wanted_fetches(s)
            .into_iter()
            .find(|f| matches!(f, Fetch::CurrentServiceDeployments { .. }))
    };
    assert_eq!(
        wanted(&s),
        Some(Fetch::CurrentServiceDeployments {
            arns: vec![ARN.into()]
        }),
        "a deployment named but not known yet is described"
    );
    deployments_arrive(&mut s, linear(ServiceDeploymentStatus::InProgress));
    assert_eq!(wanted(&s), None, "just described: it waits");
    s.now += super::current_deployments::RUNNING_PERIOD;
    assert!(wanted(&s).is_some(), "still running: described again");
    deployments_arrive(&mut s, linear(ServiceDeploymentStatus::Successful));
    s.now += super::current_deployments::RUNNING_PERIOD;
    assert_eq!(
        wanted(&s),
        None,
        "a finished deployment costs no more calls"
    );
    let (_, calls) = super::pacer::expected_calls(
        &Fetch::CurrentServiceDeployments {
            arns: (0..21).map(|n| format!("arn-{n}")).collect(),
        },
        &s,
    );
    assert_eq!(calls, 2, "described by 20");
}

#[test]
fn an_endpoint_without_the_api_is_said_once_and_not_asked_again() {
    let mut s = deploying("staging");
    let unsupported = crate::source::SourceError::new(
        crate::source::ErrorKind::Unsupported,
        "ecs:DescribeServiceDeployments",
        "not supported",
    );
    let at = s.now;
    update(
        &mut s,
        Event::Data(Data {
            fetch: Fetch::CurrentServiceDeployments {
                arns: vec![ARN.into()],
            },
            at,
            payload: Payload::CurrentServiceDeployments(Err(unsupported)),
        }),
    );
    let text = s
        .status
        .as_ref()
        .map(|m| m.text.clone())
        .unwrap_or_default();
    assert!(text.contains("service deployments unavailable"), "{text}");
    assert!(
        !super::plan::wanted_fetches(&s)
            .iter()
            .any(|f| matches!(f, Fetch::CurrentServiceDeployments { .. }))
    );
    // The last good data stays.
    let svc = s.service("web-api").cloned().unwrap();
    assert!(s.current_deployment_of(&svc).is_some());
}

#[test]
fn r_during_a_deployment_offers_the_native_rollback_and_sends_it_once() {
    let mut s = deploying("staging");
    assert!(
        update(&mut s, key('R')).is_empty(),
        "nothing sent before confirming"
    );
    let (op, stage, notes) = confirm_op(&s).expect("a confirm dialog");
    assert_eq!(
        op,
        &Op::NativeRollback {
            cluster: "staging".into(),
            service: "web-api".into(),
            deployment: ARN.into(),
            strategy: "LINEAR".into(),
        }
    );
    assert_eq!(stage, Stage::Confirm);
    assert!(notes.contains("linear 40 % → 60 %"), "{notes}");
    assert_eq!(s.screen().view, View::Services, "no revisions list");
    let cmds = update(&mut s, key('y'));
    let [Command::RunOp(op)] = cmds.as_slice() else {
        panic!("{cmds:?}")
    };
    assert!(s.inflight.contains("web-api"));
    assert!(
        update(&mut s, key('R')).is_empty(),
        "in flight: nothing more"
    );
    // Done: a watch follows the deployment to ROLLBACK_SUCCESSFUL.
    update(
        &mut s,
        Event::OpDone(OpDone {
            op: op.clone(),
            result: Ok(OpSuccess::ServiceDeployment(ARN.into())),
            audit_error: None,
        }),
    );
    assert!(s.inflight.is_empty());
    let w = s.watches.iter().find(|w| w.service == "web-api").unwrap();
    assert_eq!(w.outcome, None);
    assert!(
        super::plan::wanted_fetches(&s)
            .iter()
            .any(|f| matches!(f, Fetch::CurrentServiceDeployments { .. })),
        "described again at once after the write"
    );
    deployments_arrive(&mut s, linear(ServiceDeploymentStatus::RollbackInProgress));
    let w = s.watches.iter().find(|w| w.service == "web-api").unwrap();
    assert_eq!(w.outcome, None, "rolling back is not the end");
    deployments_arrive(&mut s, linear(ServiceDeploymentStatus::RollbackSuccessful));
    let w = s.watches.iter().find(|w| w.service == "web-api").unwrap();
    assert_eq!(w.outcome, Some(Outcome::Completed));
}

#[test]
fn a_protected_cluster_needs_the_name_typed_for_a_native_rollback() {
    let mut s = deploying("prod");
    update(&mut s, key('R'));
    let (op, stage, _) = confirm_op(&s).expect("a confirm dialog");
    assert!(matches!(op, Op::NativeRollback { .. }));
    assert_eq!(stage, Stage::TypeName);
    assert!(update(&mut s, code(KeyCode::Enter)).is_empty());
    for c in "web-api".chars() {
        update(&mut s, key(c));
    }
    let cmds = update(&mut s, code(KeyCode::Enter));
    assert!(matches!(
        cmds.as_slice(),
        [Command::RunOp(Op::NativeRollback { .. })]
    ));
}

#[test]
fn read_only_refuses_the_native_rollback() {
    let mut s = deploying("staging");
    s.read_only = true;
    assert!(update(&mut s, key('R')).is_empty());
    assert!(s.overlay.is_none());
    assert!(
        s.status
            .as_ref()
            .is_some_and(|m| m.text.starts_with("read-only mode: rollback refused"))
    );
}

#[test]
fn at_rest_r_keeps_the_revisions_list() {
    let mut s = deploying("staging");
    deployments_arrive(&mut s, linear(ServiceDeploymentStatus::Successful));
    update(&mut s, key('R'));
    assert!(s.overlay.is_none());
    assert_eq!(s.screen().view, View::Revisions);
}

#[test]
fn the_panel_follows_a_running_linear_deployment_and_a_stop_is_a_failure() {
    let mut s = deploying("staging");
    assert!(s.watches.is_empty(), "not followed from the list");
    update(&mut s, code(KeyCode::Enter));
    assert_eq!(s.screen().view, View::ServiceDetail);
    deployments_arrive(&mut s, linear(ServiceDeploymentStatus::InProgress));
    let w = s.watches.iter().find(|w| w.service == "web-api");
    assert!(w.is_some(), "opened and running: followed");
    // The deployments array looks steady; the service deployment says STOPPED.
    deployments_arrive(&mut s, linear(ServiceDeploymentStatus::Stopped));
    let w = s.watches.iter().find(|w| w.service == "web-api").unwrap();
    assert!(
        matches!(&w.outcome, Some(Outcome::Failed(m)) if m.contains("STOPPED")),
        "{:?}",
        w.outcome
    );
}

#[test]
fn the_dashboard_follows_the_selected_service_s_running_deployment() {
    // The rollout pane is about the selected service: its linear deployment
    // is followed without opening it, so the pane says where it is.
    let s = deploying_on(crate::fixtures::loaded_dashboard(), "staging");
    assert_eq!(s.screen().view, View::Dashboard);
    let w = s.watches.iter().find(|w| w.service == "web-api");
    assert!(w.is_some_and(|w| w.outcome.is_none()), "{:?}", s.watches);
    // Only the selected one: the others stay unfollowed.
    assert_eq!(s.watches.len(), 1);
}

#[tokio::test]
async fn the_native_rollback_is_audited_and_the_read_only_source_refuses_it() {
    use crate::audit::{AuditContext, read_recent, run_audited};
    use crate::source::sim::SimSource;
    use crate::source::{ErrorKind, ReadOnly, Source};
    let sim = std::sync::Arc::new(SimSource::new(Default::default()));
    let svc = sim
        .describe_services("prod", &["payments".to_string()])
        .await
        .unwrap()
        .remove(0);
    let arn = svc.current_service_deployment.clone().unwrap();
    let op = Op::NativeRollback {
        cluster: "prod".into(),
        service: "payments".into(),
        deployment: arn.clone(),
        strategy: "LINEAR".into(),
    };
    let dir = std::env::temp_dir().join(format!("ecsdeck-native-rb-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let audit = AuditContext {
        path: Some(dir.join("audit.jsonl")),
        source: "demo".into(),
        profile: None,
        region: None,
        allow_unaudited: false,
    };
    let ro = ReadOnly(std::sync::Arc::clone(&sim));
    let refused = run_audited(&ro, &audit, None, &op).await;
    let e = refused.result.unwrap_err();
    assert_eq!(e.kind, ErrorKind::ReadOnly);
    assert_eq!(sim.calls().get("ecs:StopServiceDeployment"), 0);
    let done = run_audited(&*sim, &audit, None, &op).await;
    assert_eq!(done.result, Ok(OpSuccess::ServiceDeployment(arn.clone())));
    let after = sim.describe_service_deployments(&[arn]).await.unwrap();
    assert_eq!(
        after[0].status,
        Some(ServiceDeploymentStatus::RollbackRequested)
    );
    let recs = read_recent(&dir.join("audit.jsonl"), 10).unwrap().records;
    let results: Vec<(&str, &str)> = recs
        .iter()
        .map(|r| (r.action.as_str(), r.result.as_str()))
        .collect();
    assert_eq!(
        results,
        [
            ("native-rollback", "ok"),
            ("native-rollback", "attempt"),
            ("native-rollback", "error"),
            ("native-rollback", "attempt"),
        ],
        "newest first"
    );
    assert!(
        recs[0].parameters["deployment"]
            .as_str()
            .is_some_and(|d| d.contains("service-deployment/prod/payments"))
    );
    let _ = std::fs::remove_dir_all(dir);
}
