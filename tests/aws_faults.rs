//! Faults on the wire: the AWS source through a fault-injecting proxy on
//! 127.0.0.1 in front of moto (tests/support/fault_proxy.rs). Throttling on
//! 30 % of calls, HTTP 500s, 5 s latency, connection resets (also after a
//! write reached moto) and expired credentials: reads get through throttling
//! by retrying, each fault is reported with the right kind and a clear message,
//! the next call after the fault succeeds, and no write is applied twice.
//! Install the emulator first: `scripts/emulators.sh install`.

mod support;

use std::time::{Duration, Instant};

use ecsdeck::source::aws::{AwsSource, AwsTuning};
use ecsdeck::source::{ErrorKind, Ops, ServiceUpdate, Source, SourceError, TaskScope};
use support::fault_proxy::{Fault, FaultProxy};
use support::{Emulator, seed, source_with, test_credentials};

const CLUSTER: &str = "web";
const SERVICE: &str = "api";

/// Retries on, and one attempt may take 1 s: the 5 s latency ends in a timeout
/// after about 3 s (3 attempts) instead of waiting it out. Each source has its
/// own retry budget, not the one the SDK shares across the test process.
fn tuning() -> AwsTuning {
    static N: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    let n = N.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
    AwsTuning {
        retry_partition: Some(format!("aws-faults-{n}")),
        max_attempts: 3,
        connect_timeout: Duration::from_secs(2),
        attempt_timeout: Duration::from_secs(1),
        credentials: Some(test_credentials()),
        ..AwsTuning::default()
    }
}

struct Env {
    _moto: Emulator,
    proxy: FaultProxy,
    src: AwsSource,
    /// Straight to moto, for seeding and checking.
    ecs: aws_sdk_ecs::Client,
    tg: String,
}

async fn env() -> Env {
    let moto = Emulator::moto();
    let seeded =
        seed::cluster_with_services(&moto, CLUSTER, ("api", "nginx:1"), &[(SERVICE, 2)], 2).await;
    let tg = seed::create_target_group(&seeded.elb, &seeded.net, "api", None).await;
    let ecs = seeded.ecs;
    let proxy = FaultProxy::start(moto.port);
    let src = source_with(&proxy.url(), tuning()).await;
    Env {
        _moto: moto,
        proxy,
        src,
        ecs,
        tg,
    }
}

impl Env {
    /// One refresh of what the console reads: services, tasks, target groups.
    async fn refresh(&self) -> Result<(), SourceError> {
        let services = self.src.services(CLUSTER).await?;
        assert_eq!(services.len(), 1);
        let tasks = self.src.tasks(CLUSTER, &TaskScope::Cluster).await?;
        assert_eq!(tasks.len(), 2);
        let groups = self
            .src
            .target_groups(std::slice::from_ref(&self.tg))
            .await?;
        assert_eq!(groups.len(), 1);
        Ok(())
    }

    /// The service's primary deployment id, read straight from moto.
    async fn deployment_id(&self) -> String {
        let out = self
            .ecs
            .describe_services()
            .cluster(CLUSTER)
            .services(SERVICE)
            .send()
            .await
            .unwrap();
        let svc = &out.services()[0];
        assert_eq!(svc.deployments().len(), 1);
        svc.deployments()[0].id().unwrap().to_string()
    }

