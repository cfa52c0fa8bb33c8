//! Autoscaling in the views: the `:scaling` view (a pane with the selected
//! service's policies and activities above a table of the services), the
//! services list's mark and the service detail's autoscaling line.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Cell, Paragraph, Row, Table};

use crate::model::Service;
use crate::state::{ScalingStatus, Screen, State};
use crate::ui::format;
use crate::ui::views::{highlight, placeholder, table_block};

/// Draws the `:scaling` view.
pub(crate) fn render(state: &State, screen: &Screen, frame: &mut Frame, area: Rect) {
    let [pane, table] = Layout::vertical([
        Constraint::Length(crate::ui::SCALING_PANE_LINES),
        Constraint::Min(3),
    ])
    .areas(area);
    let nav = &screen.nav;
    let rows = state.scaling_rows(nav);
    let t = &state.theme;
    let selected = rows.get(nav.selected).copied();
    let title = selected.map_or_else(|| " autoscaling ".to_string(), |s| format!(" {} ", s.name));
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(t.border)
        .title(Span::styled(title, t.title));
    let lines = selected.map_or_else(Vec::new, |s| pane_lines(state, s));
    frame.render_widget(
        Paragraph::new(lines)
            .wrap(ratatui::widgets::Wrap { trim: false })
            .block(block),
        pane,
    );

    // Rows not known yet are counted as such: "0 autoscaled" while loading would be false.
    let (mut scaled, mut unknown) = (0, 0);
    for s in &rows {
        match state.scaling_of(&s.name) {
            ScalingStatus::Scaled(_) => scaled += 1,
            ScalingStatus::Unknown => unknown += 1,
            ScalingStatus::None => {}
        }
    }
    let count = if unknown == 0 {
        format!("[{scaled} autoscaled of {}]", rows.len())
    } else {
        format!(
            "[{scaled} autoscaled of {}, {unknown} not known yet]",
            rows.len()
        )
    };
    let block = table_block(state, count);
    if placeholder(
        state,
        &state.services,
        rows.is_empty(),
        "no services in this cluster",
        frame,
        table,
        block.clone(),
    ) {
        return;
    }
    let height = usize::from(table.height.saturating_sub(3));
    let needle = nav.highlight();
    let body = super::table_rows(state, nav, &rows, height, |s| table_row(state, s, &needle));
    // NAME is as wide as the longest visible name (16 to a third of the width).
    let longest = rows
        .iter()
        .skip(nav.offset)
        .take(height)
        .map(|s| unicode_width::UnicodeWidthStr::width(s.name.as_str()))
        .max()
        .unwrap_or(0);
    let name_width = u16::try_from(longest)
        .unwrap_or(u16::MAX)
        .min(table.width / 3)
        .max(16);
    let widths = [
        Constraint::Length(name_width),
        Constraint::Length(8),
        Constraint::Length(4),
        Constraint::Length(4),
        Constraint::Length(24),
        Constraint::Fill(1),
    ];
    let labels = crate::ui::views::header_labels(state, &crate::state::columns::scaling());
    let labels: Vec<&str> = labels.iter().map(String::as_str).collect();
    let widths = crate::ui::views::fit_headers(&widths, &labels);
    let header = Row::new(labels.iter().map(|c| Cell::from(*c).style(t.column)));
    frame.render_widget(Table::new(body, widths).header(header).block(block), table);
}

fn table_row<'a>(state: &State, s: &Service, filter: &str) -> Row<'a> {
    let t = &state.theme;
    let name = Cell::from(highlight(
        &s.name,
        filter,
        ratatui::style::Style::new(),
        t.highlight,
    ));
    let counts = Cell::from(format!("{}/{}", s.desired, s.running));
    let rest: [Cell; 4] = match state.scaling_of(&s.name) {
        ScalingStatus::Scaled(a) => [
            Cell::from(a.target.min.to_string()),
            Cell::from(a.target.max.to_string()),
            policy_cell(state, a),
            Cell::from(a.activities.first().map_or_else(String::new, |x| {
                format!(
                    "{} {} {}",
                    format::ago(state.now, x.started_at),
                    x.status,
                    x.description
                )
            })),
        ],
        ScalingStatus::None => [
            Cell::from(Span::styled("–", t.dim)),
            Cell::from(Span::styled("–", t.dim)),
            Cell::from(Span::styled("not autoscaled", t.dim)),
            Cell::from(""),
        ],
        ScalingStatus::Unknown => [
            Cell::from(Span::styled("?", t.dim)),
            Cell::from(Span::styled("?", t.dim)),
            Cell::from(Span::styled(unknown_text(state), t.dim)),
            Cell::from(""),
        ],
    };
    let mut cells = vec![name, counts];
    cells.extend(rest);
    Row::new(cells)
}

