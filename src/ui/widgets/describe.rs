//! A resource as pretty JSON (`d`).

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::widgets::Paragraph;

use crate::state::State;
use crate::ui::centered;
use crate::ui::widgets::overlay_block;

/// Draws the describe overlay.
pub fn render(
    state: &State,
    title: &str,
    text: &str,
    scroll: usize,
    frame: &mut Frame,
    area: Rect,
) {
    let rect = centered(
        area,
        area.width.saturating_sub(6),
        area.height.saturating_sub(4),
    );
    let block = overlay_block(
        state,
        &format!("{title} · y copies · esc closes"),
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
