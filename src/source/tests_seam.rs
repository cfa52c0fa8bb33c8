//! The service-deployment seam: defaults and the read-only wall.

use std::sync::Arc;

use super::sim::{SimConfig, SimSource};
use super::*;

#[tokio::test]
async fn read_only_refuses_a_native_rollback_before_the_source_sees_it() {
    let sim = Arc::new(SimSource::new(SimConfig::default()));
    let ro = ReadOnly(Arc::clone(&sim));
    let err = ro
        .stop_service_deployment(
            "arn:aws:ecs:eu-west-1:1:service-deployment/c/s/x",
            StopType::Rollback,
        )
        .await
        .unwrap_err();
    assert_eq!(err.kind, ErrorKind::ReadOnly);
    assert_eq!(err.operation, "ecs:StopServiceDeployment");
    assert_eq!(sim.calls().get("ecs:StopServiceDeployment"), 0);
}

#[tokio::test]
async fn a_source_without_the_apis_says_unsupported() {
    let c = bare();
    let e = c.service_deployments("c", "s").await.unwrap_err();
    assert_eq!(e.kind, ErrorKind::Unsupported);
    assert_eq!(e.operation, "ecs:ListServiceDeployments");
    let e = c.service_revisions(&["r".into()]).await.unwrap_err();
    assert_eq!(e.kind, ErrorKind::Unsupported);
    let e = c
        .stop_service_deployment("d", StopType::Rollback)
        .await
        .unwrap_err();
    assert_eq!(e.kind, ErrorKind::Unsupported);
}

/// A backend that implements only what it must.
struct Bare(CallCounter);

fn bare() -> Bare {
    Bare(CallCounter::default())
}

#[async_trait]
impl Source for Bare {
    fn info(&self) -> SourceInfo {
        SourceInfo {
            kind: "bare",
            label: String::new(),
        }
    }
    fn calls(&self) -> &CallCounter {
        &self.0
    }
    fn now(&self) -> Time {
        chrono::Utc::now()
    }
    async fn clusters(&self) -> SourceResult<Vec<Cluster>> {
        Ok(Vec::new())
    }
    async fn services(&self, _: &str) -> SourceResult<Vec<Service>> {
        Ok(Vec::new())
    }
    async fn tasks(&self, _: &str, _: &TaskScope) -> SourceResult<Vec<Task>> {
        Ok(Vec::new())
    }
    async fn target_groups(&self, _: &[String]) -> SourceResult<Vec<TargetGroup>> {
        Ok(Vec::new())
    }
    async fn alarms(&self) -> SourceResult<Vec<Alarm>> {
        Ok(Vec::new())
    }
    async fn metrics(
        &self,
        _: &str,
        _: &[Service],
        _: &[TargetGroup],
    ) -> SourceResult<Vec<MetricSeries>> {
        Ok(Vec::new())
    }
    async fn task_definition_revisions(&self, _: &str) -> SourceResult<Vec<String>> {
        Ok(Vec::new())
    }
    async fn task_definition(&self, arn: &str) -> SourceResult<TaskDefinition> {
        Err(SourceError::new(
            ErrorKind::NotFound,
            "ecs:DescribeTaskDefinition",
            arn,
        ))
    }
    async fn log_events(&self, _: &LogQuery) -> SourceResult<LogPage> {
        Ok(LogPage::default())
    }
    async fn caller_identity(&self) -> SourceResult<String> {
        Ok(String::new())
    }
}

#[async_trait]
impl Ops for Bare {
    async fn update_service(&self, _: &str, s: &str, _: &ServiceUpdate) -> SourceResult<Service> {
        Err(SourceError::new(
            ErrorKind::NotFound,
            "ecs:UpdateService",
            s,
        ))
    }
    async fn stop_task(&self, _: &str, t: &str, _: &str) -> SourceResult<Task> {
        Err(SourceError::new(ErrorKind::NotFound, "ecs:StopTask", t))
    }
}

/// The simulator hands a big cluster over page by page, in name order, at
/// the pace of the AWS source's listing: the first 100 rows after one
/// ListServices and one DescribeServices round trip, the whole table one
/// round after the 20th page (the describes keep pace at the fan-out of 10).
#[tokio::test(start_paused = true)]
async fn the_simulator_hands_services_over_page_by_page() {
    let sim = SimSource::new(SimConfig {
        seed: 7,
        extra_services: 1994,
        ..SimConfig::default()
    });
    let latency = std::time::Duration::from_millis(50);
    sim.set_faults(sim::Faults {
        latency,
        ..sim.faults()
    });
    let started = tokio::time::Instant::now();
    let pages = std::sync::Mutex::new(Vec::new());
    let sink = |batch: Vec<Service>| {
        pages
            .lock()
            .unwrap()
            .push((started.elapsed(), batch.len(), batch[0].name.clone()));
    };
    let whole = sim.services_by_page("prod", &sink).await.unwrap();
    let elapsed = started.elapsed();
    let pages = pages.into_inner().unwrap();
    assert_eq!(whole.len(), 2000);
    assert_eq!(pages.len(), 20);
    assert!(pages.iter().all(|(_, n, _)| *n == 100));
    assert_eq!(pages[0].2, whole[0].name);
    assert_eq!(
        pages[0].0,
        latency * 2,
        "one list and one describe round trip"
    );
    assert_eq!(elapsed, latency * 21, "20 pages, then the last describes");
    assert!(pages.windows(2).all(|w| w[0].0 < w[1].0));
}
