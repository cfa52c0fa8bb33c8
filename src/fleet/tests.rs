//! The fleet over the simulator's two demo accounts: calls at the floor,
//! one budget per account and region, an account in error beside one that
//! answers.

use std::sync::Arc;
use std::time::Instant;

use super::data::FleetData;
use super::refresh::refresh;
use super::{Fleet, Member};
use crate::budget::{BudgetConfig, Family};
use crate::source::sim::{Faults, SimConfig, SimSource};
use crate::source::{Backend, ErrorKind, Source};

fn demo_fleet() -> (Arc<SimSource>, Fleet, Vec<Arc<SimSource>>) {
    let sim = Arc::new(SimSource::new(SimConfig {
        speed: None,
        ..SimConfig::default()
    }));
    let now = Instant::now();
    let mut views = Vec::new();
    let members = sim
        .accounts()
        .iter()
        .map(|a| {
            let view = Arc::new(sim.account_view(&a.name).expect("a scenario account"));
            views.push(Arc::clone(&view));
            let source: Arc<dyn Backend> = view;
            Member::new(
                a.name.clone(),
                a.region.clone(),
                source,
                &BudgetConfig::default(),
                now,
            )
        })
        .collect();
    (sim, Fleet::new(members), views)
}

#[tokio::test]
async fn the_demo_has_two_accounts_each_seeing_its_own_clusters() {
    async fn clusters(s: &SimSource) -> Vec<String> {
        s.clusters()
            .await
            .expect("clusters")
            .into_iter()
            .map(|c| c.name)
            .collect()
    }
    let (sim, _, views) = demo_fleet();
    let names: Vec<&str> = sim.accounts().iter().map(|a| a.name.as_str()).collect();
    assert_eq!(names, ["demo-staging", "demo-prod"]);
    assert_eq!(clusters(&views[0]).await, ["staging"]);
    assert_eq!(clusters(&views[1]).await, ["prod"]);
    assert_eq!(clusters(&sim).await, ["staging", "prod"], "the whole world");
    // Another account's cluster does not exist for a view.
    let err = views[0]
        .services("prod")
        .await
        .expect_err("not in this account");
    assert_eq!(err.kind, ErrorKind::NotFound);
    // Alarms are the account's own.
    let alarms = views[0].alarms().await.expect("alarms");
    assert!(!alarms.is_empty() && alarms.iter().all(|a| a.name.starts_with("staging-")));
    // Each view counts its own calls.
    assert_eq!(sim.calls().get("ecs:ListClusters"), 1);
    assert_eq!(views[0].calls().get("ecs:ListClusters"), 1);
}

#[tokio::test]
async fn a_refresh_costs_the_floor_per_account() {
    let (_, fleet, views) = demo_fleet();
    let snapshot = refresh(&fleet, false).await;
    assert_eq!(snapshot.members.len(), 2);
    assert!(snapshot.members.iter().all(|m| m.error.is_none()));
    let services: Vec<usize> = snapshot
        .members
        .iter()
        .map(|m| m.clusters.iter().map(|c| c.services).sum())
        .collect();
    assert_eq!(services, [4, 6]);
    for view in &views {
        let calls = view.calls().snapshot();
        let expected = [
            ("cloudwatch:DescribeAlarms", 1),
            ("ecs:DescribeClusters", 1),
            ("ecs:DescribeServices", 1),
            ("ecs:ListClusters", 1),
            ("ecs:ListServices", 1),
        ];
        let got: Vec<(&str, u64)> = calls.iter().map(|(k, v)| (k.as_str(), *v)).collect();
        assert_eq!(got, expected);
    }
    // With images: one task listing per service found in both clusters
    // (web-api, checkout, worker), each RUNNING + STOPPED + DescribeTasks.
    let before: u64 = views.iter().map(|v| v.calls().get("ecs:ListTasks")).sum();
    let snapshot = refresh(&fleet, true).await;
    let after: u64 = views.iter().map(|v| v.calls().get("ecs:ListTasks")).sum();
    assert_eq!(snapshot.versions.len(), 6);
    assert_eq!(after - before, 12);
    assert!(snapshot.versions.iter().all(|v| v.result.is_ok()));
}

#[tokio::test]
async fn each_account_and_region_draws_on_its_own_budget() {
    let (_, fleet, views) = demo_fleet();
    refresh(&fleet, false).await;
    let burst = BudgetConfig::default().ecs_reads.burst;
    for (m, view) in fleet.members().iter().zip(&views) {
        let ecs_calls: u64 = view
            .calls()
            .snapshot()
            .iter()
            .filter(|(op, _)| Family::of(op) == Some(Family::EcsReads))
            .map(|(_, n)| n)
            .sum();
        let budget = m.budget();
        let tokens = budget.lock().expect("budget").snapshot()[0].tokens;
        // Only this account's calls were taken from its bucket (a little
        // refill may have come in meanwhile).
        assert!(
            tokens >= burst - ecs_calls as f64 && tokens < burst - ecs_calls as f64 + 1.0,
            "{tokens} of {burst} after {ecs_calls} calls"
        );
    }
    // The services view of a drilled-into account shares its member's budget.
    let source = Arc::clone(&fleet.members()[1].source);
    let member = fleet.member_of(&source).expect("a member's own source");
    assert!(Arc::ptr_eq(&member.budget(), &fleet.members()[1].budget()));
    let other: Arc<dyn Backend> = Arc::new(SimSource::new(SimConfig::default()));
    assert!(fleet.member_of(&other).is_none());
}

#[tokio::test]
async fn an_account_with_expired_credentials_keeps_the_rest_of_the_fleet() {
    let (_, fleet, views) = demo_fleet();
    let mut data = FleetData::default();
    data.apply(refresh(&fleet, false).await);
    views[1].set_faults(Faults {
        expired_credentials: true,
        ..Faults::default()
    });
    data.apply(refresh(&fleet, false).await);
    let rows = data.rows();
    assert_eq!(rows.len(), 2);
    let prod = rows
        .iter()
        .find(|r| r.account == "demo-prod")
        .expect("prod row");
    assert_eq!(prod.error.map(|e| e.kind), Some(ErrorKind::Credentials));
    assert_eq!(
        prod.cluster.map(|c| c.services),
        Some(6),
        "last good data kept"
    );
    assert_eq!(rows[0].account, "demo-prod", "the account in error first");
    let staging = rows
        .iter()
        .find(|r| r.account == "demo-staging")
        .expect("staging");
    assert!(staging.error.is_none());
    // The whole world and the other account are untouched by its faults.
    assert!(!views[0].faults().expired_credentials);
}
