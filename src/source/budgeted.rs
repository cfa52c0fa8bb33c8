//! The log tail within the API budget: a [`Source`] whose CloudWatch Logs
//! reads wait for a token of the Logs bucket; every other call passes through
//! (the runtime's fetches are admitted by the `Pacer` before they start).

use std::sync::{Arc, Mutex};
use std::time::Duration;

use async_trait::async_trait;

use crate::budget::{Budget, Family};
use crate::model::{
    Alarm, Cluster, LogTarget, MetricSeries, Service, ServiceDeployment, ServiceRevision,
    TargetGroup, Task, TaskDefinition, Time,
};
use crate::source::{
    CallCounter, LiveTail, LogPage, LogQuery, Source, SourceInfo, SourceResult, TaskScope,
};

/// How often a log read waiting for the budget looks again.
const RETRY: Duration = Duration::from_millis(250);

/// A source whose log reads draw on the Logs bucket of a shared budget.
pub(crate) struct LogsWithinBudget {
    inner: Arc<dyn Source>,
    budget: Arc<Mutex<Budget>>,
}

impl LogsWithinBudget {
    /// Wraps `inner`; log reads take tokens from `budget`.
    pub(crate) fn new(inner: Arc<dyn Source>, budget: Arc<Mutex<Budget>>) -> Self {
        Self { inner, budget }
    }

    async fn wait_for_token(&self) {
        loop {
            let now = tokio::time::Instant::now().into_std();
            let admitted = self
                .budget
                .lock()
                .map(|mut b| b.admit(Family::Logs, 1, now))
                .unwrap_or(true);
            if admitted {
                return;
            }
            tokio::time::sleep(RETRY).await;
        }
    }
}

#[async_trait]
impl Source for LogsWithinBudget {
    fn info(&self) -> SourceInfo {
        self.inner.info()
    }
    fn calls(&self) -> &CallCounter {
        self.inner.calls()
    }
    fn now(&self) -> Time {
        self.inner.now()
    }
    async fn clusters(&self) -> SourceResult<Vec<Cluster>> {
        self.inner.clusters().await
    }
    async fn services(&self, cluster: &str) -> SourceResult<Vec<Service>> {
        self.inner.services(cluster).await
    }
    async fn services_by_page(
        &self,
        cluster: &str,
        page: &crate::source::PageSink<'_>,
    ) -> SourceResult<Vec<Service>> {
        self.inner.services_by_page(cluster, page).await
    }
    async fn service_names(&self, cluster: &str) -> SourceResult<Vec<String>> {
        self.inner.service_names(cluster).await
    }
    async fn describe_services(
        &self,
        cluster: &str,
        names: &[String],
    ) -> SourceResult<Vec<Service>> {
        self.inner.describe_services(cluster, names).await
    }
    async fn tasks(&self, cluster: &str, scope: &TaskScope) -> SourceResult<Vec<Task>> {
        self.inner.tasks(cluster, scope).await
    }
    async fn target_groups(&self, arns: &[String]) -> SourceResult<Vec<TargetGroup>> {
        self.inner.target_groups(arns).await
    }
    async fn alarms(&self) -> SourceResult<Vec<Alarm>> {
        self.inner.alarms().await
    }
    async fn metrics(
        &self,
        cluster: &str,
        services: &[Service],
        tgs: &[TargetGroup],
    ) -> SourceResult<Vec<MetricSeries>> {
        self.inner.metrics(cluster, services, tgs).await
    }
    async fn task_definition_revisions(&self, family: &str) -> SourceResult<Vec<String>> {
        self.inner.task_definition_revisions(family).await
    }
    async fn task_definition(&self, arn: &str) -> SourceResult<TaskDefinition> {
        self.inner.task_definition(arn).await
    }
    async fn log_events(&self, query: &LogQuery) -> SourceResult<LogPage> {
        self.wait_for_token().await;
        self.inner.log_events(query).await
    }
    async fn caller_identity(&self) -> SourceResult<String> {
        self.inner.caller_identity().await
    }
    async fn live_tail(&self, target: &LogTarget, filter: &str) -> SourceResult<LiveTail> {
        self.wait_for_token().await;
        self.inner.live_tail(target, filter).await
    }
    async fn service_deployments(
        &self,
        cluster: &str,
        service: &str,
    ) -> SourceResult<Vec<ServiceDeployment>> {
        self.inner.service_deployments(cluster, service).await
    }
    async fn service_deployment_arns(
        &self,
        cluster: &str,
        service: &str,
    ) -> SourceResult<Vec<String>> {
        self.inner.service_deployment_arns(cluster, service).await
    }
    async fn describe_service_deployments(
        &self,
        arns: &[String],
    ) -> SourceResult<Vec<ServiceDeployment>> {
        self.inner.describe_service_deployments(arns).await
    }
    async fn service_revisions(&self, arns: &[String]) -> SourceResult<Vec<ServiceRevision>> {
        self.inner.service_revisions(arns).await
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::budget::{BudgetConfig, Rate};
    use crate::source::sim::{SimConfig, SimSource};

    #[tokio::test(start_paused = true)]
    async fn log_reads_wait_for_the_logs_bucket() {
        let sim: Arc<dyn Source> = Arc::new(SimSource::new(SimConfig::default()));
        let config = BudgetConfig {
            logs: Rate {
                per_sec: 1.0,
                burst: 2.0,
            },
            ..BudgetConfig::default()
        };
        let start = tokio::time::Instant::now();
        let budget = Arc::new(Mutex::new(Budget::new(&config, start.into_std())));
        let source = LogsWithinBudget::new(Arc::clone(&sim), budget);
        let query = LogQuery {
            target: LogTarget {
                group: "/ecs/web-api".into(),
                streams: Vec::new(),
            },
            start: sim.now() - chrono::Duration::minutes(5),
            end: None,
            filter_pattern: String::new(),
            next_token: None,
        };
        for _ in 0..2 {
            source.log_events(&query).await.ok();
        }
        assert!(start.elapsed() < Duration::from_millis(100), "the burst");
        source.log_events(&query).await.ok();
        // Paused tokio time: the wait is virtual, a token every second.
        assert!(
            start.elapsed() >= Duration::from_millis(750),
            "{:?}",
            start.elapsed()
        );
        assert_eq!(sim.calls().get("logs:FilterLogEvents"), 3);
        // Other reads never wait for the Logs bucket.
        let before = tokio::time::Instant::now();
        source.clusters().await.ok();
        assert_eq!(before.elapsed(), Duration::ZERO);
    }
}
