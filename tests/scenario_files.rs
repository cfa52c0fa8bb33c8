//! `--demo-scenario FILE`: the binary runs the simulator on a world of one's
//! own (assets/scenarios/two-services.toml here), and a malformed file is a
//! usage error naming the file, the line and the column.

mod cli_common;
mod e2e_support;

use cli_common::isolated;
use e2e_support::Spawn;

const SMALL: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/assets/scenarios/two-services.toml"
);

fn home(tag: &str) -> std::path::PathBuf {
    std::env::temp_dir().join(format!("ecsdeck-scenario-{tag}-{}", std::process::id()))
}

/// `ecsdeck status --json ARGS` on the small scenario: the cluster and the service names.
fn status_json(tag: &str, args: &[&str]) -> (String, Vec<String>) {
    let out = isolated(&home(tag))
        .args(["status", "--json", "--demo-scenario", SMALL])
        .args(args)
        .timeout(std::time::Duration::from_secs(60))
        .assert()
        .code(0)
        .get_output()
        .stdout
        .clone();
    let v: serde_json::Value = serde_json::from_slice(&out).expect("status JSON");
    let names = v["services"]
        .as_array()
        .expect("a services array")
        .iter()
        .filter_map(|s| s["name"].as_str().map(str::to_string))
        .collect();
    (v["cluster"].as_str().unwrap_or_default().to_string(), names)
}

#[test]
fn the_dashboard_starts_on_a_scenario_file() {
    // No --demo: --demo-scenario implies it.
    let mut t = Spawn::ecsdeck(["--demo-scenario", SMALL]).start();
    t.wait_all(&["cluster: dev", "services [2]", "api", "jobs"]);
    t.assert_absent("web-api");
    t.send("q");
    assert!(t.wait_exit().success());
}

#[test]
fn status_prints_the_services_of_a_scenario_file() {
    let out = isolated(&home("table"))
        .args(["status", "--demo-scenario", SMALL])
        .timeout(std::time::Duration::from_secs(60))
        .assert()
        .code(0)
        .get_output()
        .stdout
        .clone();
    let text = String::from_utf8_lossy(&out);
    let first_words: Vec<&str> = text
        .lines()
        .skip(1)
        .filter_map(|l| l.split_whitespace().next())
        .collect();
    assert_eq!(first_words, ["api", "jobs"], "{text}");
    let (cluster, names) = status_json("json", &[]);
    assert_eq!(cluster, "dev", "the scenario's default cluster");
    assert_eq!(names, ["api", "jobs"]);
}

#[test]
fn demo_services_and_seed_apply_on_top_of_a_scenario() {
    let (cluster, names) = status_json("scale", &["--demo-services", "2", "--demo-seed", "3"]);
    assert_eq!(cluster, "dev");
    assert_eq!(names, ["api", "jobs", "svc-0001", "svc-0002"]);
}

#[test]
fn a_malformed_scenario_is_a_usage_error_naming_file_line_and_column() {
    let dir = home("bad");
    std::fs::create_dir_all(&dir).expect("temp dir");
    let file = dir.join("bad.toml");
    let text = "clusters = [\"dev\"]\n\n[[services]]\ncluster = \"qa\"\nname = \"api\"\n\
                desired = 1\nrevision = 1\ncpu = 1.0\nmemory = 1.0\n";
    std::fs::write(&file, text).expect("write the scenario");
    let expected = format!(
        "invalid scenario {}, line 4, column 11: no cluster named `qa`",
        file.display()
    );
    let file = file.to_string_lossy().to_string();
    // The subcommands and the dashboard both refuse it, before any output.
    for args in [vec!["status"], vec![]] {
        let out = isolated(&dir)
            .args(&args)
            .args(["--demo-scenario", &file])
            .timeout(std::time::Duration::from_secs(60))
            .assert()
            .code(2)
            .get_output()
            .clone();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(stderr.contains(&expected), "{args:?}: {stderr}");
        assert!(out.stdout.is_empty(), "{args:?}");
    }
    let _ = std::fs::remove_dir_all(&dir);
}
