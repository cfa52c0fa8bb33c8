//! Recorded chaos experiments (`:chaos`), newest first.

use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::text::Span;
use ratatui::widgets::{Cell, Row};

use crate::state::{Screen, State};
use crate::ui::views::{TableSpec, draw_table, fit, placeholder, table_block, visible};

/// Draws the experiments table.
pub(crate) fn render(state: &State, screen: &Screen, frame: &mut Frame, area: Rect) {
    let rows: Vec<_> = state.chaos_log.data.iter().flatten().collect();
    let note = crate::jsonl_tail::skipped_note(state.chaos_skipped);
    let block = table_block(
        state,
        format!("[{}] d shows the stopwatch{note}", rows.len()),
    );
    let empty = "no experiments yet: stop a task with x and watch the service heal";
    if placeholder(
        state,
        &state.chaos_log,
        rows.is_empty(),
        empty,
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
        26,
        area.width / 3,
    );
    draw_table(
        state,
        &screen.nav,
        &rows,
        TableSpec {
            columns: &["DATE", "CLUSTER/SERVICE", "RECOVERY", "WHAT HAPPENED"],
            widths: &[
                Constraint::Length(10),
                where_width,
                Constraint::Length(9),
                Constraint::Fill(1),
            ],
            block,
        },
        frame,
        area,
        |r| {
            let recovery = match r.time_to_recovery_secs {
                Some(s) => Span::styled(format!("{s} s"), t.ok),
                None => Span::styled("none", t.bad),
            };
            Row::new(vec![
                Cell::from(r.killed_at.format("%Y-%m-%d").to_string()),
                Cell::from(format!("{}/{}", r.cluster, r.service)),
                Cell::from(recovery),
                Cell::from(r.headline()),
            ])
        },
    );
}
