//! The API budget: a client-side token bucket per AWS API family, in front of
//! every read the console starts.
//!
//! A fetch is started only when its family's bucket holds the calls it is
//! expected to make; otherwise it waits (its data gets older, and the header
//! shows the age) rather than calls going over. The calls a fetch really made
//! are settled against the bucket afterwards, so a fetch that cost more than
//! expected is paid for by the next ones. Writes are not reads: they never
//! wait for the budget. On a throttling answer the family's rate is halved
//! (multiplicative decrease, down to a floor), held for ten seconds, then
//! grows back by a small step every second without throttling (additive
//! increase): from the floor to the configured rate in under a minute.
//!
//! The buckets are pure bookkeeping over an `Instant` the caller passes, so the
//! simulator tests drive them on a virtual clock.

use std::collections::BTreeMap;
use std::time::Instant;

use serde::Deserialize;

/// A family of AWS read APIs that shares one bucket.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Family {
    /// ECS reads (List*, Describe*).
    EcsReads,
    /// Elastic Load Balancing v2.
    Elbv2,
    /// CloudWatch (alarms, metrics).
    CloudWatch,
    /// CloudWatch Logs.
    Logs,
}

impl Family {
    /// Every family, in display order.
    pub(crate) const ALL: [Family; 4] = [
        Family::EcsReads,
        Family::Elbv2,
        Family::CloudWatch,
        Family::Logs,
    ];

    /// The family of an operation name (`ecs:DescribeServices`), or `None` for
    /// writes and other calls the budget does not hold back.
    pub fn of(operation: &str) -> Option<Family> {
        let (service, action) = operation.split_once(':')?;
        match service {
            "ecs" if action.starts_with("List") || action.starts_with("Describe") => {
                Some(Family::EcsReads)
            }
            "elasticloadbalancing" | "elbv2" => Some(Family::Elbv2),
            "cloudwatch" => Some(Family::CloudWatch),
            "logs" => Some(Family::Logs),
            _ => None,
        }
    }

    /// A short label for the debug overlay.
    pub(crate) fn label(self) -> &'static str {
        match self {
            Family::EcsReads => "ECS reads",
            Family::Elbv2 => "ELBv2",
            Family::CloudWatch => "CloudWatch",
            Family::Logs => "Logs",
        }
    }

    fn index(self) -> usize {
        match self {
            Family::EcsReads => 0,
            Family::Elbv2 => 1,
            Family::CloudWatch => 2,
            Family::Logs => 3,
        }
    }
}

/// One family's limits: sustained calls per second and the burst.
#[derive(Debug, Clone, Copy, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Rate {
    /// Sustained calls per second.
    pub per_sec: f64,
    /// Calls that may be made at once after a quiet spell.
    pub burst: f64,
}

/// The `[budget]` table of the config.
#[derive(Debug, Clone, Copy, PartialEq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct BudgetConfig {
    /// ECS List*/Describe* calls.
    pub ecs_reads: Rate,
    /// Elastic Load Balancing v2 calls.
    pub elbv2: Rate,
    /// CloudWatch calls.
    pub cloudwatch: Rate,
    /// CloudWatch Logs calls.
    pub logs: Rate,
    /// How fast the services off screen are swept on a big cluster.
    pub sweep: Sweep,
}

/// The background sweep of a big cluster: the services off screen are all
/// described again about once a `period_secs`, but never more than
/// `max_per_refresh` a refresh. The defaults keep an idle 2,000-service
/// console under 120 calls a minute; `max_per_refresh = 170` sweeps 2,000
/// services a minute at a 5 s refresh, for about 290 calls a minute.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Sweep {
    /// The whole cluster is swept, and its membership listed, about this often.
    pub period_secs: u64,
    /// Most services described by the sweep in one refresh.
    pub max_per_refresh: usize,
}

impl Sweep {
    /// The default sweep period, in seconds.
    pub const DEFAULT_PERIOD_SECS: u64 = 60;
    /// The default cap a refresh (two DescribeServices calls).
    pub const DEFAULT_MAX_PER_REFRESH: usize = 20;

