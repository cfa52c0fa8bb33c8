//! The audit log of actions (`:audit`), newest first.

use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::text::Span;
use ratatui::widgets::{Cell, Row};

use crate::state::{Screen, State};
use crate::ui::views::{TableSpec, draw_table, fit, placeholder, table_block, visible};

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
    let shown = visible(&rows, &screen.nav, area);
    let where_width = fit(
        "CLUSTER/SERVICE",
        shown.iter().map(|r| format!("{}/{}", r.cluster, r.service)),
        28,
        area.width / 3,
    );
    let by_width = fit(
        "BY",
        shown
            .iter()
            .map(|r| r.identity.clone().unwrap_or_else(|| r.source.clone())),
        30,
        area.width / 3,
    );
    draw_table(
        state,
        &screen.nav,
        &rows,
        TableSpec {
            columns: &["TIME (UTC)", "ACTION", "CLUSTER/SERVICE", "BY", "RESULT"],
            widths: &[
                Constraint::Length(19),
                Constraint::Length(10),
                where_width,
                by_width,
                Constraint::Fill(1),
            ],
            block,
        },
        frame,
        area,
        |r| {
            let result = match &r.error {
                None => Span::styled("ok", t.ok),
                Some(e) => Span::styled(format!("error: {e}"), t.bad),
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
