//! Wire tests of the AWS source against moto on 127.0.0.1 (ECS, ELBv2, Logs, STS).
//! Install the emulator first: `scripts/emulators.sh install`.

mod support;

use std::time::{Duration, Instant};

use aws_sdk_ecs::types::{
    Compatibility, ContainerDefinition, LogConfiguration, LogDriver, NetworkMode, PortMapping,
};
use ecsdeck::model::LogTarget;
use ecsdeck::model::{HealthStatus, TargetState, TaskStatus};
use ecsdeck::source::{ErrorKind, LogQuery, Ops, ServiceUpdate, Source, TaskScope, aws::AwsSource};
use futures::{StreamExt, stream};
use support::fault_proxy::FaultProxy;
use support::seed::{create_cluster, create_service, create_target_group, run_tasks};
use support::{Emulator, Net};

const CLUSTER: &str = "web";

async fn register_api(ecs: &aws_sdk_ecs::Client, image: &str) -> String {
    let app = ContainerDefinition::builder()
        .name("app")
        .image(image)
        .memory(512)
        .essential(true)
        .port_mappings(PortMapping::builder().container_port(8080).build())
        .log_configuration(
            LogConfiguration::builder()
                .log_driver(LogDriver::Awslogs)
                .options("awslogs-group", "/ecs/api")
                .options("awslogs-stream-prefix", "ecs")
                .options("awslogs-region", "us-east-1")
                .build()
                .unwrap(),
        )
        .build();
    ecs.register_task_definition()
        .family("api")
        .network_mode(NetworkMode::Awsvpc)
        .requires_compatibilities(Compatibility::Fargate)
        .cpu("256")
        .memory("512")
        .container_definitions(app)
        .send()
        .await
        .unwrap()
        .task_definition()
        .unwrap()
        .task_definition_arn()
        .unwrap()
        .to_string()
}

#[tokio::test]
async fn services_and_tasks_paginate_at_the_call_floor() {
    let moto = Emulator::moto();
    let sdk = moto.sdk().await;
    let ecs = aws_sdk_ecs::Client::new(&sdk);
    let net = Net::default_of(&moto);
    create_cluster(&ecs, CLUSTER).await;
    let td = register_api(&ecs, "nginx:1").await;
    const S: usize = 250;
    const T: usize = 350;
    stream::iter(0..S)
        .for_each_concurrent(16, |i| {
            let (ecs, net, td) = (&ecs, &net, &td);
            async move { create_service(ecs, net, CLUSTER, &format!("svc-{i:03}"), td, 1, None).await }
        })
        .await;
    for _ in 0..T / 10 {
        run_tasks(&ecs, &net, CLUSTER, &td, "service:svc-000", 10).await;
    }

    // moto 5.2.5 answers every list in one page; the proxy cuts the answers
    // into pages of 100 with a nextToken, as AWS does, so paging runs on the wire.
    let proxy = FaultProxy::start(moto.port);
    proxy.page_lists(100);
    let src = support::source_at(&proxy.url()).await;
    let services = src.services(CLUSTER).await.unwrap();
    assert_eq!(services.len(), S);
    let names: std::collections::BTreeSet<&str> =
        services.iter().map(|s| s.name.as_str()).collect();
    assert_eq!(names.len(), S, "every page, each service once");
    assert!(names.contains("svc-000") && names.contains(format!("svc-{:03}", S - 1).as_str()));
    assert_eq!(src.calls().get("ecs:ListServices"), S.div_ceil(100) as u64);
    assert_eq!(proxy.forwarded("ListServices"), S.div_ceil(100));
    assert_eq!(
        src.calls().get("ecs:DescribeServices"),
        S.div_ceil(10) as u64
    );

    // The visible-first refresh: membership alone, then only the names asked for.
    src.calls().reset();
    let listed = src.service_names(CLUSTER).await.unwrap();
    assert_eq!(listed.len(), S);
    assert_eq!(listed.first().map(String::as_str), Some("svc-000"));
    assert_eq!(src.calls().get("ecs:ListServices"), S.div_ceil(100) as u64);
    assert_eq!(src.calls().get("ecs:DescribeServices"), 0);
    let mut asked: Vec<String> = (0..25).map(|i| format!("svc-{:03}", i * 7)).collect();
    asked.push("svc-gone".into());
    let described = src.describe_services(CLUSTER, &asked).await.unwrap();
    assert_eq!(described.len(), 25, "an unknown name is left out");
    assert!(described.iter().all(|s| asked.contains(&s.name)));
    assert_eq!(
        src.calls().get("ecs:DescribeServices"),
        asked.len().div_ceil(10) as u64
    );
    assert_eq!(src.calls().get("ecs:ListServices"), S.div_ceil(100) as u64);

    src.calls().reset();
    let tasks = src.tasks(CLUSTER, &TaskScope::Cluster).await.unwrap();
    assert_eq!(tasks.len(), T);
    // ListTasks: the RUNNING pages + one (empty) STOPPED page; ceil(T/100)
    // describes; one task definition.
    let ids: std::collections::BTreeSet<&str> = tasks.iter().map(|t| t.id.as_str()).collect();
    assert_eq!(ids.len(), T, "every page, each task once");
    assert_eq!(src.calls().get("ecs:ListTasks"), T.div_ceil(100) as u64 + 1);
    assert_eq!(src.calls().get("ecs:DescribeTasks"), T.div_ceil(100) as u64);
    assert_eq!(src.calls().get("ecs:DescribeTaskDefinition"), 1);
    // The task definition is cached by ARN: a second refresh does not fetch it.
    src.tasks(CLUSTER, &TaskScope::Cluster).await.unwrap();
    assert_eq!(src.calls().get("ecs:DescribeTaskDefinition"), 1);
}

