//! CloudWatch alarms (all, or those whose dimensions match the service).

use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::text::Span;
use ratatui::widgets::{Cell, Row};

use crate::model::AlarmState;
use crate::state::{Screen, State};
use crate::ui::format;
use crate::ui::views::{TableSpec, draw_table, fit, highlight, placeholder, table_block, visible};

/// Draws the alarms table, ALARM first.
pub(crate) fn render(state: &State, screen: &Screen, frame: &mut Frame, area: Rect) {
    let service = screen.service.as_deref();
    let rows = state.filtered_alarms(service, &screen.nav);
    let scope = service.map_or_else(|| "all".to_string(), |s| format!("matching {s}"));
    // Alarms that name no dimension cannot be tied to a service: say so.
    let unmapped = state
        .alarms
        .data
        .iter()
        .flatten()
        .filter(|a| a.dimensions.is_empty())
        .count();
    let note = match (service, unmapped) {
        (Some(_), 1) => " · 1 alarm without dimensions, unmapped (:alarms)".to_string(),
        (Some(_), n) if n > 1 => format!(" · {n} alarms without dimensions, unmapped (:alarms)"),
        _ => String::new(),
    };
    let block = table_block(state, format!("[{}] {scope}{note}", rows.len()));
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
    let filter = screen.nav.highlight();
    let shown = visible(&rows, &screen.nav, area);
    let name_width = fit(
        "NAME",
        shown.iter().map(|a| a.name.as_str()),
        32,
        area.width / 2,
    );
    let metric_width = fit(
        "METRIC",
        shown.iter().map(|a| metric_label(a)),
        30,
        area.width / 4,
    );
    let labels = crate::ui::views::header_labels(state, &crate::state::columns::alarms());
    let labels: Vec<&str> = labels.iter().map(String::as_str).collect();
    draw_table(
        state,
        &screen.nav,
        &rows,
        TableSpec {
            columns: &labels,
            widths: &[
                name_width,
                Constraint::Length(19),
                Constraint::Length(6),
                metric_width,
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
                Cell::from(
                    a.updated_at
                        .map_or_else(|| "–".into(), |at| format::age(state.now, at)),
                ),
                Cell::from(Span::styled(metric_label(a), t.dim)),
                Cell::from(a.reason.clone()),
            ])
        },
    );
}

/// `namespace/metric`, saying when the alarm names no dimension.
fn metric_label(a: &crate::model::Alarm) -> String {
    if a.dimensions.is_empty() {
        format!("{}/{} (no dimensions)", a.namespace, a.metric)
    } else {
        format!("{}/{}", a.namespace, a.metric)
    }
}
