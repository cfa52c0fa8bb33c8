//! Identifiers in AWS's formats (ARNs, task ids, deployment ids) and the
//! deterministic hashing the simulator derives them from.

use rand::Rng;
use rand_chacha::ChaCha8Rng;

/// The simulated AWS account.
pub(crate) const ACCOUNT: &str = "123456789012";
/// The simulated region.
pub(crate) const REGION: &str = "us-east-1";
/// The availability zones tasks are spread over.
pub(crate) const AZS: [&str; 3] = ["us-east-1a", "us-east-1b", "us-east-1c"];

/// `arn:aws:ecs:us-east-1:123456789012:cluster/NAME`.
pub(crate) fn cluster_arn(cluster: &str) -> String {
    format!("arn:aws:ecs:{REGION}:{ACCOUNT}:cluster/{cluster}")
}

/// `arn:aws:ecs:us-east-1:123456789012:service/CLUSTER/NAME`.
pub(crate) fn service_arn(cluster: &str, service: &str) -> String {
    format!("arn:aws:ecs:{REGION}:{ACCOUNT}:service/{cluster}/{service}")
}

/// `arn:aws:ecs:us-east-1:123456789012:task/CLUSTER/ID`.
pub(crate) fn task_arn(cluster: &str, id: &str) -> String {
    format!("arn:aws:ecs:{REGION}:{ACCOUNT}:task/{cluster}/{id}")
}

/// `arn:aws:ecs:us-east-1:123456789012:task-definition/FAMILY:REV`.
pub(crate) fn task_def_arn(family: &str, revision: u32) -> String {
    format!("arn:aws:ecs:{REGION}:{ACCOUNT}:task-definition/{family}:{revision}")
}

/// A target group ARN with a 16-hex id.
pub(crate) fn target_group_arn(name: &str, id: &str) -> String {
    format!("arn:aws:elasticloadbalancing:{REGION}:{ACCOUNT}:targetgroup/{name}/{id}")
}

/// A CloudWatch alarm ARN.
pub(crate) fn alarm_arn(name: &str) -> String {
    format!("arn:aws:cloudwatch:{REGION}:{ACCOUNT}:alarm:{name}")
}

/// `n` random lowercase hex digits.
pub(crate) fn hex(rng: &mut ChaCha8Rng, n: usize) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    (0..n)
        .map(|_| char::from(DIGITS[rng.random_range(0..16)]))
        .collect()
}

/// A UUID-shaped random id (ECS service event ids look like this).
pub(crate) fn uuid(rng: &mut ChaCha8Rng) -> String {
    format!(
        "{}-{}-{}-{}-{}",
        hex(rng, 8),
        hex(rng, 4),
        hex(rng, 4),
        hex(rng, 4),
        hex(rng, 12)
    )
}

/// SplitMix64 finaliser: a fast, well-mixed, deterministic hash step.
pub(crate) fn mix(mut x: u64) -> u64 {
    x = x.wrapping_add(0x9e37_79b9_7f4a_7c15);
    x = (x ^ (x >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    x = (x ^ (x >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    x ^ (x >> 31)
}

/// FNV-1a of a string, then mixed: a stable hash that does not depend on std's random state.
pub(crate) fn hash_str(s: &str) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in s.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    mix(h)
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;

    #[test]
    fn arns_follow_aws_formats() {
        assert_eq!(
            service_arn("prod", "web-api"),
            "arn:aws:ecs:us-east-1:123456789012:service/prod/web-api"
        );
        assert_eq!(
            task_def_arn("web-api", 3),
            "arn:aws:ecs:us-east-1:123456789012:task-definition/web-api:3"
        );
    }

    #[test]
    fn hex_ids_have_the_requested_length_and_alphabet() {
        let mut rng = ChaCha8Rng::seed_from_u64(1);
        let id = hex(&mut rng, 32);
        assert_eq!(id.len(), 32);
        assert!(
            id.chars()
                .all(|c| c.is_ascii_hexdigit() && !c.is_ascii_uppercase())
        );
        assert_eq!(uuid(&mut rng).len(), 36);
    }

    #[test]
    fn hashes_are_stable() {
        assert_eq!(hash_str("abc"), hash_str("abc"));
        assert_ne!(hash_str("abc"), hash_str("abd"));
        assert_ne!(mix(1), mix(2));
    }
}
