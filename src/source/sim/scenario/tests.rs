use super::*;
use crate::source::sim::clock;

const SMALL: &str = include_str!("../../../../assets/scenarios/two-services.toml");

fn parse(text: &str) -> Result<Scenario, ScenarioError> {
    Scenario::parse(text, Path::new("my.toml"))
}

/// The line and column where the first `needle` of `text` starts, after a
/// `|` in it if there is one (`"latest = |0"` is the `0`).
fn position_of(text: &str, needle: &str) -> (usize, usize) {
    let (before, value) = needle.split_once('|').unwrap_or(("", needle));
    let at = text
        .find(&format!("{before}{value}"))
        .unwrap_or_else(|| panic!("{needle:?} not in the text"))
        + before.len();
    let lines: Vec<&str> = text[..at].split('\n').collect();
    let last = lines.last().map_or(0, |l| l.chars().count());
    (lines.len(), last + 1)
}

fn assert_error_at(text: &str, needle: &str, message_part: &str) {
    let e = parse(text).expect_err("the scenario is invalid");
    let (line, column) = position_of(text, needle);
    assert_eq!(
        (e.line, e.column),
        (Some(line), Some(column)),
        "error placed at {needle:?}: {e}"
    );
    assert!(e.message.contains(message_part), "{e}");
    assert_eq!(e.path, Path::new("my.toml"));
}

/// A valid one-cluster scenario with `extra` appended.
fn small_with(extra: &str) -> String {
    format!("{SMALL}\n{extra}")
}

#[test]
fn builtin_parses_into_the_demo_world() {
    let s = parse(BUILTIN).expect("the embedded scenario is valid");
    assert_eq!(s, Scenario::builtin());
    assert_eq!(s.clusters(), ["staging", "prod"]);
    assert_eq!(s.default_cluster(), "prod");
    assert_eq!(s.generated_cluster, "prod");
    assert_eq!(s.families.len(), 7);
    assert_eq!(s.services.len(), 10);
    assert_eq!(s.alarms.len(), 5);
    let rolling: Vec<_> = s
        .services
        .iter()
        .filter_map(|x| {
            x.rollout_to
                .map(|to| (x.cluster.as_str(), x.name.as_str(), to))
        })
        .collect();
    assert_eq!(rolling, [("staging", "search", 9), ("prod", "catalog", 7)]);
}

#[test]
fn small_scenario_builds_its_world_and_the_scale_knob_fills_its_cluster() {
    let s = parse(SMALL).expect("two-services.toml is valid");
    assert_eq!(s.default_cluster(), "dev", "the first cluster by default");
    let w = build(&s, 7, clock::manual_epoch(), 3);
    assert_eq!(w.clusters, ["dev"]);
    let names: Vec<_> = w.services.iter().map(|x| x.svc.name.as_str()).collect();
    assert_eq!(names, ["api", "jobs", "svc-0001", "svc-0002", "svc-0003"]);
    assert!(w.services.iter().all(|x| x.svc.cluster == "dev"));
    let api = &w.services[0];
    assert_eq!(api.svc.desired, 2);
    assert!(api.svc.task_definition.ends_with("task-definition/api:2"));
    assert!(api.tg.is_some(), "a web service is load balanced");
    assert!(w.services[1].tg.is_none(), "a worker is not");
    assert_eq!(w.alarms.len(), 1);
    assert_eq!(w.alarms[0].alarm.name, "dev-api-5xx");
    assert_eq!(w.alarms[0].alarm.metric, "HTTPCode_Target_5XX_Count");
}

#[test]
fn a_syntax_error_names_the_file_line_and_column() {
    let text = "clusters = [\"dev\"]\n\n[[services]]\ncluster = \"dev\nname = \"api\"\n";
    let e = parse(text).expect_err("unterminated string");
    assert_eq!(e.line, Some(4), "{e}");
    assert!(e.column.is_some(), "{e}");
    let shown = e.to_string();
    assert!(
        shown.starts_with("invalid scenario my.toml, line 4, column "),
        "{shown}"
    );
}