    /// The sweep period as a duration.
    pub fn period(&self) -> chrono::Duration {
        chrono::Duration::seconds(i64::try_from(self.period_secs).unwrap_or(i64::MAX / 1000))
    }
}

impl Default for Sweep {
    fn default() -> Self {
        Self {
            period_secs: Self::DEFAULT_PERIOD_SECS,
            max_per_refresh: Self::DEFAULT_MAX_PER_REFRESH,
        }
    }
}

impl Default for BudgetConfig {
    fn default() -> Self {
        Self {
            // The cold start of a 2,000-service cluster costs 220 calls.
            ecs_reads: Rate {
                per_sec: 5.0,
                burst: 300.0,
            },
            elbv2: Rate {
                per_sec: 4.0,
                burst: 60.0,
            },
            cloudwatch: Rate {
                per_sec: 2.0,
                burst: 20.0,
            },
            // FilterLogEvents allows 5 a second per account; the polling tail
            // pages back to back only while it catches up.
            logs: Rate {
                per_sec: 3.0,
                burst: 20.0,
            },
            sweep: Sweep::default(),
        }
    }
}

impl BudgetConfig {
    fn rate(&self, family: Family) -> Rate {
        match family {
            Family::EcsReads => self.ecs_reads,
            Family::Elbv2 => self.elbv2,
            Family::CloudWatch => self.cloudwatch,
            Family::Logs => self.logs,
        }
    }

    /// An error naming the first rate that is not a positive, finite number.
    pub(crate) fn check(&self) -> Result<(), String> {
        for family in Family::ALL {
            let rate = self.rate(family);
            let name = config_name(family);
            if !(rate.per_sec.is_finite() && rate.per_sec > 0.0) {
                return Err(format!("budget.{name}.per_sec must be a number above 0"));
            }
            if !(rate.burst.is_finite() && rate.burst >= 1.0) {
                return Err(format!(
                    "budget.{name}.burst must be a number of at least 1"
                ));
            }
        }
        if !(10..=3600).contains(&self.sweep.period_secs) {
            return Err("budget.sweep.period_secs must be 10 to 3600".to_string());
        }
        if !(1..=1000).contains(&self.sweep.max_per_refresh) {
            return Err("budget.sweep.max_per_refresh must be 1 to 1000".to_string());
        }
        Ok(())
    }
}

fn config_name(family: Family) -> &'static str {
    match family {
        Family::EcsReads => "ecs_reads",
        Family::Elbv2 => "elbv2",
        Family::CloudWatch => "cloudwatch",
        Family::Logs => "logs",
    }
}

/// The lowest a throttled rate falls to, in calls per second.
const FLOOR_PER_SEC: f64 = 0.2;
/// How fast a cut rate grows back: this share of the configured rate per second.
const RECOVERY_SHARE_PER_SEC: f64 = 0.02;
/// A cut rate holds this long after the last throttling answer before it grows back.
const HOLD_AFTER_THROTTLE: std::time::Duration = std::time::Duration::from_secs(10);

/// A token bucket whose rate can be cut and grows back.
#[derive(Debug, Clone)]
pub(crate) struct TokenBucket {
    configured: Rate,
    per_sec: f64,
    tokens: f64,
    last: Instant,
    /// No growth before this (set by a throttling answer).
    hold_until: Option<Instant>,
}

impl TokenBucket {
    /// A full bucket at `now`.
    pub(crate) fn new(rate: Rate, now: Instant) -> Self {
        Self {
            configured: rate,
            per_sec: rate.per_sec,
            tokens: rate.burst,
            last: now,
            hold_until: None,
        }
    }

