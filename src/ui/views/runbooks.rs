//! Every runbook (`:runbooks`).

use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::text::Span;
use ratatui::widgets::{Cell, Row};

use crate::action::Action;
use crate::keymap::KeyContext;
use crate::state::{Screen, State};
use crate::ui::views::{TableSpec, draw_table, table_block};

/// Draws the runbook list.
pub(crate) fn render(state: &State, screen: &Screen, frame: &mut Frame, area: Rect) {
    let rows: Vec<_> = state.runbooks.iter().collect();
    let open = state
        .keymap
        .keys_of(KeyContext::Runbooks, Action::OpenRunbook, 1);
    let block = table_block(
        state,
        format!("[{}] {open} opens beside the dashboard", rows.len()),
    );
    let t = &state.theme;
    draw_table(
        state,
        &screen.nav,
        &rows,
        TableSpec {
            columns: &["TITLE", "APPLIES TO", "SOURCE"],
            widths: &[
                Constraint::Fill(2),
                Constraint::Fill(2),
                Constraint::Length(14),
            ],
            block,
        },
        frame,
        area,
        |r| {
            let mut applies: Vec<String> = r.alarms.iter().map(|a| format!("alarm {a}")).collect();
            applies.extend(r.services.iter().map(|s| format!("service {s}")));
            applies.extend(r.symptoms.iter().cloned());
            Row::new(vec![
                Cell::from(r.title.clone()),
                Cell::from(Span::styled(applies.join(", "), t.dim)),
                Cell::from(if r.builtin { "built-in" } else { "user" }),
            ])
        },
    );
}
