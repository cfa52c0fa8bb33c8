//! Loading the SDK configuration: profile, region, credentials chain, retry,
//! timeouts and endpoints (`--endpoint-url`, `AWS_ENDPOINT_URL`,
//! `AWS_ENDPOINT_URL_<SERVICE>` and the profile's `endpoint_url`).

use std::time::Duration;

use aws_config::retry::RetryConfig;
use aws_config::timeout::TimeoutConfig;
use aws_config::{BehaviorVersion, Region, SdkConfig};
use aws_credential_types::provider::SharedCredentialsProvider;
use aws_types::service_config::ServiceConfigKey;

use crate::source::{ErrorKind, SourceError};

use super::AwsOptions;

/// Knobs beyond [`AwsOptions`]: retries, timeouts, fan-out and (for tests)
/// a fixed credentials provider. The defaults suit real AWS.
#[derive(Debug, Clone)]
pub struct AwsTuning {
    /// Attempts per call, including the first (standard retry mode: exponential
    /// backoff with jitter; writes retry only when throttled).
    pub max_attempts: u32,
    /// TCP/TLS connect timeout.
    pub connect_timeout: Duration,
    /// Timeout of one attempt of a request/response call (not of a live tail stream).
    pub attempt_timeout: Duration,
    /// Calls in flight at once within one fetch.
    pub fanout: usize,
    /// Use these credentials instead of the default chain (tests, embedding).
    pub credentials: Option<SharedCredentialsProvider>,
    /// Name of the SDK's retry partition. The SDK keeps one retry budget (token
    /// bucket) per partition for the whole process; sources that must not
    /// spend each other's budget (tests running side by side) name their own.
    pub retry_partition: Option<String>,
}

impl Default for AwsTuning {
    fn default() -> Self {
        Self {
            max_attempts: 5,
            connect_timeout: Duration::from_secs(5),
            attempt_timeout: Duration::from_secs(30),
            fanout: super::fanout::DEFAULT_FANOUT,
            credentials: None,
            retry_partition: None,
        }
    }
}

/// Loads the shared SDK config with the default chains.
pub(crate) async fn load(opts: &AwsOptions, tuning: &AwsTuning) -> Result<SdkConfig, SourceError> {
    if let Some(r) = &opts.region {
        check_region(r)?;
    }
    if let Some(p) = selected_profile(opts).as_deref() {
        check_profile(p).await?;
    }
    // Standard, not adaptive, retry mode: adaptive mode's client-side rate
    // limiter drops to 0.5 tokens/s after a throttle and charges 5 tokens per
    // retry, so under steady throttling every retry of a console that sends a
    // few calls per refresh waited 10 s or more (a refresh took over a minute
    // at 30 % throttling, see tests/aws_faults.rs). The pollers already keep
    // one fetch in flight per kind and back off after failures.
    let mut loader = aws_config::defaults(BehaviorVersion::latest())
        .retry_config(
            RetryConfig::standard()
                .with_max_attempts(tuning.max_attempts.max(1))
                .with_initial_backoff(Duration::from_millis(200)),
        )
        .timeout_config(
            TimeoutConfig::builder()
                .connect_timeout(tuning.connect_timeout)
                .operation_attempt_timeout(tuning.attempt_timeout)
                .build(),
        );
    if let Some(p) = &opts.profile {
        loader = loader.profile_name(p);
    }
    if let Some(r) = &opts.region {
        loader = loader.region(Region::new(r.clone()));
    }
    if let Some(u) = &opts.endpoint_url {
        loader = loader.endpoint_url(u);
    }
    if let Some(c) = &tuning.credentials {
        loader = loader.credentials_provider(c.clone());
    }
    let conf = loader.load().await;
    if conf.region().is_none() {
        let where_ = opts
            .profile
            .as_deref()
            .map(|p| format!(" (profile {p} names none)"))
            .unwrap_or_default();
        return Err(SourceError::new(
            ErrorKind::InvalidInput,
            "config",
            format!("no AWS region configured{where_}"),
        )
        .with_hint("pass --region, set AWS_REGION, or add region to the profile"));
    }
    Ok(conf)
}

/// The profile in use: `--profile`, else a non-empty `AWS_PROFILE`.
pub fn selected_profile(opts: &AwsOptions) -> Option<String> {
    opts.profile
        .clone()
        .or_else(|| std::env::var("AWS_PROFILE").ok().filter(|p| !p.is_empty()))
}

/// Refuses a region name that cannot exist (`us-east-1`, `eu-central-2`,
/// `us-gov-west-1` pass), so a typo is a clear
/// error instead of a DNS failure on an endpoint that does not exist.
pub(crate) fn check_region(region: &str) -> Result<(), SourceError> {
    let parts: Vec<&str> = region.split('-').collect();
    let well_formed = parts.len() >= 3
        && parts.iter().all(|p| {
            !p.is_empty()
                && p.chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
        })
        && parts[0].len() == 2
        && parts[0].chars().all(|c| c.is_ascii_lowercase())
        && parts
            .last()
            .is_some_and(|p| p.chars().all(|c| c.is_ascii_digit()));
    if well_formed {
        return Ok(());
    }
    Err(SourceError::new(
        ErrorKind::InvalidInput,
        "config",
        format!("unknown AWS region `{region}`"),
    )
    .with_hint("regions look like us-east-1 or eu-west-2; see `aws account list-regions`"))
}

