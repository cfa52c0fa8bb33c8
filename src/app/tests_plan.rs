//! The refresh plan and the merge of partial answers.

use super::plan::{SMALL_CLUSTER, SWEEP_MAX, wanted_fetches};
use super::update::update;
use crate::event::{Data, Event, Payload};
use crate::fixtures::{loaded_state, service, t0};
use crate::model::RolloutState;
use crate::poll::{Fetch, FetchKind};
use crate::state::State;

fn names(n: usize) -> Vec<String> {
    (0..n).map(|i| format!("svc-{i:04}")).collect()
}

/// A loaded state on a cluster of `n` steady services.
fn big(n: usize) -> State {
    let mut s = loaded_state();
    let services = names(n)
        .iter()
        .map(|name| service(name, 2, 2, RolloutState::Completed, 1, false))
        .collect();
    answer(
        &mut s,
        Fetch::Services {
            cluster: "prod".into(),
        },
        Payload::Services(Ok(services)),
    );
    s
}

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

fn kinds(s: &State) -> Vec<FetchKind> {
    wanted_fetches(s).iter().map(Fetch::kind).collect()
}

#[test]
fn on_first_load_services_go_first_and_decorations_follow() {
    let mut s = loaded_state();
    s.services = Default::default();
    let first = kinds(&s);
    assert!(first.contains(&FetchKind::Services));
    for k in [
        FetchKind::ClusterTasks,
        FetchKind::TargetGroups,
        FetchKind::Metrics,
    ] {
        assert!(!first.contains(&k), "{k:?} waits for services: {first:?}");
    }
    let s = loaded_state();
    let then = kinds(&s);
    assert!(then.contains(&FetchKind::ClusterTasks) && then.contains(&FetchKind::Metrics));
}

#[test]
fn clusters_are_listed_once_a_cluster_is_chosen() {
    let s = loaded_state();
    assert!(s.clusters.data.is_some());
    assert!(!kinds(&s).contains(&FetchKind::Clusters));
    let mut s = loaded_state();
    s.cluster = None;
    assert!(kinds(&s).contains(&FetchKind::Clusters));
}

#[test]
fn a_small_cluster_is_fetched_whole() {
    let s = big(SMALL_CLUSTER);
    let k = kinds(&s);
    assert!(k.contains(&FetchKind::Services) && k.contains(&FetchKind::ClusterTasks));
    assert!(!k.contains(&FetchKind::VisibleServices));
}

#[test]
fn a_big_cluster_describes_the_screen_and_sweeps_the_rest() {
    let s = big(500);
    let wanted = wanted_fetches(&s);
    assert!(!wanted.iter().any(|f| f.kind() == FetchKind::Services));
    assert!(
        !wanted.iter().any(|f| f.kind() == FetchKind::ClusterTasks),
        "no cluster-wide task list on a big services view"
    );
    let visible = wanted
        .iter()
        .find_map(|f| match f {
            Fetch::VisibleServices { names, .. } => Some(names.clone()),
            _ => None,
        })
        .expect("the visible rows are described");
    let rows = s.body_rows();
    assert!(visible.len() >= rows && visible.len() <= rows + super::plan::MARGIN + 1);
    assert!(visible.contains(&"svc-0000".to_string()));
    assert!(!visible.contains(&"svc-0400".to_string()));
    // Just described: nothing to sweep until a refresh interval has passed.
    assert!(!wanted.iter().any(|f| f.kind() == FetchKind::SweepServices));
    let mut later = s.clone();
    later.now = t0() + chrono::Duration::seconds(10);
    let sweep = wanted_fetches(&later)
        .into_iter()
        .find_map(|f| match f {
            Fetch::SweepServices { names, .. } => Some(names),
            _ => None,
        })
        .expect("a sweep slice");
    assert!(sweep.len() <= SWEEP_MAX);
    assert!(sweep.iter().all(|n| !visible.contains(n)));
}

#[test]
fn a_service_that_matters_is_described_every_refresh_wherever_it_is() {
    let mut s = big(500);
    if let Some(v) = s.services.data.as_mut() {
        v[450].running = 0;
    }
    let visible = wanted_fetches(&s)
        .into_iter()
        .find_map(|f| match f {
            Fetch::VisibleServices { names, .. } => Some(names),
            _ => None,
        })
        .expect("visible");
    assert!(visible.contains(&"svc-0450".to_string()), "short of tasks");
}

