//! Fixed model data for unit and snapshot tests.

use chrono::{Duration, TimeZone};

use crate::keymap::Keymap;
use crate::model::*;
use crate::source::SourceInfo;
use crate::state::State;
use crate::theme::Theme;

/// The fixed "now" of every fixture.
pub(crate) fn t0() -> Time {
    chrono::Utc
        .with_ymd_and_hms(2026, 11, 22, 14, 2, 10)
        .single()
        .unwrap_or_default()
}

fn td(family: &str, rev: u32) -> String {
    format!("arn:aws:ecs:us-east-1:123456789012:task-definition/{family}:{rev}")
}

fn deployment(
    id: &str,
    family: &str,
    rev: u32,
    desired: u32,
    running: u32,
    state: RolloutState,
) -> Deployment {
    Deployment {
        id: id.to_string(),
        status: DeploymentStatus::Primary,
        task_definition: td(family, rev),
        desired,
        pending: 0,
        running,
        failed: 0,
        rollout_state: state,
        rollout_reason: match state {
            RolloutState::Completed => "ECS deployment ecs-svc/1 completed.".into(),
            RolloutState::InProgress => "ECS deployment ecs-svc/2 in progress.".into(),
            RolloutState::Failed => "ECS deployment circuit breaker: tasks failed to start.".into(),
        },
        created_at: Some(t0() - Duration::minutes(12)),
        updated_at: Some(t0() - Duration::minutes(1)),
    }
}

/// A service fixture.
pub(crate) fn service(
    name: &str,
    desired: u32,
    running: u32,
    state: RolloutState,
    rev: u32,
    lb: bool,
) -> Service {
    Service {
        name: name.to_string(),
        arn: format!("arn:aws:ecs:us-east-1:123456789012:service/prod/{name}"),
        cluster: "prod".into(),
        status: "ACTIVE".into(),
        desired,
        running,
        pending: desired.saturating_sub(running),
        task_definition: td(name, rev),
        launch_type: "FARGATE".into(),
        deployments: vec![deployment(
            "ecs-svc/1234567890",
            name,
            rev,
            desired,
            running,
            state,
        )],
        events: vec![ServiceEvent {
            id: "e1".into(),
            created_at: Some(t0() - Duration::seconds(90)),
            message: format!("(service {name}) has reached a steady state."),
        }],
        circuit_breaker: CircuitBreaker {
            enable: true,
            rollback: true,
        },
        minimum_healthy_percent: 100,
        maximum_percent: 200,
        load_balancers: if lb {
            vec![LoadBalancerRef {
                target_group_arn: format!(
                    "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/{name}-tg/0123456789abcdef"
                ),
                container_name: "app".into(),
                container_port: 8080,
            }]
        } else {
            Vec::new()
        },
        created_at: Some(t0() - Duration::days(30)),
        enable_execute_command: true,
        current_service_deployment: None,
    }
}

/// A task fixture of `service` with private IP `10.0.1.{n}`.
pub(crate) fn task(service: &str, n: u8, status: TaskStatus, health: HealthStatus) -> Task {
    let id = format!("{n:02x}{}", &"3f9c2b7a1d4e5f60718293a4b5c6d7"[..30]);
    let stopped = status == TaskStatus::Stopped;
    let runtime_id = (!stopped).then(|| format!("{id}-0527074092"));
    Task {
        arn: format!("arn:aws:ecs:us-east-1:123456789012:task/prod/{id}"),
        id,
        cluster: "prod".into(),
        group: format!("service:{service}"),
        task_definition: td(service, 42),
        last_status: status,
        desired_status: if stopped {
            TaskStatus::Stopped
        } else {
            TaskStatus::Running
        },
        health,
        availability_zone: format!("us-east-1{}", ['a', 'b', 'c'][usize::from(n) % 3]),
        private_ip: Some(format!("10.0.1.{n}")),
        containers: vec![Container {
            name: "app".into(),
            image: format!("123456789012.dkr.ecr.us-east-1.amazonaws.com/{service}:1.4.2"),
            image_digest: Some(
                "sha256:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08".into(),
            ),
            last_status: status.as_str().into(),
            health,
            essential: true,
            exit_code: if stopped { Some(137) } else { None },
            reason: if stopped {
                Some("OutOfMemoryError: Container killed due to memory usage".into())
            } else {
                None
            },
            log: Some(LogConfig {
                group: format!("/ecs/{service}"),
                stream_prefix: "ecs".into(),
                region: None,
            }),
            runtime_id,
            exec_agent: Some(if stopped { "STOPPED" } else { "RUNNING" }.into()),
        }],
        created_at: Some(t0() - Duration::minutes(u32::from(n).into())),
        started_at: Some(t0() - Duration::minutes(u32::from(n).into()) + Duration::seconds(40)),
        stopping_at: None,
        stopped_at: if stopped {
            Some(t0() - Duration::seconds(30))
        } else {
            None
        },
        stop_code: if stopped {
            Some("EssentialContainerExited".into())
        } else {
            None
        },
        stopped_reason: if stopped {
            Some("Essential container in task exited".into())
        } else {
            None
        },
        cpu: Some("256".into()),
        memory: Some("512".into()),
    }
}

