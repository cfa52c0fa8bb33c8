//! SDK retries are calls too. The source records one call per request it
//! sends; the SDK may send it again (a throttled or failed attempt), and AWS
//! counts every attempt against the account's rate. [`CountRetries`] records
//! each retry attempt under the operation's name in the same call counter, so
//! the API budget settles, and the debug overlay shows, what went on the wire.

use std::sync::Arc;

use aws_smithy_runtime_api::box_error::BoxError;
use aws_smithy_runtime_api::client::interceptors::Intercept;
use aws_smithy_runtime_api::client::interceptors::context::BeforeTransmitInterceptorContextRef;
use aws_smithy_runtime_api::client::orchestrator::Metadata;
use aws_smithy_runtime_api::client::retries::RequestAttempts;
use aws_smithy_runtime_api::client::runtime_components::RuntimeComponents;
use aws_smithy_types::config_bag::ConfigBag;

use crate::source::CallCounter;

/// Records every attempt after the first as one more call of its operation.
#[derive(Debug)]
pub(super) struct CountRetries {
    /// The counter's service prefix (`ecs`, `elbv2`, ...).
    pub(super) prefix: &'static str,
    pub(super) calls: Arc<CallCounter>,
}

impl Intercept for CountRetries {
    fn name(&self) -> &'static str {
        "ecsdeck::CountRetries"
    }

    fn read_before_attempt(
        &self,
        _context: &BeforeTransmitInterceptorContextRef<'_>,
        _runtime_components: &RuntimeComponents,
        cfg: &mut ConfigBag,
    ) -> Result<(), BoxError> {
        let retry = cfg
            .load::<RequestAttempts>()
            .is_some_and(|a| a.attempts() > 1);
        if let (true, Some(op)) = (retry, cfg.load::<Metadata>()) {
            self.calls.record(&format!("{}:{}", self.prefix, op.name()));
        }
        Ok(())
    }
}
