//! A bounded ring buffer that counts what it evicts.

use std::collections::VecDeque;

/// Default number of entries kept by the log view.
pub const DEFAULT_CAPACITY: usize = 50_000;

/// A bounded FIFO: pushing onto a full ring evicts the oldest entry and counts
/// it as dropped, so memory stays flat however long a tail runs.
#[derive(Debug, Clone)]
pub(crate) struct Ring<T> {
    buf: VecDeque<T>,
    capacity: usize,
    dropped: u64,
}

impl<T> Default for Ring<T> {
    fn default() -> Self {
        Self::new(DEFAULT_CAPACITY)
    }
}

impl<T> Ring<T> {
    /// A ring holding at most `capacity` entries (at least 1).
    pub(crate) fn new(capacity: usize) -> Self {
        let capacity = capacity.max(1);
        Self {
            // Grow on demand: a short tail should not reserve the maximum.
            buf: VecDeque::with_capacity(capacity.min(1024)),
            capacity,
            dropped: 0,
        }
    }

    /// Maximum number of entries.
    pub(crate) fn capacity(&self) -> usize {
        self.capacity
    }

    /// Number of entries held.
    pub(crate) fn len(&self) -> usize {
        self.buf.len()
    }

    /// Whether the ring is empty.
    pub(crate) fn is_empty(&self) -> bool {
        self.buf.is_empty()
    }

    /// Entries evicted so far because the ring was full.
    pub(crate) fn dropped(&self) -> u64 {
        self.dropped
    }

    /// Appends `item`; returns the evicted oldest entry when the ring was
    /// full. (The view inserts by time; tests fill rings with it.)
    #[cfg(test)]
    pub(crate) fn push(&mut self, item: T) -> Option<T> {
        let evicted = self.evict_for_one();
        self.buf.push_back(item);
        evicted
    }

    /// Inserts `item` at `index` (clamped to the length), evicting the oldest
    /// entry first when full. `index` refers to positions before the eviction;
    /// returns the evicted entry and the index the item landed at.
    pub(crate) fn insert(&mut self, index: usize, item: T) -> (Option<T>, usize) {
        let evicted = self.evict_for_one();
        let mut at = index.min(self.buf.len() + usize::from(evicted.is_some()));
        if evicted.is_some() {
            at = at.saturating_sub(1);
        }
        self.buf.insert(at, item);
        (evicted, at)
    }

    fn evict_for_one(&mut self) -> Option<T> {
        if self.buf.len() >= self.capacity {
            self.dropped += 1;
            self.buf.pop_front()
        } else {
            None
        }
    }

    /// The entry at `index` (0 is the oldest).
    pub(crate) fn get(&self, index: usize) -> Option<&T> {
        self.buf.get(index)
    }

    /// Entries oldest first.
    pub(crate) fn iter(&self) -> impl DoubleEndedIterator<Item = &T> + ExactSizeIterator {
        self.buf.iter()
    }

    /// Removes every entry (the dropped counter is kept).
    pub(crate) fn clear(&mut self) {
        self.buf.clear();
    }

    /// Allocated slots (for memory estimates).
    pub(crate) fn allocated_slots(&self) -> usize {
        self.buf.capacity()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bounded_and_counts_drops() {
        let mut r = Ring::new(3);
        for i in 0..10 {
            r.push(i);
        }
        assert_eq!(r.len(), 3);
        assert_eq!(r.dropped(), 7);
        assert_eq!(r.iter().copied().collect::<Vec<_>>(), vec![7, 8, 9]);
    }

    #[test]
    fn memory_stays_flat() {
        let mut r = Ring::new(1000);
        for i in 0..1000 {
            r.push(i);
        }
        let slots = r.allocated_slots();
        for i in 0..100_000 {
            r.push(i);
        }
        assert_eq!(r.allocated_slots(), slots);
        assert_eq!(r.len(), 1000);
        assert_eq!(r.dropped(), 100_000);
    }

    #[test]
    fn insert_when_full_evicts_and_shifts() {
        let mut r = Ring::new(3);
        r.push(10);
        r.push(20);
        r.push(40);
        let (ev, at) = r.insert(2, 30);
        assert_eq!(ev, Some(10));
        assert_eq!(at, 1);
        assert_eq!(r.iter().copied().collect::<Vec<_>>(), vec![20, 30, 40]);
        // Inserting before everything when full: the new item is the oldest.
        let (ev, at) = r.insert(0, 5);
        assert_eq!(ev, Some(20));
        assert_eq!(at, 0);
        assert_eq!(r.iter().copied().collect::<Vec<_>>(), vec![5, 30, 40]);
    }

    #[test]
    fn zero_capacity_is_one() {
        let mut r = Ring::new(0);
        r.push(1);
        r.push(2);
        assert_eq!(r.len(), 1);
        assert_eq!(r.capacity(), 1);
    }
}
