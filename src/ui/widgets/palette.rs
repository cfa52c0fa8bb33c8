//! The `:` command palette with completions.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use crate::keymap::KeyContext;
use crate::palette;
use crate::state::{Input, State};
use crate::ui::widgets::overlay_block;

/// Draws the palette near the top of the screen.
pub(crate) fn render(state: &State, input: &Input, selected: usize, frame: &mut Frame, area: Rect) {
    let t = &state.theme;
    let completions = state.palette_completions(&input.text);
    let height = (completions.len() as u16 + 3)
        .min(area.height.saturating_sub(2))
        .max(3);
    let rect = Rect {
        x: area.x + 2,
        y: area.y + 1,
        width: area.width.saturating_sub(4).min(70),
        height,
    };
    let hints = state.keymap.hints(KeyContext::Palette).join(" · ");
    let block = overlay_block(state, &format!("command · {hints}"), frame, rect);
    let mut lines = vec![Line::from(vec![
        Span::styled(":", t.key),
        Span::raw(input.text.clone()),
        Span::styled("▏", t.key),
    ])];
    for (i, c) in completions.iter().enumerate() {
        let desc = palette::ENTRIES
            .iter()
            .find(|e| e.name == c.as_str())
            .map_or("", |e| e.description);
        let style = if i == selected {
            t.selected
        } else {
            ratatui::style::Style::new()
        };
        lines.push(Line::from(vec![
            Span::styled(format!(" {c:<20}"), style),
            Span::styled(desc.to_string(), t.dim),
        ]));
    }
    frame.render_widget(Paragraph::new(lines).block(block), rect);
}
