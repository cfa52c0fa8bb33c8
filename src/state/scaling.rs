//! What the views know of a service's autoscaling.

use crate::model::ServiceScaling;
use crate::source::ErrorKind;

use super::State;

/// A service's autoscaling as far as state knows it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum ScalingStatus<'a> {
    /// Not fetched yet, or the fetch failed (access denied, ...).
    Unknown,
    /// The service has no scalable target.
    None,
    /// Application Auto Scaling owns the desired count.
    Scaled(&'a ServiceScaling),
}

impl State {
    /// The autoscaling of `service`.
    pub(crate) fn scaling_of(&self, service: &str) -> ScalingStatus<'_> {
        match self.scaling.data.as_ref().and_then(|m| m.get(service)) {
            Some(Some(s)) => ScalingStatus::Scaled(s),
            Some(None) => ScalingStatus::None,
            None => ScalingStatus::Unknown,
        }
    }

    /// Whether autoscaling reads are refused for good (access denied, or a
    /// source without autoscaling): they are not asked again.
    pub(crate) fn scaling_unavailable(&self) -> bool {
        self.scaling
            .last_error
            .as_ref()
            .is_some_and(|e| matches!(e.kind, ErrorKind::AccessDenied | ErrorKind::Unsupported))
    }
}
