use std::sync::{Arc, Mutex};
use std::time::Duration;

use async_trait::async_trait;
use chrono::Duration as CDuration;

use super::pace::{Pacer, StepSim};
use super::rollout::{self, WaitOptions, WaitOutcome};
use super::{chaos, status};
use crate::chaos::timeline::{ChaosTimeline, Milestone};
use crate::fixtures::{service, t0, target, task};
use crate::model::*;
use crate::source::sim::{SimConfig, SimSource};
use crate::source::*;

// ---------------------------------------------------------------- fake source

/// A source that serves a scripted sequence of service snapshots: snapshot
/// `i` is served while the fake clock is within poll `i`.
struct Scripted {
    calls: CallCounter,
    now: Mutex<Time>,
    start: Time,
    interval: i64,
    script: Vec<Service>,
    fail_at: Option<usize>,
}

impl Scripted {
    fn new(script: Vec<Service>) -> Arc<Self> {
        Arc::new(Self {
            calls: CallCounter::default(),
            now: Mutex::new(t0()),
            start: t0(),
            interval: 5,
            script,
            fail_at: None,
        })
    }
    fn step(&self) -> usize {
        let now = *self.now.lock().unwrap();
        ((now - self.start).num_seconds() / self.interval) as usize
    }
}

struct Advance(Arc<Scripted>);

impl Pacer for Advance {
    async fn pause(&mut self, d: Duration) {
        *self.0.now.lock().unwrap() += CDuration::from_std(d).unwrap();
    }
}

fn unsupported<T>() -> SourceResult<T> {
    Err(SourceError::new(
        ErrorKind::Unsupported,
        "fake",
        "not scripted",
    ))
}

#[async_trait]
impl Source for Scripted {
    fn info(&self) -> SourceInfo {
        SourceInfo {
            kind: "demo",
            label: "scripted".into(),
        }
    }
    fn calls(&self) -> &CallCounter {
        &self.calls
    }
    fn now(&self) -> Time {
        *self.now.lock().unwrap()
    }
    async fn clusters(&self) -> SourceResult<Vec<Cluster>> {
        unsupported()
    }
    async fn services(&self, _cluster: &str) -> SourceResult<Vec<Service>> {
        let i = self.step();
        if self.fail_at == Some(i) {
            return Err(SourceError::new(
                ErrorKind::Throttled,
                "ecs:DescribeServices",
                "Rate exceeded",
            ));
        }
        Ok(vec![self.script[i.min(self.script.len() - 1)].clone()])
    }
    async fn tasks(&self, _c: &str, _s: &TaskScope) -> SourceResult<Vec<Task>> {
        unsupported()
    }
    async fn target_groups(&self, _a: &[String]) -> SourceResult<Vec<TargetGroup>> {
        unsupported()
    }
    async fn alarms(&self) -> SourceResult<Vec<Alarm>> {
        unsupported()
    }
    async fn metrics(
        &self,
        _c: &str,
        _s: &[Service],
        _t: &[TargetGroup],
    ) -> SourceResult<Vec<MetricSeries>> {
        unsupported()
    }
    async fn task_definition_revisions(&self, _f: &str) -> SourceResult<Vec<String>> {
        unsupported()
    }
    async fn task_definition(&self, _a: &str) -> SourceResult<TaskDefinition> {
        unsupported()
    }
    async fn log_events(&self, _q: &LogQuery) -> SourceResult<LogPage> {
        unsupported()
    }
    async fn caller_identity(&self) -> SourceResult<String> {
        unsupported()
    }
}

fn td(s: &str) -> String {
    format!("arn:aws:ecs:us-east-1:123456789012:task-definition/{s}")
}

fn dep(
    id: &str,
    rev: &str,
    status: DeploymentStatus,
    state: RolloutState,
    running: u32,
    created: Time,
) -> Deployment {
    Deployment {
        id: id.into(),
        status,
        task_definition: td(rev),
        desired: 4,
        pending: 0,
        running,
        failed: 0,
        rollout_state: state,
        rollout_reason: String::new(),
        created_at: Some(created),
        updated_at: Some(created),
    }
}