/// A target fixture.
pub(crate) fn target(ip: &str, state: TargetState, reason: Option<&str>) -> Target {
    Target {
        id: ip.to_string(),
        port: 8080,
        availability_zone: Some("us-east-1a".into()),
        state,
        reason: reason.map(str::to_string),
        description: reason.map(|_| "Health checks failed with these codes: [503]".to_string()),
    }
}

/// A loaded state on the services view: 5 services, their tasks, a target
/// group, alarms and metrics. (The tests written for the services view open
/// it explicitly; the home is the dashboard, `loaded_dashboard`.)
pub(crate) fn loaded_state() -> State {
    let mut s = loaded_dashboard();
    s.stack = vec![crate::state::Screen::new(
        crate::state::View::Services,
        None,
    )];
    s
}

/// A loaded state on the home dashboard (as [`loaded_state`]).
pub(crate) fn loaded_dashboard() -> State {
    let mut s = State::new(
        SourceInfo {
            kind: "demo",
            label: "demo (seed 7)".into(),
        },
        Some("prod".into()),
        t0(),
        Keymap::defaults(),
        Theme::colored(),
    );
    let services = vec![
        service("checkout", 4, 2, RolloutState::InProgress, 17, true),
        service("payments", 2, 1, RolloutState::Failed, 9, false),
        service("web-api", 3, 3, RolloutState::Completed, 42, true),
        service("worker", 2, 2, RolloutState::Completed, 5, false),
        service("search", 0, 0, RolloutState::Completed, 3, false),
    ];
    let mut services = services;
    services.sort_by(|a, b| a.name.cmp(&b.name));
    if let Some(checkout) = services.iter_mut().find(|s| s.name == "checkout") {
        let mut old = deployment(
            "ecs-svc/0987654321",
            "checkout",
            16,
            2,
            2,
            RolloutState::Completed,
        );
        old.status = DeploymentStatus::Active;
        old.created_at = Some(t0() - Duration::days(2));
        checkout.deployments.push(old);
        checkout.events.insert(
            0,
            ServiceEvent {
                id: "e2".into(),
                created_at: Some(t0() - Duration::seconds(20)),
                message: "(service checkout) has started 2 tasks: (task 1a2b3c4d) (task 5e6f7a8b)."
                    .into(),
            },
        );
    }
    if let Some(payments) = services.iter_mut().find(|s| s.name == "payments") {
        payments.events.insert(0, ServiceEvent {
            id: "e3".into(),
            created_at: Some(t0() - Duration::seconds(45)),
            message: "(service payments) (deployment ecs-svc/1234567890) deployment failed: tasks failed to start.".into(),
        });
    }
    let tasks = vec![
        task("web-api", 11, TaskStatus::Running, HealthStatus::Healthy),
        task("web-api", 12, TaskStatus::Running, HealthStatus::Healthy),
        task("web-api", 13, TaskStatus::Activating, HealthStatus::Unknown),
        task("web-api", 14, TaskStatus::Stopped, HealthStatus::Unhealthy),
        task("payments", 21, TaskStatus::Running, HealthStatus::Unhealthy),
        task("worker", 31, TaskStatus::Running, HealthStatus::Healthy),
        task("worker", 32, TaskStatus::Running, HealthStatus::Healthy),
    ];
    let tg = TargetGroup {
        arn: services
            .iter()
            .find(|s| s.name == "web-api")
            .map(|s| s.load_balancers[0].target_group_arn.clone())
            .unwrap_or_default(),
        name: "web-api-tg".into(),
        protocol_port: "HTTP:8080".into(),
        health_check_path: "/health".into(),
        load_balancers: vec!["prod-alb".into()],
        targets: vec![
            target("10.0.1.11", TargetState::Healthy, None),
            target("10.0.1.12", TargetState::Healthy, None),
            target(
                "10.0.1.13",
                TargetState::Initial,
                Some("Elb.RegistrationInProgress"),
            ),
        ],
    };
    let alarms = vec![Alarm {
        name: "prod-payments-memory-high".into(),
        arn: "arn:aws:cloudwatch:us-east-1:123456789012:alarm:prod-payments-memory-high".into(),
        state: AlarmState::Alarm,
        reason: "Threshold Crossed".into(),
        updated_at: Some(t0() - Duration::minutes(3)),
        namespace: "AWS/ECS".into(),
        metric: "MemoryUtilization".into(),
        dimensions: vec![
            ("ClusterName".into(), "prod".into()),
            ("ServiceName".into(), "payments".into()),
        ],
        threshold: Some(80.0),
        comparison: Some(Comparison::GreaterThan),
        statistic: Some(Statistic::Maximum),
        period_secs: Some(60),
    }];
    let metrics = services
        .iter()
        .enumerate()
        .map(|(i, svc)| {
            let series = MetricKind::ALL
                .iter()
                .map(|k| {
                    let now = 10.0 + 7.0 * i as f64 + 3.0 * (*k as u8) as f64;
                    MetricSeries {
                        service: svc.name.clone(),
                        kind: *k,
                        points: if svc.name == "checkout" {
                            checkout_hour(*k, now)
                        } else {
                            vec![(t0(), now)]
                        },
                    }
                })
                .collect();
            (svc.name.clone(), series)
        })
        .collect();
    let at = t0() - Duration::seconds(3);
    s.clusters.apply(
        Ok(vec![
            Cluster {
                name: "prod".into(),
                arn: "arn:aws:ecs:us-east-1:123456789012:cluster/prod".into(),
                status: "ACTIVE".into(),
                active_services: 5,
                running_tasks: 6,
                pending_tasks: 1,
            },
            Cluster {
                name: "staging".into(),
                arn: "arn:aws:ecs:us-east-1:123456789012:cluster/staging".into(),
                status: "ACTIVE".into(),
                active_services: 3,
                running_tasks: 4,
                pending_tasks: 0,
            },
        ]),
        at,
    );
    s.services.apply(Ok(services), at);
    s.tasks
        .entry(String::new())
        .or_default()
        .apply(Ok(tasks), at);
    s.reindex_tasks();
    s.target_groups
        .apply(Ok([(tg.arn.clone(), tg)].into_iter().collect()), at);
    s.alarms.apply(Ok(alarms), at);
    s.metrics.apply(Ok(metrics), at);
    s
}

