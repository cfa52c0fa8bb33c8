//! SDK types → the project's model. Pure functions, one place, unit-tested
//! with SDK builder fixtures (including states moto never produces), one
//! file per kind of resource; the shared conversions live here.

mod alarms;
mod load_balancing;
mod log_events;
mod services;
mod tasks;

use chrono::{TimeZone, Utc};

use crate::model::Time;

pub(crate) use alarms::*;
pub(crate) use load_balancing::*;
pub(crate) use log_events::*;
pub(crate) use services::*;
pub(crate) use tasks::*;

/// SDK time → model time; `None` when out of range (never the epoch).
pub(crate) fn time(t: &aws_smithy_types::DateTime) -> Option<Time> {
    Utc.timestamp_opt(t.secs(), t.subsec_nanos()).single()
}

/// An optional SDK time; `None` when absent or out of range.
fn opt_time(t: Option<&aws_smithy_types::DateTime>) -> Option<Time> {
    t.and_then(time)
}

/// A log event's time: its own, else when CloudWatch ingested it, else
/// `None` (never the epoch). Out-of-range milliseconds count as absent.
fn log_time(timestamp: Option<i64>, ingestion: Option<i64>) -> Option<Time> {
    timestamp
        .or(ingestion)
        .and_then(|ms| Utc.timestamp_millis_opt(ms).single())
}

fn count(n: i32) -> u32 {
    u32::try_from(n).unwrap_or(0)
}

fn s(v: Option<&str>) -> String {
    v.unwrap_or_default().to_string()
}

/// A string field, `None` when absent or empty: some endpoints send `""`
/// for fields that do not apply (e.g. `stopCode` of a running task).
fn present(v: Option<&str>) -> Option<&str> {
    v.filter(|v| !v.trim().is_empty())
}

/// [`present`], owned.
fn opt(v: Option<&str>) -> Option<String> {
    present(v).map(str::to_string)
}

#[cfg(test)]
mod tests {
    use super::*;
    use aws_sdk_cloudwatch::types as cw;
    use aws_sdk_cloudwatchlogs::types as logs;
    use aws_sdk_ecs::types as ecs;
    use aws_sdk_elasticloadbalancingv2::types as elb;

    use crate::model::{
        AlarmState, CircuitBreaker, DeploymentStatus, HealthStatus, RolloutState, TargetState,
        TaskDefinition, TaskStatus,
    };
    use aws_smithy_types::DateTime;

    fn at(secs: i64) -> DateTime {
        DateTime::from_secs(secs)
    }

    #[test]
    fn service_with_a_failed_rollout_events_and_breaker() {
        let primary = ecs::Deployment::builder()
            .id("ecs-svc/2")
            .status("PRIMARY")
            .task_definition("arn:aws:ecs:us-east-1:1:task-definition/api:8")
            .desired_count(4)
            .running_count(1)
            .pending_count(2)
            .failed_tasks(3)
            .rollout_state(ecs::DeploymentRolloutState::Failed)
            .rollout_state_reason("ECS deployment circuit breaker: tasks failed to start.")
            .created_at(at(2_000))
            .updated_at(at(2_100))
            .build();
        let old = ecs::Deployment::builder()
            .id("ecs-svc/1")
            .status("ACTIVE")
            .task_definition("arn:aws:ecs:us-east-1:1:task-definition/api:7")
            .desired_count(4)
            .running_count(4)
            .rollout_state(ecs::DeploymentRolloutState::Completed)
            .created_at(at(1_000))
            .build();
        let svc = ecs::Service::builder()
            .service_name("api")
            .service_arn("arn:aws:ecs:us-east-1:1:service/web/api")
            .cluster_arn("arn:aws:ecs:us-east-1:1:cluster/web")
            .status("ACTIVE")
            .desired_count(4)
            .running_count(5)
            .pending_count(2)
            .task_definition("arn:aws:ecs:us-east-1:1:task-definition/api:8")
            .launch_type(ecs::LaunchType::Fargate)
            .deployments(old)
            .deployments(primary)
            .events(
                ecs::ServiceEvent::builder()
                    .id("e1")
                    .created_at(at(1_500))
                    .message("(service api) has reached a steady state.")
                    .build(),
            )
            .events(
                ecs::ServiceEvent::builder()
                    .id("e2")
                    .created_at(at(2_050))
                    .message("(service api) has started 2 tasks.")
                    .build(),
            )
            .deployment_configuration(
                ecs::DeploymentConfiguration::builder()
                    .minimum_healthy_percent(50)
                    .maximum_percent(150)
                    .deployment_circuit_breaker(
                        ecs::DeploymentCircuitBreaker::builder()
                            .enable(true)
                            .rollback(true)
                            .build(),
                    )
                    .build(),
            )
            .load_balancers(
                ecs::LoadBalancer::builder()
                    .target_group_arn(
                        "arn:aws:elasticloadbalancing:us-east-1:1:targetgroup/api/abc",
                    )
                    .container_name("app")
                    .container_port(8080)
                    .build(),
            )
            .created_at(at(10))
            .build();
        let m = service(&svc, "web");
        assert_eq!(m.cluster, "web");
        assert_eq!((m.desired, m.running, m.pending), (4, 5, 2));
        assert_eq!(m.launch_type, "FARGATE");
        assert_eq!(m.deployments[0].id, "ecs-svc/2");
        assert_eq!(m.deployments[0].rollout_state, RolloutState::Failed);
        assert_eq!(m.deployments[0].failed, 3);
        assert!(m.deployments[0].rollout_reason.contains("circuit breaker"));
        assert_eq!(m.deployments[1].status, DeploymentStatus::Active);
        assert_eq!(m.events[0].id, "e2", "newest first");
        assert_eq!(
            m.circuit_breaker,
            CircuitBreaker {
                enable: true,
                rollback: true
            }
        );
        assert_eq!((m.minimum_healthy_percent, m.maximum_percent), (50, 150));
        assert_eq!(m.load_balancers[0].container_port, 8080);
        assert_eq!(m.created_at.map(|t| t.timestamp()), Some(10));
    }

