//! The API call counts overlay (`D`).

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::Paragraph;

use crate::state::State;
use crate::ui::widgets::overlay_block;

/// Draws API call counts per operation in the lower right of `area`.
pub fn render(state: &State, frame: &mut Frame, area: Rect) {
    let mut lines: Vec<Line> = state
        .call_counts
        .iter()
        .map(|(op, n)| Line::from(format!("{op:<34}{n:>7}")))
        .collect();
    let total: u64 = state.call_counts.values().sum();
    lines.push(Line::from(format!("{:<34}{total:>7}", "total")));
    let height = (lines.len() as u16 + 2).min(area.height);
    let width = 45.min(area.width);
    let rect = Rect {
        x: area.x + area.width - width,
        y: area.y + area.height - height,
        width,
        height,
    };
    let block = overlay_block(state, "API calls (D hides)", frame, rect);
    frame.render_widget(Paragraph::new(lines).block(block), rect);
}
