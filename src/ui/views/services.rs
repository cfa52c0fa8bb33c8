//! The services view: one row per service of the current cluster.

use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Cell, Row, Table};

use crate::action::Action;
use crate::keymap::KeyContext;
use crate::model::{HealthStatus, Service, TargetState};
use crate::state::{State, TableNav};
use crate::ui::format;
use crate::ui::views::service_trends::{self, TrendWidth};
use crate::ui::views::{highlight, placeholder, table_block};

/// Draws the services table. Only visible rows are formatted.
pub(crate) fn render(state: &State, nav: &TableNav, frame: &mut Frame, area: Rect) {
    render_in(state, nav, frame, area, |count| table_block(state, count));
}

/// Draws the services table in the block `block(count)` makes of the row count.
pub(crate) fn render_in<'a>(
    state: &State,
    nav: &TableNav,
    frame: &mut Frame,
    area: Rect,
    block: impl FnOnce(String) -> ratatui::widgets::Block<'a>,
) {
    let rows = state.filtered_services(nav);
    let total = state.services.data.as_ref().map_or(0, Vec::len);
    let count = if state.freshness.paging {
        format!("[{total} so far, loading]")
    } else if nav.filter.is_empty() {
        format!("[{total}]")
    } else {
        format!("[{}/{total}] /{}", rows.len(), nav.filter)
    };
    let block = block(count);
    let empty_text = if nav.filter.is_empty() {
        "no services in this cluster".to_string()
    } else {
        let clear = state.keymap.keys_of(KeyContext::Global, Action::Back, 1);
        format!("no service matches the filter ({clear} clears it)")
    };
    if placeholder(
        state,
        &state.services,
        rows.is_empty(),
        &empty_text,
        frame,
        area,
        block.clone(),
    ) {
        return;
    }
    let height = usize::from(area.height.saturating_sub(3));
    let t = &state.theme;
    let needle = nav.highlight();
    // NAME grows with the longest visible name (up to a third of the width).
    let longest = rows
        .iter()
        .skip(nav.offset)
        .take(height)
        .map(|s| unicode_width::UnicodeWidthStr::width(s.name.as_str()))
        .max()
        .unwrap_or(0);
    // At 80–99 columns NAME gives one to the 5XX column.
    let name_min = if (80..100).contains(&area.width) {
        15
    } else {
        16
    };
    let name_width = u16::try_from(longest)
        .unwrap_or(u16::MAX)
        .min(area.width / 3)
        .max(name_min);
    let metric = Constraint::Length(TrendWidth::of(area.width).column_width());
    let widths = [
        Constraint::Min(name_width),
        Constraint::Length(8),
        Constraint::Length(11),
        Constraint::Length(16),
        Constraint::Length(18),
        Constraint::Fill(1),
        metric,
        metric,
        metric,
    ];
    let keep = |i: usize| !hidden(area.width).contains(&i);
    // The headers (with the sort mark) come from the table's column descriptions.
    let labels = crate::ui::views::header_labels(state, &crate::state::columns::services());
    let labels: Vec<&str> = labels.iter().map(String::as_str).collect();
    let widths = crate::ui::views::fit_headers(&widths, &labels);
    let header = Row::new(
        labels
            .iter()
            .enumerate()
            .filter(|(i, _)| keep(*i))
            .map(|(_, c)| Cell::from(*c).style(t.column)),
    );
    let widths: Vec<Constraint> = widths
        .into_iter()
        .enumerate()
        .filter(|(i, _)| keep(*i))
        .map(|(_, w)| w)
        .collect();
    let task_def_width = column_width(&widths, area, TASK_DEF, keep);
    let body = super::table_rows(state, nav, &rows, height, |s| {
        service_row(state, s, &needle, area.width, task_def_width)
    });
    frame.render_widget(Table::new(body, widths).header(header).block(block), area);
}

/// The index of the TASK DEF column (the one that fills what is left).
const TASK_DEF: usize = 5;

/// The width the table gives the column `index` (of all the columns) when
/// `keep` says which are drawn: the table's own layout (borders, one
/// column of spacing, columns from the left), so a cell can be fitted to it.
fn column_width(
    widths: &[Constraint],
    area: Rect,
    index: usize,
    keep: impl Fn(usize) -> bool,
) -> u16 {
    if !keep(index) {
        return 0;
    }
    let at = (0..index).filter(|i| keep(*i)).count();
    let inner = area.inner(ratatui::layout::Margin::new(1, 1));
    ratatui::layout::Layout::horizontal(widths.iter().copied())
        .spacing(1)
        .flex(ratatui::layout::Flex::Start)
        .split(inner)
        .get(at)
        .map_or(0, |r| r.width)
}

