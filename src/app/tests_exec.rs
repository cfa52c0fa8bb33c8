//! The shell key: checks, the confirmed path, the hand-over of the terminal.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::Command;
use super::update::update;
use crate::event::{Event, OpDone};
use crate::exec::{SessionGrant, SessionKind};
use crate::fixtures::loaded_state;
use crate::ops::{Op, OpSuccess};
use crate::state::{Overlay, State, View};

fn key(c: char) -> Event {
    Event::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE))
}

fn code(c: KeyCode) -> Event {
    Event::Key(KeyEvent::new(c, KeyModifiers::NONE))
}

/// web-api's detail on the unprotected `staging` cluster, its first task selected.
fn detail() -> State {
    let mut s = loaded_state();
    s.cluster = Some("staging".into());
    update(&mut s, key('/'));
    for c in "web-api".chars() {
        update(&mut s, key(c));
    }
    update(&mut s, code(KeyCode::Enter));
    update(&mut s, code(KeyCode::Enter));
    assert_eq!(s.screen().view, View::ServiceDetail);
    s
}

fn status(s: &State) -> String {
    s.status
        .as_ref()
        .map(|m| m.text.clone())
        .unwrap_or_default()
}

fn grant() -> SessionGrant {
    SessionGrant {
        session_id: "ecs-execute-command-1".into(),
        stream_url: "wss://ssmmessages.us-east-1.amazonaws.com/v1/data-channel/x".into(),
        token_value: "token".into(),
        request: serde_json::json!({"Target": "ecs:staging_t_r"}),
        region: "us-east-1".into(),
        profile: String::new(),
        endpoint: "https://ssm.us-east-1.amazonaws.com".into(),
        kind: SessionKind::Plugin,
    }
}

#[test]
fn the_shell_is_confirmed_then_sent_and_its_session_takes_the_terminal() {
    let mut s = detail();
    assert!(
        update(&mut s, key('S')).is_empty(),
        "nothing before confirming"
    );
    let Some(Overlay::Confirm(c)) = &s.overlay else {
        panic!("no confirm overlay: {}", status(&s));
    };
    assert!(
        c.op.as_ref().is_some_and(
            |op| op.effect()[0].contains("interactive shell (/bin/sh) in container app")
        )
    );
    let cmds = update(&mut s, key('y'));
    let op = match cmds.as_slice() {
        [Command::RunOp(op @ Op::Exec { service, request })] => {
            assert_eq!(service, "web-api");
            assert_eq!(request.container, "app");
            assert_eq!(request.command, "/bin/sh");
            assert_eq!(
                request.runtime_id,
                "0b3f9c2b7a1d4e5f60718293a4b5c6d7-0527074092"
            );
            op.clone()
        }
        other => panic!("{other:?}"),
    };
    assert!(s.handoff.is_none());
    update(
        &mut s,
        Event::OpDone(OpDone {
            op,
            result: Ok(OpSuccess::Session(Box::new(grant()))),
            audit_error: None,
        }),
    );
    assert_eq!(s.handoff, Some(grant()), "the loop hands the terminal over");
    assert!(!s.inflight.contains("web-api"));
}

#[test]
fn the_shell_uses_the_configured_command() {
    let mut s = detail();
    s.settings.exec_shell = "/bin/bash -l".into();
    update(&mut s, key('S'));
    match update(&mut s, key('y')).as_slice() {
        [Command::RunOp(Op::Exec { request, .. })] => assert_eq!(request.command, "/bin/bash -l"),
        other => panic!("{other:?}"),
    }
}

#[test]
fn read_only_refuses_the_shell_with_both_walls() {
    let mut s = detail();
    s.read_only = true;
    s.keymap = s.keymap.clone().without_dangerous();
    assert!(update(&mut s, key('S')).is_empty());
    assert!(s.overlay.is_none());
    assert!(
        status(&s).starts_with("read-only mode: shell refused"),
        "{}",
        status(&s)
    );
    // The palette goes the same way.
    update(&mut s, key(':'));
    for c in "exec".chars() {
        update(&mut s, key(c));
    }
    assert!(update(&mut s, code(KeyCode::Enter)).is_empty());
    assert!(s.overlay.is_none());
}

#[tokio::test]
async fn the_read_only_source_refuses_sessions() {
    use crate::source::{ErrorKind, Ops, ReadOnly};
    let sim = std::sync::Arc::new(crate::source::sim::SimSource::new(Default::default()));
    let ro = ReadOnly(sim);
    let req = crate::exec::ExecRequest {
        cluster: "prod".into(),
        task: "t".into(),
        container: "app".into(),
        command: "/bin/sh".into(),
        runtime_id: "r".into(),
    };
    let e = ro.execute_command(&req).await.unwrap_err();
    assert_eq!(e.kind, ErrorKind::ReadOnly);
    assert_eq!(e.operation, "ecs:ExecuteCommand");
}

#[test]
fn a_service_without_ecs_exec_is_refused_with_the_fix() {
    let mut s = detail();
    if let Some(list) = s.services.data.as_mut() {
        for svc in list.iter_mut() {
            svc.enable_execute_command = false;
        }
    }
    assert!(update(&mut s, key('S')).is_empty());
    assert!(s.overlay.is_none());
    let text = status(&s);
    assert!(
        text.contains("ECS Exec is not enabled on service web-api"),
        "{text}"
    );
    assert!(
        text.contains("--enable-execute-command --force-new-deployment"),
        "{text}"
    );
}

#[test]
fn a_stopped_task_is_refused() {
    let mut s = detail();
    // The fixture's web-api tasks: RUNNING ×2, ACTIVATING, STOPPED (sorted as listed).
    for _ in 0..3 {
        update(&mut s, key('j'));
    }
    update(&mut s, key('S'));
    assert!(s.overlay.is_none());
    assert!(status(&s).contains("not RUNNING"), "{}", status(&s));
}
