//! One module per screen.

pub(crate) mod alarms;
pub(crate) mod audit;
pub(crate) mod chaos;
pub(crate) mod dashboard;
pub(crate) mod deployment_format;
pub(crate) mod deployments;
pub(crate) mod diff;
pub(crate) mod events;
pub(crate) mod fleet;
pub(crate) mod logs;
pub(crate) mod metrics;
mod metrics_axis;
pub(crate) mod presenter;
pub(crate) mod promotion;
pub(crate) mod revisions;
pub(crate) mod runbooks;
pub(crate) mod scaling;
pub(crate) mod service_deployment_detail;
pub(crate) mod service_detail;
pub(crate) mod service_trends;
pub(crate) mod services;
pub(crate) mod target_groups;
pub(crate) mod tasks;
pub(crate) mod timeline;

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};

use crate::state::{Resource, State};

/// The rows of a table on screen: `height` of `items` from the table's
/// offset, each made by `row`, the selected one in the theme's selection style.
pub(crate) fn table_rows<'a, T>(
    state: &State,
    nav: &crate::state::TableNav,
    items: &[T],
    height: usize,
    row: impl Fn(&T) -> ratatui::widgets::Row<'a>,
) -> Vec<ratatui::widgets::Row<'a>> {
    items
        .iter()
        .enumerate()
        .skip(nav.offset)
        .take(height)
        .map(|(i, item)| {
            let r = row(item);
            if i == nav.selected {
                r.style(state.theme.selected)
            } else {
                r
            }
        })
        .collect()
}

/// Splits `text` into spans, highlighting case-insensitive matches of `needle`.
pub(crate) fn highlight<'a>(text: &str, needle: &str, base: Style, hl: Style) -> Line<'a> {
    if needle.is_empty() || !text.is_ascii() || !needle.is_ascii() {
        return Line::from(Span::styled(text.to_string(), base));
    }
    let lower = text.to_ascii_lowercase();
    let n = needle.to_ascii_lowercase();
    let mut spans = Vec::new();
    let mut pos = 0;
    while let Some(found) = lower[pos..].find(&n) {
        let start = pos + found;
        if start > pos {
            spans.push(Span::styled(text[pos..start].to_string(), base));
        }
        spans.push(Span::styled(text[start..start + n.len()].to_string(), hl));
        pos = start + n.len();
    }
    if pos < text.len() {
        spans.push(Span::styled(text[pos..].to_string(), base));
    }
    Line::from(spans)
}

/// The bordered block of a table with breadcrumbs as its title.
pub(crate) fn table_block<'a>(state: &State, extra: String) -> Block<'a> {
    let t = &state.theme;
    let crumbs = breadcrumbs(&state.stack);
    let mut title = vec![Span::styled(format!(" {} ", crumbs.join(" › ")), t.title)];
    if !extra.is_empty() {
        title.push(Span::styled(format!("{extra} "), t.dim));
    }
    Block::default()
        .borders(Borders::ALL)
        .border_style(t.border)
        .title(Line::from(title))
}

/// The titles of the navigation stack; a service's own view reached
/// without its detail screen (deployments straight from the services list)
/// still names the service: `services › web-api › deployments`.
fn breadcrumbs(stack: &[crate::state::Screen]) -> Vec<String> {
    use crate::state::View;
    let mut crumbs = Vec::new();
    let mut in_service: Option<&str> = None;
    for screen in stack {
        match (screen.view, screen.service.as_deref()) {
            (View::ServiceDetail, svc) => in_service = svc,
            (View::Services, _) => {
                // The services list starts the trail, also when opened over the dashboard.
                crumbs.clear();
                in_service = None;
            }
            (_, Some(svc)) if in_service != Some(svc) => {
                crumbs.push(svc.to_string());
                in_service = Some(svc);
            }
            _ => {}
        }
        crumbs.push(screen.title());
    }
    crumbs
}

/// A placeholder in the table area while a resource loads, is empty, or failed with no data.
pub(crate) fn placeholder<T>(
    state: &State,
    resource: &Resource<T>,
    empty: bool,
    empty_text: &str,
    frame: &mut Frame,
    area: Rect,
    block: Block<'_>,
) -> bool {
    let t = &state.theme;
    let text = if resource.data.is_none() {
        match &resource.last_error {
            Some(e) => Line::from(Span::styled(format!("⚠ could not load: {e}"), t.bad)),
            None => Line::from(Span::styled("loading…", t.dim)),
        }
    } else if empty {
        Line::from(Span::styled(empty_text.to_string(), t.dim))
    } else {
        return false;
    };
    frame.render_widget(Paragraph::new(text).block(block), area);
    true
}

