//! Rules of the simulated ECS environment, through the public API only, on a
//! manual clock (no sleeps).

use std::time::Duration;

use ecsdeck::model::{
    HealthStatus, LogTarget, RolloutState, Service, TargetGroup, TargetState, Task, TaskStatus,
};
use ecsdeck::source::sim::{Faults, SimConfig, SimSource};
use ecsdeck::source::{ErrorKind, LogQuery, Ops, ServiceUpdate, Source, TaskScope};

fn sim(seed: u64) -> SimSource {
    SimSource::new(SimConfig {
        seed,
        speed: None,
        extra_services: 0,
        faults: Faults::default(),
    })
}

fn secs(n: u64) -> Duration {
    Duration::from_secs(n)
}

async fn service(s: &SimSource, cluster: &str, name: &str) -> Service {
    let all = s.services(cluster).await.unwrap();
    all.into_iter().find(|x| x.name == name).unwrap()
}

async fn tasks(s: &SimSource, cluster: &str, name: &str) -> Vec<Task> {
    s.tasks(cluster, &TaskScope::Service(name.into()))
        .await
        .unwrap()
}

async fn group(s: &SimSource, svc: &Service) -> TargetGroup {
    let arn = svc.load_balancers[0].target_group_arn.clone();
    s.target_groups(&[arn]).await.unwrap().remove(0)
}

fn target_state(t: &Task, g: &TargetGroup) -> Option<TargetState> {
    let ip = t.private_ip.as_deref()?;
    g.targets.iter().find(|x| x.id == ip).map(|x| x.state)
}

/// Healthy = RUNNING, desired RUNNING, HEALTHY, and a healthy target.
fn healthy_count(ts: &[Task], g: &TargetGroup) -> usize {
    ts.iter()
        .filter(|t| {
            t.last_status == TaskStatus::Running
                && t.desired_status == TaskStatus::Running
                && t.health == HealthStatus::Healthy
                && target_state(t, g) == Some(TargetState::Healthy)
        })
        .count()
}

#[tokio::test]
async fn scenario_starts_steady_with_realistic_shapes() {
    let s = sim(7);
    let clusters = s.clusters().await.unwrap();
    let names: Vec<_> = clusters.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(names, ["staging", "prod"]);
    let prod = s.services("prod").await.unwrap();
    assert!(prod.len() >= 5);
    let web = service(&s, "prod", "web-api").await;
    assert_eq!(
        web.arn,
        "arn:aws:ecs:us-east-1:123456789012:service/prod/web-api"
    );
    assert_eq!(web.running, 3);
    let ts = tasks(&s, "prod", "web-api").await;
    assert!(
        ts[0]
            .arn
            .starts_with("arn:aws:ecs:us-east-1:123456789012:task/prod/")
    );
    assert_eq!(ts[0].id.len(), 32);
    let checkout = tasks(&s, "prod", "checkout").await;
    assert!(checkout[0].containers.iter().any(|c| !c.essential));
    let worker = service(&s, "prod", "worker").await;
    assert!(worker.load_balancers.is_empty());
    let catalog = service(&s, "prod", "catalog").await;
    assert_eq!(
        catalog.primary_deployment().unwrap().rollout_state,
        RolloutState::InProgress
    );
    let g = group(&s, &web).await;
    assert_eq!(healthy_count(&ts, &g), 3);
    assert_eq!(g.health_check_path, "/health");
}

