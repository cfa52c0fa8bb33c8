//! The incident timeline (`:timeline`), newest first.

use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::text::Span;
use ratatui::widgets::{Cell, Paragraph, Row};

use crate::state::{Screen, State};
use crate::ui::views::{TableSpec, draw_table, table_block};

/// Draws the timeline.
pub(crate) fn render(state: &State, screen: &Screen, frame: &mut Frame, area: Rect) {
    let rows: Vec<_> = state.timeline.entries.iter().rev().collect();
    let block = table_block(state, format!("[{}] e exports Markdown", rows.len()));
    let t = &state.theme;
    if rows.is_empty() {
        let text = Span::styled(
            "nothing observed yet: alarm changes, deployments, stopped tasks and actions appear here",
            t.dim,
        );
        frame.render_widget(Paragraph::new(text).block(block), area);
        return;
    }
    draw_table(
        state,
        &screen.nav,
        &rows,
        TableSpec {
            columns: &["TIME (UTC)", "KIND", "WHAT"],
            widths: &[
                Constraint::Length(10),
                Constraint::Length(11),
                Constraint::Fill(1),
            ],
            block,
        },
        frame,
        area,
        |e| {
            let style = if e.bad {
                t.bad
            } else {
                ratatui::style::Style::new()
            };
            Row::new(vec![
                Cell::from(Span::styled(e.at.format("%H:%M:%S").to_string(), t.dim)),
                Cell::from(e.kind.label()),
                Cell::from(Span::styled(e.text.clone(), style)),
            ])
        },
    );
}
