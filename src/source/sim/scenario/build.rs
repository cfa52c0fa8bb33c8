//! Builds a [`World`] from a [`Scenario`]: its families, services and alarms,
//! plus the generated services of the scale knob (`--demo-services`).

use chrono::Duration;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

use super::{AlarmSpec, Scenario, ServiceSpec};
use crate::model::{
    Alarm, AlarmState, CircuitBreaker, Comparison, ContainerDefinition, Deployment,
    DeploymentStatus, LoadBalancerRef, LogConfig, RolloutState, Service, TaskDefinition, Time,
};
use crate::source::sim::metrics::{ALARM_PERIOD_SECS, AlarmMetric, SimAlarm};
use crate::source::sim::world::{Kind, SimService, SimTargetGroup, World};
use crate::source::sim::{deploy, ids, metrics, scheduler, strategy};

/// Builds the world of `scenario` at `now`, with `extra_services` generated
/// services (`svc-0001`, ...) in its generated cluster.
pub(crate) fn build(scenario: &Scenario, seed: u64, now: Time, extra_services: usize) -> World {
    let mut w = World::empty(seed, now, ChaCha8Rng::seed_from_u64(seed));
    w.clusters = scenario.clusters.clone();
    for f in &scenario.families {
        register_family(&mut w, &f.name, f.latest, &f.bad, f.sidecar, f.kind);
    }
    for s in &scenario.services {
        add_service(&mut w, s);
    }
    for k in 0..extra_services {
        let name = format!("svc-{:04}", k + 1);
        let h = ids::mix(seed ^ k as u64);
        let kind = if k % 2 == 0 { Kind::Web } else { Kind::Worker };
        register_family(&mut w, &name, 2, &[], false, kind);
        let spec = ServiceSpec {
            cluster: scenario.generated_cluster.clone(),
            name,
            kind,
            desired: 1 + (h % 8) as u32,
            revision: 2,
            rollout_to: None,
            flaky: false,
            cpu: 5.0 + (h % 40) as f64,
            mem: 20.0 + ((h >> 8) % 40) as f64,
            rpm: if kind == Kind::Web {
                100.0 + (h % 900) as f64
            } else {
                0.0
            },
            deployment: None,
        };
        add_service(&mut w, &spec);
    }
    for i in 0..w.services.len() {
        deploy::update_counts(&mut w, i);
    }
    add_alarms(&mut w, &scenario.alarms);
    metrics::prefill(&mut w);
    start_strategies(&mut w, &scenario.services);
    w
}

/// Gives the services with a `[services.deployment]` table their strategy
/// and starts the deployments in progress at start, in file order.
fn start_strategies(w: &mut World, specs: &[ServiceSpec]) {
    for s in specs {
        let Some(d) = &s.deployment else { continue };
        let Some(i) = w.service(&s.cluster, &s.name) else {
            continue;
        };
        let target = d.start_to.map(|rev| ids::task_def_arn(&s.name, rev));
        strategy::install(w, i, d.strategy.clone(), target.as_deref());
    }
}