/// checkout's last hour, one point a minute ending at t0 with `now`: CPU
/// falling from 69 % to `now`, memory flat, both missing 20–29 minutes ago
/// (no task ran); 60 5xx a minute 40–44 minutes ago, else none but `now`.
fn checkout_hour(kind: MetricKind, now: f64) -> Vec<(crate::model::Time, f64)> {
    (0..60_i64)
        .rev()
        .filter(|m| !(matches!(kind, MetricKind::Cpu | MetricKind::Memory) && (20..30).contains(m)))
        .map(|m| {
            let v = match kind {
                _ if m == 0 => now,
                MetricKind::Cpu => now + m as f64,
                MetricKind::Errors5xx if (40..45).contains(&m) => 60.0,
                MetricKind::Errors5xx => 0.0,
                _ => now,
            };
            (t0() - Duration::minutes(m), v)
        })
        .collect()
}

/// A task definition fixture of `family`.
pub(crate) fn task_def(family: &str, rev: u32, image_tag: &str, log_level: &str) -> TaskDefinition {
    TaskDefinition {
        arn: td(family, rev),
        family: family.to_string(),
        revision: rev,
        cpu: Some("256".into()),
        memory: Some(if rev >= 42 { "1024" } else { "512" }.into()),
        containers: vec![ContainerDefinition {
            name: "app".into(),
            image: format!("123456789012.dkr.ecr.us-east-1.amazonaws.com/{family}:{image_tag}"),
            essential: true,
            command: vec!["./server".into(), "--port=8080".into()],
            environment: vec![
                (
                    "DATABASE_URL".into(),
                    "postgres://app:s3cret@db:5432/app".into(),
                ),
                ("LOG_LEVEL".into(), log_level.into()),
            ],
            secrets: vec![(
                "API_KEY".into(),
                "arn:aws:secretsmanager:us-east-1:123456789012:secret:api-key".into(),
            )],
            ports: vec![8080],
            health_check: Some(vec![
                "CMD-SHELL".into(),
                "curl -f http://localhost:8080/health || exit 1".into(),
            ]),
            cpu: None,
            memory: None,
            log: Some(LogConfig {
                group: format!("/ecs/{family}"),
                stream_prefix: "ecs".into(),
                region: None,
            }),
        }],
        registered_at: Some(t0() - Duration::days(i64::from(50 - rev.min(50)))),
    }
}

