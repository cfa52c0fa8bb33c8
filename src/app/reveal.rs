//! The describe overlay's reveal key: swaps the masked JSON for the one with
//! secrets in clear and back. Never the default: the overlay opens masked,
//! and the reveal ends when it closes.

use crossterm::event::KeyEvent;

use crate::action::Action;
use crate::keymap::{KeyCombo, KeyContext};
use crate::state::{Level, State};

/// Whether `key` is bound to the reveal in the describe overlay.
pub(crate) fn is_reveal_key(state: &State, key: KeyEvent) -> bool {
    state
        .keymap
        .resolve(&[KeyContext::Describe], KeyCombo::from_event(&key))
        == Some(Action::ToggleReveal)
}

/// Swaps `text` with its other form, if any; returns whether it is now revealed.
pub(crate) fn toggle(
    state: &mut State,
    text: &mut String,
    other: &mut Option<String>,
    revealed: bool,
) -> bool {
    let Some(other) = other.as_mut() else {
        super::set_status(state, Level::Info, "nothing secret to show here".into());
        return revealed;
    };
    std::mem::swap(text, other);
    let (level, message) = if revealed {
        (Level::Info, "secrets masked again")
    } else {
        (
            Level::Info,
            "secrets shown: they are masked again when this closes",
        )
    };
    super::set_status(state, level, message.into());
    !revealed
}
