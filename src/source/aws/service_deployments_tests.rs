//! The service-deployment calls through the real SDK serialiser and
//! deserialiser: a replay HTTP client serves answers written from the ECS API
//! reference (awsJson 1.1, times in epoch seconds) and keeps what was sent.
//!
//! The replay client is the few lines below rather than
//! `aws-smithy-http-client`'s `StaticReplayClient`: that crate's `test-util`
//! feature turns on serde_json's `preserve_order`, which would change the key
//! order of `status --json` in every test build.

use std::collections::VecDeque;
use std::sync::{Arc, Mutex};

use aws_credential_types::Credentials;
use aws_credential_types::provider::SharedCredentialsProvider;
use aws_smithy_runtime_api::client::http::{
    HttpClient, HttpConnector, HttpConnectorFuture, HttpConnectorSettings, SharedHttpConnector,
};
use aws_smithy_runtime_api::client::orchestrator::{HttpRequest, HttpResponse};
use aws_smithy_runtime_api::client::runtime_components::RuntimeComponents;
use aws_smithy_runtime_api::http::StatusCode;
use aws_smithy_runtime_api::shared::IntoShared;
use aws_smithy_types::body::SdkBody;

use super::*;
use crate::source::aws::{AwsOptions, AwsTuning};
use crate::source::{Ops, Source};

const SD: &str =
    "arn:aws:ecs:eu-west-1:123456789012:service-deployment/prod/web-api/r8WUB1WNsn3AaeBcmqzPXy";
const SR_NEW: &str =
    "arn:aws:ecs:eu-west-1:123456789012:service-revision/prod/web-api/4980306466373577095";
const SR_OLD: &str =
    "arn:aws:ecs:eu-west-1:123456789012:service-revision/prod/web-api/4980306466373576443";

/// A canary in progress, every field the API reference lists for a service deployment.
const CANARY_IN_PROGRESS: &str = r#"{
  "serviceDeployments": [{
    "serviceDeploymentArn": "arn:aws:ecs:eu-west-1:123456789012:service-deployment/prod/web-api/r8WUB1WNsn3AaeBcmqzPXy",
    "serviceArn": "arn:aws:ecs:eu-west-1:123456789012:service/prod/web-api",
    "clusterArn": "arn:aws:ecs:eu-west-1:123456789012:cluster/prod",
    "createdAt": 1764630000.0,
    "startedAt": 1764630002.5,
    "updatedAt": 1764630300.0,
    "sourceServiceRevisions": [{
      "arn": "arn:aws:ecs:eu-west-1:123456789012:service-revision/prod/web-api/4980306466373576443",
      "requestedTaskCount": 4, "runningTaskCount": 4, "pendingTaskCount": 0,
      "requestedTestTrafficWeight": 0.0, "requestedProductionTrafficWeight": 95.0
    }],
    "targetServiceRevision": {
      "arn": "arn:aws:ecs:eu-west-1:123456789012:service-revision/prod/web-api/4980306466373577095",
      "requestedTaskCount": 4, "runningTaskCount": 3, "pendingTaskCount": 1,
      "requestedTestTrafficWeight": 100.0, "requestedProductionTrafficWeight": 5.0
    },
    "status": "IN_PROGRESS",
    "statusReason": "ECS deployment in progress: canary traffic shifted.",
    "lifecycleStage": "PRODUCTION_TRAFFIC_SHIFT",
    "lifecycleHookDetails": [{
      "hookId": "hook-1", "targetType": "AWS_LAMBDA",
      "targetArn": "arn:aws:lambda:eu-west-1:123456789012:function:smoke",
      "status": "IN_PROGRESS", "expiresAt": 1764630900, "timeoutAction": "ROLLBACK"
    }],
    "deploymentConfiguration": {
      "deploymentCircuitBreaker": {"enable": true, "rollback": true},
      "maximumPercent": 200, "minimumHealthyPercent": 100,
      "alarms": {"alarmNames": ["web-api-5xx"], "enable": true, "rollback": true},
      "strategy": "CANARY",
      "bakeTimeInMinutes": 10,
      "lifecycleHooks": [{
        "hookTargetArn": "arn:aws:lambda:eu-west-1:123456789012:function:smoke",
        "roleArn": "arn:aws:iam::123456789012:role/ecs-hooks",
        "lifecycleStages": ["POST_TEST_TRAFFIC_SHIFT", "PRODUCTION_TRAFFIC_SHIFT"]
      }],
      "canaryConfiguration": {"canaryPercent": 5.0, "canaryBakeTimeInMinutes": 15}
    },
    "deploymentCircuitBreaker": {"status": "MONITORING", "failureCount": 1, "threshold": 3},
    "alarms": {"status": "MONITORING", "alarmNames": ["web-api-5xx"], "triggeredAlarmNames": []}
  }],
  "failures": []
}"#;

