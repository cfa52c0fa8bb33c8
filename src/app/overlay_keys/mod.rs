//! Keys while an overlay is open. Each overlay's module owns its keys, which
//! resolve through the keymap in the overlay's own context (alone: an open
//! overlay takes every key); its drawing and hints are in `ui/widgets/`, read
//! from the same bindings. In contexts that take text, plain characters are
//! typed ([`edit`]).

mod cluster_picker;
mod confirm;
mod describe;
mod help;
mod palette;
mod prompt;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use crate::action::Action;
use crate::app::Command;
use crate::keymap::{KeyCombo, KeyContext};
use crate::state::{Overlay, State};

/// The keymap context of an open overlay.
pub(crate) fn context_of(overlay: &Overlay) -> KeyContext {
    match overlay {
        Overlay::Help { .. } => KeyContext::Help,
        Overlay::Palette { .. } => KeyContext::Palette,
        Overlay::ClusterPicker { .. } => KeyContext::ClusterPicker,
        Overlay::Confirm(c) if c.takes_text() => KeyContext::ConfirmInput,
        Overlay::Confirm(_) => KeyContext::Confirm,
        Overlay::Prompt { .. } => KeyContext::Prompt,
        Overlay::Describe { .. } => KeyContext::Describe,
    }
}

/// The action `key` has in `overlay`'s context, if any.
pub(crate) fn action_of(state: &State, overlay: &Overlay, key: KeyEvent) -> Option<Action> {
    state
        .keymap
        .resolve_overlay(context_of(overlay), KeyCombo::from_event(&key))
}

/// Edits a text line with a key that resolved to no action: backspace,
/// ctrl-u (clear), or a character (typed while the text is under `max`
/// bytes). Returns whether the key was one of these editing keys.
pub(crate) fn edit(text: &mut String, key: KeyEvent, max: usize) -> bool {
    let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
    match key.code {
        KeyCode::Backspace => {
            text.pop();
            true
        }
        KeyCode::Char('u') if ctrl => {
            text.clear();
            true
        }
        KeyCode::Char(c) if !ctrl => {
            if text.len() < max {
                text.push(c);
            }
            true
        }
        _ => false,
    }
}

/// Handles a key in the open overlay (taken out of the state by the caller).
pub(super) fn on_overlay_key(state: &mut State, overlay: Overlay, key: KeyEvent) -> Vec<Command> {
    let action = action_of(state, &overlay, key);
    match overlay {
        Overlay::Help { scroll } => help::on_key(state, scroll, action),
        Overlay::Describe {
            title,
            text,
            scroll,
            other,
            revealed,
        } => describe::on_key(
            state,
            describe::Open {
                title,
                text,
                scroll,
                other,
                revealed,
            },
            key,
            action,
        ),
        Overlay::Confirm(c) => confirm::on_key(state, c, key, action),
        Overlay::Prompt { kind, input } => prompt::on_key(state, kind, input, key, action),
        Overlay::ClusterPicker { selected } => cluster_picker::on_key(state, selected, action),
        Overlay::Palette { input, selected } => {
            palette::on_key(state, input, selected, key, action)
        }
    }
}