/// The policies in short, or why there are none to show: only the target is
/// fetched for rows other than the selected one, until they are selected.
fn policy_cell<'a>(state: &State, a: &crate::model::ServiceScaling) -> Cell<'a> {
    let t = &state.theme;
    if !a.detailed {
        return Cell::from(Span::styled("select for policies", t.dim));
    }
    if a.policies.is_empty() {
        return Cell::from(Span::styled("no policies", t.dim));
    }
    Cell::from(
        a.policies
            .iter()
            .map(crate::model::ScalingPolicy::short)
            .collect::<Vec<_>>()
            .join(", "),
    )
}

fn unknown_text(state: &State) -> &'static str {
    if state.scaling.last_error.is_some() {
        "unknown"
    } else {
        "loading…"
    }
}

/// The pane: bounds and suspended state, each policy in full, the last
/// activities with their cause.
fn pane_lines<'a>(state: &State, s: &Service) -> Vec<Line<'a>> {
    let t = &state.theme;
    let a = match state.scaling_of(&s.name) {
        ScalingStatus::Scaled(a) => a,
        ScalingStatus::None => {
            return vec![Line::from(Span::styled(
                "not autoscaled: `s` sets the desired count directly",
                t.dim,
            ))];
        }
        ScalingStatus::Unknown => {
            let text = match &state.scaling.last_error {
                Some(e) => format!("autoscaling unknown: {e}"),
                None => "loading…".to_string(),
            };
            return vec![Line::from(Span::styled(text, t.dim))];
        }
    };
    let suspended = if a.target.suspended.any() {
        format!(" · suspended: {}", a.target.suspended.describe())
    } else {
        String::new()
    };
    let mut lines = vec![Line::from(format!(
        "{} · min {} · max {} · desired {} (owned by autoscaling){suspended}",
        a.target.resource_id, a.target.min, a.target.max, s.desired
    ))];
    if a.policies.is_empty() && a.detailed {
        lines.push(Line::from(Span::styled("no scaling policies", t.dim)));
    }
    for p in &a.policies {
        lines.push(Line::from(vec![
            Span::styled(format!("{}: ", p.name), t.title),
            Span::raw(p.summary()),
        ]));
    }
    if let Some(e) = &a.activities_error {
        lines.push(Line::from(Span::styled(
            format!("activities unknown: {e}"),
            t.warn,
        )));
    }
    if a.activities.is_empty() && a.detailed && a.activities_error.is_none() {
        lines.push(Line::from(Span::styled(
            "no recent scaling activity",
            t.dim,
        )));
    }
    for x in &a.activities {
        let style = if x.status == "Successful" {
            t.ok
        } else {
            t.warn
        };
        lines.push(Line::from(vec![
            Span::styled(
                format!("{:>8} ", format::ago(state.now, x.started_at)),
                t.dim,
            ),
            Span::styled(format!("{} ", x.status), style),
            Span::raw(format!("{} ", x.description)),
            Span::styled(x.cause.clone(), t.dim),
        ]));
    }
    lines
}

/// Appended to DES/RUN/PEN for a service whose desired count autoscaling owns.
pub(crate) const AUTOSCALED_MARK: &str = " ↕";

/// The mark of `s` in the services list (empty unless autoscaled).
pub(crate) fn mark(state: &State, s: &Service) -> &'static str {
    match state.scaling_of(&s.name) {
        ScalingStatus::Scaled(_) => AUTOSCALED_MARK,
        _ => "",
    }
}

/// `autoscaling: min 2 · max 6 (owns desired 2) · CPU at 40 · last: …` for the detail.
pub(crate) fn detail_line<'a>(state: &State, s: &Service) -> Line<'a> {
    let t = &state.theme;
    let mut spans = vec![Span::raw("autoscaling: ")];
    match state.scaling_of(&s.name) {
        ScalingStatus::Unknown if state.scaling.last_error.is_some() => {
            spans.push(Span::styled("unknown (the read failed)", t.warn));
        }
        ScalingStatus::Unknown => spans.push(Span::styled("loading…", t.dim)),
        ScalingStatus::None => spans.push(Span::styled("none", t.dim)),
        ScalingStatus::Scaled(a) => {
            spans.push(Span::raw(format!(
                "min {} · max {} (owns desired {})",
                a.target.min, a.target.max, s.desired
            )));
            if a.target.suspended.any() {
                spans.push(Span::styled(
                    format!(" · suspended: {}", a.target.suspended.describe()),
                    t.warn,
                ));
            }
            for p in &a.policies {
                spans.push(Span::styled(format!(" · {}", p.short()), t.dim));
            }
            if let Some(e) = &a.activities_error {
                spans.push(Span::styled(format!(" · activities unknown: {e}"), t.warn));
            }
            if let Some(last) = a.activities.first() {
                let style = if last.status == "Successful" {
                    t.dim
                } else {
                    t.warn
                };
                spans.push(Span::styled(
                    format!(
                        " · last: {} {} ({})",
                        last.description,
                        format::ago(state.now, last.started_at),
                        last.status
                    ),
                    style,
                ));
            }
        }
    }
    Line::from(spans)
}
