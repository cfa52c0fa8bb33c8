//! The command palette's keys: type, complete, pick a completion, run, cancel.

use crossterm::event::KeyEvent;

use crate::action::Action;
use crate::app::Command;
use crate::app::dispatch::run_palette;
use crate::palette;
use crate::state::{Input, Overlay, State};

pub(super) fn on_key(
    state: &mut State,
    mut input: Input,
    mut selected: usize,
    key: KeyEvent,
    action: Option<Action>,
) -> Vec<Command> {
    let completions = state.palette_completions(&input.text);
    match action {
        Some(Action::Close) => return Vec::new(),
        Some(Action::Accept) => {
            let line = if palette::parse(&input.text).is_err() {
                completions.get(selected).cloned().unwrap_or(input.text)
            } else {
                input.text
            };
            return run_palette(state, &line);
        }
        Some(Action::Complete) => {
            if let Some(c) = completions.get(selected) {
                input.text = c.clone();
                if palette::ENTRIES.iter().any(|e| e.takes_arg && e.name == c) {
                    input.text.push(' ');
                }
                selected = 0;
            }
        }
        Some(Action::Down) => selected = (selected + 1).min(completions.len().saturating_sub(1)),
        Some(Action::Up) => selected = selected.saturating_sub(1),
        Some(_) => {}
        None => {
            if super::edit(&mut input.text, key, usize::MAX) {
                selected = 0;
            }
        }
    }
    state.overlay = Some(Overlay::Palette { input, selected });
    Vec::new()
}
