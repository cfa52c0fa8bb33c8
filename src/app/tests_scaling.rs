//! `s` on an autoscaled service: autoscaling owns the desired count, so the
//! dialog takes new bounds (RegisterScalableTarget) or a count within them;
//! both confirmed, and refused in read-only mode.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::Command;
use super::update::update;
use crate::event::Event;
use crate::fixtures::{loaded_state, with_autoscaling};
use crate::ops::Op;
use crate::state::{Overlay, Stage, State};

fn key(c: char) -> Event {
    Event::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE))
}

fn enter() -> Event {
    Event::Key(KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE))
}

fn typed(state: &mut State, text: &str) -> Vec<Command> {
    text.chars().flat_map(|c| update(state, key(c))).collect()
}

/// `payments` selected on the unprotected `staging` cluster, autoscaled 2–6.
fn payments() -> State {
    let mut s = with_autoscaling(loaded_state());
    s.cluster = Some("staging".into());
    update(&mut s, key('/'));
    typed(&mut s, "payments");
    update(&mut s, enter());
    s
}

fn confirm(s: &State) -> Option<&crate::state::Confirm> {
    match &s.overlay {
        Some(Overlay::Confirm(c)) => Some(c),
        _ => None,
    }
}

#[test]
fn the_dialog_says_autoscaling_owns_the_count() {
    let mut s = payments();
    update(&mut s, key('s'));
    let c = confirm(&s).expect("the scale dialog is open");
    assert_eq!(c.autoscaling, Some((2, 6)));
    assert!(c.notes[0].contains("Autoscaling owns this desired count (min 2, max 6)"));
    assert!(
        c.notes
            .iter()
            .any(|n| n.contains("next evaluation may change it"))
    );
}

#[test]
fn min_max_registers_new_bounds_after_confirming() {
    let mut s = payments();
    update(&mut s, key('s'));
    typed(&mut s, "3-9");
    assert!(update(&mut s, enter()).is_empty(), "nothing sent yet");
    assert_eq!(confirm(&s).map(|c| c.stage), Some(Stage::Confirm));
    let effect = confirm(&s)
        .and_then(|c| c.op.as_ref())
        .map(Op::effect)
        .unwrap_or_default();
    assert!(effect[0].contains("min 2 → 3, max 6 → 9"), "{effect:?}");
    assert!(
        confirm(&s).is_some_and(|c| c.notes.is_empty()),
        "the hints about what to type are gone"
    );
    assert_eq!(
        update(&mut s, key('y')),
        vec![Command::RunOp(Op::ScalingBounds {
            cluster: "staging".into(),
            service: "payments".into(),
            from: (2, 6),
            to: (3, 9),
        })]
    );
}

#[test]
fn a_count_within_the_bounds_scales_and_one_outside_is_refused() {
    let mut s = payments();
    update(&mut s, key('s'));
    typed(&mut s, "8");
    update(&mut s, enter());
    let c = confirm(&s).expect("still open");
    assert_eq!(c.stage, Stage::Count, "8 is outside [2, 6]");
    assert!(c.op.is_none());
    assert!(
        c.error
            .as_deref()
            .is_some_and(|e| e.contains("outside [2, 6]") && e.contains("MIN-MAX")),
        "{:?}",
        c.error
    );
    update(
        &mut s,
        Event::Key(KeyEvent::new(KeyCode::Backspace, KeyModifiers::NONE)),
    );
    typed(&mut s, "5");
    update(&mut s, enter());
    assert!(
        confirm(&s).is_some_and(
            |c| c.notes.len() == 1 && c.notes[0].contains("next evaluation may change it")
        ),
        "the warning stays with the count"
    );
    assert_eq!(
        update(&mut s, key('y')),
        vec![Command::RunOp(Op::Scale {
            cluster: "staging".into(),
            service: "payments".into(),
            from: 2,
            to: 5,
        })]
    );
}

#[test]
fn bad_bounds_are_refused_with_a_reason() {
    let mut s = payments();
    update(&mut s, key('s'));
    typed(&mut s, "7-3");
    update(&mut s, enter());
    let c = confirm(&s).expect("still open");
    assert!(c.op.is_none());
    assert!(c.error.as_deref().is_some_and(|e| e.contains("above")));
}

#[test]
fn read_only_refuses_the_autoscaled_scale_too() {
    let mut s = payments();
    s.read_only = true;
    s.keymap = s.keymap.clone().without_dangerous();
    assert!(update(&mut s, key('s')).is_empty());
    assert!(s.overlay.is_none());
    assert!(
        s.status
            .as_ref()
            .is_some_and(|m| m.text.starts_with("read-only mode: scale refused"))
    );
}

#[test]
fn a_service_without_autoscaling_gets_the_plain_dialog() {
    let mut s = with_autoscaling(loaded_state());
    s.cluster = Some("staging".into());
    update(&mut s, key('/'));
    typed(&mut s, "web-api");
    update(&mut s, enter());
    update(&mut s, key('s'));
    let c = confirm(&s).expect("open");
    assert_eq!(c.autoscaling, None);
    assert!(c.notes.is_empty());
}

#[test]
fn targets_are_planned_for_the_rows_on_screen_and_detail_for_the_detail() {
    use crate::poll::Fetch;
    use crate::state::{Screen, View};
    let mut s = loaded_state();
    let plan = super::wanted_fetches(&s);
    let scaling: Vec<&Fetch> = plan
        .iter()
        .filter(|f| matches!(f, Fetch::Scaling { .. }))
        .collect();
    let Some(Fetch::Scaling {
        services, detailed, ..
    }) = scaling.first()
    else {
        panic!("the services list asks for autoscaling: {plan:?}");
    };
    assert_eq!(scaling.len(), 1);
    assert!(detailed.is_empty());
    assert_eq!(services.len(), 5, "the five rows on screen: {services:?}");
    s.stack
        .push(Screen::new(View::ServiceDetail, Some("payments".into())));
    let plan = super::wanted_fetches(&s);
    assert!(plan.contains(&Fetch::Scaling {
        cluster: "prod".into(),
        services: vec!["payments".into()],
        detailed: vec!["payments".into()],
    }));
}

#[test]
fn the_scaling_view_details_only_the_selected_row() {
    use crate::poll::Fetch;
    let mut s = loaded_state();
    super::run_palette(&mut s, "scaling");
    assert_eq!(s.screen().view, crate::state::View::Scaling);
    update(&mut s, key('j'));
    let plan = super::wanted_fetches(&s);
    let Some(Fetch::Scaling {
        services, detailed, ..
    }) = plan.iter().find(|f| matches!(f, Fetch::Scaling { .. }))
    else {
        panic!("the scaling view asks for autoscaling: {plan:?}");
    };
    assert_eq!(services.len(), 5);
    assert_eq!(detailed, &vec!["payments".to_string()]);
}
