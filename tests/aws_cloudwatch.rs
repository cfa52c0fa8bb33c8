//! Wire tests of the AWS source's CloudWatch reads against LocalStack on 127.0.0.1
//! (the Rust SDK speaks Smithy RPC v2 CBOR to CloudWatch, which moto does not).
//! Install the emulator first: `scripts/emulators.sh install`.

mod support;

use aws_sdk_cloudwatch::types::{
    ComparisonOperator, Dimension, MetricDatum, StandardUnit, StateValue, Statistic,
};
use ecsdeck::model::{AlarmState, Comparison, MetricKind, Service, Statistic as Stat};
use ecsdeck::source::Source;
use support::Emulator;

fn service(name: &str) -> Service {
    Service {
        name: name.into(),
        arn: format!("arn:aws:ecs:us-east-1:000000000000:service/web/{name}"),
        cluster: "web".into(),
        status: "ACTIVE".into(),
        desired: 1,
        running: 1,
        pending: 0,
        task_definition: String::new(),
        launch_type: "FARGATE".into(),
        deployments: vec![],
        events: vec![],
        circuit_breaker: Default::default(),
        minimum_healthy_percent: 100,
        maximum_percent: 200,
        load_balancers: vec![],
        created_at: Default::default(),
        enable_execute_command: false,
        current_service_deployment: None,
    }
}

#[tokio::test]
async fn alarms_and_metrics() {
    let ls = Emulator::localstack();
    let sdk = ls.sdk().await;
    let cw = aws_sdk_cloudwatch::Client::new(&sdk);

    // Alarms: two, one forced into ALARM with a reason; the memory one on
    // the maximum over five minutes, at or above 85 %.
    for (name, metric, statistic, period, threshold, comparison) in [
        (
            "api-cpu-high",
            "CPUUtilization",
            Statistic::Average,
            60,
            80.0,
            ComparisonOperator::GreaterThanThreshold,
        ),
        (
            "api-mem-high",
            "MemoryUtilization",
            Statistic::Maximum,
            300,
            85.0,
            ComparisonOperator::GreaterThanOrEqualToThreshold,
        ),
    ] {
        cw.put_metric_alarm()
            .alarm_name(name)
            .namespace("AWS/ECS")
            .metric_name(metric)
            .dimensions(
                Dimension::builder()
                    .name("ClusterName")
                    .value("web")
                    .build(),
            )
            .dimensions(
                Dimension::builder()
                    .name("ServiceName")
                    .value("api")
                    .build(),
            )
            .statistic(statistic)
            .period(period)
            .evaluation_periods(1)
            .threshold(threshold)
            .comparison_operator(comparison)
            .send()
            .await
            .unwrap();
    }
    cw.set_alarm_state()
        .alarm_name("api-cpu-high")
        .state_value(StateValue::Alarm)
        .state_reason("Threshold Crossed: 1 datapoint [97.0] > 80.0")
        .send()
        .await
        .unwrap();

    let src = ls.source().await;
    let alarms = src.alarms().await.unwrap();
    assert_eq!(alarms.len(), 2, "{alarms:?}");
    let cpu = alarms.iter().find(|a| a.name == "api-cpu-high").unwrap();
    assert_eq!(cpu.state, AlarmState::Alarm);
    assert_eq!(cpu.reason, "Threshold Crossed: 1 datapoint [97.0] > 80.0");
    assert_eq!(cpu.namespace, "AWS/ECS");
    assert_eq!(cpu.metric, "CPUUtilization");
    assert!(cpu.arn.contains("alarm:api-cpu-high"), "{}", cpu.arn);
    assert_eq!(
        cpu.dimensions,
        vec![
            ("ClusterName".to_string(), "web".to_string()),
            ("ServiceName".to_string(), "api".to_string())
        ]
    );
    assert!(cpu.matches_service(&service("api"), &[]));
    assert_eq!(
        (
            cpu.threshold,
            cpu.comparison,
            &cpu.statistic,
            cpu.period_secs
        ),
        (
            Some(80.0),
            Some(Comparison::GreaterThan),
            &Some(Stat::Average),
            Some(60)
        )
    );
    assert_eq!(cpu.threshold_on_chart(MetricKind::Cpu), Some(80.0));
    let mem = alarms.iter().find(|a| a.name == "api-mem-high").unwrap();
    assert_eq!(mem.state, AlarmState::InsufficientData);
    assert_eq!(
        (
            mem.threshold,
            mem.comparison,
            &mem.statistic,
            mem.period_secs
        ),
        (
            Some(85.0),
            Some(Comparison::GreaterThanOrEqual),
            &Some(Stat::Maximum),
            Some(300)
        )
    );
    assert_eq!(mem.threshold_on_chart(MetricKind::Memory), Some(85.0));
    assert_eq!(mem.threshold_on_chart(MetricKind::Cpu), None);
    assert_eq!(src.calls().get("cloudwatch:DescribeAlarms"), 1);

    // Metrics: three minutes of CPU for api, nothing for worker.
    let now = chrono::Utc::now();
    let mut put = cw.put_metric_data().namespace("AWS/ECS");
    for (i, v) in [(3, 10.0), (2, 20.0), (1, 30.0)] {
        let t = now - chrono::Duration::minutes(i);
        put = put.metric_data(
            MetricDatum::builder()
                .metric_name("CPUUtilization")
                .dimensions(
                    Dimension::builder()
                        .name("ClusterName")
                        .value("web")
                        .build(),
                )
                .dimensions(
                    Dimension::builder()
                        .name("ServiceName")
                        .value("api")
                        .build(),
                )
                .timestamp(aws_smithy_types::DateTime::from_secs(t.timestamp()))
                .value(v)
                .unit(StandardUnit::Percent)
                .build(),
        );
    }
    put.send().await.unwrap();

    src.calls().reset();
    let series = src
        .metrics("web", &[service("api"), service("worker")], &[])
        .await
        .unwrap();
    assert_eq!(
        src.calls().get("cloudwatch:GetMetricData"),
        1,
        "one call for every query"
    );
    assert_eq!(series.len(), 4, "cpu and memory per service");
    let cpu = series
        .iter()
        .find(|s| s.service == "api" && s.kind == MetricKind::Cpu)
        .unwrap();
    let values: Vec<f64> = cpu.points.iter().map(|p| p.1).collect();
    assert_eq!(
        values,
        vec![10.0, 20.0, 30.0],
        "oldest first: {:?}",
        cpu.points
    );
    assert_eq!(cpu.latest(), Some(30.0));
    let worker = series
        .iter()
        .find(|s| s.service == "worker" && s.kind == MetricKind::Cpu)
        .unwrap();
    assert!(worker.points.is_empty());
}
