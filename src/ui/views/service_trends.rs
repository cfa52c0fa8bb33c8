//! The services table's metric columns (CPU, MEM, 5XX): today's number with
//! the last hour's trend beside it (`▂▃▅▇  71%`), as much trend as the
//! table's width allows. The numbers are the ones the columns sort and
//! filter by (`state::columns::services`).

use ratatui::style::Style;
use ratatui::text::{Line, Span};
use unicode_width::UnicodeWidthStr;

use crate::model::{MetricKind, MetricSeries, Service};
use crate::state::State;
use crate::state::metric_hour::MetricHour;
use crate::ui::sparkline;

/// Table widths from which the metric columns draw a short trend.
pub(crate) const SHORT_FROM: u16 = 115;
/// Below 100 columns STATUS and TASK DEF are dropped, which leaves room for
/// the short trend again from this width (NAME 15, the counts, HEALTH and
/// DEPLOYMENT, three 9-column metrics, the gaps and the borders: 95, and one
/// to spare for NAME). The dashboard's services column is this wide at 200.
pub(crate) const NARROW_SHORT_FROM: u16 = 96;
/// Table widths from which the metric columns draw the full trend.
pub(crate) const FULL_FROM: u16 = 140;
/// Characters of the number (`100%`, `9999`, `12k`).
const NUMBER_WIDTH: usize = 4;
/// Percentages above this are drawn in the warning style.
const PCT_WARN: f64 = 80.0;

/// How much trend the metric columns draw, from the table's width (the
/// services view's whole width, or the dashboard pane it gets). Below
/// [`SHORT_FROM`] the nine columns leave no room for one: at 100 columns
/// TASK DEF already keeps only 9.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum TrendWidth {
    /// Numbers only.
    Numbers,
    /// Four cells: a quarter hour each.
    Short,
    /// Ten cells: six minutes each.
    Full,
}

impl TrendWidth {
    /// The trend a table `width` columns wide (borders included) draws.
    pub(crate) fn of(width: u16) -> Self {
        if width >= FULL_FROM {
            TrendWidth::Full
        } else if width >= SHORT_FROM || (NARROW_SHORT_FROM..100).contains(&width) {
            TrendWidth::Short
        } else {
            TrendWidth::Numbers
        }
    }

    /// Cells of trend.
    pub(crate) fn cells(self) -> usize {
        match self {
            TrendWidth::Numbers => 0,
            TrendWidth::Short => 4,
            TrendWidth::Full => 10,
        }
    }

    /// The width of each metric column: trend, a space, the number.
    pub(crate) fn column_width(self) -> u16 {
        let trend = match self.cells() {
            0 => 0,
            n => n + 1,
        };
        u16::try_from(trend + NUMBER_WIDTH).unwrap_or(u16::MAX)
    }
}

/// A percentage in at most four characters (`71%`, `100%`, `999+`).
fn pct_text(v: f64) -> String {
    if v < 999.5 {
        format!("{v:.0}%")
    } else {
        "999+".into()
    }
}

/// A count in at most four characters (`12`, `9999`, `12k`, `1M+`).
pub(crate) fn count_text(v: f64) -> String {
    if v < 9_999.5 {
        format!("{v:.0}")
    } else if v < 999_500.0 {
        format!("{:.0}k", v / 1000.0)
    } else {
        "1M+".into()
    }
}

/// The CPU, MEM and 5XX cells of service `s`, each exactly
/// `width.column_width()` characters wide.
pub(crate) fn metric_cells<'a>(state: &State, s: &Service, width: TrendWidth) -> [Line<'a>; 3] {
    let series = state.service_metrics(&s.name);
    let hour = MetricHour::of(series);
    let find = |kind| series.iter().find(|x| x.kind == kind);
    let pct = |kind| {
        let value = find(kind).and_then(MetricSeries::latest);
        cell(state, find(kind), value, hour.as_ref(), kind, width)
    };
    let errors = state.errors_5xx_now(s);
    [
        pct(MetricKind::Cpu),
        pct(MetricKind::Memory),
        cell(
            state,
            find(MetricKind::Errors5xx).filter(|_| errors.is_some()),
            errors,
            hour.as_ref(),
            MetricKind::Errors5xx,
            width,
        ),
    ]
}

