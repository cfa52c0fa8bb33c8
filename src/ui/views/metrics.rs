//! Charts of the last hour of a service's metrics, on one shared time axis,
//! with the service's deployments and its alarms' state changes marked.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::symbols::Marker;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Axis, Block, Borders, Chart, Dataset, GraphType, Paragraph};

use crate::model::{Alarm, AlarmState, MetricKind, MetricSeries};
use crate::state::{Screen, State};
use crate::theme::Theme;
use crate::ui::views::metrics_axis::{self as axis, Threshold, Window};
use crate::ui::views::table_block;

/// The glyph of an alarm's threshold line, in the chart and the legend.
const THRESHOLD_MARK: char = '┄';

fn fmt_value(kind: MetricKind, v: f64) -> String {
    match kind {
        MetricKind::Cpu | MetricKind::Memory => format!("{v:.1}%"),
        MetricKind::ResponseTime => format!("{:.0} ms", v * 1000.0),
        MetricKind::Requests | MetricKind::Errors5xx => format!("{v:.0}"),
    }
}

/// A threshold in a chart's title: like [`fmt_value`], but a count keeps
/// the fraction a period's normalisation gives it (7 per 5 minutes is 1.4).
fn fmt_threshold(kind: MetricKind, v: f64) -> String {
    match kind {
        MetricKind::Requests | MetricKind::Errors5xx if v.fract() != 0.0 => {
            let text = format!("{v:.2}");
            text.trim_end_matches('0').trim_end_matches('.').to_string()
        }
        _ => fmt_value(kind, v),
    }
}

/// Draws one chart per metric kind; the bottom one carries the time axis.
pub(crate) fn render(state: &State, screen: &Screen, frame: &mut Frame, area: Rect) {
    let name = screen.service.as_deref().unwrap_or_default();
    let block = table_block(
        state,
        format!("1h UTC · • deploy  ▄ alarm change  {THRESHOLD_MARK} threshold"),
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
            thresholds: axis::thresholds(alarms.iter().copied(), *kind),
        };
        let s = series.iter().find(|s| s.kind == *kind);
        render_chart(state, frame, row, *kind, s, &window, &marks, time_axis);
    }
}

/// The marker lines of one chart: x positions of the vertical ones, and the
/// horizontal threshold lines.
struct Marks {
    deployments: Vec<f64>,
    alarms: Vec<f64>,
    thresholds: Vec<Threshold>,
}

