//! The refresh plan: what the current view needs fetched now, in priority order.
//!
//! Visible first. A small cluster (two DescribeServices batches or fewer) is
//! listed and described whole every refresh. On a bigger one each refresh
//! describes what the user sees (the rows on screen plus a margin, the service
//! in context) and what matters now (deployments in progress, services short
//! of tasks or alarming, services a rollout watch or a chaos stopwatch
//! follows); the rest of the cluster is swept in slices, oldest first, so the
//! whole of it is described about once a sweep period (slower on very big
//! clusters: at most a set number of services a refresh; both are `[budget]
//! sweep` in the config, [`SWEEP_PERIOD`] and [`SWEEP_MAX`] by default), and
//! the membership (ListServices) is listed once a sweep period. Decorations (tasks, target
//! health, metrics) wait until services are in, and cover only what is shown
//! or followed; on a big cluster's services view the row decorations are
//! refreshed once a [`DECORATION_PERIOD`], and at once for rows that lack them.

use std::collections::BTreeSet;

use crate::model::{AlarmState, RolloutState, Service};
use crate::poll::Fetch;
use crate::state::{Overlay, State, View};

/// Clusters up to this many services (two DescribeServices calls) are refreshed
/// whole every refresh.
pub const SMALL_CLUSTER: usize = 20;
/// Rows described beyond the ones on screen, for a scroll of a few lines.
pub(crate) const MARGIN: usize = 5;
/// By default the whole cluster is swept (and its membership listed) about this often.
pub const SWEEP_PERIOD: chrono::Duration =
    chrono::Duration::seconds(crate::budget::Sweep::DEFAULT_PERIOD_SECS as i64);
/// By default the most services the sweep describes in one refresh (two DescribeServices calls).
pub const SWEEP_MAX: usize = crate::budget::Sweep::DEFAULT_MAX_PER_REFRESH;
/// Row decorations of a big cluster's services view are refreshed this often.
pub(crate) const DECORATION_PERIOD: chrono::Duration = chrono::Duration::seconds(60);

/// What the current view needs fetched, in priority order.
pub fn wanted_fetches(state: &State) -> Vec<Fetch> {
    let mut wanted = Vec::new();
    // The fleet's views are refreshed by the fleet's own poller (`app::fleet`).
    if matches!(state.screen().view, View::Fleet | View::Promotion) {
        return wanted;
    }
    let picking = matches!(state.overlay, Some(Overlay::ClusterPicker { .. }));
    // The cluster list is fetched until it arrives, and while the picker is open.
    if state.cluster.is_none() || state.clusters.data.is_none() || picking {
        wanted.push(Fetch::Clusters);
    }
    if wants_alarms(state) {
        wanted.push(Fetch::Alarms);
    }
    let Some(cluster) = state.cluster.clone() else {
        return wanted;
    };
    wanted.extend(service_fetches(state, &cluster));
    // What only decorates the table follows once the table is in.
    if state.services.data.is_none() || state.freshness.paging {
        return wanted;
    }
    decorations(state, cluster, &mut wanted);
    wanted
}

/// Whether the cluster is refreshed whole every refresh.
pub(crate) fn is_small(state: &State) -> bool {
    state.freshness.paging
        || state
            .services
            .data
            .as_ref()
            .is_none_or(|v| v.len() <= SMALL_CLUSTER)
}

fn older_than(state: &State, at: Option<crate::model::Time>, period: chrono::Duration) -> bool {
    at.is_none_or(|t| state.now - t >= period)
}

fn wants_alarms(state: &State) -> bool {
    is_small(state)
        || state.screen().view == View::Alarms
        || older_than(state, state.alarms.fetched_at, DECORATION_PERIOD)
        || state.alarms.last_error.is_some()
}

fn service_fetches(state: &State, cluster: &str) -> Vec<Fetch> {
    let cluster = cluster.to_string();
    if is_small(state) {
        return vec![Fetch::Services { cluster }];
    }
    let mut out = Vec::new();
    let fresh = &state.freshness;
    if older_than(state, fresh.listed_at, fresh.sweep.period()) {
        out.push(Fetch::ServiceNames {
            cluster: cluster.clone(),
        });
    }
    let visible = visible_names(state);
    if !visible.is_empty() {
        out.push(Fetch::VisibleServices {
            cluster: cluster.clone(),
            names: visible.iter().cloned().collect(),
        });
    }
    let slice = sweep_slice(state, &visible);
    if !slice.is_empty() {
        out.push(Fetch::SweepServices {
            cluster,
            names: slice,
        });
    }
    out
}

