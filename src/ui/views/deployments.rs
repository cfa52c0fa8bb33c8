//! Deployments of a service: the service-deployment history ECS records
//! (newest first), or the service's `deployments` array where the source does
//! not answer those APIs. One line above the table says which and why.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Cell, Paragraph, Row};

use crate::model::{DeploymentStatus, task_def_short};
use crate::state::service_deployments::HistorySource;
use crate::state::{Screen, State};
use crate::ui::format;
use crate::ui::views::deployment_format as df;
use crate::ui::views::{TableSpec, draw_table, fit, placeholder, table_block, visible};

/// Draws the note line and the history table, or the deployments array.
pub(crate) fn render(state: &State, screen: &Screen, frame: &mut Frame, area: Rect) {
    let name = screen.service.as_deref().unwrap_or_default();
    let [note, table] = Layout::vertical([
        Constraint::Length(crate::state::layout::DEPLOYMENTS_NOTE_LINES),
        Constraint::Min(1),
    ])
    .areas(area);
    let t = &state.theme;
    let source = state.history_source(name);
    let text = match source {
        HistorySource::History(all) => {
            let enter = state.keymap.keys_of(
                crate::keymap::KeyContext::Deployments,
                crate::action::Action::Open,
                1,
            );
            Line::from(vec![
                Span::styled(format!(" service deployments: {}", all.len()), t.title),
                Span::styled(format!(", newest first · {enter} opens one"), t.dim),
            ])
        }
        HistorySource::Loading => Line::from(Span::styled(
            " loading service deployments… showing the deployments array",
            t.dim,
        )),
        HistorySource::Fallback(f) => Line::from(Span::styled(format!(" {}", f.line()), t.warn)),
    };
    frame.render_widget(Paragraph::new(text), note);
    match source {
        HistorySource::History(_) => render_history(state, screen, frame, table),
        _ => render_array(state, screen, frame, table),
    }
}

/// Tables at least this wide show the end time, the breaker and the reason
/// (narrower ones leave them to the detail).
const WIDE: u16 = 100;

/// The service-deployment history.
fn render_history(state: &State, screen: &Screen, frame: &mut Frame, area: Rect) {
    let name = screen.service.as_deref().unwrap_or_default();
    let rows = state.filtered_service_deployments(name, &screen.nav);
    let block = table_block(state, format!("[{}]", rows.len()));
    let t = &state.theme;
    let now = state.now;
    let shown = visible(&rows, &screen.nav, area);
    let wide = area.width >= WIDE;
    let id_width = fit("ID", shown.iter().map(|d| d.short_id()), 8, area.width / 8);
    let strategy_width = fit(
        "STRATEGY",
        shown.iter().map(|d| df::strategy_kind(d)),
        8,
        10,
    );
    let status_width = fit(
        "STATUS",
        shown
            .iter()
            .map(|d| df::status(d.status, t).content.into_owned()),
        8,
        21,
    );
    let revisions = shown
        .iter()
        .map(|d| df::source_to_target_short(state, d, !wide));
    let rev_width = if wide {
        fit("SOURCE → TARGET", revisions, 15, area.width / 4)
    } else {
        Constraint::Fill(1)
    };
    // The header from the table's description (with the sort mark); a
    // narrow table keeps ID, STRATEGY, STATUS, SOURCE → TARGET, STARTED, TOOK.
    let labels =
        crate::ui::views::header_labels(state, &crate::state::columns::service_deployments());
    let label = |i: usize| labels.get(i).map_or("", String::as_str);
    let mut columns: Vec<&str> = (0..5).map(label).collect();
    let mut widths = vec![
        id_width,
        strategy_width,
        status_width,
        rev_width,
        Constraint::Length(7),
    ];
    if wide {
        columns.extend((5..9).map(label));
        widths.extend([
            Constraint::Length(5),
            Constraint::Length(6),
            Constraint::Length(10),
            Constraint::Fill(1),
        ]);
    } else {
        columns.push(label(6));
        widths.push(Constraint::Length(6));
    }
    let widths = crate::ui::views::fit_headers(&widths, &columns);
    draw_table(
        state,
        &screen.nav,
        &rows,
        TableSpec {
            columns: &columns,
            widths: &widths,
            block,
        },
        frame,
        area,
        |d| {
            let reason = df::reason(d);
            let reason_style = if d.status.is_some_and(|s| s.is_failure()) {
                t.bad
            } else {
                t.dim
            };
            let breaker_style = match &d.circuit_breaker {
                Some(c) if c.failures > 0 => t.bad,
                _ => t.dim,
            };
            let mut cells = vec![
                Cell::from(d.short_id().to_string()),
                Cell::from(df::strategy_kind(d)),
                Cell::from(df::status(d.status, t)),
                Cell::from(df::source_to_target_short(state, d, !wide)),
                Cell::from(format::age_of(now, d.started_at.or(d.created_at))),
            ];
            if wide {
                cells.extend([
                    Cell::from(format::age_of(now, d.finished_at.or(d.stopped_at))),
                    Cell::from(df::duration(now, d)),
                    Cell::from(Span::styled(df::breaker(d), breaker_style)),
                    Cell::from(Span::styled(reason, reason_style)),
                ]);
            } else {
                cells.push(Cell::from(df::duration(now, d)));
            }
            Row::new(cells)
        },
    );
}

