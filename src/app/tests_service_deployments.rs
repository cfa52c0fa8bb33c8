//! The service-deployment history in the plan, in state and on the keys: the
//! fetch only for the service on screen, the revisions once, the fallback to
//! the deployments array said once and not asked again.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::plan::wanted_fetches;
use super::update::update;
use crate::event::{Data, Event, Payload};
use crate::fixtures::{checkout_history, loaded_state, with_service_deployments};
use crate::poll::{Fetch, FetchKind};
use crate::source::{ErrorKind, SourceError};
use crate::state::{State, View};

fn answer(s: &mut State, fetch: Fetch, payload: Payload) {
    update(
        s,
        Event::Data(Data {
            fetch,
            at: s.now,
            payload,
        }),
    );
}

fn key(s: &mut State, code: KeyCode) {
    update(s, Event::Key(KeyEvent::new(code, KeyModifiers::NONE)));
}

fn history_fetch() -> Fetch {
    Fetch::ServiceDeployments {
        cluster: "prod".into(),
        service: "checkout".into(),
        finished: Vec::new(),
    }
}

/// A history as the fetch returns it: every deployment listed and described.
fn listed(all: Vec<crate::model::ServiceDeployment>) -> crate::fetch::History {
    crate::fetch::History {
        listed: all.iter().map(|d| d.arn.clone()).collect(),
        described: all,
    }
}

fn wanted_kinds(s: &State) -> Vec<FetchKind> {
    wanted_fetches(s).iter().map(Fetch::kind).collect()
}

/// The deployments view of checkout (from its detail, as `o` opens it).
fn on_deployments(mut s: State) -> State {
    s.stack.push(crate::state::Screen::new(
        View::ServiceDetail,
        Some("checkout".into()),
    ));
    key(&mut s, KeyCode::Char('o'));
    assert_eq!(s.screen().view, View::Deployments);
    s
}

#[test]
fn the_history_is_fetched_only_for_the_service_on_the_deployments_view() {
    let s = loaded_state();
    assert!(!wanted_kinds(&s).contains(&FetchKind::ServiceDeployments));
    let s = on_deployments(s);
    let wanted = wanted_fetches(&s);
    let history: Vec<_> = wanted
        .iter()
        .filter(|f| f.kind() == FetchKind::ServiceDeployments)
        .collect();
    assert_eq!(
        history,
        [&history_fetch()],
        "one service, never the cluster"
    );
    // Nothing to describe before the history names revisions.
    assert!(!wanted_kinds(&s).contains(&FetchKind::ServiceRevisions));
}

#[test]
fn named_revisions_are_fetched_once_and_absent_ones_not_again() {
    let mut s = on_deployments(loaded_state());
    let (history, revisions) = checkout_history();
    answer(
        &mut s,
        history_fetch(),
        Payload::ServiceDeployments(Ok(listed(history))),
    );
    let asked = wanted_fetches(&s)
        .into_iter()
        .find(|f| f.kind() == FetchKind::ServiceRevisions);
    let Some(Fetch::ServiceRevisions { arns }) = asked.clone() else {
        panic!("the revisions are wanted: {asked:?}");
    };
    assert_eq!(arns.len(), 3, "three distinct revisions: {arns:?}");
    // The source returns two of the three: the third is not asked again.
    let two: Vec<_> = revisions.into_iter().skip(1).collect();
    answer(
        &mut s,
        Fetch::ServiceRevisions { arns },
        Payload::ServiceRevisions(Ok(two)),
    );
    assert!(!wanted_kinds(&s).contains(&FetchKind::ServiceRevisions));
    // The history itself keeps refreshing.
    assert!(wanted_kinds(&s).contains(&FetchKind::ServiceDeployments));
}

