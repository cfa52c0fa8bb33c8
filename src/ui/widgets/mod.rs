//! Overlays drawn above the screen.

pub(crate) mod big_digits;
pub(crate) mod cluster_picker;
pub(crate) mod confirm;
pub(crate) mod debug;
pub(crate) mod describe;
pub(crate) mod help;
pub(crate) mod palette;
pub(crate) mod prompt;
pub(crate) mod rollout;
pub(crate) mod runbook;
pub(crate) mod stopwatch;

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Wrap};

use crate::state::State;

/// Clears `area` and returns a bordered block titled `title` for an overlay.
pub(crate) fn overlay_block<'a>(
    state: &State,
    title: &str,
    frame: &mut Frame,
    area: Rect,
) -> Block<'a> {
    frame.render_widget(Clear, area);
    Block::default()
        .borders(Borders::ALL)
        .border_style(state.theme.title)
        .title(Span::styled(format!(" {title} "), state.theme.title))
}

/// Rows `lines` take when word-wrapped to `width` columns, the way a
/// `Paragraph` with `Wrap { trim: false }` draws them.
pub(crate) fn wrapped_height(lines: &[Line<'_>], width: u16) -> u16 {
    let rows = Paragraph::new(lines.to_vec())
        .wrap(Wrap { trim: false })
        .line_count(width);
    u16::try_from(rows).unwrap_or(u16::MAX)
}
