//! One refresh of the fleet: every member (account and region) in parallel,
//! every call under one fan-out cap shared by the whole fleet, and each call
//! admitted by its member's budget first.
//!
//! The calls are the floor for what the view shows: per member one
//! ListClusters + DescribeClusters and one DescribeAlarms page per 100
//! alarms; per cluster one ListServices page per 100 services and one
//! DescribeServices per 10. No task is described: the unhealthy count is
//! what DescribeServices says (desired − running). With `versions` (the
//! promotion view), each service found in more than one cluster also costs
//! its ListTasks (RUNNING, STOPPED) and DescribeTasks, for the image digests
//! its tasks run.

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use futures::future::join_all;
use tokio::sync::Semaphore;

use super::summary::{ClusterSummary, MemberReport};
use super::{Fleet, Member};
use crate::budget::{Budget, Family};
use crate::model::{Alarm, Service, TaskStatus};
use crate::source::{SourceError, SourceResult, TaskScope};

/// Calls in flight at once across the whole fleet.
pub const FLEET_FANOUT: usize = crate::source::DEFAULT_FANOUT;
/// DescribeServices takes up to 10 services a call.
const SERVICES_PER_DESCRIBE: usize = 10;
/// How often a call waiting for its budget looks again.
const BUDGET_RETRY: Duration = Duration::from_millis(250);

/// The image one container of a service's tasks runs.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct ImageVersion {
    /// Container name.
    pub container: String,
    /// Image reference (`repo:tag`).
    pub image: String,
    /// The digest the tasks resolved it to, when known.
    pub digest: Option<String>,
}

/// The images of one service in one cluster (the promotion view).
#[derive(Debug, Clone, PartialEq)]
pub struct VersionReport {
    /// Account (profile) name.
    pub account: String,
    /// Region.
    pub region: String,
    /// Cluster.
    pub cluster: String,
    /// Service.
    pub service: String,
    /// Distinct images of its running tasks on its current revision.
    pub result: Result<Vec<ImageVersion>, SourceError>,
}

/// What one refresh brought.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct FleetSnapshot {
    /// One report per member, in fleet order.
    pub members: Vec<MemberReport>,
    /// Images of the services found in several clusters (with `versions`).
    pub versions: Vec<VersionReport>,
}

/// Runs one call of `member` under the fleet's cap and its budget.
async fn call<T, F>(
    cap: &Semaphore,
    budget: &Mutex<Budget>,
    family: Family,
    calls: u32,
    f: F,
) -> SourceResult<T>
where
    F: std::future::Future<Output = SourceResult<T>>,
{
    let _permit = cap.acquire().await;
    loop {
        let now = tokio::time::Instant::now().into_std();
        let admitted = budget
            .lock()
            .map(|mut b| b.admit(family, calls, now))
            .unwrap_or(true);
        if admitted {
            break;
        }
        tokio::time::sleep(BUDGET_RETRY).await;
    }
    f.await
}

/// Every service of `cluster`: ListServices pages, then DescribeServices
/// batches in parallel.
async fn cluster_services(
    m: &Member,
    budget: &Mutex<Budget>,
    cap: &Semaphore,
    cluster: &str,
) -> SourceResult<Vec<Service>> {
    let source = &m.source;
    let names = call(
        cap,
        budget,
        Family::EcsReads,
        1,
        source.service_names(cluster),
    )
    .await?;
    let batches = names.chunks(SERVICES_PER_DESCRIBE).map(|chunk| {
        call(
            cap,
            budget,
            Family::EcsReads,
            1,
            source.describe_services(cluster, chunk),
        )
    });
    let mut out = Vec::with_capacity(names.len());
    for batch in join_all(batches).await {
        out.extend(batch?);
    }
    Ok(out)
}

