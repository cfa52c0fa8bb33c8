//! Subcommands for pipelines and scripts: `status`, `rollout wait`,
//! `chaos stop-task`, `completions` and `man`.
//!
//! They use the same sources as the console (`--demo` or AWS). Each prints
//! its results to stdout, errors to stderr as one line, and exits with
//! 0 (ok), 1 (failure) or 2 (usage, or a timeout where documented).
//! The logic lives in testable functions ([`rollout::wait`],
//! [`chaos::stop`], [`chaos::wait_recovery`], [`status::build`],
//! [`crate::chaos::timeline::ChaosTimeline`]); [`run`] only wires them to the CLI.

pub(crate) mod chaos;
pub(crate) mod exec;
pub(crate) mod generate;
pub(crate) mod pace;
pub(crate) mod port_forward;
pub(crate) mod rollout;
mod service_deployment_judge;
pub(crate) mod status;

use std::fmt;
use std::process::ExitCode;
use std::sync::Arc;
use std::time::Duration;

use crate::audit::AuditContext;
use crate::cli::{ChaosCommand, Cli, CommandKind, GlobalArgs, RolloutCommand};
use crate::config::Config;
use crate::source::aws::{AwsOptions, AwsSource};
use crate::source::sim::{Faults, SimConfig, SimSource};
use crate::source::{Backend, ReadOnly, SourceError, TaskScope};
use pace::Sleep;

/// Exit status: success.
pub(crate) const EXIT_OK: u8 = 0;
/// Exit status: the operation failed (error, failed rollout, no recovery).
pub(crate) const EXIT_FAILURE: u8 = 1;
/// Exit status: bad usage, or `rollout wait` timed out.
pub(crate) const EXIT_USAGE: u8 = 2;

/// An error that ends a subcommand: one line for stderr and an exit status.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct CmdError {
    /// Exit status.
    pub(crate) code: u8,
    /// One line, without the `ecsdeck:` prefix.
    pub(crate) message: String,
}

impl CmdError {
    /// A usage error (exit 2).
    pub(crate) fn usage(message: impl Into<String>) -> Self {
        Self {
            code: EXIT_USAGE,
            message: message.into(),
        }
    }
}

impl fmt::Display for CmdError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl From<SourceError> for CmdError {
    fn from(e: SourceError) -> Self {
        Self {
            code: EXIT_FAILURE,
            message: e.to_string(),
        }
    }
}

/// Whether the command is a subcommand handled here (everything but the dashboard).
pub fn is_subcommand(cli: &Cli) -> bool {
    cli.command
        .as_ref()
        .is_some_and(|c| !matches!(c, CommandKind::Ui))
}

/// Runs a subcommand and returns the process exit status.
pub fn run(cli: &Cli) -> ExitCode {
    let Some(command) = &cli.command else {
        return ExitCode::from(EXIT_USAGE);
    };
    // Generated from the clap definitions: no config, no source, no AWS text.
    #[allow(clippy::disallowed_methods)]
    let mut stdout = std::io::stdout().lock();
    match command {
        CommandKind::Completions(a) => return finish(generate::completions(a.shell, &mut stdout)),
        CommandKind::Man => return finish(generate::man(&mut stdout)),
        _ => {}
    }
    drop(stdout);
    let config = match Config::load(cli.global.config.as_deref()) {
        Ok(c) => c,
        Err(e) => return finish(Err(CmdError::usage(e.to_string()))),
    };
    crate::logging::init();
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
    {
        Ok(r) => r,
        Err(e) => {
            return finish(Err(CmdError {
                code: EXIT_FAILURE,
                message: format!("cannot start the async runtime: {e}"),
            }));
        }
    };
    finish(runtime.block_on(run_async(command, &cli.global, &config)))
}

fn finish(result: Result<u8, CmdError>) -> ExitCode {
    match result {
        Ok(code) => ExitCode::from(code),
        Err(e) => {
            crate::output::error_line(&e.to_string());
            ExitCode::from(e.code)
        }
    }
}

/// A source for a subcommand, and how to let its time pass.
pub(crate) struct CommandSource {
    /// Reads and writes (wrapped in [`ReadOnly`] in read-only mode).
    pub(crate) backend: Arc<dyn Backend>,
    /// Sleeps `interval / speed` of wall time per poll.
    pub(crate) pacer: Sleep,
    /// The cluster to use when `--cluster` is not given (the demo scenario's default).
    pub(crate) default_cluster: Option<String>,
}

