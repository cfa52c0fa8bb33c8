//! Shared set-up of the CLI tests: the built binary with an isolated home,
//! config, state dir and AWS files, on the demo or on an emulator.
//! Each test crate uses part of it.

#![allow(dead_code)]

use std::path::Path;

use assert_cmd::Command;

/// The binary with HOME, the XDG dirs and the AWS shared files in `home`,
/// test credentials in the environment, no instance metadata, and no
/// profile, region or endpoint inherited from the caller's environment.
pub fn isolated(home: &Path) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_ecsdeck"));
    cmd.env("HOME", home)
        .env("XDG_CONFIG_HOME", home.join("config"))
        .env("XDG_STATE_HOME", home.join("state"))
        .env("AWS_CONFIG_FILE", home.join("aws-config"))
        .env("AWS_SHARED_CREDENTIALS_FILE", home.join("aws-credentials"))
        .env("AWS_ACCESS_KEY_ID", "test")
        .env("AWS_SECRET_ACCESS_KEY", "test")
        .env("AWS_EC2_METADATA_DISABLED", "true")
        .env_remove("AWS_PROFILE")
        .env_remove("AWS_REGION")
        .env_remove("AWS_DEFAULT_REGION")
        .env_remove("AWS_ENDPOINT_URL");
    cmd
}

/// `ecsdeck --demo --demo-speed SPEED ARGS...`, [`isolated`] in a temp folder.
pub fn demo(speed: u32, args: &[&str]) -> Command {
    let home = std::env::temp_dir().join(format!("ecsdeck-cli-{}", std::process::id()));
    let mut cmd = isolated(&home);
    cmd.env("USER", "ci-user")
        .env("HOSTNAME", "ci-host")
        .env_remove("NO_COLOR")
        .arg("--demo")
        .arg("--demo-speed")
        .arg(speed.to_string())
        .args(args)
        .timeout(std::time::Duration::from_secs(60));
    cmd
}