/// The services on screen (plus the margin), in context, or that matter now.
pub(crate) fn visible_names(state: &State) -> BTreeSet<String> {
    let mut names = BTreeSet::new();
    let screen = state.screen();
    if screen.view.lists_services() {
        let rows = state.body_rows().saturating_add(MARGIN);
        let start = screen.nav.offset.saturating_sub(MARGIN / 2);
        names.extend(
            state
                .filtered_services(&screen.nav)
                .into_iter()
                .skip(start)
                .take(rows)
                .map(|s| s.name.clone()),
        );
    }
    if let Some(s) = state.context_service() {
        names.insert(s.name.clone());
    }
    for w in state.watches.iter().filter(|w| w.outcome.is_none()) {
        names.insert(w.service.clone());
    }
    for run in state.chaos.iter().filter(|r| !r.timeline.is_complete()) {
        names.insert(run.timeline.service.clone());
    }
    let alarming: Vec<_> = state
        .alarms
        .data
        .iter()
        .flatten()
        .filter(|a| a.state == AlarmState::Alarm)
        .collect();
    for s in state.services.data.iter().flatten() {
        if matters_now(s)
            || alarming
                .iter()
                .any(|a| a.matches_service(s, state.service_target_groups(s)))
        {
            names.insert(s.name.clone());
        }
    }
    names
}

/// A deployment in progress, or fewer tasks running than desired.
fn matters_now(s: &Service) -> bool {
    s.running < s.desired
        || s.deployments.len() > 1
        || s.deployments
            .iter()
            .any(|d| d.rollout_state == RolloutState::InProgress)
}

/// The next slice of the background sweep: services listed but never
/// described first, then the longest undescribed, skipping the visible ones.
pub(crate) fn sweep_slice(state: &State, visible: &BTreeSet<String>) -> Vec<String> {
    let fresh = &state.freshness;
    let known: Vec<&str> = match &fresh.listed {
        Some(listed) => listed.iter().map(String::as_str).collect(),
        None => state
            .services
            .data
            .iter()
            .flatten()
            .map(|s| s.name.as_str())
            .collect(),
    };
    let per_refresh = slice_size(known.len(), fresh.interval, &fresh.sweep);
    let mut candidates: Vec<(Option<crate::model::Time>, &str)> = known
        .into_iter()
        .filter(|n| !visible.contains(*n))
        .map(|n| (fresh.described_at.get(n).copied(), n))
        .filter(|(at, _)| older_than(state, *at, stale_after(fresh.interval)))
        .collect();
    // `None` (never described) sorts first, then the oldest.
    candidates.sort();
    let mut slice: Vec<String> = candidates
        .into_iter()
        .take(per_refresh)
        .map(|(_, n)| n.to_string())
        .collect();
    slice.sort();
    slice
}

/// Services a refresh sweeps so the whole cluster takes about a sweep period,
/// at most the sweep's cap.
fn slice_size(total: usize, interval: std::time::Duration, sweep: &crate::budget::Sweep) -> usize {
    let period = sweep.period().num_milliseconds().unsigned_abs().max(1);
    let interval = u64::try_from(interval.as_millis()).unwrap_or(u64::MAX);
    let refreshes = (period / interval.max(1)).max(1);
    let total = u64::try_from(total).unwrap_or(u64::MAX);
    usize::try_from(total.div_ceil(refreshes))
        .unwrap_or(usize::MAX)
        .min(sweep.max_per_refresh)
}

/// A swept service is described again once it is older than a refresh interval.
fn stale_after(interval: std::time::Duration) -> chrono::Duration {
    chrono::Duration::from_std(interval).unwrap_or(SWEEP_PERIOD)
}

