//! Recorded chaos experiments: one JSON line per experiment in the state dir,
//! listed by `:chaos` so a presenter can show "killed at 14:02:10, healthy
//! replacement serving at 14:02:41 (31 s)".
//! The stopwatch that times an experiment lives in [`timeline`].

pub(crate) mod timeline;

use std::io::Write;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::jsonl_tail::Tail;

use crate::model::Time;
use timeline::{ChaosTimeline, Milestone};

/// One finished experiment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChaosRecord {
    /// Cluster.
    pub(crate) cluster: String,
    /// Service.
    pub(crate) service: String,
    /// The stopped task's id.
    pub(crate) victim: String,
    /// The replacement that took over, if seen.
    pub(crate) replacement: Option<String>,
    /// When the stop was sent.
    pub(crate) killed_at: Time,
    /// When the service was healthy again (replacement serving).
    pub(crate) recovered_at: Option<Time>,
    /// Seconds from the stop to recovery.
    pub(crate) time_to_recovery_secs: Option<i64>,
    /// The stopwatch, one line per milestone.
    pub(crate) milestones: Vec<String>,
}

impl ChaosRecord {
    /// The record of a stopwatch.
    pub(crate) fn from_timeline(cluster: &str, t: &ChaosTimeline) -> Self {
        let recovered_at = t.reached(Milestone::Recovered);
        Self {
            cluster: cluster.to_string(),
            service: t.service.clone(),
            victim: t.victim.clone(),
            replacement: t.replacement.clone(),
            killed_at: t.started_at,
            recovered_at,
            time_to_recovery_secs: t.time_to_recovery().map(|d| d.num_seconds()),
            milestones: t.lines(),
        }
    }

    /// `killed at 14:02:10, healthy replacement serving at 14:02:41 (31 s)`.
    pub(crate) fn headline(&self) -> String {
        match (self.recovered_at, self.time_to_recovery_secs) {
            (Some(at), Some(secs)) => format!(
                "killed at {}, healthy replacement serving at {} ({secs} s)",
                self.killed_at.format("%H:%M:%S"),
                at.format("%H:%M:%S")
            ),
            _ => format!(
                "killed at {}, not recovered",
                self.killed_at.format("%H:%M:%S")
            ),
        }
    }
}

/// `$XDG_STATE_HOME/ecsdeck/chaos.jsonl`.
pub(crate) fn default_path() -> Option<PathBuf> {
    crate::paths::state_dir().map(|d| d.join("chaos.jsonl"))
}

/// Appends a record (the file created 0600, its directory 0700).
pub(crate) fn append(path: &Path, record: &ChaosRecord) -> std::io::Result<()> {
    let mut line = encode(record).map_err(std::io::Error::other)?;
    line.push('\n');
    crate::state_files::open_append(path)?.write_all(line.as_bytes())
}

/// Serialises one record as one JSON line (without the newline): the one
/// place chaos records are encoded.
pub(crate) fn encode(record: &ChaosRecord) -> serde_json::Result<String> {
    crate::text::json::to_string(record)
}

/// The newest `limit` records of a file (newest first), read from its last
/// few MB; malformed lines are skipped and counted.
pub(crate) fn read_recent(path: &Path, limit: usize) -> std::io::Result<Tail<ChaosRecord>> {
    crate::jsonl_tail::read_tail(path, limit, crate::jsonl_tail::DEFAULT_MAX_BYTES)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fixtures::t0;

    #[test]
    fn records_round_trip_with_a_headline() {
        let r = ChaosRecord {
            cluster: "prod".into(),
            service: "web-api".into(),
            victim: "abc".into(),
            replacement: Some("def".into()),
            killed_at: t0(),
            recovered_at: Some(t0() + chrono::Duration::seconds(31)),
            time_to_recovery_secs: Some(31),
            milestones: vec!["+0s  stop requested".into()],
        };
        assert_eq!(
            r.headline(),
            "killed at 14:02:10, healthy replacement serving at 14:02:41 (31 s)"
        );
        let path = std::env::temp_dir().join(format!("ecsdeck-chaos-{}.jsonl", std::process::id()));
        let _ = std::fs::remove_file(&path);
        append(&path, &r).unwrap();
        append(&path, &r).unwrap();
        assert_eq!(read_recent(&path, 10).unwrap().records, vec![r.clone(), r]);
        let _ = std::fs::remove_file(&path);
    }
}
