//! The describe overlay's keys: scroll, copy the JSON, reveal secrets, close.

use crossterm::event::KeyEvent;

use crate::action::Action;
use crate::app::{Command, set_status};
use crate::state::{Level, Overlay, State};

/// The open describe overlay's fields.
pub(super) struct Open {
    pub(super) title: String,
    pub(super) text: String,
    pub(super) scroll: usize,
    pub(super) other: Option<String>,
    pub(super) revealed: bool,
}

pub(super) fn on_key(
    state: &mut State,
    mut open: Open,
    key: KeyEvent,
    action: Option<Action>,
) -> Vec<Command> {
    if crate::app::reveal::is_reveal_key(state, key) {
        open.revealed =
            crate::app::reveal::toggle(state, &mut open.text, &mut open.other, open.revealed);
    }
    let last = open.text.lines().count().saturating_sub(1);
    let mut commands = Vec::new();
    open.scroll = match action {
        Some(Action::Close) => {
            if open.revealed {
                set_status(state, Level::Info, "secrets masked again".into());
            }
            return Vec::new();
        }
        Some(Action::CopyArn) => {
            set_status(state, Level::Success, "copied the JSON".into());
            commands.push(Command::Copy(open.text.clone()));
            open.scroll
        }
        Some(Action::Down) => (open.scroll + 1).min(last),
        Some(Action::Up) => open.scroll.saturating_sub(1),
        Some(Action::PageDown) => (open.scroll + 20).min(last),
        Some(Action::PageUp) => open.scroll.saturating_sub(20),
        Some(Action::Top) => 0,
        Some(Action::Bottom) => last,
        _ => open.scroll,
    };
    state.overlay = Some(Overlay::Describe {
        title: open.title,
        text: open.text,
        scroll: open.scroll,
        other: open.other,
        revealed: open.revealed,
    });
    commands
}
