//! The audit log of actions (`:audit`), newest first.

use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::text::Span;
use ratatui::widgets::{Cell, Row};

use crate::state::{Screen, State};
use crate::ui::views::{TableSpec, draw_table, placeholder, table_block};

/// Draws the audit table.
pub fn render(state: &State, screen: &Screen, frame: &mut Frame, area: Rect) {
    let rows: Vec<_> = state.audit_log.data.iter().flatten().collect();
    let block = table_block(state, format!("[{}]", rows.len()));
    if placeholder(
        state,
        &state.audit_log,
        rows.is_empty(),
        "no actions recorded yet",
        frame,
        area,
        block.clone(),
    ) {
        return;
    }
    let t = &state.theme;
    draw_table(
        state,
        &screen.nav,
        &rows,
        TableSpec {
            columns: &["TIME (UTC)", "ACTION", "CLUSTER/SERVICE", "BY", "RESULT"],
            widths: &[
                Constraint::Length(19),
                Constraint::Length(10),
                Constraint::Length(28),
                Constraint::Length(30),
                Constraint::Fill(1),
            ],
            block,
        },
        frame,
        area,
        |r| {
            let result = match (&r.error, r.result.as_str()) {
                (Some(e), _) => Span::styled(format!("error: {e}"), t.bad),
                (None, crate::audit::ATTEMPT) => Span::styled("attempt", t.dim),
                (None, _) => Span::styled("ok", t.ok),
            };
            Row::new(vec![
                Cell::from(r.time.format("%Y-%m-%d %H:%M:%S").to_string()),
                Cell::from(r.action.clone()),
                Cell::from(format!("{}/{}", r.cluster, r.service)),
                Cell::from(Span::styled(
                    r.identity.clone().unwrap_or_else(|| r.source.clone()),
                    t.dim,
                )),
                Cell::from(result),
            ])
        },
    );
}