#[test]
fn an_endpoint_without_the_apis_falls_back_once_and_is_not_asked_again() {
    for kind in [ErrorKind::Unsupported, ErrorKind::AccessDenied] {
        let mut s = on_deployments(loaded_state());
        let err = SourceError::new(kind, "ecs:ListServiceDeployments", "not here");
        answer(
            &mut s,
            history_fetch(),
            Payload::ServiceDeployments(Err(err.clone())),
        );
        assert!(
            !wanted_kinds(&s).contains(&FetchKind::ServiceDeployments),
            "{kind:?}: not asked again"
        );
        assert_eq!(
            crate::ui::chrome::current_source_error(&s),
            None,
            "{kind:?}: no error banner"
        );
        // Rows are the deployments array's (checkout has two).
        assert_eq!(s.row_count(), 2);
        // Another service, another cluster: still not asked.
        crate::app::navigation::switch_cluster(&mut s, "staging".into());
        assert_eq!(s.service_deployments.unavailable, Some(err));
    }
}

#[test]
fn a_transient_error_keeps_the_history_and_is_shown() {
    let mut s = on_deployments(with_service_deployments(loaded_state()));
    assert_eq!(s.row_count(), 3);
    let err = SourceError::new(
        ErrorKind::Throttled,
        "ecs:ListServiceDeployments",
        "Rate exceeded",
    );
    answer(
        &mut s,
        history_fetch(),
        Payload::ServiceDeployments(Err(err.clone())),
    );
    assert_eq!(s.row_count(), 3, "the last history stays");
    assert_eq!(crate::ui::chrome::current_source_error(&s), Some(&err));
    assert!(wanted_kinds(&s).contains(&FetchKind::ServiceDeployments));
}

#[test]
fn enter_opens_the_selected_deployment_and_esc_goes_back() {
    let mut s = on_deployments(with_service_deployments(loaded_state()));
    key(&mut s, KeyCode::Down);
    key(&mut s, KeyCode::Enter);
    assert_eq!(s.screen().view, View::ServiceDeployment);
    let shown = s
        .shown_service_deployment()
        .map(|d| d.short_id().to_string());
    assert_eq!(shown.as_deref(), Some("7bLinear"));
    // The detail keeps the history refreshed.
    assert!(wanted_kinds(&s).contains(&FetchKind::ServiceDeployments));
    key(&mut s, KeyCode::Esc);
    assert_eq!(s.screen().view, View::Deployments);
}

#[test]
fn enter_on_the_deployments_array_says_there_is_no_detail() {
    let mut s = on_deployments(loaded_state());
    key(&mut s, KeyCode::Enter);
    assert_eq!(s.screen().view, View::Deployments);
    let said = s
        .status
        .as_ref()
        .map(|m| m.text.clone())
        .unwrap_or_default();
    assert!(said.contains("no service deployment selected"), "{said}");
}

#[test]
fn the_budget_is_charged_to_ecs_reads_by_the_history_size() {
    let s = with_service_deployments(loaded_state());
    let (family, calls) = super::pacer::expected_calls(&history_fetch(), &s);
    assert_eq!(family, crate::budget::Family::EcsReads);
    assert_eq!(calls, 2, "one list page and one describe of 3");
    // Once held, the finished ones (2 of the 3) are listed, not described.
    let s = on_deployments(s);
    let Some(fetch) = wanted_fetches(&s)
        .into_iter()
        .find(|f| f.kind() == FetchKind::ServiceDeployments)
    else {
        panic!("the history is wanted");
    };
    let Fetch::ServiceDeployments { finished, .. } = &fetch else {
        unreachable!()
    };
    assert_eq!(finished.len(), 2, "{finished:?}");
    assert!(finished.is_sorted());
    let (_, calls) = super::pacer::expected_calls(&fetch, &s);
    assert_eq!(
        calls, 2,
        "one list page and one describe of the one running"
    );
    let arns = (0..21).map(|i| i.to_string()).collect();
    let (_, calls) = super::pacer::expected_calls(&Fetch::ServiceRevisions { arns }, &s);
    assert_eq!(calls, 2, "21 revisions: batches of 20");
}
