//! The scheduling of fetches ([`Fetch`] lives in [`crate::fetch`]): per resource kind, at most one fetch in
//! flight, a newer request replaces a queued one, refresh on an interval
//! (counted from when the last fetch of the kind ended) with exponential
//! backoff after failures. All time arithmetic saturates: any interval, however
//! large, is safe.

use std::collections::HashMap;
use std::time::{Duration, Instant};

pub use crate::fetch::{Fetch, FetchKind};

#[derive(Debug, Default)]
struct Slot {
    in_flight: Option<Fetch>,
    queued: Option<Fetch>,
    last_finished: Option<Instant>,
    last_request: Option<Fetch>,
    failures: u32,
}

/// Decides when to start fetches. Pure bookkeeping: the caller starts what it returns.
#[derive(Debug)]
pub(crate) struct Scheduler {
    slots: HashMap<FetchKind, Slot>,
    interval: Duration,
    max_backoff: Duration,
}

impl Scheduler {
    /// A scheduler refreshing every `interval`.
    pub(crate) fn new(interval: Duration) -> Self {
        Self {
            slots: HashMap::new(),
            interval,
            max_backoff: Duration::from_secs(60),
        }
    }

    /// The delay before the next refresh of a kind after `failures` consecutive failures.
    pub(crate) fn delay_after(&self, failures: u32) -> Duration {
        let factor = 1u32 << failures.min(6);
        self.interval
            .saturating_mul(factor)
            .min(self.max_backoff.max(self.interval))
    }

    /// Offers a wanted fetch at `now`. Returns it if it should start now.
    ///
    /// A different request than the last one starts at once (or is queued behind
    /// the one in flight, replacing any queued request); the same request starts
    /// again once its refresh delay has passed since the last fetch of the kind
    /// ended. Never two of a kind at once, even when forced.
    pub(crate) fn offer(&mut self, fetch: Fetch, now: Instant, force: bool) -> Option<Fetch> {
        let start = self.would_start(&fetch, now, force);
        let slot = self.slots.entry(fetch.kind()).or_default();
        if let Some(running) = &slot.in_flight {
            let changed = slot.last_request.as_ref() != Some(&fetch) && fetch.restarts_on_change();
            if changed && running != &fetch {
                slot.queued = Some(fetch);
            }
            return None;
        }
        if !start {
            return None;
        }
        slot.in_flight = Some(fetch.clone());
        slot.last_request = Some(fetch.clone());
        Some(fetch)
    }

    /// Whether [`Self::offer`] would start this fetch now (it changes nothing).
    pub(crate) fn would_start(&self, fetch: &Fetch, now: Instant, force: bool) -> bool {
        let Some(slot) = self.slots.get(&fetch.kind()) else {
            return true;
        };
        if slot.in_flight.is_some() {
            return false;
        }
        let changed = slot.last_request.as_ref() != Some(fetch) && fetch.restarts_on_change();
        let delay = self.delay_after(slot.failures);
        let due = slot
            .last_finished
            .is_none_or(|t| now.saturating_duration_since(t) >= delay);
        changed || due || force
    }

    /// Forgets that `fetch` was started (the budget held it back before it ran):
    /// it is offered again like a new request.
    pub(crate) fn abandon(&mut self, fetch: &Fetch) {
        if let Some(slot) = self.slots.get_mut(&fetch.kind())
            && slot.in_flight.as_ref() == Some(fetch)
        {
            slot.in_flight = None;
            slot.last_request = None;
        }
    }

    /// Records that a fetch finished; returns a queued request to start now, if any.
    pub(crate) fn finished(&mut self, fetch: &Fetch, ok: bool, now: Instant) -> Option<Fetch> {
        let slot = self.slots.entry(fetch.kind()).or_default();
        if slot.in_flight.as_ref() == Some(fetch) {
            slot.in_flight = None;
        }
        slot.failures = if ok {
            0
        } else {
            slot.failures.saturating_add(1)
        };
        slot.last_finished = Some(now);
        let next = slot.queued.take()?;
        slot.in_flight = Some(next.clone());
        slot.last_request = Some(next.clone());
        Some(next)
    }

    /// Forgets everything (e.g. after a cluster switch, whose fetches are cancelled).
    pub(crate) fn reset(&mut self) {
        self.slots.clear();
    }