fn svc_with(deps: Vec<Deployment>) -> Service {
    let mut s = service("api", 4, 4, RolloutState::Completed, 42, true);
    s.deployments = deps;
    s
}

fn opts(timeout: u64) -> WaitOptions {
    WaitOptions {
        timeout: Duration::from_secs(timeout),
        interval: Duration::from_secs(5),
    }
}

async fn run_wait(src: Arc<Scripted>, timeout: u64) -> (rollout::WaitReport, Vec<String>) {
    let mut lines = Vec::new();
    let mut pacer = Advance(Arc::clone(&src));
    let r = rollout::wait(
        &*src,
        &mut pacer,
        "prod",
        "api",
        opts(timeout),
        &mut |l: &str| lines.push(l.to_string()),
    )
    .await
    .unwrap();
    (r, lines)
}

// ---------------------------------------------------------------- rollout wait

#[tokio::test]
async fn rollout_wait_succeeds_when_the_followed_deployment_completes() {
    let t = t0() - CDuration::seconds(20);
    let old = dep(
        "ecs-svc/old",
        "api:42",
        DeploymentStatus::Active,
        RolloutState::Completed,
        4,
        t - CDuration::days(1),
    );
    let s0 = svc_with(vec![
        dep(
            "ecs-svc/new",
            "api:43",
            DeploymentStatus::Primary,
            RolloutState::InProgress,
            0,
            t,
        ),
        old.clone(),
    ]);
    let s1 = svc_with(vec![
        dep(
            "ecs-svc/new",
            "api:43",
            DeploymentStatus::Primary,
            RolloutState::InProgress,
            2,
            t,
        ),
        old,
    ]);
    let s2 = svc_with(vec![dep(
        "ecs-svc/new",
        "api:43",
        DeploymentStatus::Primary,
        RolloutState::Completed,
        4,
        t,
    )]);
    let (r, lines) = run_wait(Scripted::new(vec![s0, s1.clone(), s1, s2]), 600).await;
    assert_eq!(r.outcome, WaitOutcome::Completed);
    assert_eq!(r.exit_code(), 0);
    assert_eq!(r.elapsed_secs, 15);
    assert_eq!(r.task_definition, "api:43");
    assert_eq!(
        lines,
        vec![
            "following deployment ecs-svc/new of api (api:43)",
            // Said once, not on every poll.
            "service deployments unavailable (ecs:ListServiceDeployments: not supported by this source or endpoint); judging from the deployments array",
            "0s  IN_PROGRESS  running 0/4  api:43",
            "5s  IN_PROGRESS  running 2/4  api:43",
            "15s  COMPLETED  running 4/4  api:43",
        ]
    );
}

#[tokio::test]
async fn rollout_wait_fails_on_a_circuit_breaker_rollback_even_when_steady() {
    let t = t0() - CDuration::seconds(20);
    let s0 = svc_with(vec![dep(
        "ecs-svc/new",
        "api:43",
        DeploymentStatus::Primary,
        RolloutState::InProgress,
        0,
        t,
    )]);
    // ECS drops the failed deployment and a rollback to api:42 becomes PRIMARY and completes.
    let mut rb = dep(
        "ecs-svc/rb",
        "api:42",
        DeploymentStatus::Primary,
        RolloutState::Completed,
        4,
        t0() + CDuration::seconds(7),
    );
    rb.rollout_reason =
        "ECS deployment circuit breaker: rolling back to deploymentId ecs-svc/old.".into();
    let s1 = svc_with(vec![rb]);
    let (r, _) = run_wait(Scripted::new(vec![s0, s1]), 600).await;
    assert!(
        matches!(&r.outcome, WaitOutcome::Failed(m) if m.contains("circuit breaker") && m.contains("api:42")),
        "{:?}",
        r.outcome
    );
    assert_eq!(r.exit_code(), 1);
}