#[test]
fn partial_answers_merge_and_gone_services_leave() {
    let mut s = big(30);
    let mut changed = service("svc-0003", 9, 2, RolloutState::InProgress, 2, false);
    changed.desired = 9;
    let asked = vec!["svc-0003".to_string(), "svc-0004".to_string()];
    answer(
        &mut s,
        Fetch::SweepServices {
            cluster: "prod".into(),
            names: asked,
        },
        Payload::Services(Ok(vec![changed])),
    );
    let list = s.services.data.as_ref().expect("data");
    assert_eq!(list.len(), 29, "svc-0004 was not answered: it is gone");
    assert_eq!(s.service("svc-0003").map(|x| x.desired), Some(9));
    assert!(s.service("svc-0004").is_none());
    assert!(
        list.windows(2).all(|w| w[0].name < w[1].name),
        "still sorted"
    );
    // Membership: a listing without svc-0005 drops it; a new name waits for the sweep.
    let mut listed: Vec<String> = names(30);
    listed.retain(|n| n != "svc-0004" && n != "svc-0005");
    listed.push("svc-new".into());
    answer(
        &mut s,
        Fetch::ServiceNames {
            cluster: "prod".into(),
        },
        Payload::ServiceNames(Ok(listed)),
    );
    assert!(s.service("svc-0005").is_none());
    assert_eq!(s.services.data.as_ref().map(Vec::len), Some(28));
    let sweep = wanted_fetches(&s)
        .into_iter()
        .find_map(|f| match f {
            Fetch::SweepServices { names, .. } => Some(names),
            _ => None,
        })
        .expect("the new service is swept first");
    assert_eq!(sweep, vec!["svc-new".to_string()]);
}

#[test]
fn a_failed_partial_answer_keeps_the_data() {
    let mut s = big(30);
    let err = crate::source::SourceError::new(
        crate::source::ErrorKind::Throttled,
        "ecs:DescribeServices",
        "ThrottlingException: Rate exceeded",
    );
    answer(
        &mut s,
        Fetch::VisibleServices {
            cluster: "prod".into(),
            names: names(3),
        },
        Payload::Services(Err(err)),
    );
    assert_eq!(s.services.data.as_ref().map(Vec::len), Some(30));
    assert!(s.services.last_error.is_some());
    assert!(
        s.freshness.throttling(s.now),
        "the header says AWS throttles"
    );
}

fn page(s: &mut State, cluster: &str, range: std::ops::Range<usize>) {
    let services = names(range.end)[range]
        .iter()
        .map(|name| service(name, 2, 2, RolloutState::Completed, 1, false))
        .collect();
    update(
        s,
        Event::ServicesPage {
            cluster: cluster.into(),
            services,
        },
    );
}

#[test]
fn a_cold_start_shows_each_page_and_the_whole_answer_replaces_them() {
    let mut s = loaded_state();
    s.services = Default::default();
    page(&mut s, "prod", 100..200);
    page(&mut s, "prod", 0..100);
    let rows = s.services.data.as_ref().expect("the first pages are shown");
    assert_eq!(rows.len(), 200);
    assert_eq!(rows[0].name, "svc-0000", "sorted by name");
    assert!(s.freshness.paging);
    // Not the whole cluster yet: nothing but the services fetch is planned,
    // and the table is not taken for a small cluster's whole answer.
    let wanted = kinds(&s);
    assert!(wanted.contains(&FetchKind::Services), "{wanted:?}");
    for k in [
        FetchKind::VisibleServices,
        FetchKind::SweepServices,
        FetchKind::ServiceNames,
        FetchKind::ClusterTasks,
        FetchKind::ServiceTasks,
        FetchKind::Metrics,
    ] {
        assert!(
            !wanted.contains(&k),
            "{k:?} waits for the whole table: {wanted:?}"
        );
    }
    // Another cluster's pages are dropped.
    page(&mut s, "staging", 500..600);
    assert_eq!(s.services.data.as_ref().map(Vec::len), Some(200));
    // The whole answer replaces the pages; a late page changes nothing.
    let whole = names(300)
        .iter()
        .map(|name| service(name, 2, 2, RolloutState::Completed, 1, false))
        .collect();
    answer(
        &mut s,
        Fetch::Services {
            cluster: "prod".into(),
        },
        Payload::Services(Ok(whole)),
    );
    assert!(!s.freshness.paging);
    assert_eq!(s.services.data.as_ref().map(Vec::len), Some(300));
    page(&mut s, "prod", 1000..1100);
    assert_eq!(s.services.data.as_ref().map(Vec::len), Some(300));
}

#[test]
fn pages_never_land_on_a_table_already_whole() {
    let mut s = big(50);
    page(&mut s, "prod", 900..950);
    assert_eq!(s.services.data.as_ref().map(Vec::len), Some(50));
    assert!(!s.freshness.paging);
}
