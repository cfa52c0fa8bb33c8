//! Charts of the last hour of a service's metrics, on one shared time axis,
//! with the service's deployments and its alarms' state changes marked.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::symbols::Marker;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Axis, Block, Borders, Chart, Dataset, GraphType, Paragraph};

use crate::model::{Alarm, MetricKind, MetricSeries};
use crate::state::{Screen, State};
use crate::ui::views::metrics_axis::{self as axis, Window};
use crate::ui::views::table_block;

fn fmt_value(kind: MetricKind, v: f64) -> String {
    match kind {
        MetricKind::Cpu | MetricKind::Memory => format!("{v:.1}%"),
        MetricKind::ResponseTime => format!("{:.0} ms", v * 1000.0),
        MetricKind::Requests | MetricKind::Errors5xx => format!("{v:.0}"),
    }
}

/// Draws one chart per metric kind; the bottom one carries the time axis.
pub(crate) fn render(state: &State, screen: &Screen, frame: &mut Frame, area: Rect) {
    let name = screen.service.as_deref().unwrap_or_default();
    let block = table_block(
        state,
        "last hour UTC · • deploy · ▄ alarm change".to_string(),
    );
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let t = &state.theme;
    let series = state.service_metrics(name);
    let Some(window) = Window::of(series) else {
        let text = match &state.metrics.last_error {
            Some(e) => Span::styled(format!("⚠ could not load metrics: {e}"), t.bad),
            None if state.metrics.data.is_some() => {
                Span::styled("no metrics for this service", t.dim)
            }
            None => Span::styled("loading…", t.dim),
        };
        frame.render_widget(Paragraph::new(text), inner);
        return;
    };
    let deployments = state
        .service(name)
        .map(|s| axis::deployment_times(s, &window))
        .unwrap_or_default();
    let alarms: Vec<&Alarm> = state
        .service(name)
        .map(|svc| {
            state
                .alarms
                .data
                .iter()
                .flatten()
                .filter(|a| a.matches_service(svc, state.service_target_groups(svc)))
                .collect()
        })
        .unwrap_or_default();
    let mut constraints: Vec<Constraint> = MetricKind::ALL.map(|_| Constraint::Fill(1)).to_vec();
    constraints.push(Constraint::Length(2));
    let rows = Layout::vertical(constraints).split(inner);
    let last = MetricKind::ALL.len() - 1;
    for (i, kind) in MetricKind::ALL.iter().enumerate() {
        let (row, time_axis) = if i == last {
            (rows[i].union(rows[i + 1]), true)
        } else {
            (rows[i], false)
        };
        let marks = Marks {
            deployments: deployments.iter().map(|d| window.x(*d)).collect(),
            alarms: axis::alarm_change_times(alarms.iter().copied(), *kind, &window)
                .iter()
                .map(|d| window.x(*d))
                .collect(),
        };
        let s = series.iter().find(|s| s.kind == *kind);
        render_chart(state, frame, row, *kind, s, &window, &marks, time_axis);
    }
}

/// x positions of the vertical marker lines of one chart.
struct Marks {
    deployments: Vec<f64>,
    alarms: Vec<f64>,
}

/// A dataset drawn as a line through `points`.
fn line(points: &[(f64, f64)], marker: Marker, style: Style) -> Dataset<'_> {
    Dataset::default()
        .data(points)
        .graph_type(GraphType::Line)
        .marker(marker)
        .style(style)
}

