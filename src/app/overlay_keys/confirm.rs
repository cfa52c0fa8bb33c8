//! The confirm dialog's keys: the desired count and the protected service
//! name are typed, accept goes to the next step or sends, close cancels.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use crate::action::Action;
use crate::app::{Command, set_status};
use crate::state::{Confirm, Level, Overlay, Stage, State};

/// Keys of the confirm overlay, resolved in its context (`Confirm`, or
/// `ConfirmInput` while a count or name is typed): accept goes to the next
/// step or sends, close cancels; other keys edit the typed text.
pub(super) fn on_key(
    state: &mut State,
    mut c: Box<Confirm>,
    key: KeyEvent,
    action: Option<Action>,
) -> Vec<Command> {
    if action == Some(Action::Close) {
        set_status(state, Level::Info, "cancelled".into());
        return Vec::new();
    }
    let accept = action == Some(Action::Accept);
    let plain = !key.modifiers.contains(KeyModifiers::CONTROL);
    match c.stage {
        Stage::Count => match key.code {
            _ if accept => c.submit_count(),
            KeyCode::Backspace => {
                c.count.pop();
            }
            KeyCode::Char(ch) if plain && c.count.len() < 12 => {
                c.count.push(ch);
                c.error = None;
            }
            _ => {}
        },
        Stage::TypeName => match key.code {
            _ if accept && c.submit_name() => return crate::app::actions::send(state, *c),
            _ if accept => {}
            KeyCode::Backspace => {
                c.typed.pop();
            }
            KeyCode::Char(ch) if plain && c.typed.len() < 256 => {
                c.typed.push(ch);
                c.error = None;
            }
            _ => {}
        },
        Stage::Confirm if accept => return crate::app::actions::send(state, *c),
        Stage::Confirm => {}
    }
    state.overlay = Some(Overlay::Confirm(c));
    Vec::new()
}
