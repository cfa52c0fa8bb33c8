//! Command-line interface (clap): the dashboard and its subcommands.

use std::path::PathBuf;

use clap::builder::ArgPredicate;
use clap::{Args, Parser, Subcommand};

use crate::source::sim::{Scenario, ScenarioError};

/// A terminal operations console for Amazon ECS.
///
/// Without a subcommand, opens the dashboard. `--demo` runs everything on the
/// built-in simulated ECS environment (no AWS account needed).
#[derive(Debug, Parser)]
#[command(name = "ecsdeck", version, about, long_about)]
pub struct Cli {
    /// Global options (source, cluster, behaviour).
    #[command(flatten)]
    pub global: GlobalArgs,

    /// What to run (default: the dashboard).
    #[command(subcommand)]
    pub(crate) command: Option<CommandKind>,
}

/// Options shared by the dashboard and every subcommand.
#[derive(Debug, Clone, Args)]
pub struct GlobalArgs {
    /// Use the built-in simulated ECS environment instead of AWS.
    #[arg(
        long,
        global = true,
        default_value_if("demo_scenario", ArgPredicate::IsPresent, "true")
    )]
    pub demo: bool,

    /// Run the simulated environment on this scenario file (implies --demo;
    /// the format is in docs/scenarios.md).
    #[arg(long, global = true, value_name = "FILE")]
    pub(crate) demo_scenario: Option<PathBuf>,

    /// Seed of the simulated environment.
    #[arg(long, global = true, default_value_t = 7, value_name = "N")]
    pub demo_seed: u64,

    /// Virtual seconds per real second in the simulated environment.
    #[arg(long, global = true, default_value_t = 1.0, value_name = "X")]
    pub demo_speed: f64,

    /// Extra generated services in the demo `prod` cluster, or the scenario's
    /// `generated_cluster` (scale testing).
    #[arg(long, global = true, default_value_t = 0, value_name = "N")]
    pub demo_services: usize,

    /// Demo fault: fraction of calls throttled (0.0–1.0).
    #[arg(
        long,
        global = true,
        default_value_t = 0.0,
        value_name = "RATE",
        help_heading = "Demo faults"
    )]
    pub demo_throttle_rate: f64,

    /// Demo fault: fraction of calls failing with HTTP 500 (0.0–1.0).
    #[arg(
        long,
        global = true,
        default_value_t = 0.0,
        value_name = "RATE",
        help_heading = "Demo faults"
    )]
    pub demo_error_rate: f64,

    /// Demo fault: latency added to every call, in milliseconds.
    #[arg(
        long,
        global = true,
        default_value_t = 0,
        value_name = "MS",
        help_heading = "Demo faults"
    )]
    pub demo_latency_ms: u64,

    /// Demo fault: every call fails with expired credentials.
    #[arg(long, global = true, help_heading = "Demo faults")]
    pub demo_expired_credentials: bool,

    /// Demo fault: the faults stop by themselves after this many seconds.
    #[arg(long, global = true, value_name = "SECS", help_heading = "Demo faults")]
    pub demo_faults_for: Option<u64>,

    /// AWS shared config profile (default: AWS_PROFILE, then `default`). The
    /// dashboard takes a list (`a,b`): the first opens, `:fleet` shows all;
    /// a subcommand takes one.
    #[arg(long, global = true, value_name = "P")]
    pub profile: Option<String>,

    /// AWS region (default: AWS_REGION, then the profile's region). The
    /// dashboard takes a list (`x,y`): the first opens, `:fleet` shows all;
    /// a subcommand takes one.
    #[arg(long, global = true, value_name = "R")]
    pub region: Option<String>,

    /// Cluster to open (default: pick from a list).
    #[arg(long, global = true, value_name = "C")]
    pub cluster: Option<String>,

    /// Open in presenter mode (big tasks grid and chaos stopwatch, for a
    /// projector) on SERVICE, or on a service picker without one.
    #[arg(long, value_name = "SERVICE", num_args = 0..=1, default_missing_value = "")]
    pub present: Option<String>,

    /// Endpoint for every AWS service (e.g. a local emulator). Per-service
    /// AWS_ENDPOINT_URL_<SERVICE> variables are honoured too.
    #[arg(long, global = true, value_name = "URL")]
    pub endpoint_url: Option<String>,

    /// Seconds between refreshes (1 to 3600).
    #[arg(long, global = true, value_name = "SECS", value_parser = crate::config::parse_refresh_flag)]
    pub refresh: Option<u64>,

    /// Hide and refuse every action that changes AWS.
    #[arg(long, global = true)]
    pub read_only: bool,

    /// Config file (default: $XDG_CONFIG_HOME/ecsdeck/config.toml).
    #[arg(long, global = true, value_name = "FILE")]
    pub config: Option<PathBuf>,
}

