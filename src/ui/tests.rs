//! Snapshot tests of the views on a fixed-size `TestBackend`.

use ratatui::Terminal;
use ratatui::backend::TestBackend;

use crate::fixtures::loaded_state;
use crate::source::{ErrorKind, SourceError};
use crate::state::{Overlay, Resource, Screen, State, TableNav};

fn draw(state: &State, w: u16, h: u16) -> String {
    let mut state = state.clone();
    state.size = (w, h);
    let mut terminal = Terminal::new(TestBackend::new(w, h)).expect("test backend");
    terminal.draw(|f| super::render(&state, f)).expect("draw");
    terminal.backend().to_string()
}

fn detail(state: &mut State, service: &str) {
    state.stack.push(Screen::ServiceDetail {
        service: service.into(),
        nav: TableNav::default(),
    });
}

#[test]
fn services_loaded() {
    insta::assert_snapshot!(draw(&loaded_state(), 120, 40));
}

#[test]
fn services_loaded_80x24() {
    insta::assert_snapshot!(draw(&loaded_state(), 80, 24));
}

#[test]
fn services_loading() {
    let mut s = loaded_state();
    s.services = Resource::default();
    insta::assert_snapshot!(draw(&s, 120, 40));
}

#[test]
fn services_empty_cluster() {
    let mut s = loaded_state();
    s.services.data = Some(Vec::new());
    insta::assert_snapshot!(draw(&s, 120, 40));
}

#[test]
fn services_error_banner_keeps_data() {
    let mut s = loaded_state();
    s.services.apply(
        Err(SourceError::new(
            ErrorKind::AccessDenied,
            "ecs:DescribeServices",
            "missing permission ecs:DescribeServices",
        )),
        crate::fixtures::t0(),
    );
    let screen = draw(&s, 120, 40);
    assert!(screen.contains("web-api"), "last good data stays on screen");
    assert!(screen.contains("missing permission ecs:DescribeServices"));
    insta::assert_snapshot!(screen);
}

#[test]
fn services_error_without_data() {
    let mut s = loaded_state();
    s.services = Resource::default();
    s.services.apply(
        Err(SourceError::new(
            ErrorKind::NotFound,
            "ecs:ListServices",
            "ClusterNotFoundException: Cluster not found.",
        )),
        crate::fixtures::t0(),
    );
    insta::assert_snapshot!(draw(&s, 120, 40));
}

#[test]
fn services_filtered() {
    let mut s = loaded_state();
    s.screen_mut().nav_mut().filter = "er".into();
    insta::assert_snapshot!(draw(&s, 120, 40));
}

#[test]
fn service_detail_loaded() {
    let mut s = loaded_state();
    detail(&mut s, "web-api");
    insta::assert_snapshot!(draw(&s, 120, 40));
}

#[test]
fn service_detail_80x24() {
    let mut s = loaded_state();
    detail(&mut s, "web-api");
    insta::assert_snapshot!(draw(&s, 80, 24));
}

#[test]
fn service_detail_no_tasks() {
    let mut s = loaded_state();
    detail(&mut s, "search");
    insta::assert_snapshot!(draw(&s, 120, 40));
}

#[test]
fn help_overlay() {
    let mut s = loaded_state();
    s.overlay = Some(Overlay::Help { scroll: 0 });
    insta::assert_snapshot!(draw(&s, 120, 40));
}

#[test]
fn palette_overlay() {
    let mut s = loaded_state();
    s.overlay = Some(Overlay::Palette {
        input: crate::state::Input { text: "cl".into() },
        selected: 0,
    });
    insta::assert_snapshot!(draw(&s, 120, 40));
}

#[test]
fn cluster_picker_overlay() {
    let mut s = loaded_state();
    s.overlay = Some(Overlay::ClusterPicker { selected: 1 });
    insta::assert_snapshot!(draw(&s, 120, 40));
}

#[test]
fn terminal_too_small() {
    let screen = draw(&loaded_state(), 40, 10);
    assert!(screen.contains("Terminal too small"));
}

#[test]
fn no_color_theme_still_reads() {
    let mut s = loaded_state();
    s.theme = crate::ui::theme::Theme::plain();
    let screen = draw(&s, 120, 40);
    for needle in [
        "✔ COMPLETED",
        "⟳ IN_PROGRESS 2/4",
        "✖ FAILED",
        "✖ 1 in ALARM",
    ] {
        assert!(screen.contains(needle), "{needle} missing:\n{screen}");
    }
}

#[test]
fn footer_hints_come_from_the_keymap() {
    let mut s = loaded_state();
    s.keymap.rebind(
        crate::action::Action::Help,
        vec![crate::keymap::KeyCombo::ch('H')],
    );
    let screen = draw(&s, 120, 40);
    assert!(screen.contains("<H> help"), "{screen}");
}
