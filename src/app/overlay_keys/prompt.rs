//! A one-line prompt's keys: type, apply, cancel.

use crossterm::event::KeyEvent;

use crate::action::Action;
use crate::app::Command;
use crate::state::{Input, Overlay, PromptKind, State};

/// Longest prompt text.
const MAX_PROMPT: usize = 1024;

pub(super) fn on_key(
    state: &mut State,
    kind: PromptKind,
    mut input: Input,
    key: KeyEvent,
    action: Option<Action>,
) -> Vec<Command> {
    match action {
        Some(Action::Close) => return Vec::new(),
        Some(Action::Accept) => return crate::app::logs::on_prompt(state, kind, input.text),
        Some(_) => {}
        None => {
            super::edit(&mut input.text, key, MAX_PROMPT);
        }
    }
    state.overlay = Some(Overlay::Prompt { kind, input });
    Vec::new()
}
