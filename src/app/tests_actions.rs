//! The one confirmed path for dangerous actions.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::{Command, update};
use crate::event::{Event, OpDone};
use crate::fixtures::{loaded_state, with_revisions};
use crate::ops::{Op, OpSuccess};
use crate::state::{Overlay, Stage, State, View};

fn key(c: char) -> Event {
    Event::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE))
}

fn code(c: KeyCode) -> Event {
    Event::Key(KeyEvent::new(c, KeyModifiers::NONE))
}

fn typed(state: &mut State, text: &str) -> Vec<Command> {
    text.chars().flat_map(|c| update(state, key(c))).collect()
}

/// A state on the unprotected `staging` cluster with web-api selected.
fn unprotected() -> State {
    let mut s = loaded_state();
    s.cluster = Some("staging".into());
    update(&mut s, key('/'));
    typed(&mut s, "web-api");
    update(&mut s, code(KeyCode::Enter));
    s
}

fn stage(s: &State) -> Option<Stage> {
    match &s.overlay {
        Some(Overlay::Confirm(c)) => Some(c.stage),
        _ => None,
    }
}

#[test]
fn redeploy_confirms_then_sends_once() {
    let mut s = unprotected();
    assert!(
        update(&mut s, key('r')).is_empty(),
        "nothing is sent before confirming"
    );
    assert_eq!(stage(&s), Some(Stage::Confirm));
    let cmds = update(&mut s, key('y'));
    assert_eq!(
        cmds,
        vec![Command::RunOp(Op::Redeploy {
            cluster: "staging".into(),
            service: "web-api".into()
        })]
    );
    assert!(s.overlay.is_none());
    // A second press while in flight sends nothing and opens nothing.
    assert!(update(&mut s, key('r')).is_empty());
    assert!(s.overlay.is_none());
    assert!(
        s.status
            .as_ref()
            .is_some_and(|m| m.text.contains("already in flight"))
    );
}

#[test]
fn n_and_esc_cancel() {
    let mut s = unprotected();
    update(&mut s, key('r'));
    assert!(update(&mut s, key('n')).is_empty());
    assert!(s.overlay.is_none());
    update(&mut s, key('r'));
    assert!(update(&mut s, code(KeyCode::Esc)).is_empty());
    assert!(s.overlay.is_none());
    assert!(s.inflight.is_empty());
}

#[test]
fn protected_clusters_need_the_service_name_typed() {
    let mut s = loaded_state(); // cluster "prod" is protected by default
    update(&mut s, key('/'));
    typed(&mut s, "web-api");
    update(&mut s, code(KeyCode::Enter));
    update(&mut s, key('r'));
    assert_eq!(stage(&s), Some(Stage::TypeName));
    assert!(
        update(&mut s, key('y')).is_empty(),
        "y is text here, not a confirmation"
    );
    assert!(
        update(&mut s, code(KeyCode::Enter)).is_empty(),
        "a wrong name sends nothing"
    );
    assert!(matches!(&s.overlay, Some(Overlay::Confirm(c)) if c.error.is_some()));
    update(&mut s, code(KeyCode::Backspace));
    typed(&mut s, "web-api");
    let cmds = update(&mut s, code(KeyCode::Enter));
    assert!(matches!(
        cmds.as_slice(),
        [Command::RunOp(Op::Redeploy { .. })]
    ));
}

#[test]
fn scale_validates_the_count_and_shows_current_to_new() {
    let mut s = unprotected();
    update(&mut s, key('s'));
    assert_eq!(stage(&s), Some(Stage::Count));
    typed(&mut s, "abc");
    update(&mut s, code(KeyCode::Enter));
    assert!(
        matches!(&s.overlay, Some(Overlay::Confirm(c)) if c.error.as_deref().is_some_and(|e| e.contains("whole number")))
    );
    for _ in 0..3 {
        update(&mut s, code(KeyCode::Backspace));
    }
    typed(&mut s, "101");
    update(&mut s, code(KeyCode::Enter));
    assert!(
        matches!(&s.overlay, Some(Overlay::Confirm(c)) if c.error.as_deref().is_some_and(|e| e.contains("between 0 and 100")))
    );
    for _ in 0..3 {
        update(&mut s, code(KeyCode::Backspace));
    }
    typed(&mut s, "5");
    update(&mut s, code(KeyCode::Enter));
    assert_eq!(stage(&s), Some(Stage::Confirm));
    let cmds = update(&mut s, key('y'));
    assert_eq!(
        cmds,
        vec![Command::RunOp(Op::Scale {
            cluster: "staging".into(),
            service: "web-api".into(),
            from: 3,
            to: 5
        })]
    );
}

