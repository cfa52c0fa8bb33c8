//! CloudWatch alarms and metric points.

use aws_sdk_cloudwatch::types as cw;

use crate::model::{Alarm, AlarmState, Comparison, Statistic, Time};

use super::{opt, opt_time, present, s, time};

/// A CloudWatch metric alarm. A metric-math alarm (`Metrics[]`) has no
/// metric of its own: it takes the dimensions of every metric it combines,
/// and the first one's namespace and name, but no statistic or period (its
/// threshold applies to the expression, not to one metric). An anomaly-band
/// alarm (`ThresholdMetricId`) has no fixed threshold.
pub(crate) fn alarm(a: &cw::MetricAlarm) -> Alarm {
    let single = a.metrics().is_empty();
    let stats: Vec<&cw::Metric> = a
        .metrics()
        .iter()
        .filter_map(|q| q.metric_stat().and_then(|m| m.metric()))
        .collect();
    let mut dimensions: Vec<(String, String)> = a
        .dimensions()
        .iter()
        .chain(stats.iter().flat_map(|m| m.dimensions()))
        .filter_map(|d| Some((opt(d.name())?, s(d.value()))))
        .collect();
    let mut seen = std::collections::HashSet::new();
    dimensions.retain(|d| seen.insert(d.clone()));
    let first = stats.first();
    Alarm {
        name: s(a.alarm_name()),
        arn: s(a.alarm_arn()),
        state: match a.state_value() {
            Some(cw::StateValue::Alarm) => AlarmState::Alarm,
            Some(cw::StateValue::Ok) => AlarmState::Ok,
            _ => AlarmState::InsufficientData,
        },
        reason: s(a.state_reason()),
        updated_at: opt_time(a.state_updated_timestamp()),
        namespace: opt(a.namespace())
            .or_else(|| first.and_then(|m| opt(m.namespace())))
            .unwrap_or_default(),
        metric: opt(a.metric_name())
            .or_else(|| first.and_then(|m| opt(m.metric_name())))
            .unwrap_or_default(),
        dimensions,
        threshold: a
            .threshold()
            .filter(|_| present(a.threshold_metric_id()).is_none()),
        comparison: a
            .comparison_operator()
            .and_then(|c| Comparison::parse(c.as_str())),
        statistic: if single { statistic(a) } else { None },
        period_secs: a
            .period()
            .and_then(|p| u32::try_from(p).ok())
            .filter(|_| single),
    }
}

/// The alarm's statistic: a standard one, else its extended one (`p99`).
fn statistic(a: &cw::MetricAlarm) -> Option<Statistic> {
    a.statistic()
        .and_then(|s| Statistic::parse(s.as_str()))
        .or_else(|| opt(a.extended_statistic()).map(Statistic::Extended))
}

/// A metric result's points, oldest first; a point whose time is out of
/// range is dropped rather than drawn at the epoch.
pub(crate) fn metric_points(r: &cw::MetricDataResult) -> Vec<(Time, f64)> {
    let mut pts: Vec<(Time, f64)> = r
        .timestamps()
        .iter()
        .zip(r.values())
        .filter_map(|(t, v)| Some((time(t)?, *v)))
        .collect();
    pts.sort_by_key(|p| p.0);
    pts
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::MetricKind;

    fn on_requests() -> cw::builders::MetricAlarmBuilder {
        cw::MetricAlarm::builder()
            .alarm_name("api-requests")
            .namespace("AWS/ApplicationELB")
            .metric_name("RequestCount")
    }

    #[test]
    fn threshold_comparison_statistic_and_period_are_mapped() {
        let a = on_requests()
            .statistic(cw::Statistic::Sum)
            .period(300)
            .threshold(50.0)
            .comparison_operator(cw::ComparisonOperator::GreaterThanOrEqualToThreshold)
            .build();
        let m = alarm(&a);
        assert_eq!(m.threshold, Some(50.0));
        assert_eq!(m.comparison, Some(Comparison::GreaterThanOrEqual));
        assert_eq!(m.statistic, Some(Statistic::Sum));
        assert_eq!(m.period_secs, Some(300));
        assert_eq!(m.threshold_on_chart(MetricKind::Requests), Some(10.0));
    }

    #[test]
    fn an_extended_statistic_is_kept_as_spelled() {
        let a = on_requests()
            .metric_name("TargetResponseTime")
            .extended_statistic("p99")
            .period(60)
            .threshold(0.5)
            .comparison_operator(cw::ComparisonOperator::LessThanThreshold)
            .build();
        let m = alarm(&a);
        assert_eq!(m.statistic, Some(Statistic::Extended("p99".into())));
        assert_eq!(m.comparison, Some(Comparison::LessThan));
        assert_eq!(m.threshold_on_chart(MetricKind::ResponseTime), Some(0.5));
    }

    #[test]
    fn an_anomaly_band_alarm_has_no_fixed_threshold() {
        let a = on_requests()
            .metrics(
                cw::MetricDataQuery::builder()
                    .id("band")
                    .expression("ANOMALY_DETECTION_BAND(m1, 2)")
                    .build(),
            )
            .threshold_metric_id("band")
            .threshold(0.0)
            .comparison_operator(cw::ComparisonOperator::LessThanLowerOrGreaterThanUpperThreshold)
            .build();
        let m = alarm(&a);
        assert_eq!(m.threshold, None);
        assert_eq!(m.comparison, Some(Comparison::Band));
        assert_eq!(m.threshold_on_chart(MetricKind::Requests), None);
    }

    #[test]
    fn a_period_out_of_range_or_an_unknown_operator_is_unknown() {
        let a = on_requests()
            .statistic(cw::Statistic::Sum)
            .period(-60)
            .threshold(5.0)
            .comparison_operator(cw::ComparisonOperator::from("Sideways"))
            .build();
        let m = alarm(&a);
        assert_eq!((m.period_secs, m.comparison), (None, None));
        assert_eq!(m.threshold_on_chart(MetricKind::Requests), None);
    }
}
