//! What a metric alarm compares and against what: its comparison, statistic
//! and period, and its threshold in the unit of the chart of its metric.

use serde::{Deserialize, Serialize};

use super::{Alarm, MetricKind};

/// How an alarm compares its statistic with its threshold (CloudWatch's
/// `ComparisonOperator`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Comparison {
    /// `GreaterThanThreshold`.
    GreaterThan,
    /// `GreaterThanOrEqualToThreshold`.
    GreaterThanOrEqual,
    /// `LessThanThreshold`.
    LessThan,
    /// `LessThanOrEqualToThreshold`.
    LessThanOrEqual,
    /// One of the anomaly-detection operators (`LessThanLowerOrGreaterThanUpperThreshold`,
    /// `LessThanLowerThreshold`, `GreaterThanUpperThreshold`): compared with a
    /// band, not a fixed threshold.
    Band,
}

impl Comparison {
    /// The operator of CloudWatch's spelling; `None` for one it does not know.
    pub(crate) fn parse(s: &str) -> Option<Comparison> {
        Some(match s {
            "GreaterThanThreshold" => Comparison::GreaterThan,
            "GreaterThanOrEqualToThreshold" => Comparison::GreaterThanOrEqual,
            "LessThanThreshold" => Comparison::LessThan,
            "LessThanOrEqualToThreshold" => Comparison::LessThanOrEqual,
            "LessThanLowerOrGreaterThanUpperThreshold"
            | "LessThanLowerThreshold"
            | "GreaterThanUpperThreshold" => Comparison::Band,
            _ => return None,
        })
    }

    /// The operator as a symbol (`>`, `≥`, `<`, `≤`); empty for a band.
    pub(crate) fn symbol(self) -> &'static str {
        match self {
            Comparison::GreaterThan => ">",
            Comparison::GreaterThanOrEqual => "≥",
            Comparison::LessThan => "<",
            Comparison::LessThanOrEqual => "≤",
            Comparison::Band => "",
        }
    }
}

/// The statistic an alarm evaluates over each period.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Statistic {
    /// Number of data points.
    SampleCount,
    /// Mean of the data points.
    Average,
    /// Total of the data points.
    Sum,
    /// Lowest data point.
    Minimum,
    /// Highest data point.
    Maximum,
    /// An extended statistic (`p99`, `tm90`, ...), as the source spells it:
    /// untrusted, sanitised before display.
    Extended(String),
}

impl Statistic {
    /// The statistic of CloudWatch's spelling; `None` for one it does not know.
    pub(crate) fn parse(s: &str) -> Option<Statistic> {
        Some(match s {
            "SampleCount" => Statistic::SampleCount,
            "Average" => Statistic::Average,
            "Sum" => Statistic::Sum,
            "Minimum" => Statistic::Minimum,
            "Maximum" => Statistic::Maximum,
            _ => return None,
        })
    }
}