#[tokio::test]
async fn rollout_wait_fails_when_the_deployment_fails_and_names_the_rollback() {
    let t = t0() - CDuration::seconds(20);
    let s0 = svc_with(vec![dep(
        "ecs-svc/new",
        "api:43",
        DeploymentStatus::Primary,
        RolloutState::InProgress,
        0,
        t,
    )]);
    let mut failed = dep(
        "ecs-svc/new",
        "api:43",
        DeploymentStatus::Active,
        RolloutState::Failed,
        0,
        t,
    );
    failed.rollout_reason = "ECS deployment circuit breaker: tasks failed to start.".into();
    let rb = dep(
        "ecs-svc/rb",
        "api:42",
        DeploymentStatus::Primary,
        RolloutState::InProgress,
        2,
        t0() + CDuration::seconds(5),
    );
    let (r, lines) = run_wait(Scripted::new(vec![s0, svc_with(vec![rb, failed])]), 600).await;
    assert!(
        matches!(&r.outcome, WaitOutcome::Failed(m) if m.contains("tasks failed to start") && m.contains("rolled back to api:42")),
        "{:?}",
        r.outcome
    );
    assert!(lines.last().unwrap().contains("FAILED"), "{lines:?}");
}

#[tokio::test]
async fn rollout_wait_times_out_on_source_time_and_retries_transient_errors() {
    let t = t0() - CDuration::seconds(20);
    let s0 = svc_with(vec![dep(
        "ecs-svc/new",
        "api:43",
        DeploymentStatus::Primary,
        RolloutState::InProgress,
        1,
        t,
    )]);
    let mut src = Scripted::new(vec![s0]);
    Arc::get_mut(&mut src).unwrap().fail_at = Some(2);
    let (r, lines) = run_wait(src, 30).await;
    assert_eq!(r.outcome, WaitOutcome::TimedOut);
    assert_eq!(r.exit_code(), 2);
    assert_eq!(r.elapsed_secs, 30);
    assert!(
        lines
            .iter()
            .any(|l| l.contains("retrying after error") && l.contains("Rate exceeded")),
        "{lines:?}"
    );
    // Unchanged state is repeated at most every 30 s.
    assert_eq!(
        lines.iter().filter(|l| l.contains("IN_PROGRESS")).count(),
        2,
        "{lines:?}"
    );
}

#[tokio::test]
async fn rollout_wait_on_the_simulator_with_a_manual_clock() {
    for (cluster, name, ok) in [("prod", "catalog", true), ("staging", "search", false)] {
        let sim = Arc::new(SimSource::new(SimConfig {
            speed: None,
            ..SimConfig::default()
        }));
        let mut pacer = StepSim(Arc::clone(&sim));
        let r = rollout::wait(
            &*sim,
            &mut pacer,
            cluster,
            name,
            opts(1800),
            &mut |_: &str| {},
        )
        .await
        .unwrap();
        assert_eq!(
            r.outcome == WaitOutcome::Completed,
            ok,
            "{name}: {:?}",
            r.outcome
        );
        if !ok {
            assert!(
                matches!(&r.outcome, WaitOutcome::Failed(m) if m.contains("search:8")),
                "{:?}",
                r.outcome
            );
        }
    }
}

// ---------------------------------------------------------------- chaos

fn web(n: u8) -> Task {
    task("api", n, TaskStatus::Running, HealthStatus::Healthy)
}

fn tg(svc: &Service, targets: Vec<Target>) -> TargetGroup {
    TargetGroup {
        arn: svc.load_balancers[0].target_group_arn.clone(),
        name: "api-tg".into(),
        protocol_port: "HTTP:8080".into(),
        health_check_path: "/health".into(),
        load_balancers: vec!["alb".into()],
        targets,
    }
}

