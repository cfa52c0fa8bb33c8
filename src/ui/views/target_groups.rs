//! Target groups and the health of every target.

use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::widgets::{Cell, Row};

use crate::state::{Screen, State};
use crate::ui::format;
use crate::ui::views::{TableSpec, draw_table, fit, placeholder, table_block, visible};

/// Draws one row per target, grouped by target group.
pub(crate) fn render(state: &State, screen: &Screen, frame: &mut Frame, area: Rect) {
    let service = screen.service.as_deref();
    let rows = state.target_rows(service, &screen.nav);
    let groups = state.view_target_groups(service);
    let summary: Vec<String> = groups
        .iter()
        .map(|g| format!("{} {}/{}", g.name, g.healthy(), g.targets.len()))
        .collect();
    let block = table_block(state, format!("[{}] {}", rows.len(), summary.join(" · ")));
    let no_lb = service
        .and_then(|s| state.service(s))
        .is_some_and(|s| s.load_balancers.is_empty());
    let empty = if no_lb {
        "this service has no load balancer"
    } else {
        "no registered targets"
    };
    if placeholder(
        state,
        &state.target_groups,
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
    let group_width = fit(
        "TARGET GROUP",
        shown.iter().map(|(g, _)| g.name.as_str()),
        22,
        area.width / 4,
    );
    let labels = crate::ui::views::header_labels(state, &crate::state::columns::targets());
    let labels: Vec<&str> = labels.iter().map(String::as_str).collect();
    draw_table(
        state,
        &screen.nav,
        &rows,
        TableSpec {
            columns: &labels,
            widths: &[
                group_width,
                Constraint::Length(15),
                Constraint::Length(6),
                Constraint::Length(11),
                Constraint::Length(42),
                Constraint::Fill(1),
            ],
            block,
        },
        frame,
        area,
        |(g, target)| {
            Row::new(vec![
                Cell::from(g.name.clone()),
                Cell::from(target.id.clone()),
                Cell::from(target.port.to_string()),
                Cell::from(target.availability_zone.clone().unwrap_or_default()),
                Cell::from(format::target(target, t)),
                Cell::from(ratatui::text::Span::styled(
                    target.description.clone().unwrap_or_default(),
                    t.dim,
                )),
            ])
        },
    );
}
