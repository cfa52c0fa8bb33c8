//! Pure helpers of the metrics charts: the shared time window, axis labels,
//! where deployments and alarm state changes fall on the time line and at
//! which values the alarms' thresholds are drawn.

use crate::model::{Alarm, AlarmState, Comparison, MetricKind, MetricSeries, Service, Time};

/// Width every value-axis label is padded to, so the charts stacked in the
/// view share one time axis column for column.
pub(crate) const VALUE_LABEL_WIDTH: usize = 8;

/// The hour the charts show: it ends at the newest point of any series.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Window {
    /// Left edge.
    pub(crate) start: Time,
    /// Right edge.
    pub(crate) end: Time,
}

impl Window {
    /// The hour ending at the newest point of `series` (the same hour the
    /// services table's trends cover); `None` without points.
    pub(crate) fn of(series: &[MetricSeries]) -> Option<Window> {
        let hour = crate::state::metric_hour::MetricHour::of(series)?;
        Some(Window {
            start: hour.start(),
            end: hour.end,
        })
    }

    /// The x coordinate of `t`: seconds since the start of the window.
    pub(crate) fn x(&self, t: Time) -> f64 {
        (t - self.start).num_milliseconds() as f64 / 1000.0
    }

    /// The x bounds of the chart.
    pub(crate) fn bounds(&self) -> [f64; 2] {
        [0.0, self.x(self.end)]
    }

    /// Whether `t` falls inside the window, edges included.
    pub(crate) fn contains(&self, t: Time) -> bool {
        self.start <= t && t <= self.end
    }

    /// Time-axis labels (UTC, HH:MM) at the start, middle and end.
    pub(crate) fn labels(&self) -> [String; 3] {
        let mid = self.start + (self.end - self.start) / 2;
        [self.start, mid, self.end].map(|t| t.format("%H:%M").to_string())
    }
}

/// A value in the unit the chart plots (response time in ms, the rest as is).
pub(crate) fn plotted(kind: MetricKind, v: f64) -> f64 {
    match kind {
        MetricKind::ResponseTime => v * 1000.0,
        _ => v,
    }
}

/// A value-axis label with its unit, right-aligned to [`VALUE_LABEL_WIDTH`].
pub(crate) fn value_label(kind: MetricKind, plotted: f64) -> String {
    let text = match kind {
        MetricKind::Cpu | MetricKind::Memory => format!("{plotted:.0}%"),
        MetricKind::ResponseTime => format!("{plotted:.0}ms"),
        MetricKind::Requests | MetricKind::Errors5xx => format!("{plotted:.0}/min"),
    };
    format!("{text:>VALUE_LABEL_WIDTH$}")
}

/// The top of the value axis: a little above the highest value, rounded up
/// to two significant digits, at least 1 (percentages at least 100 once
/// they pass 80, so a full host looks full).
pub(crate) fn value_top(kind: MetricKind, max: f64) -> f64 {
    let top = (max * 1.1).max(1.0);
    let step = 10f64.powf(top.log10().floor() - 1.0).max(1.0);
    let top = (top / step - 1e-9).ceil() * step;
    match kind {
        MetricKind::Cpu | MetricKind::Memory if max > 80.0 => top.max(100.0),
        _ => top,
    }
}

/// Times of the service's deployments (created and last updated) inside the
/// window, oldest first, without repeats.
pub(crate) fn deployment_times(service: &Service, window: &Window) -> Vec<Time> {
    let mut times: Vec<Time> = service
        .deployments
        .iter()
        .flat_map(|d| [d.created_at, d.updated_at])
        .flatten()
        .filter(|t| window.contains(*t))
        .collect();
    times.sort();
    times.dedup();
    times
}

/// Last state changes inside the window of the alarms watching `kind`.
pub(crate) fn alarm_change_times<'a>(
    alarms: impl IntoIterator<Item = &'a Alarm>,
    kind: MetricKind,
    window: &Window,
) -> Vec<Time> {
    let mut times: Vec<Time> = alarms
        .into_iter()
        .filter(|a| MetricKind::of_metric(&a.metric) == Some(kind))
        .filter_map(|a| a.updated_at)
        .filter(|t| window.contains(*t))
        .collect();
    times.sort();
    times.dedup();
    times
}

/// One threshold line of a chart and what its title says of it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Threshold {
    /// In the unit of the chart's series (see [`Alarm::threshold_on_chart`]).
    pub(crate) value: f64,
    /// The comparison of the first alarm at this value.
    pub(crate) comparison: Comparison,
    /// The worst state of the alarms at this value: ALARM, then
    /// INSUFFICIENT_DATA, then OK.
    pub(crate) state: AlarmState,
}

/// How bad a state is, for the worst of several alarms on one line.
fn severity(state: AlarmState) -> u8 {
    match state {
        AlarmState::Ok => 0,
        AlarmState::InsufficientData => 1,
        AlarmState::Alarm => 2,
    }
}

