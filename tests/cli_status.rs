//! `ecsdeck status` on the demo, and the generated completions and man page.

mod cli_common;

use cli_common::demo;
use predicates::prelude::*;

#[test]
fn status_json_follows_schema_v1() {
    let out = demo(1, &["status", "--cluster", "prod", "--json"])
        .assert()
        .code(0)
        .get_output()
        .stdout
        .clone();
    let v: serde_json::Value = serde_json::from_slice(&out).unwrap();
    let top: Vec<&str> = v.as_object().unwrap().keys().map(String::as_str).collect();
    assert_eq!(
        top,
        vec!["cluster", "generated_at", "schema", "services", "source"]
    );
    assert_eq!(v["schema"], "ecsdeck.status/v1");
    assert_eq!(v["cluster"], "prod");
    assert_eq!(v["source"], "demo");
    assert!(chrono::DateTime::parse_from_rfc3339(v["generated_at"].as_str().unwrap()).is_ok());
    let services = v["services"].as_array().unwrap();
    assert!(services.len() >= 6);
    let keys = [
        "name",
        "arn",
        "status",
        "state",
        "launch_type",
        "task_definition",
        "task_definition_arn",
        "desired",
        "running",
        "pending",
        "tasks",
        "targets",
        "rollout",
        "circuit_breaker",
        "alarms",
    ];
    for s in services {
        for k in keys {
            assert!(s.get(k).is_some(), "{k} missing in {s}");
        }
        assert!(["ok", "deploying", "degraded", "failed"].contains(&s["state"].as_str().unwrap()));
        for k in ["healthy", "unhealthy", "unknown", "stopped_recently"] {
            assert!(s["tasks"][k].is_u64(), "tasks.{k}");
        }
        if !s["targets"].is_null() {
            for k in ["healthy", "registered", "unhealthy", "initial", "draining"] {
                assert!(s["targets"][k].is_u64(), "targets.{k}");
            }
        }
        for k in [
            "deployment_id",
            "state",
            "reason",
            "task_definition",
            "running",
            "desired",
            "failed",
            "created_at",
            "deployments",
        ] {
            assert!(s["rollout"].get(k).is_some(), "rollout.{k}");
        }
    }
    let catalog = services.iter().find(|s| s["name"] == "catalog").unwrap();
    assert_eq!(catalog["state"], "deploying");
    assert_eq!(catalog["rollout"]["state"], "IN_PROGRESS");
    let worker = services.iter().find(|s| s["name"] == "worker").unwrap();
    assert!(worker["targets"].is_null());
}

#[test]
fn status_table_lists_services() {
    demo(1, &["status", "--cluster", "staging"])
        .assert()
        .code(0)
        .stdout(predicate::str::starts_with("SERVICE"))
        .stdout(predicate::str::is_match(r"(?m)^search\s+deploying\s+").unwrap());
}

#[test]
fn status_of_a_missing_cluster_is_one_error_line() {
    demo(1, &["status", "--cluster", "nope"])
        .assert()
        .code(1)
        .stderr(predicate::str::starts_with(
            "ecsdeck: ecs:ListServices: ClusterNotFoundException",
        ))
        .stderr(predicate::str::is_match("^[^\n]*\n$").unwrap());
}

#[test]
fn completions_and_man_are_generated_from_the_cli() {
    demo(1, &["completions", "bash"])
        .assert()
        .code(0)
        .stdout(predicate::str::contains("rollout").and(predicate::str::contains("stop-task")));
    demo(1, &["completions", "zsh"])
        .assert()
        .code(0)
        .stdout(predicate::str::contains("#compdef ecsdeck"));
    demo(1, &["man"])
        .assert()
        .code(0)
        .stdout(predicate::str::contains(".TH ecsdeck 1").and(predicate::str::contains("status")));
    demo(1, &["completions", "tcsh"]).assert().code(2);
}

#[test]
fn a_subcommand_refuses_a_list_of_profiles_or_regions() {
    // The list is the dashboard's fleet; a subcommand works in one account
    // and region, and says so before it builds any client (no call is made;
    // the endpoint is a closed loopback port should one be made all the same).
    for (flag, list) in [("--profile", "a,b"), ("--region", "eu-west-1,us-east-1")] {
        let home = std::env::temp_dir().join(format!("ecsdeck-cli-list-{}", std::process::id()));
        cli_common::isolated(&home)
            .args(["status", "--cluster", "prod", flag, list])
            .args(["--endpoint-url", "http://127.0.0.1:9"])
            .assert()
            .code(2)
            .stderr(predicate::str::starts_with(format!(
                "ecsdeck: {flag} takes one name for a subcommand, got {list}"
            )))
            .stderr(predicate::str::is_match("^[^\n]*\n$").unwrap());
    }
}