#[tokio::test]
async fn self_healing_replaces_a_stopped_task_within_90_seconds() {
    let s = sim(7);
    let before = tasks(&s, "prod", "web-api").await;
    let victim = before[0].clone();
    let stopped = s
        .stop_task("prod", &victim.arn, "testing self-healing")
        .await
        .unwrap();
    assert_eq!(stopped.desired_status, TaskStatus::Stopped);
    assert_eq!(stopped.stop_code.as_deref(), Some("UserInitiated"));
    assert_eq!(
        stopped.stopped_reason.as_deref(),
        Some("testing self-healing")
    );
    let web = service(&s, "prod", "web-api").await;
    let mut healed_at = None;
    for sec in 1..=90 {
        s.advance(secs(1));
        let ts = tasks(&s, "prod", "web-api").await;
        let g = group(&s, &web).await;
        let new_healthy = ts.iter().any(|t| {
            !before.iter().any(|b| b.id == t.id)
                && t.last_status == TaskStatus::Running
                && t.health == HealthStatus::Healthy
                && target_state(t, &g) == Some(TargetState::Healthy)
        });
        if new_healthy && healthy_count(&ts, &g) == 3 {
            healed_at = Some(sec);
            break;
        }
    }
    assert!(healed_at.is_some(), "no healthy replacement within 90 s");
    // The stopped task walks the lifecycle down and stays listed as STOPPED.
    s.advance(secs(120));
    let ts = tasks(&s, "prod", "web-api").await;
    let old = ts.iter().find(|t| t.id == victim.id).unwrap();
    assert_eq!(old.last_status, TaskStatus::Stopped);
    assert!(old.stopped_at.is_some());
    // ... and disappears after about an hour.
    s.advance(secs(3700));
    let ts = tasks(&s, "prod", "web-api").await;
    assert!(!ts.iter().any(|t| t.id == victim.id));
}

#[tokio::test]
async fn desired_count_reconciles_up_and_down() {
    let s = sim(7);
    let svc = s
        .update_service(
            "prod",
            "worker",
            &ServiceUpdate {
                desired_count: Some(5),
                ..ServiceUpdate::default()
            },
        )
        .await
        .unwrap();
    assert_eq!(svc.desired, 5);
    s.advance(secs(60));
    let w = service(&s, "prod", "worker").await;
    assert_eq!(w.running, 5);
    let live = tasks(&s, "prod", "worker").await;
    assert_eq!(
        live.iter()
            .filter(|t| t.desired_status == TaskStatus::Running
                && t.health == HealthStatus::Healthy)
            .count(),
        5
    );
    s.update_service(
        "prod",
        "worker",
        &ServiceUpdate {
            desired_count: Some(1),
            ..ServiceUpdate::default()
        },
    )
    .await
    .unwrap();
    s.advance(secs(30));
    let w = service(&s, "prod", "worker").await;
    assert_eq!(w.running, 1);
    let ts = tasks(&s, "prod", "worker").await;
    let stopped: Vec<_> = ts
        .iter()
        .filter(|t| t.desired_status == TaskStatus::Stopped)
        .collect();
    assert_eq!(stopped.len(), 4);
    assert!(
        stopped
            .iter()
            .all(|t| t.stop_code.as_deref() == Some("ServiceSchedulerInitiated"))
    );
    assert!(w.events.iter().any(|e| e.message.contains("has stopped")));
}

#[tokio::test]
async fn rolling_deployment_respects_min_healthy_and_max_percent_every_tick() {
    let s = sim(11);
    let svc = s
        .update_service(
            "prod",
            "web-api",
            &ServiceUpdate {
                force_new_deployment: true,
                ..ServiceUpdate::default()
            },
        )
        .await
        .unwrap();
    let new_id = svc.primary_deployment().unwrap().id.clone();
    assert_eq!(svc.deployments.len(), 2);
    let min = 3 * svc.minimum_healthy_percent as usize / 100;
    let max = 3 * svc.maximum_percent as usize / 100;
    let mut peak = 0;
    let mut done = false;
    for _ in 0..600 {
        s.advance(secs(1));
        let ts = tasks(&s, "prod", "web-api").await;
        let g = group(&s, &svc).await;
        let live = ts
            .iter()
            .filter(|t| t.desired_status == TaskStatus::Running)
            .count();
        let healthy = healthy_count(&ts, &g);
        assert!(healthy >= min, "healthy {healthy} < {min}");
        assert!(live <= max, "live {live} > {max}");
        peak = peak.max(live);
        let now = service(&s, "prod", "web-api").await;
        let p = now.primary_deployment().unwrap();
        if p.id == new_id && p.rollout_state == RolloutState::Completed {
            done = true;
            break;
        }
    }
    assert!(done, "deployment did not complete in 10 min");
    assert!(peak > 3, "the rollout should have surged above desired");
    let now = service(&s, "prod", "web-api").await;
    assert_eq!(now.deployments.len(), 1);
    assert!(
        now.events
            .iter()
            .any(|e| e.message.contains("deployment completed"))
    );
}

