//! SDK errors → [`SourceError`]: failures become data with a clear message
//! and, where one is known, a hint.

use std::error::Error as StdError;

use aws_sdk_ecs::error::{ProvideErrorMetadata, SdkError};
use aws_smithy_runtime_api::client::orchestrator::HttpResponse;
use aws_smithy_types::event_stream::RawMessage;

use crate::source::{ErrorKind, SourceError};

use super::api_names::iam_action;

/// What an error message may mention: profile, region and the endpoint of
/// each service.
#[derive(Debug, Clone, Default)]
pub(crate) struct ErrorEnv {
    /// Profile in use, if one was named.
    pub(crate) profile: Option<String>,
    /// Region in use.
    pub(crate) region: String,
    /// Endpoint per service prefix (`ecs`, `elbv2`, `cloudwatch`, `logs`, `sts`).
    pub(crate) endpoints: Vec<(&'static str, String)>,
}

impl ErrorEnv {
    fn endpoint(&self, operation: &str) -> String {
        let prefix = operation.split(':').next().unwrap_or_default();
        self.endpoints
            .iter()
            .find(|(p, _)| *p == prefix)
            .map(|(_, e)| e.clone())
            .unwrap_or_else(|| format!("the {prefix} endpoint"))
    }

    fn credentials_hint(&self) -> String {
        match &self.profile {
            Some(p) => format!("run: aws sso login --profile {p}"),
            None => "run: aws sso login, or refresh your credentials".to_string(),
        }
    }
}

/// What a call was about, to word not-found errors.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) enum Subject<'a> {
    /// Nothing specific.
    #[default]
    None,
    /// A cluster.
    Cluster(&'a str),
    /// A service of a cluster.
    Service(&'a str, &'a str),
    /// A task of a cluster.
    Task(&'a str, &'a str),
    /// A log group.
    LogGroup(&'a str),
}

/// How the request failed, stripped of SDK types (so it can be unit-tested).
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct Failure {
    /// The service's error code, e.g. `ClusterNotFoundException`.
    pub(crate) code: Option<String>,
    /// The service's message.
    pub(crate) message: Option<String>,
    /// HTTP status, when a response arrived.
    pub(crate) status: Option<u16>,
    /// No response: the request could not be sent or timed out.
    pub(crate) dispatch: bool,
    /// The request timed out.
    pub(crate) timeout: bool,
    /// The error chain mentions the credentials provider.
    pub(crate) credentials: bool,
    /// The innermost cause, worded for people (e.g. `connection refused`).
    pub(crate) cause: String,
}

/// Maps an SDK error of `operation` (a counter name such as `ecs:ListServices`).
pub(crate) fn from_sdk<E, R>(
    operation: &str,
    err: &SdkError<E, R>,
    env: &ErrorEnv,
    subject: Subject<'_>,
) -> SourceError
where
    E: ProvideErrorMetadata + StdError + 'static,
    R: RawStatus + std::fmt::Debug + Send + Sync + 'static,
{
    classify(operation, &failure(err), env, subject)
}

/// The HTTP status of a raw response, where it has one.
pub(crate) trait RawStatus {
    /// HTTP status code.
    fn status(&self) -> Option<u16>;
}

impl RawStatus for HttpResponse {
    fn status(&self) -> Option<u16> {
        Some(self.status().as_u16())
    }
}

impl RawStatus for RawMessage {
    fn status(&self) -> Option<u16> {
        None
    }
}

fn failure<E, R>(err: &SdkError<E, R>) -> Failure
where
    E: ProvideErrorMetadata + StdError + 'static,
    R: RawStatus + std::fmt::Debug + Send + Sync + 'static,
{
    let chain = chain_text(err);
    let credentials = mentions_credentials(&chain);
    let cause = innermost_cause(err);
    match err {
        SdkError::ServiceError(e) => Failure {
            code: e.err().code().map(str::to_string),
            message: e.err().message().map(str::to_string),
            status: e.raw().status(),
            cause,
            ..Failure::default()
        },
        SdkError::ResponseError(e) => Failure {
            status: e.raw().status(),
            cause,
            ..Failure::default()
        },
        SdkError::TimeoutError(_) => Failure {
            dispatch: true,
            timeout: true,
            credentials,
            cause,
            ..Failure::default()
        },
        SdkError::DispatchFailure(d) => Failure {
            dispatch: true,
            timeout: d.is_timeout(),
            credentials,
            cause,
            ..Failure::default()
        },
        _ => Failure {
            credentials,
            cause,
            ..Failure::default()
        },
    }
}

fn chain_text(err: &(dyn StdError + 'static)) -> String {
    let mut out = err.to_string();
    let mut cur = err.source();
    while let Some(e) = cur {
        out.push_str(": ");
        out.push_str(&e.to_string());
        cur = e.source();
    }
    out
}

fn mentions_credentials(chain: &str) -> bool {
    let l = chain.to_ascii_lowercase();
    l.contains("credential") || l.contains("profile") && l.contains("not defined")
}

/// The deepest error's text, with I/O kinds worded plainly.
fn innermost_cause(err: &(dyn StdError + 'static)) -> String {
    let mut cur: &(dyn StdError + 'static) = err;
    let mut io_kind = None;
    loop {
        if let Some(io) = cur.downcast_ref::<std::io::Error>() {
            io_kind = Some(io.kind());
        }
        match cur.source() {
            Some(next) => cur = next,
            None => break,
        }
    }
    match io_kind {
        Some(std::io::ErrorKind::ConnectionRefused) => "connection refused".to_string(),
        Some(std::io::ErrorKind::ConnectionReset) => "connection reset".to_string(),
        Some(std::io::ErrorKind::TimedOut) => "timed out".to_string(),
        _ => cur.to_string(),
    }
}

const ACCESS_DENIED: &[&str] = &[
    "AccessDenied",
    "AccessDeniedException",
    "UnauthorizedOperation",
    "UnauthorizedException",
    "AuthorizationError",
    "NotAuthorized",
];
const CREDENTIALS: &[&str] = &[
    "ExpiredToken",
    "ExpiredTokenException",
    "InvalidClientTokenId",
    "UnrecognizedClientException",
    "InvalidSignatureException",
    "SignatureDoesNotMatch",
    "MissingAuthenticationToken",
    "IncompleteSignature",
    "RequestExpired",
];
pub(crate) const THROTTLING: &[&str] = &[
    "Throttling",
    "ThrottlingException",
    "ThrottledException",
    "TooManyRequestsException",
    "RequestLimitExceeded",
    "RequestThrottled",
    "RequestThrottledException",
    "SlowDown",
    "ProvisionedThroughputExceededException",
];
const INVALID: &[&str] = &[
    "InvalidParameterException",
    "InvalidParameterValue",
    "InvalidParameterCombination",
    "ValidationException",
    "ValidationError",
    "ClientException",
    "InvalidOperationException",
    "MalformedQueryException",
];

/// Classifies a failure. Pure: the unit tests drive it directly.
pub(crate) fn classify(
    operation: &str,
    f: &Failure,
    env: &ErrorEnv,
    subject: Subject<'_>,
) -> SourceError {
    let code = f.code.as_deref().unwrap_or_default();
    let server_msg = f.message.clone().unwrap_or_default();
    let with_detail = |base: String| {
        if server_msg.is_empty() {
            base
        } else {
            format!("{base}: {server_msg}")
        }
    };
    let is = |list: &[&str]| list.contains(&code);

    if is(ACCESS_DENIED) || f.status == Some(403) && code.is_empty() {
        let action = iam_action(operation);
        return SourceError::new(
            ErrorKind::AccessDenied,
            operation,
            format!("missing permission {action}"),
        )
        .with_hint(format!("grant {action} (see docs/iam.md)"));
    }
    if is(CREDENTIALS) || (code.is_empty() && f.status.is_none() && f.credentials) {
        let what = if code.contains("Expired") {
            "credentials have expired".to_string()
        } else if code.is_empty() {
            format!("cannot load credentials: {}", f.cause)
        } else {
            with_detail(format!("credentials were rejected ({code})"))
        };
        return SourceError::new(ErrorKind::Credentials, operation, what)
            .with_hint(env.credentials_hint());
    }
    if is(THROTTLING) || f.status == Some(429) {
        return SourceError::new(
            ErrorKind::Throttled,
            operation,
            "rate limited by AWS; backing off",
        );
    }
    match code {
        "ClusterNotFoundException" => {
            let c = match subject {
                Subject::Cluster(c) | Subject::Service(c, _) | Subject::Task(c, _) => c,
                _ => "",
            };
            return SourceError::new(
                ErrorKind::NotFound,
                operation,
                format!("cluster {c} not found in region {}", env.region),
            )
            .with_hint("pick another cluster, or check --region / --profile");
        }
        "ServiceNotFoundException" | "ServiceNotActiveException" => {
            let msg = match subject {
                Subject::Service(c, s) => format!("service {s} not found in cluster {c}"),
                _ => with_detail("service not found".to_string()),
            };
            return SourceError::new(ErrorKind::NotFound, operation, msg);
        }
        "ResourceNotFoundException"
        | "TargetGroupNotFound"
        | "LoadBalancerNotFound"
        | "ResourceNotFound" => {
            let msg = match subject {
                Subject::LogGroup(g) => format!("log group {g} not found in region {}", env.region),
                Subject::Task(c, t) => format!("task {t} not found in cluster {c}"),
                _ => with_detail("not found".to_string()),
            };
            return SourceError::new(ErrorKind::NotFound, operation, msg);
        }
        _ => {}
    }
    if is(INVALID) {
        // ECS words a missing task or task definition as a ClientException.
        if let Subject::Task(c, t) = subject
            && server_msg.to_ascii_lowercase().contains("not found")
        {
            return SourceError::new(
                ErrorKind::NotFound,
                operation,
                format!("task {t} not found in cluster {c}"),
            );
        }
        return SourceError::new(
            ErrorKind::InvalidInput,
            operation,
            with_detail(format!("invalid request ({code})")),
        );
    }
    if code == "ServerException" || f.status.is_some_and(|s| s >= 500) {
        return SourceError::new(
            ErrorKind::Server,
            operation,
            with_detail(format!(
                "AWS server error{}",
                f.status.map(|s| format!(" (HTTP {s})")).unwrap_or_default()
            )),
        );
    }
    if f.dispatch {
        let endpoint = env.endpoint(operation);
        let cause = if f.timeout && !f.cause.contains("timed out") {
            format!("timed out ({})", f.cause)
        } else {
            f.cause.clone()
        };
        let lower = f.cause.to_ascii_lowercase();
        // Refused or unresolvable: the request never left. Closed, reset or timed
        // out after connecting: it may have arrived (a write may have been applied).
        let unreachable = [
            "refused",
            "dns",
            "lookup",
            "resolve",
            "unreachable",
            "connect timeout",
            "connect error",
        ]
        .iter()
        .any(|w| lower.contains(w));
        let what = if unreachable {
            "cannot reach"
        } else {
            "no answer from"
        };
        let mut e = SourceError::new(
            ErrorKind::Network,
            operation,
            format!("{what} {endpoint}: {cause}"),
        );
        if lower.contains("dns") || lower.contains("lookup") || lower.contains("resolve") {
            e = e.with_hint(format!(
                "check the region ({}) and your network",
                env.region
            ));
        }
        return e;
    }
    if code.is_empty() && f.status.is_none() && !f.cause.is_empty() {
        return SourceError::new(ErrorKind::Other, operation, f.cause.clone());
    }
    SourceError::new(
        ErrorKind::Other,
        operation,
        with_detail(if code.is_empty() {
            format!(
                "request failed{}",
                f.status.map(|s| format!(" (HTTP {s})")).unwrap_or_default()
            )
        } else {
            code.to_string()
        }),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env(profile: Option<&str>) -> ErrorEnv {
        ErrorEnv {
            profile: profile.map(str::to_string),
            region: "eu-west-1".into(),
            endpoints: vec![("ecs", "http://127.0.0.1:4999".into())],
        }
    }

    fn service(code: &str, status: u16) -> Failure {
        Failure {
            code: Some(code.into()),
            message: Some("server says no".into()),
            status: Some(status),
            ..Failure::default()
        }
    }

    #[test]
    fn access_denied_names_the_iam_action() {
        let e = classify(
            "ecs:DescribeServices",
            &service("AccessDeniedException", 400),
            &env(None),
            Subject::None,
        );
        assert_eq!(e.kind, ErrorKind::AccessDenied);
        assert_eq!(e.message, "missing permission ecs:DescribeServices");
        let e = classify(
            "elbv2:DescribeTargetHealth",
            &service("AccessDenied", 403),
            &env(None),
            Subject::None,
        );
        assert_eq!(
            e.message,
            "missing permission elasticloadbalancing:DescribeTargetHealth"
        );
    }

    #[test]
    fn expired_tokens_hint_at_sso_login_for_the_profile() {
        for code in ["ExpiredToken", "ExpiredTokenException"] {
            let e = classify(
                "ecs:ListServices",
                &service(code, 400),
                &env(Some("prod")),
                Subject::None,
            );
            assert_eq!(e.kind, ErrorKind::Credentials);
            assert_eq!(e.hint.as_deref(), Some("run: aws sso login --profile prod"));
        }
        let provider = Failure {
            credentials: true,
            cause: "the SSO session has expired or is invalid".into(),
            ..Failure::default()
        };
        let e = classify("ecs:ListServices", &provider, &env(None), Subject::None);
        assert_eq!(e.kind, ErrorKind::Credentials);
        assert!(e.message.contains("SSO session"));
        assert_eq!(
            e.hint.as_deref(),
            Some("run: aws sso login, or refresh your credentials")
        );
    }

    #[test]
    fn not_found_names_cluster_and_region() {
        let e = classify(
            "ecs:ListServices",
            &service("ClusterNotFoundException", 400),
            &env(None),
            Subject::Cluster("web"),
        );
        assert_eq!(e.kind, ErrorKind::NotFound);
        assert_eq!(e.message, "cluster web not found in region eu-west-1");
        let e = classify(
            "ecs:UpdateService",
            &service("ServiceNotFoundException", 400),
            &env(None),
            Subject::Service("web", "api"),
        );
        assert_eq!(e.kind, ErrorKind::NotFound);
        assert_eq!(e.message, "service api not found in cluster web");
    }

    #[test]
    fn throttling_server_and_invalid() {
        let t = classify(
            "ecs:DescribeTasks",
            &service("ThrottlingException", 400),
            &env(None),
            Subject::None,
        );
        assert_eq!(t.kind, ErrorKind::Throttled);
        assert!(t.is_transient());
        let s = classify(
            "ecs:DescribeTasks",
            &service("InternalFailure", 503),
            &env(None),
            Subject::None,
        );
        assert_eq!(s.kind, ErrorKind::Server);
        let i = classify(
            "ecs:UpdateService",
            &service("InvalidParameterException", 400),
            &env(None),
            Subject::None,
        );
        assert_eq!(i.kind, ErrorKind::InvalidInput);
    }

    #[test]
    fn dispatch_failures_name_the_endpoint() {
        let f = Failure {
            dispatch: true,
            cause: "connection refused".into(),
            ..Failure::default()
        };
        let e = classify("ecs:ListClusters", &f, &env(None), Subject::None);
        assert_eq!(e.kind, ErrorKind::Network);
        assert_eq!(
            e.message,
            "cannot reach http://127.0.0.1:4999: connection refused"
        );
        let dns = Failure {
            dispatch: true,
            cause: "dns error: failed to lookup address information".into(),
            ..Failure::default()
        };
        let e = classify("ecs:ListClusters", &dns, &env(None), Subject::None);
        assert!(e.hint.unwrap().contains("eu-west-1"));
        let closed = Failure {
            dispatch: true,
            cause: "connection closed before message completed".into(),
            ..Failure::default()
        };
        let e = classify("ecs:UpdateService", &closed, &env(None), Subject::None);
        assert_eq!(e.kind, ErrorKind::Network);
        assert_eq!(
            e.message,
            "no answer from http://127.0.0.1:4999: connection closed before message completed"
        );
        let slow = Failure {
            dispatch: true,
            timeout: true,
            cause: "operation attempt timeout occurred after 1s".into(),
            ..Failure::default()
        };
        let e = classify("ecs:ListClusters", &slow, &env(None), Subject::None);
        assert_eq!(
            e.message,
            "no answer from http://127.0.0.1:4999: timed out (operation attempt timeout occurred after 1s)"
        );
    }

    #[test]
    fn unknown_profile_is_a_credentials_error() {
        let f = Failure {
            credentials: true,
            cause: "profile `nope` was not defined".into(),
            ..Failure::default()
        };
        let e = classify("ecs:ListClusters", &f, &env(Some("nope")), Subject::None);
        assert_eq!(e.kind, ErrorKind::Credentials);
        assert!(e.message.contains("profile `nope` was not defined"));
    }
}