    fn refill(&mut self, now: Instant) {
        let dt = now.saturating_duration_since(self.last).as_secs_f64();
        if dt <= 0.0 {
            return;
        }
        let since = self.last.max(self.hold_until.unwrap_or(self.last));
        self.last = now;
        // Additive increase: the rate grows back while nothing is throttled.
        let growing = now.saturating_duration_since(since).as_secs_f64();
        let step = self.configured.per_sec * RECOVERY_SHARE_PER_SEC * growing;
        let rate_before = self.per_sec;
        self.per_sec = (self.per_sec + step).min(self.configured.per_sec);
        let avg = (rate_before + self.per_sec) / 2.0;
        self.tokens = (self.tokens + avg * dt).min(self.configured.burst);
    }

    /// Whether `calls` calls may start at `now`.
    pub(crate) fn can_take(&mut self, calls: f64, now: Instant) -> bool {
        self.refill(now);
        // A fetch costing more than the whole burst may start on a full bucket.
        self.tokens >= calls.min(self.configured.burst)
    }

    /// Takes `calls` tokens at `now` (the balance may go below zero: the
    /// calls were made and are paid back before anything else starts).
    pub(crate) fn take(&mut self, calls: f64, now: Instant) {
        self.refill(now);
        self.tokens -= calls;
    }

    /// Gives back tokens taken for calls that were not made.
    pub(crate) fn give_back(&mut self, calls: f64) {
        self.tokens = (self.tokens + calls).min(self.configured.burst);
    }

    /// AWS throttled a call: halve the rate (not below the floor), keep at
    /// most a second's worth of tokens, and hold the rate for a while.
    pub(crate) fn throttled(&mut self, now: Instant) {
        self.refill(now);
        self.hold_until = now.checked_add(HOLD_AFTER_THROTTLE);
        self.per_sec = (self.per_sec / 2.0).max(FLOOR_PER_SEC.min(self.configured.per_sec));
        self.tokens = self.tokens.min(self.per_sec);
    }

    /// The current sustained rate (calls per second).
    pub(crate) fn per_sec(&self) -> f64 {
        self.per_sec
    }

    /// The tokens available (calls that may start now).
    pub(crate) fn tokens(&self) -> f64 {
        self.tokens
    }

    /// The configured limits.
    pub(crate) fn configured(&self) -> Rate {
        self.configured
    }
}

/// What the debug overlay shows of one family.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct FamilyUse {
    /// The family.
    pub family: Family,
    /// Configured sustained rate.
    pub(crate) configured_per_sec: f64,
    /// Current rate (below the configured one after throttling).
    pub per_sec: f64,
    /// Tokens left.
    pub(crate) tokens: f64,
    /// The burst.
    pub(crate) burst: f64,
    /// Times since the start a due fetch was held back because the bucket was short.
    pub(crate) held_back: u64,
}

/// The buckets of every family, and the calls already settled against them.
#[derive(Debug, Clone)]
pub(crate) struct Budget {
    buckets: [TokenBucket; 4],
    /// Calls taken on expectation and not yet matched by counted calls.
    expected: [f64; 4],
    /// Counted calls per operation already settled.
    settled: BTreeMap<String, u64>,
    held_back: [u64; 4],
}

impl Budget {
    /// Full buckets at `now`.
    pub(crate) fn new(config: &BudgetConfig, now: Instant) -> Self {
        let bucket = |f| TokenBucket::new(config.rate(f), now);
        Self {
            buckets: [
                bucket(Family::EcsReads),
                bucket(Family::Elbv2),
                bucket(Family::CloudWatch),
                bucket(Family::Logs),
            ],
            expected: [0.0; 4],
            settled: BTreeMap::new(),
            held_back: [0; 4],
        }
    }

    /// Starts a fetch expected to make `calls` calls of `family` if the bucket
    /// holds them: takes the tokens and returns true; otherwise counts it as
    /// held back and returns false.
    pub(crate) fn admit(&mut self, family: Family, calls: u32, now: Instant) -> bool {
        let i = family.index();
        let calls = f64::from(calls);
        if !self.buckets[i].can_take(calls, now) {
            self.held_back[i] = self.held_back[i].saturating_add(1);
            return false;
        }
        self.buckets[i].take(calls, now);
        self.expected[i] += calls;
        true
    }

