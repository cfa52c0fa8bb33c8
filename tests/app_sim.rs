//! The whole app loop without a terminal: `update` + `wanted_fetches` driven
//! against the simulator on a manual clock, ops executed like the runtime does.
//! Deterministic: virtual time only moves when a test advances it.
//! The driver is tests/app_driver/mod.rs.

mod app_driver;
use app_driver::Driver;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ecsdeck::app::{Command, execute_op, update};
use ecsdeck::audit::read_recent;
use ecsdeck::event::Event;
use ecsdeck::source::Source;
use ecsdeck::state::View;
use ecsdeck::watch::Outcome;

#[test]
fn chaos_stop_is_timed_to_recovery_and_recorded() {
    let mut d = Driver::new("prod", false);
    d.select_service("web-api");
    d.key(KeyCode::Enter);
    assert_eq!(d.state.screen().view, View::ServiceDetail);
    d.keys("x");
    d.keys("y");
    assert_eq!(d.sim.calls().get("ecs:StopTask"), 1);
    assert_eq!(d.state.chaos.len(), 1, "the stopwatch started");
    d.wait(120, 2);
    let run = &d.state.chaos[0];
    let ttr = run
        .timeline
        .time_to_recovery()
        .expect("the service recovered");
    assert!(
        ttr.num_seconds() > 0 && ttr.num_seconds() <= 90,
        "time to recovery {ttr}"
    );
    assert!(run.recorded);
    let lines = run.timeline.lines().join("\n");
    for m in [
        "task stopped",
        "replacement running",
        "target healthy",
        "recovered",
    ] {
        assert!(lines.contains(m), "{m} missing from\n{lines}");
    }
    assert!(
        d.state
            .timeline
            .entries
            .iter()
            .any(|e| e.text.contains("healthy replacement serving at"))
    );
    let audit = read_recent(d.audit.path.as_ref().unwrap(), 10)
        .unwrap()
        .records;
    let results: Vec<&str> = audit.iter().map(|r| r.result.as_str()).collect();
    assert_eq!(
        results,
        ["ok", "attempt"],
        "newest first: the attempt came first"
    );
    for r in &audit {
        assert_eq!(r.action, "stop-task");
        assert_eq!(r.identity.as_deref(), Some("tester"));
    }
}

#[test]
fn a_bad_revision_deploy_is_reported_as_a_failure() {
    let mut d = Driver::new("prod", false);
    d.select_service("web-api");
    d.keys("R"); // revisions, in rollback mode
    assert_eq!(d.state.screen().view, View::Revisions);
    d.pump();
    // pick the known-bad revision web-api:15 (newer than the running one in this scenario)
    let revisions = d
        .state
        .filtered_revisions("web-api", &d.state.screen().nav.clone());
    let bad = revisions
        .iter()
        .position(|a| a.ends_with("web-api:15"))
        .expect("web-api:15 exists");
    d.keys("g");
    for _ in 0..bad {
        d.key(KeyCode::Down);
    }
    d.keys("R");
    d.keys("y");
    assert_eq!(d.sim.calls().get("ecs:UpdateService"), 1);
    assert_eq!(d.state.watches.len(), 1);
    let ended = |s: &ecsdeck::state::State| s.watches.first().is_some_and(|w| w.outcome.is_some());
    assert!(d.wait_until(400, 5, ended), "{:?}", d.state.watches);
    let w = &d.state.watches[0];
    assert!(
        matches!(&w.outcome, Some(Outcome::Failed(_))),
        "a bad revision must end as a failure, got {:?}",
        w.outcome
    );
}

