//! Local AWS emulators for the wire tests: moto (ECS, ELBv2, Logs, EC2, STS)
//! and LocalStack (CloudWatch), each on a free 127.0.0.1 port.
//!
//! Lifetime: every test starts its own server and holds the guard; `Drop`
//! stops it, also when the test panics. The server runs under a tiny `sh`
//! wrapper that kills it as soon as its stdin closes, and the wrapper's stdin
//! is a pipe held by this process: if the test binary dies without running
//! destructors (SIGKILL, abort), the kernel closes the pipe and the server is
//! still stopped. No server outlives the test binary, no ports are shared
//! and no reset between tests is needed.

#![allow(dead_code)]

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::time::{Duration, Instant};

use ecsdeck::source::aws::{AwsOptions, AwsSource, AwsTuning};

pub mod fault_proxy;
pub mod seed;

/// The command that installs the emulators, quoted in failure messages.
pub const INSTALL_HINT: &str = "emulators are not installed: run `scripts/emulators.sh install` (or `scripts/test`, as the README says)";

fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A free TCP port on 127.0.0.1 (bound to port 0, then released).
pub fn free_port() -> u16 {
    let l = TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1:0");
    l.local_addr().expect("local addr").port()
}

/// A running emulator; stopped on drop.
pub struct Emulator {
    /// Which one (for messages).
    pub name: &'static str,
    /// Port on 127.0.0.1.
    pub port: u16,
    child: Child,
    stdin: Option<ChildStdin>,
    log: PathBuf,
}

