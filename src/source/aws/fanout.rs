//! Bounded fan-out: run many independent calls with at most `limit` in flight.

use futures::{StreamExt, TryStreamExt, stream};
use std::future::Future;

use crate::source::SourceError;

pub(crate) use crate::source::DEFAULT_FANOUT;

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

/// Lists pages one after another with `page(token) -> (items, next token)`
/// and describes the items in batches of `batch` as soon as each page
/// arrives, with at most `limit` describe calls in flight: the describes of
/// one page overlap the listing of the next. Keeps the listing order; fails on
/// the first error of either side. Each described batch is also shown to
/// `on_batch` as soon as it (and every batch before it) is in.
pub(crate) async fn list_then_describe<T, P, PFut, D, DFut>(
    mut page: P,
    batch: usize,
    limit: usize,
    describe: D,
    on_batch: &(dyn Fn(&[T]) + Send + Sync),
) -> Result<Vec<T>, SourceError>
where
    P: FnMut(Option<String>) -> PFut,
    PFut: Future<Output = Result<(Vec<String>, Option<String>), SourceError>>,
    D: FnMut(Vec<String>) -> DFut,
    DFut: Future<Output = Result<Vec<T>, SourceError>>,
{
    let (tx, rx) = futures::channel::mpsc::unbounded::<Vec<String>>();
    let lister = async move {
        let mut token = None;
        loop {
            let (items, next) = page(token).await?;
            for b in items.chunks(batch.max(1)) {
                // The receiver lives until both sides finish; a send cannot fail
                // unless the describer already failed, which ends the join.
                let _ = tx.unbounded_send(b.to_vec());
            }
            match next {
                Some(t) if !t.is_empty() => token = Some(t),
                _ => break,
            }
        }
        drop(tx);
        Ok::<(), SourceError>(())
    };
    let describer = rx
        .map(describe)
        .buffered(limit.max(1))
        .inspect_ok(|described| on_batch(described))
        .try_collect::<Vec<Vec<T>>>();
    let ((), described) = futures::try_join!(lister, describer)?;
    Ok(described.into_iter().flatten().collect())
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

    #[tokio::test(start_paused = true)]
    async fn describes_overlap_the_listing_and_keep_order() {
        use std::time::Duration;
        // 5 pages of 100 ids, 10 ms per call: listing alone takes 50 ms; the
        // 50 describe batches at 8 in flight take 7 rounds. Overlapped, the
        // whole fetch ends well before listing + describing (50 + 70 ms).
        let in_flight = Arc::new(AtomicUsize::new(0));
        let peak = Arc::new(AtomicUsize::new(0));
        let started = tokio::time::Instant::now();
        let seen = std::sync::Mutex::new(Vec::new());
        let on_batch = |b: &[String]| {
            seen.lock()
                .unwrap()
                .push((started.elapsed(), b[0].clone(), b.len()));
        };
        let out = list_then_describe(
            |token: Option<String>| async move {
                tokio::time::sleep(Duration::from_millis(10)).await;
                let n: usize = token.map_or(0, |t| t.parse().unwrap());
                let items = (n * 100..(n + 1) * 100).map(|i| i.to_string()).collect();
                let next = (n < 4).then(|| (n + 1).to_string());
                Ok((items, next))
            },
            10,
            8,
            |batch: Vec<String>| {
                let in_flight = in_flight.clone();
                let peak = peak.clone();
                async move {
                    let now = in_flight.fetch_add(1, Ordering::SeqCst) + 1;
                    peak.fetch_max(now, Ordering::SeqCst);
                    tokio::time::sleep(Duration::from_millis(10)).await;
                    in_flight.fetch_sub(1, Ordering::SeqCst);
                    Ok::<_, SourceError>(batch)
                }
            },
            &on_batch,
        )
        .await
        .unwrap();
        let elapsed = started.elapsed();
        assert_eq!(out.len(), 500);
        assert_eq!(out[0], "0");
        assert_eq!(out[499], "499");
        assert!(peak.load(Ordering::SeqCst) <= 8);
        assert!(elapsed < Duration::from_millis(100), "{elapsed:?}");
        // Every batch was handed on, in order, the first one after one list
        // call and one describe call: long before the last page.
        let seen = seen.into_inner().unwrap();
        assert_eq!(seen.len(), 50);
        assert_eq!(seen[0].1, "0");
        assert_eq!(seen[49].1, "490");
        assert!(seen.iter().all(|(_, _, n)| *n == 10));
        assert_eq!(seen[0].0, Duration::from_millis(20), "{:?}", seen[0]);
    }

    #[tokio::test]
    async fn a_failing_page_fails_the_fetch() {
        let err = list_then_describe(
            |token: Option<String>| async move {
                match token {
                    None => Ok((vec!["a".to_string()], Some("next".to_string()))),
                    Some(_) => Err(SourceError::new(
                        crate::source::ErrorKind::Throttled,
                        "ecs:ListServices",
                        "Rate exceeded",
                    )),
                }
            },
            10,
            8,
            |b: Vec<String>| async move { Ok::<_, SourceError>(b) },
            &|_: &[String]| {},
        )
        .await
        .unwrap_err();
        assert_eq!(err.operation, "ecs:ListServices");
    }

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