    /// Gives back the tokens of an admitted fetch that did not start.
    pub(crate) fn cancel(&mut self, family: Family, calls: u32) {
        let i = family.index();
        let calls = f64::from(calls);
        self.buckets[i].give_back(calls);
        self.expected[i] = (self.expected[i] - calls).max(0.0);
    }

    /// Settles the calls counted so far (per operation, cumulative): calls
    /// beyond what admitted fetches were expected to make are taken now.
    pub(crate) fn settle(&mut self, counts: &BTreeMap<String, u64>, now: Instant) {
        let mut made = [0.0f64; 4];
        for (op, n) in counts {
            let before = self.settled.get(op).copied().unwrap_or(0);
            if let Some(f) = Family::of(op) {
                made[f.index()] += n.saturating_sub(before) as f64;
            }
        }
        self.settled.clone_from(counts);
        for f in Family::ALL {
            let i = f.index();
            let covered = made[i].min(self.expected[i]);
            self.expected[i] -= covered;
            let extra = made[i] - covered;
            if extra > 0.0 {
                self.buckets[i].take(extra, now);
            }
        }
    }

    /// AWS throttled a call of `family`.
    pub(crate) fn throttled(&mut self, family: Family, now: Instant) {
        self.buckets[family.index()].throttled(now);
    }

