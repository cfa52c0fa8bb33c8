//! Audit before write, against moto through the counting fault proxy: with an
//! audit log that cannot be written no write reaches the wire (TUI op path and
//! the `chaos stop-task` subcommand), and the subcommand writes its attempt
//! and result records like the console does.

mod cli_common;
mod support;

use std::path::{Path, PathBuf};

use ecsdeck::audit::{AuditContext, AuditRecord};
use ecsdeck::ops::Op;
use support::fault_proxy::FaultProxy;
use support::{Emulator, seed};

const CLUSTER: &str = "audited";
const SERVICE: &str = "checkout-api";

/// A cluster with one Fargate service and two of its tasks running.
async fn seed(moto: &Emulator) {
    let family = (SERVICE, "nginx:1.27");
    seed::cluster_with_services(moto, CLUSTER, family, &[(SERVICE, 2)], 2).await;
}

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("ecsdeck-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("scratch dir");
    dir
}

/// A state dir that cannot be created: its parent is a regular file (this
/// holds for root too, unlike a read-only mode).
fn unwritable_state(root: &Path) -> PathBuf {
    let blocker = root.join("not-a-dir");
    std::fs::write(&blocker, b"").expect("blocker file");
    blocker.join("state")
}

fn records(path: &Path) -> Vec<AuditRecord> {
    let text = std::fs::read_to_string(path).expect("audit log");
    text.lines()
        .map(|l| serde_json::from_str(l).expect("one JSON record per line"))
        .collect()
}

#[tokio::test(flavor = "multi_thread")]
async fn an_unwritable_audit_log_keeps_every_write_off_the_wire() {
    let moto = Emulator::moto();
    seed(&moto).await;
    let proxy = FaultProxy::start(moto.port);
    let source = support::source_at(&proxy.url()).await;
    let root = scratch("audit-refused");
    let audit = AuditContext {
        path: Some(unwritable_state(&root).join("ecsdeck").join("audit.jsonl")),
        source: "aws".into(),
        profile: None,
        region: Some("us-east-1".into()),
        allow_unaudited: false,
    };
    let ops = [
        Op::Scale {
            cluster: CLUSTER.into(),
            service: SERVICE.into(),
            from: 2,
            to: 3,
        },
        Op::Redeploy {
            cluster: CLUSTER.into(),
            service: SERVICE.into(),
        },
    ];
    for op in ops.clone() {
        let done = ecsdeck::app::execute_op(&source, &audit, None, op).await;
        let err = done.result.expect_err("refused");
        let text = err.to_string();
        assert!(
            text.contains("not sent: the audit log cannot be written")
                && text.contains("not-a-dir"),
            "{text}"
        );
        assert!(
            err.hint
                .as_deref()
                .is_some_and(|h| h.contains("allow_unaudited_writes")),
            "{err:?}"
        );
        assert_eq!(done.audit_error, None);
    }
    assert_eq!(proxy.seen("UpdateService"), 0, "{:?}", proxy.log());

    // With the switch on, the write goes out and the missing record is reported.
    let lenient = AuditContext {
        allow_unaudited: true,
        ..audit
    };
    let done = ecsdeck::app::execute_op(&source, &lenient, None, ops[0].clone()).await;
    assert!(done.result.is_ok(), "{:?}", done.result);
    assert!(
        done.audit_error
            .as_deref()
            .is_some_and(|e| e.contains("not-a-dir")),
        "{:?}",
        done.audit_error
    );
    assert_eq!(proxy.forwarded("UpdateService"), 1);
    let _ = std::fs::remove_dir_all(root);
}

fn chaos_cmd(home: &Path, url: &str) -> assert_cmd::Command {
    let mut cmd = cli_common::isolated(home);
    cmd.env("USER", "ci-user")
        .env("HOSTNAME", "")
        .args(["--region", "us-east-1", "--endpoint-url", url])
        .args([
            "--cluster",
            CLUSTER,
            "chaos",
            "stop-task",
            "--service",
            SERVICE,
        ])
        .timeout(std::time::Duration::from_secs(120));
    cmd
}

#[tokio::test(flavor = "multi_thread")]
async fn cli_chaos_stop_task_is_audited_before_and_after() {
    let moto = Emulator::moto();
    seed(&moto).await;
    let proxy = FaultProxy::start(moto.port);

    // No audit log: the stop is refused, nothing is sent, the message says why.
    let refused = scratch("audit-cli-refused");
    let out = chaos_cmd(&refused, &proxy.url())
        .env("XDG_STATE_HOME", unwritable_state(&refused))
        .assert()
        .code(1)
        .get_output()
        .clone();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("not sent: the audit log cannot be written"),
        "{stderr}"
    );
    assert_eq!(proxy.seen("StopTask"), 0, "{:?}", proxy.log());

    // A writable state dir: attempt, stop, result.
    let home = scratch("audit-cli");
    chaos_cmd(&home, &proxy.url()).assert().code(0);
    assert_eq!(proxy.forwarded("StopTask"), 1, "{:?}", proxy.log());
    let log = home.join("state").join("ecsdeck").join("audit.jsonl");
    let recs = records(&log);
    let results: Vec<&str> = recs.iter().map(|r| r.result.as_str()).collect();
    assert_eq!(results, ["attempt", "ok"], "{recs:?}");
    for r in &recs {
        assert_eq!(r.action, "stop-task");
        assert_eq!(r.cluster, CLUSTER);
        assert_eq!(r.service, SERVICE);
        assert_eq!(r.task, recs[0].task);
        assert!(
            r.task.as_deref().is_some_and(|t| t.contains(":task/")),
            "{r:?}"
        );
        assert_eq!(
            r.parameters["reason"], "ecsdeck chaos test by ci-user",
            "{r:?}"
        );
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode(&log), 0o600);
        assert_eq!(mode(log.parent().unwrap()), 0o700);
    }
    let _ = std::fs::remove_dir_all(refused);
    let _ = std::fs::remove_dir_all(home);
}