fn decorations(state: &State, cluster: String, wanted: &mut Vec<Fetch>) {
    let screen = state.screen();
    let service = screen.service.clone();
    let small = is_small(state);
    let services_view = screen.view.lists_services();
    // A running chaos stopwatch needs its service's tasks and targets whatever the view.
    for run in state.chaos.iter().filter(|r| !r.timeline.is_complete()) {
        let name = run.timeline.service.clone();
        let covered = (services_view && small)
            || (screen.service.as_deref() == Some(name.as_str())
                && matches!(
                    screen.view,
                    View::ServiceDetail | View::Tasks | View::TargetGroups | View::Presenter
                ));
        if !covered {
            wanted.push(Fetch::Tasks {
                cluster: cluster.clone(),
                service: Some(name.clone()),
            });
        }
        if let Some(svc) = state.service(&name) {
            let mut arns: Vec<String> = svc
                .load_balancers
                .iter()
                .map(|l| l.target_group_arn.clone())
                .collect();
            arns.sort();
            if !arns.is_empty() && !services_view {
                wanted.push(Fetch::TargetGroups { arns });
            }
        }
    }
    let task_scope = match screen.view {
        // The cluster-wide task list of a big cluster costs a call per 100
        // tasks: its services view shows the counts DescribeServices gives.
        View::Services | View::Dashboard if small => Some(None),
        // The dashboard's tasks pane: the selected service's tasks.
        View::Dashboard => state.context_service().map(|s| Some(s.name.clone())),
        View::Tasks => Some(service.clone()),
        View::ServiceDetail | View::TargetGroups => Some(service.clone()),
        View::Presenter if service.is_some() => Some(service.clone()),
        _ => None,
    };
    if let Some(scope) = task_scope {
        wanted.push(Fetch::Tasks {
            cluster: cluster.clone(),
            service: scope,
        });
    }
    let visible = state.visible_services();
    // On a big cluster's services view the rows' decorations are slow, except
    // for rows that have none yet.
    let slow = services_view && !small;
    let mut arns: Vec<String> = visible
        .iter()
        .flat_map(|s| {
            s.load_balancers
                .iter()
                .map(|lb| lb.target_group_arn.clone())
        })
        .collect();
    arns.sort();
    arns.dedup();
    let targets_due = !slow
        || older_than(state, state.target_groups.fetched_at, DECORATION_PERIOD)
        || arns.iter().any(|a| {
            !state
                .target_groups
                .data
                .as_ref()
                .is_some_and(|g| g.contains_key(a))
        });
    if !arns.is_empty() && targets_due {
        wanted.push(Fetch::TargetGroups { arns });
    }
    let mut names: Vec<String> = visible.iter().map(|s| s.name.clone()).collect();
    names.sort();
    let metrics_due = !slow
        || older_than(state, state.metrics.fetched_at, DECORATION_PERIOD)
        || names.iter().any(|n| {
            !state
                .metrics
                .data
                .as_ref()
                .is_some_and(|m| m.contains_key(n))
        });
    if !names.is_empty()
        && metrics_due
        && matches!(
            screen.view,
            View::Services | View::Dashboard | View::ServiceDetail | View::Metrics
        )
    {
        wanted.push(Fetch::Metrics {
            cluster,
            services: names,
        });
    }
    wanted.extend(super::scaling::wanted(state));
    wanted.extend(super::current_deployments::wanted(state));
    wanted.extend(super::service_deployments::wanted(state));
    if matches!(screen.view, View::Revisions | View::Diff)
        && let Some(family) = service.as_deref().and_then(|s| state.family_of(s))
    {
        wanted.push(Fetch::Revisions { family });
    }
    let mut defs: Vec<String> = Vec::new();
    if let Some((a, b)) = &screen.diff {
        defs.push(a.clone());
        defs.push(b.clone());
    }
    if screen.view == View::Revisions
        && let Some(s) = service.as_deref()
    {
        let revs = state.filtered_revisions(s, &screen.nav);
        let window = revs.iter().skip(screen.nav.offset).take(state.body_rows());
        defs.extend(window.map(|a| (*a).clone()));
    }
    defs.retain(|a| !state.task_defs.contains_key(a) && !state.task_def_errors.contains_key(a));
    defs.dedup();
    if !defs.is_empty() {
        defs.sort();
        wanted.push(Fetch::TaskDefs { arns: defs });
    }
}