#[test]
fn stop_task_sends_the_selected_task_with_a_reason_naming_ecsdeck() {
    let mut s = unprotected();
    update(&mut s, code(KeyCode::Enter));
    assert_eq!(s.screen().view, View::ServiceDetail);
    update(&mut s, key('x'));
    assert_eq!(stage(&s), Some(Stage::Confirm), "{:?}", s.status);
    let cmds = update(&mut s, key('y'));
    match cmds.as_slice() {
        [
            Command::RunOp(Op::StopTask {
                task,
                reason,
                service,
                ..
            }),
        ] => {
            assert!(task.ends_with("0b3f9c2b7a1d4e5f60718293a4b5c6d7"), "{task}");
            assert_eq!(service, "web-api");
            assert!(reason.starts_with("ecsdeck chaos test by"), "{reason}");
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn rollback_picks_a_revision_shows_the_diff_and_sends_update_service() {
    let mut s = with_revisions(unprotected());
    update(&mut s, key('R'));
    assert_eq!(s.screen().view, View::Revisions);
    assert_eq!(
        s.screen().nav.selected,
        1,
        "the revision before the running one is preselected"
    );
    update(&mut s, key('R'));
    match &s.overlay {
        Some(Overlay::Confirm(c)) => {
            assert!(
                c.diff
                    .iter()
                    .any(|l| l.sign == '-' && l.text.contains("web-api:1.4.2"))
            );
            assert!(
                c.diff
                    .iter()
                    .any(|l| l.sign == '+' && l.text.contains("web-api:1.4.1"))
            );
        }
        other => panic!("{other:?}"),
    }
    let cmds = update(&mut s, key('y'));
    match cmds.as_slice() {
        [Command::RunOp(Op::Rollback { from, to, .. })] => {
            assert!(
                from.ends_with("web-api:42") && to.ends_with("web-api:41"),
                "{from} {to}"
            );
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn rollback_during_a_deployment_offers_the_last_completed_revision() {
    let mut s = loaded_state();
    s.cluster = Some("staging".into());
    // checkout: PRIMARY checkout:17 IN_PROGRESS, ACTIVE checkout:16 COMPLETED
    let revs = ["17", "16", "15"]
        .map(|r| format!("arn:aws:ecs:us-east-1:123456789012:task-definition/checkout:{r}"));
    s.revisions
        .entry("checkout".into())
        .or_default()
        .apply(Ok(revs.to_vec()), crate::fixtures::t0());
    update(&mut s, key('R'));
    assert_eq!(s.screen().view, View::Revisions);
    assert_eq!(s.screen().nav.selected, 1, "checkout:16 preselected");
    assert!(
        s.status
            .as_ref()
            .is_some_and(|m| m.text.contains("in progress") && m.text.contains("checkout:16"))
    );
}

#[test]
fn read_only_refuses_every_dangerous_action() {
    let mut s = unprotected();
    s.read_only = true;
    for k in ['r', 's', 'R'] {
        assert!(update(&mut s, key(k)).is_empty());
        assert!(s.overlay.is_none(), "{k}");
    }
    assert!(
        s.status
            .as_ref()
            .is_some_and(|m| m.text.contains("read-only"))
    );
}

#[test]
fn read_only_keymap_answers_dangerous_keys_with_the_refusal() {
    // As main sets it up: the dangerous bindings are gone from the keymap.
    let mut s = unprotected();
    s.read_only = true;
    s.keymap = s.keymap.clone().without_dangerous();
    for (k, what) in [('r', "redeploy"), ('s', "scale"), ('R', "rollback")] {
        s.status = None;
        assert!(update(&mut s, key(k)).is_empty());
        assert!(s.overlay.is_none(), "{k}");
        assert!(
            s.status.as_ref().is_some_and(|m| m
                .text
                .starts_with(&format!("read-only mode: {what} refused"))),
            "{k} is refused with a message naming it, not ignored: {:?}",
            s.status
        );
    }
    // A key that was never bound stays silent.
    s.status = None;
    update(&mut s, key('%'));
    assert!(s.status.is_none());
}

#[test]
fn op_done_clears_in_flight_and_starts_a_rollout_watch() {
    let mut s = unprotected();
    update(&mut s, key('r'));
    let cmds = update(&mut s, key('y'));
    let Some(Command::RunOp(op)) = cmds.into_iter().next() else {
        panic!()
    };
    assert!(s.inflight.contains("web-api"));
    let svc = s.service("web-api").cloned().unwrap();
    update(
        &mut s,
        Event::OpDone(OpDone {
            op,
            result: Ok(OpSuccess::Service(Box::new(svc))),
            audit_error: None,
        }),
    );
    assert!(s.inflight.is_empty());
    assert_eq!(s.watches.len(), 1);
    assert_eq!(s.watches[0].service, "web-api");
}

#[test]
fn op_failure_is_reported_and_frees_the_service() {
    let mut s = unprotected();
    update(&mut s, key('r'));
    let Some(Command::RunOp(op)) = update(&mut s, key('y')).into_iter().next() else {
        panic!()
    };
    let err = crate::source::SourceError::new(
        crate::source::ErrorKind::AccessDenied,
        "ecs:UpdateService",
        "missing permission ecs:UpdateService",
    );
    update(
        &mut s,
        Event::OpDone(OpDone {
            op,
            result: Err(err),
            audit_error: None,
        }),
    );
    assert!(s.inflight.is_empty());
    assert!(s.watches.is_empty());
    assert!(
        s.status
            .as_ref()
            .is_some_and(|m| m.text.contains("missing permission ecs:UpdateService"))
    );
}

#[test]
fn stop_task_works_from_the_cluster_wide_task_view() {
    let mut s = unprotected();
    update(&mut s, key(':'));
    typed(&mut s, "tasks");
    update(&mut s, code(KeyCode::Enter));
    assert_eq!(s.screen().view, View::Tasks);
    assert_eq!(s.screen().service, None);
    update(&mut s, key('x'));
    let cmds = update(&mut s, key('y'));
    assert!(
        matches!(cmds.as_slice(), [Command::RunOp(Op::StopTask { service, .. })] if service == "web-api"),
        "{cmds:?}"
    );
}

#[test]
fn finished_rollouts_retire_after_a_while_running_ones_stay() {
    let mut s = loaded_state();
    let t0 = crate::fixtures::t0();
    let web = s.service("web-api").cloned().unwrap();
    let checkout = s.service("checkout").cloned().unwrap();
    let mut done = crate::watch::RolloutWatch::scale(&web, 5, t0);
    done.outcome = Some(crate::watch::Outcome::Completed);
    done.finished_at = Some(t0);
    s.watches.push(done);
    s.watches.push(crate::watch::RolloutWatch::deployment(
        &checkout,
        "redeploy",
        checkout.task_definition.clone(),
        t0,
    ));
    let tick = |secs| Event::Tick {
        now: t0 + chrono::Duration::seconds(secs),
        calls: Default::default(),
    };
    update(&mut s, tick(10));
    assert_eq!(s.watches.len(), 2, "a fresh outcome stays readable");
    update(&mut s, tick(31));
    let left: Vec<_> = s.watches.iter().map(|w| w.service.as_str()).collect();
    assert_eq!(
        left,
        ["checkout"],
        "the finished one retired, the running one stays"
    );
}
