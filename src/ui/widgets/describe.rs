//! A resource as pretty JSON (`d`).

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::widgets::Paragraph;

use crate::action::Action;
use crate::keymap::KeyContext;
use crate::state::State;
use crate::ui::centered;
use crate::ui::widgets::overlay_block;

/// Draws the describe overlay. `reveal` is `None` when there is nothing
/// secret, else whether the secrets are shown.
pub(crate) fn render(
    state: &State,
    title: &str,
    text: &str,
    scroll: usize,
    reveal: Option<bool>,
    frame: &mut Frame,
    area: Rect,
) {
    let rect = centered(
        area,
        area.width.saturating_sub(6),
        area.height.saturating_sub(4),
    );
    let reveal_hint = reveal.and_then(|shown| {
        let key = state
            .keymap
            .bindings_for(&[KeyContext::Describe])
            .find(|b| b.action == Action::ToggleReveal)?
            .keys
            .first()?
            .to_string();
        Some(if shown {
            format!(" · secrets SHOWN, {key} masks")
        } else {
            format!(" · secrets masked, {key} shows")
        })
    });
    let block = overlay_block(
        state,
        &format!(
            "{title} · {} copies{} · {} closes",
            state
                .keymap
                .keys_of(KeyContext::Describe, Action::CopyArn, 1),
            reveal_hint.unwrap_or_default(),
            state.keymap.keys_of(KeyContext::Describe, Action::Close, 1),
        ),
        frame,
        rect,
    );
    let scroll = u16::try_from(scroll).unwrap_or(u16::MAX);
    frame.render_widget(
        Paragraph::new(text.to_string())
            .block(block)
            .scroll((scroll, 0)),
        rect,
    );
}