#[test]
fn timeline_records_each_step_and_the_time_to_recovery() {
    let svc = service("api", 2, 2, RolloutState::Completed, 42, true);
    let (a, b) = (web(1), web(2));
    let healthy = |ip: &str| target(ip, TargetState::Healthy, None);
    let g0 = vec![tg(&svc, vec![healthy("10.0.1.1"), healthy("10.0.1.2")])];
    let start = t0();
    let mut tl = ChaosTimeline::new(&svc, &a, &[a.clone(), b.clone()], &g0, start);
    assert_eq!(tl.baseline_healthy, 2);
    assert_eq!(tl.waiting_for(), Some(Milestone::ReplacementProvisioning));

    // +2s: the victim drains; a replacement is provisioning.
    let mut a1 = a.clone();
    a1.last_status = TaskStatus::Deactivating;
    a1.desired_status = TaskStatus::Stopped;
    a1.stopping_at = Some(start + CDuration::seconds(1));
    let mut c = task("api", 3, TaskStatus::Provisioning, HealthStatus::Unknown);
    c.created_at = Some(start + CDuration::seconds(1));
    c.started_at = None;
    let g1 = vec![tg(
        &svc,
        vec![
            target("10.0.1.1", TargetState::Draining, None),
            healthy("10.0.1.2"),
        ],
    )];
    let new = tl.observe(
        &[a1.clone(), b.clone(), c.clone()],
        &g1,
        start + CDuration::seconds(2),
    );
    let kinds: Vec<Milestone> = new.iter().map(|m| m.milestone).collect();
    assert_eq!(
        kinds,
        vec![Milestone::TaskStopping, Milestone::ReplacementProvisioning]
    );
    assert!(new[0].detail.contains("target draining"));

    // +40s: victim stopped, replacement running and container-healthy, target initial.
    let mut a2 = a1.clone();
    a2.last_status = TaskStatus::Stopped;
    a2.stopped_at = Some(start + CDuration::seconds(35));
    a2.stop_code = Some("UserInitiated".into());
    let mut c2 = c.clone();
    c2.last_status = TaskStatus::Running;
    c2.started_at = Some(start + CDuration::seconds(20));
    c2.health = HealthStatus::Healthy;
    let g2 = vec![tg(
        &svc,
        vec![
            healthy("10.0.1.2"),
            target("10.0.1.3", TargetState::Initial, None),
        ],
    )];
    tl.observe(
        &[a2.clone(), b.clone(), c2.clone()],
        &g2,
        start + CDuration::seconds(40),
    );
    assert_eq!(
        tl.reached(Milestone::TaskStopped),
        Some(start + CDuration::seconds(35))
    );
    assert_eq!(
        tl.reached(Milestone::ReplacementRunning),
        Some(start + CDuration::seconds(20))
    );
    assert!(!tl.is_recovered());
    assert_eq!(tl.waiting_for(), Some(Milestone::TargetHealthy));
    assert_eq!(
        tl.elapsed(start + CDuration::seconds(40)),
        CDuration::seconds(40)
    );

    // +60s: target healthy → recovered; the stopwatch freezes.
    let g3 = vec![tg(&svc, vec![healthy("10.0.1.2"), healthy("10.0.1.3")])];
    tl.observe(&[a2, b, c2], &g3, start + CDuration::seconds(60));
    assert!(tl.is_recovered() && tl.is_complete());
    assert_eq!(tl.time_to_recovery(), Some(CDuration::seconds(60)));
    assert_eq!(
        tl.elapsed(start + CDuration::seconds(500)),
        CDuration::seconds(60)
    );
    assert_eq!(
        tl.lines(),
        vec![
            "   +0s  stop requested            task 013f9c2b7a1d (api:42) 10.0.1.1",
            "   +1s  task stopping             DEACTIVATING, target draining",
            "   +1s  replacement provisioning  task 033f9c2b7a1d (api:42)",
            "  +20s  replacement running       10.0.1.3",
            "  +35s  task stopped              UserInitiated",
            "  +40s  container healthy         HEALTHY",
            "  +60s  target healthy            10.0.1.3",
            "  +60s  recovered                 2/2 tasks healthy",
        ]
    );
}

