//! The audit log: one JSON line per action attempt, in the state dir.
//! Never holds a secret: only names, ids, parameters and results.

use std::io::Write;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::model::Time;
use crate::ops::Op;

/// One audit record.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AuditRecord {
    /// When the attempt finished.
    pub time: Time,
    /// Caller identity (STS ARN) where available.
    pub identity: Option<String>,
    /// Where: `demo`, or `profile / region`.
    pub source: String,
    /// AWS profile, if any.
    pub profile: Option<String>,
    /// AWS region, if known.
    pub region: Option<String>,
    /// Cluster.
    pub cluster: String,
    /// Service.
    pub service: String,
    /// Task ARN, for stop-task.
    pub task: Option<String>,
    /// `redeploy`, `scale`, `stop-task`, `rollback`.
    pub action: String,
    /// The op's parameters.
    pub parameters: serde_json::Value,
    /// `ok` or `error`.
    pub result: String,
    /// The error, if any.
    pub error: Option<String>,
}

/// Where the audit log lives and who writes it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditContext {
    /// The JSON-lines file.
    pub path: Option<PathBuf>,
    /// Source label.
    pub source: String,
    /// AWS profile.
    pub profile: Option<String>,
    /// AWS region.
    pub region: Option<String>,
}

impl AuditContext {
    /// The default file: `$XDG_STATE_HOME/ecsdeck/audit.jsonl`.
    pub fn default_path() -> Option<PathBuf> {
        crate::config::state_dir().map(|d| d.join("audit.jsonl"))
    }

    /// A record of one attempt.
    pub fn record(
        &self,
        op: &Op,
        identity: Option<String>,
        time: Time,
        outcome: Result<(), String>,
    ) -> AuditRecord {
        let task = match op {
            Op::StopTask { task, .. } => Some(task.clone()),
            _ => None,
        };
        AuditRecord {
            time,
            identity,
            source: self.source.clone(),
            profile: self.profile.clone(),
            region: self.region.clone(),
            cluster: op.cluster().to_string(),
            service: op.service().to_string(),
            task,
            action: op.name().to_string(),
            parameters: serde_json::to_value(op).unwrap_or(serde_json::Value::Null),
            result: if outcome.is_ok() { "ok" } else { "error" }.to_string(),
            error: outcome.err(),
        }
    }

    /// Appends a record. Errors are returned for the status line; they never stop the app.
    pub fn append(&self, record: &AuditRecord) -> std::io::Result<()> {
        let Some(path) = &self.path else {
            return Ok(());
        };
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir)?;
        }
        let mut line = serde_json::to_string(record).map_err(std::io::Error::other)?;
        line.push('\n');
        let mut f = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(path)?;
        f.write_all(line.as_bytes())
    }
}

/// Reads the newest `limit` records of an audit file (newest first); unreadable lines are skipped.
pub fn read_recent(path: &Path, limit: usize) -> std::io::Result<Vec<AuditRecord>> {
    let text = match std::fs::read_to_string(path) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(e),
    };
    Ok(text
        .lines()
        .rev()
        .filter_map(|l| serde_json::from_str(l).ok())
        .take(limit)
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn records_round_trip_and_hold_no_secret() {
        let dir = std::env::temp_dir().join(format!("ecsdeck-audit-{}", std::process::id()));
        let ctx = AuditContext {
            path: Some(dir.join("audit.jsonl")),
            source: "default / us-east-1".into(),
            profile: Some("default".into()),
            region: Some("us-east-1".into()),
        };
        let op = Op::Scale {
            cluster: "prod".into(),
            service: "api".into(),
            from: 2,
            to: 5,
        };
        let t = crate::fixtures::t0();
        ctx.append(&ctx.record(
            &op,
            Some("arn:aws:sts::123456789012:assumed-role/ops/alice".into()),
            t,
            Ok(()),
        ))
        .unwrap();
        ctx.append(&ctx.record(&op, None, t, Err("AccessDeniedException".into())))
            .unwrap();
        let recs = read_recent(&dir.join("audit.jsonl"), 10).unwrap();
        assert_eq!(recs.len(), 2);
        assert_eq!(recs[0].result, "error", "newest first");
        assert_eq!(recs[1].action, "scale");
        assert_eq!(recs[1].parameters["to"], 5);
        assert_eq!(
            recs[1].identity.as_deref(),
            Some("arn:aws:sts::123456789012:assumed-role/ops/alice")
        );
        let raw = std::fs::read_to_string(dir.join("audit.jsonl")).unwrap();
        for secret in [
            "AWS_SECRET_ACCESS_KEY",
            "aws_session_token",
            "SecretAccessKey",
        ] {
            assert!(!raw.contains(secret));
        }
        assert_eq!(raw.lines().count(), 2, "one line per attempt");
        let _ = std::fs::remove_dir_all(dir);
    }
}