    #[test]
    fn deployment_without_rollout_state_is_derived() {
        let d = ecs::Deployment::builder()
            .status("PRIMARY")
            .desired_count(2)
            .running_count(1)
            .build();
        assert_eq!(deployment(&d).rollout_state, RolloutState::InProgress);
        let d = ecs::Deployment::builder()
            .status("PRIMARY")
            .desired_count(2)
            .running_count(2)
            .build();
        assert_eq!(deployment(&d).rollout_state, RolloutState::Completed);
    }

    fn def() -> TaskDefinition {
        let c = ecs::ContainerDefinition::builder()
            .name("app")
            .image("nginx:1")
            .essential(true)
            .memory(512)
            .port_mappings(ecs::PortMapping::builder().container_port(8080).build())
            .health_check(
                ecs::HealthCheck::builder()
                    .command("CMD-SHELL")
                    .command("curl -f localhost")
                    .build()
                    .unwrap(),
            )
            .log_configuration(
                ecs::LogConfiguration::builder()
                    .log_driver(ecs::LogDriver::Awslogs)
                    .options("awslogs-group", "/ecs/api")
                    .options("awslogs-stream-prefix", "ecs")
                    .options("awslogs-region", "us-east-1")
                    .build()
                    .unwrap(),
            )
            .build();
        let side = ecs::ContainerDefinition::builder()
            .name("sidecar")
            .image("envoy")
            .essential(false)
            .build();
        task_definition(
            &ecs::TaskDefinition::builder()
                .task_definition_arn("arn:aws:ecs:us-east-1:1:task-definition/api:8")
                .family("api")
                .revision(8)
                .container_definitions(c)
                .container_definitions(side)
                .build(),
        )
    }

    #[test]
    fn task_definition_keeps_awslogs_ports_and_health_check() {
        let d = def();
        assert_eq!(d.revision, 8);
        let app = &d.containers[0];
        assert_eq!(app.ports, vec![8080]);
        assert_eq!(app.memory, Some(512));
        assert_eq!(app.health_check.as_ref().unwrap().len(), 2);
        let log = app.log.as_ref().unwrap();
        assert_eq!(log.group, "/ecs/api");
        assert_eq!(log.stream_prefix, "ecs");
        assert_eq!(log.region.as_deref(), Some("us-east-1"));
        assert!(!d.containers[1].essential);
        assert_eq!(d.containers[1].log, None);
    }