#[test]
fn timeline_follows_the_next_replacement_when_one_fails() {
    let svc = service("api", 1, 1, RolloutState::Completed, 42, false);
    let a = web(1);
    let start = t0();
    let mut tl = ChaosTimeline::new(&svc, &a, std::slice::from_ref(&a), &[], start);
    let mut gone = a.clone();
    gone.last_status = TaskStatus::Stopped;
    gone.desired_status = TaskStatus::Stopped;
    let mut bad = task("api", 2, TaskStatus::Running, HealthStatus::Unhealthy);
    bad.created_at = Some(start + CDuration::seconds(1));
    tl.observe(
        &[gone.clone(), bad.clone()],
        &[],
        start + CDuration::seconds(30),
    );
    assert_eq!(tl.replacement.as_deref(), Some(bad.id.as_str()));
    bad.desired_status = TaskStatus::Stopped;
    bad.stopped_reason = Some("Task failed container health checks".into());
    let mut good = task("api", 3, TaskStatus::Provisioning, HealthStatus::Unknown);
    good.created_at = Some(start + CDuration::seconds(50));
    let new = tl.observe(
        &[gone.clone(), bad.clone(), good.clone()],
        &[],
        start + CDuration::seconds(55),
    );
    assert!(
        new.iter()
            .any(|m| m.milestone == Milestone::ReplacementFailed
                && m.detail.contains("health checks"))
    );
    assert_eq!(tl.replacement.as_deref(), Some(good.id.as_str()));
    assert_eq!(tl.waiting_for(), Some(Milestone::ReplacementRunning));
    good.last_status = TaskStatus::Running;
    good.health = HealthStatus::Healthy;
    tl.observe(&[gone, bad, good], &[], start + CDuration::seconds(90));
    assert_eq!(tl.time_to_recovery(), Some(CDuration::seconds(90)));
}

/// A replacement ECS sent without `createdAt` is stamped when the stopwatch
/// saw it, not at the epoch, and a dated replacement is picked before it.
#[test]
fn an_undated_replacement_is_stamped_when_seen_and_picked_last() {
    let svc = service("api", 1, 1, RolloutState::Completed, 42, false);
    let a = web(1);
    let start = t0();
    let mut gone = a.clone();
    gone.last_status = TaskStatus::Stopped;
    gone.desired_status = TaskStatus::Stopped;
    let mut undated = task("api", 2, TaskStatus::Provisioning, HealthStatus::Unknown);
    undated.created_at = None;
    let seen = start + CDuration::seconds(30);

    let mut tl = ChaosTimeline::new(&svc, &a, std::slice::from_ref(&a), &[], start);
    let new = tl.observe(&[gone.clone(), undated.clone()], &[], seen);
    let m = new
        .iter()
        .find(|m| m.milestone == Milestone::ReplacementProvisioning)
        .unwrap();
    assert_eq!(m.at, seen);

    let mut dated = task("api", 3, TaskStatus::Provisioning, HealthStatus::Unknown);
    dated.created_at = Some(start + CDuration::seconds(5));
    let mut tl = ChaosTimeline::new(&svc, &a, std::slice::from_ref(&a), &[], start);
    tl.observe(&[gone, undated, dated.clone()], &[], seen);
    assert_eq!(tl.replacement.as_deref(), Some(dated.id.as_str()));
}