#[test]
fn an_unknown_key_is_placed_on_its_line() {
    let text = small_with("[[services]]\ncluster = \"dev\"\nname = \"api\"\nreplicas = 2\n");
    assert_error_at(&text, "replicas", "unknown field `replicas`");
}

#[test]
fn a_missing_key_is_placed_on_its_entry() {
    let text = small_with("[[services]]\ncluster = \"dev\"\nname = \"api\"\n");
    let e = parse(&text).expect_err("no desired count");
    assert!(e.message.contains("missing field `desired`"), "{e}");
    let header = SMALL.lines().count() + 2;
    assert_eq!(e.line, Some(header), "{e}");
}

#[test]
fn a_value_of_the_wrong_type_is_placed_on_it() {
    let text = SMALL.replace("desired = 2", "desired = \"two\"");
    assert_error_at(&text, "\"two\"", "invalid type");
}

#[test]
fn a_service_in_an_unknown_cluster_is_refused() {
    let text = SMALL.replace(
        "cluster = \"dev\"\nname = \"jobs\"",
        "cluster = \"qa\"\nname = \"jobs\"",
    );
    assert_error_at(
        &text,
        "\"qa\"",
        "no cluster named `qa`; `clusters` lists dev",
    );
}

#[test]
fn a_service_without_a_family_is_refused() {
    let text = small_with(
        "[[services]]\ncluster = \"dev\"\nname = \"cron\"\ndesired = 1\nrevision = 1\ncpu = 1.0\nmemory = 1.0\n",
    );
    assert_error_at(&text, "\"cron\"", "no family named `cron`");
}

#[test]
fn unregistered_revisions_are_refused() {
    let text = SMALL.replace("revision = 2\ncpu = 20.0", "revision = 4\ncpu = 20.0");
    assert_error_at(
        &text,
        "revision = |4",
        "revision 4 of `api` is not registered (1 to 3)",
    );
    let text = SMALL.replace("bad = [3]", "bad = [7]");
    assert_error_at(&text, "7]", "bad revision 7 is not registered");
    let text = SMALL.replace(
        "revision = 2\ncpu = 20.0",
        "revision = 2\nrollout_to = 2\ncpu = 20.0",
    );
    assert_error_at(&text, "rollout_to = |2", "already runs");
}

#[test]
fn duplicates_are_refused() {
    let text = SMALL.replace("clusters = [\"dev\"]", "clusters = [\"dev\", \"dev\"]");
    assert_error_at(&text, "\"dev\"]", "cluster `dev` is listed twice");
    let text = SMALL.replace("name = \"jobs\"\ndesired", "name = \"api\"\ndesired");
    let e = parse(&text).expect_err("api twice");
    assert!(
        e.message
            .contains("service `api` is listed twice in cluster `dev`"),
        "{e}"
    );
}

#[test]
fn out_of_range_numbers_are_refused() {
    let text = SMALL.replace("cpu = 35.0", "cpu = 135.0");
    assert_error_at(&text, "135.0", "cpu must be a percentage");
    let text = SMALL.replace("desired = 1\n", "desired = 100000\n");
    assert_error_at(&text, "100000", "more than 1000");
    let text = SMALL.replace("requests_per_minute = 600.0", "requests_per_minute = nan");
    assert_error_at(&text, "nan", "finite");
    let text = SMALL.replace("latest = 2", "latest = 0");
    assert_error_at(&text, "latest = |0", "latest must be 1 to 1000");
}

#[test]
fn alarms_must_watch_a_known_service() {
    let text = SMALL.replace("service = \"api\"", "service = \"web\"");
    assert_error_at(
        &text,
        "service = |\"web\"",
        "no service `web` in cluster `dev`",
    );
    let text = SMALL.replace("metric = \"errors-5xx\"", "metric = \"latency\"");
    assert_error_at(&text, "\"latency\"", "unknown variant `latency`");
}

