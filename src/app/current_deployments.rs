//! The current service deployments in the refresh plan and in state: the
//! ARNs DescribeServices names (`currentServiceDeployment`) for the services
//! on screen or followed, described while they run (batches of 20), and how
//! the answers merge. A deployment seen in a terminal status is not asked
//! again: it will not change. Where the API is refused for good (an endpoint
//! or IAM policy without it) it is said once and not planned again.

use std::collections::BTreeSet;

use crate::app::set_status;
use crate::model::{ServiceDeployment, Time};
use crate::poll::Fetch;
use crate::source::{ErrorKind, SourceResult};
use crate::state::{Level, State};

/// DescribeServiceDeployments takes at most 20 ARNs.
pub(crate) const ARNS_PER_DESCRIBE: usize = 20;
/// A running deployment already known is described again this often (its
/// times left are counted on the console's clock in between). A new ARN is
/// described at once.
pub(crate) const RUNNING_PERIOD: chrono::Duration = chrono::Duration::seconds(20);

/// The fetch the plan needs: the current deployments of the services on
/// screen, in context or followed that are not known yet, or still run and
/// were described more than [`RUNNING_PERIOD`] ago (not while AWS
/// throttles). `None` when there is none (no extra call at rest).
pub(crate) fn wanted(state: &State) -> Option<Fetch> {
    if state.service_deployments_unavailable() {
        return None;
    }
    let names = super::plan::visible_names(state);
    let known = state.current_deployments.data.as_ref();
    let due = !state.freshness.throttling(state.now)
        && state
            .current_deployments
            .fetched_at
            .is_none_or(|t| state.now - t >= RUNNING_PERIOD);
    let arns: BTreeSet<String> = state
        .services
        .data
        .iter()
        .flatten()
        .filter(|s| names.contains(&s.name))
        .filter_map(|s| s.current_service_deployment.clone())
        .filter(|arn| match known.and_then(|m| m.get(arn)) {
            None => true,
            Some(d) => due && d.status.is_none_or(|st| !st.is_terminal()),
        })
        .collect();
    (!arns.is_empty()).then(|| Fetch::CurrentServiceDeployments {
        arns: arns.into_iter().collect(),
    })
}

/// Merges an answer; keeps only deployments a loaded service still names.
/// A failure keeps what was known; it is said once (until a fetch succeeds).
pub(crate) fn apply(state: &mut State, result: SourceResult<Vec<ServiceDeployment>>, at: Time) {
    match result {
        Ok(found) => {
            let mut merged = state.current_deployments.data.take().unwrap_or_default();
            merged.extend(found.into_iter().map(|d| (d.arn.clone(), d)));
            let named: BTreeSet<&String> = state
                .services
                .data
                .iter()
                .flatten()
                .filter_map(|s| s.current_service_deployment.as_ref())
                .collect();
            merged.retain(|arn, _| named.contains(arn));
            state.current_deployments.apply(Ok(merged), at);
        }
        Err(e) => {
            if state.current_deployments.last_error.is_none() {
                let (level, text) = match e.kind {
                    ErrorKind::AccessDenied | ErrorKind::Unsupported => (
                        Level::Info,
                        format!(
                            "service deployments unavailable ({e}): rollout progress from the deployments array"
                        ),
                    ),
                    _ => (
                        Level::Error,
                        format!("service deployments not refreshed: {e}"),
                    ),
                };
                set_status(state, level, text);
            }
            state.current_deployments.apply(Err(e), at);
        }
    }
}