#[test]
fn victims_are_running_healthy_tasks_with_healthy_targets() {
    let svc = service("api", 3, 3, RolloutState::Completed, 42, true);
    let mut sick = web(1);
    sick.health = HealthStatus::Unhealthy;
    let tasks = vec![
        sick,
        web(2),
        web(3),
        task("other", 4, TaskStatus::Running, HealthStatus::Healthy),
    ];
    let g = vec![tg(
        &svc,
        vec![
            target("10.0.1.1", TargetState::Healthy, None),
            target(
                "10.0.1.2",
                TargetState::Unhealthy,
                Some("Target.FailedHealthChecks"),
            ),
            target("10.0.1.3", TargetState::Healthy, None),
        ],
    )];
    let v = chaos::pick_victim(&svc, &tasks, &g, &chaos::Pick::First).unwrap();
    assert_eq!(v.private_ip.as_deref(), Some("10.0.1.3"));
    let v = chaos::pick_victim(&svc, &tasks, &g, &chaos::Pick::Random).unwrap();
    assert_eq!(v.private_ip.as_deref(), Some("10.0.1.3"));
    let err = chaos::pick_victim(
        &svc,
        &tasks,
        &g,
        &chaos::Pick::Task("arn:aws:ecs:x:task/prod/nope".into()),
    )
    .unwrap_err();
    assert!(err.contains("nope"), "{err}");
    let none = chaos::pick_victim(&svc, &tasks[..2], &g, &chaos::Pick::First).unwrap_err();
    assert!(
        none.contains("its IP a healthy target"),
        "says what was checked: {none}"
    );
    assert!(none.contains("container health check UNHEALTHY"), "{none}");
    assert!(
        none.contains("target 10.0.1.2 is unhealthy"),
        "says what failed: {none}"
    );
    let mut elsewhere = web(2);
    elsewhere.private_ip = Some("10.0.9.9".into());
    let none = chaos::pick_victim(&svc, &[elsewhere], &g, &chaos::Pick::First).unwrap_err();
    assert!(
        none.contains("no target at IP 10.0.9.9 in api-tg"),
        "{none}"
    );
    assert!(!none.contains("health checks"), "{none}");
}

#[tokio::test]
async fn chaos_on_the_simulator_recovers_with_a_manual_clock() {
    let sim = Arc::new(SimSource::new(SimConfig {
        speed: None,
        ..SimConfig::default()
    }));
    let svc = rollout::fetch_service(&*sim, "prod", "web-api")
        .await
        .unwrap();
    let dir = std::env::temp_dir().join(format!("ecsdeck-chaos-audit-{}", std::process::id()));
    let audit = crate::audit::AuditContext {
        path: Some(dir.join("audit.jsonl")),
        source: "demo".into(),
        profile: None,
        region: None,
        allow_unaudited: false,
    };
    let stopped = chaos::stop(
        &*sim,
        &audit,
        &svc,
        &chaos::Pick::First,
        "ecsdeck chaos test by test",
    )
    .await
    .unwrap();
    assert_eq!(stopped.audit_error, None);
    let records = crate::audit::read_recent(&dir.join("audit.jsonl"), 10)
        .unwrap()
        .records;
    let results: Vec<&str> = records.iter().map(|r| r.result.as_str()).collect();
    assert_eq!(results, ["ok", "attempt"], "attempt first, then the result");
    assert!(records.iter().all(|r| r.action == "stop-task"));
    let _ = std::fs::remove_dir_all(dir);
    let mut tl = stopped.timeline;
    let mut pacer = StepSim(Arc::clone(&sim));
    let mut lines = Vec::new();
    let ok = chaos::wait_recovery(
        &*sim,
        &mut pacer,
        &svc,
        &mut tl,
        Duration::from_secs(600),
        Duration::from_secs(2),
        &mut |l: &str| lines.push(l.to_string()),
    )
    .await
    .unwrap();
    assert!(ok, "{lines:?}");
    for m in [
        Milestone::TaskStopping,
        Milestone::TaskStopped,
        Milestone::ReplacementProvisioning,
        Milestone::ReplacementRunning,
        Milestone::ContainerHealthy,
        Milestone::TargetHealthy,
        Milestone::Recovered,
    ] {
        assert!(tl.reached(m).is_some(), "{m:?} missing: {lines:?}");
    }
    let ttr = tl.time_to_recovery().unwrap().num_seconds();
    assert!((10..300).contains(&ttr), "{ttr}");
    let (tasks, _) = chaos::snapshot(&*sim, &svc).await.unwrap();
    let victim = tasks.iter().find(|t| t.id == tl.victim).unwrap();
    assert_eq!(
        victim.stopped_reason.as_deref(),
        Some("ecsdeck chaos test by test")
    );
}

