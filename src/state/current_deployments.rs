//! What the views know of the services' current service deployments
//! (DescribeServiceDeployments of the ARNs DescribeServices names).

use crate::model::{Service, ServiceDeployment};
use crate::source::ErrorKind;

use super::State;

impl State {
    /// The current service deployment of `service`, once fetched.
    pub(crate) fn current_deployment_of(&self, service: &Service) -> Option<&ServiceDeployment> {
        let arn = service.current_service_deployment.as_ref()?;
        self.current_deployments.data.as_ref()?.get(arn)
    }

    /// The current service deployment of `service` while it runs (not in a
    /// terminal status).
    pub(crate) fn running_deployment_of(&self, service: &Service) -> Option<&ServiceDeployment> {
        self.current_deployment_of(service)
            .filter(|d| d.status.is_some_and(|s| !s.is_terminal()))
    }

    /// Whether the service-deployment APIs are refused for good (access
    /// denied, or an endpoint without them): they are not asked again, and
    /// progress comes from the `deployments` array alone.
    pub(crate) fn service_deployments_unavailable(&self) -> bool {
        self.current_deployments
            .last_error
            .as_ref()
            .is_some_and(|e| matches!(e.kind, ErrorKind::AccessDenied | ErrorKind::Unsupported))
    }
}