#[test]
fn alarm_thresholds_must_be_reachable_by_their_metric() {
    let line = SMALL
        .lines()
        .find(|l| l.starts_with("threshold ="))
        .expect("the alarm's threshold");
    let text = SMALL.replace(line, "threshold = -1.0");
    assert_error_at(
        &text,
        "threshold = |-1.0",
        "threshold must be a finite number, 0 or more",
    );
    let text = SMALL.replace(line, "threshold = nan");
    assert_error_at(&text, "threshold = |nan", "finite");
    let memory = SMALL
        .replace("metric = \"errors-5xx\"", "metric = \"memory-max\"")
        .replace(line, "threshold = 120.0");
    assert_error_at(
        &memory,
        "threshold = |120.0",
        "a memory-max threshold must be a percentage, 0 to 100",
    );
    let fine = SMALL
        .replace("metric = \"errors-5xx\"", "metric = \"memory-max\"")
        .replace(line, "threshold = 85.0");
    let w = build(
        &parse(&fine).expect("a percentage"),
        1,
        clock::manual_epoch(),
        0,
    );
    let alarm = &w.alarms[0].alarm;
    assert_eq!(alarm.threshold, Some(85.0));
    assert_eq!(
        alarm.threshold_on_chart(crate::model::MetricKind::Memory),
        Some(85.0),
        "a maximum percentage, drawn on the memory chart"
    );
}

#[test]
fn names_are_checked() {
    let text = SMALL.replace("clusters = [\"dev\"]", "clusters = [\"dev\\u001b[2J\"]");
    let e = parse(&text).expect_err("a control character");
    assert!(
        e.message
            .contains("letters, digits, hyphens or underscores"),
        "{e}"
    );
    assert_eq!(e.line, Some(5));
    let text = SMALL.replace("\"jobs\"", "\"svc-0001\"");
    assert_error_at(
        &text,
        "\"svc-0001\"",
        "kept for the services --demo-services generates",
    );
}

#[test]
fn an_empty_cluster_list_and_unknown_defaults_are_refused() {
    let e = parse("clusters = []\n").expect_err("no cluster");
    assert_eq!((e.line, e.column), (Some(1), Some(12)), "{e}");
    assert!(e.message.contains("lists no cluster"), "{e}");
    let text = format!("default_cluster = \"prod\"\n{SMALL}");
    assert_error_at(&text, "\"prod\"", "no cluster named `prod`");
    let e = parse("default_cluster = \"dev\"\n").expect_err("no clusters key");
    assert!(e.message.contains("missing field `clusters`"), "{e}");
}

#[test]
fn a_missing_file_is_an_error_naming_it() {
    let path = Path::new("/nonexistent/ecsdeck/world.toml");
    let e = Scenario::load(path).expect_err("no such file");
    assert_eq!(e.path, path);
    assert_eq!(e.line, None);
    assert!(
        e.to_string()
            .starts_with("invalid scenario /nonexistent/ecsdeck/world.toml: cannot read"),
        "{e}"
    );
}

#[test]
fn columns_count_characters_not_bytes() {
    assert_eq!(line_column("a\néé = x", 6), (2, 3));
    assert_eq!(line_column("abc", 99), (1, 4));
}