#[tokio::test]
async fn every_mapped_field_and_the_writes() {
    let moto = Emulator::moto();
    let sdk = moto.sdk().await;
    let ecs = aws_sdk_ecs::Client::new(&sdk);
    let elb = aws_sdk_elasticloadbalancingv2::Client::new(&sdk);
    let net = Net::default_of(&moto);
    create_cluster(&ecs, CLUSTER).await;
    let td1 = register_api(&ecs, "nginx:1").await;
    let td2 = register_api(&ecs, "nginx:2").await;
    let td3 = register_api(&ecs, "nginx:3").await;
    // A family whose name has "api" as a prefix must not leak into the revisions.
    ecs.register_task_definition()
        .family("api-worker")
        .container_definitions(
            ContainerDefinition::builder()
                .name("w")
                .image("busybox")
                .memory(64)
                .build(),
        )
        .send()
        .await
        .unwrap();

    let tg = create_target_group(&elb, &net, "api", Some("/health")).await;
    let lb = elb
        .create_load_balancer()
        .name("web")
        .set_subnets(Some(net.subnets.iter().take(2).cloned().collect()))
        .send()
        .await
        .unwrap()
        .load_balancers()[0]
        .load_balancer_arn()
        .unwrap()
        .to_string();
    elb.create_listener()
        .load_balancer_arn(&lb)
        .protocol(aws_sdk_elasticloadbalancingv2::types::ProtocolEnum::Http)
        .port(80)
        .default_actions(
            aws_sdk_elasticloadbalancingv2::types::Action::builder()
                .r#type(aws_sdk_elasticloadbalancingv2::types::ActionTypeEnum::Forward)
                .target_group_arn(&tg)
                .build(),
        )
        .send()
        .await
        .unwrap();

    create_service(&ecs, &net, CLUSTER, "api", &td2, 2, Some(&tg)).await;
    create_service(&ecs, &net, CLUSTER, "worker", &td1, 1, None).await;
    let api_tasks = run_tasks(&ecs, &net, CLUSTER, &td2, "service:api", 2).await;
    run_tasks(&ecs, &net, CLUSTER, &td1, "service:worker", 1).await;
    let ips: Vec<String> = api_tasks
        .iter()
        .map(|t| {
            t.attachments()[0]
                .details()
                .iter()
                .find(|d| d.name() == Some("privateIPv4Address"))
                .unwrap()
                .value()
                .unwrap()
                .to_string()
        })
        .collect();
    let mut reg = elb.register_targets().target_group_arn(&tg);
    for ip in &ips {
        reg = reg.targets(
            aws_sdk_elasticloadbalancingv2::types::TargetDescription::builder()
                .id(ip)
                .port(8080)
                .build(),
        );
    }
    reg.send().await.unwrap();

    let src = moto.source().await;
    assert!(src.info().label.starts_with("default / us-east-1"));

    // Clusters.
    let clusters = src.clusters().await.unwrap();
    assert_eq!(clusters.len(), 1);
    assert_eq!(clusters[0].name, CLUSTER);
    assert_eq!(clusters[0].status, "ACTIVE");

    // Services.
    let services = src.services(CLUSTER).await.unwrap();
    let api = services.iter().find(|s| s.name == "api").unwrap();
    assert_eq!(api.cluster, CLUSTER);
    assert_eq!(api.desired, 2);
    assert_eq!(api.task_definition, td2);
    assert_eq!(api.launch_type, "FARGATE");
    assert_eq!(api.status, "ACTIVE");
    let primary = api.primary_deployment().expect("primary deployment");
    assert_eq!(primary.task_definition, td2);
    assert_eq!(primary.desired, 2);
    assert_eq!(api.load_balancers.len(), 1);
    assert_eq!(api.load_balancers[0].target_group_arn, tg);
    assert_eq!(api.load_balancers[0].container_name, "app");
    assert_eq!(api.load_balancers[0].container_port, 8080);

    // Tasks of one service: moto ignores serviceName, the group filter holds.
    let tasks = src
        .tasks(CLUSTER, &TaskScope::Service("api".into()))
        .await
        .unwrap();
    assert_eq!(tasks.len(), 2);
    for t in &tasks {
        assert_eq!(t.service_name(), Some("api"));
        assert_eq!(t.last_status, TaskStatus::Running);
        assert_eq!(t.desired_status, TaskStatus::Running);
        assert_eq!(t.task_definition, td2);
        assert!(
            ips.contains(t.private_ip.as_ref().unwrap()),
            "{:?}",
            t.private_ip
        );
        // moto sets no availabilityZone on Fargate tasks (the mapping is unit-tested).
        assert_eq!(t.containers.len(), 1);
        let c = &t.containers[0];
        assert_eq!(c.name, "app");
        assert_eq!(c.image, "nginx:2");
        assert!(c.essential);
        assert_eq!(c.health, HealthStatus::Healthy, "moto reports HEALTHY");
        let log = c
            .log
            .as_ref()
            .expect("awslogs config from the task definition");
        assert_eq!(log.group, "/ecs/api");
        assert_eq!(log.stream_prefix, "ecs");
        assert_eq!(log.region.as_deref(), Some("us-east-1"));
    }
    let all = src.tasks(CLUSTER, &TaskScope::Cluster).await.unwrap();
    assert_eq!(all.len(), 3);

    // Target groups with the registered targets.
    src.calls().reset();
    let groups = src.target_groups(std::slice::from_ref(&tg)).await.unwrap();
    assert_eq!(groups.len(), 1);
    let g = &groups[0];
    assert_eq!(g.name, "api");
    assert_eq!(g.protocol_port, "HTTP:8080");
    assert_eq!(g.health_check_path, "/health");
    assert_eq!(g.load_balancers, vec!["web".to_string()]);
    assert_eq!(g.targets.len(), 2);
    assert!(
        g.targets
            .iter()
            .all(|t| t.state == TargetState::Healthy && t.port == 8080)
    );
    assert_eq!(src.calls().get("elbv2:DescribeTargetGroups"), 1);
    assert_eq!(src.calls().get("elbv2:DescribeTargetHealth"), 1);
    let t0 = &tasks[0];
    assert!(ecsdeck::source::target_for_task(t0, &groups).is_some());

    // Revisions newest first, exact family only.
    let revs = src.task_definition_revisions("api").await.unwrap();
    assert_eq!(revs, vec![td3.clone(), td2.clone(), td1.clone()]);
    let def = src.task_definition(&td3).await.unwrap();
    assert_eq!(def.revision, 3);
    assert_eq!(def.containers[0].image, "nginx:3");
    assert_eq!(def.containers[0].ports, vec![8080]);

    // Writes: UpdateService desired count and task definition, seen through the reads.
    let updated = src
        .update_service(
            CLUSTER,
            "api",
            &ServiceUpdate {
                desired_count: Some(5),
                force_new_deployment: true,
                task_definition: Some(td3.clone()),
            },
        )
        .await
        .unwrap();
    assert_eq!(updated.desired, 5);
    assert_eq!(updated.task_definition, td3);
    let again = src.services(CLUSTER).await.unwrap();
    let api = again.iter().find(|s| s.name == "api").unwrap();
    assert_eq!(api.desired, 5);
    assert_eq!(api.task_definition, td3);
    let worker = again.iter().find(|s| s.name == "worker").unwrap();
    assert_eq!(worker.desired, 1, "only the named service changed");

    // StopTask with a reason: STOPPED, with the reason and a stop code.
    let victim = tasks[0].arn.clone();
    let stopped = src
        .stop_task(CLUSTER, &victim, "chaos test by ecsdeck")
        .await
        .unwrap();
    assert_eq!(stopped.arn, victim);
    assert_eq!(stopped.desired_status, TaskStatus::Stopped);
    let after = src.tasks(CLUSTER, &TaskScope::Cluster).await.unwrap();
    let t = after
        .iter()
        .find(|t| t.arn == victim)
        .expect("stopped task still listed");
    assert_eq!(t.last_status, TaskStatus::Stopped);
    assert_eq!(t.stopped_reason.as_deref(), Some("chaos test by ecsdeck"));
    assert_eq!(after.len(), 3, "moto does not replace the stopped task");
    assert!(
        after.last().unwrap().last_status.is_stopping_or_stopped(),
        "stopped tasks sort last"
    );

    // Not found: a service that does not exist.
    let e = src
        .update_service(
            CLUSTER,
            "nope",
            &ServiceUpdate {
                desired_count: Some(1),
                ..Default::default()
            },
        )
        .await
        .unwrap_err();
    assert_eq!(e.kind, ErrorKind::NotFound, "{e}");

    // Identity.
    let who = src.caller_identity().await.unwrap();
    assert!(who.contains("123456789012"), "{who}");
}

