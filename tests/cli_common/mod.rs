//! Shared set-up of the CLI tests: the built binary in `--demo` mode with an
//! isolated config and state dir.

use assert_cmd::Command;

/// `ecsdeck --demo --demo-speed SPEED ARGS...` with XDG dirs in a temp folder.
pub fn demo(speed: u32, args: &[&str]) -> Command {
    let home = std::env::temp_dir().join(format!("ecsdeck-cli-{}", std::process::id()));
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_ecsdeck"));
    cmd.env("XDG_CONFIG_HOME", home.join("config"))
        .env("XDG_STATE_HOME", home.join("state"))
        .env("USER", "ci-user")
        .env("HOSTNAME", "ci-host")
        .env_remove("NO_COLOR")
        .arg("--demo")
        .arg("--demo-speed")
        .arg(speed.to_string())
        .args(args)
        .timeout(std::time::Duration::from_secs(60));
    cmd
}
