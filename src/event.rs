//! Events: everything that reaches [`crate::app::update`].

use std::collections::BTreeMap;

use crossterm::event::{KeyEvent, MouseEvent};

use crate::model::{
    Alarm, Cluster, MetricSeries, Service, TargetGroup, Task, TaskDefinition, Time,
};
use crate::poll::Fetch;
use crate::source::SourceResult;

/// One input to the update function.
#[derive(Debug, Clone)]
pub enum Event {
    /// A key press.
    Key(KeyEvent),
    /// A mouse event.
    Mouse(MouseEvent),
    /// The terminal was resized to (columns, rows).
    Resize(u16, u16),
    /// Time passed: the source clock now reads this, and these are the API call counts.
    Tick {
        /// Source clock.
        now: Time,
        /// API calls per operation so far.
        calls: BTreeMap<String, u64>,
    },
    /// A fetch finished.
    Data(Data),
    /// The API budget and its use, from the runtime.
    Budget(Vec<crate::budget::FamilyUse>),
    /// An action finished.
    OpDone(OpDone),
    /// The audit log was read.
    Audit(Result<crate::jsonl_tail::Tail<crate::audit::AuditRecord>, String>),
    /// An event of the log tail `id`.
    Tail {
        /// Which tail.
        id: u64,
        /// What happened.
        event: crate::logs::tail::TailEvent,
    },
    /// The chaos experiment log was read.
    ChaosLog(Result<crate::jsonl_tail::Tail<crate::chaos::ChaosRecord>, String>),
    /// A message for the status line from the runtime.
    Notice(crate::state::Level, String),
}

/// The end of an action.
#[derive(Debug, Clone)]
pub struct OpDone {
    /// What was sent.
    pub op: crate::ops::Op,
    /// What came back.
    pub result: Result<crate::ops::OpSuccess, crate::source::SourceError>,
    /// Set when the audit record could not be written.
    pub audit_error: Option<String>,
}

/// The result of one fetch, tagged with what was asked and when it finished.
#[derive(Debug, Clone)]
pub struct Data {
    /// The request this answers.
    pub fetch: Fetch,
    /// Source clock when the answer arrived.
    pub at: Time,
    /// The answer.
    pub payload: Payload,
}

/// Fetched data by kind.
#[derive(Debug, Clone)]
pub enum Payload {
    /// Clusters.
    Clusters(SourceResult<Vec<Cluster>>),
    /// Services of a cluster (all of them, or the ones asked for).
    Services(SourceResult<Vec<Service>>),
    /// Names of the services of a cluster.
    ServiceNames(SourceResult<Vec<String>>),
    /// Tasks of a cluster or service.
    Tasks(SourceResult<Vec<Task>>),
    /// Target groups.
    TargetGroups(SourceResult<Vec<TargetGroup>>),
    /// Alarms.
    Alarms(SourceResult<Vec<Alarm>>),
    /// Metric series.
    Metrics(SourceResult<Vec<MetricSeries>>),
    /// Revisions of a family (ARNs, newest first).
    Revisions(SourceResult<Vec<String>>),
    /// Task definitions by ARN.
    TaskDefs(Vec<(String, SourceResult<TaskDefinition>)>),
    /// Autoscaling of the services asked (those without a target left out).
    Scaling(SourceResult<Vec<crate::model::ServiceScaling>>),
}

impl Data {
    /// The error of a failed fetch (the first one, for task definitions).
    pub fn error(&self) -> Option<&crate::source::SourceError> {
        match &self.payload {
            Payload::Clusters(r) => r.as_ref().err(),
            Payload::Services(r) => r.as_ref().err(),
            Payload::ServiceNames(r) => r.as_ref().err(),
            Payload::Tasks(r) => r.as_ref().err(),
            Payload::TargetGroups(r) => r.as_ref().err(),
            Payload::Alarms(r) => r.as_ref().err(),
            Payload::Metrics(r) => r.as_ref().err(),
            Payload::Revisions(r) => r.as_ref().err(),
            Payload::TaskDefs(r) => r.iter().find_map(|(_, r)| r.as_ref().err()),
            Payload::Scaling(r) => r.as_ref().err(),
        }
    }

    /// Whether the fetch succeeded.
    pub fn payload_ok(&self) -> bool {
        match &self.payload {
            Payload::Clusters(r) => r.is_ok(),
            Payload::Services(r) => r.is_ok(),
            Payload::ServiceNames(r) => r.is_ok(),
            Payload::Tasks(r) => r.is_ok(),
            Payload::TargetGroups(r) => r.is_ok(),
            Payload::Alarms(r) => r.is_ok(),
            Payload::Metrics(r) => r.is_ok(),
            Payload::Revisions(r) => r.is_ok(),
            Payload::TaskDefs(r) => r.iter().all(|(_, r)| r.is_ok()),
            Payload::Scaling(r) => r.is_ok(),
        }
    }
}
