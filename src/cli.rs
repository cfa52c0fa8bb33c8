//! Command-line interface (clap): the dashboard and its subcommands.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

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
    pub command: Option<CommandKind>,
}

/// Options shared by the dashboard and every subcommand.
#[derive(Debug, Clone, Args)]
pub struct GlobalArgs {
    /// Use the built-in simulated ECS environment instead of AWS.
    #[arg(long, global = true)]
    pub demo: bool,

    /// Seed of the simulated environment.
    #[arg(long, global = true, default_value_t = 7, value_name = "N")]
    pub demo_seed: u64,

    /// Virtual seconds per real second in the simulated environment.
    #[arg(long, global = true, default_value_t = 1.0, value_name = "X")]
    pub demo_speed: f64,

    /// Extra generated services in the demo `prod` cluster (scale testing).
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

    /// AWS shared config profile (default: AWS_PROFILE, then `default`).
    #[arg(long, global = true, value_name = "P")]
    pub profile: Option<String>,

    /// AWS region (default: AWS_REGION, then the profile's region).
    #[arg(long, global = true, value_name = "R")]
    pub region: Option<String>,

    /// Cluster to open (default: pick from a list).
    #[arg(long, global = true, value_name = "C")]
    pub cluster: Option<String>,

    /// Endpoint for every AWS service (e.g. a local emulator). Per-service
    /// AWS_ENDPOINT_URL_<SERVICE> variables are honoured too.
    #[arg(long, global = true, value_name = "URL")]
    pub endpoint_url: Option<String>,

    /// Seconds between refreshes.
    #[arg(long, global = true, value_name = "SECS")]
    pub refresh: Option<u64>,

    /// Hide and refuse every action that changes AWS.
    #[arg(long, global = true)]
    pub read_only: bool,

    /// Config file (default: $XDG_CONFIG_HOME/ecsdeck/config.toml).
    #[arg(long, global = true, value_name = "FILE")]
    pub config: Option<PathBuf>,
}

/// Subcommands.
#[derive(Debug, Clone, Subcommand)]
pub enum CommandKind {
    /// Open the dashboard (the default).
    Ui,
}