/// Builds the source from the global flags: the simulator for `--demo`
/// (running at `--demo-speed`), AWS otherwise (`--profile`, `--region`,
/// `--endpoint-url`). A source that cannot be set up is a usage error (exit 2).
pub(crate) async fn source(
    global: &GlobalArgs,
    config: &Config,
) -> Result<CommandSource, CmdError> {
    let read_only = global.read_only || config.read_only;
    if !global.demo {
        let aws = AwsSource::connect(AwsOptions {
            profile: one("--profile", global.profiles())?,
            region: one("--region", global.regions())?,
            endpoint_url: global.endpoint_url.clone(),
        })
        .await
        .map_err(|e| CmdError::usage(e.to_string()))?;
        let aws = Arc::new(aws);
        let backend: Arc<dyn Backend> = if read_only {
            Arc::new(ReadOnly(aws))
        } else {
            aws
        };
        return Ok(CommandSource {
            backend,
            pacer: Sleep::REAL_TIME,
            default_cluster: None,
        });
    }
    let scenario = global
        .scenario()
        .map_err(|e| CmdError::usage(e.to_string()))?;
    let config = SimConfig {
        seed: global.demo_seed,
        speed: Some(global.demo_speed),
        extra_services: global.demo_services,
        faults: Faults {
            throttle_rate: global.demo_throttle_rate,
            error_rate: global.demo_error_rate,
            latency: Duration::from_millis(global.demo_latency_ms),
            expired_credentials: global.demo_expired_credentials,
        },
    };
    let sim = Arc::new(SimSource::with_scenario(config, &scenario));
    if let Some(secs) = global.demo_faults_for {
        let sim = Arc::clone(&sim);
        tokio::spawn(async move {
            tokio::time::sleep(Duration::from_secs(secs)).await;
            sim.set_faults(Faults::default());
        });
    }
    let backend: Arc<dyn Backend> = if read_only {
        Arc::new(ReadOnly(sim))
    } else {
        sim
    };
    Ok(CommandSource {
        backend,
        pacer: Sleep {
            speed: global.demo_speed,
        },
        default_cluster: Some(scenario.default_cluster().to_string()),
    })
}

/// The one name a subcommand acts in, of `--profile` or `--region`.
///
/// The dashboard takes a list (`a,b`) for its fleet; a subcommand works in
/// one account and region, so a list is a usage error naming the flag, not a
/// profile looked up under the name `a,b`. Blanks and repeats are dropped
/// first (`a,` and `a,a` are `a`).
pub(crate) fn one(flag: &str, names: Vec<String>) -> Result<Option<String>, CmdError> {
    match names.as_slice() {
        [] => Ok(None),
        [name] => Ok(Some(name.clone())),
        _ => Err(CmdError::usage(format!(
            "{flag} takes one name for a subcommand, got {}: the list is for the dashboard's :fleet",
            names.join(",")
        ))),
    }
}

fn cluster(global: &GlobalArgs, src: &CommandSource) -> Result<String, CmdError> {
    global
        .cluster
        .clone()
        .or_else(|| src.default_cluster.clone())
        .ok_or_else(|| CmdError::usage("--cluster is required"))
}

/// Where a subcommand's writes are audited: the same file as the console's.
fn audit_context(global: &GlobalArgs, config: &Config, backend: &dyn Backend) -> AuditContext {
    AuditContext {
        path: AuditContext::default_path(),
        source: backend.info().label,
        profile: if global.demo {
            None
        } else {
            one("--profile", global.profiles()).ok().flatten()
        },
        region: if global.demo {
            None
        } else {
            one("--region", global.regions()).ok().flatten()
        },
        allow_unaudited: config.allow_unaudited_writes,
    }
}

fn print_line(line: &str) {
    crate::output::line(line);
}

