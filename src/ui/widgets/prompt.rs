//! A one-line prompt (log search, CloudWatch filter pattern).

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use crate::state::{Input, PromptKind, State};
use crate::ui::widgets::overlay_block;

/// Draws the prompt near the bottom of the screen.
pub fn render(state: &State, kind: PromptKind, input: &Input, frame: &mut Frame, area: Rect) {
    let t = &state.theme;
    let (title, hint) = match kind {
        PromptKind::LogSearch => (
            "search the buffer",
            "enter searches (n/N jump) · empty clears · esc cancels",
        ),
        PromptKind::LogFilter => (
            "CloudWatch filter pattern",
            "e.g. ERROR, \"timeout\", -healthcheck, { $.level = \"error\" } · enter restarts the tail",
        ),
    };
    let rect = Rect {
        x: area.x + 2,
        y: area.y + area.height.saturating_sub(6),
        width: area.width.saturating_sub(4).min(100),
        height: 4.min(area.height),
    };
    let block = overlay_block(state, title, frame, rect);
    let lines = vec![
        Line::from(vec![
            Span::raw(input.text.clone()),
            Span::styled("▏", t.key),
        ]),
        Line::from(Span::styled(hint, t.dim)),
    ];
    frame.render_widget(Paragraph::new(lines).block(block), rect);
}
