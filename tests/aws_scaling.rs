//! Wire tests of Application Auto Scaling through the AWS source against moto
//! on 127.0.0.1: targets and policies read back, batches of 50 resource ids,
//! RegisterScalableTarget, and the read-only wall.

mod support;

use aws_sdk_applicationautoscaling::types::{
    MetricType, PolicyType, PredefinedMetricSpecification, ScalableDimension, ServiceNamespace,
    StepAdjustment, StepScalingPolicyConfiguration, TargetTrackingScalingPolicyConfiguration,
};
use aws_sdk_ecs::types::{ContainerDefinition, LaunchType};
use ecsdeck::model::PolicyKind;
use ecsdeck::source::{ErrorKind, Ops, ReadOnly, Source};
use support::Emulator;

const CLUSTER: &str = "web";

struct Seeded {
    _moto: Emulator,
    aas: aws_sdk_applicationautoscaling::Client,
    source: ecsdeck::source::aws::AwsSource,
}

/// A cluster with services `svc-0..n`, of which `scaled` get a scalable target.
async fn seed(n: usize, scaled: &[usize]) -> Seeded {
    let moto = Emulator::moto();
    let sdk = moto.sdk().await;
    let ecs = aws_sdk_ecs::Client::new(&sdk);
    let aas = aws_sdk_applicationautoscaling::Client::new(&sdk);
    ecs.create_cluster()
        .cluster_name(CLUSTER)
        .send()
        .await
        .unwrap();
    // Bridge networking and no tasks: the services need no VPC lookup.
    let td = ecs
        .register_task_definition()
        .family("api")
        .container_definitions(
            ContainerDefinition::builder()
                .name("app")
                .image("nginx:1")
                .memory(512)
                .essential(true)
                .build(),
        )
        .send()
        .await
        .unwrap()
        .task_definition()
        .and_then(|t| t.task_definition_arn())
        .unwrap()
        .to_string();
    for i in 0..n {
        ecs.create_service()
            .cluster(CLUSTER)
            .service_name(format!("svc-{i}"))
            .task_definition(&td)
            .desired_count(0)
            .launch_type(LaunchType::Ec2)
            .send()
            .await
            .unwrap();
    }
    for &i in scaled {
        aas.register_scalable_target()
            .service_namespace(ServiceNamespace::Ecs)
            .scalable_dimension(ScalableDimension::EcsServiceDesiredCount)
            .resource_id(format!("service/{CLUSTER}/svc-{i}"))
            .min_capacity(2)
            .max_capacity(10)
            .send()
            .await
            .unwrap();
    }
    let source = moto.source().await;
    Seeded {
        _moto: moto,
        aas,
        source,
    }
}