impl Emulator {
    /// `http://127.0.0.1:PORT`.
    pub fn url(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    /// Starts moto_server from `.venv`.
    pub fn moto() -> Emulator {
        let bin = repo_root().join(".venv/bin/moto_server");
        assert!(bin.exists(), "{INSTALL_HINT} (missing {})", bin.display());
        let port = free_port();
        let args = vec![
            bin.display().to_string(),
            "-H".into(),
            "127.0.0.1".into(),
            "-p".into(),
            port.to_string(),
        ];
        let mut emu = Self::spawn("moto", port, &args, &[]);
        emu.wait_ready(Duration::from_secs(30), "/moto-api/data.json", |_| true);
        // Pin task states: without this every DescribeTasks moves a task towards STOPPED.
        let (status, body) = http(
            port,
            "POST",
            "/moto-api/state-manager/set-transition",
            &[("Content-Type", "application/json")],
            r#"{"model_name":"ecs::task","transition":{"progression":"manual","times":1000000}}"#,
        )
        .expect("set-transition");
        assert!(
            (200..300).contains(&status),
            "set-transition: {status} {body}"
        );
        emu
    }

    /// Starts LocalStack (cloudwatch, logs) from `.venv-localstack`.
    pub fn localstack() -> Emulator {
        let py = repo_root().join(".venv-localstack/bin/python");
        assert!(py.exists(), "{INSTALL_HINT} (missing {})", py.display());
        let port = free_port();
        let data = std::env::temp_dir().join(format!("ecsdeck-localstack-{port}"));
        let gateway = format!("127.0.0.1:{port}");
        let args = vec![
            py.display().to_string(),
            "-m".into(),
            "localstack.runtime.main".into(),
        ];
        let env = [
            ("GATEWAY_LISTEN", gateway.as_str()),
            ("SERVICES", "cloudwatch,logs"),
            ("SKIP_SSL_CERT_DOWNLOAD", "1"),
            ("DISABLE_EVENTS", "1"),
            ("LOCALSTACK_VOLUME_DIR", data.to_str().unwrap_or("/tmp")),
            ("FILESYSTEM_ROOT", data.to_str().unwrap_or("/tmp")),
        ];
        let mut emu = Self::spawn("localstack", port, &args, &env);
        emu.wait_ready(Duration::from_secs(90), "/_localstack/health", |b| {
            b.contains("cloudwatch")
        });
        emu
    }

    fn spawn(name: &'static str, port: u16, args: &[String], env: &[(&str, &str)]) -> Emulator {
        let log = std::env::temp_dir().join(format!("ecsdeck-{name}-{port}.log"));
        let out = std::fs::File::create(&log).expect("emulator log file");
        let err = out.try_clone().expect("clone log file");
        let mut cmd = Command::new("sh");
        cmd.arg("-c")
            .arg(r#""$@" & pid=$!; read -r _ignored; kill "$pid" 2>/dev/null; wait "$pid" 2>/dev/null; exit 0"#)
            .arg("emulator")
            .args(args)
            .stdin(Stdio::piped())
            .stdout(out)
            .stderr(err)
            .env("AWS_ACCESS_KEY_ID", "test")
            .env("AWS_SECRET_ACCESS_KEY", "test")
            .env("AWS_DEFAULT_REGION", "us-east-1")
            .env("AWS_REGION", "us-east-1");
        for (k, v) in env {
            cmd.env(k, v);
        }
        let mut child = cmd.spawn().expect("spawn emulator");
        let stdin = child.stdin.take();
        Emulator {
            name,
            port,
            child,
            stdin,
            log,
        }
    }

    fn wait_ready(&mut self, limit: Duration, path: &str, ok: impl Fn(&str) -> bool) {
        let start = Instant::now();
        while start.elapsed() < limit {
            if let Ok(Some(status)) = self.child.try_wait() {
                panic!(
                    "{} exited early ({status}); log:\n{}",
                    self.name,
                    std::fs::read_to_string(&self.log).unwrap_or_default()
                );
            }
            if let Ok((200, body)) = http(self.port, "GET", path, &[], "")
                && ok(&body)
            {
                return;
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        panic!(
            "{} did not answer on port {} within {limit:?}; log:\n{}",
            self.name,
            self.port,
            std::fs::read_to_string(&self.log).unwrap_or_default()
        );
    }

    /// An [`AwsSource`] on this emulator with test credentials, no retries
    /// and short timeouts.
    pub async fn source(&self) -> AwsSource {
        source_at(&self.url()).await
    }

    /// SDK config for seeding through the SDK clients.
    pub async fn sdk(&self) -> aws_config::SdkConfig {
        aws_config::defaults(aws_config::BehaviorVersion::latest())
            .region(aws_config::Region::new("us-east-1"))
            .endpoint_url(self.url())
            .credentials_provider(test_credentials())
            .load()
            .await
    }
}

impl Drop for Emulator {
    fn drop(&mut self) {
        // Closing stdin makes the wrapper kill and reap the server.
        drop(self.stdin.take());
        let start = Instant::now();
        while start.elapsed() < Duration::from_secs(15) {
            if let Ok(Some(_)) = self.child.try_wait() {
                return;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Dummy credentials (tests only).
pub fn test_credentials() -> aws_credential_types::provider::SharedCredentialsProvider {
    aws_credential_types::provider::SharedCredentialsProvider::new(
        aws_credential_types::Credentials::new("test", "test", None, None, "ecsdeck-tests"),
    )
}

/// Fast-failing settings for tests.
pub fn test_tuning() -> AwsTuning {
    AwsTuning {
        max_attempts: 1,
        connect_timeout: Duration::from_secs(2),
        attempt_timeout: Duration::from_secs(30),
        credentials: Some(test_credentials()),
        ..AwsTuning::default()
    }
}

/// An [`AwsSource`] on `url` with [`test_tuning`].
pub async fn source_at(url: &str) -> AwsSource {
    source_with(url, test_tuning()).await
}

/// An [`AwsSource`] on `url` in us-east-1 with `tuning`.
pub async fn source_with(url: &str, tuning: AwsTuning) -> AwsSource {
    AwsSource::connect_with(
        AwsOptions {
            profile: None,
            region: Some("us-east-1".into()),
            endpoint_url: Some(url.into()),
        },
        tuning,
    )
    .await
    .expect("connect")
}

/// A minimal HTTP/1.1 client over loopback (no dependency): returns status and body.
pub fn http(
    port: u16,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: &str,
) -> std::io::Result<(u16, String)> {
    let addr = SocketAddr::from(([127, 0, 0, 1], port));
    // Generous: a loaded 2-core machine running several moto-backed tests at once
    // has been seen to take over 10 s to answer one seeding call. A limit, not a wait.
    let mut s = TcpStream::connect_timeout(&addr, Duration::from_secs(5))?;
    s.set_read_timeout(Some(Duration::from_secs(60)))?;
    let mut req = format!(
        "{method} {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\nContent-Length: {}\r\n",
        body.len()
    );
    for (k, v) in headers {
        req.push_str(&format!("{k}: {v}\r\n"));
    }
    req.push_str("\r\n");
    req.push_str(body);
    s.write_all(req.as_bytes())?;
    let mut raw = Vec::new();
    s.read_to_end(&mut raw)?;
    let text = String::from_utf8_lossy(&raw).to_string();
    let status = text
        .split_whitespace()
        .nth(1)
        .and_then(|c| c.parse().ok())
        .unwrap_or(0);
    let body = text
        .split_once("\r\n\r\n")
        .map(|(_, b)| b.to_string())
        .unwrap_or_default();
    Ok((status, body))
}

/// An EC2 query call against moto (the project has no EC2 SDK client).
pub fn ec2_query(port: u16, params: &str) -> String {
    let auth = "AWS4-HMAC-SHA256 Credential=test/20240101/us-east-1/ec2/aws4_request, SignedHeaders=host, Signature=0";
    let (status, body) = http(
        port,
        "POST",
        "/",
        &[
            ("Content-Type", "application/x-www-form-urlencoded"),
            ("Authorization", auth),
        ],
        &format!("{params}&Version=2016-11-15"),
    )
    .expect("ec2 query");
    assert_eq!(status, 200, "ec2 {params}: {body}");
    body
}

/// Every `<tag>value</tag>` in an XML document.
pub fn xml_values(xml: &str, tag: &str) -> Vec<String> {
    let open = format!("<{tag}>");
    let close = format!("</{tag}>");
    xml.match_indices(&open)
        .filter_map(|(i, _)| {
            let rest = &xml[i + open.len()..];
            rest.find(&close).map(|j| rest[..j].to_string())
        })
        .collect()
}

/// Whether `p` exists (for messages).
pub fn exists(p: &Path) -> bool {
    p.exists()
}

/// moto's default VPC as the seeding needs it.
pub struct Net {
    /// The VPC id.
    pub vpc: String,
    /// Its subnets.
    pub subnets: Vec<String>,
    /// Its default security group.
    pub sg: String,
}

impl Net {
    /// Reads the default VPC of `moto` (EC2 query API).
    pub fn default_of(moto: &Emulator) -> Net {
        let subnets_xml = ec2_query(moto.port, "Action=DescribeSubnets");
        let sgs_xml = ec2_query(moto.port, "Action=DescribeSecurityGroups");
        Net {
            vpc: xml_values(&subnets_xml, "vpcId")[0].clone(),
            subnets: xml_values(&subnets_xml, "subnetId"),
            sg: xml_values(&sgs_xml, "groupId")[0].clone(),
        }
    }

    /// awsvpc networking on the first subnet with the default security group
    /// (moto requires `securityGroups`).
    pub fn awsvpc(&self) -> aws_sdk_ecs::types::NetworkConfiguration {
        use aws_sdk_ecs::types::{AwsVpcConfiguration, NetworkConfiguration};
        NetworkConfiguration::builder()
            .awsvpc_configuration(
                AwsVpcConfiguration::builder()
                    .subnets(self.subnets[0].clone())
                    .security_groups(self.sg.clone())
                    .build()
                    .expect("awsvpc configuration"),
            )
            .build()
    }
}

/// Registers a Fargate task definition `family` with one essential `app`
/// container running `image` (moto needs the container's `memory`); returns its ARN.
pub async fn register_fargate(ecs: &aws_sdk_ecs::Client, family: &str, image: &str) -> String {
    use aws_sdk_ecs::types::{Compatibility, ContainerDefinition, NetworkMode};
    ecs.register_task_definition()
        .family(family)
        .network_mode(NetworkMode::Awsvpc)
        .requires_compatibilities(Compatibility::Fargate)
        .cpu("256")
        .memory("512")
        .container_definitions(
            ContainerDefinition::builder()
                .name("app")
                .image(image)
                .memory(512)
                .essential(true)
                .build(),
        )
        .send()
        .await
        .expect("register task definition")
        .task_definition()
        .and_then(|t| t.task_definition_arn())
        .expect("task definition arn")
        .to_string()
}