    /// Whether a fetch of this kind is in flight.
    #[cfg(test)]
    pub(crate) fn in_flight(&self, kind: FetchKind) -> bool {
        self.slots.get(&kind).is_some_and(|s| s.in_flight.is_some())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn svc(c: &str) -> Fetch {
        Fetch::Services {
            cluster: c.to_string(),
        }
    }

    #[test]
    fn one_in_flight_per_kind_and_newer_replaces_queued() {
        let t0 = Instant::now();
        let mut s = Scheduler::new(Duration::from_secs(5));
        assert_eq!(s.offer(svc("a"), t0, false), Some(svc("a")));
        assert_eq!(s.offer(svc("a"), t0, false), None, "same request in flight");
        assert_eq!(s.offer(svc("b"), t0, false), None, "queued behind a");
        assert_eq!(
            s.offer(svc("c"), t0, false),
            None,
            "replaces b in the queue"
        );
        assert_eq!(s.finished(&svc("a"), true, t0), Some(svc("c")));
        assert_eq!(s.finished(&svc("c"), true, t0), None);
        assert!(!s.in_flight(FetchKind::Services));
    }

    #[test]
    fn refreshes_on_interval_and_backs_off_after_failures() {
        let t0 = Instant::now();
        let mut s = Scheduler::new(Duration::from_secs(5));
        assert!(s.offer(svc("a"), t0, false).is_some());
        s.finished(&svc("a"), true, t0);
        assert!(
            s.offer(svc("a"), t0 + Duration::from_secs(4), false)
                .is_none()
        );
        assert!(
            s.offer(svc("a"), t0 + Duration::from_secs(5), false)
                .is_some()
        );
        let t1 = t0 + Duration::from_secs(5);
        s.finished(&svc("a"), false, t1);
        s.finished(&svc("a"), false, t1);
        // two failures: 5 s × 4 = 20 s
        assert!(
            s.offer(svc("a"), t1 + Duration::from_secs(19), false)
                .is_none()
        );
        assert!(
            s.offer(svc("a"), t1 + Duration::from_secs(20), false)
                .is_some()
        );
        assert_eq!(s.delay_after(30), Duration::from_secs(60));
    }

    #[test]
    fn the_interval_counts_from_when_the_last_fetch_ended() {
        let t0 = Instant::now();
        let mut s = Scheduler::new(Duration::from_secs(5));
        assert!(s.offer(svc("a"), t0, false).is_some());
        // A slow fetch: it ends 12 s later, past the interval.
        let end = t0 + Duration::from_secs(12);
        assert_eq!(s.offer(svc("a"), end, false), None, "still in flight");
        s.finished(&svc("a"), true, end);
        assert_eq!(
            s.offer(svc("a"), end, false),
            None,
            "not started again the moment it ended"
        );
        assert!(
            s.offer(svc("a"), end + Duration::from_secs(4), false)
                .is_none()
        );
        assert!(
            s.offer(svc("a"), end + Duration::from_secs(5), false)
                .is_some()
        );
    }

    #[test]
    fn a_huge_interval_saturates_instead_of_overflowing() {
        let t0 = Instant::now();
        let mut s = Scheduler::new(Duration::from_secs(i64::MAX as u64));
        for _ in 0..10 {
            s.offer(svc("a"), t0, false);
            s.finished(&svc("a"), false, t0);
        }
        assert_eq!(
            s.delay_after(u32::MAX),
            Duration::from_secs(i64::MAX as u64)
        );
        assert_eq!(s.offer(svc("a"), t0, false), None);
        let s = Scheduler::new(Duration::MAX);
        assert_eq!(s.delay_after(6), Duration::MAX);
    }

    #[test]
    fn force_refreshes_at_once() {
        let t0 = Instant::now();
        let mut s = Scheduler::new(Duration::from_secs(5));
        s.offer(Fetch::Alarms, t0, false);
        s.finished(&Fetch::Alarms, true, t0);
        assert_eq!(s.offer(Fetch::Alarms, t0, true), Some(Fetch::Alarms));
    }

    mod props {
        use super::*;
        use proptest::prelude::*;

        #[derive(Debug, Clone)]
        enum Step {
            Offer { which: u8, force: bool },
            Finish { which: u8, ok: bool },
            Wait(u64),
        }

        fn fetch(which: u8) -> Fetch {
            match which % 4 {
                0 => svc("a"),
                1 => svc("b"),
                2 => Fetch::Alarms,
                _ => Fetch::Clusters,
            }
        }

        fn step() -> impl Strategy<Value = Step> {
            prop_oneof![
                (any::<u8>(), any::<bool>())
                    .prop_map(|(which, force)| Step::Offer { which, force }),
                (any::<u8>(), any::<bool>()).prop_map(|(which, ok)| Step::Finish { which, ok }),
                (0u64..1_000_000).prop_map(Step::Wait),
            ]
        }

        proptest! {
            /// No interval and no sequence of offers, ends and waits panics, and a
            /// kind never has two fetches in flight: what the scheduler starts is
            /// always the one request it records as in flight.
            #[test]
            fn no_input_panics_and_one_in_flight_per_kind(
                secs in any::<u64>(),
                nanos in 0u32..1_000_000_000,
                steps in proptest::collection::vec(step(), 0..64),
            ) {
                let interval = Duration::new(secs, nanos);
                let mut s = Scheduler::new(interval);
                let t0 = Instant::now();
                let mut now = t0;
                let mut running: HashMap<FetchKind, Fetch> = HashMap::new();
                for st in steps {
                    match st {
                        Step::Offer { which, force } => {
                            let f = fetch(which);
                            if let Some(started) = s.offer(f.clone(), now, force) {
                                prop_assert!(
                                    !running.contains_key(&started.kind()),
                                    "two of a kind at once: {started:?}"
                                );
                                running.insert(started.kind(), started);
                            }
                        }
                        Step::Finish { which, ok } => {
                            let kind = fetch(which).kind();
                            if let Some(done) = running.remove(&kind)
                                && let Some(next) = s.finished(&done, ok, now)
                            {
                                prop_assert_eq!(next.kind(), kind);
                                running.insert(kind, next);
                            }
                        }
                        Step::Wait(ms) => {
                            now = now.checked_add(Duration::from_millis(ms)).unwrap_or(now);
                        }
                    }
                    for kind in running.keys() {
                        prop_assert!(s.in_flight(*kind));
                    }
                    prop_assert!(s.delay_after(u32::MAX) >= interval.min(Duration::from_secs(60)));
                }
            }
        }
    }
}
