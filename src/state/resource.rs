//! A fetched resource: its last good data, when it arrived, and the last error.

use crate::model::Time;
use crate::source::SourceError;

/// Data of one resource kind as the UI sees it. A failed refresh keeps the last
/// good data; the UI shows its age and the error instead of blanking the screen.
#[derive(Debug, Clone, PartialEq)]
pub struct Resource<T> {
    /// The last good data, if any has arrived.
    pub data: Option<T>,
    /// When the last good data arrived (source clock).
    pub fetched_at: Option<Time>,
    /// The error of the most recent fetch, cleared by the next success.
    pub last_error: Option<SourceError>,
    /// Consecutive failed fetches (drives backoff).
    pub(crate) failures: u32,
}

impl<T> Default for Resource<T> {
    fn default() -> Self {
        Self {
            data: None,
            fetched_at: None,
            last_error: None,
            failures: 0,
        }
    }
}

impl<T> Resource<T> {
    /// Applies a fetch result: success replaces the data, failure keeps it.
    pub(crate) fn apply(&mut self, result: Result<T, SourceError>, at: Time) {
        match result {
            Ok(data) => {
                self.data = Some(data);
                self.fetched_at = Some(at);
                self.last_error = None;
                self.failures = 0;
            }
            Err(e) => {
                self.last_error = Some(e);
                self.failures = self.failures.saturating_add(1);
            }
        }
    }

    /// Whether nothing has arrived yet and no error either (still loading).
    #[cfg(test)]
    pub(crate) fn is_loading(&self) -> bool {
        self.data.is_none() && self.last_error.is_none()
    }

    /// Age of the data in whole seconds at `now`.
    pub fn age_secs(&self, now: Time) -> Option<i64> {
        self.fetched_at.map(|t| (now - t).num_seconds().max(0))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::ErrorKind;
    use chrono::TimeZone;

    #[test]
    fn failure_keeps_last_good_data() {
        let t0 = chrono::Utc.with_ymd_and_hms(2026, 1, 1, 0, 0, 0).unwrap();
        let mut r = Resource::default();
        assert!(r.is_loading());
        r.apply(Ok(vec![1, 2]), t0);
        let err = SourceError::new(ErrorKind::Throttled, "ecs:ListServices", "Rate exceeded");
        r.apply(Err(err.clone()), t0 + chrono::Duration::seconds(30));
        assert_eq!(r.data, Some(vec![1, 2]));
        assert_eq!(r.last_error, Some(err));
        assert_eq!(r.failures, 1);
        assert_eq!(r.age_secs(t0 + chrono::Duration::seconds(42)), Some(42));
        r.apply(Ok(vec![3]), t0 + chrono::Duration::seconds(50));
        assert_eq!(r.last_error, None);
        assert_eq!(r.failures, 0);
    }
}
