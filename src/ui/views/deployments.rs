//! Deployments of a service.

use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::text::Span;
use ratatui::widgets::{Cell, Row};

use crate::model::{DeploymentStatus, task_def_short};
use crate::state::{Screen, State};
use crate::ui::format;
use crate::ui::views::{TableSpec, draw_table, fit, placeholder, table_block, visible};

/// Draws the deployments table.
pub(crate) fn render(state: &State, screen: &Screen, frame: &mut Frame, area: Rect) {
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
