//! The retry policy of writes.
//!
//! Reads use the SDK's standard retry mode as is: sending a read twice is
//! harmless. A write is different: after a connection reset, a timeout or an
//! HTTP 5xx the request may already have reached ECS and been applied, and
//! sending UpdateService (forceNewDeployment) or StopTask again would apply it
//! twice. So the write client retries only answers that say the request was
//! rejected before it was applied (throttling); every other failure is
//! returned at once, worded as "may have been applied".

use aws_sdk_applicationautoscaling::operation::register_scalable_target::RegisterScalableTargetError;
use aws_sdk_ecs::operation::stop_task::StopTaskError;
use aws_sdk_ecs::operation::update_service::UpdateServiceError;
use aws_smithy_runtime_api::client::interceptors::context::InterceptorContext;
use aws_smithy_runtime_api::client::orchestrator::OrchestratorError;
use aws_smithy_runtime_api::client::retries::classifiers::{
    ClassifyRetry, RetryAction, RetryClassifierPriority,
};
use aws_smithy_types::error::metadata::ProvideErrorMetadata;

use super::errors::THROTTLING;
use crate::source::{ErrorKind, SourceError};

/// Retry classifier of the write client (UpdateService, StopTask). Runs after
/// the SDK's own classifiers and overrides them.
#[derive(Debug, Default, Clone, Copy)]
pub(crate) struct WriteRetry;

impl ClassifyRetry for WriteRetry {
    fn classify_retry(&self, ctx: &InterceptorContext) -> RetryAction {
        let Some(Err(error)) = ctx.output_or_error() else {
            return RetryAction::NoActionIndicated;
        };
        let code = OrchestratorError::as_operation_error(error).and_then(|e| {
            e.downcast_ref::<UpdateServiceError>()
                .and_then(|e| e.code())
                .or_else(|| e.downcast_ref::<StopTaskError>().and_then(|e| e.code()))
                .or_else(|| {
                    e.downcast_ref::<RegisterScalableTargetError>()
                        .and_then(|e| e.code())
                })
        });
        let status = ctx.response().map(|r| r.status().as_u16());
        write_retry(code, status)
    }

    fn name(&self) -> &'static str {
        "ecsdeck: retry writes only when throttled"
    }

    fn priority(&self) -> RetryClassifierPriority {
        RetryClassifierPriority::run_after(RetryClassifierPriority::transient_error_classifier())
    }
}

/// The decision for a failed write: retry a throttled one (explicitly rejected,
/// never applied), nothing else.
pub(crate) fn write_retry(code: Option<&str>, status: Option<u16>) -> RetryAction {
    if code.is_some_and(|c| THROTTLING.contains(&c)) || status == Some(429) {
        RetryAction::throttling_error()
    } else {
        RetryAction::RetryForbidden
    }
}

/// Words a failed write whose outcome is unknown: no answer, or a server error.
pub(crate) fn outcome_unknown(e: SourceError) -> SourceError {
    if matches!(e.kind, ErrorKind::Network | ErrorKind::Server) && e.hint.is_none() {
        e.with_hint("it may have been applied: refresh and check before trying again")
    } else {
        e
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_throttled_writes_are_retried() {
        assert!(write_retry(Some("ThrottlingException"), Some(400)).should_retry());
        assert!(write_retry(None, Some(429)).should_retry());
        for (code, status) in [
            (None, None),                         // reset, timeout: no answer
            (None, Some(500)),                    // server error
            (Some("ServerException"), Some(500)), // modeled server error
            (Some("InternalFailure"), Some(500)), // unmodeled server error
            (Some("ExpiredTokenException"), Some(400)),
            (Some("RequestTimeout"), Some(408)),
        ] {
            assert_eq!(
                write_retry(code, status),
                RetryAction::RetryForbidden,
                "{code:?} {status:?}"
            );
        }
    }

    #[test]
    fn unknown_outcomes_say_so() {
        let e = outcome_unknown(SourceError::new(
            ErrorKind::Network,
            "ecs:UpdateService",
            "cannot reach x: connection reset",
        ));
        assert!(e.hint.unwrap().contains("may have been applied"));
        let e = outcome_unknown(SourceError::new(
            ErrorKind::Throttled,
            "ecs:UpdateService",
            "rate limited",
        ));
        assert_eq!(e.hint, None);
    }
}
