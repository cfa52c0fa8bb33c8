//! Deduplication of log events by CloudWatch event id, with bounded memory.

use std::collections::{HashSet, VecDeque};

use crate::model::Time;

/// Default hard cap on remembered ids.
pub(crate) const DEFAULT_MAX_IDS: usize = 100_000;

/// Remembers the event ids seen inside the polling overlap window.
///
/// Polls overlap in time (so late events are not lost); the same event then
/// comes back in the next poll and must not be shown twice. Ids older than the
/// window are forgotten with [`Dedupe::forget_before`], and a hard cap bounds
/// memory even if timestamps are wild.
#[derive(Debug, Clone)]
pub(crate) struct Dedupe {
    ids: HashSet<Box<str>>,
    order: VecDeque<(Option<Time>, Box<str>)>,
    max_ids: usize,
}

impl Default for Dedupe {
    fn default() -> Self {
        Self::new(DEFAULT_MAX_IDS)
    }
}

impl Dedupe {
    /// A deduper remembering at most `max_ids` ids.
    pub(crate) fn new(max_ids: usize) -> Self {
        Self {
            ids: HashSet::new(),
            order: VecDeque::new(),
            max_ids: max_ids.max(1),
        }
    }

    /// Records `id`; returns `true` when it was not seen before.
    /// An undated id is kept until the cap pushes it out.
    pub(crate) fn insert(&mut self, id: &str, timestamp: Option<Time>) -> bool {
        if self.ids.contains(id) {
            return false;
        }
        let key: Box<str> = id.into();
        self.ids.insert(key.clone());
        self.order.push_back((timestamp, key));
        while self.order.len() > self.max_ids {
            if let Some((_, old)) = self.order.pop_front() {
                self.ids.remove(&old);
            }
        }
        true
    }

    /// Whether `id` is remembered (tests look in).
    #[cfg(test)]
    pub(crate) fn contains(&self, id: &str) -> bool {
        self.ids.contains(id)
    }

    /// Forgets ids of events older than `horizon` (they cannot be fetched
    /// again because the next query starts at or after `horizon`).
    pub(crate) fn forget_before(&mut self, horizon: Time) {
        self.order.retain(|(t, id)| {
            if t.is_some_and(|t| t < horizon) {
                self.ids.remove(id);
                false
            } else {
                true
            }
        });
    }

    /// Number of remembered ids (tests look in).
    #[cfg(test)]
    pub(crate) fn len(&self) -> usize {
        self.ids.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{TimeZone, Utc};

    fn t(s: i64) -> Time {
        Utc.timestamp_opt(1_700_000_000 + s, 0)
            .single()
            .unwrap_or_default()
    }

    #[test]
    fn rejects_repeats_and_forgets_old() {
        let mut d = Dedupe::default();
        assert!(d.insert("a", Some(t(0))));
        assert!(!d.insert("a", Some(t(0))));
        assert!(d.insert("b", Some(t(10))));
        d.forget_before(t(5));
        assert!(!d.contains("a"));
        assert!(d.contains("b"));
        assert_eq!(d.len(), 1);
    }

    #[test]
    fn hard_cap_bounds_memory() {
        let mut d = Dedupe::new(10);
        for i in 0..100 {
            d.insert(&i.to_string(), Some(t(i)));
        }
        assert_eq!(d.len(), 10);
        assert!(d.contains("99"));
        assert!(!d.contains("0"));
    }

    /// An undated id outlives the horizon (its place in time is unknown),
    /// until the cap pushes it out.
    #[test]
    fn undated_ids_are_kept_past_the_horizon() {
        let mut d = Dedupe::new(2);
        assert!(d.insert("undated", None));
        assert!(d.insert("old", Some(t(0))));
        d.forget_before(t(5));
        assert!(d.contains("undated"));
        assert!(!d.contains("old"));
        assert!(!d.insert("undated", None));
        d.insert("x", Some(t(10)));
        d.insert("y", Some(t(11)));
        assert!(!d.contains("undated"), "the cap still bounds memory");
    }
}
