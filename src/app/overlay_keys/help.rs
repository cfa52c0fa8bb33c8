//! The help overlay's keys: scroll, close.

use crate::action::Action;
use crate::app::Command;
use crate::state::{Overlay, State};

pub(super) fn on_key(state: &mut State, scroll: usize, action: Option<Action>) -> Vec<Command> {
    let scroll = match action {
        Some(Action::Close) => return Vec::new(),
        Some(Action::Down) => scroll + 1,
        Some(Action::Up) => scroll.saturating_sub(1),
        Some(Action::PageDown) => scroll + 10,
        Some(Action::PageUp) => scroll.saturating_sub(10),
        _ => scroll,
    };
    state.overlay = Some(Overlay::Help { scroll });
    Vec::new()
}