    #[test]
    fn stopped_task_with_oom_stop_code_and_eni() {
        let t = ecs::Task::builder()
            .task_arn("arn:aws:ecs:us-east-1:1:task/web/0123abcd")
            .cluster_arn("arn:aws:ecs:us-east-1:1:cluster/web")
            .group("service:api")
            .task_definition_arn("arn:aws:ecs:us-east-1:1:task-definition/api:8")
            .last_status("STOPPED")
            .desired_status("STOPPED")
            .health_status(ecs::HealthStatus::Unhealthy)
            .availability_zone("us-east-1b")
            .stop_code(ecs::TaskStopCode::EssentialContainerExited)
            .stopped_reason("Essential container in task exited")
            .created_at(at(100))
            .started_at(at(110))
            .stopping_at(at(200))
            .stopped_at(at(210))
            .cpu("256")
            .memory("512")
            .attachments(
                ecs::Attachment::builder()
                    .r#type("ElasticNetworkInterface")
                    .details(
                        ecs::KeyValuePair::builder()
                            .name("privateIPv4Address")
                            .value("10.0.1.23")
                            .build(),
                    )
                    .build(),
            )
            .containers(
                ecs::Container::builder()
                    .name("app")
                    .image("nginx:1")
                    .image_digest("sha256:abc")
                    .last_status("STOPPED")
                    .health_status(ecs::HealthStatus::Unhealthy)
                    .exit_code(137)
                    .reason("OutOfMemoryError: Container killed due to memory usage")
                    .build(),
            )
            .containers(
                ecs::Container::builder()
                    .name("sidecar")
                    .image("envoy")
                    .last_status("STOPPED")
                    .exit_code(0)
                    .build(),
            )
            .build();
        let d = def();
        let m = task(&t, "web", Some(&d));
        assert_eq!(m.id, "0123abcd");
        assert_eq!(m.service_name(), Some("api"));
        assert_eq!(m.last_status, TaskStatus::Stopped);
        assert_eq!(m.health, HealthStatus::Unhealthy);
        assert_eq!(m.private_ip.as_deref(), Some("10.0.1.23"));
        assert_eq!(m.availability_zone, "us-east-1b");
        assert_eq!(m.stop_code.as_deref(), Some("EssentialContainerExited"));
        assert_eq!(m.stopped_at.unwrap().timestamp(), 210);
        let app = &m.containers[0];
        assert_eq!(app.image_digest.as_deref(), Some("sha256:abc"));
        assert_eq!(app.exit_code, Some(137));
        assert!(
            app.reason
                .as_deref()
                .unwrap()
                .starts_with("OutOfMemoryError")
        );
        assert_eq!(app.log.as_ref().unwrap().group, "/ecs/api");
        assert!(app.essential);
        assert!(!m.containers[1].essential);
        assert_eq!(m.cpu.as_deref(), Some("256"));
    }

    #[test]
    fn unhealthy_targets_keep_reason_and_description() {
        let tg = elb::TargetGroup::builder()
            .target_group_arn("arn:aws:elasticloadbalancing:us-east-1:1:targetgroup/api/abc")
            .target_group_name("api")
            .protocol(elb::ProtocolEnum::Http)
            .port(8080)
            .health_check_path("/health")
            .load_balancer_arns("arn:aws:elasticloadbalancing:us-east-1:1:loadbalancer/app/web/123")
            .build();
        let h = vec![
            elb::TargetHealthDescription::builder()
                .target(
                    elb::TargetDescription::builder()
                        .id("10.0.1.23")
                        .port(8080)
                        .availability_zone("us-east-1b")
                        .build(),
                )
                .target_health(
                    elb::TargetHealth::builder()
                        .state(elb::TargetHealthStateEnum::Unhealthy)
                        .reason(elb::TargetHealthReasonEnum::FailedHealthChecks)
                        .description("Health checks failed with these codes: [503]")
                        .build(),
                )
                .build(),
            elb::TargetHealthDescription::builder()
                .target(
                    elb::TargetDescription::builder()
                        .id("10.0.2.9")
                        .port(8080)
                        .build(),
                )
                .target_health(
                    elb::TargetHealth::builder()
                        .state(elb::TargetHealthStateEnum::Initial)
                        .reason(elb::TargetHealthReasonEnum::RegistrationInProgress)
                        .build(),
                )
                .build(),
            elb::TargetHealthDescription::builder()
                .target(
                    elb::TargetDescription::builder()
                        .id("10.0.3.3")
                        .port(8080)
                        .build(),
                )
                .target_health(
                    elb::TargetHealth::builder()
                        .state(elb::TargetHealthStateEnum::Draining)
                        .reason(elb::TargetHealthReasonEnum::DeregistrationInProgress)
                        .build(),
                )
                .build(),
        ];
        let m = target_group(&tg, &h);
        assert_eq!(m.protocol_port, "HTTP:8080");
        assert_eq!(m.load_balancers, vec!["web".to_string()]);
        assert_eq!(m.targets[0].state, TargetState::Unhealthy);
        assert_eq!(
            m.targets[0].reason.as_deref(),
            Some("Target.FailedHealthChecks")
        );
        assert!(m.targets[0].description.as_deref().unwrap().contains("503"));
        assert_eq!(m.targets[1].state, TargetState::Initial);
        assert_eq!(
            m.targets[1].reason.as_deref(),
            Some("Elb.RegistrationInProgress")
        );
        assert_eq!(m.targets[2].state, TargetState::Draining);
        assert_eq!(m.healthy(), 0);
    }

