//! The built-in simulated ECS environment. (Stub: being written.)

use std::time::Duration;

use async_trait::async_trait;

use super::{
    CallCounter, ErrorKind, LogPage, LogQuery, Ops, ServiceUpdate, Source, SourceError, SourceInfo,
    SourceResult, TaskScope,
};
use crate::model::{
    Alarm, Cluster, MetricSeries, Service, TargetGroup, Task, TaskDefinition, Time,
};

/// Fault knobs for the simulator.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Faults {
    /// Fraction of calls answered with a ThrottlingException (0.0..=1.0).
    pub throttle_rate: f64,
    /// Fraction of calls answered with an HTTP 500 style error.
    pub error_rate: f64,
    /// Latency added to every call.
    pub latency: Duration,
    /// Whether every call fails with expired credentials.
    pub expired_credentials: bool,
}

/// How to build a simulated environment.
#[derive(Debug, Clone, PartialEq)]
pub struct SimConfig {
    /// Seed for every random choice.
    pub seed: u64,
    /// Virtual seconds per real second; `None` for a manual clock stepped by [`SimSource::advance`].
    pub speed: Option<f64>,
    /// Extra generated services in the `prod` cluster (the scale knob).
    pub extra_services: usize,
    /// Fault injection.
    pub faults: Faults,
}

impl Default for SimConfig {
    fn default() -> Self {
        Self {
            seed: 7,
            speed: Some(1.0),
            extra_services: 0,
            faults: Faults::default(),
        }
    }
}

/// The simulated source.
pub struct SimSource {
    calls: CallCounter,
}

impl SimSource {
    /// A simulated environment.
    pub fn new(_config: SimConfig) -> Self {
        Self {
            calls: CallCounter::default(),
        }
    }
    /// Steps a manual clock.
    pub fn advance(&self, _d: Duration) {}
}

#[async_trait]
impl Source for SimSource {
    fn info(&self) -> SourceInfo {
        SourceInfo {
            kind: "demo",
            label: "demo".into(),
        }
    }
    fn calls(&self) -> &CallCounter {
        &self.calls
    }
    fn now(&self) -> Time {
        chrono::Utc::now()
    }
    async fn clusters(&self) -> SourceResult<Vec<Cluster>> {
        Ok(vec![])
    }
    async fn services(&self, _c: &str) -> SourceResult<Vec<Service>> {
        Ok(vec![])
    }
    async fn tasks(&self, _c: &str, _s: &TaskScope) -> SourceResult<Vec<Task>> {
        Ok(vec![])
    }
    async fn target_groups(&self, _a: &[String]) -> SourceResult<Vec<TargetGroup>> {
        Ok(vec![])
    }
    async fn alarms(&self) -> SourceResult<Vec<Alarm>> {
        Ok(vec![])
    }
    async fn metrics(
        &self,
        _c: &str,
        _s: &[Service],
        _t: &[TargetGroup],
    ) -> SourceResult<Vec<MetricSeries>> {
        Ok(vec![])
    }
    async fn task_definition_revisions(&self, _f: &str) -> SourceResult<Vec<String>> {
        Ok(vec![])
    }
    async fn task_definition(&self, a: &str) -> SourceResult<TaskDefinition> {
        Err(SourceError::new(
            ErrorKind::NotFound,
            "ecs:DescribeTaskDefinition",
            a,
        ))
    }
    async fn log_events(&self, _q: &LogQuery) -> SourceResult<LogPage> {
        Ok(LogPage::default())
    }
    async fn caller_identity(&self) -> SourceResult<String> {
        Ok("demo".into())
    }
}

#[async_trait]
impl Ops for SimSource {
    async fn update_service(&self, c: &str, s: &str, _u: &ServiceUpdate) -> SourceResult<Service> {
        Err(SourceError::new(
            ErrorKind::NotFound,
            "ecs:UpdateService",
            format!("{c}/{s}"),
        ))
    }
    async fn stop_task(&self, c: &str, t: &str, _r: &str) -> SourceResult<Task> {
        Err(SourceError::new(
            ErrorKind::NotFound,
            "ecs:StopTask",
            format!("{c}/{t}"),
        ))
    }
}