#[allow(clippy::too_many_arguments)]
fn render_chart(
    state: &State,
    frame: &mut Frame,
    area: Rect,
    kind: MetricKind,
    series: Option<&MetricSeries>,
    window: &Window,
    marks: &Marks,
    time_axis: bool,
) {
    let t = &state.theme;
    let values: Vec<f64> = series.map_or_else(Vec::new, |s| s.points.iter().map(|p| p.1).collect());
    let min = values.iter().copied().reduce(f64::min);
    let max = values.iter().copied().reduce(f64::max);
    let last = series.and_then(MetricSeries::latest);
    let f = |v: Option<f64>| v.map_or_else(|| "–".to_string(), |v| fmt_value(kind, v));
    let title = Line::from(vec![
        Span::styled(format!(" {} ", kind.label()), t.title),
        Span::raw(format!("now {}  ", f(last))),
        Span::styled(format!("min {}  max {} ", f(min), f(max)), t.dim),
    ]);
    let style = match kind {
        MetricKind::Errors5xx if max.unwrap_or(0.0) > 0.0 => t.bad,
        MetricKind::Cpu | MetricKind::Memory if max.unwrap_or(0.0) > 80.0 => t.warn,
        _ => t.ok,
    };
    let top = axis::value_top(kind, axis::plotted(kind, max.unwrap_or(0.0)));
    let data: Vec<(f64, f64)> = series.map_or_else(Vec::new, |s| {
        s.points
            .iter()
            .filter(|p| window.contains(p.0))
            .map(|(at, v)| (window.x(*at), axis::plotted(kind, *v)))
            .collect()
    });
    let vertical = |x: &f64| [(*x, 0.0), (*x, top)];
    let deploy_lines: Vec<[(f64, f64); 2]> = marks.deployments.iter().map(vertical).collect();
    let alarm_lines: Vec<[(f64, f64); 2]> = marks.alarms.iter().map(vertical).collect();
    let mut datasets: Vec<Dataset> = deploy_lines
        .iter()
        .map(|l| line(l, Marker::Dot, t.warn))
        .chain(alarm_lines.iter().map(|l| line(l, Marker::Bar, t.bad)))
        .collect();
    datasets.push(line(&data, Marker::Braille, style));
    let x_labels: Vec<String> = if time_axis {
        window.labels().to_vec()
    } else {
        Vec::new()
    };
    let chart = Chart::new(datasets)
        .block(
            Block::default()
                .borders(Borders::TOP)
                .border_style(t.border)
                .title(title),
        )
        .legend_position(None)
        .x_axis(
            Axis::default()
                .bounds(window.bounds())
                .labels(x_labels)
                .style(t.dim),
        )
        .y_axis(
            Axis::default()
                .bounds([0.0, top])
                .labels([axis::value_label(kind, 0.0), axis::value_label(kind, top)])
                .style(t.dim),
        );
    frame.render_widget(chart, area);
}

#[cfg(test)]
mod tests {
    use ratatui::Terminal;
    use ratatui::backend::TestBackend;

    use crate::state::{Screen, View};

    /// The metrics view of `service` on the loaded fixture, row by row.
    fn screen_rows(service: &str) -> Vec<String> {
        let mut state = crate::fixtures::loaded_state();
        state.size = (120, 40);
        state
            .stack
            .push(Screen::new(View::Metrics, Some(service.into())));
        let mut terminal = Terminal::new(TestBackend::new(120, 40)).expect("test backend");
        terminal
            .draw(|f| crate::ui::render(&state, f))
            .expect("draw");
        let buf = terminal.backend().buffer();
        (0..buf.area.height)
            .map(|y| (0..buf.area.width).map(|x| buf[(x, y)].symbol()).collect())
            .collect()
    }

    /// The rows of the chart titled `label`, up to the next chart's title.
    fn chart<'a>(rows: &'a [String], label: &str) -> &'a [String] {
        let start = rows
            .iter()
            .position(|r| r.contains(&format!(" {label} now")))
            .expect("chart title");
        let len = rows[start + 1..]
            .iter()
            .position(|r| r.contains(" now "))
            .unwrap_or(rows.len() - start - 1);
        &rows[start + 1..start + 1 + len]
    }

    #[test]
    fn the_alarm_state_change_is_marked_on_the_chart_of_its_metric_only() {
        // The fixture's alarm watches payments' MemoryUtilization, changed 3 minutes ago.
        let rows = screen_rows("payments");
        assert!(chart(&rows, "Memory %").iter().any(|r| r.contains('▄')));
        assert!(!chart(&rows, "CPU %").iter().any(|r| r.contains('▄')));
        let other = screen_rows("web-api");
        assert!(!chart(&other, "Memory %").iter().any(|r| r.contains('▄')));
    }

    #[test]
    fn the_bottom_chart_carries_the_time_axis_and_every_chart_its_unit() {
        let rows = screen_rows("web-api");
        let axis = rows
            .iter()
            .find(|r| r.contains("13:02"))
            .expect("time labels");
        assert!(axis.contains("13:32") && axis.contains("14:02"));
        assert!(chart(&rows, "CPU %").iter().any(|r| r.contains("0%│")));
        assert!(
            chart(&rows, "Requests/min")
                .iter()
                .any(|r| r.contains("/min│"))
        );
        assert!(
            chart(&rows, "Response time ms")
                .iter()
                .any(|r| r.contains("ms│"))
        );
    }
}
