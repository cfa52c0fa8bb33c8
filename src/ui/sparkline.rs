//! Inline trends: the last hour of a metric series as a few characters of
//! `▁▂▃▄▅▆▇█`, pure and cheap (no allocation but the returned text).
//!
//! - The hour `(end - 1 h, end]` is cut into `cells` equal time slots and each
//!   point goes to the slot its timestamp falls in, so a missing minute leaves
//!   its slot blank and a series that starts late does not stretch.
//! - One value per slot: the mean for percentages (CPU, memory), the maximum
//!   for counts (5xx), so a one-minute burst of errors is not averaged away.
//! - Percentages are drawn on a fixed 0–100 scale (a flat 3 % stays at the
//!   bottom instead of filling the cell); counts on 0–the hour's maximum,
//!   at least [`COUNT_SCALE_FLOOR`] (so a steady trickle of 2 errors a
//!   minute is a low line, not a wall of full bars, and a burst stands out),
//!   where 0 is the lowest bar `▁` and any nonzero count at least `▂`, so an
//!   error always stands out from the zero line and an hour without errors
//!   is a flat `▁▁▁▁`.
//! - A slot without points is a space — except for counts after the
//!   service's data begins: CloudWatch reports ALB counts only when nonzero,
//!   so there a missing minute means 0.

use crate::model::{MetricKind, Time};
use crate::state::metric_hour::MetricHour;

/// The bars, lowest first.
pub(crate) const BARS: [char; 8] = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];
/// The most cells a trend draws (more are clamped).
pub(crate) const MAX_CELLS: usize = 12;
/// The lowest top of a count's scale (per minute): counts below it never
/// fill the cell.
pub(crate) const COUNT_SCALE_FLOOR: f64 = 10.0;

/// A drawn trend.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Trend {
    /// `cells` characters: bars, and spaces for slots without data.
    pub(crate) text: String,
    /// The largest point in the hour (not its slot's mean: a spike the
    /// bars average away still counts), `None` without points.
    pub(crate) peak: Option<f64>,
}

/// How a kind's slots are reduced, scaled and filled.
fn is_count(kind: MetricKind) -> bool {
    matches!(kind, MetricKind::Errors5xx | MetricKind::Requests)
}

/// The trend of `points` (oldest first) over `hour` in `cells` characters
/// (at most [`MAX_CELLS`]).
pub(crate) fn trend(
    points: &[(Time, f64)],
    hour: &MetricHour,
    cells: usize,
    kind: MetricKind,
) -> Trend {
    let cells = cells.min(MAX_CELLS);
    let mut sums = [0.0_f64; MAX_CELLS];
    let mut counts = [0_u32; MAX_CELLS];
    let start = hour.start();
    let span = MetricHour::LENGTH.num_milliseconds();
    let from = points.partition_point(|(at, _)| *at <= start);
    let count = is_count(kind);
    let mut peak: Option<f64> = None;
    for (at, v) in points[from..].iter().take_while(|(at, _)| *at <= hour.end) {
        if !v.is_finite() || cells == 0 {
            continue;
        }
        // A point at the slot boundary belongs to the earlier slot: slot i
        // is (start + i·w, start + (i+1)·w].
        let offset = (*at - start).num_milliseconds();
        let slot = ((offset * cells as i64 - 1) / span) as usize;
        let Some(n) = counts.get_mut(slot) else {
            continue;
        };
        *n += 1;
        peak = Some(peak.map_or(*v, |p| p.max(*v)));
        sums[slot] = if count {
            if *n == 1 { *v } else { sums[slot].max(*v) }
        } else {
            sums[slot] + v
        };
    }
    let mut values = [None; MAX_CELLS];
    for slot in 0..cells {
        values[slot] = match counts[slot] {
            0 if count && slot_end(hour, slot, cells) >= hour.data_from => Some(0.0),
            0 => None,
            _ if count => Some(sums[slot]),
            n => Some(sums[slot] / f64::from(n)),
        };
    }
    let top = if count {
        peak.unwrap_or(0.0).max(COUNT_SCALE_FLOOR)
    } else {
        100.0
    };
    let mut text = String::with_capacity(cells * 3);
    for v in &values[..cells] {
        text.push(v.map_or(' ', |v| bar(v, top, count)));
    }
    Trend { text, peak }
}

/// The right edge of slot `slot` of `cells`.
fn slot_end(hour: &MetricHour, slot: usize, cells: usize) -> Time {
    let span = MetricHour::LENGTH.num_milliseconds();
    hour.start() + chrono::Duration::milliseconds(span * (slot as i64 + 1) / cells as i64)
}