async fn run_async(
    command: &CommandKind,
    global: &GlobalArgs,
    config: &Config,
) -> Result<u8, CmdError> {
    if !global.demo && global.cluster.is_none() {
        return Err(CmdError::usage("--cluster is required"));
    }
    let mut src = source(global, config).await?;
    let cluster = cluster(global, &src)?;
    let backend = Arc::clone(&src.backend);
    match command {
        CommandKind::Status(args) => {
            let services = backend.services(&cluster).await?;
            let tasks = backend.tasks(&cluster, &TaskScope::Cluster).await?;
            let mut arns: Vec<String> = services
                .iter()
                .flat_map(|s| s.load_balancers.iter().map(|l| l.target_group_arn.clone()))
                .collect();
            arns.sort();
            arns.dedup();
            let groups = if arns.is_empty() {
                Vec::new()
            } else {
                backend.target_groups(&arns).await?
            };
            let alarms = match backend.alarms().await {
                Ok(a) => Some(a),
                Err(e) => {
                    crate::output::error_line(&format!("warning: alarms not read: {e}"));
                    None
                }
            };
            let report = status::build(
                &cluster,
                backend.info().kind,
                backend.now(),
                &services,
                &tasks,
                &groups,
                alarms.as_deref(),
            );
            if args.json {
                let json = crate::text::json::to_string_pretty(&report).map_err(|e| CmdError {
                    code: EXIT_FAILURE,
                    message: format!("cannot encode JSON: {e}"),
                })?;
                print_line(&json);
            } else {
                crate::output::text_block(&status::table(&report));
            }
            Ok(EXIT_OK)
        }
        CommandKind::Exec(a) => {
            let audit = audit_context(global, config, &*backend);
            exec::run(&*backend, &audit, &cluster, a, &config.exec_shell).await
        }
        CommandKind::PortForward(a) => {
            let audit = audit_context(global, config, &*backend);
            port_forward::run(&*backend, &audit, &cluster, a).await
        }
        CommandKind::Rollout(RolloutCommand::Wait(a)) => {
            let opts = rollout::WaitOptions {
                timeout: Duration::from_secs(a.timeout),
                interval: Duration::from_secs(a.interval),
            };
            let report = rollout::wait(
                &*backend,
                &mut src.pacer,
                &cluster,
                &a.service,
                opts,
                &mut print_line,
            )
            .await?;
            match &report.outcome {
                rollout::WaitOutcome::Completed => print_line(&format!(
                    "{}s  COMPLETED  {} (deployment {})",
                    report.elapsed_secs, report.task_definition, report.deployment_id
                )),
                rollout::WaitOutcome::Failed(why) => crate::output::error_line(&format!(
                    "rollout of {} to {} failed after {}s: {why}",
                    a.service, report.task_definition, report.elapsed_secs
                )),
                // The limit the user set, not the seconds counted when the
                // last check came back (a slow answer can end past it).
                rollout::WaitOutcome::TimedOut => crate::output::error_line(&format!(
                    "timed out after {}s waiting for the rollout of {} to {} ({}, running {}/{})",
                    a.timeout,
                    a.service,
                    report.task_definition,
                    report.watch.rollout_state.map_or("UNKNOWN", |s| s.as_str()),
                    report.watch.running,
                    report.watch.desired
                )),
            }
            Ok(report.exit_code())
        }
        CommandKind::Chaos(ChaosCommand::StopTask(a)) => {
            let service = rollout::fetch_service(&*backend, &cluster, &a.service).await?;
            let pick = match (&a.task, a.random) {
                (Some(t), _) => chaos::Pick::Task(t.clone()),
                (None, true) => chaos::Pick::Random,
                (None, false) => chaos::Pick::First,
            };
            let reason = crate::ops::chaos_reason();
            let audit = audit_context(global, config, &*backend);
            let stopped = chaos::stop(&*backend, &audit, &service, &pick, &reason).await?;
            if let Some(e) = &stopped.audit_error {
                crate::output::error_line(&format!("warning: audit log not written: {e}"));
            }
            let mut timeline = stopped.timeline;
            print_line(&format!(
                "stopped task {} of {}/{}: {reason}",
                timeline.victim, cluster, a.service
            ));
            if !a.wait_recovery {
                return Ok(EXIT_OK);
            }
            for line in timeline.lines() {
                print_line(&line);
            }
            let recovered = chaos::wait_recovery(
                &*backend,
                &mut src.pacer,
                &service,
                &mut timeline,
                Duration::from_secs(a.timeout),
                Duration::from_secs(a.interval),
                &mut print_line,
            )
            .await?;
            if recovered {
                let secs = timeline.time_to_recovery().map_or(0, |d| d.num_seconds());
                print_line(&format!("time to recovery: {secs}s"));
                Ok(EXIT_OK)
            } else {
                let waiting = timeline.waiting_for().map_or("recovery", |m| m.label());
                Err(CmdError {
                    code: EXIT_FAILURE,
                    message: format!(
                        "{} did not recover within {}s (waiting for: {waiting})",
                        a.service, a.timeout
                    ),
                })
            }
        }
        CommandKind::Ui | CommandKind::Completions(_) | CommandKind::Man => Ok(EXIT_OK),
    }
}

#[cfg(test)]
mod tests;
#[cfg(test)]
mod tests_service_deployments;