/// Rows visible in a table of `area` height (border, header and border excluded).
pub(crate) fn visible_rows(area: Rect) -> usize {
    usize::from(area.height.saturating_sub(3))
}

/// The items of `items` a table of `area` shows from `nav`'s offset.
pub(crate) fn visible<'t, T>(items: &'t [T], nav: &crate::state::TableNav, area: Rect) -> &'t [T] {
    let start = nav.offset.min(items.len());
    let end = (start + visible_rows(area)).min(items.len());
    &items[start..end]
}

/// A column sized from its content: as wide as its header and its widest
/// value, at least `floor` (its usual width, so short values keep the
/// layout) and at most `ceiling` (so the columns after it keep room).
pub(crate) fn fit<S: AsRef<str>>(
    header: &str,
    values: impl IntoIterator<Item = S>,
    floor: u16,
    ceiling: u16,
) -> ratatui::layout::Constraint {
    use unicode_width::UnicodeWidthStr;
    let widest = values
        .into_iter()
        .map(|v| v.as_ref().width())
        .chain([header.width()])
        .max()
        .unwrap_or(0);
    let widest = u16::try_from(widest).unwrap_or(u16::MAX);
    ratatui::layout::Constraint::Length(widest.min(ceiling).max(floor))
}

/// The header labels of `table`: each column's name and legend, the
/// column it is sorted by marked `▲` (ascending) or `▼` (descending).
pub(crate) fn header_labels<R>(
    state: &State,
    table: &crate::state::table::Table<R>,
) -> Vec<String> {
    let sort = state.sort_of(table.kind);
    table
        .columns
        .iter()
        .map(|c| {
            let arrow = match sort {
                Some(s) if s.column == c.name && !c.name.is_empty() => {
                    if s.descending {
                        "▼"
                    } else {
                        "▲"
                    }
                }
                _ => "",
            };
            format!("{}{arrow}{}", c.name, c.legend)
        })
        .collect()
}

/// `widths` with each fixed-width column at least as wide as its header
/// label, so a sort mark is never cut off.
pub(crate) fn fit_headers(
    widths: &[ratatui::layout::Constraint],
    labels: &[&str],
) -> Vec<ratatui::layout::Constraint> {
    use ratatui::layout::Constraint;
    use unicode_width::UnicodeWidthStr;
    widths
        .iter()
        .zip(labels.iter().map(|l| l.width()).chain(std::iter::repeat(0)))
        .map(|(w, label)| match *w {
            Constraint::Length(n) => {
                Constraint::Length(n.max(u16::try_from(label).unwrap_or(u16::MAX)))
            }
            other => other,
        })
        .collect()
}

/// Columns, widths and block of a table.
pub(crate) struct TableSpec<'a> {
    /// Column headers.
    pub(crate) columns: &'a [&'a str],
    /// Column widths.
    pub(crate) widths: &'a [ratatui::layout::Constraint],
    /// The surrounding block.
    pub(crate) block: Block<'a>,
}

/// Draws a table whose visible rows are built by `row(item)`; only those rows are formatted.
pub(crate) fn draw_table<'a, T>(
    state: &State,
    nav: &crate::state::TableNav,
    items: &[T],
    spec: TableSpec<'a>,
    frame: &mut Frame,
    area: Rect,
    mut row: impl FnMut(&T) -> ratatui::widgets::Row<'a>,
) {
    let TableSpec {
        columns,
        widths,
        block,
    } = spec;
    use ratatui::widgets::{Cell, Row, Table};
    let t = &state.theme;
    let rows: Vec<Row> = items
        .iter()
        .enumerate()
        .skip(nav.offset)
        .take(visible_rows(area))
        .map(|(i, item)| {
            let r = row(item);
            if i == nav.selected {
                r.style(t.selected)
            } else {
                r
            }
        })
        .collect();
    let header = Row::new(columns.iter().map(|c| Cell::from(*c).style(t.column)));
    frame.render_widget(
        Table::new(rows, fit_headers(widths, columns))
            .header(header)
            .block(block),
        area,
    );
}