    #[test]
    fn dimensions_from_arns() {
        assert_eq!(
            load_balancer_dimension(
                "arn:aws:elasticloadbalancing:us-east-1:1:loadbalancer/app/web/123"
            )
            .as_deref(),
            Some("app/web/123")
        );
        assert_eq!(
            target_group_dimension("arn:aws:elasticloadbalancing:us-east-1:1:targetgroup/api/abc")
                .as_deref(),
            Some("targetgroup/api/abc")
        );
    }

    #[test]
    fn alarm_in_alarm_state() {
        let a = cw::MetricAlarm::builder()
            .alarm_name("api-5xx")
            .alarm_arn("arn:aws:cloudwatch:us-east-1:1:alarm:api-5xx")
            .state_value(cw::StateValue::Alarm)
            .state_reason("Threshold Crossed")
            .state_updated_timestamp(at(5))
            .namespace("AWS/ApplicationELB")
            .metric_name("HTTPCode_Target_5XX_Count")
            .dimensions(
                cw::Dimension::builder()
                    .name("TargetGroup")
                    .value("targetgroup/api/abc")
                    .build(),
            )
            .build();
        let m = alarm(&a);
        assert_eq!(m.state, AlarmState::Alarm);
        assert_eq!(m.dimensions[0].0, "TargetGroup");
        assert_eq!(m.updated_at.map(|t| t.timestamp()), Some(5));
    }

    #[test]
    fn metric_points_are_sorted_oldest_first() {
        let r = cw::MetricDataResult::builder()
            .id("q0")
            .timestamps(at(120))
            .timestamps(at(60))
            .values(2.0)
            .values(1.0)
            .build();
        let p = metric_points(&r);
        assert_eq!(p[0].1, 1.0);
        assert_eq!(p[1].0.timestamp(), 120);
    }

    #[test]
    fn metric_point_out_of_range_is_dropped_not_the_epoch() {
        let r = cw::MetricDataResult::builder()
            .timestamps(at(i64::MAX))
            .timestamps(at(60))
            .values(9.0)
            .values(1.0)
            .build();
        let p: Vec<(i64, f64)> = metric_points(&r)
            .into_iter()
            .map(|(t, v)| (t.timestamp(), v))
            .collect();
        assert_eq!(p, [(60, 1.0)]);
    }

    #[test]
    fn log_events_keep_or_derive_ids() {
        let e = logs::FilteredLogEvent::builder()
            .event_id("123")
            .timestamp(1_000)
            .log_stream_name("ecs/app/abc")
            .message("hello")
            .build();
        let l = filtered_event(&e);
        assert_eq!(l.event_id, "123");
        assert_eq!(l.timestamp.map(|t| t.timestamp_millis()), Some(1_000));
        let lt = logs::LiveTailSessionLogEvent::builder()
            .timestamp(1_000)
            .log_stream_name("s")
            .message("m")
            .build();
        let a = live_tail_event(&lt);
        assert_eq!(a.event_id, live_tail_event(&lt).event_id);
        assert!(a.event_id.starts_with("lt-1000-"));
    }

