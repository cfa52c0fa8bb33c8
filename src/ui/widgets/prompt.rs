//! A one-line prompt (log search, CloudWatch filter pattern).

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

use crate::action::Action;
use crate::keymap::KeyContext;
use crate::state::{Input, PromptKind, State};
use crate::ui::widgets::{overlay_block, wrapped_height};

/// Draws the prompt near the bottom of the screen.
pub(crate) fn render(
    state: &State,
    kind: PromptKind,
    input: &Input,
    frame: &mut Frame,
    area: Rect,
) {
    let t = &state.theme;
    let km = &state.keymap;
    let accept = km.keys_of(KeyContext::Prompt, Action::Accept, 1);
    let (title, hint) = match kind {
        PromptKind::LogSearch => (
            "search the buffer",
            format!(
                "{accept} searches ({}/{} jump) · empty clears · {} cancels",
                km.keys_of(KeyContext::Logs, Action::LogNextMatch, 1),
                km.keys_of(KeyContext::Logs, Action::LogPrevMatch, 1),
                km.keys_of(KeyContext::Prompt, Action::Close, 1),
            ),
        ),
        PromptKind::LogFilter => (
            "CloudWatch filter pattern",
            format!(
                "e.g. ERROR, \"timeout\", -healthcheck, {{ $.level = \"error\" }} · {accept} restarts the tail"
            ),
        ),
    };
    let lines = vec![
        Line::from(vec![
            Span::raw(input.text.clone()),
            Span::styled("▏", t.key),
        ]),
        Line::from(Span::styled(hint, t.dim)),
    ];
    let width = area.width.saturating_sub(4).min(100);
    let height = (wrapped_height(&lines, width.saturating_sub(2)) + 2).min(area.height);
    let rect = Rect {
        x: area.x + 2,
        y: area.y + area.height.saturating_sub(height + 2),
        width,
        height,
    };
    let block = overlay_block(state, title, frame, rect);
    frame.render_widget(
        Paragraph::new(lines)
            .block(block)
            .wrap(Wrap { trim: false }),
        rect,
    );
}
