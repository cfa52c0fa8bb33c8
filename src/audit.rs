//! The audit log: JSON lines in the state dir, an `attempt` record written
//! and flushed before each write is sent and an `ok` / `error` record after.
//! Never holds a secret: only names, ids, parameters and results.

use std::io::Write;
use std::path::{Path, PathBuf};

use std::time::Duration;

use serde::{Deserialize, Serialize};

use crate::jsonl_tail::Tail;

use crate::model::Time;
use crate::ops::{Op, OpSuccess};
use crate::source::{Backend, ErrorKind, Source, SourceError};

/// `result` of the record written before the request is sent.
pub(crate) const ATTEMPT: &str = "attempt";

/// One audit record.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AuditRecord {
    /// When the attempt started (`attempt` records) or finished (`ok`, `error`).
    pub(crate) time: Time,
    /// Caller identity (STS ARN) where available.
    pub identity: Option<String>,
    /// Where: `demo`, or `profile / region`.
    pub(crate) source: String,
    /// AWS profile, if any.
    pub(crate) profile: Option<String>,
    /// AWS region, if known.
    pub(crate) region: Option<String>,
    /// Cluster.
    pub cluster: String,
    /// Service.
    pub service: String,
    /// Task ARN, for stop-task, exec and port-forward.
    pub task: Option<String>,
    /// `redeploy`, `scale`, `stop-task`, `rollback`, `exec`, `port-forward`.
    pub action: String,
    /// The op's parameters.
    pub parameters: serde_json::Value,
    /// `attempt` (written and flushed before the request is sent), then `ok` or `error`.
    pub result: String,
    /// The error, if any.
    pub(crate) error: Option<String>,
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
    /// Send writes whose attempt record cannot be written (config
    /// `allow_unaudited_writes`, off by default: such writes are refused).
    pub allow_unaudited: bool,
}

/// The end of an audited op: what AWS answered, and whether the result record was written.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Audited {
    /// The op's result; a refusal (no attempt record) is an error that sent nothing.
    pub(crate) result: Result<OpSuccess, SourceError>,
    /// Set when a record could not be written but the op went ahead.
    pub(crate) audit_error: Option<String>,
}

impl AuditContext {
    /// The default file: `$XDG_STATE_HOME/ecsdeck/audit.jsonl`.
    pub fn default_path() -> Option<PathBuf> {
        crate::paths::state_dir().map(|d| d.join("audit.jsonl"))
    }

    /// A record of one attempt.
    pub(crate) fn record(
        &self,
        op: &Op,
        identity: Option<String>,
        time: Time,
        outcome: Result<(), String>,
    ) -> AuditRecord {
        let mut record = self.attempt(op, identity, time);
        record.result = if outcome.is_ok() { "ok" } else { "error" }.to_string();
        record.error = outcome.err();
        record
    }

    /// The record written before `op` is sent.
    pub(crate) fn attempt(&self, op: &Op, identity: Option<String>, time: Time) -> AuditRecord {
        let task = op.task().map(str::to_string);
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
            result: ATTEMPT.to_string(),
            error: None,
        }
    }

    /// Appends a record and flushes it to disk. Errors are returned for the
    /// status line; they never stop the app.
    pub(crate) fn append(&self, record: &AuditRecord) -> std::io::Result<()> {
        let Some(path) = &self.path else {
            return Err(std::io::Error::other(
                "no state directory for the audit log (set XDG_STATE_HOME or HOME)",
            ));
        };
        let mut line = encode(record).map_err(std::io::Error::other)?;
        line.push('\n');
        let mut f = crate::state_files::open_append(path)?;
        f.write_all(line.as_bytes())?;
        f.sync_data()
    }

    fn describe_error(&self, e: &std::io::Error) -> String {
        match &self.path {
            Some(p) => format!("{}: {e}", p.display()),
            None => e.to_string(),
        }
    }
}