/// A task definition `family:rev` fitted to `width` columns, keeping the
/// revision (what tells two deployments apart): `notificati…:3`.
fn fit_task_def(short: &str, width: usize) -> String {
    use unicode_width::UnicodeWidthStr;
    if short.width() <= width {
        return short.to_string();
    }
    let Some((family, rev)) = short.rsplit_once(':') else {
        return crate::text::width::truncate_width(short, width);
    };
    let tail = rev.width() + 2; // "…" and ":"
    if width <= tail {
        return crate::text::width::truncate_width(&format!(":{rev}"), width);
    }
    format!(
        "{}…:{rev}",
        crate::text::width::truncate_width(family, width - tail)
    )
}

/// The columns a table `width` columns wide drops: STATUS and TASK DEF
/// below 100, 5XX too below 80 (where even the numbers would squeeze
/// HEALTH and DEPLOYMENT).
fn hidden(width: u16) -> &'static [usize] {
    match width {
        0..80 => &[1, 5, 8],
        80..100 => &[1, 5],
        _ => &[],
    }
}

/// One service as a row of a table `width` columns wide: without
/// the columns [`hidden`] at that width, with as much metric trend as the
/// width allows.
pub(crate) fn service_row<'a>(
    state: &State,
    s: &Service,
    filter: &str,
    width: u16,
    task_def_width: u16,
) -> Row<'a> {
    let t = &state.theme;
    let status_style = if s.status == "ACTIVE" { t.ok } else { t.warn };
    let counts = format!(
        "{}/{}/{}{}",
        s.desired,
        s.running,
        s.pending,
        super::scaling::mark(state, s)
    );
    let counts_style = if s.running < s.desired {
        t.warn
    } else {
        ratatui::style::Style::new()
    };
    let [cpu, mem, errors] = service_trends::metric_cells(state, s, TrendWidth::of(width));
    let cells = vec![
        Cell::from(highlight(
            &s.name,
            filter,
            ratatui::style::Style::new(),
            t.highlight,
        )),
        Cell::from(Span::styled(s.status.clone(), status_style)),
        Cell::from(Span::styled(counts, counts_style)),
        Cell::from(health_summary(state, s)),
        // A blue/green, linear or canary deployment says where it is.
        Cell::from(match state.running_deployment_of(s) {
            Some(d) => Span::styled(crate::watch::progress::short(d, state.now), t.warn),
            None => format::rollout(s, t),
        }),
        Cell::from(fit_task_def(
            crate::model::task_def_short(&s.task_definition),
            usize::from(task_def_width),
        )),
        Cell::from(cpu),
        Cell::from(mem),
        Cell::from(errors),
    ];
    Row::new(
        cells
            .into_iter()
            .enumerate()
            .filter(|(i, _)| !hidden(width).contains(i))
            .map(|(_, c)| c),
    )
}

/// `healthy/registered` targets and unhealthy tasks, with a symbol.
pub(crate) fn health_summary<'a>(state: &State, s: &Service) -> Line<'a> {
    let t = &state.theme;
    let unhealthy_tasks = state
        .service_tasks(&s.name)
        .iter()
        .filter(|task| {
            task.health == HealthStatus::Unhealthy && !task.last_status.is_stopping_or_stopped()
        })
        .count();
    let mut spans = Vec::new();
    if s.load_balancers.is_empty() {
        spans.push(Span::styled("no LB", t.dim));
    } else {
        let groups = state.service_target_groups(s);
        if groups.is_empty() {
            spans.push(Span::styled("tg …", t.dim));
        } else {
            let registered: usize = groups
                .iter()
                .map(|g| {
                    g.targets
                        .iter()
                        .filter(|x| x.state != TargetState::Draining)
                        .count()
                })
                .sum();
            let healthy: usize = groups.iter().map(|g| g.healthy()).sum();
            let style = if healthy == registered && healthy > 0 {
                t.ok
            } else if healthy == 0 {
                t.bad
            } else {
                t.warn
            };
            let sym = if healthy == registered && healthy > 0 {
                "✔"
            } else {
                "▲"
            };
            spans.push(Span::styled(
                format!("{sym} {healthy}/{registered} tg"),
                style,
            ));
        }
    }
    if unhealthy_tasks > 0 {
        spans.push(Span::styled(format!(" ✖{unhealthy_tasks} task"), t.bad));
    }
    Line::from(spans)
}

#[cfg(test)]
mod tests {
    use super::fit_task_def;

    #[test]
    fn a_task_definition_too_long_for_its_column_keeps_its_revision() {
        assert_eq!(fit_task_def("notifications:3", 20), "notifications:3");
        assert_eq!(fit_task_def("notifications:3", 15), "notifications:3");
        assert_eq!(fit_task_def("notifications:3", 14), "notificatio…:3");
        assert_eq!(fit_task_def("checkout:17", 9), "check…:17");
        // Too narrow for any of the family: the revision alone, then cut.
        assert_eq!(fit_task_def("checkout:17", 4), ":17");
        assert_eq!(fit_task_def("checkout:17", 2), ":1");
        // Wide characters count by their width; no revision: a plain cut.
        assert_eq!(fit_task_def("支付服务:12", 8), "支付…:12");
        assert_eq!(fit_task_def("no-revision-here", 6), "no-rev");
    }
}
