//! The last hour of a service's metrics as the services table reads it: where
//! the hour ends (the newest point of any of the service's series, as the
//! metrics view's charts), from when the service has data at all, and the 5xx
//! count of its newest minute.
//!
//! Both sources give one point per minute (period start times): the simulator
//! always, CloudWatch only when there is data. ECS CPU and memory leave a gap
//! while no task runs; ALB counts such as `HTTPCode_Target_5XX_Count` are
//! reported only when nonzero, so a minute without a 5xx point is a minute
//! without errors.

use chrono::Duration;

use crate::model::{MetricSeries, Time};

/// The hour a service's trends cover.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct MetricHour {
    /// The newest point of any of the service's series: the hour's right edge.
    pub(crate) end: Time,
    /// The oldest point of any of the service's series: before it nothing
    /// is known, not even that there were no errors.
    pub(crate) data_from: Time,
}

impl MetricHour {
    /// The length of the window.
    pub(crate) const LENGTH: Duration = Duration::hours(1);

    /// The hour of a service's `series`; `None` when none has a point.
    pub(crate) fn of(series: &[MetricSeries]) -> Option<Self> {
        let mut ends = series
            .iter()
            .filter_map(|s| Some((s.points.first()?.0, s.points.last()?.0)));
        let first = ends.next()?;
        let (data_from, end) = ends.fold(first, |(from, end), (a, b)| (from.min(a), end.max(b)));
        Some(Self { end, data_from })
    }

    /// The hour's left edge (excluded: the window is `(start, end]`).
    pub(crate) fn start(&self) -> Time {
        self.end - Self::LENGTH
    }

    /// A count metric's value in the hour's newest minute: its point there,
    /// else 0 (CloudWatch leaves zero counts out).
    pub(crate) fn count_at_end(&self, series: &MetricSeries) -> f64 {
        series
            .points
            .last()
            .filter(|(at, _)| *at > self.end - Duration::minutes(1))
            .map_or(0.0, |(_, v)| *v)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fixtures::t0;
    use crate::model::MetricKind;

    fn series(kind: MetricKind, minutes_ago: &[i64]) -> MetricSeries {
        MetricSeries {
            service: "api".into(),
            kind,
            points: minutes_ago
                .iter()
                .map(|m| (t0() - Duration::minutes(*m), 1.0 + *m as f64))
                .collect(),
        }
    }

    #[test]
    fn the_hour_ends_at_the_newest_point_of_any_series_and_starts_at_the_oldest() {
        let all = [
            series(MetricKind::Cpu, &[50, 3]),
            series(MetricKind::Errors5xx, &[]),
            series(MetricKind::Memory, &[20, 1]),
        ];
        let hour = MetricHour::of(&all).expect("points");
        assert_eq!(hour.end, t0() - Duration::minutes(1));
        assert_eq!(hour.data_from, t0() - Duration::minutes(50));
        assert_eq!(hour.start(), t0() - Duration::minutes(61));
        assert_eq!(MetricHour::of(&all[1..2]), None);
        assert_eq!(MetricHour::of(&[]), None);
    }

    #[test]
    fn a_count_without_a_point_in_the_newest_minute_is_zero() {
        let cpu = series(MetricKind::Cpu, &[10, 0]);
        let hour = MetricHour::of(std::slice::from_ref(&cpu)).expect("points");
        let recent = series(MetricKind::Errors5xx, &[5, 0]);
        assert_eq!(hour.count_at_end(&recent), 1.0);
        let stale = series(MetricKind::Errors5xx, &[5, 1]);
        assert_eq!(hour.count_at_end(&stale), 0.0, "the 1-minute-old 2 is over");
        assert_eq!(hour.count_at_end(&series(MetricKind::Errors5xx, &[])), 0.0);
    }
}