    /// A log event without a time takes CloudWatch's ingestion time, and
    /// without either it has none (not the epoch).
    #[test]
    fn log_events_without_a_time_use_ingestion_time_or_none() {
        let e = logs::FilteredLogEvent::builder()
            .event_id("1")
            .ingestion_time(2_000)
            .message("m")
            .build();
        assert_eq!(
            filtered_event(&e).timestamp.map(|t| t.timestamp_millis()),
            Some(2_000)
        );
        let e = logs::FilteredLogEvent::builder()
            .event_id("1")
            .message("m")
            .build();
        assert_eq!(filtered_event(&e).timestamp, None);
        let lt = logs::LiveTailSessionLogEvent::builder()
            .ingestion_time(3_000)
            .message("m")
            .build();
        assert_eq!(
            live_tail_event(&lt).timestamp.map(|t| t.timestamp_millis()),
            Some(3_000)
        );
        let lt = logs::LiveTailSessionLogEvent::builder()
            .message("m")
            .build();
        assert_eq!(live_tail_event(&lt).timestamp, None);
        let e = logs::FilteredLogEvent::builder()
            .timestamp(i64::MAX)
            .build();
        assert_eq!(filtered_event(&e).timestamp, None, "out of range is absent");
    }

    /// Some endpoints send `""` for fields that do not apply: absent, not a value.
    #[test]
    fn empty_strings_from_aws_are_absent() {
        let t = ecs::Task::builder()
            .task_arn("arn:aws:ecs:us-east-1:1:task/web/0123abcd")
            .cluster_arn("")
            .last_status("RUNNING")
            .desired_status("RUNNING")
            .availability_zone("")
            .attributes(
                ecs::Attribute::builder()
                    .name("ecs.availability-zone")
                    .value("us-east-1c")
                    .build()
                    .unwrap(),
            )
            .stop_code(ecs::TaskStopCode::from(""))
            .stopped_reason("")
            .cpu("")
            .memory("")
            .attachments(
                ecs::Attachment::builder()
                    .details(
                        ecs::KeyValuePair::builder()
                            .name("privateIPv4Address")
                            .value("")
                            .build(),
                    )
                    .build(),
            )
            .containers(
                ecs::Container::builder()
                    .name("app")
                    .image_digest("")
                    .reason("")
                    .network_interfaces(
                        ecs::NetworkInterface::builder()
                            .private_ipv4_address("10.0.1.9")
                            .build(),
                    )
                    .build(),
            )
            .build();
        let m = task(&t, "arn:aws:ecs:us-east-1:1:cluster/web", None);
        assert_eq!(m.stop_code, None, "a running task has no stop code");
        assert_eq!(m.stopped_reason, None);
        assert_eq!((m.cpu, m.memory), (None, None));
        assert_eq!(m.cluster, "web");
        assert_eq!(m.availability_zone, "us-east-1c");
        assert_eq!(m.private_ip.as_deref(), Some("10.0.1.9"));
        assert_eq!(m.containers[0].image_digest, None);
        assert_eq!(m.containers[0].reason, None);

        let svc = ecs::Service::builder()
            .service_name("api")
            .task_definition("")
            .launch_type(ecs::LaunchType::from(""))
            .capacity_provider_strategy(
                ecs::CapacityProviderStrategyItem::builder()
                    .capacity_provider("FARGATE_SPOT")
                    .build()
                    .unwrap(),
            )
            .deployments(
                ecs::Deployment::builder()
                    .status("PRIMARY")
                    .task_definition("arn:aws:ecs:us-east-1:1:task-definition/api:8")
                    .build(),
            )
            .load_balancers(ecs::LoadBalancer::builder().target_group_arn("").build())
            .build();
        let m = service(&svc, "web");
        assert_eq!(
            m.task_definition,
            "arn:aws:ecs:us-east-1:1:task-definition/api:8"
        );
        assert_eq!(m.launch_type, "FARGATE_SPOT");
        assert!(m.load_balancers.is_empty());

        let d = elb::TargetHealthDescription::builder()
            .target(
                elb::TargetDescription::builder()
                    .id("10.0.1.9")
                    .availability_zone("")
                    .build(),
            )
            .target_health(
                elb::TargetHealth::builder()
                    .state(elb::TargetHealthStateEnum::Healthy)
                    .reason(elb::TargetHealthReasonEnum::from(""))
                    .description("")
                    .build(),
            )
            .build();
        let m = target(&d);
        assert_eq!(
            (m.availability_zone, m.reason, m.description),
            (None, None, None)
        );

        let e = logs::FilteredLogEvent::builder()
            .event_id("")
            .timestamp(1_000)
            .log_stream_name("s")
            .message("m")
            .build();
        assert!(filtered_event(&e).event_id.starts_with("lt-"));
    }

