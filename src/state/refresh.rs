//! How fresh the services of the current cluster are: when each was last
//! described and when the cluster's membership was last listed. The planner
//! (`app::plan`) reads it to describe what is on screen first and sweep the
//! rest; `update` writes it as answers arrive.

use std::collections::{BTreeMap, VecDeque};
use std::time::Duration;

use crate::model::Time;

/// Per-service freshness and the refresh pace.
#[derive(Debug, Clone, PartialEq)]
pub struct Freshness {
    /// When each service was last described (source clock).
    pub described_at: BTreeMap<String, Time>,
    /// The names ListServices last returned; `None` until the first listing.
    pub(crate) listed: Option<Vec<String>>,
    /// When the membership was last listed.
    pub(crate) listed_at: Option<Time>,
    /// The refresh interval the runtime schedules with.
    pub interval: Duration,
    /// How fast a big cluster's services off screen are swept (`[budget] sweep`).
    pub sweep: crate::budget::Sweep,
    /// The services table holds the first pages of a whole-cluster fetch that
    /// is still running (or failed before its end): not yet the whole cluster.
    pub paging: bool,
    /// When AWS last answered a read with a throttling error.
    pub(crate) throttled_at: Option<Time>,
    /// Calls per operation over the last minute.
    pub rates: CallRates,
    /// The API budget and its use, as the runtime last reported it.
    pub(crate) budget: Vec<crate::budget::FamilyUse>,
}

impl Default for Freshness {
    fn default() -> Self {
        Self {
            described_at: BTreeMap::new(),
            listed: None,
            listed_at: None,
            interval: Duration::from_secs(5),
            sweep: crate::budget::Sweep::default(),
            paging: false,
            throttled_at: None,
            rates: CallRates::default(),
            budget: Vec::new(),
        }
    }
}

impl Freshness {
    /// Forgets the cluster's bookkeeping (after a cluster switch); keeps the pace.
    pub(crate) fn clear(&mut self) {
        *self = Self {
            interval: self.interval,
            sweep: self.sweep,
            throttled_at: self.throttled_at,
            rates: std::mem::take(&mut self.rates),
            budget: std::mem::take(&mut self.budget),
            ..Self::default()
        };
    }

    /// Age of one service's data in whole seconds at `now`, if it was ever described.
    pub fn age_secs(&self, service: &str, now: Time) -> Option<i64> {
        self.described_at
            .get(service)
            .map(|t| (now - *t).num_seconds().max(0))
    }
}

/// How long AWS counts as throttling after its last throttling answer.
pub(crate) const THROTTLE_NOTE: chrono::Duration = chrono::Duration::seconds(30);

impl Freshness {
    /// Whether AWS throttled a read lately.
    pub fn throttling(&self, now: Time) -> bool {
        self.throttled_at.is_some_and(|t| now - t < THROTTLE_NOTE)
    }
}

/// The window [`CallRates`] measures over.
const RATE_WINDOW: chrono::Duration = chrono::Duration::seconds(60);

/// Cumulative call counts sampled on each tick, kept for one minute, so the
/// debug overlay can show calls per minute per operation.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct CallRates {
    samples: VecDeque<(Time, BTreeMap<String, u64>)>,
}

impl CallRates {
    /// Records the counts at `now`, dropping samples older than the window
    /// (one older sample is kept as the window's start).
    pub(crate) fn record(&mut self, now: Time, counts: &BTreeMap<String, u64>) {
        self.samples.push_back((now, counts.clone()));
        while self
            .samples
            .get(1)
            .is_some_and(|(t, _)| now - *t >= RATE_WINDOW)
        {
            self.samples.pop_front();
        }
    }

    /// Calls per operation between the oldest kept sample and the newest, and
    /// the seconds that spans (at most about a minute).
    pub(crate) fn per_window(&self) -> (BTreeMap<String, u64>, i64) {
        let (Some((t0, first)), Some((t1, last))) = (self.samples.front(), self.samples.back())
        else {
            return (BTreeMap::new(), 0);
        };
        let mut out = BTreeMap::new();
        for (op, n) in last {
            let d = n.saturating_sub(first.get(op).copied().unwrap_or(0));
            if d > 0 {
                out.insert(op.clone(), d);
            }
        }
        (out, (*t1 - *t0).num_seconds().max(0))
    }

    /// Samples kept (bounded by the window).
    pub fn len(&self) -> usize {
        self.samples.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn counts(n: u64) -> BTreeMap<String, u64> {
        BTreeMap::from([("ecs:DescribeServices".to_string(), n)])
    }

    #[test]
    fn rates_cover_the_last_minute_and_stay_bounded() {
        let t0 = crate::source::sim::clock::manual_epoch();
        let mut r = CallRates::default();
        for s in 0..300 {
            r.record(t0 + chrono::Duration::seconds(s), &counts(2 * s as u64));
        }
        let (per, span) = r.per_window();
        assert_eq!(span, 60);
        assert_eq!(per.get("ecs:DescribeServices"), Some(&120));
        assert!(r.len() <= 61, "{}", r.len());
    }

    #[test]
    fn throttling_is_noted_for_a_while() {
        let t0 = crate::source::sim::clock::manual_epoch();
        let f = Freshness {
            throttled_at: Some(t0),
            ..Freshness::default()
        };
        assert!(f.throttling(t0 + chrono::Duration::seconds(29)));
        assert!(!f.throttling(t0 + chrono::Duration::seconds(30)));
        assert!(!Freshness::default().throttling(t0));
    }
}