#[tokio::test]
async fn log_events_paginate_filter_and_live_tail() {
    let moto = Emulator::moto();
    let sdk = moto.sdk().await;
    let logs = aws_sdk_cloudwatchlogs::Client::new(&sdk);
    logs.create_log_group()
        .log_group_name("/ecs/api")
        .send()
        .await
        .unwrap();
    for s in ["ecs/app/t1", "ecs/app/t2"] {
        logs.create_log_stream()
            .log_group_name("/ecs/api")
            .log_stream_name(s)
            .send()
            .await
            .unwrap();
    }
    let now = chrono::Utc::now().timestamp_millis();
    let base = now - 60_000;
    let mut put = logs
        .put_log_events()
        .log_group_name("/ecs/api")
        .log_stream_name("ecs/app/t1");
    for i in 0..30 {
        let level = if i % 3 == 0 { "ERROR" } else { "INFO" };
        put = put.log_events(
            aws_sdk_cloudwatchlogs::types::InputLogEvent::builder()
                .timestamp(base + i)
                .message(format!("{level} request {i}"))
                .build()
                .unwrap(),
        );
    }
    put.send().await.unwrap();
    logs.put_log_events()
        .log_group_name("/ecs/api")
        .log_stream_name("ecs/app/t2")
        .log_events(
            aws_sdk_cloudwatchlogs::types::InputLogEvent::builder()
                .timestamp(base + 5)
                .message("ERROR other task")
                .build()
                .unwrap(),
        )
        .send()
        .await
        .unwrap();

    let src = moto.source().await;
    let start = chrono::DateTime::from_timestamp_millis(base - 1000).unwrap();
    let target = LogTarget {
        group: "/ecs/api".into(),
        streams: vec!["ecs/app/t1".into()],
    };
    // All events of one stream, following next tokens.
    let mut q = LogQuery {
        target: target.clone(),
        start,
        end: None,
        filter_pattern: String::new(),
        next_token: None,
    };
    let mut lines = Vec::new();
    let mut pages = 0;
    loop {
        let page = src.log_events(&q).await.unwrap();
        pages += 1;
        assert!(!page.sampled);
        lines.extend(page.lines);
        match page.next_token {
            Some(t) if pages < 20 => q.next_token = Some(t),
            _ => break,
        }
    }
    assert_eq!(lines.len(), 30);
    assert!(lines.iter().all(|l| l.stream == "ecs/app/t1"));
    assert_eq!(lines[0].message, "ERROR request 0");
    assert_eq!(lines[0].timestamp.map(|t| t.timestamp_millis()), Some(base));
    let ids: std::collections::BTreeSet<_> = lines.iter().map(|l| l.event_id.clone()).collect();
    assert_eq!(ids.len(), 30, "event ids are unique");
    assert!(lines.iter().all(|l| !l.event_id.is_empty()));
    assert_eq!(src.calls().get("logs:FilterLogEvents"), pages);

    // A filter pattern over the whole group.
    let page = src
        .log_events(&LogQuery {
            target: LogTarget {
                group: "/ecs/api".into(),
                streams: vec![],
            },
            start,
            end: Some(chrono::Utc::now()),
            filter_pattern: "ERROR".into(),
            next_token: None,
        })
        .await
        .unwrap();
    assert_eq!(page.lines.len(), 11, "{:?}", page.lines);
    assert!(page.lines.iter().all(|l| l.message.starts_with("ERROR")));

    // Live tail through the host-prefix interceptor: moto sends one snapshot and ends.
    let started = Instant::now();
    let mut tail = src.live_tail(&target, "").await.expect("live tail starts");
    let mut updates = Vec::new();
    while let Some(u) = tokio::time::timeout(Duration::from_secs(20), tail.updates.recv())
        .await
        .expect("live tail ends instead of hanging")
    {
        updates.push(u.expect("live tail update"));
    }
    assert_eq!(updates.len(), 1, "one snapshot");
    assert!(started.elapsed() < Duration::from_secs(20));
    assert_eq!(src.calls().get("logs:StartLiveTail"), 1);

    // Unknown group: NotFound naming the group.
    let e = src
        .log_events(&LogQuery {
            target: LogTarget {
                group: "/ecs/missing".into(),
                streams: vec![],
            },
            start,
            end: None,
            filter_pattern: String::new(),
            next_token: None,
        })
        .await
        .unwrap_err();
    assert_eq!(e.kind, ErrorKind::NotFound, "{e}");
    assert!(e.message.contains("/ecs/missing"), "{e}");
}

