//! Errors from a source, as data the UI can show.

use std::fmt;

/// What kind of failure happened; drives backoff and the hint shown to the user.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorKind {
    /// Rate limited (ThrottlingException, TooManyRequests): back off and retry.
    Throttled,
    /// The caller lacks an IAM permission.
    AccessDenied,
    /// Credentials are missing, expired or invalid.
    Credentials,
    /// The cluster, service, task or other resource does not exist.
    NotFound,
    /// The endpoint could not be reached (connection refused, DNS, timeout).
    Network,
    /// The server failed (HTTP 5xx).
    Server,
    /// The request was refused because the session is read-only.
    ReadOnly,
    /// The request was invalid.
    InvalidInput,
    /// The source or endpoint does not support the operation.
    Unsupported,
    /// Anything else.
    Other,
}

/// An error from a source call: what failed, why, and what to do about it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceError {
    /// Kind of failure.
    pub kind: ErrorKind,
    /// The operation that failed, e.g. `ecs:DescribeServices`.
    pub operation: String,
    /// A one-line message for the user.
    pub message: String,
    /// What the user can do, if known (e.g. `run: aws sso login --profile prod`).
    pub hint: Option<String>,
}

impl SourceError {
    /// A new error.
    pub fn new(kind: ErrorKind, operation: impl Into<String>, message: impl Into<String>) -> Self {
        Self {
            kind,
            operation: operation.into(),
            message: message.into(),
            hint: None,
        }
    }

    /// Adds a hint.
    pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    /// The refusal of a write in read-only mode; `operation` is the full
    /// name (`ecs:UpdateService`, `ssm:StartSession`, ...).
    pub(crate) fn read_only(operation: &str) -> Self {
        Self::new(
            ErrorKind::ReadOnly,
            operation,
            "refused: ecsdeck is in read-only mode",
        )
    }

    /// Whether a retry after a pause may succeed.
    pub fn is_transient(&self) -> bool {
        matches!(
            self.kind,
            ErrorKind::Throttled | ErrorKind::Network | ErrorKind::Server
        )
    }
}

impl fmt::Display for SourceError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.operation, self.message)?;
        if let Some(h) = &self.hint {
            write!(f, " ({h})")?;
        }
        Ok(())
    }
}

impl std::error::Error for SourceError {}
