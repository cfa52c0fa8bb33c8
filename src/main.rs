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
    let mut members = Vec::new();
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
        let cluster = g
            .cluster
            .clone()
            .or_else(|| Some(scenario.default_cluster().to_string()));
        let guard = |s: Arc<SimSource>| -> Arc<dyn Backend> {
            if read_only { Arc::new(ReadOnly(s)) } else { s }
        };
        // The fleet: each simulated account, a view of the same world.
        let mut sims = vec![Arc::clone(&sim)];
        for a in sim.accounts() {
            if let Some(view) = sim.account_view(&a.name) {
                let view = Arc::new(view);
                sims.push(Arc::clone(&view));
                members.push((a.name.clone(), a.region.clone(), guard(view)));
            }
        }
        if let Some(secs) = g.demo_faults_for {
            // Every account's faults stop, the whole world's too.
            tokio::spawn(async move {
                tokio::time::sleep(Duration::from_secs(secs)).await;
                for s in sims {
                    s.set_faults(Faults::default());
                }
            });
        }
        (guard(sim), cluster, 2)
    } else {
        let pick = |cli: Vec<String>, config: &[String]| {
            if cli.is_empty() { config.to_vec() } else { cli }
        };
        let profiles = pick(g.profiles(), &config.fleet.profiles);
        let regions = pick(g.regions(), &config.fleet.regions);
        let options = AwsOptions {
            profile: profiles.first().cloned(),
            region: regions.first().cloned(),
            endpoint_url: g.endpoint_url.clone(),
        };
        aws_options = Some(options.clone());
        let aws = match AwsSource::connect(options.clone()).await {
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
        match fleet_members(
            &source,
            &options,
            &profiles,
            &regions,
            region.as_deref(),
            read_only,
        )
        .await
        {
            Ok(m) => members = m,
            Err(e) => {
                ecsdeck::output::error_line(&e.to_string());
                return Ok(ExitCode::from(EXIT_USAGE));
            }
        }
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
    state.dashboard = ecsdeck::state::dashboard::Dashboard::new(config.dashboard_panes());
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
    let now = std::time::Instant::now();
    let fleet = ecsdeck::fleet::Fleet::new(
        members
            .into_iter()
            .map(|(account, region, source)| {
                ecsdeck::fleet::Member::new(account, region, source, &config.budget, now)
            })
            .collect(),
    );
    let audit = AuditContext {
        path: AuditContext::default_path(),
        source: info.label.clone(),
        profile: if g.demo {
            None
        } else {
            aws_options.as_ref().and_then(|o| o.profile.clone())
        },
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
            fleet: Some(Arc::new(fleet)),
        },
    )
    .await;
    tui::restore();
    result.map(|()| ExitCode::SUCCESS)
}

/// The fleet of an AWS console: every profile in every region, the one it
/// opens with (`source`, first profile and region) among them. Building a
/// source makes no call; a profile or region that cannot be set up is refused.
async fn fleet_members(
    source: &Arc<dyn Backend>,
    first: &AwsOptions,
    profiles: &[String],
    regions: &[String],
    resolved_region: Option<&str>,
    read_only: bool,
) -> Result<Vec<(String, String, Arc<dyn Backend>)>, ecsdeck::source::SourceError> {
    let own_profile = ecsdeck::source::aws::config::selected_profile(first)
        .unwrap_or_else(|| "default".to_string());
    let own_region = resolved_region.unwrap_or_default().to_string();
    let profiles = if profiles.is_empty() {
        vec![own_profile.clone()]
    } else {
        profiles.to_vec()
    };
    let regions = if regions.is_empty() {
        vec![own_region.clone()]
    } else {
        regions.to_vec()
    };
    let mut out = Vec::new();
    for (i, profile) in profiles.iter().enumerate() {
        for (j, region) in regions.iter().enumerate() {
            let member: Arc<dyn Backend> = if i == 0 && j == 0 {
                Arc::clone(source)
            } else {
                let aws = Arc::new(
                    AwsSource::connect(AwsOptions {
                        profile: Some(profile.clone()),
                        region: Some(region.clone()),
                        endpoint_url: first.endpoint_url.clone(),
                    })
                    .await?,
                );
                if read_only {
                    Arc::new(ReadOnly(aws))
                } else {
                    aws
                }
            };
            out.push((profile.clone(), region.clone(), member));
        }
    }
    Ok(out)
}
