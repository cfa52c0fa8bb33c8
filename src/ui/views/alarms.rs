//! CloudWatch alarms (all, or those whose dimensions match the service).

use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::text::Span;
use ratatui::widgets::{Cell, Row};

use crate::model::AlarmState;
use crate::state::{Screen, State};
use crate::ui::format;
use crate::ui::views::{TableSpec, draw_table, highlight, placeholder, table_block};

/// Draws the alarms table, ALARM first.
pub fn render(state: &State, screen: &Screen, frame: &mut Frame, area: Rect) {
    let service = screen.service.as_deref();
    let rows = state.filtered_alarms(service, &screen.nav);
    let scope = service.map_or_else(|| "all".to_string(), |s| format!("matching {s}"));
    let block = table_block(state, format!("[{}] {scope}", rows.len()));
    if placeholder(
        state,
        &state.alarms,
        rows.is_empty(),
        "no alarms",
        frame,
        area,
        block.clone(),
    ) {
        return;
    }
    let t = &state.theme;
    let filter = screen.nav.filter.clone();
    draw_table(
        state,
        &screen.nav,
        &rows,
        TableSpec {
            columns: &["NAME", "STATE", "SINCE", "METRIC", "REASON"],
            widths: &[
                Constraint::Length(32),
                Constraint::Length(19),
                Constraint::Length(6),
                Constraint::Length(30),
                Constraint::Fill(1),
            ],
            block,
        },
        frame,
        area,
        |a| {
            let (sym, style) = match a.state {
                AlarmState::Alarm => ("✖", t.bad),
                AlarmState::Ok => ("✔", t.ok),
                AlarmState::InsufficientData => ("?", t.dim),
            };
            Row::new(vec![
                Cell::from(highlight(
                    &a.name,
                    &filter,
                    ratatui::style::Style::new(),
                    t.highlight,
                )),
                Cell::from(Span::styled(format!("{sym} {}", a.state.as_str()), style)),
                Cell::from(format::age(state.now, a.updated_at)),
                Cell::from(Span::styled(format!("{}/{}", a.namespace, a.metric), t.dim)),
                Cell::from(a.reason.clone()),
            ])
        },
    );
}