impl GlobalArgs {
    /// The profiles of `--profile a,b`, in order (empty when not given).
    pub fn profiles(&self) -> Vec<String> {
        list(self.profile.as_deref())
    }

    /// The regions of `--region x,y`, in order (empty when not given).
    pub fn regions(&self) -> Vec<String> {
        list(self.region.as_deref())
    }

    /// The world of the simulated environment: the `--demo-scenario` file,
    /// the built-in demo world without it.
    pub fn scenario(&self) -> Result<Scenario, ScenarioError> {
        match &self.demo_scenario {
            Some(path) => Scenario::load(path),
            None => Ok(Scenario::builtin()),
        }
    }
}

/// The names of a comma-separated list, trimmed, empty ones and repeats dropped.
fn list(value: Option<&str>) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for name in value.unwrap_or_default().split(',').map(str::trim) {
        if !name.is_empty() && !out.iter().any(|o| o == name) {
            out.push(name.to_string());
        }
    }
    out
}

/// Subcommands.
#[derive(Debug, Clone, Subcommand)]
pub(crate) enum CommandKind {
    /// Open the dashboard (the default).
    Ui,
    /// Print the services of a cluster with counts, health and rollout state.
    ///
    /// Exit status: 0 when the status was read, 1 on an error.
    Status(StatusArgs),
    /// Follow deployments from a pipeline.
    #[command(subcommand)]
    Rollout(RolloutCommand),
    /// Chaos tests: stop a task and measure how the service heals.
    #[command(subcommand)]
    Chaos(ChaosCommand),
    /// A shell (or a command) in a task's container, through ECS Exec.
    ///
    /// Needs the Session Manager plugin on PATH (except on --demo), ECS Exec
    /// enabled on the service and a RUNNING task. The command line is the
    /// confirmation (as for `chaos stop-task`); the session is audited like
    /// every write and refused with --read-only.
    /// Exit status: 0 when the session ended normally, 1 on an error.
    Exec(ExecArgs),
    /// Forward a local port to a task (or through it to a remote host) with SSM.
    ///
    /// Uses the SSM documents AWS-StartPortForwardingSession (to the task)
    /// and AWS-StartPortForwardingSessionToRemoteHost (with --host). Needs the
    /// Session Manager plugin on PATH (except on --demo). Ends with Ctrl-C.
    PortForward(PortForwardArgs),
    /// Print a shell completion script to stdout.
    Completions(CompletionsArgs),
    /// Print the man page (roff) to stdout.
    Man,
}

/// `ecsdeck status`.
#[derive(Debug, Clone, Args)]
pub(crate) struct StatusArgs {
    /// Print JSON (schema `ecsdeck.status/v1`, see docs/status-json.md) instead of a table.
    #[arg(long)]
    pub(crate) json: bool,
}

/// `ecsdeck rollout ...`.
#[derive(Debug, Clone, Subcommand)]
pub(crate) enum RolloutCommand {
    /// Wait until the current deployment of a service completes.
    ///
    /// Follows the PRIMARY deployment at start, by id. Exit status: 0 when it
    /// reaches COMPLETED with its task definition; 1 when it FAILED or the
    /// circuit breaker rolled it back (even though the service is steady again
    /// on the old revision); 2 on timeout.
    Wait(RolloutWaitArgs),
}