/// A linear deployment rolled back by an alarm.
const LINEAR_ROLLED_BACK: &str = r#"{
  "serviceDeployments": [{
    "serviceDeploymentArn": "arn:aws:ecs:eu-west-1:123456789012:service-deployment/prod/web-api/old1",
    "serviceArn": "arn:aws:ecs:eu-west-1:123456789012:service/prod/web-api",
    "clusterArn": "arn:aws:ecs:eu-west-1:123456789012:cluster/prod",
    "createdAt": 1764620000, "startedAt": 1764620001, "finishedAt": 1764620900,
    "status": "ROLLBACK_SUCCESSFUL",
    "statusReason": "Rolled back: alarm web-api-5xx in ALARM.",
    "deploymentConfiguration": {
      "strategy": "LINEAR", "bakeTimeInMinutes": 5,
      "linearConfiguration": {"stepPercent": 10.0, "stepBakeTimeInMinutes": 2}
    },
    "alarms": {"status": "TRIGGERED", "alarmNames": ["web-api-5xx"], "triggeredAlarmNames": ["web-api-5xx"]},
    "rollback": {
      "reason": "Alarm web-api-5xx is in ALARM state.",
      "startedAt": 1764620600,
      "serviceRevisionArn": "arn:aws:ecs:eu-west-1:123456789012:service-revision/prod/web-api/4980306466373576443"
    }
  }],
  "failures": []
}"#;

const REVISIONS: &str = r#"{
  "serviceRevisions": [{
    "serviceRevisionArn": "arn:aws:ecs:eu-west-1:123456789012:service-revision/prod/web-api/4980306466373577095",
    "serviceArn": "arn:aws:ecs:eu-west-1:123456789012:service/prod/web-api",
    "clusterArn": "arn:aws:ecs:eu-west-1:123456789012:cluster/prod",
    "taskDefinition": "arn:aws:ecs:eu-west-1:123456789012:task-definition/web-api:43",
    "launchType": "FARGATE",
    "platformVersion": "1.4.0",
    "loadBalancers": [{
      "targetGroupArn": "arn:aws:elasticloadbalancing:eu-west-1:123456789012:targetgroup/web-api-blue/1a2b3c",
      "containerName": "app", "containerPort": 8080,
      "advancedConfiguration": {
        "alternateTargetGroupArn": "arn:aws:elasticloadbalancing:eu-west-1:123456789012:targetgroup/web-api-green/4d5e6f",
        "productionListenerRule": "arn:aws:elasticloadbalancing:eu-west-1:123456789012:listener-rule/app/web/1/2/prod",
        "testListenerRule": "arn:aws:elasticloadbalancing:eu-west-1:123456789012:listener-rule/app/web/1/3/test",
        "roleArn": "arn:aws:iam::123456789012:role/ecs-lb"
      }
    }],
    "containerImages": [{
      "containerName": "app",
      "imageDigest": "sha256:4f53cda18c2baa0c0354bb5f9a3ecbe5ed12ab4d8e11ba873c2f11161202b945",
      "image": "123456789012.dkr.ecr.eu-west-1.amazonaws.com/web-api:1.43.0"
    }],
    "guardDutyEnabled": false,
    "createdAt": 1764629990
  }],
  "failures": []
}"#;