/// The bar of `v` on `0..=top`: the bar whose height (k/8 of the cell) is
/// nearest, `▁` at the bottom; a nonzero count at least `▂`.
fn bar(v: f64, top: f64, count: bool) -> char {
    let eighths = if top > 0.0 {
        (v.clamp(0.0, top) / top * 8.0).round() as usize
    } else {
        0
    };
    let level = eighths.saturating_sub(1);
    let level = if count && v > 0.0 {
        level.max(1)
    } else {
        level
    };
    BARS[level.min(BARS.len() - 1)]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fixtures::t0;
    use chrono::Duration;

    /// The hour ending at t0, with data from an hour before.
    fn hour() -> MetricHour {
        MetricHour {
            end: t0(),
            data_from: t0() - Duration::minutes(59),
        }
    }

    /// One point a minute for the last hour, valued `f(minutes ago)`.
    fn minutely(f: impl Fn(i64) -> f64) -> Vec<(Time, f64)> {
        (0..60)
            .rev()
            .map(|m| (t0() - Duration::minutes(m), f(m)))
            .collect()
    }

    #[test]
    fn percentages_rise_on_a_fixed_scale_one_slot_per_quarter_hour() {
        // 0–14 min ago 100 %, 15–29 50 %, 30–44 25 %, 45–59 0 %.
        let points = minutely(|m| [100.0, 50.0, 25.0, 0.0][(m / 15) as usize]);
        let t = trend(&points, &hour(), 4, MetricKind::Cpu);
        assert_eq!(t.text, "▁▂▄█");
        assert_eq!(t.peak, Some(100.0));
    }

    #[test]
    fn a_flat_low_percentage_stays_at_the_bottom() {
        let t = trend(&minutely(|_| 3.0), &hour(), 6, MetricKind::Memory);
        assert_eq!(t.text, "▁▁▁▁▁▁");
        let t = trend(&minutely(|_| 71.0), &hour(), 2, MetricKind::Memory);
        assert_eq!(t.text, "▆▆");
    }

    #[test]
    fn percentages_are_averaged_per_slot() {
        // In each quarter hour: 14 minutes at 0 % and one at 100 %.
        let points = minutely(|m| if m % 15 == 0 { 100.0 } else { 0.0 });
        assert_eq!(trend(&points, &hour(), 4, MetricKind::Cpu).text, "▁▁▁▁");
        assert_eq!(
            trend(&points, &hour(), 4, MetricKind::Errors5xx).text,
            "████",
            "counts take the slot's maximum"
        );
    }

    #[test]
    fn a_steady_trickle_of_errors_is_a_low_line_and_a_burst_stands_above_it() {
        // 2 errors every minute: low bars, not a wall of full ones.
        let trickle = trend(&minutely(|_| 2.0), &hour(), 4, MetricKind::Errors5xx);
        assert_eq!(trickle.text, "▂▂▂▂");
        // The same trickle with a burst of 40 in the last quarter hour.
        let burst = minutely(|m| if m == 3 { 40.0 } else { 2.0 });
        assert_eq!(
            trend(&burst, &hour(), 4, MetricKind::Errors5xx).text,
            "▂▂▂█"
        );
        // At the floor itself the scale is the floor: 10 fills the cell.
        let at_floor = minutely(|_| COUNT_SCALE_FLOOR);
        assert_eq!(
            trend(&at_floor, &hour(), 2, MetricKind::Errors5xx).text,
            "██"
        );
    }

    #[test]
    fn slots_are_cut_by_time_so_gaps_are_blank_and_a_late_start_does_not_stretch() {
        // Data only in the last 20 minutes, with minutes 5–9 ago missing.
        let points: Vec<_> = minutely(|_| 50.0)
            .into_iter()
            .filter(|(at, _)| {
                let ago = (t0() - *at).num_minutes();
                ago < 20 && !(5..10).contains(&ago)
            })
            .collect();
        let t = trend(&points, &hour(), 12, MetricKind::Cpu);
        assert_eq!(t.text, "        ▄▄ ▄");
        assert_eq!(t.text.chars().count(), 12);
    }

    #[test]
    fn points_outside_the_hour_are_left_out() {
        let mut points = vec![(t0() - Duration::minutes(61), 100.0)];
        points.push((t0() - Duration::minutes(60), 100.0));
        points.push((t0() - Duration::minutes(1), 0.0));
        points.push((t0() + Duration::minutes(1), 100.0));
        let t = trend(&points, &hour(), 4, MetricKind::Cpu);
        assert_eq!(t.text, "   ▁", "the hour is (end - 1 h, end]");
        assert_eq!(t.peak, Some(0.0));
    }

    #[test]
    fn counts_scale_to_the_hours_maximum_and_any_error_shows() {
        let points = minutely(|m| match m {
            0..=14 => 1.0,
            15..=29 => 400.0,
            _ => 0.0,
        });
        let t = trend(&points, &hour(), 4, MetricKind::Errors5xx);
        assert_eq!(t.text, "▁▁█▂", "1 of 400 is still above the zero line");
        assert_eq!(t.peak, Some(400.0));
    }

    #[test]
    fn an_hour_without_errors_is_flat_at_the_bottom() {
        let t = trend(&minutely(|_| 0.0), &hour(), 4, MetricKind::Errors5xx);
        assert_eq!(t.text, "▁▁▁▁");
        assert_eq!(t.peak, Some(0.0));
    }

    #[test]
    fn missing_counts_are_zero_after_the_data_begins_and_blank_before() {
        // CloudWatch sent one 5xx point (80, 2 minutes ago); the service has
        // data for the last 30 minutes only.
        let hour = MetricHour {
            end: t0(),
            data_from: t0() - Duration::minutes(30),
        };
        let points = [(t0() - Duration::minutes(2), 80.0)];
        let t = trend(&points, &hour, 4, MetricKind::Errors5xx);
        assert_eq!(t.text, " ▁▁█");
        assert_eq!(
            trend(&points, &hour, 4, MetricKind::Cpu).text,
            "   ▆",
            "a missing percentage is not zero"
        );
    }

    #[test]
    fn no_points_no_cells_and_nan_are_blank() {
        let t = trend(&[], &hour(), 4, MetricKind::Cpu);
        assert_eq!((t.text.as_str(), t.peak), ("    ", None));
        assert_eq!(
            trend(&minutely(|_| 50.0), &hour(), 0, MetricKind::Cpu).text,
            ""
        );
        let t = trend(&minutely(|_| f64::NAN), &hour(), 3, MetricKind::Cpu);
        assert_eq!((t.text.as_str(), t.peak), ("   ", None));
        assert_eq!(
            trend(&minutely(|_| 50.0), &hour(), 40, MetricKind::Cpu)
                .text
                .chars()
                .count(),
            MAX_CELLS
        );
    }
}