impl Alarm {
    /// The threshold as a value of the chart of `kind`, in the unit of that
    /// chart's series (percent; per minute for requests and 5xx; seconds for
    /// response time). `None` when there is no line to draw: the alarm
    /// watches another metric, has no fixed threshold (anomaly band, metric
    /// math: no single statistic), or its statistic is in another unit than
    /// the chart's (a count's `Sum` over its period is per minute; a count's
    /// `Average`, `Minimum` or `Maximum` is per data point; a `SampleCount`
    /// or a `Sum` of a percentage or of a time is not either).
    pub fn threshold_on_chart(&self, kind: MetricKind) -> Option<f64> {
        if MetricKind::of_metric(&self.metric) != Some(kind) {
            return None;
        }
        let threshold = self.threshold.filter(|t| t.is_finite())?;
        match self.comparison? {
            Comparison::Band => return None,
            Comparison::GreaterThan
            | Comparison::GreaterThanOrEqual
            | Comparison::LessThan
            | Comparison::LessThanOrEqual => {}
        }
        let statistic = self.statistic.as_ref()?;
        match kind {
            MetricKind::Requests | MetricKind::Errors5xx => {
                let period = self.period_secs.filter(|p| *p > 0)?;
                (*statistic == Statistic::Sum).then(|| threshold * 60.0 / f64::from(period))
            }
            MetricKind::Cpu | MetricKind::Memory | MetricKind::ResponseTime => match statistic {
                Statistic::Sum | Statistic::SampleCount => None,
                Statistic::Average
                | Statistic::Minimum
                | Statistic::Maximum
                | Statistic::Extended(_) => Some(threshold),
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::AlarmState;

    fn alarm(metric: &str, statistic: Statistic, period: u32, threshold: f64) -> Alarm {
        Alarm {
            name: "a".into(),
            arn: String::new(),
            state: AlarmState::Ok,
            reason: String::new(),
            updated_at: None,
            namespace: String::new(),
            metric: metric.into(),
            dimensions: vec![],
            threshold: Some(threshold),
            comparison: Some(Comparison::GreaterThan),
            statistic: Some(statistic),
            period_secs: Some(period),
        }
    }

    #[test]
    fn a_count_summed_over_its_period_is_drawn_per_minute() {
        let a = alarm("RequestCount", Statistic::Sum, 300, 50.0);
        assert_eq!(a.threshold_on_chart(MetricKind::Requests), Some(10.0));
        let a = alarm("HTTPCode_Target_5XX_Count", Statistic::Sum, 60, 5.0);
        assert_eq!(a.threshold_on_chart(MetricKind::Errors5xx), Some(5.0));
        let a = alarm("HTTPCode_Target_5XX_Count", Statistic::Sum, 10, 2.0);
        assert_eq!(a.threshold_on_chart(MetricKind::Errors5xx), Some(12.0));
    }

    #[test]
    fn a_count_per_data_point_or_without_period_has_no_line() {
        for s in [
            Statistic::Average,
            Statistic::Maximum,
            Statistic::SampleCount,
        ] {
            let a = alarm("RequestCount", s, 60, 5.0);
            assert_eq!(a.threshold_on_chart(MetricKind::Requests), None);
        }
        let mut a = alarm("RequestCount", Statistic::Sum, 60, 5.0);
        a.period_secs = Some(0);
        assert_eq!(a.threshold_on_chart(MetricKind::Requests), None);
        a.period_secs = None;
        assert_eq!(a.threshold_on_chart(MetricKind::Requests), None);
    }

    #[test]
    fn percentages_and_response_times_are_drawn_as_they_are_whatever_the_period() {
        let a = alarm("CPUUtilization", Statistic::Average, 300, 80.0);
        assert_eq!(a.threshold_on_chart(MetricKind::Cpu), Some(80.0));
        let a = alarm("MemoryUtilization", Statistic::Maximum, 60, 85.0);
        assert_eq!(a.threshold_on_chart(MetricKind::Memory), Some(85.0));
        let a = alarm(
            "TargetResponseTime",
            Statistic::Extended("p99".into()),
            60,
            0.5,
        );
        assert_eq!(
            a.threshold_on_chart(MetricKind::ResponseTime),
            Some(0.5),
            "seconds, as the series"
        );
        let a = alarm("CPUUtilization", Statistic::Sum, 60, 80.0);
        assert_eq!(a.threshold_on_chart(MetricKind::Cpu), None, "not a percent");
        let a = alarm("TargetResponseTime", Statistic::SampleCount, 60, 100.0);
        assert_eq!(a.threshold_on_chart(MetricKind::ResponseTime), None);
    }

    #[test]
    fn only_the_chart_of_the_watched_metric_gets_a_line() {
        let a = alarm("MemoryUtilization", Statistic::Average, 60, 85.0);
        assert_eq!(a.threshold_on_chart(MetricKind::Cpu), None);
        let a = alarm("UnHealthyHostCount", Statistic::Average, 60, 0.0);
        assert!(
            MetricKind::ALL
                .iter()
                .all(|k| a.threshold_on_chart(*k).is_none())
        );
    }

    #[test]
    fn no_fixed_threshold_no_single_statistic_no_line() {
        let mut band = alarm("CPUUtilization", Statistic::Average, 60, 80.0);
        band.comparison = Some(Comparison::Band);
        assert_eq!(band.threshold_on_chart(MetricKind::Cpu), None);
        let mut math = alarm("CPUUtilization", Statistic::Average, 60, 80.0);
        math.statistic = None;
        assert_eq!(math.threshold_on_chart(MetricKind::Cpu), None);
        let mut none = alarm("CPUUtilization", Statistic::Average, 60, 80.0);
        none.threshold = None;
        assert_eq!(none.threshold_on_chart(MetricKind::Cpu), None);
        let mut nan = alarm("CPUUtilization", Statistic::Average, 60, 80.0);
        nan.threshold = Some(f64::NAN);
        assert_eq!(nan.threshold_on_chart(MetricKind::Cpu), None);
        let mut unknown = alarm("CPUUtilization", Statistic::Average, 60, 80.0);
        unknown.comparison = None;
        assert_eq!(unknown.threshold_on_chart(MetricKind::Cpu), None);
    }

    #[test]
    fn comparisons_and_statistics_parse_from_cloudwatch_spelling() {
        assert_eq!(
            Comparison::parse("GreaterThanOrEqualToThreshold"),
            Some(Comparison::GreaterThanOrEqual)
        );
        assert_eq!(
            Comparison::parse("LessThanThreshold"),
            Some(Comparison::LessThan)
        );
        assert_eq!(
            Comparison::parse("GreaterThanUpperThreshold"),
            Some(Comparison::Band)
        );
        assert_eq!(Comparison::parse("Sideways"), None);
        assert_eq!(Statistic::parse("Sum"), Some(Statistic::Sum));
        assert_eq!(Statistic::parse("p99"), None, "extended: mapped apart");
    }
}
