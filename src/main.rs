//! ecsdeck binary: parse the CLI, set up logging and the terminal, run.

#![deny(clippy::unwrap_used, clippy::expect_used)]

use std::io::IsTerminal;
use std::process::ExitCode;
use std::sync::Arc;
use std::time::Duration;

use clap::Parser;

use ecsdeck::app::{self, RunOptions};
use ecsdeck::audit::AuditContext;
use ecsdeck::cli::Cli;
use ecsdeck::config::Config;
use ecsdeck::keymap::Keymap;
use ecsdeck::source::aws::{AwsOptions, AwsSource};
use ecsdeck::source::sim::{Faults, SimConfig, SimSource};
use ecsdeck::source::{Backend, ReadOnly};
use ecsdeck::state::{Settings, State};
use ecsdeck::theme::Theme;
use ecsdeck::tui;

/// Exit code for bad input (config, arguments).
const EXIT_USAGE: u8 = 2;

fn main() -> ExitCode {
    let cli = Cli::parse();
    if ecsdeck::commands::is_subcommand(&cli) {
        return ecsdeck::commands::run(&cli);
    }
    let config = match Config::load(cli.global.config.as_deref()) {
        Ok(c) => c,
        Err(e) => {
            ecsdeck::output::error_line(&e.to_string());
            return ExitCode::from(EXIT_USAGE);
        }
    };
    ecsdeck::logging::init();
    match run(cli, config) {
        Ok(code) => code,
        Err(e) => {
            // The report may quote AWS text (a cluster name): sanitised too.
            ecsdeck::output::error_line(&format!("{e:?}"));
            ExitCode::FAILURE
        }
    }
}

fn run(cli: Cli, config: Config) -> color_eyre::Result<ExitCode> {
    tui::install_hooks()?;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()?;
    runtime.block_on(async_main(cli, config))
}

async fn async_main(cli: Cli, config: Config) -> color_eyre::Result<ExitCode> {
    let g = &cli.global;
    let read_only = g.read_only || config.read_only;
    let mut region = None;
    let mut aws_options = None;
    let (source, cluster, default_refresh): (Arc<dyn Backend>, Option<String>, u64) = if g.demo {
        let faults = Faults {
            throttle_rate: g.demo_throttle_rate,
            error_rate: g.demo_error_rate,
            latency: Duration::from_millis(g.demo_latency_ms),
            expired_credentials: g.demo_expired_credentials,
        };
        let scenario = match g.scenario() {
            Ok(s) => s,
            Err(e) => {
                ecsdeck::output::error_line(&e.to_string());
                return Ok(ExitCode::from(EXIT_USAGE));
            }
        };
        let config = SimConfig {
            seed: g.demo_seed,
            speed: Some(g.demo_speed),
            extra_services: g.demo_services,
            faults,
        };
        let sim = Arc::new(SimSource::with_scenario(config, &scenario));
        if let Some(secs) = g.demo_faults_for {
            let sim = Arc::clone(&sim);
            tokio::spawn(async move {
                tokio::time::sleep(Duration::from_secs(secs)).await;
                sim.set_faults(Faults::default());
            });
        }
        let cluster = g
            .cluster
            .clone()
            .or_else(|| Some(scenario.default_cluster().to_string()));
        let source: Arc<dyn Backend> = if read_only {
            Arc::new(ReadOnly(sim))
        } else {
            sim
        };
        (source, cluster, 2)
    } else {
        let options = AwsOptions {
            profile: g.profile.clone(),
            region: g.region.clone(),
            endpoint_url: g.endpoint_url.clone(),
        };
        aws_options = Some(options.clone());
        let aws = match AwsSource::connect(options).await {
            Ok(aws) => Arc::new(aws),
            Err(e) => {
                ecsdeck::output::error_line(&e.to_string());
                return Ok(ExitCode::from(EXIT_USAGE));
            }
        };
        region = Some(aws.region().to_string());
        let source: Arc<dyn Backend> = if read_only {
            Arc::new(ReadOnly(aws))
        } else {
            aws
        };
        (source, g.cluster.clone(), config.refresh_secs)
    };
    let refresh = Duration::from_secs(g.refresh.unwrap_or(if config.refresh_secs == 5 {
        default_refresh
    } else {
        config.refresh_secs
    }));
    let mut keymap: Keymap = config.keymap();
    if read_only {
        keymap = keymap.without_dangerous();
    }
    let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
    let theme = if no_color {
        Theme::plain()
    } else {
        Theme::colored().with_overrides(&config.theme)
    };
    let info = source.info();
    let mut state = State::new(info.clone(), cluster, source.now(), keymap, theme);
    state.read_only = read_only;
    if let Some(service) = &g.present {
        state.open_presenter(Some(service.clone()).filter(|s| !s.is_empty()));
    }
    if let (Some(opts), Some(r)) = (&aws_options, &region) {
        state.switch_choices = ecsdeck::state::source_switch::SwitchChoices {
            enabled: true,
            profiles: ecsdeck::source::aws::profiles::local_profiles(),
            regions: ecsdeck::source::aws::profiles::partition_regions(r)
                .iter()
                .map(|x| x.to_string())
                .collect(),
            profile: ecsdeck::source::aws::config::selected_profile(opts),
            region: r.clone(),
        };
    }
    state.log_capacity = config.log_buffer_lines;
    let (runbooks, runbook_errors) = ecsdeck::runbook::load_all(&config.runbook_dirs);
    state.runbooks = runbooks;
    if let Some(e) = runbook_errors.first() {
        state.status = Some(ecsdeck::state::StatusMessage {
            level: ecsdeck::state::Level::Error,
            text: format!("runbook skipped: {e}"),
            at: state.now,
        });
    }
    state.settings = Settings {
        max_scale: config.max_scale,
        protected_clusters: config.protected_clusters.clone(),
        exec_shell: config.exec_shell.clone(),
    };
    let audit = AuditContext {
        path: AuditContext::default_path(),
        source: info.label.clone(),
        profile: if g.demo { None } else { g.profile.clone() },
        region,
        allow_unaudited: config.allow_unaudited_writes,
    };
    #[allow(clippy::disallowed_methods)] // a check, nothing is written
    let stdout_is_terminal = std::io::stdout().is_terminal();
    if !stdout_is_terminal || !std::io::stdin().is_terminal() {
        ecsdeck::output::error_line(
            "the dashboard needs a terminal (stdin and stdout are not both a TTY); \
             for scripts use a subcommand such as `ecsdeck status --json`",
        );
        return Ok(ExitCode::from(EXIT_USAGE));
    }
    let mut terminal = tui::init()?;
    let result = app::run(
        &mut terminal,
        source,
        state,
        RunOptions {
            refresh,
            tick: Duration::from_secs(1),
            audit,
            budget: config.budget,
            aws: aws_options,
            read_only,
        },
    )
    .await;
    tui::restore();
    result.map(|()| ExitCode::SUCCESS)
}
