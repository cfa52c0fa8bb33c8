//! What `update` asks the runtime to do.

/// Side effects requested by `update`, carried out by the runtime.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Command {
    /// Refresh everything the view needs now, ignoring the interval.
    RefreshNow,
    /// Cancel in-flight fetches and forget schedules (the cluster changed).
    ResetFetches,
    /// Copy text to the terminal's clipboard (OSC 52).
    Copy(String),
    /// Run a confirmed action.
    RunOp(crate::ops::Op),
    /// Read the audit log.
    LoadAudit,
    /// Write the timeline as Markdown to the state dir.
    ExportTimeline(String),
    /// Append a finished chaos experiment to the state dir.
    RecordChaos(Box<crate::chaos::ChaosRecord>),
    /// Read the recorded chaos experiments.
    LoadChaos,
    /// Start (or restart) the log tail `id`, stopping any other.
    StartTail {
        /// Tail id.
        id: u64,
        /// What to tail.
        request: Box<crate::logs::tail::TailRequest>,
    },
    /// Stop the log tail.
    StopTail,
}
