//! Snapshots of sorted tables (the mark beside the sorted column's name)
//! and of the filter line's message for a column that does not exist.

use super::tests::draw;
use crate::fixtures::loaded_state;
use crate::state::table::{Sort, TableKind};
use crate::state::{Screen, State, View};

fn sorted(kind: TableKind, column: &'static str, descending: bool) -> State {
    let mut s = loaded_state();
    s.sorts.insert(kind, Sort { column, descending });
    s
}

#[test]
fn services_sorted_by_cpu_descending() {
    let s = sorted(TableKind::Services, "CPU", true);
    let screen = draw(&s, 120, 40);
    assert!(screen.contains("CPU▼"), "{screen}");
    insta::assert_snapshot!(screen);
}

#[test]
fn services_sorted_by_name_descending_at_80_columns() {
    let s = sorted(TableKind::Services, "NAME", true);
    insta::assert_snapshot!(draw(&s, 80, 24));
}

#[test]
fn a_narrow_sorted_column_keeps_its_mark() {
    // REV is 4 cells wide: `REV▲` still fits whole.
    let mut s = sorted(TableKind::Tasks, "REV", false);
    s.stack
        .push(Screen::new(View::ServiceDetail, Some("web-api".into())));
    let screen = draw(&s, 120, 40);
    assert!(screen.contains("REV▲"), "{screen}");
    insta::assert_snapshot!(screen);
}

#[test]
fn deployments_sorted_by_age_ascending() {
    let mut s = sorted(TableKind::Deployments, "AGE", false);
    s.stack
        .push(Screen::new(View::Deployments, Some("checkout".into())));
    let screen = draw(&s, 120, 40);
    assert!(screen.contains("AGE▲"), "{screen}");
    insta::assert_snapshot!(screen);
}

#[test]
fn the_filter_line_lists_the_columns_for_an_unknown_one() {
    let mut s = loaded_state();
    let nav = s.screen_mut().nav_mut();
    nav.filter = "colour:red".into();
    nav.editing_filter = true;
    let screen = draw(&s, 120, 40);
    assert!(screen.contains(r#"no column "colour""#), "{screen}");
    // The whole list fits at 120 columns, the last column included.
    assert!(screen.contains("CPU, MEM, 5XX"), "{screen}");
    insta::assert_snapshot!(screen);
}