/// Serialises one audit record as one JSON line (without the newline): the
/// one place records are encoded.
pub(crate) fn encode(record: &AuditRecord) -> serde_json::Result<String> {
    crate::text::json::to_string(record)
}

/// The caller's identity for audit records, or `None` when it cannot be
/// learned within 5 s (the write is still audited, without it).
pub(crate) async fn identity_of(source: &dyn Source) -> Option<String> {
    match tokio::time::timeout(Duration::from_secs(5), source.caller_identity()).await {
        Ok(Ok(id)) => Some(id),
        _ => None,
    }
}

/// The one path of every write (TUI ops, runbook steps, subcommands): the
/// attempt record is written and flushed, then the request is sent, then the
/// result record is written. When the attempt record cannot be written the
/// request is not sent (unless [`AuditContext::allow_unaudited`]).
pub(crate) async fn run_audited(
    backend: &dyn Backend,
    audit: &AuditContext,
    identity: Option<String>,
    op: &Op,
) -> Audited {
    let attempt = audit.attempt(op, identity.clone(), backend.now());
    let mut audit_error = None;
    if let Err(e) = audit.append(&attempt) {
        let why = audit.describe_error(&e);
        if !audit.allow_unaudited {
            tracing::warn!(action = op.name(), error = %why, "write refused: audit log not writable");
            let refusal = SourceError::new(
                ErrorKind::Other,
                format!("ecsdeck:{}", op.name()),
                format!("not sent: the audit log cannot be written ({why})"),
            )
            .with_hint(
                "make the state directory writable, or set allow_unaudited_writes = true in the config",
            );
            return Audited {
                result: Err(refusal),
                audit_error: None,
            };
        }
        audit_error = Some(why);
    }
    tracing::info!(
        action = op.name(),
        cluster = op.cluster(),
        service = op.service(),
        "sending"
    );
    let result = op.execute(backend).await;
    let outcome = result.as_ref().map(|_| ()).map_err(ToString::to_string);
    let record = audit.record(op, identity, backend.now(), outcome);
    if let Err(e) = audit.append(&record) {
        audit_error.get_or_insert(audit.describe_error(&e));
    }
    Audited {
        result,
        audit_error,
    }
}

/// The newest `limit` records of a file (newest first), read from its last
/// few MB; malformed lines are skipped and counted.
pub fn read_recent(path: &Path, limit: usize) -> std::io::Result<Tail<AuditRecord>> {
    crate::jsonl_tail::read_tail(path, limit, crate::jsonl_tail::DEFAULT_MAX_BYTES)
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
            allow_unaudited: false,
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
        let recs = read_recent(&dir.join("audit.jsonl"), 10).unwrap().records;
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

    #[test]
    fn hostile_names_are_escaped_in_the_file_and_read_back_whole() {
        let dir =
            std::env::temp_dir().join(format!("ecsdeck-audit-hostile-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        let ctx = AuditContext {
            path: Some(dir.join("audit.jsonl")),
            source: "demo".into(),
            profile: None,
            region: None,
            allow_unaudited: false,
        };
        let service = "api\u{1b}]0;TITLE\u{7}\u{202E}\u{9b}2J";
        let op = Op::Redeploy {
            cluster: "prod".into(),
            service: service.into(),
        };
        ctx.append(&ctx.attempt(&op, None, crate::fixtures::t0()))
            .unwrap();
        let raw = std::fs::read_to_string(dir.join("audit.jsonl")).unwrap();
        assert!(
            raw.trim_end()
                .chars()
                .all(crate::text::sanitize::is_allowed),
            "raw characters off the allow-list in the file: {raw:?}"
        );
        assert!(raw.contains("\\u202e"), "{raw}");
        let recs = read_recent(&dir.join("audit.jsonl"), 10).unwrap().records;
        assert_eq!(recs[0].service, service, "the same data reads back");
        let _ = std::fs::remove_dir_all(dir);
    }
}