#[tokio::test]
async fn bad_revision_fails_and_rolls_back_without_ever_taking_traffic() {
    let s = sim(7);
    let before = service(&s, "prod", "web-api").await;
    let old_td = before.task_definition.clone();
    let svc = s
        .update_service(
            "prod",
            "web-api",
            &ServiceUpdate {
                task_definition: Some("web-api:15".into()),
                ..ServiceUpdate::default()
            },
        )
        .await
        .unwrap();
    let bad_td = svc.task_definition.clone();
    assert!(bad_td.ends_with("task-definition/web-api:15"));
    let bad_id = svc.primary_deployment().unwrap().id.clone();
    let mut rolled_back = false;
    for _ in 0..900 {
        s.advance(secs(1));
        let ts = tasks(&s, "prod", "web-api").await;
        let g = group(&s, &svc).await;
        for t in ts.iter().filter(|t| t.task_definition == bad_td) {
            assert_ne!(target_state(t, &g), Some(TargetState::Healthy));
            assert_ne!(t.health, HealthStatus::Healthy);
        }
        let now = service(&s, "prod", "web-api").await;
        let p = now.primary_deployment().unwrap();
        if p.id != bad_id
            && p.task_definition == old_td
            && p.rollout_state == RolloutState::Completed
        {
            rolled_back = true;
            break;
        }
    }
    assert!(rolled_back, "no completed rollback within 15 min");
    let now = service(&s, "prod", "web-api").await;
    let msgs: Vec<_> = now.events.iter().map(|e| e.message.as_str()).collect();
    let failed_msg = format!("(deployment {bad_id}) deployment failed: tasks failed to start.");
    assert!(msgs.iter().any(|m| m.contains(&failed_msg)), "{msgs:#?}");
    assert!(
        msgs.iter()
            .any(|m| m.contains("rolling back to deployment"))
    );
    let ts = tasks(&s, "prod", "web-api").await;
    let failed: Vec<_> = ts.iter().filter(|t| t.task_definition == bad_td).collect();
    assert!(failed.len() >= 3);
    assert!(
        failed
            .iter()
            .all(|t| t.stop_code.as_deref() == Some("ServiceSchedulerInitiated"))
    );
    assert!(
        failed
            .iter()
            .any(|t| t.stopped_reason.as_deref() == Some("Task failed container health checks"))
    );
    assert_eq!(now.running, 3);
}

#[tokio::test]
async fn staging_starts_with_a_bad_rollout_that_the_circuit_breaker_stops() {
    let s = sim(3);
    let mut failed = false;
    for _ in 0..60 {
        s.advance(secs(10));
        let svc = service(&s, "staging", "search").await;
        if svc.events.iter().any(|e| {
            e.message
                .contains("deployment failed: tasks failed to start.")
        }) {
            failed = true;
            break;
        }
    }
    assert!(failed);
    s.advance(secs(300));
    let svc = service(&s, "staging", "search").await;
    let p = svc.primary_deployment().unwrap();
    assert!(p.task_definition.ends_with("search:8"));
    assert_eq!(p.rollout_state, RolloutState::Completed);
}

async fn snapshot(s: &SimSource) -> (Vec<Service>, Vec<Task>, Vec<Service>) {
    (
        s.services("prod").await.unwrap(),
        s.tasks("prod", &TaskScope::Cluster).await.unwrap(),
        s.services("staging").await.unwrap(),
    )
}

#[tokio::test]
async fn same_seed_same_steps_same_world() {
    let (a, b) = (sim(42), sim(42));
    for s in [&a, &b] {
        s.advance(secs(45));
        let t = tasks(s, "prod", "payments").await;
        s.stop_task("prod", &t[0].id, "determinism").await.unwrap();
        s.advance(secs(1800));
    }
    assert_eq!(snapshot(&a).await, snapshot(&b).await);
    let c = sim(43);
    c.advance(secs(1845));
    assert_ne!(snapshot(&a).await.1, snapshot(&c).await.1);
}

