//! The runbook panel beside the dashboard.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Wrap};

use crate::runbook::RenderOptions;
use crate::state::State;

/// Draws the open runbook, with its console actions numbered.
pub(crate) fn render(state: &State, frame: &mut Frame, area: Rect) {
    let t = &state.theme;
    let Some(panel) = state.runbook_panel.as_ref() else {
        return;
    };
    let Some(rb) = crate::runbook::by_id(&state.runbooks, &panel.id) else {
        return;
    };
    frame.render_widget(Clear, area);
    let on = panel
        .service
        .as_deref()
        .map_or(String::new(), |s| format!(" · acts on {s}"));
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(t.title)
        .title(Span::styled(
            format!(" runbook: {}{on} ", rb.title),
            t.title,
        ))
        .title_bottom(Span::styled(
            " ] / [ scroll · 1-9 run an action · B closes ",
            t.dim,
        ));
    let inner_width = area.width.saturating_sub(2);
    let opts = RenderOptions::new(&state.keymap, t);
    // Laid out once per runbook and width; each frame copies only the visible lines.
    let body = state.runbook_layout.get(rb, inner_width, &opts);
    let mut head = Vec::new();
    if !rb.actions.is_empty() {
        let mut actions = vec![Span::styled("actions: ", t.dim)];
        for (i, a) in rb.actions.iter().take(9).enumerate() {
            actions.push(Span::styled(format!("[{}] ", i + 1), t.key));
            actions.push(Span::raw(format!("{a}  ")));
        }
        head.push(Line::from(actions));
        head.push(Line::default());
    }
    let height = usize::from(area.height.saturating_sub(2));
    let total = head.len() + body.lines.len();
    let start = panel.scroll.min(total);
    let visible: Vec<Line<'static>> = (start..(start + height).min(total))
        .map(|i| match head.get(i) {
            Some(line) => line.clone(),
            None => body.lines[i - head.len()].clone(),
        })
        .collect();
    frame.render_widget(
        Paragraph::new(visible)
            .block(block)
            .wrap(Wrap { trim: false }),
        area,
    );
}
