//! For the ECS Exec and port-forwarding tests: a stub AWS endpoint on
//! 127.0.0.1 that answers the awsJson calls a session needs with bodies
//! written from the AWS API reference (ECS ListTasks, DescribeTasks,
//! DescribeServices, ExecuteCommand; SSM StartSession) and records what it
//! was sent; and a fake `session-manager-plugin` that records its arguments.

#![allow(dead_code)]

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

pub const TASK_ID: &str = "0123456789abcdef0123456789abcdef";
pub const RUNTIME_ID: &str = "0123456789abcdef0123456789abcdef-0527074092";
pub const TOKEN: &str = "AAEAAfakeSessionTokenFromTheStub";
const ACCOUNT: &str = "123456789012";

/// One request the stub received: its `X-Amz-Target` and JSON body.
#[derive(Debug, Clone)]
pub struct Seen {
    pub target: String,
    pub body: serde_json::Value,
}

/// The stub endpoint; it serves until the process ends.
pub struct Stub {
    pub url: String,
    pub seen: Arc<Mutex<Vec<Seen>>>,
}

impl Stub {
    /// Starts the stub for cluster `cluster`, whose service `api` has ECS Exec
    /// `exec_enabled`.
    pub fn start(cluster: &str, exec_enabled: bool) -> Stub {
        Self::start_denying(cluster, exec_enabled, None)
    }

    /// [`Stub::start`], answering the operation `deny` (e.g. `ExecuteCommand`)
    /// with AccessDeniedException.
    pub fn start_denying(cluster: &str, exec_enabled: bool, deny: Option<&'static str>) -> Stub {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
        let url = format!("http://{}", listener.local_addr().expect("addr"));
        let seen = Arc::new(Mutex::new(Vec::new()));
        let record = Arc::clone(&seen);
        let cluster = cluster.to_string();
        std::thread::spawn(move || {
            for conn in listener.incoming().flatten() {
                let record = Arc::clone(&record);
                let cluster = cluster.clone();
                std::thread::spawn(move || serve(conn, &record, &cluster, exec_enabled, deny));
            }
        });
        Stub { url, seen }
    }

    /// The requests with this target suffix (e.g. `ExecuteCommand`).
    pub fn calls(&self, op: &str) -> Vec<Seen> {
        self.seen
            .lock()
            .unwrap()
            .iter()
            .filter(|s| s.target.ends_with(&format!(".{op}")))
            .cloned()
            .collect()
    }
}

fn serve(
    conn: std::net::TcpStream,
    record: &Mutex<Vec<Seen>>,
    cluster: &str,
    exec: bool,
    deny: Option<&str>,
) {
    let mut reader = BufReader::new(conn.try_clone().expect("clone"));
    let mut out = conn;
    loop {
        let mut target = String::new();
        let mut length = 0usize;
        let mut line = String::new();
        let mut first = true;
        loop {
            line.clear();
            match reader.read_line(&mut line) {
                Ok(0) | Err(_) => return,
                Ok(_) => {}
            }
            if first {
                first = false;
                continue;
            }
            let l = line.trim_end();
            if l.is_empty() {
                break;
            }
            if let Some((k, v)) = l.split_once(':') {
                match k.to_ascii_lowercase().as_str() {
                    "x-amz-target" => target = v.trim().to_string(),
                    "content-length" => length = v.trim().parse().unwrap_or(0),
                    _ => {}
                }
            }
        }
        let mut body = vec![0u8; length];
        if reader.read_exact(&mut body).is_err() {
            return;
        }
        let json: serde_json::Value = serde_json::from_slice(&body).unwrap_or_default();
        record.lock().unwrap().push(Seen {
            target: target.clone(),
            body: json,
        });
        let denied = deny.is_some_and(|d| target.ends_with(&format!(".{d}")));
        let (status, payload) = if denied {
            (
                400,
                serde_json::json!({
                    "__type": "AccessDeniedException",
                    "message": "User: arn:aws:sts::123456789012:assumed-role/ops/alice is not authorized to perform this action"
                }),
            )
        } else {
            answer(&target, cluster, exec)
        };
        let text = payload.to_string();
        let reason = if status == 200 { "OK" } else { "Bad Request" };
        let head = format!(
            "HTTP/1.1 {status} {reason}\r\ncontent-type: application/x-amz-json-1.1\r\ncontent-length: {}\r\n\r\n",
            text.len()
        );
        if out.write_all(head.as_bytes()).is_err() || out.write_all(text.as_bytes()).is_err() {
            return;
        }
    }
}