fn register_family(
    w: &mut World,
    family: &str,
    latest: u32,
    bad: &[u32],
    sidecar: bool,
    kind: Kind,
) {
    let ecr = format!("{}.dkr.ecr.{}.amazonaws.com", ids::ACCOUNT, ids::REGION);
    let log = LogConfig {
        group: format!("/ecs/{family}"),
        stream_prefix: "ecs".into(),
        region: Some(ids::REGION.into()),
    };
    for rev in 1..=latest {
        let arn = ids::task_def_arn(family, rev);
        let version = format!("1.{}.{}", rev / 5, rev % 5);
        let (ports, health) = match kind {
            Kind::Web => (
                vec![8080],
                vec![
                    "CMD-SHELL".to_string(),
                    "curl -f http://localhost:8080/health || exit 1".to_string(),
                ],
            ),
            Kind::Worker => (
                vec![],
                vec![
                    "CMD-SHELL".to_string(),
                    "test -f /tmp/healthy || exit 1".to_string(),
                ],
            ),
        };
        let mut containers = vec![ContainerDefinition {
            name: family.to_string(),
            image: format!("{ecr}/{family}:{version}"),
            essential: true,
            command: vec![],
            environment: vec![
                ("APP_ENV".into(), "production".into()),
                (
                    "LOG_LEVEL".into(),
                    if rev % 3 == 0 { "debug" } else { "info" }.into(),
                ),
                ("PORT".into(), "8080".into()),
                ("FEATURE_FLAGS".into(), format!("checkout-v{}", 1 + rev % 3)),
            ],
            secrets: vec![(
                "DATABASE_URL".into(),
                format!(
                    "arn:aws:secretsmanager:{}:{}:secret:{family}/database-url-Xy12Ab",
                    ids::REGION,
                    ids::ACCOUNT
                ),
            )],
            ports,
            health_check: Some(health),
            cpu: Some(448),
            memory: Some(if rev % 4 == 0 { 1536 } else { 1024 }),
            log: Some(log.clone()),
        }];
        if sidecar {
            containers.push(ContainerDefinition {
                name: "datadog-agent".into(),
                image: "public.ecr.aws/datadog/agent:7.52.0".into(),
                essential: false,
                command: vec![],
                environment: vec![("DD_APM_ENABLED".into(), "true".into())],
                secrets: vec![(
                    "DD_API_KEY".into(),
                    format!(
                        "arn:aws:ssm:{}:{}:parameter/datadog/api-key",
                        ids::REGION,
                        ids::ACCOUNT
                    ),
                )],
                ports: vec![8126],
                health_check: None,
                cpu: Some(64),
                memory: Some(256),
                log: Some(log.clone()),
            });
        }
        let registered = w.now - Duration::days(i64::from(latest - rev) * 3 + 1);
        w.task_defs.insert(
            arn.clone(),
            TaskDefinition {
                arn: arn.clone(),
                family: family.to_string(),
                revision: rev,
                cpu: Some("512".into()),
                memory: Some(if sidecar { "2048" } else { "1024" }.into()),
                containers,
                registered_at: Some(registered),
            },
        );
        if bad.contains(&rev) {
            w.bad_task_defs.insert(arn);
        }
    }
}