#[tokio::test]
async fn targets_and_policies_read_back_through_the_source() {
    let s = seed(2, &[0]).await;
    s.aas
        .put_scaling_policy()
        .policy_name("cpu50")
        .service_namespace(ServiceNamespace::Ecs)
        .scalable_dimension(ScalableDimension::EcsServiceDesiredCount)
        .resource_id(format!("service/{CLUSTER}/svc-0"))
        .policy_type(PolicyType::TargetTrackingScaling)
        .target_tracking_scaling_policy_configuration(
            TargetTrackingScalingPolicyConfiguration::builder()
                .target_value(50.0)
                .predefined_metric_specification(
                    PredefinedMetricSpecification::builder()
                        .predefined_metric_type(MetricType::EcsServiceAverageCpuUtilization)
                        .build()
                        .unwrap(),
                )
                .scale_in_cooldown(300)
                .scale_out_cooldown(60)
                .build()
                .unwrap(),
        )
        .send()
        .await
        .unwrap();
    s.aas
        .put_scaling_policy()
        .policy_name("steps")
        .service_namespace(ServiceNamespace::Ecs)
        .scalable_dimension(ScalableDimension::EcsServiceDesiredCount)
        .resource_id(format!("service/{CLUSTER}/svc-0"))
        .policy_type(PolicyType::StepScaling)
        .step_scaling_policy_configuration(
            StepScalingPolicyConfiguration::builder()
                .adjustment_type(
                    aws_sdk_applicationautoscaling::types::AdjustmentType::ChangeInCapacity,
                )
                .cooldown(120)
                .step_adjustments(
                    StepAdjustment::builder()
                        .metric_interval_lower_bound(0.0)
                        .scaling_adjustment(2)
                        .build()
                        .unwrap(),
                )
                .build(),
        )
        .send()
        .await
        .unwrap();

    let names = vec!["svc-0".to_string(), "svc-1".to_string()];
    let brief = s.source.scaling(CLUSTER, &names, false).await.unwrap();
    assert_eq!(brief.len(), 1, "only svc-0 is autoscaled: {brief:?}");
    assert_eq!(brief[0].service, "svc-0");
    assert_eq!((brief[0].target.min, brief[0].target.max), (2, 10));
    assert!(!brief[0].detailed && brief[0].policies.is_empty());
    let calls = s.source.calls();
    assert_eq!(calls.get("autoscaling:DescribeScalableTargets"), 1);
    assert_eq!(calls.get("autoscaling:DescribeScalingPolicies"), 0);

    let full = s.source.scaling(CLUSTER, &names, true).await.unwrap();
    assert_eq!(full.len(), 1);
    let mut policies = full[0].policies.clone();
    policies.sort_by(|a, b| a.name.cmp(&b.name));
    assert_eq!(policies.len(), 2, "{policies:?}");
    match &policies[0].kind {
        PolicyKind::TargetTracking {
            metric,
            target,
            scale_in_cooldown,
            scale_out_cooldown,
            ..
        } => {
            assert_eq!(metric, "ECSServiceAverageCPUUtilization");
            assert_eq!(*target, 50.0);
            assert_eq!(
                (*scale_in_cooldown, *scale_out_cooldown),
                (Some(300), Some(60))
            );
        }
        other => panic!("cpu50 is target tracking, got {other:?}"),
    }
    match &policies[1].kind {
        PolicyKind::StepScaling {
            steps, cooldown, ..
        } => {
            assert_eq!(*cooldown, Some(120));
            assert_eq!(steps.len(), 1);
            assert_eq!(steps[0].adjustment, 2);
        }
        other => panic!("steps is step scaling, got {other:?}"),
    }
    assert!(full[0].detailed);
    // moto does not implement DescribeScalingActivities (HTTP 500): the
    // target and policies still arrive, and the failure is kept to be shown.
    let activities_error = full[0].activities_error.clone().unwrap_or_default();
    assert!(
        activities_error.contains("500"),
        "activities error kept: {activities_error:?}"
    );
    assert!(full[0].activities.is_empty());
}

#[tokio::test]
async fn targets_are_described_fifty_resource_ids_a_call() {
    let s = seed(60, &[3, 55]).await;
    let names: Vec<String> = (0..60).map(|i| format!("svc-{i}")).collect();
    let got = s.source.scaling(CLUSTER, &names, false).await.unwrap();
    let mut services: Vec<&str> = got.iter().map(|g| g.service.as_str()).collect();
    services.sort();
    assert_eq!(services, vec!["svc-3", "svc-55"]);
    assert_eq!(
        s.source.calls().get("autoscaling:DescribeScalableTargets"),
        2
    );
}

#[tokio::test]
async fn register_scalable_target_changes_min_and_max_and_read_only_refuses() {
    let s = seed(1, &[0]).await;
    let registered = s
        .source
        .register_scalable_target(CLUSTER, "svc-0", 3, 7)
        .await
        .unwrap();
    assert_eq!((registered.min, registered.max), (3, 7));
    let raw = s
        .aas
        .describe_scalable_targets()
        .service_namespace(ServiceNamespace::Ecs)
        .resource_ids(format!("service/{CLUSTER}/svc-0"))
        .send()
        .await
        .unwrap();
    let t = &raw.scalable_targets()[0];
    assert_eq!((t.min_capacity(), t.max_capacity()), (3, 7));

    let source = std::sync::Arc::new(s.source);
    let ro = ReadOnly(std::sync::Arc::clone(&source));
    let err = ro
        .register_scalable_target(CLUSTER, "svc-0", 1, 1)
        .await
        .unwrap_err();
    assert_eq!(err.kind, ErrorKind::ReadOnly);
    let after = source
        .scaling(CLUSTER, &["svc-0".to_string()], false)
        .await
        .unwrap();
    assert_eq!((after[0].target.min, after[0].target.max), (3, 7));
}