#[tokio::test]
async fn refresh_of_a_large_cluster_costs_the_call_floor() {
    let s = SimSource::new(SimConfig {
        seed: 1,
        speed: None,
        extra_services: 250,
        faults: Faults::default(),
    });
    s.calls().reset();
    let svcs = s.services("prod").await.unwrap();
    let n = svcs.len() as u64;
    assert!(n >= 255);
    assert_eq!(s.calls().get("ecs:ListServices"), n.div_ceil(100));
    assert_eq!(s.calls().get("ecs:DescribeServices"), n.div_ceil(10));
    assert_eq!(s.calls().total(), n.div_ceil(100) + n.div_ceil(10));
    s.calls().reset();
    let ts = s.tasks("prod", &TaskScope::Cluster).await.unwrap();
    assert_eq!(
        s.calls().get("ecs:DescribeTasks"),
        (ts.len() as u64).div_ceil(100)
    );
}

#[tokio::test]
async fn faults_fail_calls_and_recover_and_writes_under_fault_change_nothing() {
    let s = sim(7);
    let victim = tasks(&s, "prod", "web-api").await[0].clone();
    s.set_faults(Faults {
        throttle_rate: 1.0,
        ..Faults::default()
    });
    let e = s.services("prod").await.unwrap_err();
    assert_eq!(e.kind, ErrorKind::Throttled);
    assert!(e.message.contains("ThrottlingException: Rate exceeded"));
    let e = s
        .update_service(
            "prod",
            "web-api",
            &ServiceUpdate {
                desired_count: Some(9),
                ..ServiceUpdate::default()
            },
        )
        .await
        .unwrap_err();
    assert_eq!(e.kind, ErrorKind::Throttled);
    s.set_faults(Faults {
        expired_credentials: true,
        ..Faults::default()
    });
    assert_eq!(s.clusters().await.unwrap_err().kind, ErrorKind::Credentials);
    s.set_faults(Faults {
        error_rate: 1.0,
        ..Faults::default()
    });
    assert_eq!(
        s.stop_task("prod", &victim.id, "x").await.unwrap_err().kind,
        ErrorKind::Server
    );
    s.set_faults(Faults::default());
    let web = service(&s, "prod", "web-api").await;
    assert_eq!(web.desired, 3);
    let still = tasks(&s, "prod", "web-api").await;
    let v = still.iter().find(|t| t.id == victim.id).unwrap();
    assert_eq!(v.desired_status, TaskStatus::Running);
}

#[tokio::test]
async fn unknown_cluster_and_service_are_not_found() {
    let s = sim(7);
    let e = s.services("nope").await.unwrap_err();
    assert_eq!(e.kind, ErrorKind::NotFound);
    assert!(
        e.message
            .contains("ClusterNotFoundException: Cluster not found.")
    );
    let e = s
        .update_service("prod", "ghost", &ServiceUpdate::default())
        .await
        .unwrap_err();
    assert_eq!(e.kind, ErrorKind::NotFound);
    assert!(e.message.contains("ghost") && e.message.contains("prod"));
}

fn query(group: &str, s: &SimSource, back: i64, filter: &str) -> LogQuery {
    LogQuery {
        target: LogTarget {
            group: group.into(),
            streams: vec![],
        },
        start: s.now() - chrono::Duration::seconds(back),
        end: None,
        filter_pattern: filter.into(),
        next_token: None,
    }
}

#[tokio::test]
async fn logs_paginate_with_stable_ids_and_include_hostile_lines() {
    let s = sim(7);
    s.advance(secs(5));
    let mut q = query("/ecs/web-api", &s, 3600, "");
    q.end = Some(s.now());
    let first = q.clone();
    let mut all = Vec::new();
    let mut pages = 0;
    loop {
        let p = s.log_events(&q).await.unwrap();
        assert!(p.lines.len() <= 100);
        all.extend(p.lines);
        pages += 1;
        match p.next_token {
            Some(t) => q.next_token = Some(t),
            None => break,
        }
    }
    assert!(pages > 3);
    let mut ids: Vec<_> = all.iter().map(|l| l.event_id.clone()).collect();
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), all.len(), "event ids must be unique");
    assert!(all.windows(2).all(|w| w[0].timestamp <= w[1].timestamp));
    // Same window again: same events, same ids.
    s.advance(secs(30));
    let again = s.log_events(&first).await.unwrap();
    assert_eq!(again.lines, all[..again.lines.len()]);
    assert!(all.iter().any(|l| l.message.contains("\x1b]")));
    assert!(all.iter().any(|l| l.message.len() > 16 * 1024));
    assert!(all.iter().any(|l| l.message.contains("HTTP/1.1\" 200")));
    // A filter keeps only matching lines.
    let f = s
        .log_events(&query("/ecs/web-api", &s, 600, "\"/health\""))
        .await
        .unwrap();
    assert!(!f.lines.is_empty());
    assert!(f.lines.iter().all(|l| l.message.contains("/health")));
}

