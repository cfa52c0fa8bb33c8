//! Snapshots of the fleet and promotion views at 80x24 and 120x40, and
//! hostile names from AWS on them.

use super::tests::draw;
use crate::fixtures::loaded_state;
use crate::fleet::data::{EnvImages, FleetData, MemberView};
use crate::fleet::refresh::ImageVersion;
use crate::fleet::summary::{ClusterSummary, ServiceBrief};
use crate::source::{ErrorKind, SourceError};
use crate::state::{Screen, State, View};

fn brief(state: &State, name: &str, revision: u32, hours: i64) -> ServiceBrief {
    ServiceBrief {
        name: name.into(),
        task_definition: format!(
            "arn:aws:ecs:eu-west-1:123456789012:task-definition/{name}:{revision}"
        ),
        since: Some(state.now - chrono::Duration::hours(hours)),
    }
}

fn image(name: &str, tag: &str, digest: &str) -> EnvImages {
    EnvImages {
        images: Some(vec![ImageVersion {
            container: "app".into(),
            image: format!("123456789012.dkr.ecr.eu-west-1.amazonaws.com/{name}:{tag}"),
            digest: Some(format!("sha256:{digest}0000000000")),
        }]),
        error: None,
    }
}

/// Two accounts read, one whose credentials expired.
fn fleet_state(view: View) -> State {
    let mut s = loaded_state();
    let cluster = |name: &str, services, unhealthy, deploying, alarms, briefs| ClusterSummary {
        cluster: String::from(name),
        services,
        unhealthy,
        deploying,
        alarms,
        briefs,
    };
    let prod = cluster(
        "prod",
        6,
        1,
        2,
        1,
        vec![
            brief(&s, "web-api", 13, 50),
            brief(&s, "checkout", 7, 30),
            brief(&s, "worker", 5, 72),
        ],
    );
    let staging = cluster(
        "staging",
        4,
        0,
        1,
        0,
        vec![
            brief(&s, "web-api", 14, 3),
            brief(&s, "checkout", 7, 26),
            brief(&s, "worker", 5, 80),
        ],
    );
    let member = |account: &str, region: &str, clusters, error| MemberView {
        account: String::from(account),
        region: String::from(region),
        clusters,
        error,
        fetched_at: Some(s.now),
    };
    let expired = SourceError::new(
        ErrorKind::Credentials,
        "ecs:ListClusters",
        "ExpiredTokenException: The security token included in the request is expired",
    );
    let mut data = FleetData {
        members: vec![
            member("demo-staging", "eu-west-1", vec![staging], None),
            member("demo-prod", "eu-west-1", vec![prod], None),
            member("ops", "us-east-1", Vec::new(), Some(expired)),
        ],
        images: Default::default(),
        loaded: true,
    };
    let key = |account: &str, cluster: &str, service: &str| {
        (
            account.to_string(),
            "eu-west-1".to_string(),
            cluster.to_string(),
            service.to_string(),
        )
    };
    let images = [
        ("demo-staging", "staging", "web-api", "1.14.0", "b14b14b"),
        ("demo-prod", "prod", "web-api", "1.13.0", "a13a13a"),
        ("demo-staging", "staging", "checkout", "1.7.0", "c7c7c7c"),
        // Same revision, the tag pushed over: only the digest differs.
        ("demo-prod", "prod", "checkout", "1.7.0", "d7d7d7d"),
        ("demo-staging", "staging", "worker", "1.5.0", "e5e5e5e"),
        ("demo-prod", "prod", "worker", "1.5.0", "e5e5e5e"),
    ];
    for (account, cluster, service, tag, digest) in images {
        data.images
            .insert(key(account, cluster, service), image(service, tag, digest));
    }
    s.fleet = data;
    s.stack.push(Screen::new(view, None));
    s
}

#[test]
fn fleet_view_worst_first_with_the_account_in_error() {
    let s = fleet_state(View::Fleet);
    let screen = draw(&s, 120, 40);
    let lines: Vec<&str> = screen.lines().collect();
    let at = |needle: &str| lines.iter().position(|l| l.contains(needle));
    assert!(at("ops/us-east-1") < at("demo-prod/eu-west-1"));
    assert!(at("demo-prod/eu-west-1") < at("demo-staging/eu-west-1"));
    assert!(screen.contains("⚠ credentials expired"), "{screen}");
    insta::assert_snapshot!(screen);
}

#[test]
fn fleet_view_at_80x24() {
    insta::assert_snapshot!(draw(&fleet_state(View::Fleet), 80, 24));
}

#[test]
fn promotion_view_marks_drift_by_revision_and_by_digest() {
    let s = fleet_state(View::Promotion);
    let screen = draw(&s, 120, 40);
    assert!(screen.contains("≠ web-api"), "{screen}");
    assert!(screen.contains("≠ checkout"), "{screen}");
    assert!(screen.contains("= worker"), "{screen}");
    insta::assert_snapshot!(screen);
}

#[test]
fn promotion_view_at_80x24() {
    insta::assert_snapshot!(draw(&fleet_state(View::Promotion), 80, 24));
}

#[test]
fn loading_fleet_says_so() {
    let mut s = loaded_state();
    s.stack.push(Screen::new(View::Fleet, None));
    assert!(draw(&s, 80, 24).contains("loading the fleet"));
}

#[test]
fn hostile_names_reach_the_screen_neutralised() {
    let mut s = fleet_state(View::Fleet);
    s.fleet.members[0].clusters[0].cluster = "stag\u{1b}[2Jing\u{202e}".into();
    s.fleet.members[0].account = "acct\u{7}".into();
    let screen = draw(&s, 120, 40);
    assert!(
        !screen.contains('\u{1b}') && !screen.contains('\u{202e}') && !screen.contains('\u{7}')
    );
    assert!(screen.contains("stag"), "{screen}");
    let mut p = fleet_state(View::Promotion);
    p.fleet.members[1].clusters[0].briefs[0].name = "web\u{202e}api".into();
    let screen = draw(&p, 120, 40);
    assert!(!screen.contains('\u{202e}'));
}
