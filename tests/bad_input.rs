//! Bad input at the process boundary: hostile config files, unknown profile
//! and region. Each gets one clear line on stderr (file and line where there
//! is one) and exit status 2, before anything is drawn or any call is made.
//!
//! Nothing here reaches the network: the AWS cases fail while the SDK
//! configuration is checked, and they pin the endpoint to a closed loopback
//! port and the credentials to the environment in case a check slipped.

mod cli_common;

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use predicates::prelude::*;

/// A temp dir for one test, removed on drop.
struct Scratch(PathBuf);

impl Scratch {
    fn new(name: &str) -> Self {
        let dir =
            std::env::temp_dir().join(format!("ecsdeck-bad-input-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("scratch dir");
        Self(dir)
    }

    fn file(&self, name: &str, bytes: &[u8]) -> PathBuf {
        let p = self.0.join(name);
        std::fs::write(&p, bytes).expect("write scratch file");
        p
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// The binary with XDG and AWS files isolated in `dir`.
fn ecsdeck(dir: &Path) -> Command {
    let mut cmd = cli_common::isolated(dir);
    cmd.timeout(std::time::Duration::from_secs(60));
    cmd
}

/// Runs the dashboard and `status` with `--config FILE` and checks both
/// refuse it with exit 2 and one line naming the file; returns that line.
fn refused_config(dir: &Scratch, file: &Path) -> String {
    let out = ecsdeck(&dir.0)
        .args(["--demo", "--config"])
        .arg(file)
        .assert()
        .code(2)
        .stdout(predicate::str::is_empty())
        .get_output()
        .clone();
    let stderr = String::from_utf8(out.stderr).expect("stderr is UTF-8");
    assert!(
        stderr.starts_with(&format!("ecsdeck: invalid config {}", file.display())),
        "{stderr}"
    );
    assert_eq!(stderr.lines().count(), 1, "one line: {stderr}");
    assert!(stderr.len() < 2_000, "short: {} bytes", stderr.len());
    assert!(!stderr.contains('\x1b'), "no raw escape: {stderr:?}");

    // The subcommands load the same config the same way.
    ecsdeck(&dir.0)
        .args(["--demo", "--config"])
        .arg(file)
        .arg("status")
        .assert()
        .code(2)
        .stderr(stderr.clone());
    stderr
}

#[test]
fn syntax_error_names_file_and_line() {
    let dir = Scratch::new("syntax");
    let f = dir.file(
        "c.toml",
        b"refresh_secs = 5\nread_only = true\nmax_scale = = 3\n",
    );
    let err = refused_config(&dir, &f);
    assert!(err.contains(", line 3"), "{err}");
}

#[test]
fn wrong_types_unknown_keys_and_bad_values_name_the_line() {
    let dir = Scratch::new("values");
    let cases: [(&str, &str); 5] = [
        ("refresh_secs = \"fast\"\n", ", line 1"),
        ("\n\nrefresh_sec = 5\n", ", line 3, key `refresh_sec`"),
        ("[keys]\nquit = \"hyper-q\"\n", ", line 2, key `keys.quit`"),
        ("[keys]\n\nlaunch = \"x\"\n", ", line 3, key `keys.launch`"),
        (
            "max_scale = 3\nrefresh_secs = 0\n",
            ", line 2, key `refresh_secs`",
        ),
    ];
    for (i, (text, expect)) in cases.iter().enumerate() {
        let f = dir.file(&format!("c{i}.toml"), text.as_bytes());
        let err = refused_config(&dir, &f);
        assert!(err.contains(expect), "{text:?} → {err}");
    }
}

#[test]
fn invalid_utf8_names_the_line() {
    let dir = Scratch::new("utf8");
    let f = dir.file("c.toml", b"refresh_secs = 5\n# caf\xe9\xff\n");
    let err = refused_config(&dir, &f);
    assert!(err.contains(", line 2"), "{err}");
    assert!(err.contains("UTF-8"), "{err}");
}

#[test]
fn escape_sequences_in_a_config_are_not_echoed_raw() {
    let dir = Scratch::new("escapes");
    let f = dir.file("c.toml", b"\"\\u001b]0;pwned\\u0007\\u001b[2J\" = 1\n");
    let err = refused_config(&dir, &f);
    assert!(err.contains(", line 1"), "{err}");
    assert!(err.contains("\\u{1b}"), "shown escaped: {err}");
}

#[test]
fn huge_and_deeply_nested_files_fail_fast_and_short() {
    let dir = Scratch::new("huge");
    let mut huge = b"refresh_secs = \"".to_vec();
    huge.extend(std::iter::repeat_n(b'x', 8 << 20));
    huge.extend(b"\"\n");
    let f = dir.file("huge.toml", &huge);
    let err = refused_config(&dir, &f);
    assert!(err.contains(", line 1"), "{err}");

    let mut deep = b"theme = ".to_vec();
    deep.extend(std::iter::repeat_n(b'[', 100_000));
    let f = dir.file("deep.toml", &deep);
    refused_config(&dir, &f);
}

#[test]
fn a_missing_explicit_config_is_an_error_but_a_missing_default_is_not() {
    let dir = Scratch::new("missing");
    let missing = dir.0.join("nope.toml");
    let err = refused_config(&dir, &missing);
    assert!(err.contains("No such file"), "{err}");

    ecsdeck(&dir.0)
        .args(["--demo", "--demo-speed", "50", "status"])
        .assert()
        .success();
}

#[test]
fn unknown_profile_lists_the_known_ones() {
    let dir = Scratch::new("profile");
    dir.file(
        "aws-config",
        b"[profile staging]\nregion = eu-west-1\n[profile prod]\nregion = eu-west-1\n",
    );
    ecsdeck(&dir.0)
        .args(["--profile", "prdo", "--endpoint-url", "http://127.0.0.1:9"])
        .args(["--cluster", "x", "status"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("AWS profile `prdo` not found"))
        .stderr(predicate::str::contains("known profiles: prod, staging"))
        .stderr(predicate::str::contains("aws configure --profile prdo"));

    // The same check when the profile comes from AWS_PROFILE, for the dashboard too
    // (it fails before it needs a terminal).
    ecsdeck(&dir.0)
        .env("AWS_PROFILE", "ghost")
        .args(["--endpoint-url", "http://127.0.0.1:9", "--cluster", "x"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("AWS profile `ghost` not found"));
}

#[test]
fn unknown_region_is_refused_before_any_call() {
    let dir = Scratch::new("region");
    for region in ["us-east", "useast1", "EU-WEST-1"] {
        ecsdeck(&dir.0)
            .args(["--region", region, "--endpoint-url", "http://127.0.0.1:9"])
            .args(["--cluster", "x", "status"])
            .assert()
            .code(2)
            .stderr(predicate::str::contains(format!(
                "unknown AWS region `{region}`"
            )));
    }
}

#[test]
fn no_region_anywhere_says_where_to_set_one() {
    let dir = Scratch::new("noregion");
    ecsdeck(&dir.0)
        .args([
            "--endpoint-url",
            "http://127.0.0.1:9",
            "--cluster",
            "x",
            "status",
        ])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("no AWS region configured"))
        .stderr(predicate::str::contains("--region"));
}

#[test]
fn invalid_flag_values_are_usage_errors() {
    let dir = Scratch::new("flags");
    ecsdeck(&dir.0)
        .args(["--demo", "--refresh", "soon", "status"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--refresh"));
    ecsdeck(&dir.0)
        .args([
            "--demo",
            "rollout",
            "wait",
            "--service",
            "api",
            "--timeout",
            "-5",
        ])
        .assert()
        .code(2);
}

#[test]
fn refresh_out_of_range_is_refused_for_the_flag_and_the_config() {
    let dir = Scratch::new("refresh");
    for value in ["0", "3601", "9223372036854775807"] {
        let out = ecsdeck(&dir.0)
            .args(["--demo", "--refresh", value, "status"])
            .assert()
            .code(2)
            .get_output()
            .clone();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(
            stderr.contains("--refresh") && stderr.contains("between 1 and 3600 seconds"),
            "{value}: {stderr}"
        );
        assert!(!stderr.contains("panicked"), "{stderr}");
    }
    ecsdeck(&dir.0)
        .args(["--demo", "--refresh", "1", "status"])
        .assert()
        .code(0);
    for (i, value) in ["0", "3601", "9223372036854775807"].iter().enumerate() {
        let f = dir.file(
            &format!("r{i}.toml"),
            format!("max_scale = 3\nrefresh_secs = {value}\n").as_bytes(),
        );
        let err = refused_config(&dir, &f);
        assert!(
            err.contains(", line 2, key `refresh_secs`")
                && err.contains("between 1 and 3600 seconds"),
            "{value}: {err}"
        );
    }
}

#[test]
fn log_buffer_lines_out_of_range_is_refused() {
    let dir = Scratch::new("log-buffer");
    for (i, value) in ["99", "1000001"].iter().enumerate() {
        let f = dir.file(
            &format!("l{i}.toml"),
            format!("# tail\nlog_buffer_lines = {value}\n").as_bytes(),
        );
        let err = refused_config(&dir, &f);
        assert!(
            err.contains(", line 2, key `log_buffer_lines`")
                && err.contains("between 100 and 1000000 lines"),
            "{value}: {err}"
        );
    }
}

#[test]
fn a_key_taken_from_another_action_names_both_the_key_and_the_line() {
    let dir = Scratch::new("collision");
    let f = dir.file(
        "c.toml",
        b"refresh_secs = 5\n[keys]\nquit = \"q\"\nscale = \"j\"\n",
    );
    let err = refused_config(&dir, &f);
    assert!(err.contains(", line 4, key `keys.scale`"), "{err}");
    assert!(
        err.contains("key `j` is bound to both")
            && err.contains("`scale`")
            && err.contains("`down`"),
        "{err}"
    );
}
