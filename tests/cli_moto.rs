//! `ecsdeck status` against a seeded moto server (real AWS wire protocols on
//! 127.0.0.1): the same JSON schema as on the demo, from the AWS source.

mod cli_common;
mod support;

use assert_cmd::Command;
use aws_sdk_ecs::types::{
    Compatibility, ContainerDefinition, DeploymentCircuitBreaker, DeploymentConfiguration,
    LaunchType,
};
use support::Emulator;

const CLUSTER: &str = "shop";

async fn seed(moto: &Emulator) {
    let ecs = aws_sdk_ecs::Client::new(&moto.sdk().await);
    ecs.create_cluster()
        .cluster_name(CLUSTER)
        .send()
        .await
        .unwrap();
    for (family, image) in [("api", "api:1.0.0"), ("worker", "worker:2.1.0")] {
        ecs.register_task_definition()
            .family(family)
            .requires_compatibilities(Compatibility::Ec2)
            .container_definitions(
                ContainerDefinition::builder()
                    .name("app")
                    .image(format!(
                        "123456789012.dkr.ecr.us-east-1.amazonaws.com/{image}"
                    ))
                    .memory(256)
                    .essential(true)
                    .build(),
            )
            .send()
            .await
            .unwrap();
    }
    for (name, td, desired) in [("api", "api:1", 3), ("worker", "worker:1", 1)] {
        ecs.create_service()
            .cluster(CLUSTER)
            .service_name(name)
            .task_definition(td)
            .desired_count(desired)
            .launch_type(LaunchType::Ec2)
            .deployment_configuration(
                DeploymentConfiguration::builder()
                    .deployment_circuit_breaker(
                        DeploymentCircuitBreaker::builder()
                            .enable(true)
                            .rollback(true)
                            .build(),
                    )
                    .build(),
            )
            .send()
            .await
            .unwrap();
    }
}

fn ecsdeck(moto: &Emulator, home: &std::path::Path) -> Command {
    let mut cmd = cli_common::isolated(home);
    cmd.args(["--region", "us-east-1", "--endpoint-url", &moto.url()])
        .timeout(std::time::Duration::from_secs(120));
    cmd
}

#[tokio::test(flavor = "multi_thread")]
async fn status_json_from_moto_follows_schema_v1() {
    let moto = Emulator::moto();
    seed(&moto).await;
    let home = std::env::temp_dir().join(format!("ecsdeck-cli-moto-{}", std::process::id()));

    let out = ecsdeck(&moto, &home)
        .args(["--cluster", CLUSTER, "status", "--json"])
        .assert()
        .code(0)
        .get_output()
        .stdout
        .clone();
    let v: serde_json::Value = serde_json::from_slice(&out).expect("stdout is JSON");
    assert_eq!(v["schema"], "ecsdeck.status/v1");
    assert_eq!(v["cluster"], CLUSTER);
    assert_eq!(v["source"], "aws");
    assert!(chrono::DateTime::parse_from_rfc3339(v["generated_at"].as_str().unwrap()).is_ok());
    let services = v["services"].as_array().expect("services");
    let names: Vec<&str> = services.iter().filter_map(|s| s["name"].as_str()).collect();
    assert_eq!(names, vec!["api", "worker"], "sorted by name");

    let api = &services[0];
    assert_eq!(api["status"], "ACTIVE");
    assert_eq!(api["launch_type"], "EC2");
    assert_eq!(api["task_definition"], "api:1");
    assert!(
        api["task_definition_arn"]
            .as_str()
            .unwrap()
            .ends_with(":task-definition/api:1"),
        "{}",
        api["task_definition_arn"]
    );
    assert!(
        api["arn"].as_str().unwrap().ends_with("/shop/api"),
        "{}",
        api["arn"]
    );
    assert_eq!(api["desired"], 3);
    assert!(api["targets"].is_null(), "no load balancer");
    // moto 5.2.5 does not keep deploymentCircuitBreaker; the shape is what is checked.
    assert!(api["circuit_breaker"]["enable"].is_boolean(), "{api}");
    assert!(api["circuit_breaker"]["rollback"].is_boolean(), "{api}");
    for k in ["healthy", "unhealthy", "unknown", "stopped_recently"] {
        assert!(api["tasks"][k].is_u64(), "tasks.{k} in {api}");
    }
    assert!(
        ["ok", "deploying", "degraded", "failed"].contains(&api["state"].as_str().unwrap()),
        "{api}"
    );
    assert_eq!(services[1]["desired"], 1);
    assert_eq!(services[1]["task_definition"], "worker:1");

    // The table form reads the same services.
    let table = ecsdeck(&moto, &home)
        .args(["--cluster", CLUSTER, "status"])
        .assert()
        .code(0)
        .get_output()
        .stdout
        .clone();
    let table = String::from_utf8(table).unwrap();
    assert!(table.contains("api") && table.contains("worker"), "{table}");

    // An unknown cluster is one error line and exit 1, as on the demo.
    ecsdeck(&moto, &home)
        .args(["--cluster", "nope", "status", "--json"])
        .assert()
        .code(1)
        .stderr(predicates::str::contains(
            "cluster nope not found in region us-east-1",
        ));
    let _ = std::fs::remove_dir_all(&home);
}

/// moto does not answer the service-deployment APIs: `rollout wait` judges
/// from the `deployments` array and says so once, not on every poll.
#[tokio::test(flavor = "multi_thread")]
async fn rollout_wait_on_moto_falls_back_to_the_deployments_array_and_says_so_once() {
    let moto = Emulator::moto();
    seed(&moto).await;
    let home = std::env::temp_dir().join(format!("ecsdeck-cli-moto-wait-{}", std::process::id()));
    let out = ecsdeck(&moto, &home)
        .args([
            "rollout",
            "wait",
            "--cluster",
            CLUSTER,
            "--service",
            "worker",
            "--timeout",
            "20",
        ])
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    let said = stdout
        .matches("service deployments unavailable (ecs:ListServiceDeployments")
        .count();
    assert_eq!(said, 1, "{stdout}");
    assert!(
        stdout.contains("judging from the deployments array"),
        "{stdout}"
    );
    assert!(!stdout.contains("following service deployment"), "{stdout}");
    // The wait itself still works from the deployments array: moto's
    // deployment is COMPLETED (0) or never reaches it within the limit (2),
    // never an error (1).
    assert_ne!(
        out.status.code(),
        Some(1),
        "{stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
}