/// The threshold lines of the chart of `kind`: one per distinct value of the
/// alarms watching its metric, lowest first.
pub(crate) fn thresholds<'a>(
    alarms: impl IntoIterator<Item = &'a Alarm>,
    kind: MetricKind,
) -> Vec<Threshold> {
    let mut lines: Vec<Threshold> = Vec::new();
    for a in alarms {
        let (Some(value), Some(comparison)) = (a.threshold_on_chart(kind), a.comparison) else {
            continue;
        };
        match lines.iter_mut().find(|l| l.value == value) {
            Some(l) if severity(a.state) > severity(l.state) => l.state = a.state,
            Some(_) => {}
            None => lines.push(Threshold {
                value,
                comparison,
                state: a.state,
            }),
        }
    }
    lines.sort_by(|a, b| a.value.total_cmp(&b.value));
    lines
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fixtures::t0;
    use chrono::Duration;

    fn series(kind: MetricKind, minutes_ago: &[i64]) -> MetricSeries {
        MetricSeries {
            service: "web-api".into(),
            kind,
            points: minutes_ago
                .iter()
                .map(|m| (t0() - Duration::minutes(*m), 1.0))
                .collect(),
        }
    }

    #[test]
    fn window_is_the_hour_ending_at_the_newest_point_of_any_series() {
        let all = [
            series(MetricKind::Cpu, &[30, 5]),
            series(MetricKind::Memory, &[20, 2]),
        ];
        let w = Window::of(&all).expect("points");
        assert_eq!(w.end, t0() - Duration::minutes(2));
        assert_eq!(w.start, w.end - Duration::hours(1));
        assert_eq!(w.bounds(), [0.0, 3600.0]);
        assert_eq!(w.x(w.start + Duration::seconds(90)), 90.0);
        assert_eq!(Window::of(&[series(MetricKind::Cpu, &[])]), None);
    }

    #[test]
    fn time_labels_are_start_middle_end_in_hh_mm() {
        // t0 is 14:02:10 UTC.
        let w = Window::of(&[series(MetricKind::Cpu, &[0])]).expect("points");
        assert_eq!(w.labels(), ["13:02", "13:32", "14:02"]);
    }

    #[test]
    fn value_labels_carry_the_unit_and_share_one_width() {
        let labels = [
            value_label(MetricKind::Cpu, 45.2),
            value_label(
                MetricKind::ResponseTime,
                plotted(MetricKind::ResponseTime, 0.43),
            ),
            value_label(MetricKind::Requests, 1200.0),
        ];
        assert_eq!(
            labels.clone().map(|l| l.trim().to_string()),
            ["45%", "430ms", "1200/min"]
        );
        assert!(
            labels
                .iter()
                .all(|l| l.chars().count() == VALUE_LABEL_WIDTH)
        );
    }

    #[test]
    fn value_top_leaves_headroom_and_shows_a_full_host_as_full() {
        assert_eq!(value_top(MetricKind::Requests, 0.0), 1.0);
        assert_eq!(value_top(MetricKind::Requests, 37.0), 41.0);
        assert_eq!(value_top(MetricKind::Requests, 100.0), 110.0);
        assert_eq!(value_top(MetricKind::ResponseTime, 43_000.0), 48_000.0);
        assert_eq!(value_top(MetricKind::Cpu, 85.0), 100.0);
        assert_eq!(value_top(MetricKind::Cpu, 95.0), 110.0);
    }

    #[test]
    fn deployment_marks_are_the_times_inside_the_window_once_each() {
        let mut svc = crate::fixtures::service(
            "web-api",
            2,
            2,
            crate::model::RolloutState::Completed,
            42,
            false,
        );
        let w = Window {
            start: t0() - Duration::hours(1),
            end: t0(),
        };
        let mut old = svc.deployments[0].clone();
        old.created_at = Some(t0() - Duration::days(2));
        old.updated_at = Some(t0() - Duration::minutes(40));
        let mut new = svc.deployments[0].clone();
        new.created_at = Some(t0() - Duration::minutes(10));
        new.updated_at = Some(t0() - Duration::minutes(10));
        svc.deployments = vec![new, old];
        assert_eq!(
            deployment_times(&svc, &w),
            [t0() - Duration::minutes(40), t0() - Duration::minutes(10)]
        );
    }

    #[test]
    fn alarm_marks_only_on_the_chart_of_the_watched_metric() {
        let w = Window {
            start: t0() - Duration::hours(1),
            end: t0(),
        };
        let alarm = |metric: &str, ago: i64| Alarm {
            name: metric.into(),
            arn: String::new(),
            state: crate::model::AlarmState::Alarm,
            reason: String::new(),
            updated_at: Some(t0() - Duration::minutes(ago)),
            metric: metric.into(),
            ..Alarm::default()
        };
        let alarms = [
            alarm("MemoryUtilization", 3),
            alarm("MemoryUtilization", 90),
            alarm("CPUUtilization", 5),
            alarm("SomethingElse", 1),
        ];
        assert_eq!(
            alarm_change_times(&alarms, MetricKind::Memory, &w),
            [t0() - Duration::minutes(3)]
        );
        assert_eq!(
            alarm_change_times(&alarms, MetricKind::Errors5xx, &w),
            Vec::<Time>::new()
        );
    }

    #[test]
    fn one_threshold_line_per_value_with_the_worst_state_lowest_first() {
        use crate::model::Statistic;
        let alarm = |metric: &str, threshold: f64, period: u32, state: AlarmState| Alarm {
            metric: metric.into(),
            state,
            threshold: Some(threshold),
            comparison: Some(Comparison::GreaterThan),
            statistic: Some(Statistic::Sum),
            period_secs: Some(period),
            ..Alarm::default()
        };
        let alarms = [
            alarm("HTTPCode_Target_5XX_Count", 50.0, 300, AlarmState::Ok),
            alarm("HTTPCode_Target_5XX_Count", 10.0, 60, AlarmState::Alarm),
            alarm("HTTPCode_Target_5XX_Count", 5.0, 60, AlarmState::Ok),
            alarm("RequestCount", 1.0, 60, AlarmState::Alarm),
        ];
        let lines = thresholds(&alarms, MetricKind::Errors5xx);
        assert_eq!(
            lines.iter().map(|l| (l.value, l.state)).collect::<Vec<_>>(),
            [(5.0, AlarmState::Ok), (10.0, AlarmState::Alarm)],
            "50 per 5 minutes and 10 per minute are one line"
        );
        assert!(thresholds(&alarms, MetricKind::Cpu).is_empty());
    }
}