#[tokio::test]
async fn flaky_payments_crash_with_oom_and_are_replaced() {
    let s = sim(7);
    let mut crashed = None;
    for _ in 0..180 {
        s.advance(secs(20));
        let ts = tasks(&s, "prod", "payments").await;
        if let Some(t) = ts
            .iter()
            .find(|t| t.stop_code.as_deref() == Some("EssentialContainerExited"))
        {
            crashed = Some(t.clone());
            break;
        }
    }
    let t = crashed.expect("a payments task should crash within an hour");
    assert_eq!(
        t.stopped_reason.as_deref(),
        Some("Essential container in task exited")
    );
    let c = &t.containers[0];
    assert!(c.exit_code == Some(137) || c.exit_code == Some(1));
    if c.exit_code == Some(137) {
        assert_eq!(
            c.reason.as_deref(),
            Some("OutOfMemoryError: Container killed due to memory usage")
        );
    }
    s.advance(secs(90));
    assert_eq!(service(&s, "prod", "payments").await.running, 2);
}

#[tokio::test]
async fn metrics_and_alarms_are_populated() {
    let s = sim(7);
    let svcs = s.services("prod").await.unwrap();
    let series = s.metrics("prod", &svcs, &[]).await.unwrap();
    let web: Vec<_> = series.iter().filter(|m| m.service == "web-api").collect();
    assert_eq!(web.len(), 5);
    assert!(web.iter().all(|m| m.points.len() == 60));
    let alarms = s.alarms().await.unwrap();
    let web_svc = svcs.iter().find(|x| x.name == "web-api").unwrap();
    let a = alarms
        .iter()
        .find(|a| a.name == "prod-web-api-5xx")
        .unwrap();
    assert!(
        a.dimensions
            .iter()
            .any(|(k, v)| k == "TargetGroup" && v.starts_with("targetgroup/"))
    );
    assert!(a.matches_service(web_svc, &[]));
    assert!(a.reason.starts_with("Threshold Crossed: 1 datapoint ["));
    // The threshold the simulator evaluates is the one the alarm reports
    // (and the chart draws): 5 errors summed over a minute.
    assert!(a.reason.ends_with("the threshold (5.0)."), "{}", a.reason);
    assert_eq!(a.threshold, Some(5.0));
    assert_eq!(
        a.threshold_on_chart(ecsdeck::model::MetricKind::Errors5xx),
        Some(5.0)
    );
}

#[tokio::test]
async fn the_demo_services_name_their_current_service_deployment() {
    use ecsdeck::model::{ServiceDeploymentStatus, StrategyKind};
    let s = sim(7);
    for (name, kind) in [
        ("checkout", StrategyKind::Canary),
        ("payments", StrategyKind::Linear),
    ] {
        let svc = service(&s, "prod", name).await;
        let arn = svc
            .current_service_deployment
            .unwrap_or_else(|| panic!("{name} names no current service deployment"));
        let found = s
            .describe_service_deployments(std::slice::from_ref(&arn))
            .await
            .unwrap();
        assert_eq!(found.len(), 1, "{name}");
        assert_eq!(found[0].arn, arn);
        assert_eq!(found[0].status, Some(ServiceDeploymentStatus::InProgress));
        assert_eq!(found[0].strategy.as_ref().map(|s| s.kind), Some(kind));
    }
    let api = service(&s, "prod", "web-api").await;
    assert_eq!(
        api.current_service_deployment, None,
        "a rolling service has none"
    );
}
