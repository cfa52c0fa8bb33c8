//! Sparklines of the last hour of a service's metrics.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Sparkline};

use crate::model::MetricKind;
use crate::state::{Screen, State};
use crate::ui::views::table_block;

fn fmt_value(kind: MetricKind, v: f64) -> String {
    match kind {
        MetricKind::Cpu | MetricKind::Memory => format!("{v:.1}%"),
        MetricKind::ResponseTime => format!("{:.0} ms", v * 1000.0),
        MetricKind::Requests | MetricKind::Errors5xx => format!("{v:.0}"),
    }
}

/// Draws one sparkline per metric kind.
pub(crate) fn render(state: &State, screen: &Screen, frame: &mut Frame, area: Rect) {
    let name = screen.service.as_deref().unwrap_or_default();
    let block = table_block(state, "last hour, 1-minute points".to_string());
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let t = &state.theme;
    let series = state.service_metrics(name);
    if series.is_empty() {
        let text = match &state.metrics.last_error {
            Some(e) => Span::styled(format!("⚠ could not load metrics: {e}"), t.bad),
            None if state.metrics.data.is_some() => {
                Span::styled("no metrics for this service", t.dim)
            }
            None => Span::styled("loading…", t.dim),
        };
        frame.render_widget(Paragraph::new(text), inner);
        return;
    }
    let rows = Layout::vertical(MetricKind::ALL.map(|_| Constraint::Ratio(1, 5))).split(inner);
    for (kind, row) in MetricKind::ALL.iter().zip(rows.iter()) {
        let s = series.iter().find(|s| s.kind == *kind);
        let points: Vec<u64> = s
            .map(|s| {
                s.points
                    .iter()
                    .map(|(_, v)| (v * 100.0).max(0.0) as u64)
                    .collect()
            })
            .unwrap_or_default();
        let (min, max, last) = s.map_or((None, None, None), |s| {
            let vals = s.points.iter().map(|(_, v)| *v);
            (
                vals.clone().reduce(f64::min),
                vals.reduce(f64::max),
                s.latest(),
            )
        });
        let f = |v: Option<f64>| v.map_or_else(|| "–".to_string(), |v| fmt_value(*kind, v));
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
        let spark = Sparkline::default()
            .block(
                Block::default()
                    .borders(Borders::TOP)
                    .border_style(t.border)
                    .title(title),
            )
            .data(&points)
            .style(style);
        frame.render_widget(spark, *row);
    }
}