/// Whether `v` of `kind` deserves attention, and in which style.
fn alert_style(state: &State, kind: MetricKind, v: f64) -> Option<Style> {
    match kind {
        MetricKind::Errors5xx if v > 0.0 => Some(state.theme.bad),
        MetricKind::Cpu | MetricKind::Memory if v > PCT_WARN => Some(state.theme.warn),
        _ => None,
    }
}

/// One metric cell: the trend (when `width` has room and the hour has
/// points) and the number, right-aligned; a dim `–` without a value.
fn cell<'a>(
    state: &State,
    series: Option<&MetricSeries>,
    value: Option<f64>,
    hour: Option<&MetricHour>,
    kind: MetricKind,
    width: TrendWidth,
) -> Line<'a> {
    let total = usize::from(width.column_width());
    let (Some(series), Some(value), Some(hour)) = (series, value, hour) else {
        return Line::from(Span::styled(format!("{:>total$}", "–"), state.theme.dim));
    };
    let number = if kind == MetricKind::Errors5xx {
        count_text(value)
    } else {
        pct_text(value)
    };
    let number_style = alert_style(state, kind, value).unwrap_or_default();
    let mut spans = Vec::with_capacity(3);
    if width.cells() > 0 {
        let trend = sparkline::trend(&series.points, hour, width.cells(), kind);
        let style = trend
            .peak
            .and_then(|p| alert_style(state, kind, p))
            .unwrap_or(state.theme.dim);
        spans.push(Span::styled(trend.text, style));
        spans.push(Span::raw(" "));
    }
    let pad = NUMBER_WIDTH.saturating_sub(number.width());
    spans.push(Span::styled(format!("{:pad$}{number}", ""), number_style));
    Line::from(spans)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fixtures::loaded_state;

    fn texts(state: &State, name: &str, width: TrendWidth) -> [String; 3] {
        let s = state.service(name).expect("fixture service").clone();
        metric_cells(state, &s, width).map(|l| l.to_string())
    }

    #[test]
    fn the_width_picks_the_trend() {
        assert_eq!(TrendWidth::of(80), TrendWidth::Numbers);
        assert_eq!(TrendWidth::of(SHORT_FROM - 1), TrendWidth::Numbers);
        assert_eq!(TrendWidth::of(SHORT_FROM), TrendWidth::Short);
        assert_eq!(TrendWidth::of(FULL_FROM - 1), TrendWidth::Short);
        assert_eq!(TrendWidth::of(FULL_FROM), TrendWidth::Full);
        assert_eq!(TrendWidth::of(200), TrendWidth::Full);
        assert_eq!(
            [TrendWidth::Numbers, TrendWidth::Short, TrendWidth::Full]
                .map(TrendWidth::column_width),
            [4, 9, 15]
        );
    }

    #[test]
    fn cells_at_each_width_are_exactly_the_column_wide() {
        let s = loaded_state();
        // checkout's fixture varies over the hour (CPU falls from 69 % to
        // 10 %, CPU and memory miss 20–29 minutes ago, a burst of 5xx 40–44
        // minutes ago); web-api has one point, now.
        assert_eq!(
            texts(&s, "checkout", TrendWidth::Numbers),
            [" 10%", " 13%", "  19"]
        );
        assert_eq!(
            texts(&s, "checkout", TrendWidth::Short),
            ["▅▄▂▁  10%", "▁▁▁▁  13%", "▁█▁▃   19"]
        );
        assert_eq!(
            texts(&s, "checkout", TrendWidth::Full),
            ["▅▅▄▄▃ ▂▂▁▁  10%", "▁▁▁▁▁ ▁▁▁▁  13%", "▁▁██▁▁▁▁▁▃   19"]
        );
        assert_eq!(
            texts(&s, "web-api", TrendWidth::Short),
            ["   ▂  31%", "   ▃  34%", "   █   40"],
            "one point: the last slot, the others blank"
        );
        for width in [TrendWidth::Numbers, TrendWidth::Short, TrendWidth::Full] {
            for name in ["checkout", "payments", "search", "web-api", "worker"] {
                for text in texts(&s, name, width) {
                    assert_eq!(
                        text.width(),
                        usize::from(width.column_width()),
                        "{name} {width:?}: {text:?}"
                    );
                }
            }
        }
    }

    #[test]
    fn without_a_load_balancer_or_metrics_a_dim_dash() {
        let mut s = loaded_state();
        // worker has a 5xx series in the fixture but no load balancer.
        assert_eq!(texts(&s, "worker", TrendWidth::Short)[2], "        –");
        let worker = s.service("worker").expect("worker").clone();
        let cells = metric_cells(&s, &worker, TrendWidth::Short);
        assert_eq!(cells[2].spans[0].style, s.theme.dim);
        if let Some(m) = s.metrics.data.as_mut() {
            m.remove("checkout");
        }
        assert_eq!(texts(&s, "checkout", TrendWidth::Numbers), ["   –"; 3]);
    }

    #[test]
    fn errors_are_bad_and_high_percentages_warn() {
        let mut s = loaded_state();
        let checkout = s.service("checkout").expect("checkout").clone();
        let number = |l: &Line| l.spans.last().map(|x| x.style);
        let trend = |l: &Line| l.spans.first().map(|x| x.style);
        let [cpu, mem, errors] = metric_cells(&s, &checkout, TrendWidth::Short);
        assert_eq!(number(&cpu), Some(Style::new()), "10 % is calm");
        assert_eq!(trend(&cpu), Some(s.theme.dim), "69 % at most");
        assert_eq!(number(&mem), Some(Style::new()));
        assert_eq!(number(&errors), Some(s.theme.bad), "19 a minute");
        assert_eq!(trend(&errors), Some(s.theme.bad));
        // CPU at 81 % now: the number and the trend warn.
        let last = s
            .metrics
            .data
            .as_mut()
            .and_then(|m| m.get_mut("checkout"))
            .and_then(|series| series[0].points.last_mut());
        if let Some(p) = last {
            p.1 = 81.0;
        }
        let [cpu, ..] = metric_cells(&s, &checkout, TrendWidth::Short);
        assert_eq!(number(&cpu), Some(s.theme.warn));
        assert_eq!(trend(&cpu), Some(s.theme.warn));
    }

    /// Every column's text is whole at each width the services table gets:
    /// the services view's, and the dashboard pane's (48 % of the body from
    /// 180 columns).
    #[test]
    fn no_column_is_cut_at_any_width() {
        let s = loaded_state();
        for width in [
            80_u16, 81, 90, 95, 96, 99, 100, 114, 115, 120, 139, 140, 160, 200,
        ] {
            let screen = crate::ui::tests::draw(&s, width, 24);
            let trend = TrendWidth::of(width);
            let checkout = s.service("checkout").expect("checkout").clone();
            let row = screen
                .lines()
                .find(|l| l.contains("checkout "))
                .unwrap_or_default();
            let mut whole = vec![
                "4/2/2".to_string(),
                "tg …".into(),
                "⟳ IN_PROGRESS 2/4".into(),
            ];
            whole.extend(metric_cells(&s, &checkout, trend).map(|l| l.to_string()));
            if width >= 100 {
                whole.push("ACTIVE".into());
            }
            // TASK DEF is the column that gives way (it fills what is left),
            // keeping the revision: 9 characters at 100 columns, and at 115
            // where the short trend starts.
            match width {
                0..100 => {}
                100..105 | SHORT_FROM..120 => whole.push("…:17".into()),
                _ => whole.push("checkout:17".into()),
            }
            for text in &whole {
                assert!(row.contains(text.as_str()), "{width}: {text:?} in {row:?}");
            }
            let header = screen
                .lines()
                .find(|l| l.contains("NAME"))
                .unwrap_or_default();
            for label in ["DES/RUN/PEN", "HEALTH", "DEPLOYMENT", "CPU", "MEM", "5XX"] {
                assert!(header.contains(label), "{width}: {label} in {header:?}");
            }
        }
    }

    #[test]
    fn counts_and_percentages_fit_four_characters() {
        assert_eq!(count_text(0.0), "0");
        assert_eq!(count_text(9_999.0), "9999");
        assert_eq!(count_text(12_345.0), "12k");
        assert_eq!(count_text(999_000.0), "999k");
        assert_eq!(count_text(5e6), "1M+");
        assert_eq!(pct_text(3.2), "3%");
        assert_eq!(pct_text(100.0), "100%");
        assert_eq!(pct_text(3_200.0), "999+");
    }
}