/// `ecsdeck rollout wait`.
#[derive(Debug, Clone, Args)]
pub(crate) struct RolloutWaitArgs {
    /// Service to follow (the cluster comes from --cluster).
    #[arg(long, value_name = "S")]
    pub(crate) service: String,
    /// Give up after this many seconds (exit 2).
    #[arg(long, default_value_t = 900, value_name = "SECS")]
    pub(crate) timeout: u64,
    /// Seconds between polls.
    #[arg(long, default_value_t = 5, value_name = "SECS", value_parser = clap::value_parser!(u64).range(1..))]
    pub(crate) interval: u64,
}

/// `ecsdeck chaos ...`.
#[derive(Debug, Clone, Subcommand)]
pub(crate) enum ChaosCommand {
    /// Stop one RUNNING, healthy task of a service, optionally timing the recovery.
    ///
    /// The StopTask reason names ecsdeck and the local user. With
    /// --wait-recovery, prints the recovery timeline (stopping → stopped →
    /// replacement provisioning → running → container healthy → target healthy)
    /// and the time to recovery. Exit status: 0 stopped (and recovered), 1 on
    /// an error or when the service did not recover within --timeout.
    StopTask(ChaosStopTaskArgs),
}

/// `ecsdeck chaos stop-task`.
#[derive(Debug, Clone, Args)]
pub(crate) struct ChaosStopTaskArgs {
    /// Service whose task to stop (the cluster comes from --cluster).
    #[arg(long, value_name = "S")]
    pub(crate) service: String,
    /// Stop this task (id or ARN) instead of picking one.
    #[arg(long, value_name = "ID", conflicts_with = "random")]
    pub(crate) task: Option<String>,
    /// Pick a random healthy task instead of the longest-running one.
    #[arg(long)]
    pub(crate) random: bool,
    /// Follow the replacement until the service is healthy again.
    #[arg(long)]
    pub(crate) wait_recovery: bool,
    /// With --wait-recovery: give up after this many seconds (exit 1).
    #[arg(long, default_value_t = 600, value_name = "SECS")]
    pub(crate) timeout: u64,
    /// With --wait-recovery: seconds between polls.
    #[arg(long, default_value_t = 2, value_name = "SECS", value_parser = clap::value_parser!(u64).range(1..))]
    pub(crate) interval: u64,
}

/// `ecsdeck exec`.
#[derive(Debug, Clone, Args)]
pub(crate) struct ExecArgs {
    /// Open the session in the longest-running RUNNING task of this service.
    #[arg(long, value_name = "S", conflicts_with = "task")]
    pub(crate) service: Option<String>,
    /// Open the session in this task (id or ARN).
    #[arg(long, value_name = "T")]
    pub(crate) task: Option<String>,
    /// Container name (default: the task's first essential container).
    #[arg(long, value_name = "N")]
    pub(crate) container: Option<String>,
    /// The command to run (default: `exec_shell` of the config, `/bin/sh`).
    #[arg(last = true, value_name = "CMD")]
    pub(crate) command: Vec<String>,
}

/// `ecsdeck port-forward`.
#[derive(Debug, Clone, Args)]
pub(crate) struct PortForwardArgs {
    /// The task (id or ARN).
    #[arg(long, value_name = "T", required_unless_present = "service")]
    pub(crate) task: Option<String>,
    /// Instead of --task: the longest-running RUNNING task of this service.
    #[arg(long, value_name = "S", conflicts_with = "task")]
    pub(crate) service: Option<String>,
    /// Container name (default: the task's first essential container).
    #[arg(long, value_name = "N")]
    pub(crate) container: Option<String>,
    /// Port in the task, or on --host.
    #[arg(long, value_name = "P")]
    pub(crate) remote_port: u16,
    /// Local port (default: one the plugin picks and prints).
    #[arg(long, value_name = "L")]
    pub(crate) local_port: Option<u16>,
    /// A host reached through the task (e.g. a private database endpoint).
    #[arg(long, value_name = "H")]
    pub(crate) host: Option<String>,
}

/// `ecsdeck completions`.
#[derive(Debug, Clone, Args)]
pub(crate) struct CompletionsArgs {
    /// Shell to generate for.
    #[arg(value_enum)]
    pub(crate) shell: clap_complete::Shell,
}