    /// Waits (up to 10 s) until the proxy has forwarded `n` requests of `op`.
    fn await_forwarded(&self, op: &str, n: usize) {
        let start = Instant::now();
        while self.proxy.forwarded(op) < n {
            assert!(
                start.elapsed() < Duration::from_secs(10),
                "{op} forwarded {} times, expected {n}",
                self.proxy.forwarded(op)
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

fn redeploy() -> ServiceUpdate {
    ServiceUpdate {
        force_new_deployment: true,
        ..ServiceUpdate::default()
    }
}

#[tokio::test]
async fn reads_get_through_30_percent_throttling_by_retrying() {
    let e = env().await;
    // The first call after `set` is throttled: once on awsJson (ECS), once on the query protocol (ELBv2).
    e.proxy.set(Fault::Throttle30);
    e.src.services(CLUSTER).await.unwrap();
    let log = e.proxy.log();
    assert_eq!(log[0].op, "ListServices");
    assert_eq!(log[0].injected, Some("throttle"));
    assert_eq!(log[1].op, "ListServices");
    assert!(log[1].forwarded, "retried after the throttle");
    e.proxy.clear_log();
    e.proxy.set(Fault::Throttle30);
    e.src
        .target_groups(std::slice::from_ref(&e.tg))
        .await
        .unwrap();
    let log = e.proxy.log();
    assert_eq!(log[0].op, "DescribeTargetGroups");
    assert_eq!(log[0].injected, Some("throttle"));
    // Steady 30 %: every refresh succeeds.
    e.proxy.clear_log();
    for round in 0..6 {
        e.refresh()
            .await
            .unwrap_or_else(|err| panic!("round {round}: {err}"));
    }
    let throttled = e.proxy.injected("throttle");
    let total = e.proxy.log().len();
    assert!(
        throttled * 10 >= total * 2 && throttled * 10 <= total * 4,
        "{throttled} of {total} calls throttled"
    );
    e.proxy.set(Fault::Pass);
    e.refresh().await.unwrap();
}

#[tokio::test]
async fn each_fault_is_reported_with_its_kind_and_the_next_call_succeeds() {
    let e = env().await;
    let endpoint = e.proxy.url();
    let check = |err: &SourceError, kind: ErrorKind, words: &[&str]| {
        assert_eq!(err.kind, kind, "{err}");
        let text = err.to_string();
        for w in words {
            assert!(text.contains(w), "{w:?} missing from {text:?}");
        }
    };
    let cases: [(Fault, ErrorKind, &[&str]); 4] = [
        (Fault::Http500, ErrorKind::Server, &["HTTP 500"]),
        (
            Fault::ExpiredToken,
            ErrorKind::Credentials,
            &["credentials have expired", "aws sso login"],
        ),
        (
            Fault::Reset,
            ErrorKind::Network,
            &["no answer from", &endpoint],
        ),
        (
            Fault::Latency(Duration::from_secs(5)),
            ErrorKind::Network,
            &["no answer from", &endpoint, "timed out"],
        ),
    ];
    for (fault, kind, words) in cases {
        e.proxy.set(fault);
        let start = Instant::now();
        let ecs = e.src.services(CLUSTER).await.unwrap_err();
        let took = start.elapsed();
        check(&ecs, kind, words);
        assert_eq!(ecs.operation, "ecs:ListServices");
        let elb = e
            .src
            .target_groups(std::slice::from_ref(&e.tg))
            .await
            .unwrap_err();
        check(&elb, kind, words);
        if let Fault::Latency(d) = fault {
            assert!(took < d, "the attempt timeout cut the wait: {took:?}");
        }
        e.proxy.set(Fault::Pass);
        e.refresh()
            .await
            .unwrap_or_else(|err| panic!("after {fault:?}: {err}"));
    }
    assert_eq!(
        e.proxy.injected("http500"),
        3 * 2,
        "500s retried, 3 attempts"
    );
    assert_eq!(
        e.proxy.injected("expired"),
        2,
        "expired credentials are not retried"
    );
}

#[tokio::test]
async fn a_write_whose_answer_is_lost_is_not_sent_again() {
    let e = env().await;
    let before = e.deployment_id().await;
    e.proxy.set(Fault::ResetAfterWrite);
    let err = e
        .src
        .update_service(CLUSTER, SERVICE, &redeploy())
        .await
        .unwrap_err();
    assert_eq!(err.kind, ErrorKind::Network, "{err}");
    assert!(
        err.hint
            .as_deref()
            .unwrap_or_default()
            .contains("may have been applied"),
        "{err}"
    );
    assert_eq!(e.proxy.seen("UpdateService"), 1, "{:?}", e.proxy.log());
    assert_eq!(e.proxy.forwarded("UpdateService"), 1);
    let after = e.deployment_id().await;
    assert_ne!(
        after, before,
        "the one request that reached moto was applied"
    );

    let task = e.src.tasks(CLUSTER, &TaskScope::Cluster).await.unwrap()[0]
        .arn
        .clone();
    e.proxy.set(Fault::ResetAfterWrite);
    let err = e
        .src
        .stop_task(CLUSTER, &task, "fault test")
        .await
        .unwrap_err();
    assert_eq!(err.kind, ErrorKind::Network, "{err}");
    assert_eq!(e.proxy.seen("StopTask"), 1, "{:?}", e.proxy.log());
    assert_eq!(e.proxy.forwarded("StopTask"), 1);

    // The next refresh succeeds and shows the applied writes.
    let services = e.src.services(CLUSTER).await.unwrap();
    assert_eq!(services[0].deployments.len(), 1);
    let tasks = e.src.tasks(CLUSTER, &TaskScope::Cluster).await.unwrap();
    let stopped = tasks.iter().find(|t| t.arn == task).unwrap();
    assert!(
        stopped.desired_status.is_stopping_or_stopped(),
        "{stopped:?}"
    );
}

#[tokio::test]
async fn the_sdk_default_policy_would_send_that_write_twice() {
    // Why the write client has its own retry policy: the SDK's standard policy
    // treats a lost answer as transient and replays the write.
    let e = env().await;
    let conf = aws_config::defaults(aws_config::BehaviorVersion::latest())
        .region(aws_config::Region::new("us-east-1"))
        .endpoint_url(e.proxy.url())
        .credentials_provider(test_credentials())
        .retry_config(aws_config::retry::RetryConfig::standard().with_max_attempts(3))
        .load()
        .await;
    let plain = aws_sdk_ecs::Client::new(&conf);
    e.proxy.set(Fault::ResetAfterWrite);
    let result = plain
        .update_service()
        .cluster(CLUSTER)
        .service(SERVICE)
        .force_new_deployment(true)
        .send()
        .await;
    assert!(result.is_ok(), "the replay succeeded: {result:?}");
    assert_eq!(
        e.proxy.forwarded("UpdateService"),
        2,
        "the SDK replayed the write"
    );
}

#[tokio::test]
async fn throttled_writes_are_retried_and_applied_once() {
    let e = env().await;
    let before = e.deployment_id().await;
    e.proxy.set(Fault::Throttle30);
    let svc = e
        .src
        .update_service(CLUSTER, SERVICE, &redeploy())
        .await
        .unwrap();
    assert_eq!(svc.name, SERVICE);
    assert_eq!(e.proxy.seen("UpdateService"), 2, "{:?}", e.proxy.log());
    assert_eq!(e.proxy.forwarded("UpdateService"), 1);
    assert_ne!(e.deployment_id().await, before);
}

#[tokio::test]
async fn failed_writes_are_not_retried() {
    let e = env().await;
    let before = e.deployment_id().await;
    // HTTP 500: reported, not resent (the server may have acted on it).
    e.proxy.set(Fault::Http500);
    let err = e
        .src
        .update_service(CLUSTER, SERVICE, &redeploy())
        .await
        .unwrap_err();
    assert_eq!(err.kind, ErrorKind::Server, "{err}");
    assert!(err.to_string().contains("may have been applied"), "{err}");
    assert_eq!(e.proxy.seen("UpdateService"), 1);
    // Expired credentials: reported with the way out, not resent.
    e.proxy.set(Fault::ExpiredToken);
    let err = e
        .src
        .update_service(CLUSTER, SERVICE, &redeploy())
        .await
        .unwrap_err();
    assert_eq!(err.kind, ErrorKind::Credentials, "{err}");
    assert!(err.to_string().contains("aws sso login"), "{err}");
    assert_eq!(e.proxy.seen("UpdateService"), 2);
    assert_eq!(e.deployment_id().await, before, "nothing was applied");
    // 5 s latency: the attempt times out after 1 s and is not resent; the one
    // request held by the proxy reaches moto once the latency stops.
    e.proxy.set(Fault::Latency(Duration::from_secs(5)));
    let start = Instant::now();
    let err = e
        .src
        .update_service(CLUSTER, SERVICE, &redeploy())
        .await
        .unwrap_err();
    assert!(
        start.elapsed() < Duration::from_secs(3),
        "{:?}",
        start.elapsed()
    );
    assert_eq!(err.kind, ErrorKind::Network, "{err}");
    assert!(err.to_string().contains("timed out"), "{err}");
    assert!(err.to_string().contains("may have been applied"), "{err}");
    e.proxy.set(Fault::Pass);
    e.await_forwarded("UpdateService", 1);
    assert_eq!(e.proxy.seen("UpdateService"), 3, "{:?}", e.proxy.log());
    assert_ne!(e.deployment_id().await, before, "applied once, late");
    e.refresh().await.unwrap();
}

/// The app's update loop over the AWS source, as tests/app_sim.rs drives it
/// over the simulator: fetches run to completion, then `update` applies them.
struct App {
    state: ecsdeck::state::State,
    backend: std::sync::Arc<dyn ecsdeck::source::Backend>,
    audit: ecsdeck::audit::AuditContext,
    done: Vec<Result<(), String>>,
}

impl App {
    fn new(backend: std::sync::Arc<dyn ecsdeck::source::Backend>) -> App {
        let mut state = ecsdeck::state::State::new(
            backend.info(),
            Some(CLUSTER.into()),
            backend.now(),
            ecsdeck::keymap::Keymap::defaults(),
            ecsdeck::theme::Theme::plain(),
        );
        state.size = (120, 40);
        state.settings = ecsdeck::state::Settings {
            max_scale: 100,
            protected_clusters: vec![],
            ..Default::default()
        };
        let dir = std::env::temp_dir().join(format!(
            "ecsdeck-aws-faults-{}-{:?}",
            std::process::id(),
            std::thread::current().id()
        ));
        let audit = ecsdeck::audit::AuditContext {
            path: Some(dir.join("audit.jsonl")),
            source: "aws".into(),
            profile: None,
            region: None,
            allow_unaudited: false,
        };
        App {
            state,
            backend,
            audit,
            done: Vec::new(),
        }
    }

    async fn pump(&mut self) {
        use ecsdeck::event::{Data, Event};
        for _ in 0..2 {
            let services = self.state.services.data.clone().unwrap_or_default();
            for fetch in ecsdeck::app::wanted_fetches(&self.state) {
                let payload = fetch.run(self.backend.as_ref(), &services).await;
                let at = self.backend.now();
                let cmds =
                    ecsdeck::app::update(&mut self.state, Event::Data(Data { fetch, at, payload }));
                self.run(cmds).await;
            }
        }
        let now = self.backend.now();
        let calls = self.backend.calls().snapshot();
        ecsdeck::app::update(&mut self.state, Event::Tick { now, calls });
    }

    async fn run(&mut self, cmds: Vec<ecsdeck::app::Command>) {
        for c in cmds {
            if let ecsdeck::app::Command::RunOp(op) = c {
                let done =
                    ecsdeck::app::execute_op(self.backend.as_ref(), &self.audit, None, op).await;
                self.done
                    .push(done.result.as_ref().map(|_| ()).map_err(|e| e.to_string()));
                ecsdeck::app::update(&mut self.state, ecsdeck::event::Event::OpDone(done));
            }
        }
    }

    /// The screen, wide enough for the whole status line.
    fn screen(&self) -> String {
        let mut state = self.state.clone();
        state.size = (220, 40);
        let mut terminal =
            ratatui::Terminal::new(ratatui::backend::TestBackend::new(220, 40)).unwrap();
        terminal.draw(|f| ecsdeck::ui::render(&state, f)).unwrap();
        terminal.backend().to_string()
    }

    async fn keys(&mut self, text: &str) {
        use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
        for c in text.chars() {
            let key = KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE);
            let cmds = ecsdeck::app::update(&mut self.state, ecsdeck::event::Event::Key(key));
            self.run(cmds).await;
        }
    }
}

#[tokio::test]
async fn the_app_over_aws_keeps_data_shows_errors_recovers_and_writes_once() {
    let e = env().await;
    let backend: std::sync::Arc<dyn ecsdeck::source::Backend> =
        std::sync::Arc::new(source_with(&e.proxy.url(), tuning()).await);
    let mut app = App::new(backend);
    // Loaded through 30 % throttling.
    e.proxy.set(Fault::Throttle30);
    app.pump().await;
    assert!(e.proxy.injected("throttle") > 0);
    assert_eq!(app.state.services.last_error, None);
    assert_eq!(app.state.services.data.as_ref().map(Vec::len), Some(1));
    let fetched = app.state.services.fetched_at;
    // Each fault: the error is shown, the last good data stays, keys work.
    for (fault, kind) in [
        (Fault::Http500, ErrorKind::Server),
        (Fault::Reset, ErrorKind::Network),
        (Fault::ExpiredToken, ErrorKind::Credentials),
    ] {
        e.proxy.set(fault);
        app.pump().await;
        let err = app.state.services.last_error.clone().expect("an error");
        assert_eq!(err.kind, kind, "{fault:?}: {err}");
        assert_eq!(app.state.services.fetched_at, fetched, "{fault:?}");
        assert_eq!(app.state.services.data.as_ref().map(Vec::len), Some(1));
        assert!(app.state.services.age_secs(app.state.now).is_some());
        let screen = app.screen();
        let status = screen.lines().rev().nth(1).unwrap_or_default();
        assert!(
            status.contains("⚠ ecs:ListServices") && status.contains("showing data from"),
            "{fault:?}: {status}"
        );
        assert!(screen.contains("updated "), "the header shows the age");
        app.keys("?").await;
        assert!(
            app.state.overlay.is_some(),
            "keys still work under {fault:?}"
        );
        app.keys("q").await;
        assert!(app.state.overlay.is_none());
    }
    // The fault stops: the next refresh succeeds by itself.
    e.proxy.set(Fault::Pass);
    app.pump().await;
    assert_eq!(app.state.services.last_error, None);
    assert!(app.state.services.fetched_at > fetched);
    // A confirmed redeploy whose answer is lost: reported, sent once, never resent.
    let before = e.deployment_id().await;
    e.proxy.set(Fault::ResetAfterWrite);
    app.keys("ry").await;
    assert_eq!(app.done.len(), 1);
    let said = app.state.status.as_ref().unwrap().text.clone();
    assert!(
        said.contains("redeploy api failed") && said.contains("may have been applied"),
        "{said}"
    );
    for _ in 0..3 {
        app.pump().await;
    }
    assert_eq!(e.proxy.seen("UpdateService"), 1);
    assert_eq!(e.proxy.forwarded("UpdateService"), 1);
    assert_ne!(e.deployment_id().await, before, "applied once");
    assert_eq!(app.state.services.last_error, None);
}