// ---------------------------------------------------------------- status

#[test]
fn status_report_counts_health_and_picks_a_verdict() {
    let mut deploying = service("api", 2, 2, RolloutState::InProgress, 43, true);
    deploying.deployments[0].failed = 1;
    let degraded = service("worker", 2, 1, RolloutState::Completed, 5, false);
    let failed = service("search", 2, 2, RolloutState::Failed, 9, false);
    let ok = service("web", 1, 1, RolloutState::Completed, 3, false);
    let mut sick = task("api", 2, TaskStatus::Running, HealthStatus::Unhealthy);
    sick.group = "service:api".into();
    let tasks = vec![
        web(1),
        sick,
        task("api", 3, TaskStatus::Stopped, HealthStatus::Unknown),
    ];
    let g = vec![tg(
        &deploying,
        vec![
            target("10.0.1.1", TargetState::Healthy, None),
            target("10.0.1.2", TargetState::Unhealthy, None),
            target("10.0.1.9", TargetState::Draining, None),
        ],
    )];
    let r = status::build(
        "prod",
        "demo",
        t0(),
        &[ok, failed, degraded, deploying],
        &tasks,
        &g,
        None,
    );
    assert_eq!(r.schema, "ecsdeck.status/v1");
    assert_eq!(r.generated_at, "2026-11-22T14:02:10Z");
    let names: Vec<(&str, &str)> = r
        .services
        .iter()
        .map(|s| (s.name.as_str(), s.state))
        .collect();
    assert_eq!(
        names,
        vec![
            ("api", "deploying"),
            ("search", "failed"),
            ("web", "ok"),
            ("worker", "degraded")
        ]
    );
    let api = &r.services[0];
    assert_eq!(
        (
            api.tasks.healthy,
            api.tasks.unhealthy,
            api.tasks.stopped_recently
        ),
        (1, 1, 1)
    );
    let t = api.targets.unwrap();
    assert_eq!(
        (t.healthy, t.registered, t.unhealthy, t.draining),
        (1, 2, 1, 1)
    );
    assert_eq!(api.rollout.as_ref().unwrap().failed, 1);
    assert!(api.alarms.is_none());
    let json = serde_json::to_value(&r).unwrap();
    assert_eq!(json["services"][0]["rollout"]["state"], "IN_PROGRESS");
    assert_eq!(json["services"][1]["targets"], serde_json::Value::Null);
    let table = status::table(&r);
    assert!(table.starts_with("SERVICE  STATE"), "{table}");
    assert!(table.contains("1/2 (1 unhealthy)"), "{table}");
    assert!(table.contains("IN_PROGRESS (1 failed)"), "{table}");
}

/// A deployment ECS sent without `createdAt` is `null` in `--json`, not 1970.
#[test]
fn status_json_has_null_for_an_absent_deployment_time() {
    let mut undated = service("api", 2, 2, RolloutState::Completed, 3, false);
    undated.deployments[0].created_at = None;
    let dated = service("web", 1, 1, RolloutState::Completed, 3, false);
    let r = status::build("prod", "demo", t0(), &[undated, dated], &[], &[], None);
    let json = serde_json::to_value(&r).unwrap();
    assert_eq!(
        json["services"][0]["rollout"]["created_at"],
        serde_json::Value::Null
    );
    assert!(
        json["services"][1]["rollout"]["created_at"]
            .as_str()
            .is_some_and(|t| t.starts_with("2026-")),
        "{json}"
    );
}
