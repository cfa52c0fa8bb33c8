//! `ecsdeck rollout wait` on the demo and on scenario files: one test per exit code.

mod cli_common;

use cli_common::demo;
use predicates::prelude::*;

#[test]
fn rollout_wait_exits_0_when_the_rollout_completes() {
    demo(
        200,
        &[
            "rollout",
            "wait",
            "--cluster",
            "prod",
            "--service",
            "catalog",
        ],
    )
    .assert()
    .code(0)
    .stdout(predicate::str::contains("following deployment ecs-svc/"))
    .stdout(predicate::str::is_match(r"(?m)^\d+s  IN_PROGRESS  running \d/4  catalog:7$").unwrap())
    .stdout(
        predicate::str::is_match(r"(?m)^\d+s  COMPLETED  catalog:7 \(deployment ecs-svc/\d+\)$")
            .unwrap(),
    );
}

#[test]
fn rollout_wait_exits_1_when_the_circuit_breaker_rolls_back() {
    demo(200, &["rollout", "wait", "--cluster", "staging", "--service", "search"])
        .assert()
        .code(1)
        .stdout(predicate::str::contains("search:9"))
        .stdout(predicate::str::is_match(r"(?m)^\d+s  FAILED  ").unwrap())
        .stderr(predicate::str::is_match(r"^ecsdeck: rollout of search to search:9 failed after \d+s: .*circuit breaker.*search:8( \(deployment ecs-svc/\d+\))?\n$").unwrap());
}

#[test]
fn rollout_wait_exits_2_on_timeout() {
    demo(
        50,
        &[
            "rollout",
            "wait",
            "--cluster",
            "prod",
            "--service",
            "catalog",
            "--timeout",
            "5",
            "--interval",
            "1",
        ],
    )
    .assert()
    .code(2)
    .stderr(predicate::str::starts_with(
        "ecsdeck: timed out after 5s waiting for the rollout of catalog to catalog:7",
    ));
}

#[test]
fn rollout_wait_on_a_steady_service_exits_0_at_once() {
    demo(
        1,
        &[
            "rollout",
            "wait",
            "--cluster",
            "prod",
            "--service",
            "web-api",
        ],
    )
    .assert()
    .code(0)
    .stdout(predicate::str::contains("0s  COMPLETED  web-api:13"));
}

#[test]
fn rollout_wait_errors_are_one_line_with_status_1_or_2() {
    demo(
        1,
        &["rollout", "wait", "--cluster", "prod", "--service", "nope"],
    )
    .assert()
    .code(1)
    .stderr("ecsdeck: ecs:DescribeServices: service nope not found in cluster prod\n");
    demo(1, &["rollout", "wait", "--cluster", "prod"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--service"));
}

#[test]
fn rollout_wait_on_the_demo_canary_exits_0_on_successful_after_the_bakes() {
    demo(
        400,
        &[
            "rollout",
            "wait",
            "--cluster",
            "prod",
            "--service",
            "checkout",
        ],
    )
    .assert()
    .code(0)
    .stdout(predicate::str::contains("following service deployment "))
    .stdout(predicate::str::contains(
        "CANARY 10 % PRODUCTION_TRAFFIC_SHIFT IN_PROGRESS",
    ))
    .stdout(predicate::str::contains(
        "CANARY 100 % BAKE_TIME IN_PROGRESS",
    ))
    .stdout(predicate::str::contains("unavailable").not());
}

/// A copy of assets/scenarios/two-services.toml in a temp file whose `api`
/// service carries the `[services.deployment]` table `table`.
fn scenario_with_deployment(tag: &str, table: &str) -> std::path::PathBuf {
    let small = include_str!("../assets/scenarios/two-services.toml");
    let text = small.replacen(
        "requests_per_minute = 600.0\n",
        &format!("requests_per_minute = 600.0\n\n[services.deployment]\n{table}\n"),
        1,
    );
    assert_ne!(text, small, "the api service is in two-services.toml");
    let dir = std::env::temp_dir().join(format!("ecsdeck-cli-strat-{}-{tag}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let path = dir.join("scenario.toml");
    std::fs::write(&path, text).expect("scenario file");
    path
}

/// `ecsdeck --demo --demo-scenario FILE --demo-speed SPEED rollout wait` on dev/api.
fn wait_on_api(scenario: &std::path::Path, speed: u32) -> assert_cmd::assert::Assert {
    let home = scenario
        .parent()
        .map(|d| d.join("home"))
        .unwrap_or_default();
    cli_common::isolated(&home)
        .args(["--demo", "--demo-scenario"])
        .arg(scenario)
        .args(["--demo-speed", &speed.to_string()])
        .args(["rollout", "wait", "--cluster", "dev", "--service", "api"])
        .timeout(std::time::Duration::from_secs(60))
        .assert()
}

#[test]
fn rollout_wait_exits_1_when_a_scenario_canary_hook_fails() {
    let file = scenario_with_deployment(
        "failing",
        "strategy = \"CANARY\"\ncanary_percent = 10.0\nin_progress = true\nto = 3\n\n\
         [[services.deployment.hooks]]\nfunction = \"smoke-test\"\nstages = [\"POST_TEST_TRAFFIC_SHIFT\"]\nfails = true",
    );
    wait_on_api(&file, 200)
        .code(1)
        .stdout(predicate::str::contains("following service deployment "))
        .stdout(predicate::str::contains("CANARY 0 % POST_TEST_TRAFFIC_SHIFT IN_PROGRESS"))
        .stdout(predicate::str::contains("PRODUCTION_TRAFFIC_SHIFT").not())
        .stderr(predicate::str::contains("is ROLLBACK_"))
        .stderr(predicate::str::contains(
            "Lifecycle hook arn:aws:lambda:us-east-1:123456789012:function:smoke-test FAILED at POST_TEST_TRAFFIC_SHIFT.",
        ));
}

#[test]
fn rollout_wait_exits_0_when_a_scenario_canary_hook_passes() {
    let file = scenario_with_deployment(
        "passing",
        "strategy = \"CANARY\"\ncanary_percent = 10.0\ncanary_bake_minutes = 1\nin_progress = true\nto = 3\n\n\
         [[services.deployment.hooks]]\nfunction = \"smoke-test\"\nstages = [\"POST_TEST_TRAFFIC_SHIFT\"]",
    );
    wait_on_api(&file, 200)
        .code(0)
        .stdout(predicate::str::contains(
            "CANARY 10 % PRODUCTION_TRAFFIC_SHIFT IN_PROGRESS",
        ))
        .stdout(predicate::str::contains("SUCCESSFUL"))
        .stdout(predicate::str::contains("ROLLBACK").not());
}
