//! Bounded fan-out: run many independent calls with at most `limit` in flight.

use futures::{StreamExt, TryStreamExt, stream};
use std::future::Future;

use crate::source::SourceError;

/// Default number of calls in flight for one fetch.
pub const DEFAULT_FANOUT: usize = 8;

/// Runs `f` over `items` with at most `limit` futures in flight, keeping the
/// order of `items` in the result and failing on the first error.
pub(crate) async fn fan_out<I, T, F, Fut>(
    items: I,
    limit: usize,
    f: F,
) -> Result<Vec<T>, SourceError>
where
    I: IntoIterator,
    F: FnMut(I::Item) -> Fut,
    Fut: Future<Output = Result<T, SourceError>>,
{
    stream::iter(items)
        .map(f)
        .buffered(limit.max(1))
        .try_collect()
        .await
}

/// Splits `items` into owned batches of at most `size`.
pub(crate) fn batches<T: Clone>(items: &[T], size: usize) -> Vec<Vec<T>> {
    items.chunks(size.max(1)).map(<[T]>::to_vec).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;
    use std::sync::atomic::{AtomicUsize, Ordering};

    #[tokio::test]
    async fn never_exceeds_the_cap_and_keeps_order() {
        let in_flight = Arc::new(AtomicUsize::new(0));
        let peak = Arc::new(AtomicUsize::new(0));
        let out = fan_out(0..200u32, 8, |i| {
            let in_flight = in_flight.clone();
            let peak = peak.clone();
            async move {
                let now = in_flight.fetch_add(1, Ordering::SeqCst) + 1;
                peak.fetch_max(now, Ordering::SeqCst);
                tokio::time::sleep(std::time::Duration::from_millis(1)).await;
                in_flight.fetch_sub(1, Ordering::SeqCst);
                Ok::<_, SourceError>(i * 2)
            }
        })
        .await
        .unwrap();
        assert_eq!(out.len(), 200);
        assert_eq!(out[199], 398);
        assert!(peak.load(Ordering::SeqCst) <= 8);
        assert!(peak.load(Ordering::SeqCst) > 1);
    }

    #[test]
    fn batches_split_at_the_size() {
        let v: Vec<u32> = (0..25).collect();
        let b = batches(&v, 10);
        assert_eq!(b.iter().map(Vec::len).collect::<Vec<_>>(), vec![10, 10, 5]);
    }
}
