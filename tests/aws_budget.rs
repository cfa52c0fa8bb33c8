//! The API budget on the wire: the runtime's refresh loop (one [`Pacer`] and
//! `update`, as tests/budget_support drives them over the simulator) over the
//! AWS source, through the fault proxy in front of moto
//! (tests/support/fault_proxy.rs), with a phase of throttling then a phase
//! without. Every figure is a request the proxy counted or the budget's own
//! rate; the pacer and the state run on a virtual clock (one round a virtual
//! second), and only the calls themselves take real time.
//! Install the emulator first: `scripts/emulators.sh install`.

mod support;

use std::sync::Arc;
use std::time::{Duration, Instant};

use ecsdeck::app::{Pacer, update};
use ecsdeck::budget::{BudgetConfig, Family, FamilyUse, Rate};
use ecsdeck::event::{Data, Event};
use ecsdeck::model::Time;
use ecsdeck::source::Source;
use ecsdeck::source::aws::{AwsSource, AwsTuning};
use ecsdeck::state::State;
use support::fault_proxy::{Fault, FaultProxy, Seen};
use support::{Emulator, seed, source_with, test_credentials};

const CLUSTER: &str = "web";
/// ECS reads the console makes, as the proxy names them.
const ECS_READS: &[&str] = &[
    "ListClusters",
    "DescribeClusters",
    "ListServices",
    "DescribeServices",
    "ListTasks",
    "DescribeTasks",
    "DescribeTaskDefinition",
    "ListTaskDefinitions",
];
/// A refresh every second wants about 5 ECS reads (ListServices,
/// DescribeServices, two ListTasks, DescribeTasks): more than this budget, so
/// the budget, not the refresh interval, sets the pace.
const ECS_PER_SEC: f64 = 2.0;
const ECS_BURST: f64 = 10.0;

/// Retries on, as in the product (standard mode), with the SDK's retry budget
/// of its own. At 30 % throttling these retries get almost every call through
/// (tests/aws_faults.rs), so the app would never see throttling: the throttled
/// phase throttles every call instead.
fn tuning() -> AwsTuning {
    AwsTuning {
        retry_partition: Some("aws-budget".into()),
        max_attempts: 3,
        connect_timeout: Duration::from_secs(2),
        attempt_timeout: Duration::from_secs(5),
        credentials: Some(test_credentials()),
        ..AwsTuning::default()
    }
}

/// moto with a cluster of three services and two running tasks.
async fn seeded_moto() -> Emulator {
    let moto = Emulator::moto();
    let services = [("api", 1), ("web", 1), ("worker", 1)];
    seed::cluster_with_services(&moto, CLUSTER, ("api", "nginx:1"), &services, 2).await;
    moto
}

/// The console's refresh loop over the AWS source on a virtual clock.
struct Run {
    state: State,
    src: Arc<AwsSource>,
    pacer: Pacer,
    base: Instant,
    t0: Time,
    elapsed: Duration,
}

impl Run {
    fn new(src: AwsSource, refresh: Duration, budget: &BudgetConfig) -> Run {
        let t0 = src.now();
        let mut state = State::new(
            src.info(),
            Some(CLUSTER.into()),
            t0,
            ecsdeck::keymap::Keymap::defaults(),
            ecsdeck::theme::Theme::plain(),
        );
        state.size = (120, 40);
        state.freshness.interval = refresh;
        let base = Instant::now();
        Run {
            state,
            src: Arc::new(src),
            pacer: Pacer::new(refresh, budget, base),
            base,
            t0,
            elapsed: Duration::ZERO,
        }
    }

    fn instant(&self) -> Instant {
        self.base + self.elapsed
    }

    fn now(&self) -> Time {
        self.t0 + chrono::Duration::from_std(self.elapsed).unwrap()
    }

    /// Starts what is due, runs it to completion and applies the answers,
    /// until nothing more is due; returns the fetches started.
    async fn poll(&mut self) -> usize {
        let now = self.instant();
        let mut pending = self.pacer.due(&self.state, now, false);
        let mut started = 0;
        while !pending.is_empty() {
            started += pending.len();
            assert!(started < 100, "the plan never settles: {pending:?}");
            for fetch in std::mem::take(&mut pending) {
                let services = self.state.services.data.clone().unwrap_or_default();
                let payload = fetch.run(self.src.as_ref(), &services).await;
                let data = Data {
                    fetch,
                    at: self.now(),
                    payload,
                };
                let calls = self.src.calls().snapshot();
                if let Some(next) = self.pacer.finished(&data, &calls, &self.state, now) {
                    pending.push(next);
                }
                update(&mut self.state, Event::Data(data));
            }
            pending.extend(self.pacer.due(&self.state, now, false));
        }
        started
    }

    /// One virtual second: the clock ticks, due fetches run. Returns the
    /// fetches started.
    async fn second(&mut self) -> usize {
        self.elapsed += Duration::from_secs(1);
        let now = self.now();
        let calls = self.src.calls().snapshot();
        update(&mut self.state, Event::Tick { now, calls });
        update(&mut self.state, Event::Budget(self.pacer.budget()));
        self.poll().await
    }

    /// `secs` virtual seconds; returns the fetches started in each.
    async fn run_for(&mut self, secs: u64) -> Vec<usize> {
        let mut started = Vec::new();
        for _ in 0..secs {
            started.push(self.second().await);
        }
        started
    }

