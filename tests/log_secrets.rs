//! The log of ecsdeck itself at the trace level, against moto: neither the
//! session token nor a secret environment value of a task definition reaches
//! the file, and the state dir and the file are private (0700 / 0600).

mod support;

use aws_credential_types::Credentials;
use aws_credential_types::provider::SharedCredentialsProvider;
use aws_sdk_ecs::types::{ContainerDefinition, KeyValuePair};
use ecsdeck::source::Source;
use support::Emulator;

const SESSION_TOKEN: &str = "FwoGZXIvYXdzEKnownSessionToken0123456789";
const SECRET_VALUE: &str = "hunter2-correct-horse-battery-staple";

#[tokio::test(flavor = "multi_thread")]
async fn trace_log_holds_no_token_no_secret_and_is_private() {
    let root = std::env::temp_dir().join(format!("ecsdeck-log-secrets-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&root);
    let state = root.join("state").join("ecsdeck");
    ecsdeck::logging::init_in(&state, Some("trace")).expect("logging starts");
    tracing::trace!("log-secrets test marker");

    let moto = Emulator::moto();
    let ecs = aws_sdk_ecs::Client::new(&moto.sdk().await);
    let arn = ecs
        .register_task_definition()
        .family("vault")
        .container_definitions(
            ContainerDefinition::builder()
                .name("app")
                .image("vault:1")
                .memory(256)
                .essential(true)
                .environment(
                    KeyValuePair::builder()
                        .name("DB_PASSWORD")
                        .value(SECRET_VALUE)
                        .build(),
                )
                .build(),
        )
        .send()
        .await
        .expect("register")
        .task_definition()
        .and_then(|t| t.task_definition_arn())
        .expect("arn")
        .to_string();

    let tuning = ecsdeck::source::aws::AwsTuning {
        credentials: Some(SharedCredentialsProvider::new(Credentials::new(
            "AKIAKNOWNACCESSKEY",
            "known/secret/access/key",
            Some(SESSION_TOKEN.to_string()),
            None,
            "log-secrets-test",
        ))),
        ..support::test_tuning()
    };
    let source = support::source_with(&moto.url(), tuning).await;
    let def = source.task_definition(&arn).await.expect("describe");
    assert_eq!(def.containers.len(), 1, "the definition was read");
    let _ = source.clusters().await.expect("list clusters");

    let log = std::fs::read_to_string(state.join(ecsdeck::logging::LOG_FILE)).expect("log file");
    assert!(
        log.contains("log-secrets test marker"),
        "trace level is on:\n{log}"
    );
    for secret in [
        SESSION_TOKEN,
        SECRET_VALUE,
        "known/secret/access/key",
        "x-amz-security-token",
        "authorization",
        "Authorization",
        "AWS4-HMAC-SHA256",
    ] {
        assert!(!log.contains(secret), "{secret:?} in the log:\n{log}");
    }

    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = |p: &std::path::Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode(&state), 0o700, "state dir");
        assert_eq!(
            mode(&state.join(ecsdeck::logging::LOG_FILE)),
            0o600,
            "log file"
        );
    }
    let _ = std::fs::remove_dir_all(root);
}