#[tokio::test]
async fn errors_are_data() {
    let moto = Emulator::moto();
    let src = moto.source().await;
    let e = src.services("no-such-cluster").await.unwrap_err();
    assert_eq!(e.kind, ErrorKind::NotFound, "{e}");
    assert_eq!(
        e.message,
        "cluster no-such-cluster not found in region us-east-1"
    );
    assert_eq!(e.operation, "ecs:ListServices");

    // A closed port: a Network error naming the endpoint, quickly.
    let port = support::free_port();
    let url = format!("http://127.0.0.1:{port}");
    let dead: AwsSource = support::source_at(&url).await;
    let t = Instant::now();
    let e = dead.clusters().await.unwrap_err();
    assert!(t.elapsed() < Duration::from_secs(5), "{:?}", t.elapsed());
    assert_eq!(e.kind, ErrorKind::Network, "{e}");
    assert_eq!(e.message, format!("cannot reach {url}: connection refused"));
    assert!(e.is_transient());

    // Live tail on a dead endpoint fails instead of hanging.
    let t = Instant::now();
    let e = dead
        .live_tail(
            &LogTarget {
                group: "arn:aws:logs:us-east-1:123456789012:log-group:/x".into(),
                streams: vec![],
            },
            "",
        )
        .await
        .unwrap_err();
    assert_eq!(e.kind, ErrorKind::Network, "{e}");
    assert!(t.elapsed() < Duration::from_secs(5));
}
