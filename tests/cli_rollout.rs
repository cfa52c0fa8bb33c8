//! `ecsdeck rollout wait` on the demo: one test per exit code.

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
