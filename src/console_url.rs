//! AWS console addresses of the resources ecsdeck shows, built from their
//! ARNs (which carry partition and region) or, for log streams, from the
//! region: the partition's console domain, and each component encoded the
//! way the console's router expects it.

/// The console host of a region: `https://REGION.console.DOMAIN` with the
/// partition's domain (`amazonaws.cn` for `cn-*`, `amazonaws-us-gov.com` for
/// `us-gov-*`, `aws.amazon.com` otherwise).
pub(crate) fn console_host(region: &str) -> String {
    let domain = if region.starts_with("cn-") {
        "amazonaws.cn"
    } else if region.starts_with("us-gov-") {
        "amazonaws-us-gov.com"
    } else {
        "aws.amazon.com"
    };
    format!("https://{region}.console.{domain}")
}

/// Percent-encodes everything but the unreserved characters (RFC 3986),
/// like JavaScript's `encodeURIComponent` without its `!'()*` exceptions.
fn encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// The CloudWatch console's fragment encoding: encoded twice, then `%` → `$`
/// (`/ecs/api` → `$252Fecs$252Fapi`).
fn console_fragment(s: &str) -> String {
    encode(&encode(s)).replace('%', "$")
}

/// The console address of the resource an ARN names: an ECS service, task
/// or task definition revision, an ELBv2 target group or a CloudWatch alarm.
pub(crate) fn for_arn(arn: &str) -> Option<String> {
    let mut parts = arn.splitn(6, ':');
    let (Some("arn"), Some(_partition), Some(service), Some(region), Some(_account), Some(rest)) = (
        parts.next(),
        parts.next(),
        parts.next(),
        parts.next(),
        parts.next(),
        parts.next(),
    ) else {
        return None;
    };
    if region.is_empty() {
        return None;
    }
    let host = console_host(region);
    let q = format!("?region={region}");
    match service {
        "ecs" => {
            let (kind, path) = rest.split_once('/')?;
            match kind {
                "service" => {
                    let (cluster, name) = path.split_once('/')?;
                    Some(format!(
                        "{host}/ecs/v2/clusters/{}/services/{}/health{q}",
                        encode(cluster),
                        encode(name)
                    ))
                }
                "task" => {
                    let (cluster, id) = path.split_once('/')?;
                    Some(format!(
                        "{host}/ecs/v2/clusters/{}/tasks/{}/configuration{q}",
                        encode(cluster),
                        encode(id)
                    ))
                }
                "task-definition" => {
                    let (family, revision) = path.rsplit_once(':')?;
                    Some(format!(
                        "{host}/ecs/v2/task-definitions/{}/{}/containers{q}",
                        encode(family),
                        encode(revision)
                    ))
                }
                _ => None,
            }
        }
        "elasticloadbalancing" if rest.starts_with("targetgroup/") => Some(format!(
            "{host}/ec2/home{q}#TargetGroup:targetGroupArn={}",
            encode(arn)
        )),
        "cloudwatch" => {
            let name = rest.strip_prefix("alarm:")?;
            Some(format!(
                "{host}/cloudwatch/home{q}#alarmsV2:alarm/{}",
                encode(name)
            ))
        }
        _ => None,
    }
}

/// The console address of a log group, or of one of its streams.
pub(crate) fn for_log(region: &str, group: &str, stream: Option<&str>) -> String {
    let mut url = format!(
        "{}/cloudwatch/home?region={region}#logsV2:log-groups/log-group/{}",
        console_host(region),
        console_fragment(group)
    );
    if let Some(s) = stream {
        url.push_str("/log-events/");
        url.push_str(&console_fragment(s));
    }
    url
}

/// The region of an ARN (`arn:PARTITION:SERVICE:REGION:...`).
pub(crate) fn region_of(arn: &str) -> Option<&str> {
    arn.split(':').nth(3).filter(|r| !r.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn service_task_and_revision_in_each_partition() {
        assert_eq!(
            for_arn("arn:aws:ecs:eu-west-1:123456789012:service/prod/payments").as_deref(),
            Some(
                "https://eu-west-1.console.aws.amazon.com/ecs/v2/clusters/prod/services/payments/health?region=eu-west-1"
            )
        );
        assert_eq!(
            for_arn("arn:aws-cn:ecs:cn-north-1:123456789012:task/prod/0a1b2c3d").as_deref(),
            Some(
                "https://cn-north-1.console.amazonaws.cn/ecs/v2/clusters/prod/tasks/0a1b2c3d/configuration?region=cn-north-1"
            )
        );
        assert_eq!(
            for_arn("arn:aws-us-gov:ecs:us-gov-west-1:123456789012:task-definition/api:42")
                .as_deref(),
            Some(
                "https://us-gov-west-1.console.amazonaws-us-gov.com/ecs/v2/task-definitions/api/42/containers?region=us-gov-west-1"
            )
        );
    }

    #[test]
    fn target_group_and_alarm_are_encoded() {
        let tg = "arn:aws:elasticloadbalancing:us-east-1:1:targetgroup/web/73e2d6bc24d8a067";
        assert_eq!(
            for_arn(tg).as_deref(),
            Some(
                "https://us-east-1.console.aws.amazon.com/ec2/home?region=us-east-1#TargetGroup:targetGroupArn=arn%3Aaws%3Aelasticloadbalancing%3Aus-east-1%3A1%3Atargetgroup%2Fweb%2F73e2d6bc24d8a067"
            )
        );
        assert_eq!(
            for_arn("arn:aws:cloudwatch:us-east-1:1:alarm:payments 5xx > 1%").as_deref(),
            Some(
                "https://us-east-1.console.aws.amazon.com/cloudwatch/home?region=us-east-1#alarmsV2:alarm/payments%205xx%20%3E%201%25"
            )
        );
    }

    #[test]
    fn log_streams_use_the_consoles_double_encoding() {
        assert_eq!(
            for_log("eu-west-1", "/ecs/api", Some("ecs/app/0a1b")),
            "https://eu-west-1.console.aws.amazon.com/cloudwatch/home?region=eu-west-1#logsV2:log-groups/log-group/$252Fecs$252Fapi/log-events/ecs$252Fapp$252F0a1b"
        );
        assert_eq!(
            for_log("cn-northwest-1", "/ecs/a b", None),
            "https://cn-northwest-1.console.amazonaws.cn/cloudwatch/home?region=cn-northwest-1#logsV2:log-groups/log-group/$252Fecs$252Fa$2520b"
        );
    }

    #[test]
    fn hostile_names_cannot_leave_their_component() {
        let url = for_arn("arn:aws:ecs:us-east-1:1:service/prod/x\u{1b}]0;t\u{7}?a=b#c/../d")
            .unwrap_or_default();
        assert!(url.is_ascii(), "{url}");
        assert!(!url.contains('\u{1b}') && !url.contains("/../"), "{url}");
        assert!(url.ends_with("/health?region=us-east-1"), "{url}");
        assert_eq!(for_arn("not an arn"), None);
        assert_eq!(for_arn("arn:aws:ecs::1:service/prod/x"), None);
        assert_eq!(for_arn("arn:aws:sqs:us-east-1:1:queue"), None);
        assert_eq!(
            region_of("arn:aws:ecs:eu-west-2:1:service/a/b"),
            Some("eu-west-2")
        );
    }
}
