//! Overlays drawn above the screen.

pub mod cluster_picker;
pub mod confirm;
pub mod debug;
pub mod describe;
pub mod help;
pub mod palette;
pub mod prompt;
pub mod rollout;
pub mod runbook;
pub mod stopwatch;

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Span;
use ratatui::widgets::{Block, Borders, Clear};

use crate::state::State;

/// Clears `area` and returns a bordered block titled `title` for an overlay.
pub fn overlay_block<'a>(state: &State, title: &str, frame: &mut Frame, area: Rect) -> Block<'a> {
    frame.render_widget(Clear, area);
    Block::default()
        .borders(Borders::ALL)
        .border_style(state.theme.title)
        .title(Span::styled(format!(" {title} "), state.theme.title))
}