/// The service's `deployments` array (DescribeServices).
fn render_array(state: &State, screen: &Screen, frame: &mut Frame, area: Rect) {
    let name = screen.service.as_deref().unwrap_or_default();
    let rows = state.filtered_deployments(name, &screen.nav);
    let cb = state
        .service(name)
        .map(|s| s.circuit_breaker)
        .unwrap_or_default();
    let cb_text = match (cb.enable, cb.rollback) {
        (true, true) => "circuit breaker on, rollback on",
        (true, false) => "circuit breaker on, rollback off",
        _ => "circuit breaker off",
    };
    let block = table_block(state, format!("[{}] {cb_text}", rows.len()));
    if placeholder(
        state,
        &state.services,
        rows.is_empty(),
        "no deployments",
        frame,
        area,
        block.clone(),
    ) {
        return;
    }
    let t = &state.theme;
    let now = state.now;
    let shown = visible(&rows, &screen.nav, area);
    let id_width = fit(
        "ID",
        shown.iter().map(|d| d.id.as_str()),
        27,
        area.width / 4,
    );
    let td_width = fit(
        "TASK DEF",
        shown.iter().map(|d| task_def_short(&d.task_definition)),
        14,
        area.width / 5,
    );
    let labels = crate::ui::views::header_labels(state, &crate::state::columns::deployments());
    let labels: Vec<&str> = labels.iter().map(String::as_str).collect();
    draw_table(
        state,
        &screen.nav,
        &rows,
        TableSpec {
            columns: &labels,
            widths: &[
                id_width,
                Constraint::Length(8),
                td_width,
                Constraint::Length(4),
                Constraint::Length(4),
                Constraint::Length(4),
                Constraint::Length(7),
                Constraint::Length(18),
                Constraint::Length(5),
                Constraint::Fill(1),
            ],
            block,
        },
        frame,
        area,
        |d| {
            let status_style = match d.status {
                DeploymentStatus::Primary => t.title,
                _ => t.dim,
            };
            let tripped = d.rollout_reason.contains("circuit breaker");
            let reason = if tripped {
                Span::styled(format!("⚡ breaker triggered: {}", d.rollout_reason), t.bad)
            } else {
                Span::raw(d.rollout_reason.clone())
            };
            let failed_style = if d.failed > 0 { t.bad } else { t.dim };
            Row::new(vec![
                Cell::from(d.id.clone()),
                Cell::from(Span::styled(d.status.as_str(), status_style)),
                Cell::from(task_def_short(&d.task_definition).to_string()),
                Cell::from(d.desired.to_string()),
                Cell::from(d.pending.to_string()),
                Cell::from(d.running.to_string()),
                Cell::from(Span::styled(d.failed.to_string(), failed_style)),
                Cell::from(format::rollout_of(d, t)),
                Cell::from(format::age_of(now, d.created_at)),
                Cell::from(reason),
            ])
        },
    );
}
