//! A shell and port forwarding into a task, end to end: the real binary in a
//! pty, a fake `session-manager-plugin` on PATH that records its arguments,
//! and a stub AWS endpoint on 127.0.0.1 (moto answers neither ExecuteCommand
//! nor StartSession); the demo's simulated sessions.

mod e2e_support;
mod exec_support;

use e2e_support::{Spawn, TempDir, key, selected_rows};
use exec_support::{RUNTIME_ID, Stub, TASK_ID, TOKEN, fake_plugin};

fn path_with(dir: &std::path::Path) -> String {
    format!(
        "{}:{}",
        dir.display(),
        std::env::var("PATH").unwrap_or_else(|_| "/usr/bin:/bin".into())
    )
}

fn aws(stub: &Stub, cluster: &str, rest: &[&str]) -> Spawn {
    let mut args = vec![
        "--endpoint-url",
        stub.url.as_str(),
        "--region",
        "eu-west-1",
        "--cluster",
        cluster,
    ];
    args.extend_from_slice(rest);
    Spawn::ecsdeck(args)
        .env("AWS_ACCESS_KEY_ID", "test")
        .env("AWS_SECRET_ACCESS_KEY", "test")
        .env("AWS_EC2_METADATA_DISABLED", "true")
}

/// The plugin got the session and request in the AWS CLI's argument order.
fn assert_plugin_args(record: &std::path::Path, stub: &Stub) -> Vec<String> {
    let args: Vec<String> = std::fs::read_to_string(record)
        .expect("the plugin ran")
        .lines()
        .map(str::to_string)
        .collect();
    assert_eq!(args.len(), 6, "{args:?}");
    let session: serde_json::Value = serde_json::from_str(&args[0]).expect("session JSON");
    assert_eq!(session["TokenValue"], TOKEN);
    assert!(
        session["StreamUrl"]
            .as_str()
            .unwrap()
            .starts_with("wss://ssmmessages.")
    );
    assert_eq!(&args[1..4], ["eu-west-1", "StartSession", ""]);
    assert_eq!(args[5], stub.url);
    args
}