#[test]
fn accounts_hold_the_clusters_each_once() {
    let s = parse(BUILTIN).expect("valid");
    let accounts: Vec<(&str, &str, Vec<&str>)> = s
        .accounts()
        .iter()
        .map(|a| {
            (
                a.name.as_str(),
                a.region.as_str(),
                a.clusters.iter().map(String::as_str).collect(),
            )
        })
        .collect();
    assert_eq!(
        accounts,
        [
            ("demo-staging", "eu-west-1", vec!["staging"]),
            ("demo-prod", "eu-west-1", vec!["prod"]),
        ]
    );
    assert!(
        parse(SMALL).expect("valid").accounts().is_empty(),
        "optional"
    );
    let one = "[[accounts]]\nname = \"a\"\nregion = \"eu-west-1\"\nclusters = [\"dev\"]\n";
    assert_eq!(parse(&small_with(one)).expect("valid").accounts().len(), 1);
    let unknown = "[[accounts]]\nname = \"a\"\nregion = \"eu-west-1\"\nclusters = [\"qa\"]\n";
    assert_error_at(&small_with(unknown), "[|\"qa\"", "no cluster named `qa`");
    let twice =
        format!("{one}[[accounts]]\nname = \"b\"\nregion = \"us-east-1\"\nclusters = [\"dev\"]\n");
    assert_error_at(
        &small_with(&twice),
        "us-east-1\"\nclusters = [|\"dev\"",
        "in two accounts",
    );
    let bad_region = "[[accounts]]\nname = \"a\"\nregion = \"EU West\"\nclusters = [\"dev\"]\n";
    assert_error_at(&small_with(bad_region), "|\"EU West\"", "region must be");
}

#[test]
fn with_accounts_every_cluster_is_in_one() {
    let text = "clusters = [\"a\", \"b\"]\n[[accounts]]\nname = \"x\"\nregion = \"eu-west-1\"\nclusters = [\"a\"]\n";
    let e = parse(text).expect_err("b is in no account");
    assert!(e.message.contains("cluster `b` is in no account"), "{e}");
    assert_eq!(e.line, Some(1));
}

#[test]
fn the_demo_carries_its_canary_and_linear_deployments() {
    use crate::model::{
        CanaryConfig, DeploymentStrategy, LifecycleHook, LifecycleStage, LinearConfig, StrategyKind,
    };
    let s = parse(BUILTIN).expect("the embedded scenario is valid");
    let w = build(&s, 42, clock::manual_epoch(), 0);
    let (Some(checkout), Some(payments)) =
        (w.service("prod", "checkout"), w.service("prod", "payments"))
    else {
        panic!("the demo has prod/checkout and prod/payments");
    };
    assert_eq!(w.strategies.by_service.len(), 2);
    let canary = &w.strategies.by_service[&checkout];
    assert_eq!(
        canary.config,
        DeploymentStrategy {
            kind: StrategyKind::Canary,
            bake_minutes: Some(2),
            canary: Some(CanaryConfig {
                percent: 10.0,
                bake_minutes: 5,
            }),
            linear: None,
            hooks: vec![LifecycleHook {
                target_arn: "arn:aws:lambda:us-east-1:123456789012:function:smoke-test".into(),
                stages: vec![LifecycleStage::PostTestTrafficShift],
            }],
        }
    );
    assert_eq!(canary.failing_hook, None);
    let linear = &w.strategies.by_service[&payments];
    assert_eq!(
        linear.config.linear,
        Some(LinearConfig {
            step_percent: 20.0,
            step_bake_minutes: 2,
        })
    );
    let runs: Vec<_> = w
        .strategies
        .runs
        .iter()
        .map(|r| (r.service, r.source_td.clone(), r.target_td.clone()))
        .collect();
    let td = |name: &str, rev: u32| crate::source::sim::ids::task_def_arn(name, rev);
    assert_eq!(
        runs,
        [
            (checkout, td("checkout", 7), td("checkout", 8)),
            (payments, td("payments", 11), td("payments", 11)),
        ]
    );
    let rolling_to_8 = w.services[checkout]
        .svc
        .deployments
        .iter()
        .any(|d| d.task_definition == td("checkout", 8));
    assert!(rolling_to_8, "the canary's tasks roll out to checkout:8");
}