/// Refuses a named profile that is in neither shared file, naming the known
/// ones. `default` may be absent (credentials can come from the environment).
async fn check_profile(profile: &str) -> Result<(), SourceError> {
    if profile == "default" {
        return Ok(());
    }
    let set = aws_config::profile::load(
        &aws_types::os_shim_internal::Fs::real(),
        &aws_types::os_shim_internal::Env::real(),
        &Default::default(),
        None,
    )
    .await
    .map_err(|e| {
        SourceError::new(
            ErrorKind::InvalidInput,
            "config",
            format!("cannot read the AWS shared config files: {e}"),
        )
    })?;
    if set.get_profile(profile).is_some() {
        return Ok(());
    }
    let mut known: Vec<&str> = set.profiles().collect();
    known.sort_unstable();
    let known = if known.is_empty() {
        "no profiles are defined".to_string()
    } else {
        format!("known profiles: {}", known.join(", "))
    };
    Err(SourceError::new(
        ErrorKind::InvalidInput,
        "config",
        format!("AWS profile `{profile}` not found in ~/.aws/config or ~/.aws/credentials ({known})"),
    )
    .with_hint(format!(
        "create it with `aws configure --profile {profile}` or `aws configure sso --profile {profile}`, or pick a known one"
    )))
}

/// One service as the endpoint configuration knows it.
#[derive(Debug, Clone, Copy)]
pub(crate) struct ServiceId {
    /// Counter prefix (`ecs`, `elbv2`, ...).
    pub(crate) prefix: &'static str,
    /// SDK service id, which names `AWS_ENDPOINT_URL_<ID>` (spaces → `_`, upper case).
    pub(crate) sdk_id: &'static str,
    /// Host label of the public endpoint.
    pub(crate) host: &'static str,
}

/// The seven services this source talks to.
pub(crate) const SERVICES: [ServiceId; 7] = [
    ServiceId {
        prefix: "ecs",
        sdk_id: "ECS",
        host: "ecs",
    },
    ServiceId {
        prefix: "elbv2",
        sdk_id: "Elastic Load Balancing v2",
        host: "elasticloadbalancing",
    },
    ServiceId {
        prefix: "cloudwatch",
        sdk_id: "CloudWatch",
        host: "monitoring",
    },
    ServiceId {
        prefix: "logs",
        sdk_id: "CloudWatch Logs",
        host: "logs",
    },
    ServiceId {
        prefix: "sts",
        sdk_id: "STS",
        host: "sts",
    },
    ServiceId {
        prefix: "autoscaling",
        sdk_id: "Application Auto Scaling",
        host: "application-autoscaling",
    },
    ServiceId {
        prefix: "ssm",
        sdk_id: "SSM",
        host: "ssm",
    },
];

/// The custom endpoint a service uses, resolved the way the SDK does it:
/// `--endpoint-url` wins, then `AWS_ENDPOINT_URL_<SERVICE>` / the profile's
/// services section, then `AWS_ENDPOINT_URL` / the profile's `endpoint_url`.
pub(crate) fn custom_endpoint(
    conf: &SdkConfig,
    opts: &AwsOptions,
    svc: ServiceId,
) -> Option<String> {
    if let Some(u) = &opts.endpoint_url {
        return Some(u.clone());
    }
    let key = ServiceConfigKey::builder()
        .service_id(svc.sdk_id)
        .env("AWS_ENDPOINT_URL")
        .profile("endpoint_url")
        .build()
        .ok()?;
    conf.service_config()
        .and_then(|c| c.load_config(key))
        .or_else(|| conf.endpoint_url().map(str::to_string))
}

/// The endpoint to name in messages: the custom one, or the public one.
pub(crate) fn display_endpoint(custom: Option<&str>, svc: ServiceId, region: &str) -> String {
    match custom {
        Some(u) => u.trim_end_matches('/').to_string(),
        None => {
            let suffix = if region.starts_with("cn-") {
                "amazonaws.com.cn"
            } else {
                "amazonaws.com"
            };
            format!("https://{}.{region}.{suffix}", svc.host)
        }
    }
}

/// The AWS partition of a region, for building ARNs.
pub(crate) fn partition(region: &str) -> &'static str {
    if region.starts_with("cn-") {
        "aws-cn"
    } else if region.starts_with("us-gov-") {
        "aws-us-gov"
    } else {
        "aws"
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn region_names_are_checked() {
        for ok in [
            "us-east-1",
            "eu-central-2",
            "us-gov-west-1",
            "ap-southeast-4",
            "cn-north-1",
        ] {
            assert!(check_region(ok).is_ok(), "{ok}");
        }
        for bad in [
            "useast1",
            "us-east",
            "US-EAST-1",
            "us-east-1a",
            "",
            "eu--1",
            "x-y-1",
        ] {
            let e = check_region(bad).expect_err(bad);
            assert_eq!(e.kind, ErrorKind::InvalidInput);
            assert!(e.to_string().contains("unknown AWS region"), "{e}");
        }
    }

    #[test]
    fn public_endpoints_follow_the_region() {
        assert_eq!(
            display_endpoint(None, SERVICES[2], "eu-west-1"),
            "https://monitoring.eu-west-1.amazonaws.com"
        );
        assert_eq!(
            display_endpoint(Some("http://127.0.0.1:5000/"), SERVICES[0], "x"),
            "http://127.0.0.1:5000"
        );
        assert_eq!(partition("cn-north-1"), "aws-cn");
        assert_eq!(partition("us-east-1"), "aws");
    }
}