/// One canned answer: HTTP status and body.
type Answer = (u16, String);
/// One request as sent: its `X-Amz-Target` and body.
type Sent = (String, Vec<u8>);

fn ok(body: impl Into<String>) -> Answer {
    (200, body.into())
}

fn error(status: u16, kind: &str, message: &str) -> Answer {
    (
        status,
        format!(r#"{{"__type":"{kind}","message":"{message}"}}"#),
    )
}

/// Answers requests in order and records each one's `X-Amz-Target` and body.
#[derive(Debug, Clone, Default)]
struct Replay {
    answers: Arc<Mutex<VecDeque<Answer>>>,
    sent: Arc<Mutex<Vec<Sent>>>,
}

impl Replay {
    fn new(answers: Vec<Answer>) -> Self {
        Self {
            answers: Arc::new(Mutex::new(answers.into())),
            sent: Arc::default(),
        }
    }
}

impl HttpConnector for Replay {
    fn call(&self, request: HttpRequest) -> HttpConnectorFuture {
        let target = request
            .headers()
            .get("x-amz-target")
            .unwrap_or_default()
            .to_string();
        let body = request.body().bytes().unwrap_or_default().to_vec();
        self.sent.lock().unwrap().push((target, body));
        let (status, body) = self
            .answers
            .lock()
            .unwrap()
            .pop_front()
            .expect("a request beyond the replayed answers");
        let mut response =
            HttpResponse::new(StatusCode::try_from(status).unwrap(), SdkBody::from(body));
        response
            .headers_mut()
            .insert("content-type", "application/x-amz-json-1.1");
        HttpConnectorFuture::ready(Ok(response))
    }
}

impl HttpClient for Replay {
    fn http_connector(
        &self,
        _: &HttpConnectorSettings,
        _: &RuntimeComponents,
    ) -> SharedHttpConnector {
        self.clone().into_shared()
    }
}

/// An AWS source whose ECS clients answer from `replay`.
async fn source(replay: &Replay) -> AwsSource {
    let tuning = AwsTuning {
        max_attempts: 1,
        fanout: 1,
        credentials: Some(SharedCredentialsProvider::new(Credentials::for_tests())),
        retry_partition: Some("service-deployments-replay".into()),
        ..AwsTuning::default()
    };
    let opts = AwsOptions {
        region: Some("eu-west-1".into()),
        ..AwsOptions::default()
    };
    let mut src = AwsSource::connect_with(opts, tuning).await.unwrap();
    let with_replay = |c: &aws_sdk_ecs::Client| {
        aws_sdk_ecs::Client::from_conf(c.config().to_builder().http_client(replay.clone()).build())
    };
    src.ecs = with_replay(&src.ecs);
    src.ecs_writes = with_replay(&src.ecs_writes);
    src
}

/// The JSON bodies the source sent, in order.
fn sent(replay: &Replay) -> Vec<serde_json::Value> {
    replay
        .sent
        .lock()
        .unwrap()
        .iter()
        .map(|(_, body)| serde_json::from_slice(body).unwrap())
        .collect()
}

fn targets(replay: &Replay) -> Vec<String> {
    replay
        .sent
        .lock()
        .unwrap()
        .iter()
        .map(|(target, _)| target.clone())
        .collect()
}

fn brief_page(arns: &[String], next: Option<&str>) -> String {
    let briefs: Vec<serde_json::Value> = arns
        .iter()
        .map(|a| {
            serde_json::json!({
                "serviceDeploymentArn": a,
                "serviceArn": "arn:aws:ecs:eu-west-1:123456789012:service/prod/web-api",
                "clusterArn": "arn:aws:ecs:eu-west-1:123456789012:cluster/prod",
                "startedAt": 1764620001, "createdAt": 1764620000,
                "targetServiceRevisionArn": SR_NEW,
                "status": "SUCCESSFUL", "statusReason": "done"
            })
        })
        .collect();
    let mut page = serde_json::json!({ "serviceDeployments": briefs });
    if let Some(t) = next {
        page["nextToken"] = serde_json::json!(t);
    }
    page.to_string()
}

fn described(arns: &[String], created_from: i64) -> String {
    let deps: Vec<serde_json::Value> = arns
        .iter()
        .enumerate()
        .map(|(i, a)| {
            serde_json::json!({
                "serviceDeploymentArn": a,
                "serviceArn": "arn:aws:ecs:eu-west-1:123456789012:service/prod/web-api",
                "clusterArn": "arn:aws:ecs:eu-west-1:123456789012:cluster/prod",
                "createdAt": created_from + i as i64 * 60,
                "status": "SUCCESSFUL",
                "deploymentConfiguration": {"strategy": "ROLLING"}
            })
        })
        .collect();
    serde_json::json!({ "serviceDeployments": deps, "failures": [] }).to_string()
}

#[tokio::test]
async fn a_canary_in_progress_maps_every_field() {
    let replay = Replay::new(vec![ok(CANARY_IN_PROGRESS)]);
    let src = source(&replay).await;
    let all = src
        .describe_service_deployments(&[SD.into()])
        .await
        .unwrap();
    assert_eq!(
        targets(&replay),
        ["AmazonEC2ContainerServiceV20141113.DescribeServiceDeployments"]
    );
    assert_eq!(
        sent(&replay)[0]["serviceDeploymentArns"],
        serde_json::json!([SD])
    );
    let d = &all[0];
    assert_eq!(d.arn, SD);
    assert_eq!(d.short_id(), "r8WUB1WNsn3AaeBcmqzPXy");
    assert_eq!(d.status, Some(ServiceDeploymentStatus::InProgress));
    assert_eq!(
        d.lifecycle_stage,
        Some(LifecycleStage::ProductionTrafficShift)
    );
    assert_eq!(d.target_traffic(), Some(5.0));
    let target = d.target_revision.as_ref().unwrap();
    assert_eq!(
        (target.requested, target.running, target.pending),
        (4, 3, 1)
    );
    assert_eq!(target.test_traffic_weight, Some(100.0));
    assert_eq!(d.source_revisions[0].arn, SR_OLD);
    assert_eq!(d.source_revisions[0].production_traffic_weight, Some(95.0));
    let s = d.strategy.as_ref().unwrap();
    assert_eq!(s.kind, StrategyKind::Canary);
    assert_eq!(s.bake_minutes, Some(10));
    assert_eq!(
        s.canary,
        Some(CanaryConfig {
            percent: 5.0,
            bake_minutes: 15
        })
    );
    assert_eq!(
        s.hooks[0].stages,
        [
            LifecycleStage::PostTestTrafficShift,
            LifecycleStage::ProductionTrafficShift
        ]
    );
    assert_eq!(d.hooks[0].status, Some(HookStatus::InProgress));
    assert_eq!(
        d.hooks[0].stage,
        Some(LifecycleStage::ProductionTrafficShift)
    );
    assert_eq!(
        d.hooks[0].expires_at.map(|t| t.timestamp()),
        Some(1764630900)
    );
    let cb = d.circuit_breaker.as_ref().unwrap();
    assert_eq!((cb.failures, cb.threshold), (1, 3));
    assert_eq!(cb.status, Some(MonitorStatus::Monitoring));
    assert_eq!(d.alarms.as_ref().unwrap().names, ["web-api-5xx"]);
    assert!(d.alarms.as_ref().unwrap().triggered.is_empty());
    assert_eq!(
        d.started_at.map(|t| t.timestamp_millis()),
        Some(1764630002500)
    );
    assert_eq!(d.finished_at, None, "absent is not the epoch");
    assert_eq!(d.rollback, None);
    assert_eq!(src.calls().get("ecs:DescribeServiceDeployments"), 1);
}

#[tokio::test]
async fn a_rollback_keeps_its_reason_and_the_triggered_alarm() {
    let replay = Replay::new(vec![ok(LINEAR_ROLLED_BACK)]);
    let src = source(&replay).await;
    let d = src
        .describe_service_deployments(&["x".into()])
        .await
        .unwrap()
        .remove(0);
    assert_eq!(d.status, Some(ServiceDeploymentStatus::RollbackSuccessful));
    assert!(d.status.unwrap().is_failure());
    let s = d.strategy.unwrap();
    assert_eq!(s.kind, StrategyKind::Linear);
    assert_eq!(
        s.linear,
        Some(LinearConfig {
            step_percent: 10.0,
            step_bake_minutes: 2
        })
    );
    assert_eq!(d.alarms.unwrap().triggered, ["web-api-5xx"]);
    let rb = d.rollback.unwrap();
    assert_eq!(rb.reason, "Alarm web-api-5xx is in ALARM state.");
    assert_eq!(rb.service_revision_arn, SR_OLD);
    assert_eq!(rb.started_at.map(|t| t.timestamp()), Some(1764620600));
    assert_eq!(d.lifecycle_stage, None);
}

#[tokio::test]
async fn the_history_reads_every_page_and_describes_by_twenty_newest_first() {
    let arns: Vec<String> = (0..25).map(|i| format!("{SD}-{i:02}")).collect();
    let replay = Replay::new(vec![
        ok(brief_page(&arns[..13], Some("page-2"))),
        ok(brief_page(&arns[13..], None)),
        ok(described(&arns[..20], 1_764_600_000)),
        ok(described(&arns[20..], 1_764_700_000)),
    ]);
    let src = source(&replay).await;
    let all = src.service_deployments("prod", "web-api").await.unwrap();
    let bodies = sent(&replay);
    assert_eq!(bodies[0]["cluster"], "prod");
    assert_eq!(bodies[0]["service"], "web-api");
    assert_eq!(bodies[0].get("nextToken"), None);
    assert_eq!(bodies[1]["nextToken"], "page-2");
    assert_eq!(
        bodies[2]["serviceDeploymentArns"].as_array().unwrap().len(),
        20
    );
    assert_eq!(
        bodies[3]["serviceDeploymentArns"].as_array().unwrap().len(),
        5
    );
    assert_eq!(all.len(), 25);
    assert_eq!(all[0].arn, arns[24], "newest first");
    assert_eq!(all[24].arn, arns[0]);
    assert_eq!(src.calls().get("ecs:ListServiceDeployments"), 2);
    assert_eq!(src.calls().get("ecs:DescribeServiceDeployments"), 2);
}

#[tokio::test]
async fn a_revision_maps_images_with_digests_and_the_test_listener() {
    let replay = Replay::new(vec![ok(REVISIONS)]);
    let src = source(&replay).await;
    let r = src
        .service_revisions(&[SR_NEW.into()])
        .await
        .unwrap()
        .remove(0);
    assert_eq!(
        targets(&replay),
        ["AmazonEC2ContainerServiceV20141113.DescribeServiceRevisions"]
    );
    assert_eq!(
        sent(&replay)[0]["serviceRevisionArns"],
        serde_json::json!([SR_NEW])
    );
    assert_eq!(r.arn, SR_NEW);
    assert!(r.task_definition.ends_with("task-definition/web-api:43"));
    assert_eq!(r.images[0].container_name, "app");
    assert!(r.images[0].image.ends_with("web-api:1.43.0"));
    assert_eq!(
        r.images[0].digest.as_deref(),
        Some("sha256:4f53cda18c2baa0c0354bb5f9a3ecbe5ed12ab4d8e11ba873c2f11161202b945")
    );
    let lb = &r.load_balancers[0];
    assert_eq!(lb.container_port, Some(8080));
    assert!(
        lb.alternate_target_group_arn
            .as_deref()
            .unwrap()
            .contains("web-api-green")
    );
    assert!(lb.test_listener_rule.as_deref().unwrap().ends_with("/test"));
    assert!(
        lb.production_listener_rule
            .as_deref()
            .unwrap()
            .ends_with("/prod")
    );
    assert_eq!(r.created_at.map(|t| t.timestamp()), Some(1764629990));
}

#[tokio::test]
async fn a_native_rollback_sends_stop_type_rollback() {
    let replay = Replay::new(vec![ok(format!(r#"{{"serviceDeploymentArn":"{SD}"}}"#))]);
    let src = source(&replay).await;
    let arn = src
        .stop_service_deployment(SD, StopType::Rollback)
        .await
        .unwrap();
    assert_eq!(arn, SD);
    assert_eq!(
        targets(&replay),
        ["AmazonEC2ContainerServiceV20141113.StopServiceDeployment"]
    );
    let body = &sent(&replay)[0];
    assert_eq!(body["serviceDeploymentArn"], SD);
    assert_eq!(body["stopType"], "ROLLBACK");
    assert_eq!(src.calls().get("ecs:StopServiceDeployment"), 1);
}

#[tokio::test]
async fn an_endpoint_without_the_api_is_unsupported_and_a_denied_one_is_access_denied() {
    let replay = Replay::new(vec![
        error(400, "UnknownOperationException", ""),
        error(
            400,
            "AccessDeniedException",
            "User is not authorized to perform: ecs:ListServiceDeployments",
        ),
    ]);
    let src = source(&replay).await;
    let e = src
        .service_deployments("prod", "web-api")
        .await
        .unwrap_err();
    assert_eq!(e.kind, ErrorKind::Unsupported, "{e}");
    assert_eq!(e.operation, "ecs:ListServiceDeployments");
    let e = src
        .service_deployments("prod", "web-api")
        .await
        .unwrap_err();
    assert_eq!(e.kind, ErrorKind::AccessDenied, "{e}");
}

#[test]
fn an_unknown_strategy_word_reads_as_rolling_and_unknown_status_as_none() {
    let c = ecs::DeploymentConfiguration::builder()
        .strategy(ecs::DeploymentStrategy::from("SOMETHING_NEW"))
        .build();
    assert_eq!(strategy(&c).kind, StrategyKind::Rolling);
    let d = ecs::ServiceDeployment::builder()
        .status(ecs::ServiceDeploymentStatus::from("NEW_WORD"))
        .build();
    assert_eq!(service_deployment(&d).status, None);
}

#[tokio::test]
async fn describe_services_maps_the_current_service_deployment() {
    let body = format!(
        r#"{{"services": [
          {{"serviceName": "web-api", "serviceArn": "arn:aws:ecs:eu-west-1:123456789012:service/prod/web-api",
            "clusterArn": "arn:aws:ecs:eu-west-1:123456789012:cluster/prod", "status": "ACTIVE",
            "desiredCount": 4, "runningCount": 4, "pendingCount": 0,
            "currentServiceDeployment": "{SD}", "deployments": []}},
          {{"serviceName": "old", "serviceArn": "arn:aws:ecs:eu-west-1:123456789012:service/prod/old",
            "status": "ACTIVE", "desiredCount": 1, "runningCount": 1, "pendingCount": 0,
            "currentServiceDeployment": "", "deployments": []}}
        ], "failures": []}}"#
    );
    let replay = Replay::new(vec![ok(body)]);
    let src = source(&replay).await;
    let mut services = src
        .describe_services("prod", &["old".to_string(), "web-api".to_string()])
        .await
        .unwrap();
    services.sort_by(|a, b| a.name.cmp(&b.name));
    assert_eq!(services[1].current_service_deployment.as_deref(), Some(SD));
    assert_eq!(
        services[0].current_service_deployment, None,
        "empty is absent"
    );
}