/// One member's clusters and alarms.
async fn member(m: &Member, cap: &Semaphore) -> MemberReport {
    let budget = m.budget();
    let source = &m.source;
    let (clusters, alarms) = futures::join!(
        call(cap, &budget, Family::EcsReads, 2, source.clusters()),
        call(cap, &budget, Family::CloudWatch, 1, source.alarms()),
    );
    let mut error = None;
    let alarms: Vec<Alarm> = alarms.unwrap_or_else(|e| {
        error = Some(e);
        Vec::new()
    });
    let mut report = MemberReport {
        account: m.account.clone(),
        region: m.region.clone(),
        listed: None,
        clusters: Vec::new(),
        error: None,
        at: source.now(),
    };
    match clusters {
        Ok(clusters) => {
            let names: Vec<String> = clusters.into_iter().map(|c| c.name).collect();
            let fetched =
                join_all(names.iter().map(|c| cluster_services(m, &budget, cap, c))).await;
            for (name, services) in names.iter().zip(fetched) {
                match services {
                    Ok(s) => report.clusters.push(ClusterSummary::of(name, &s, &alarms)),
                    Err(e) => error = error.or(Some(e)),
                }
            }
            report.listed = Some(names);
        }
        Err(e) => error = Some(e),
    }
    report.error = error;
    report.at = source.now();
    if let Ok(mut b) = budget.lock() {
        b.settle(
            &source.calls().snapshot(),
            tokio::time::Instant::now().into_std(),
        );
    }
    report
}

/// The images the running tasks of `service` run on `task_definition`.
async fn versions_of(
    m: &Member,
    cap: &Semaphore,
    cluster: &str,
    service: &str,
    task_definition: &str,
) -> SourceResult<Vec<ImageVersion>> {
    let budget = m.budget();
    let scope = TaskScope::Service(service.to_string());
    let tasks = call(
        cap,
        &budget,
        Family::EcsReads,
        3,
        m.source.tasks(cluster, &scope),
    )
    .await?;
    let mut out: Vec<ImageVersion> = tasks
        .iter()
        .filter(|t| t.last_status == TaskStatus::Running && t.task_definition == task_definition)
        .flat_map(|t| &t.containers)
        .map(|c| ImageVersion {
            container: c.name.clone(),
            image: c.image.clone(),
            digest: c.image_digest.clone(),
        })
        .collect();
    out.sort();
    out.dedup();
    Ok(out)
}

/// One refresh of the whole fleet (see the module's notes for its calls).
pub async fn refresh(fleet: &Fleet, versions: bool) -> FleetSnapshot {
    let cap = Arc::new(Semaphore::new(FLEET_FANOUT));
    let members = join_all(fleet.members().iter().map(|m| member(m, &cap))).await;
    let mut snapshot = FleetSnapshot {
        members,
        versions: Vec::new(),
    };
    if !versions {
        return snapshot;
    }
    // Services found in more than one cluster of the fleet.
    let mut seen: BTreeMap<&str, usize> = BTreeMap::new();
    for r in &snapshot.members {
        for c in &r.clusters {
            for b in &c.briefs {
                *seen.entry(b.name.as_str()).or_default() += 1;
            }
        }
    }
    let mut wanted = Vec::new();
    for (m, r) in fleet.members().iter().zip(&snapshot.members) {
        for c in &r.clusters {
            for b in c
                .briefs
                .iter()
                .filter(|b| seen.get(b.name.as_str()) > Some(&1))
            {
                wanted.push((
                    m,
                    c.cluster.clone(),
                    b.name.clone(),
                    b.task_definition.clone(),
                ));
            }
        }
    }
    let fetched = join_all(
        wanted
            .iter()
            .map(|(m, c, s, td)| versions_of(m, &cap, c, s, td)),
    )
    .await;
    snapshot.versions = wanted
        .into_iter()
        .zip(fetched)
        .map(|((m, cluster, service, _), result)| VersionReport {
            account: m.account.clone(),
            region: m.region.clone(),
            cluster,
            service,
            result,
        })
        .collect();
    for m in fleet.members() {
        if let Ok(mut b) = m.budget.lock() {
            b.settle(
                &m.source.calls().snapshot(),
                tokio::time::Instant::now().into_std(),
            );
        }
    }
    snapshot
}
