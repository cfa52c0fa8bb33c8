//! Autoscaling in the refresh plan and in state: which services' scalable
//! targets to fetch (those on screen, batched), and how answers merge.

use std::collections::BTreeMap;

use crate::app::set_status;
use crate::model::{ServiceScaling, Time};
use crate::poll::Fetch;
use crate::source::{SourceError, SourceResult};
use crate::state::{Level, State, View};

/// DescribeScalableTargets takes at most 50 resource ids.
const TARGETS_PER_CALL: usize = 50;

/// The autoscaling fetch the current view needs: the targets of the visible
/// rows (services list, `:scaling`), with policies and activities of the
/// selected row (`:scaling`) or of the service in the detail view. None once
/// autoscaling reads are refused for good.
pub(crate) fn wanted(state: &State) -> Option<Fetch> {
    let cluster = state.cluster.clone()?;
    if state.scaling_unavailable() {
        return None;
    }
    let screen = state.screen();
    let visible = || -> Vec<String> {
        state
            .visible_services()
            .iter()
            .map(|s| s.name.clone())
            .collect()
    };
    let (mut services, detailed): (Vec<String>, Vec<String>) = match (screen.view, &screen.service)
    {
        (View::Services | View::Dashboard, _) => {
            let rows = visible();
            // The list's marks are decorations: while AWS throttles they
            // wait; on a big cluster they are slow, as target health and
            // metrics: once a minute, and at once for rows not known yet.
            if state.freshness.throttling(state.now) {
                return None;
            }
            let known = |n: &String| {
                state
                    .scaling
                    .data
                    .as_ref()
                    .is_some_and(|m| m.contains_key(n))
            };
            let due = super::plan::is_small(state)
                || state
                    .scaling
                    .fetched_at
                    .is_none_or(|t| state.now - t >= super::plan::DECORATION_PERIOD)
                || !rows.iter().all(known);
            if !due {
                return None;
            }
            (rows, Vec::new())
        }
        (View::Scaling, _) => {
            let selected = state
                .scaling_rows(&screen.nav)
                .get(screen.nav.selected)
                .map(|s| s.name.clone());
            let mut rows = visible();
            rows.extend(selected.clone().filter(|s| !rows.contains(s)));
            (rows, selected.into_iter().collect())
        }
        (View::ServiceDetail, Some(name)) => (vec![name.clone()], vec![name.clone()]),
        _ => return None,
    };
    if services.is_empty() {
        return None;
    }
    services.sort();
    Some(Fetch::Scaling {
        cluster,
        services,
        detailed,
    })
}

/// Expected calls: a DescribeScalableTargets per 50 services (one more for
/// the detailed ones), and a DescribeScalingPolicies and a
/// DescribeScalingActivities per detailed service that may be autoscaled.
pub fn expected_calls(state: &State, services: &[String], detailed: &[String]) -> u32 {
    let brief = services.len().saturating_sub(detailed.len());
    let targets = brief.div_ceil(TARGETS_PER_CALL) + detailed.len().div_ceil(TARGETS_PER_CALL);
    let scaled = detailed
        .iter()
        .filter(|s| !matches!(state.scaling_of(s), crate::state::ScalingStatus::None))
        .count();
    u32::try_from(targets.max(1) + 2 * scaled).unwrap_or(u32::MAX)
}

/// Merges an answer: every asked service is now known to be autoscaled or
/// not. A failure keeps what was known and is shown once (until a fetch
/// succeeds again); the services list then shows autoscaling as unknown for
/// services never fetched.
pub(crate) fn apply(
    state: &mut State,
    asked: &[String],
    result: SourceResult<Vec<ServiceScaling>>,
    at: Time,
) {
    match result {
        Ok(found) => {
            let mut merged = state.scaling.data.take().unwrap_or_default();
            let mut by_name: BTreeMap<String, ServiceScaling> =
                found.into_iter().map(|s| (s.service.clone(), s)).collect();
            for name in asked {
                let fresh = by_name.remove(name).map(|mut s| {
                    // A brief answer keeps the policies and activities of a
                    // detailed one.
                    if let (false, Some(Some(old))) = (s.detailed, merged.get(name))
                        && old.detailed
                    {
                        s.policies = old.policies.clone();
                        s.activities = old.activities.clone();
                        s.activities_error = old.activities_error.clone();
                        s.detailed = true;
                    }
                    s
                });
                merged.insert(name.clone(), fresh);
            }
            state.scaling.apply(Ok(merged), at);
        }
        Err(e) => {
            if state.scaling.last_error.is_none() {
                set_status(state, Level::Error, unknown_message(&e));
            }
            state.scaling.apply(Err(e), at);
        }
    }
}

/// The one status line of a failed autoscaling read.
fn unknown_message(e: &SourceError) -> String {
    format!("autoscaling unknown: {e}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{ScalableTarget, SuspendedState};
    use crate::source::ErrorKind;
    use crate::state::ScalingStatus;

    fn scaled(name: &str, detailed: bool) -> ServiceScaling {
        ServiceScaling {
            service: name.into(),
            target: ScalableTarget {
                resource_id: format!("service/prod/{name}"),
                min: 2,
                max: 6,
                suspended: SuspendedState::default(),
                created_at: None,
            },
            policies: Vec::new(),
            activities: if detailed {
                vec![crate::model::ScalingActivity {
                    description: "Setting desired count to 3.".into(),
                    cause: "alarm".into(),
                    status: "Successful".into(),
                    status_message: None,
                    started_at: None,
                    ended_at: None,
                }]
            } else {
                Vec::new()
            },
            activities_error: None,
            detailed,
        }
    }

    #[test]
    fn answers_mark_asked_services_and_keep_detail() {
        let mut state = crate::fixtures::loaded_state();
        let now = state.now;
        let asked = vec!["a".to_string(), "b".to_string()];
        apply(&mut state, &asked, Ok(vec![scaled("a", true)]), now);
        assert!(matches!(state.scaling_of("a"), ScalingStatus::Scaled(_)));
        assert_eq!(state.scaling_of("b"), ScalingStatus::None);
        assert_eq!(state.scaling_of("c"), ScalingStatus::Unknown);
        apply(&mut state, &asked, Ok(vec![scaled("a", false)]), now);
        let ScalingStatus::Scaled(a) = state.scaling_of("a") else {
            panic!("a is autoscaled");
        };
        assert_eq!(a.activities.len(), 1, "a brief answer keeps the activities");
    }

    #[test]
    fn access_denied_is_shown_once_keeps_data_and_stops_the_fetch() {
        let mut state = crate::fixtures::loaded_state();
        let now = state.now;
        let asked = vec!["a".to_string()];
        apply(&mut state, &asked, Ok(vec![scaled("a", false)]), now);
        let denied = SourceError::new(
            ErrorKind::AccessDenied,
            "autoscaling:DescribeScalableTargets",
            "AccessDeniedException: not authorized",
        );
        apply(&mut state, &asked, Err(denied.clone()), now);
        let shown = state.status.clone().map(|s| s.text).unwrap_or_default();
        assert!(shown.starts_with("autoscaling unknown:"), "{shown}");
        assert!(shown.contains("not authorized"), "{shown}");
        state.status = None;
        apply(&mut state, &asked, Err(denied), now);
        assert!(state.status.is_none(), "shown once");
        assert!(matches!(state.scaling_of("a"), ScalingStatus::Scaled(_)));
        assert!(wanted(&state).is_none(), "not asked again");
    }
}