    fn ecs_budget(&self) -> FamilyUse {
        self.pacer
            .budget()
            .into_iter()
            .find(|f| f.family == Family::EcsReads)
            .expect("an ECS reads bucket")
    }
}

/// ECS reads the source counted (the call counter the budget settles from).
fn counted_ecs(run: &Run) -> u64 {
    let calls = run.src.calls().snapshot();
    calls
        .iter()
        .filter(|(op, _)| Family::of(op) == Some(Family::EcsReads))
        .map(|(_, n)| n)
        .sum()
}

/// ECS reads among the requests the proxy saw.
fn ecs_wire(seen: &[Seen]) -> usize {
    seen.iter()
        .filter(|s| ECS_READS.contains(&s.op.as_str()))
        .count()
}

/// The ECS reads the proxy sees over `secs` virtual seconds, and the fetches
/// started in each of them. Every request on the wire, SDK retries
/// included, was counted, so the budget paid for it.
async fn window(run: &mut Run, proxy: &FaultProxy, secs: u64) -> (usize, Vec<usize>) {
    let from = proxy.log().len();
    let counted = counted_ecs(run);
    let started = run.run_for(secs).await;
    let wire = ecs_wire(&proxy.log()[from..]);
    assert_eq!(
        counted_ecs(run) - counted,
        wire as u64,
        "ECS reads counted (and charged to the budget) against those on the wire"
    );
    (wire, started)
}

/// The drop: under throttling on every call the budget's ECS rate is cut to a
/// quarter or less (multiplicative decrease), the proxy sees at most one ECS
/// read a second (SDK retries included) and under half the unthrottled rate,
/// throttled rounds start fewer fetches, and the state says AWS is throttling.
/// The SDK's retries of throttled calls are counted and paid for like any call.
/// The recovery: a minute after throttling stops the rate is back to the
/// configured one (additive increase), every call is forwarded again, the
/// wire rate is back to within 10 % of what it was, and the services refresh.
#[tokio::test]
async fn under_throttling_the_call_rate_drops_and_recovers() {
    let moto = seeded_moto().await;
    let proxy = FaultProxy::start(moto.port);
    let budget = BudgetConfig {
        ecs_reads: Rate {
            per_sec: ECS_PER_SEC,
            burst: ECS_BURST,
        },
        ..BudgetConfig::default()
    };
    let src = source_with(&proxy.url(), tuning()).await;
    let mut run = Run::new(src, Duration::from_secs(1), &budget);
    run.poll().await;
    // The burst is spent on the cold start and the first rounds.
    run.run_for(20).await;
    assert_eq!(run.state.services.data.as_ref().map(Vec::len), Some(3));
    assert_eq!(run.state.services.last_error, None);

    let (normal, normal_started) = window(&mut run, &proxy, 30).await;
    let limit = (ECS_PER_SEC * 30.0 + ECS_BURST) as usize;
    assert!(
        normal >= 40 && normal <= limit,
        "the budget sets the pace: {normal} ECS reads in 30 s (budget {limit})"
    );
    assert_eq!(run.ecs_budget().per_sec, ECS_PER_SEC);
    assert!(!run.state.freshness.throttling(run.now()));

    proxy.set(Fault::ThrottleAll);
    run.run_for(10).await;
    assert!(
        run.state.freshness.throttling(run.now()),
        "the header says AWS is throttling"
    );
    assert!(
        run.state
            .services
            .last_error
            .as_ref()
            .is_some_and(|e| e.kind == ecsdeck::source::ErrorKind::Throttled),
        "{:?}",
        run.state.services.last_error
    );
    assert_eq!(
        run.state.services.data.as_ref().map(Vec::len),
        Some(3),
        "the last data stays"
    );
    let cut = run.ecs_budget().per_sec;
    assert!(
        cut <= ECS_PER_SEC / 4.0,
        "the rate was halved at least twice: {cut}"
    );
    let (throttled, throttled_started) = window(&mut run, &proxy, 30).await;
    assert!(proxy.injected("throttle") > 0);
    assert!(
        throttled <= 30 && throttled * 2 < normal,
        "at most one ECS read a second on the wire while throttled: {throttled} in 30 s ({normal} before)"
    );
    let (before, during) = (
        normal_started.iter().sum::<usize>(),
        throttled_started.iter().sum::<usize>(),
    );
    assert!(
        during * 2 < before,
        "throttled rounds start fewer fetches: {during} against {before}"
    );
    assert!(run.ecs_budget().per_sec <= cut, "held while throttled");

    proxy.set(Fault::Pass);
    proxy.clear_log();
    let (_, recovering) = window(&mut run, &proxy, 60).await;
    assert!(recovering.iter().sum::<usize>() > 0, "fetches resume");
    assert_eq!(
        run.ecs_budget().per_sec,
        ECS_PER_SEC,
        "back to the configured rate within a minute"
    );
    let (after, after_started) = window(&mut run, &proxy, 30).await;
    assert!(
        after * 10 >= normal * 9 && after <= limit,
        "recovered: {after} ECS reads in 30 s against {normal} before"
    );
    assert!(after_started.iter().sum::<usize>() * 10 >= before * 9);
    assert!(proxy.log().iter().all(|s| s.forwarded), "nothing throttled");
    assert!(!run.state.freshness.throttling(run.now()));
    assert_eq!(run.state.services.last_error, None);
    assert!(
        run.state
            .services
            .fetched_at
            .is_some_and(|t| run.now() - t <= chrono::Duration::seconds(5)),
        "the services are fresh again"
    );
}