    /// Each family's use, for the debug overlay.
    pub(crate) fn snapshot(&self) -> Vec<FamilyUse> {
        Family::ALL
            .iter()
            .map(|f| {
                let b = &self.buckets[f.index()];
                FamilyUse {
                    family: *f,
                    configured_per_sec: b.configured().per_sec,
                    per_sec: b.per_sec(),
                    tokens: b.tokens(),
                    burst: b.configured().burst,
                    held_back: self.held_back[f.index()],
                }
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use std::time::Duration;

    fn rate(per_sec: f64, burst: f64) -> Rate {
        Rate { per_sec, burst }
    }

    #[test]
    fn families_of_operations() {
        assert_eq!(Family::of("ecs:DescribeServices"), Some(Family::EcsReads));
        assert_eq!(Family::of("ecs:ListTasks"), Some(Family::EcsReads));
        assert_eq!(Family::of("ecs:UpdateService"), None, "writes never wait");
        assert_eq!(Family::of("ecs:StopTask"), None);
        assert_eq!(
            Family::of("elasticloadbalancing:DescribeTargetHealth"),
            Some(Family::Elbv2)
        );
        assert_eq!(
            Family::of("cloudwatch:GetMetricData"),
            Some(Family::CloudWatch)
        );
        assert_eq!(Family::of("logs:FilterLogEvents"), Some(Family::Logs));
        assert_eq!(Family::of("sts:GetCallerIdentity"), None);
    }

    #[test]
    fn an_empty_bucket_holds_fetches_back_until_it_refills() {
        let t0 = Instant::now();
        let mut b = Budget::new(
            &BudgetConfig {
                ecs_reads: rate(5.0, 10.0),
                ..BudgetConfig::default()
            },
            t0,
        );
        assert!(b.admit(Family::EcsReads, 10, t0));
        assert!(!b.admit(Family::EcsReads, 1, t0));
        assert!(!b.admit(Family::EcsReads, 5, t0 + Duration::from_millis(900)));
        assert!(b.admit(Family::EcsReads, 5, t0 + Duration::from_secs(1)));
        assert_eq!(b.snapshot()[0].held_back, 2);
        // Other families have their own buckets.
        assert!(b.admit(Family::CloudWatch, 1, t0));
    }

    #[test]
    fn calls_beyond_the_expected_ones_are_paid_by_the_next_fetches() {
        let t0 = Instant::now();
        let mut b = Budget::new(
            &BudgetConfig {
                ecs_reads: rate(1.0, 10.0),
                ..BudgetConfig::default()
            },
            t0,
        );
        assert!(b.admit(Family::EcsReads, 2, t0));
        let mut counts = BTreeMap::new();
        counts.insert("ecs:DescribeServices".to_string(), 7);
        counts.insert("ecs:UpdateService".to_string(), 50);
        b.settle(&counts, t0);
        // 2 expected + 5 extra: 3 left.
        assert!((b.snapshot()[0].tokens - 3.0).abs() < 1e-9);
        b.settle(&counts, t0);
        assert!((b.snapshot()[0].tokens - 3.0).abs() < 1e-9, "settled once");
    }

    #[test]
    fn throttling_halves_the_rate_and_it_grows_back() {
        let t0 = Instant::now();
        let mut bucket = TokenBucket::new(rate(5.0, 300.0), t0);
        bucket.throttled(t0);
        bucket.throttled(t0);
        bucket.throttled(t0);
        assert!(bucket.per_sec() <= 1.0, "{}", bucket.per_sec());
        assert!(bucket.tokens() <= 1.0, "the burst is gone");
        for _ in 0..20 {
            bucket.throttled(t0);
        }
        assert!((bucket.per_sec() - FLOOR_PER_SEC).abs() < 1e-9);
        bucket.refill(t0 + Duration::from_secs(10));
        assert!((bucket.per_sec() - FLOOR_PER_SEC).abs() < 1e-9, "held");
        bucket.refill(t0 + Duration::from_secs(35));
        assert!(bucket.per_sec() > 2.0 && bucket.per_sec() < 5.0);
        bucket.refill(t0 + Duration::from_secs(60));
        assert!(
            (bucket.per_sec() - 5.0).abs() < 1e-9,
            "back within a minute"
        );
    }

    #[test]
    fn config_values_are_checked() {
        assert!(BudgetConfig::default().check().is_ok());
        let bad = BudgetConfig {
            elbv2: rate(0.0, 10.0),
            ..BudgetConfig::default()
        };
        assert_eq!(
            bad.check().unwrap_err(),
            "budget.elbv2.per_sec must be a number above 0"
        );
        let bad = BudgetConfig {
            logs: rate(1.0, f64::NAN),
            ..BudgetConfig::default()
        };
        assert!(bad.check().unwrap_err().contains("budget.logs.burst"));
    }

    #[derive(Debug, Clone)]
    enum Step {
        Admit(u8),
        Wait(u16),
        Throttle,
    }

    fn step() -> impl Strategy<Value = Step> {
        prop_oneof![
            (1u8..40).prop_map(Step::Admit),
            (0u16..5000).prop_map(Step::Wait),
            Just(Step::Throttle),
        ]
    }

    proptest! {
        /// Under any interleaving of fetches, waits and throttling, the calls let
        /// through in any window never exceed the burst plus the configured rate
        /// times the window.
        #[test]
        fn never_more_than_the_budget(
            per_sec in 0.2f64..20.0,
            burst in 1.0f64..400.0,
            steps in proptest::collection::vec(step(), 1..200),
        ) {
            let t0 = Instant::now();
            let mut b = Budget::new(
                &BudgetConfig { ecs_reads: rate(per_sec, burst), ..BudgetConfig::default() },
                t0,
            );
            let mut now = t0;
            let mut granted: Vec<(Instant, f64)> = Vec::new();
            for st in steps {
                match st {
                    Step::Admit(n) => {
                        if b.admit(Family::EcsReads, u32::from(n), now) {
                            granted.push((now, f64::from(n)));
                        }
                    }
                    Step::Wait(ms) => now += Duration::from_millis(u64::from(ms)),
                    Step::Throttle => b.throttled(Family::EcsReads, now),
                }
            }
            for (i, (start, _)) in granted.iter().enumerate() {
                let mut sum = 0.0;
                for (at, n) in &granted[i..] {
                    sum += n;
                    let window = at.saturating_duration_since(*start).as_secs_f64();
                    // One fetch larger than the burst may start on a full bucket.
                    let largest = granted[i..].iter().map(|g| g.1).fold(0.0, f64::max);
                    let limit = burst.max(largest) + per_sec * window + 1e-6;
                    prop_assert!(sum <= limit, "{sum} calls in {window} s (limit {limit})");
                }
            }
        }
    }
}
