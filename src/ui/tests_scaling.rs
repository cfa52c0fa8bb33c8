//! Snapshots of autoscaling on screen: the services list's mark, the
//! service detail's autoscaling line, and the `s` dialog of an autoscaled
//! service.

use super::tests::draw;
use crate::fixtures::{loaded_state, with_autoscaling};
use crate::source::{ErrorKind, SourceError};
use crate::state::{Confirm, Overlay, Screen, State, View};

fn payments_detail() -> State {
    let mut s = with_autoscaling(loaded_state());
    s.stack
        .push(Screen::new(View::ServiceDetail, Some("payments".into())));
    s
}

#[test]
fn services_list_marks_autoscaled_services() {
    let screen = draw(&with_autoscaling(loaded_state()), 120, 40);
    let row = |name: &str| {
        screen
            .lines()
            .find(|l| l.contains(name))
            .unwrap_or_default()
            .to_string()
    };
    assert!(row("payments").contains("2/1/1 ↕"), "{}", row("payments"));
    assert!(!row("web-api").contains('↕'), "{}", row("web-api"));
    insta::assert_snapshot!(screen);
}

#[test]
fn service_detail_shows_target_policy_and_last_activity() {
    insta::assert_snapshot!(draw(&payments_detail(), 120, 40));
}

#[test]
fn service_detail_says_unknown_when_the_read_was_refused() {
    let mut s = loaded_state();
    s.stack
        .push(Screen::new(View::ServiceDetail, Some("payments".into())));
    let now = s.now;
    s.scaling.apply(
        Err(SourceError::new(
            ErrorKind::AccessDenied,
            "autoscaling:DescribeScalableTargets",
            "AccessDeniedException",
        )),
        now,
    );
    let screen = draw(&s, 120, 40);
    assert!(
        screen.contains("autoscaling: unknown (the read failed)"),
        "{screen}"
    );
}

#[test]
fn scale_dialog_of_an_autoscaled_service() {
    let mut s = with_autoscaling(loaded_state());
    s.overlay = Some(Overlay::Confirm(Box::new(
        Confirm::scale("prod".into(), "payments".into(), 2, 100, true).autoscaled(2, 6),
    )));
    insta::assert_snapshot!(draw(&s, 120, 40));
}

#[test]
fn scale_dialog_of_an_autoscaled_service_80x24() {
    let mut s = with_autoscaling(loaded_state());
    s.overlay = Some(Overlay::Confirm(Box::new(
        Confirm::scale("prod".into(), "payments".into(), 2, 100, true).autoscaled(2, 6),
    )));
    insta::assert_snapshot!(draw(&s, 80, 24));
}

fn scaling_view() -> State {
    let mut s = with_autoscaling(loaded_state());
    s.stack.push(Screen::new(View::Scaling, None));
    if let Some(x) = s.stack.last_mut() {
        x.nav.selected = 1;
    }
    s
}

#[test]
fn scaling_view_lists_bounds_policy_and_activity() {
    let screen = draw(&scaling_view(), 120, 40);
    assert!(screen.contains("[1 autoscaled of 5]"), "{screen}");
    assert!(
        screen.contains("payments-cpu40: target tracking: CPU at 40"),
        "{screen}"
    );
    insta::assert_snapshot!(screen);
}

#[test]
fn scaling_view_80x24() {
    insta::assert_snapshot!(draw(&scaling_view(), 80, 24));
}

#[test]
fn a_row_fetched_without_detail_says_how_to_see_its_policies() {
    let mut s = scaling_view();
    if let Some(Some(a)) = s.scaling.data.as_mut().and_then(|m| m.get_mut("payments")) {
        a.detailed = false;
        a.policies.clear();
        a.activities.clear();
    }
    let screen = draw(&s, 120, 40);
    let row = screen
        .lines()
        .find(|l| l.contains("│payments "))
        .unwrap_or_default()
        .to_string();
    assert!(row.contains("select for policies"), "{screen}");
}