/// Adds revisions 40..=42 of `web-api` (with their task definitions) to a state.
pub(crate) fn with_revisions(mut s: State) -> State {
    let defs = [
        task_def("web-api", 42, "1.4.2", "info"),
        task_def("web-api", 41, "1.4.1", "debug"),
        task_def("web-api", 40, "1.4.0", "debug"),
    ];
    s.revisions
        .entry("web-api".into())
        .or_default()
        .apply(Ok(defs.iter().map(|d| d.arn.clone()).collect()), t0());
    for d in defs {
        s.task_defs.insert(d.arn.clone(), d);
    }
    s
}

/// `s` with Application Auto Scaling known for every service: `payments` is
/// autoscaled (min 2, max 6, a CPU target tracking policy, one activity),
/// the others are not.
pub(crate) fn with_autoscaling(mut s: State) -> State {
    use crate::model::{
        PolicyKind, ScalableTarget, ScalingActivity, ScalingPolicy, ServiceScaling, SuspendedState,
    };
    let names: Vec<String> = s
        .services
        .data
        .iter()
        .flatten()
        .map(|x| x.name.clone())
        .collect();
    let now = s.now;
    let map = names
        .into_iter()
        .map(|n| {
            let scaled = (n == "payments").then(|| ServiceScaling {
                service: n.clone(),
                target: ScalableTarget {
                    resource_id: format!("service/prod/{n}"),
                    min: 2,
                    max: 6,
                    suspended: SuspendedState::default(),
                    created_at: None,
                },
                policies: vec![ScalingPolicy {
                    name: "payments-cpu40".into(),
                    kind: PolicyKind::TargetTracking {
                        metric: "ECSServiceAverageCPUUtilization".into(),
                        target: 40.0,
                        scale_in_cooldown: Some(300),
                        scale_out_cooldown: Some(180),
                        disable_scale_in: false,
                    },
                }],
                activities: vec![ScalingActivity {
                    description: "Setting desired count to 2.".into(),
                    cause: "monitor alarm AlarmLow in state ALARM triggered policy payments-cpu40"
                        .into(),
                    status: "Successful".into(),
                    status_message: None,
                    started_at: Some(now - chrono::Duration::minutes(5)),
                    ended_at: Some(now - chrono::Duration::minutes(5)),
                }],
                activities_error: None,
                detailed: true,
            });
            (n, scaled)
        })
        .collect();
    s.scaling.apply(Ok(map), now);
    s
}

/// A service revision ARN of checkout.
pub(crate) fn service_revision_arn(n: u32) -> String {
    format!("arn:aws:ecs:us-east-1:123456789012:service-revision/prod/checkout/{n}00000000000")
}

/// A service deployment of checkout from revision `from` to `to`.
pub(crate) fn service_deployment(
    id: &str,
    status: ServiceDeploymentStatus,
    from: u32,
    to: u32,
) -> ServiceDeployment {
    let rev = |n: u32, prod: f64| RevisionRef {
        arn: service_revision_arn(n),
        requested: 4,
        running: 4,
        pending: 0,
        test_traffic_weight: Some(prod),
        production_traffic_weight: Some(prod),
    };
    ServiceDeployment {
        arn: format!("arn:aws:ecs:us-east-1:123456789012:service-deployment/prod/checkout/{id}"),
        service_arn: "arn:aws:ecs:us-east-1:123456789012:service/prod/checkout".into(),
        cluster_arn: "arn:aws:ecs:us-east-1:123456789012:cluster/prod".into(),
        status: Some(status),
        source_revisions: vec![rev(from, 0.0)],
        target_revision: Some(rev(to, 100.0)),
        circuit_breaker: Some(CircuitBreakerRun {
            status: Some(MonitorStatus::MonitoringComplete),
            failures: 0,
            threshold: 3,
        }),
        created_at: Some(t0() - Duration::days(1)),
        started_at: Some(t0() - Duration::days(1)),
        finished_at: Some(t0() - Duration::days(1) + Duration::seconds(312)),
        updated_at: Some(t0() - Duration::days(1) + Duration::seconds(312)),
        ..ServiceDeployment::default()
    }
}