fn answer(target: &str, cluster: &str, exec: bool) -> (u16, serde_json::Value) {
    use serde_json::json;
    let region = "eu-west-1";
    let cluster_arn = format!("arn:aws:ecs:{region}:{ACCOUNT}:cluster/{cluster}");
    let task_arn = format!("arn:aws:ecs:{region}:{ACCOUNT}:task/{cluster}/{TASK_ID}");
    let td = format!("arn:aws:ecs:{region}:{ACCOUNT}:task-definition/api:3");
    let op = target.rsplit('.').next().unwrap_or_default();
    let body = match op {
        "ListClusters" => json!({"clusterArns": [cluster_arn]}),
        "DescribeClusters" => json!({"clusters": [{
            "clusterArn": cluster_arn, "clusterName": cluster, "status": "ACTIVE",
            "runningTasksCount": 1, "pendingTasksCount": 0, "activeServicesCount": 1
        }], "failures": []}),
        "ListServices" => {
            json!({"serviceArns": [format!("arn:aws:ecs:{region}:{ACCOUNT}:service/{cluster}/api")]})
        }
        "DescribeServices" => json!({"services": [{
            "serviceName": "api",
            "serviceArn": format!("arn:aws:ecs:{region}:{ACCOUNT}:service/{cluster}/api"),
            "clusterArn": cluster_arn, "status": "ACTIVE",
            "desiredCount": 1, "runningCount": 1, "pendingCount": 0,
            "taskDefinition": td, "launchType": "FARGATE",
            "enableExecuteCommand": exec,
            "deployments": [{
                "id": "ecs-svc/1234567890123456789", "status": "PRIMARY", "taskDefinition": td,
                "desiredCount": 1, "runningCount": 1, "pendingCount": 0, "failedTasks": 0,
                "rolloutState": "COMPLETED", "createdAt": 1764590000.0, "updatedAt": 1764590300.0
            }],
            "events": []
        }], "failures": []}),
        "ListTasks" => json!({"taskArns": [task_arn]}),
        "DescribeTasks" => json!({"tasks": [{
            "taskArn": task_arn, "clusterArn": cluster_arn, "group": "service:api",
            "taskDefinitionArn": td, "lastStatus": "RUNNING", "desiredStatus": "RUNNING",
            "healthStatus": "HEALTHY", "availabilityZone": "eu-west-1a",
            "createdAt": 1764590000.0, "startedAt": 1764590040.0,
            "enableExecuteCommand": exec, "launchType": "FARGATE",
            "containers": [{
                "containerArn": format!("arn:aws:ecs:{region}:{ACCOUNT}:container/{cluster}/{TASK_ID}/6f1c2d3e-0000-4000-8000-000000000001"),
                "taskArn": task_arn, "name": "app", "image": "api:1.4.2",
                "runtimeId": RUNTIME_ID, "lastStatus": "RUNNING", "healthStatus": "HEALTHY",
                "managedAgents": [{"name": "ExecuteCommandAgent", "lastStatus": "RUNNING", "lastStartedAt": 1764590050.0}]
            }]
        }], "failures": []}),
        "ExecuteCommand" => json!({
            "clusterArn": cluster_arn,
            "containerArn": format!("arn:aws:ecs:{region}:{ACCOUNT}:container/{cluster}/{TASK_ID}/6f1c2d3e-0000-4000-8000-000000000001"),
            "containerName": "app", "interactive": true, "taskArn": task_arn,
            "session": {
                "sessionId": "ecs-execute-command-0abc1234def567890",
                "streamUrl": "wss://ssmmessages.eu-west-1.amazonaws.com/v1/data-channel/ecs-execute-command-0abc1234def567890?role=publish_subscribe&cell-number=AAEAAQ",
                "tokenValue": TOKEN
            }
        }),
        "StartSession" => json!({
            "SessionId": "ecsdeck-e2e-0abc1234def567890",
            "StreamUrl": "wss://ssmmessages.eu-west-1.amazonaws.com/v1/data-channel/ecsdeck-e2e-0abc1234def567890?role=publish_subscribe",
            "TokenValue": TOKEN
        }),
        _ => {
            return (
                400,
                json!({"__type": "UnknownOperationException", "message": "not stubbed"}),
            );
        }
    };
    (200, body)
}

/// A fake `session-manager-plugin` in `dir`: writes each argument on its own
/// line to `record`, prints `fake plugin ready`, reads one line, answers
/// `got: LINE` and exits 0 — an interactive program in miniature.
pub fn fake_plugin(dir: &Path, record: &Path) -> PathBuf {
    use std::os::unix::fs::PermissionsExt;
    std::fs::create_dir_all(dir).expect("plugin dir");
    let path = dir.join("session-manager-plugin");
    let script = format!(
        "#!/bin/sh\n: > '{r}'\nfor a in \"$@\"; do printf '%s\\n' \"$a\" >> '{r}'; done\n\
         echo 'fake plugin ready'\nIFS= read -r line\necho \"got: $line\"\nexit 0\n",
        r = record.display()
    );
    std::fs::write(&path, script).expect("write plugin");
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).expect("chmod");
    path
}
