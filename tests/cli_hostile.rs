//! Hostile strings from AWS through the subcommands' output channels, on a
//! seeded moto server: `ecsdeck status` text and `--json`, and the one-line
//! error. Nothing outside the allow-list reaches stdout or stderr as a raw
//! character; the JSON still parses back to the same data.

mod cli_common;
mod support;

use assert_cmd::Command;
use aws_sdk_cloudwatch::types::{ComparisonOperator, Dimension, Statistic};
use aws_sdk_ecs::types::{Compatibility, ContainerDefinition, KeyValuePair, LaunchType};
use ecsdeck::text::corpus;
use support::Emulator;

const CLUSTER: &str = "shop";

fn hostile_service() -> String {
    format!("api{}", corpus::OSC_TITLE)
}

/// Alarm dimensions travel in XML, which cannot hold ESC: this one has C1 and bidi only.
fn hostile_web() -> String {
    format!("web{}", corpus::RLO)
}

fn hostile_alarm() -> String {
    format!("high{}{}", corpus::C1_CSI, corpus::RLO)
}

async fn seed(moto: &Emulator, localstack: &Emulator) {
    let sdk = moto.sdk().await;
    let ecs = aws_sdk_ecs::Client::new(&sdk);
    ecs.create_cluster()
        .cluster_name(CLUSTER)
        .send()
        .await
        .unwrap();
    ecs.register_task_definition()
        .family("api")
        .requires_compatibilities(Compatibility::Ec2)
        .container_definitions(
            ContainerDefinition::builder()
                .name("app")
                .image("api:1.0.0")
                .memory(256)
                .essential(true)
                .environment(
                    KeyValuePair::builder()
                        .name("DB_PASSWORD")
                        .value("hunter2-secret")
                        .build(),
                )
                .command("--db-password=hunter2-arg")
                .build(),
        )
        .send()
        .await
        .unwrap();
    for name in [hostile_service(), hostile_web()] {
        ecs.create_service()
            .cluster(CLUSTER)
            .service_name(name)
            .task_definition("api:1")
            .desired_count(1)
            .launch_type(LaunchType::Ec2)
            .send()
            .await
            .unwrap();
    }
    // CloudWatch speaks Smithy RPC v2 CBOR, which moto does not: alarms live in LocalStack.
    let cw = aws_sdk_cloudwatch::Client::new(&localstack.sdk().await);
    cw.put_metric_alarm()
        .alarm_name(hostile_alarm())
        .alarm_description(corpus::RLO)
        .namespace("AWS/ECS")
        .metric_name("CPUUtilization")
        .dimensions(
            Dimension::builder()
                .name("ClusterName")
                .value(CLUSTER)
                .build(),
        )
        .dimensions(
            Dimension::builder()
                .name("ServiceName")
                .value(hostile_web())
                .build(),
        )
        .statistic(Statistic::Average)
        .period(60)
        .evaluation_periods(1)
        .threshold(80.0)
        .comparison_operator(ComparisonOperator::GreaterThanThreshold)
        .send()
        .await
        .unwrap();
}

/// ecsdeck with moto for every service but CloudWatch, which goes to LocalStack.
fn ecsdeck(moto: &Emulator, localstack: &Emulator, home: &std::path::Path) -> Command {
    let mut cmd = cli_common::isolated(home);
    cmd.args(["--region", "us-east-1"])
        .env("AWS_ENDPOINT_URL", moto.url())
        .env("AWS_ENDPOINT_URL_CLOUDWATCH", localstack.url())
        .timeout(std::time::Duration::from_secs(120));
    cmd
}

/// No C0/C1 control (but LF), no format character, nothing else off the list.
fn assert_printable(bytes: &[u8], what: &str) {
    let text = String::from_utf8(bytes.to_vec()).expect("UTF-8 output");
    for line in text.lines() {
        for c in line.chars() {
            assert!(
                ecsdeck::text::sanitize::is_allowed(c),
                "{what}: raw U+{:04X} in {line:?}",
                c as u32
            );
        }
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn status_prints_no_raw_hostile_character_and_json_keeps_the_data() {
    let moto = Emulator::moto();
    let localstack = Emulator::localstack();
    seed(&moto, &localstack).await;
    let home = std::env::temp_dir().join(format!("ecsdeck-cli-hostile-{}", std::process::id()));

    let table = ecsdeck(&moto, &localstack, &home)
        .args(["--cluster", CLUSTER, "status"])
        .assert()
        .code(0)
        .get_output()
        .clone();
    assert_printable(&table.stdout, "status table");
    assert_printable(&table.stderr, "status stderr");
    let shown = String::from_utf8_lossy(&table.stdout);
    assert!(
        shown.contains("apix]0;TITLEz"),
        "the visible name stays: {shown}"
    );
    assert!(!shown.contains("hunter2"), "{shown}");

    let out = ecsdeck(&moto, &localstack, &home)
        .args(["--cluster", CLUSTER, "status", "--json"])
        .assert()
        .code(0)
        .get_output()
        .clone();
    let json = out.stdout;
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_printable(&json, "status --json");
    let v: serde_json::Value = serde_json::from_slice(&json).expect("stdout is JSON");
    let svc = &v["services"][0];
    assert_eq!(svc["name"], hostile_service(), "same data after parsing");
    assert_eq!(v["services"][1]["name"], hostile_web());
    let alarms = v["services"][1]["alarms"]
        .as_array()
        .unwrap_or_else(|| panic!("alarms read: {stderr}"));
    assert_eq!(alarms[0]["name"], hostile_alarm(), "{svc}");
    let raw = String::from_utf8(json).unwrap();
    assert!(raw.contains("\\u001b]0;TITLE\\u0007"), "{raw}");
    assert!(raw.contains("\\u009b") && raw.contains("\\u202e"), "{raw}");

    // The one-line error names the (hostile) cluster without its escapes.
    let err = ecsdeck(&moto, &localstack, &home)
        .args(["--cluster", corpus::OSC_TITLE, "status"])
        .assert()
        .code(1)
        .get_output()
        .stderr
        .clone();
    assert_printable(&err, "error line");
    assert!(String::from_utf8_lossy(&err).contains("x]0;TITLEz"));
    let _ = std::fs::remove_dir_all(&home);
}