    /// ECS may omit any of its timestamps (emulators do): absent stays
    /// absent, never the epoch. (These are wire timestamps, not strings, so
    /// there is no empty-string form.)
    #[test]
    fn deployment_without_times_has_none() {
        let d = deployment(&ecs::Deployment::builder().id("ecs-svc/1").build());
        assert_eq!((d.created_at, d.updated_at), (None, None));
        let d = deployment(&ecs::Deployment::builder().created_at(at(50)).build());
        assert_eq!(
            d.updated_at.map(|t| t.timestamp()),
            Some(50),
            "an unchanged deployment was last updated when it was created"
        );
    }

    #[test]
    fn service_and_event_without_times_have_none_and_sort_last() {
        let svc = ecs::Service::builder()
            .service_name("api")
            .deployments(ecs::Deployment::builder().id("undated").build())
            .deployments(
                ecs::Deployment::builder()
                    .id("dated")
                    .created_at(at(5))
                    .build(),
            )
            .events(ecs::ServiceEvent::builder().id("undated").build())
            .events(
                ecs::ServiceEvent::builder()
                    .id("dated")
                    .created_at(at(5))
                    .build(),
            )
            .build();
        let m = service(&svc, "web");
        assert_eq!(m.created_at, None);
        let deployments: Vec<_> = m
            .deployments
            .iter()
            .map(|d| (d.id.as_str(), d.created_at.is_some()))
            .collect();
        assert_eq!(deployments, [("dated", true), ("undated", false)]);
        let events: Vec<_> = m
            .events
            .iter()
            .map(|e| (e.id.as_str(), e.created_at.is_some()))
            .collect();
        assert_eq!(events, [("dated", true), ("undated", false)]);
    }

    #[test]
    fn task_without_times_has_none() {
        let t = ecs::Task::builder()
            .task_arn("arn:aws:ecs:us-east-1:1:task/web/0123abcd")
            .last_status("RUNNING")
            .build();
        let m = task(&t, "web", None);
        assert_eq!(
            (m.created_at, m.started_at, m.stopping_at, m.stopped_at),
            (None, None, None, None)
        );
        let t = ecs::Task::builder().created_at(at(i64::MAX)).build();
        assert_eq!(task(&t, "web", None).created_at, None, "out of range");
    }

    #[test]
    fn alarm_without_a_timestamp_has_no_time() {
        let a = cw::MetricAlarm::builder()
            .alarm_name("api-5xx")
            .state_value(cw::StateValue::Alarm)
            .build();
        assert_eq!(alarm(&a).updated_at, None);
    }

    #[test]
    fn metric_math_alarm_takes_the_dimensions_of_its_metrics() {
        let metric = |name: &str| {
            cw::MetricDataQuery::builder()
                .id(name.to_lowercase())
                .metric_stat(
                    cw::MetricStat::builder()
                        .metric(
                            cw::Metric::builder()
                                .namespace("AWS/ApplicationELB")
                                .metric_name(name)
                                .dimensions(
                                    cw::Dimension::builder()
                                        .name("TargetGroup")
                                        .value("targetgroup/api/abc")
                                        .build(),
                                )
                                .dimensions(
                                    cw::Dimension::builder()
                                        .name("LoadBalancer")
                                        .value("app/web/123")
                                        .build(),
                                )
                                .build(),
                        )
                        .build(),
                )
                .build()
        };
        let a = cw::MetricAlarm::builder()
            .alarm_name("api-error-rate")
            .metrics(metric("HTTPCode_Target_5XX_Count"))
            .metrics(metric("RequestCount"))
            .metrics(
                cw::MetricDataQuery::builder()
                    .id("rate")
                    .expression("m1 / m2 * 100")
                    .build(),
            )
            .threshold(5.0)
            .comparison_operator(cw::ComparisonOperator::GreaterThanThreshold)
            .build();
        let m = alarm(&a);
        assert_eq!(
            m.dimensions,
            vec![
                ("TargetGroup".to_string(), "targetgroup/api/abc".to_string()),
                ("LoadBalancer".to_string(), "app/web/123".to_string()),
            ]
        );
        assert_eq!(m.namespace, "AWS/ApplicationELB");
        assert_eq!(m.metric, "HTTPCode_Target_5XX_Count");
        assert_eq!(m.threshold, Some(5.0), "the expression's threshold");
        assert_eq!((&m.statistic, m.period_secs), (&None, None));
        assert_eq!(
            m.threshold_on_chart(crate::model::MetricKind::Errors5xx),
            None,
            "a percentage of two metrics is not on the 5xx chart"
        );
    }
}
