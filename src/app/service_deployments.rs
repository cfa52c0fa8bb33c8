//! The service-deployment history in the refresh plan and in state: the
//! fetches of the deployments view (the history of the service on screen and
//! the revisions it names, never the whole cluster), how their answers land,
//! and the fallback to the `deployments` array when the source does not answer.

use std::collections::{BTreeSet, HashMap};

use crate::app::set_status;
use crate::fetch::History;
use crate::model::{ServiceDeployment, ServiceRevision, Time};
use crate::poll::Fetch;
use crate::source::SourceResult;
use crate::state::service_deployments::is_permanent;
use crate::state::{Level, Screen, State, View};

/// ListServiceDeployments returns up to 100 a page.
const LIST_PAGE: usize = 100;
/// DescribeServiceDeployments and DescribeServiceRevisions take up to 20 ARNs.
pub(crate) const DESCRIBE_MAX: usize = 20;

/// The fetches of the deployments view and the service-deployment detail:
/// the history of their service (refreshed with the normal interval) and the
/// revisions it names that are not known yet (fetched once). None once the
/// source is known not to answer these APIs.
pub(crate) fn wanted(state: &State) -> Vec<Fetch> {
    let screen = state.screen();
    let (Some(cluster), Some(service)) = (state.cluster.clone(), screen.service.clone()) else {
        return Vec::new();
    };
    if !matches!(screen.view, View::Deployments | View::ServiceDeployment)
        || state.service_deployments.unavailable.is_some()
    {
        return Vec::new();
    }
    let missing = state.missing_service_revisions(&service);
    let finished = finished_of(state, &service)
        .map(|d| d.arn.clone())
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    let mut out = vec![Fetch::ServiceDeployments {
        cluster,
        service,
        finished,
    }];
    if !missing.is_empty() {
        out.push(Fetch::ServiceRevisions { arns: missing });
    }
    out
}

/// The deployments of `service`'s history held that are finished: immutable,
/// so listed again but never described again.
fn finished_of<'a>(state: &'a State, service: &str) -> impl Iterator<Item = &'a ServiceDeployment> {
    state
        .service_deployments
        .by_service
        .get(service)
        .and_then(|r| r.data.as_ref())
        .into_iter()
        .flatten()
        .filter(|d| d.status.is_some_and(|s| s.is_terminal()))
}

/// The calls a fetch of this module is expected to make.
pub(crate) fn expected_calls(fetch: &Fetch, state: &State) -> u32 {
    let n = |x: usize, per: usize| u32::try_from(x.div_ceil(per).max(1)).unwrap_or(u32::MAX);
    match fetch {
        Fetch::ServiceDeployments {
            service, finished, ..
        } => {
            let known = state
                .service_deployments
                .by_service
                .get(service)
                .and_then(|r| r.data.as_ref())
                .map_or(0, Vec::len);
            // The list pages, then the describes of all but the finished
            // (none when nothing else is known).
            let fresh = known.saturating_sub(finished.len());
            let describes = if fresh == 0 {
                0
            } else {
                n(fresh, DESCRIBE_MAX)
            };
            n(known, LIST_PAGE).saturating_add(describes)
        }
        Fetch::ServiceRevisions { arns } => n(arns.len(), DESCRIBE_MAX),
        _ => 1,
    }
}

/// A history arrived. A source that does not answer (unsupported, access
/// denied) is noted once for the session and not asked again; its error is
/// the view's one line, not a banner. Other errors keep the last history.
pub(crate) fn apply_history(
    state: &mut State,
    service: String,
    result: SourceResult<History>,
    at: Time,
) {
    let result = result.map(|page| merge(state, &service, page));
    let h = &mut state.service_deployments;
    match result {
        Err(e) if is_permanent(&e) => {
            tracing::info!(error = %e, "service deployments not available: showing the deployments array");
            h.by_service.remove(&service);
            h.unavailable = Some(e);
        }
        result => h.by_service.entry(service).or_default().apply(result, at),
    }
}

/// The history as listed: each deployment as described now, or as held
/// (a finished one, not described again); newest first.
fn merge(state: &State, service: &str, page: History) -> Vec<ServiceDeployment> {
    let mut fresh: HashMap<String, ServiceDeployment> = page
        .described
        .into_iter()
        .map(|d| (d.arn.clone(), d))
        .collect();
    let held: HashMap<&str, &ServiceDeployment> = finished_of(state, service)
        .map(|d| (d.arn.as_str(), d))
        .collect();
    let mut all: Vec<ServiceDeployment> = page
        .listed
        .iter()
        .filter_map(|arn| {
            fresh
                .remove(arn)
                .or_else(|| held.get(arn.as_str()).map(|d| (*d).clone()))
        })
        .collect();
    crate::model::sort_newest_first(&mut all);
    all
}

/// Revisions arrived: kept for good (they are immutable); the ones asked for
/// that did not come back are not asked again.
pub(crate) fn apply_revisions(
    state: &mut State,
    asked: &[String],
    result: SourceResult<Vec<ServiceRevision>>,
) {
    let h = &mut state.service_deployments;
    match result {
        Ok(found) => {
            let got: BTreeSet<String> = found.iter().map(|r| r.arn.clone()).collect();
            h.absent
                .extend(asked.iter().filter(|a| !got.contains(*a)).cloned());
            h.revisions
                .extend(found.into_iter().map(|r| (r.arn.clone(), r)));
        }
        Err(e) if is_permanent(&e) => h.revisions_unavailable = Some(e),
        // Throttled, network...: asked again on the next refresh.
        Err(e) => tracing::debug!(error = %e, "service revisions not loaded"),
    }
}

/// Enter on the deployments view: the selected service deployment in detail.
pub(super) fn open_selected(state: &mut State) {
    let screen = state.screen();
    let Some(service) = screen.service.clone() else {
        return;
    };
    let arn = state
        .filtered_service_deployments(&service, &screen.nav)
        .get(screen.nav.selected)
        .map(|d| d.arn.clone());
    match arn {
        Some(arn) => {
            let mut detail = Screen::new(View::ServiceDeployment, Some(service));
            detail.deployment = Some(arn);
            state.stack.push(detail);
        }
        None => set_status(
            state,
            Level::Info,
            "the deployments array has no detail: no service deployment selected".into(),
        ),
    }
}
