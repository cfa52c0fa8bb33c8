//! Secrets stay masked in describe (`d`) and its copy (`y`) until the
//! describe overlay's reveal key; the reveal ends with the overlay. `y` of an
//! ARN copies one clean line.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::{Command, update};
use crate::event::Event;
use crate::fixtures::{loaded_state, task_def, with_revisions};
use crate::state::{Overlay, Screen, State, View};

fn key(c: char) -> Event {
    Event::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE))
}

const SECRETS: [&str; 4] = ["hunter2-env", "wJalrXUtnFEMI-key", "hunter2-arg", "tok-123"];

/// The revisions view of web-api with revision 43 selected, whose container
/// carries secrets in its environment and command line.
fn revisions_with_secrets() -> State {
    let mut s = with_revisions(loaded_state());
    let mut td = task_def("web-api", 43, "1.5.0", "info");
    let c = &mut td.containers[0];
    c.environment
        .push(("DB_PASSWORD".into(), SECRETS[0].into()));
    c.environment
        .push(("AWS_SECRET_ACCESS_KEY".into(), SECRETS[1].into()));
    c.command = vec![
        "./server".into(),
        format!("--db-password={}", SECRETS[2]),
        "--token".into(),
        SECRETS[3].into(),
    ];
    let arn = td.arn.clone();
    s.task_defs.insert(arn.clone(), td);
    if let Some(list) = s.revisions.get_mut("web-api").and_then(|r| r.data.as_mut()) {
        list.insert(0, arn);
    }
    s.stack
        .push(Screen::new(View::Revisions, Some("web-api".into())));
    s
}

fn describe_text(s: &State) -> String {
    match &s.overlay {
        Some(Overlay::Describe { text, .. }) => text.clone(),
        other => panic!("expected describe, got {other:?}"),
    }
}

fn assert_masked(text: &str, what: &str) {
    for secret in SECRETS {
        assert!(!text.contains(secret), "{what} shows {secret}: {text}");
    }
}

#[test]
fn describe_and_copy_of_a_task_definition_mask_secrets() {
    let mut s = revisions_with_secrets();
    update(&mut s, key('d'));
    let text = describe_text(&s);
    assert_masked(&text, "describe");
    assert!(text.contains("DB_PASSWORD"), "names stay visible: {text}");
    assert!(text.contains("--db-password="), "{text}");
    let cmds = update(&mut s, key('y'));
    match cmds.as_slice() {
        [Command::Copy(copied)] => assert_masked(copied, "copy"),
        other => panic!("expected one copy, got {other:?}"),
    }
}

#[test]
fn reveal_is_explicit_and_ends_with_the_overlay() {
    let mut s = revisions_with_secrets();
    update(&mut s, key('d'));
    update(&mut s, key('u'));
    let shown = describe_text(&s);
    for secret in SECRETS {
        assert!(shown.contains(secret), "revealed: {secret} in {shown}");
    }
    let cmds = update(&mut s, key('y'));
    assert!(
        matches!(cmds.as_slice(), [Command::Copy(c)] if c.contains(SECRETS[0])),
        "a revealed copy holds what is shown"
    );
    update(&mut s, key('u'));
    assert_masked(&describe_text(&s), "masked again");
    update(&mut s, key('u'));
    update(
        &mut s,
        Event::Key(KeyEvent::new(KeyCode::Esc, KeyModifiers::NONE)),
    );
    assert!(s.overlay.is_none());
    assert_eq!(
        s.status.as_ref().map(|m| m.text.as_str()),
        Some("secrets masked again"),
        "the status line does not claim they are still shown"
    );
    update(&mut s, key('d'));
    assert_masked(&describe_text(&s), "reopened");
}

#[test]
fn the_reveal_key_is_in_the_keymap_and_the_footer() {
    let mut s = revisions_with_secrets();
    update(&mut s, key('d'));
    let contexts = s.key_contexts();
    let hint = s
        .keymap
        .bindings_for(&contexts)
        .find(|b| b.action == crate::action::Action::ToggleReveal)
        .expect("a reveal binding while describe is open");
    assert_eq!(hint.keys[0].to_string(), "u");
}

#[test]
fn copying_an_arn_copies_one_clean_line() {
    let mut s = loaded_state();
    if let Some(services) = s.services.data.as_mut() {
        services[0].arn = format!(
            "arn:aws:ecs:us-east-1:1:service/prod/a\nrm -rf ~\n{}",
            crate::text::corpus::RLO
        );
    }
    let cmds = update(&mut s, key('y'));
    assert_eq!(
        cmds,
        vec![Command::Copy(
            "arn:aws:ecs:us-east-1:1:service/prod/arm -rf ~xgnp.exez".into()
        )]
    );
}