/// The title's words for one threshold line: its comparison and value, then
/// the state of its alarm (ALARM stands out).
fn threshold_spans(t: &Theme, kind: MetricKind, line: &Threshold) -> [Span<'static>; 2] {
    let state = match line.state {
        AlarmState::Alarm => Span::styled("⚠ ALARM ", t.bad),
        AlarmState::Ok => Span::styled("OK ", t.ok),
        AlarmState::InsufficientData => Span::styled("no data ", t.dim),
    };
    [
        Span::styled(
            format!(
                " {THRESHOLD_MARK} {}{} ",
                line.comparison.symbol(),
                fmt_threshold(kind, line.value)
            ),
            t.bad,
        ),
        state,
    ]
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
    let mut title = Line::from(vec![
        Span::styled(format!(" {} ", kind.label()), t.title),
        Span::raw(format!("now {}  ", f(last))),
        Span::styled(format!("min {}  max {} ", f(min), f(max)), t.dim),
    ]);
    for th in &marks.thresholds {
        title.spans.extend(threshold_spans(t, kind, th));
    }
    let style = match kind {
        MetricKind::Errors5xx if max.unwrap_or(0.0) > 0.0 => t.bad,
        MetricKind::Cpu | MetricKind::Memory if max.unwrap_or(0.0) > 80.0 => t.warn,
        _ => t.ok,
    };
    let highest = marks
        .thresholds
        .iter()
        .map(|th| th.value)
        .fold(max.unwrap_or(0.0), f64::max);
    let top = axis::value_top(kind, axis::plotted(kind, highest));
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
    let [left, right] = window.bounds();
    let threshold_lines: Vec<[(f64, f64); 2]> = marks
        .thresholds
        .iter()
        .map(|th| axis::plotted(kind, th.value))
        .map(|y| [(left, y), (right, y)])
        .collect();
    // Thresholds first: the markers and the data are drawn over them.
    let mut datasets: Vec<Dataset> = threshold_lines
        .iter()
        .map(|l| line(l, Marker::Custom(THRESHOLD_MARK), t.bad))
        .chain(deploy_lines.iter().map(|l| line(l, Marker::Dot, t.warn)))
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
    use crate::model::{Alarm, AlarmState};
    use crate::state::{Screen, State, View};
    use crate::ui::tests::draw;

    /// The loaded fixture showing the metrics of `service`.
    fn metrics_of(service: &str) -> State {
        let mut state = crate::fixtures::loaded_state();
        state
            .stack
            .push(Screen::new(View::Metrics, Some(service.into())));
        state
    }

    /// The screen at 120×40, row by row.
    fn rows_of(state: &State) -> Vec<String> {
        draw(state, 120, 40)
            .lines()
            .map(|l| l.trim_matches('"').to_string())
            .collect()
    }

    /// The metrics view of `service` on the loaded fixture, row by row.
    fn screen_rows(service: &str) -> Vec<String> {
        rows_of(&metrics_of(service))
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
        &rows[start..start + 1 + len]
    }

    /// The value of the top label of a chart's value axis (`88%│` → 88).
    fn top_label(chart: &[String]) -> f64 {
        let label = chart[1].split('│').nth(1).expect("the axis");
        let digits: String = label
            .trim()
            .chars()
            .take_while(|c| c.is_ascii_digit() || *c == '.')
            .collect();
        digits.parse().expect("a number")
    }

    /// Rows (below the title) of a chart crossed by a threshold line.
    fn threshold_rows(chart: &[String]) -> Vec<usize> {
        (1..chart.len())
            .filter(|i| chart[*i].matches(super::THRESHOLD_MARK).count() > 20)
            .collect()
    }

    #[test]
    fn the_alarm_state_change_is_marked_on_the_chart_of_its_metric_only() {
        // The fixture's alarm watches payments' MemoryUtilization, changed 3 minutes ago.
        let rows = screen_rows("payments");
        assert!(
            chart(&rows, "Memory %")[1..]
                .iter()
                .any(|r| r.contains('▄'))
        );
        assert!(!chart(&rows, "CPU %")[1..].iter().any(|r| r.contains('▄')));
        let other = screen_rows("web-api");
        assert!(
            !chart(&other, "Memory %")[1..]
                .iter()
                .any(|r| r.contains('▄'))
        );
    }

    #[test]
    fn the_threshold_is_a_line_on_the_chart_of_its_metric_only_and_its_title_says_it() {
        // The fixture's alarm: payments' memory (Maximum) above 80 %, in ALARM.
        let rows = screen_rows("payments");
        let memory = chart(&rows, "Memory %");
        assert_eq!(threshold_rows(memory).len(), 1, "{memory:#?}");
        assert!(memory[0].contains("┄ >80.0% ⚠ ALARM"), "{}", memory[0]);
        for other in ["CPU %", "Requests/min", "5xx/min", "Response time ms"] {
            let c = chart(&rows, other);
            assert!(threshold_rows(c).is_empty(), "{other}: {c:#?}");
            assert!(!c[0].contains("ALARM"), "{}", c[0]);
        }
        let web = screen_rows("web-api");
        assert!(threshold_rows(chart(&web, "Memory %")).is_empty());
        assert!(rows[1].contains("┄ threshold"), "the legend: {}", rows[1]);
    }

    #[test]
    fn a_threshold_above_all_the_data_still_shows_and_the_axis_reaches_it() {
        let rows = screen_rows("payments");
        let memory = chart(&rows, "Memory %");
        let max: f64 = memory[0]
            .split("max ")
            .nth(1)
            .and_then(|m| m.split('%').next())
            .and_then(|m| m.parse().ok())
            .expect("the max in the title");
        assert!(max < 80.0, "the data stays below the threshold: {max}");
        assert!(top_label(memory) >= 80.0, "{memory:#?}");
        let at = threshold_rows(memory);
        let zero = memory
            .iter()
            .position(|r| r.contains(" 0%│"))
            .expect("the 0% row");
        assert!(at.iter().all(|r| *r < zero), "{memory:#?}");
    }

    #[test]
    fn one_line_per_distinct_threshold_and_the_worst_state_named() {
        let mut state = metrics_of("payments");
        let alarms = state.alarms.data.as_mut().expect("the fixture's alarms");
        let first = alarms[0].clone();
        let same = Alarm {
            name: "same-threshold".into(),
            state: AlarmState::Ok,
            ..first.clone()
        };
        let lower = Alarm {
            name: "lower".into(),
            state: AlarmState::Ok,
            threshold: Some(20.0),
            ..first
        };
        alarms.extend([same, lower]);
        let rows = rows_of(&state);
        let memory = chart(&rows, "Memory %");
        assert_eq!(threshold_rows(memory).len(), 2, "{memory:#?}");
        assert!(
            memory[0].contains("┄ >20.0% OK") && memory[0].contains("┄ >80.0% ⚠ ALARM"),
            "{}",
            memory[0]
        );
    }

    #[test]
    fn a_threshold_keeps_the_fraction_its_period_gives_it() {
        use super::fmt_threshold;
        use crate::model::MetricKind;
        assert_eq!(fmt_threshold(MetricKind::Errors5xx, 1.4), "1.4");
        assert_eq!(fmt_threshold(MetricKind::Requests, 10.0), "10");
        assert_eq!(fmt_threshold(MetricKind::Requests, 2.0 / 3.0), "0.67");
        assert_eq!(fmt_threshold(MetricKind::Memory, 85.0), "85.0%");
        assert_eq!(fmt_threshold(MetricKind::ResponseTime, 0.5), "500 ms");
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

    #[test]
    fn payments_metrics_with_its_memory_threshold() {
        let state = metrics_of("payments");
        for (w, h) in [(120, 40), (80, 24)] {
            insta::assert_snapshot!(format!("payments_{w}x{h}"), draw(&state, w, h));
        }
    }
}
