//! Applying fetched data: each answer replaces its resource (or keeps the last
//! good data and records the error); answers for a cluster the user left are dropped.

use crate::app::navigation::switch_cluster;
use crate::app::{Command, clamp_selection};
use crate::event::{Data, Payload};
use crate::poll::Fetch;
use crate::state::{Overlay, State, View};

pub(super) fn on_data(state: &mut State, data: Data) -> Vec<Command> {
    super::refresh::note_throttling(state, &data);
    // The selection follows its row (by id) when the new data moves it.
    let selected = state.selected_row_id();
    let mut commands = apply_data(state, data);
    state.reselect(selected.as_deref());
    commands.extend(super::actions::observe_chaos(state));
    commands
}

fn apply_data(state: &mut State, data: Data) -> Vec<Command> {
    let Data { fetch, at, payload } = data;
    let current = state.cluster.clone();
    let for_current = |c: &String| current.as_ref() == Some(c);
    match (fetch, payload) {
        (_, Payload::Clusters(result)) => {
            state.clusters.apply(
                result.map(|mut v| {
                    v.sort_by(|a, b| a.name.cmp(&b.name));
                    v
                }),
                at,
            );
            if state.cluster.is_none() && state.overlay.is_none() {
                match state.clusters.data.as_deref() {
                    Some([only]) => {
                        let name = only.name.clone();
                        return switch_cluster(state, name);
                    }
                    Some([_, _, ..]) => {
                        state.overlay = Some(Overlay::ClusterPicker { selected: 0 })
                    }
                    _ => {}
                }
            }
        }
        (Fetch::ServiceNames { cluster }, Payload::ServiceNames(result))
            if for_current(&cluster) =>
        {
            super::refresh::apply_names(state, result, at);
            clamp_selection(state);
        }
        (fetch, Payload::Services(result))
            if super::refresh::services_cluster(&fetch).is_some_and(|c| for_current(&c.into())) =>
        {
            super::refresh::apply_services(state, &fetch, result, at);
            super::actions::observe_watches(state);
            if let Some(services) = state.services.data.as_ref() {
                state.timeline.observe_services(services, at);
            }
            clamp_selection(state);
        }
        (Fetch::Tasks { cluster, service }, Payload::Tasks(result)) if for_current(&cluster) => {
            let key = service.unwrap_or_default();
            let sorted = result.map(|mut v| {
                v.sort_by(|a, b| {
                    a.last_status
                        .is_stopping_or_stopped()
                        .cmp(&b.last_status.is_stopping_or_stopped())
                        .then(b.created_at.cmp(&a.created_at))
                        .then(a.id.cmp(&b.id))
                });
                v
            });
            let cluster_wide = key.is_empty();
            state.tasks.entry(key).or_default().apply(sorted, at);
            if cluster_wide {
                state.reindex_tasks();
                if let Some(tasks) = state.tasks.get("").and_then(|r| r.data.as_ref()) {
                    state.timeline.observe_tasks(tasks, at);
                }
            }
            clamp_selection(state);
        }
        (Fetch::Revisions { family }, Payload::Revisions(result)) => {
            state.revisions.entry(family).or_default().apply(result, at);
            super::actions::apply_preselect(state);
            clamp_selection(state);
        }
        (_, Payload::TaskDefs(results)) => {
            for (arn, result) in results {
                match result {
                    Ok(td) => {
                        state.task_def_errors.remove(&arn);
                        state.task_defs.insert(arn, td);
                    }
                    Err(e) => {
                        state.task_def_errors.insert(arn, e);
                    }
                }
            }
            refresh_diffs(state);
            clamp_selection(state);
        }
        (Fetch::TargetGroups { .. }, Payload::TargetGroups(result)) => match result {
            Ok(groups) => {
                let mut merged = state.target_groups.data.take().unwrap_or_default();
                for g in groups {
                    merged.insert(g.arn.clone(), g);
                }
                state.target_groups.apply(Ok(merged), at);
            }
            Err(e) => state.target_groups.apply(Err(e), at),
        },
        (_, Payload::Alarms(result)) => {
            if let Ok(alarms) = &result {
                state.timeline.observe_alarms(alarms, at);
            }
            state.alarms.apply(result, at);
        }
        (Fetch::Metrics { cluster, .. }, Payload::Metrics(result)) if for_current(&cluster) => {
            match result {
                Ok(series) => {
                    let mut merged = state.metrics.data.take().unwrap_or_default();
                    let mut fresh: std::collections::BTreeMap<String, Vec<_>> = Default::default();
                    for s in series {
                        fresh.entry(s.service.clone()).or_default().push(s);
                    }
                    merged.extend(fresh);
                    state.metrics.apply(Ok(merged), at);
                }
                Err(e) => state.metrics.apply(Err(e), at),
            }
        }
        (
            Fetch::Scaling {
                cluster, services, ..
            },
            Payload::Scaling(result),
        ) if for_current(&cluster) => super::scaling::apply(state, &services, result, at),
        (_, Payload::CurrentServiceDeployments(result)) => {
            super::current_deployments::apply(state, result, at);
            super::actions::observe_watches(state);
        }
        (
            Fetch::ServiceDeployments {
                cluster, service, ..
            },
            Payload::ServiceDeployments(result),
        ) if for_current(&cluster) => {
            super::service_deployments::apply_history(state, service, result, at);
            clamp_selection(state);
        }
        (Fetch::ServiceRevisions { arns }, Payload::ServiceRevisions(result)) => {
            super::service_deployments::apply_revisions(state, &arns, result);
        }
        _ => {} // an answer for a cluster we left: drop it
    }
    Vec::new()
}

/// Computes the diff of every diff screen whose two task definitions have
/// arrived, so rendering and scrolling read it from the screen.
pub(super) fn refresh_diffs(state: &mut State) {
    let defs = &state.task_defs;
    for screen in state.stack.iter_mut().filter(|s| s.view == View::Diff) {
        screen.diff_lines = screen
            .diff
            .as_ref()
            .and_then(|(a, b)| Some(crate::diff::diff(defs.get(a)?, defs.get(b)?, screen.reveal)));
    }
}
