//! Applying service answers of the visible-first refresh: a full listing
//! replaces the table, a partial describe merges into it, a membership listing
//! drops the services that are gone. Every answer replaces data in place, so a
//! refresh never grows the state.

use std::collections::BTreeSet;

use crate::event::Data;
use crate::model::{Service, Time};
use crate::poll::Fetch;
use crate::source::{ErrorKind, SourceResult};
use crate::state::State;

/// The cluster a services answer belongs to.
pub(crate) fn services_cluster(fetch: &Fetch) -> Option<&str> {
    match fetch {
        Fetch::Services { cluster }
        | Fetch::VisibleServices { cluster, .. }
        | Fetch::SweepServices { cluster, .. } => Some(cluster),
        _ => None,
    }
}

/// Applies DescribeServices answers: all of the cluster, or the names asked for.
pub(crate) fn apply_services(
    state: &mut State,
    fetch: &Fetch,
    result: SourceResult<Vec<Service>>,
    at: Time,
) {
    let mut got = match result {
        Ok(v) => v,
        Err(e) => {
            state.services.apply(Err(e), at);
            return;
        }
    };
    got.sort_by(|a, b| a.name.cmp(&b.name));
    let fresh = &mut state.freshness;
    if matches!(fetch, Fetch::Services { .. }) {
        fresh.paging = false;
    }
    match fetch {
        Fetch::VisibleServices { names, .. } | Fetch::SweepServices { names, .. } => {
            let asked: BTreeSet<&str> = names.iter().map(String::as_str).collect();
            let answered: BTreeSet<&str> = got.iter().map(|s| s.name.as_str()).collect();
            for name in &asked {
                if answered.contains(name) {
                    fresh.described_at.insert((*name).to_string(), at);
                } else {
                    // Asked and not answered: the service is gone.
                    fresh.described_at.remove(*name);
                    if let Some(listed) = fresh.listed.as_mut() {
                        listed.retain(|n| n != name);
                    }
                }
            }
            let mut merged = state.services.data.take().unwrap_or_default();
            merged.retain(|s| !asked.contains(s.name.as_str()));
            merged.append(&mut got);
            merged.sort_by(|a, b| a.name.cmp(&b.name));
            state.services.apply(Ok(merged), at);
        }
        _ => {
            fresh.described_at.clear();
            for s in &got {
                fresh.described_at.insert(s.name.clone(), at);
            }
            fresh.listed = Some(got.iter().map(|s| s.name.clone()).collect());
            fresh.listed_at = Some(at);
            state.services.apply(Ok(got), at);
        }
    }
}

/// Shows one batch of a whole-cluster services fetch still running, while
/// the table has not had its whole answer: the first rows appear a round trip
/// after the first page instead of after the last. The whole answer replaces
/// them ([`apply_services`]).
pub(crate) fn apply_services_page(state: &mut State, cluster: &str, mut page: Vec<Service>) {
    let cold = state.services.data.is_none() || state.freshness.paging;
    if state.cluster.as_deref() != Some(cluster) || !cold || page.is_empty() {
        return;
    }
    let mut rows = state.services.data.take().unwrap_or_default();
    let names: BTreeSet<String> = page.iter().map(|s| s.name.clone()).collect();
    rows.retain(|s| !names.contains(&s.name));
    rows.append(&mut page);
    rows.sort_by(|a, b| a.name.cmp(&b.name));
    state.services.data = Some(rows);
    state.freshness.paging = true;
    super::clamp_selection(state);
}

/// Applies a membership listing: services no longer listed leave the table;
/// new ones are described by the next sweep slice, first.
pub(crate) fn apply_names(state: &mut State, result: SourceResult<Vec<String>>, at: Time) {
    let names = match result {
        Ok(v) => v,
        Err(e) => {
            state.services.apply(Err(e), at);
            return;
        }
    };
    let listed: BTreeSet<&str> = names.iter().map(String::as_str).collect();
    if let Some(data) = state.services.data.as_mut() {
        data.retain(|s| listed.contains(s.name.as_str()));
    }
    let fresh = &mut state.freshness;
    fresh
        .described_at
        .retain(|n, _| listed.contains(n.as_str()));
    fresh.listed = Some(names);
    fresh.listed_at = Some(at);
}

/// Notes when AWS throttles a read, for the header.
pub(crate) fn note_throttling(state: &mut State, data: &Data) {
    if data.error().is_some_and(|e| e.kind == ErrorKind::Throttled) {
        state.freshness.throttled_at = Some(data.at);
    }
}