/// `small_with` for a deployment table under the `api` service.
fn api_with_deployment(table: &str) -> String {
    SMALL.replace(
        "requests_per_minute = 600.0\n",
        &format!("requests_per_minute = 600.0\n\n[services.deployment]\n{table}\n"),
    )
}

#[test]
fn a_deployment_table_builds_a_failing_canary_in_progress() {
    let text = api_with_deployment(
        "strategy = \"CANARY\"\ncanary_percent = 25.0\nin_progress = true\n\n\
         [[services.deployment.hooks]]\nfunction = \"smoke\"\nstages = [\"PRE_SCALE_UP\", \"POST_TEST_TRAFFIC_SHIFT\"]\nfails = true\n",
    );
    let s = parse(&text).expect("the canary table is valid");
    let w = build(&s, 7, clock::manual_epoch(), 0);
    let strategy = &w.strategies.by_service[&0];
    assert_eq!(
        strategy.failing_hook,
        Some(crate::model::LifecycleStage::PreScaleUp),
        "a failing hook fails at its first stage"
    );
    assert_eq!(strategy.config.canary.map(|c| c.percent), Some(25.0));
    assert_eq!(w.strategies.runs.len(), 1);
    assert_eq!(w.strategies.runs[0].service, 0);
}

#[test]
fn a_bad_strategy_kind_is_placed_on_it() {
    let text = api_with_deployment("strategy = \"BLUE-GREEN\"");
    assert_error_at(
        &text,
        "\"BLUE-GREEN\"",
        "strategy must be ROLLING, BLUE_GREEN, LINEAR or CANARY, not `BLUE-GREEN`",
    );
}

#[test]
fn a_bad_percent_is_placed_on_it() {
    let text = api_with_deployment("strategy = \"CANARY\"\ncanary_percent = 150.0");
    assert_error_at(&text, "150.0", "canary_percent must be a percentage");
    let text = api_with_deployment("strategy = \"LINEAR\"\nlinear_step_percent = 0.0");
    assert_error_at(
        &text,
        "percent = |0.0",
        "linear_step_percent must be a percentage",
    );
}

#[test]
fn deployment_keys_must_fit_the_strategy() {
    let text = api_with_deployment("strategy = \"LINEAR\"");
    assert_error_at(
        &text,
        "\"LINEAR\"",
        "strategy LINEAR needs linear_step_percent",
    );
    let text = api_with_deployment(
        "strategy = \"LINEAR\"\nlinear_step_percent = 10.0\ncanary_percent = 5.0",
    );
    assert_error_at(
        &text,
        "canary_percent = |5.0",
        "canary_percent applies to CANARY only",
    );
    let text = api_with_deployment("strategy = \"ROLLING\"\nin_progress = true");
    assert_error_at(&text, "in_progress = |true", "in_progress applies to");
    let text = api_with_deployment("strategy = \"BLUE_GREEN\"\nto = 1");
    assert_error_at(&text, "to = |1", "`to` needs `in_progress = true`");
    let text = api_with_deployment("strategy = \"BLUE_GREEN\"\nin_progress = true\nto = 9");
    assert_error_at(&text, "to = |9", "not registered");
    let text = api_with_deployment("strategy = \"BLUE_GREEN\"\nbake_minutes = 2000");
    assert_error_at(&text, "2000", "bake_minutes must be 0 to 1440");
    let text = api_with_deployment(
        "strategy = \"BLUE_GREEN\"\n\n[[services.deployment.hooks]]\nfunction = \"smoke\"\nstages = [\"CLEAN_UP\"]",
    );
    assert_error_at(&text, "\"CLEAN_UP\"", "hooks run at RECONCILE_SERVICE");
    let text = api_with_deployment("strategy = \"BLUE_GREEN\"").replacen(
        "revision = 2\n",
        "revision = 2\nrollout_to = 1\n",
        1,
    );
    assert_error_at(
        &text,
        "rollout_to = |1",
        "rollout_to starts a rolling deployment",
    );
}
