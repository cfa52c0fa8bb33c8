//! Service events, newest first.

use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::text::Span;
use ratatui::widgets::{Cell, Row};

use crate::state::{Screen, State};
use crate::ui::format;
use crate::ui::views::{TableSpec, draw_table, highlight, placeholder, table_block};

/// Draws the events table.
pub(crate) fn render(state: &State, screen: &Screen, frame: &mut Frame, area: Rect) {
    let name = screen.service.as_deref().unwrap_or_default();
    let rows = state.filtered_events(name, &screen.nav);
    let block = table_block(state, format!("[{}]", rows.len()));
    let empty = if screen.nav.filter.is_empty() {
        "no events"
    } else {
        "no event matches the filter"
    };
    if placeholder(
        state,
        &state.services,
        rows.is_empty(),
        empty,
        frame,
        area,
        block.clone(),
    ) {
        return;
    }
    let t = &state.theme;
    let filter = screen.nav.highlight();
    let labels = crate::ui::views::header_labels(state, &crate::state::columns::events());
    let labels: Vec<&str> = labels.iter().map(String::as_str).collect();
    draw_table(
        state,
        &screen.nav,
        &rows,
        TableSpec {
            columns: &labels,
            widths: &[
                Constraint::Length(19),
                Constraint::Length(5),
                Constraint::Fill(1),
            ],
            block,
        },
        frame,
        area,
        |e| {
            let style = message_style(&e.message, t);
            Row::new(vec![
                Cell::from(Span::styled(
                    e.created_at.map_or_else(
                        || "–".to_string(),
                        |at| at.format("%Y-%m-%d %H:%M:%S").to_string(),
                    ),
                    t.dim,
                )),
                Cell::from(format::age_of(state.now, e.created_at)),
                Cell::from(highlight(&e.message, &filter, style, t.highlight)),
            ])
        },
    );
}

/// An event's colour: failures bad, steady state good, the rest plain.
pub(crate) fn message_style(message: &str, t: &crate::theme::Theme) -> ratatui::style::Style {
    if message.contains("unhealthy")
        || message.contains("failed")
        || message.contains("rolling back")
        || message.contains("unable")
    {
        t.bad
    } else if message.contains("steady state") {
        t.ok
    } else {
        ratatui::style::Style::new()
    }
}