/// Checkout's history, newest first: a canary in progress (10 % on
/// checkout:17, its smoke test passed), a linear one rolled back by an alarm,
/// a rolling one that succeeded; and the revisions they name.
pub(crate) fn checkout_history() -> (Vec<ServiceDeployment>, Vec<ServiceRevision>) {
    let smoke = "arn:aws:lambda:us-east-1:123456789012:function:smoke-test".to_string();
    let mut canary = service_deployment("9fQ2canary", ServiceDeploymentStatus::InProgress, 16, 17);
    canary.lifecycle_stage = Some(LifecycleStage::ProductionTrafficShift);
    canary.strategy = Some(DeploymentStrategy {
        kind: StrategyKind::Canary,
        bake_minutes: Some(2),
        canary: Some(CanaryConfig {
            percent: 10.0,
            bake_minutes: 5,
        }),
        linear: None,
        hooks: vec![LifecycleHook {
            target_arn: smoke.clone(),
            stages: vec![LifecycleStage::PostTestTrafficShift],
        }],
    });
    canary.hooks = vec![HookRun {
        hook_id: "h1".into(),
        target_arn: smoke,
        stage: Some(LifecycleStage::PostTestTrafficShift),
        status: Some(HookStatus::Succeeded),
        expires_at: None,
    }];
    if let Some(t) = canary.target_revision.as_mut() {
        t.production_traffic_weight = Some(10.0);
        t.running = 4;
    }
    canary.created_at = Some(t0() - Duration::minutes(3));
    canary.started_at = canary.created_at;
    canary.finished_at = None;
    canary.status_reason = "ECS deployment in progress.".into();
    let mut linear = service_deployment(
        "7bLinear",
        ServiceDeploymentStatus::RollbackSuccessful,
        16,
        17,
    );
    linear.lifecycle_stage = Some(LifecycleStage::ProductionTrafficShift);
    linear.strategy = Some(DeploymentStrategy {
        kind: StrategyKind::Linear,
        bake_minutes: Some(2),
        canary: None,
        linear: Some(LinearConfig {
            step_percent: 20.0,
            step_bake_minutes: 2,
        }),
        hooks: Vec::new(),
    });
    if let Some(t) = linear.target_revision.as_mut() {
        t.production_traffic_weight = Some(0.0);
        t.running = 0;
    }
    linear.alarms = Some(AlarmsRun {
        status: Some(MonitorStatus::Triggered),
        names: vec!["checkout-5xx".into()],
        triggered: vec!["checkout-5xx".into()],
    });
    linear.rollback = Some(RollbackInfo {
        reason: "Alarm checkout-5xx is in ALARM state.".into(),
        started_at: Some(t0() - Duration::hours(2)),
        service_revision_arn: service_revision_arn(16),
    });
    linear.created_at = Some(t0() - Duration::hours(2) - Duration::minutes(6));
    linear.started_at = linear.created_at;
    linear.finished_at = Some(t0() - Duration::hours(2) + Duration::minutes(1));
    let rolling = service_deployment("3cRolling", ServiceDeploymentStatus::Successful, 15, 16);
    let revision = |n: u32, tag: &str| ServiceRevision {
        arn: service_revision_arn(n),
        service_arn: "arn:aws:ecs:us-east-1:123456789012:service/prod/checkout".into(),
        task_definition: td("checkout", n),
        images: vec![RevisionImage {
            container_name: "app".into(),
            image: format!("123456789012.dkr.ecr.us-east-1.amazonaws.com/checkout:{tag}"),
            digest: Some(format!("sha256:{n:02}c0ffee{}", "0".repeat(54))),
        }],
        load_balancers: vec![RevisionLoadBalancer {
            target_group_arn:
                "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/checkout-blue/1a"
                    .into(),
            container_name: "app".into(),
            container_port: Some(8080),
            alternate_target_group_arn: Some(
                "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/checkout-green/2b"
                    .into(),
            ),
            production_listener_rule: Some(
                "arn:aws:elasticloadbalancing:us-east-1:123456789012:listener-rule/app/prod/3c/prod"
                    .into(),
            ),
            test_listener_rule: Some(
                "arn:aws:elasticloadbalancing:us-east-1:123456789012:listener-rule/app/prod/3c/test"
                    .into(),
            ),
        }],
        created_at: None,
    };
    (
        vec![canary, linear, rolling],
        vec![
            revision(15, "1.14.2"),
            revision(16, "1.15.0"),
            revision(17, "1.16.0-rc1"),
        ],
    )
}

/// [`loaded_state`] with checkout's service-deployment history and its revisions.
pub(crate) fn with_service_deployments(mut s: State) -> State {
    let (history, revisions) = checkout_history();
    let now = s.now;
    let h = &mut s.service_deployments;
    h.by_service
        .entry("checkout".into())
        .or_default()
        .apply(Ok(history), now);
    h.revisions
        .extend(revisions.into_iter().map(|r| (r.arn.clone(), r)));
    s
}