#[test]
fn rollback_completes_with_the_chosen_revision() {
    let mut d = Driver::new("prod", false);
    d.select_service("web-api");
    let running = d.state.service("web-api").unwrap().task_definition.clone();
    d.keys("R");
    d.pump();
    d.keys("R"); // the preselected revision: the one before the running one
    d.keys("y");
    assert_eq!(d.state.watches.len(), 1);
    let intended = d.state.watches[0].intended.clone();
    assert_ne!(intended, running);
    let ended = |s: &ecsdeck::state::State| s.watches.first().is_some_and(|w| w.outcome.is_some());
    assert!(d.wait_until(400, 5, ended), "{:?}", d.state.watches);
    assert_eq!(
        d.state.watches[0].outcome,
        Some(Outcome::Completed),
        "{:?}",
        d.state.watches[0]
    );
    assert_eq!(
        d.state.service("web-api").unwrap().task_definition,
        intended
    );
}

#[test]
fn a_read_only_session_sends_zero_write_calls() {
    let mut d = Driver::new("staging", true);
    d.select_service("web-api");
    for k in ["r", "s", "R", "x"] {
        d.keys(k);
        d.keys("y");
        d.key(KeyCode::Enter);
        d.key(KeyCode::Esc);
    }
    d.key(KeyCode::Enter);
    d.keys("x");
    d.keys("y");
    // Even a write that reached the ops layer would be refused: the second wall.
    let op = ecsdeck::ops::Op::Redeploy {
        cluster: "staging".into(),
        service: "web-api".into(),
    };
    let done =
        d.rt.block_on(execute_op(d.backend.as_ref(), &d.audit, None, op));
    assert!(done.result.is_err());
    let calls = d.sim.calls().snapshot();
    let writes: u64 = calls
        .iter()
        .filter(|(op, _)| op.contains("Update") || op.contains("Stop"))
        .map(|(_, n)| n)
        .sum();
    assert_eq!(writes, 0, "{calls:?}");
}

#[test]
fn a_second_press_while_in_flight_sends_nothing() {
    let mut d = Driver::new("staging", false);
    d.select_service("web-api");
    // Confirm without letting the op run: take the command, press again, then run it.
    update(
        &mut d.state,
        Event::Key(KeyEvent::new(KeyCode::Char('r'), KeyModifiers::NONE)),
    );
    let first = update(
        &mut d.state,
        Event::Key(KeyEvent::new(KeyCode::Char('y'), KeyModifiers::NONE)),
    );
    assert_eq!(first.len(), 1);
    let again = update(
        &mut d.state,
        Event::Key(KeyEvent::new(KeyCode::Char('r'), KeyModifiers::NONE)),
    );
    let again2 = update(
        &mut d.state,
        Event::Key(KeyEvent::new(KeyCode::Char('y'), KeyModifiers::NONE)),
    );
    let sends = |c: &Vec<Command>| c.iter().any(|c| matches!(c, Command::RunOp(_)));
    assert!(!sends(&again) && !sends(&again2), "{again:?} {again2:?}");
    d.run(first);
    assert_eq!(d.sim.calls().get("ecs:UpdateService"), 1);
}

#[test]
fn a_runbook_step_runs_through_the_confirm_path() {
    let mut d = Driver::new("staging", false);
    d.select_service("web-api");
    d.keys(":");
    d.keys("runbooks");
    d.key(KeyCode::Enter);
    let index = d
        .state
        .runbooks
        .iter()
        .position(|r| r.actions.iter().take(9).any(|a| a == "redeploy"))
        .expect("a runbook names redeploy among its first nine actions");
    let step = d.state.runbooks[index]
        .actions
        .iter()
        .position(|a| a == "redeploy")
        .unwrap()
        + 1;
    assert!(step <= 9, "redeploy is among the first nine actions");
    d.keys("g");
    for _ in 0..index {
        d.key(KeyCode::Down);
    }
    d.key(KeyCode::Enter);
    assert!(d.state.runbook_panel.is_some());
    d.keys(&step.to_string());
    assert!(
        matches!(&d.state.overlay, Some(ecsdeck::state::Overlay::Confirm(_))),
        "a runbook action opens the confirm overlay, it never writes directly"
    );
    assert_eq!(d.sim.calls().get("ecs:UpdateService"), 0);
    d.keys("y");
    assert_eq!(d.sim.calls().get("ecs:UpdateService"), 1);
}
