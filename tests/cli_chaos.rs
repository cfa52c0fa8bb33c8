//! `ecsdeck chaos stop-task` on the demo.

mod cli_common;

use cli_common::demo;
use predicates::prelude::*;

#[test]
fn chaos_stop_task_waits_for_recovery_and_prints_the_timeline() {
    let out = demo(
        100,
        &[
            "chaos",
            "stop-task",
            "--cluster",
            "prod",
            "--service",
            "web-api",
            "--wait-recovery",
        ],
    )
    .assert()
    .code(0)
    .stdout(predicate::str::contains(
        "ecsdeck chaos test by ci-user@ci-host",
    ))
    .stdout(predicate::str::is_match(r"(?m)^time to recovery: \d+s$").unwrap())
    .get_output()
    .stdout
    .clone();
    let text = String::from_utf8_lossy(&out);
    let order = [
        "stop requested",
        "task stopping",
        "replacement provisioning",
        "replacement running",
        "container healthy",
        "target healthy",
        "recovered",
    ];
    let mut at = 0;
    for step in order {
        let i = text[at..]
            .find(step)
            .unwrap_or_else(|| panic!("{step} missing or out of order:\n{text}"));
        at += i;
    }
    assert!(text.contains("task stopped"), "{text}");
}

#[test]
fn chaos_stop_task_fails_when_recovery_takes_longer_than_the_timeout() {
    demo(
        20,
        &[
            "chaos",
            "stop-task",
            "--cluster",
            "prod",
            "--service",
            "web-api",
            "--wait-recovery",
            "--timeout",
            "5",
            "--interval",
            "1",
        ],
    )
    .assert()
    .code(1)
    .stderr(
        predicate::str::is_match(
            r"^ecsdeck: web-api did not recover within 5s \(waiting for: .+\)\n$",
        )
        .unwrap(),
    );
}

#[test]
fn chaos_stop_task_is_refused_in_read_only_mode() {
    demo(
        1,
        &[
            "--read-only",
            "chaos",
            "stop-task",
            "--cluster",
            "prod",
            "--service",
            "worker",
        ],
    )
    .assert()
    .code(1)
    .stderr("ecsdeck: ecs:StopTask: refused: ecsdeck is in read-only mode\n");
}