fn add_service(w: &mut World, s: &ServiceSpec) {
    let kind = s.kind;
    let idx = w.services.len();
    let now = w.now;
    let tg = if kind == Kind::Web {
        let tg_name = format!("{}-{}", s.cluster, s.name);
        let tg_id = ids::hex(&mut w.rng, 16);
        let lb_id = format!("{:016x}", ids::mix(ids::hash_str(&s.cluster)));
        let arn = ids::target_group_arn(&tg_name, &tg_id);
        let g = SimTargetGroup {
            arn: arn.clone(),
            name: tg_name.clone(),
            port: 8080,
            path: "/health".into(),
            lb_name: format!("{}-alb", s.cluster),
            lb_dimension: format!("app/{}-alb/{lb_id}", s.cluster),
            tg_dimension: format!("targetgroup/{tg_name}/{tg_id}"),
            interval_s: 10,
            healthy_threshold: 2,
            unhealthy_threshold: 3,
            deregistration_delay_s: 30,
            service: idx,
        };
        w.tg_index.insert(arn, w.target_groups.len());
        w.target_groups.push(g);
        Some(w.target_groups.len() - 1)
    } else {
        None
    };
    let current = ids::task_def_arn(&s.name, s.revision);
    let old_id = w.deployment_id();
    let created = now - Duration::hours(w.rng.random_range(2..96));
    let load_balancers = tg
        .and_then(|g| w.target_groups.get(g))
        .map(|g| {
            vec![LoadBalancerRef {
                target_group_arn: g.arn.clone(),
                container_name: s.name.to_string(),
                container_port: g.port,
            }]
        })
        .unwrap_or_default();
    let svc = Service {
        name: s.name.to_string(),
        arn: ids::service_arn(&s.cluster, &s.name),
        cluster: s.cluster.to_string(),
        status: "ACTIVE".into(),
        desired: s.desired,
        running: 0,
        pending: 0,
        task_definition: current.clone(),
        launch_type: "FARGATE".into(),
        deployments: vec![Deployment {
            id: old_id.clone(),
            status: DeploymentStatus::Primary,
            task_definition: current.clone(),
            desired: s.desired,
            pending: 0,
            running: s.desired,
            failed: 0,
            rollout_state: RolloutState::Completed,
            rollout_reason: format!("ECS deployment {old_id} completed."),
            created_at: Some(created),
            updated_at: Some(created + Duration::minutes(4)),
        }],
        events: Vec::new(),
        circuit_breaker: CircuitBreaker {
            enable: true,
            rollback: true,
        },
        minimum_healthy_percent: 100,
        maximum_percent: 200,
        load_balancers,
        created_at: Some(now - Duration::days(200)),
        // One demo service runs without ECS Exec, so its refusal can be seen.
        enable_execute_command: s.name != "search",
        current_service_deployment: None,
    };
    w.service_index
        .insert((s.cluster.to_string(), s.name.to_string()), idx);
    w.services.push(SimService {
        svc,
        kind,
        flaky: s.flaky,
        tg,
        tasks: Vec::new(),
        last_completed_td: current.clone(),
        steady: false,
        grace_period_s: 60,
        metrics: Default::default(),
        base_cpu: s.cpu,
        base_mem: s.mem,
        base_rpm: s.rpm,
    });
    for _ in 0..s.desired {
        let started = created + Duration::seconds(w.rng.random_range(30..180));
        scheduler::spawn_running(w, idx, &old_id, &current, started);
    }
    if let Some(to) = s.rollout_to {
        let td = ids::task_def_arn(&s.name, to);
        deploy::start_deployment(w, idx, &td);
        if let Some(d) = w
            .services
            .get_mut(idx)
            .and_then(|x| x.svc.deployments.first_mut())
        {
            d.created_at = Some(now - Duration::seconds(20));
            d.updated_at = d.created_at;
        }
    }
}

fn add_alarms(w: &mut World, specs: &[AlarmSpec]) {
    for spec in specs {
        let (name, cluster, service) = (&spec.name, &spec.cluster, &spec.service);
        let Some(i) = w.service(cluster, service) else {
            continue;
        };
        let tg = w
            .services
            .get(i)
            .and_then(|s| s.tg)
            .and_then(|g| w.target_groups.get(g));
        let (namespace, metric_name, dimensions) = match (spec.metric, tg) {
            (AlarmMetric::MemoryMax, _) | (_, None) => (
                "AWS/ECS",
                "MemoryUtilization",
                vec![
                    ("ClusterName".to_string(), cluster.to_string()),
                    ("ServiceName".to_string(), service.to_string()),
                ],
            ),
            (m, Some(g)) => (
                "AWS/ApplicationELB",
                if m == AlarmMetric::Errors5xx {
                    "HTTPCode_Target_5XX_Count"
                } else {
                    "UnHealthyHostCount"
                },
                vec![
                    ("TargetGroup".to_string(), g.tg_dimension.clone()),
                    ("LoadBalancer".to_string(), g.lb_dimension.clone()),
                ],
            ),
        };
        w.alarms.push(SimAlarm {
            alarm: Alarm {
                name: name.to_string(),
                arn: ids::alarm_arn(name),
                state: AlarmState::InsufficientData,
                reason: "Unchecked: Initial alarm creation".into(),
                updated_at: Some(w.now),
                namespace: namespace.into(),
                metric: metric_name.into(),
                dimensions,
                threshold: Some(spec.threshold),
                comparison: Some(Comparison::GreaterThan),
                statistic: Some(spec.metric.statistic()),
                period_secs: Some(ALARM_PERIOD_SECS),
            },
            service: i,
            metric: spec.metric,
        });
    }
}
