//! Events: everything that reaches [`crate::app::update`].

use std::collections::BTreeMap;

use crossterm::event::{KeyEvent, MouseEvent};

use crate::model::Time;

pub use crate::fetch::{Data, Payload};

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
    /// One batch of a whole-cluster services fetch still running: rows to
    /// show before the last page is in.
    ServicesPage {
        /// Cluster name.
        cluster: String,
        /// The services of the batch.
        services: Vec<crate::model::Service>,
    },
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
    Notice(Level, String),
    /// A refresh of the fleet (`:fleet`, `:promotion`) finished.
    Fleet(Box<crate::fleet::refresh::FleetSnapshot>),
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

/// Severity of a status line message.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Level {
    /// Neutral information.
    Info,
    /// Something succeeded.
    Success,
    /// Something failed.
    Error,
}
