//! Counts API calls per operation, for the debug overlay and for tests that
//! assert a refresh costs no more than the floor.

use std::collections::BTreeMap;
use std::sync::Mutex;

/// A thread-safe counter of API calls by operation name (e.g. `ecs:DescribeServices`).
#[derive(Debug, Default)]
pub struct CallCounter {
    counts: Mutex<BTreeMap<String, u64>>,
}

impl CallCounter {
    /// Records one call of `operation`.
    pub(crate) fn record(&self, operation: &str) {
        if let Ok(mut c) = self.counts.lock() {
            *c.entry(operation.to_string()).or_default() += 1;
        }
    }

    /// Calls of one operation so far.
    pub fn get(&self, operation: &str) -> u64 {
        self.counts
            .lock()
            .map(|c| c.get(operation).copied().unwrap_or(0))
            .unwrap_or(0)
    }

    /// A copy of every count, sorted by operation.
    pub fn snapshot(&self) -> BTreeMap<String, u64> {
        self.counts.lock().map(|c| c.clone()).unwrap_or_default()
    }

    /// Total calls.
    pub fn total(&self) -> u64 {
        self.snapshot().values().sum()
    }

    /// Forgets every count.
    pub fn reset(&self) {
        if let Ok(mut c) = self.counts.lock() {
            c.clear();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_by_operation() {
        let c = CallCounter::default();
        c.record("ecs:ListServices");
        c.record("ecs:ListServices");
        c.record("ecs:DescribeServices");
        assert_eq!(c.get("ecs:ListServices"), 2);
        assert_eq!(c.total(), 3);
        c.reset();
        assert_eq!(c.total(), 0);
    }
}
