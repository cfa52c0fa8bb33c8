//! CloudWatch alarms and metric points.

use aws_sdk_cloudwatch::types as cw;

use crate::model::{Alarm, AlarmState, Time};

use super::{opt, opt_time, s, time};

/// A CloudWatch metric alarm. A metric-math alarm (`Metrics[]`) has no
/// metric of its own: it takes the dimensions of every metric it combines,
/// and the first one's namespace and name.
pub(crate) fn alarm(a: &cw::MetricAlarm) -> Alarm {
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
    }
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