#[test]
fn cli_exec_hands_the_terminal_to_the_plugin_with_the_session() {
    let stub = Stub::start("web", true);
    let bin = TempDir::new("plugin");
    let record = bin.path().join("args.txt");
    fake_plugin(&bin.path().join("bin"), &record);
    let mut t = aws(
        &stub,
        "web",
        &["exec", "--service", "api", "--", "ls", "-l"],
    )
    .env("PATH", &path_with(&bin.path().join("bin")))
    .start();
    t.wait_text("fake plugin ready");
    t.send("hello\r");
    t.wait_text("got: hello");
    assert!(t.wait_exit().success(), "{}", t.dump());

    let args = assert_plugin_args(&record, &stub);
    let session: serde_json::Value = serde_json::from_str(&args[0]).unwrap();
    assert_eq!(
        session["SessionId"],
        "ecs-execute-command-0abc1234def567890"
    );
    let request: serde_json::Value = serde_json::from_str(&args[4]).unwrap();
    assert_eq!(request["Target"], format!("ecs:web_{TASK_ID}_{RUNTIME_ID}"));
    let sent = stub.calls("ExecuteCommand");
    assert_eq!(sent.len(), 1);
    assert_eq!(sent[0].body["command"], "ls -l");
    assert_eq!(sent[0].body["container"], "app");
    assert_eq!(sent[0].body["interactive"], true);

    // Audited like every write: the attempt, then the result; no token.
    let audit = std::fs::read_to_string(t.home().join("state/ecsdeck/audit.jsonl")).unwrap();
    let lines: Vec<&str> = audit.lines().collect();
    assert_eq!(lines.len(), 2, "{audit}");
    assert!(lines[0].contains(r#""action":"exec""#) && lines[0].contains(r#""result":"attempt""#));
    assert!(lines[1].contains(r#""result":"ok""#));
    assert!(!audit.contains(TOKEN));
}

#[test]
fn cli_port_forward_starts_an_ssm_session_with_the_document() {
    let stub = Stub::start("web", true);
    let bin = TempDir::new("plugin-pf");
    let record = bin.path().join("args.txt");
    fake_plugin(&bin.path().join("bin"), &record);
    let mut t = aws(
        &stub,
        "web",
        &[
            "port-forward",
            "--task",
            TASK_ID,
            "--remote-port",
            "5432",
            "--local-port",
            "15432",
            "--host",
            "db.internal",
        ],
    )
    .env("PATH", &path_with(&bin.path().join("bin")))
    .start();
    t.wait_text("fake plugin ready");
    t.send("\r");
    assert!(t.wait_exit().success(), "{}", t.dump());
    let args = assert_plugin_args(&record, &stub);
    let request: serde_json::Value = serde_json::from_str(&args[4]).unwrap();
    assert_eq!(
        request,
        serde_json::json!({
            "Target": format!("ecs:web_{TASK_ID}_{RUNTIME_ID}"),
            "DocumentName": "AWS-StartPortForwardingSessionToRemoteHost",
            "Parameters": {"portNumber": ["5432"], "localPortNumber": ["15432"], "host": ["db.internal"]},
        })
    );
    let sent = stub.calls("StartSession");
    assert_eq!(sent.len(), 1);
    assert_eq!(sent[0].body["Target"], request["Target"]);
    assert_eq!(
        sent[0].body["DocumentName"],
        "AWS-StartPortForwardingSessionToRemoteHost"
    );
    assert_eq!(sent[0].body["Parameters"]["host"][0], "db.internal");
}

#[test]
fn cli_errors_come_before_anything_is_sent() {
    // No plugin on PATH: where to get it, and no ExecuteCommand.
    let stub = Stub::start("web", true);
    let empty = TempDir::new("no-plugin");
    let mut t = aws(&stub, "web", &["exec", "--service", "api"])
        .env("PATH", &empty.path().display().to_string())
        .start();
    t.wait_all(&[
        "session-manager-plugin was not found on PATH",
        "install the Session Manager plugin",
    ]);
    assert!(!t.wait_exit().success());
    assert!(stub.calls("ExecuteCommand").is_empty());

    // ECS Exec off on the service: how to enable it.
    let stub = Stub::start("web", false);
    let bin = TempDir::new("plugin-off");
    fake_plugin(&bin.path().join("bin"), &bin.path().join("args.txt"));
    let mut t = aws(&stub, "web", &["exec", "--service", "api"])
        .env("PATH", &path_with(&bin.path().join("bin")))
        .start();
    t.wait_all(&[
        "not enabled on service api",
        "--enable-execute-command --force-new-deployment",
    ]);
    assert!(!t.wait_exit().success());
    assert!(stub.calls("ExecuteCommand").is_empty());

    // Read-only: refused by the source wall.
    let stub = Stub::start("web", true);
    let mut t = aws(&stub, "web", &["--read-only", "exec", "--service", "api"])
        .env("PATH", &path_with(&bin.path().join("bin")))
        .start();
    t.wait_text("read-only");
    assert!(!t.wait_exit().success());
    assert!(stub.calls("ExecuteCommand").is_empty());
}

#[test]
fn the_dashboard_suspends_for_the_plugin_and_comes_back() {
    let stub = Stub::start("web", true);
    let bin = TempDir::new("plugin-tui");
    let record = bin.path().join("args.txt");
    fake_plugin(&bin.path().join("bin"), &record);
    let mut t = aws(&stub, "web", &[])
        .env("PATH", &path_with(&bin.path().join("bin")))
        .start();
    t.wait_all(&["cluster: web", "services [1]", "api"]);
    t.wait_for("api selected", |s| {
        selected_rows(s).iter().any(|r| r.contains("api"))
    });
    t.send(key::ENTER);
    t.wait_all(&["tasks [1]", &TASK_ID[..8], "run"]);
    t.send("S");
    t.wait_all(&[
        "Open an interactive shell (/bin/sh) in container app",
        "ECS ExecuteCommand",
    ]);
    t.send("y");
    t.wait_text("fake plugin ready");
    t.assert_absent("tasks [1]");
    t.send("from the tui\r");
    // The plugin exits: the dashboard is drawn again, whole, and takes keys.
    // (The status line shows the stub's refresh errors by then, over the
    // session's end.)
    t.wait_all(&["tasks [1]", "cluster: web", "EXEC"]);
    t.assert_absent("fake plugin ready");
    t.assert_absent("got: from the tui");
    t.send("?");
    t.wait_all(&["help · esc closes", "shell (ECS Exec)"]);
    t.send(key::ESC);
    t.wait_gone("help · esc closes");
    t.send("q");
    assert!(t.wait_exit().success());
    let args = assert_plugin_args(&record, &stub);
    assert!(args[4].contains(RUNTIME_ID));
    assert_eq!(stub.calls("ExecuteCommand")[0].body["command"], "/bin/sh");
    let audit = std::fs::read_to_string(t.home().join("state/ecsdeck/audit.jsonl")).unwrap();
    assert_eq!(audit.lines().count(), 2, "{audit}");
    assert!(audit.contains(r#""action":"exec""#) && audit.contains(r#""result":"ok""#));
}

#[test]
fn the_demo_opens_a_simulated_shell_and_returns() {
    let mut t = Spawn::demo(&["--cluster", "staging"]).start();
    t.wait_all(&["cluster: staging", "web-api"]);
    t.wait_for("a service selected", |s| !selected_rows(s).is_empty());
    t.send(key::ENTER);
    t.wait_for("a running task with its agent", |s| {
        s.contents()
            .lines()
            .any(|l| l.contains("RUNNING") && l.contains(" run "))
    });
    t.send("S");
    t.wait_text("Open an interactive shell (/bin/sh)");
    t.send("y");
    t.wait_text("a simulated shell in container");
    t.send("echo hello from the demo\r");
    t.wait_text("hello from the demo");
    t.send("exit\r");
    t.wait_all(&["cluster: staging", "demo shell session ended"]);
    t.send("q");
    assert!(t.wait_exit().success());
}

#[test]
fn the_demo_forwards_a_port_to_a_loopback_echo() {
    use std::io::{Read, Write};
    let mut t = Spawn::demo(&[
        "port-forward",
        "--cluster",
        "staging",
        "--service",
        "web-api",
        "--remote-port",
        "8080",
    ])
    .start();
    t.wait_text("Waiting for connections");
    let port: u16 = t
        .text()
        .split("Port ")
        .nth(1)
        .and_then(|rest| rest.split_whitespace().next())
        .and_then(|p| p.parse().ok())
        .expect("the port is printed");
    let mut conn = std::net::TcpStream::connect(("127.0.0.1", port)).expect("connect");
    conn.write_all(b"ping through the tunnel").unwrap();
    let mut buf = [0u8; 23];
    conn.read_exact(&mut buf).unwrap();
    assert_eq!(&buf, b"ping through the tunnel");
    t.send("\r");
    assert!(t.wait_exit().success(), "{}", t.dump());
    let audit = std::fs::read_to_string(t.home().join("state/ecsdeck/audit.jsonl")).unwrap();
    assert!(audit.contains(r#""action":"port-forward""#), "{audit}");
}

#[test]
fn profile_and_region_pickers_switch_the_source_without_a_restart() {
    let stub = Stub::start("web", true);
    let files = TempDir::new("aws-files");
    let config = files.path().join("config");
    let credentials = files.path().join("credentials");
    std::fs::write(
        &config,
        "[default]\nregion = eu-west-1\n[profile blue]\nregion = eu-west-1\n[sso-session corp]\n",
    )
    .unwrap();
    std::fs::write(
        &credentials,
        "[default]\naws_access_key_id = a\naws_secret_access_key = b\n\
         [green]\naws_access_key_id = a\naws_secret_access_key = b\n",
    )
    .unwrap();
    let mut t = aws(&stub, "web", &[])
        .env("AWS_CONFIG_FILE", &config.display().to_string())
        .env(
            "AWS_SHARED_CREDENTIALS_FILE",
            &credentials.display().to_string(),
        )
        .start();
    t.wait_all(&["default / eu-west-1", "services [1]"]);
    // The profile picker: the palette lists the profiles of both files.
    t.send(":profile");
    t.wait_all(&["profile blue", "profile default", "profile green"]);
    t.assert_absent("profile corp");
    t.send(" blue");
    t.wait_text(":profile blue");
    t.send(key::ENTER);
    // A fresh state: the cluster is chosen again (the only one) before
    // keys go on, since choosing it resets the navigation.
    t.wait_all(&[
        &format!("blue / eu-west-1 @ {}", stub.url),
        "cluster: web",
        "services [1]",
    ]);
    // The region picker lists the partition's regions.
    t.send(":region eu-");
    t.wait_all(&["region eu-central-1", "region eu-west-3"]);
    t.send("west-2");
    t.send(key::ENTER);
    t.wait_all(&[
        &format!("blue / eu-west-2 @ {}", stub.url),
        "cluster: web",
        "services [1]",
    ]);
    t.assert_absent("default / eu-west-1");
    // A name that is not there is refused (the message is unit-tested; the
    // stub's refresh errors take the status line), and the source stays.
    t.send(":region mars-1");
    t.wait_text(":region mars-1");
    t.send(key::ENTER);
    t.wait_gone(":region mars-1");
    t.wait_text("blue / eu-west-2");
    t.send("q");
    assert!(t.wait_exit().success());
}

#[test]
fn access_denied_names_the_iam_action_and_opens_nothing() {
    let stub = Stub::start_denying("web", true, Some("ExecuteCommand"));
    let bin = TempDir::new("plugin-denied");
    let record = bin.path().join("args.txt");
    fake_plugin(&bin.path().join("bin"), &record);
    let mut t = aws(&stub, "web", &["exec", "--service", "api"])
        .env("PATH", &path_with(&bin.path().join("bin")))
        .start();
    t.wait_all(&[
        "missing permission ecs:ExecuteCommand",
        "grant ecs:ExecuteCommand (see docs/iam.md)",
    ]);
    assert!(!t.wait_exit().success());
    assert!(!record.exists(), "the plugin was not started");
    let audit = std::fs::read_to_string(t.home().join("state/ecsdeck/audit.jsonl")).unwrap();
    assert!(
        audit
            .lines()
            .last()
            .unwrap()
            .contains(r#""result":"error""#),
        "{audit}"
    );
}
