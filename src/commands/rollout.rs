//! `ecsdeck rollout wait`: follow the deployment that is PRIMARY at start, by
//! id, until it is COMPLETED with its task definition (success), FAILED or
//! rolled back by the circuit breaker (failure), or the timeout passes.
//!
//! A rollback is a failure even though the service soon looks steady again:
//! the rollback deployment is a *newer* PRIMARY on an *older* revision, which
//! a plain "services-stable" wait reports as success. The deployment logic is
//! [`crate::watch::RolloutWatch`], shared with the console's rollout panel.

use std::time::Duration;

use super::pace::Pacer;
use super::service_deployment_judge::{self as judge, Verdict};
use crate::model::{Service, task_def_short};
use crate::source::{ErrorKind, Source, SourceError};
use crate::watch::{Outcome, RolloutWatch};

/// How long to wait and how often to look.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct WaitOptions {
    /// Give up after this much source time.
    pub(crate) timeout: Duration,
    /// Time between polls.
    pub(crate) interval: Duration,
}

/// How a wait ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum WaitOutcome {
    /// The deployment completed with its task definition.
    Completed,
    /// It failed, was rolled back or was replaced: why.
    Failed(String),
    /// The timeout passed first.
    TimedOut,
}

/// The result of a wait.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct WaitReport {
    /// How it ended.
    pub(crate) outcome: WaitOutcome,
    /// Seconds of source time from start to end.
    pub(crate) elapsed_secs: i64,
    /// The deployment followed.
    pub(crate) deployment_id: String,
    /// Its task definition (`family:revision`).
    pub(crate) task_definition: String,
    /// The last state seen.
    pub(crate) watch: RolloutWatch,
}

impl WaitReport {
    /// The process exit code: 0 completed, 1 failed, 2 timed out.
    pub(crate) fn exit_code(&self) -> u8 {
        match self.outcome {
            WaitOutcome::Completed => 0,
            WaitOutcome::Failed(_) => 1,
            WaitOutcome::TimedOut => 2,
        }
    }
}

/// Finds `name` among the services of `cluster`.
pub(crate) async fn fetch_service<S: Source + ?Sized>(
    source: &S,
    cluster: &str,
    name: &str,
) -> Result<Service, SourceError> {
    source
        .services(cluster)
        .await?
        .into_iter()
        .find(|s| s.name == name)
        .ok_or_else(|| {
            SourceError::new(
                ErrorKind::NotFound,
                "ecs:DescribeServices",
                format!("service {name} not found in cluster {cluster}"),
            )
        })
}

fn progress_line(elapsed: i64, w: &RolloutWatch) -> String {
    let state = match &w.outcome {
        Some(Outcome::Failed(_)) => "FAILED",
        _ => w.rollout_state.map_or("UNKNOWN", |s| s.as_str()),
    };
    format!(
        "{elapsed}s  {state}  running {}/{}  {}",
        w.running,
        w.desired,
        task_def_short(&w.intended)
    )
}

/// Follows the PRIMARY deployment of `service` until it ends or `opts.timeout`
/// passes, printing a progress line through `progress` whenever the state or
/// counts change (and every 30 s otherwise). Transient errors (throttling,
/// network, 5xx) are reported and retried at the next poll; others end the wait.
pub(crate) async fn wait<S: Source + ?Sized, P: Pacer>(
    source: &S,
    pacer: &mut P,
    cluster: &str,
    service: &str,
    opts: WaitOptions,
    progress: &mut (dyn FnMut(&str) + Send),
) -> Result<WaitReport, SourceError> {
    let start = source.now();
    let svc = fetch_service(source, cluster, service).await?;
    let Some(primary) = svc.primary_deployment().cloned() else {
        return Err(SourceError::new(
            ErrorKind::NotFound,
            "ecs:DescribeServices",
            format!("service {service} has no PRIMARY deployment"),
        ));
    };
    let mut watch = RolloutWatch::deployment(&svc, "wait", primary.task_definition.clone(), start);
    watch.deployment_id = Some(primary.id.clone());
    progress(&format!(
        "following deployment {} of {service} ({})",
        primary.id,
        task_def_short(&primary.task_definition)
    ));
    // A blue/green, linear or canary deployment is judged from its service
    // deployment: the service looks steady long before it has finished baking.
    let mut followed = match judge::current(source, cluster, service, primary.created_at).await {
        Ok(d) => d,
        Err(e) => {
            progress(&format!(
                "service deployments unavailable ({e}); judging from the deployments array"
            ));
            None
        }
    };
    if let Some(d) = &followed {
        progress(&format!(
            "following service deployment {} ({})",
            d.short_id(),
            judge::describe(d)
        ));
    }
    let timeout = chrono::Duration::from_std(opts.timeout).unwrap_or(chrono::Duration::MAX);
    let mut last_line = String::new();
    let mut last_print = i64::MIN;
    let mut current = Some(svc);
    loop {
        let now = source.now();
        let elapsed = (now - start).num_seconds().max(0);
        if let Some(svc) = &current {
            watch.observe(svc, now);
            if watch.outcome.is_none() && !svc.deployments.iter().any(|d| d.id == primary.id) {
                let by = svc.primary_deployment().map_or_else(
                    || "nothing".to_string(),
                    |p| {
                        format!(
                            "deployment {} ({})",
                            p.id,
                            task_def_short(&p.task_definition)
                        )
                    },
                );
                watch.outcome = Some(Outcome::Failed(format!("replaced by {by}")));
                watch.finished_at = Some(now);
            }
            if let Some(Outcome::Failed(why)) = &mut watch.outcome
                && !why.contains("rolled back")
                && let Some(p) = svc.primary_deployment().filter(|p| p.id != primary.id)
            {
                why.push_str(&format!(
                    "; rolled back to {} (deployment {})",
                    task_def_short(&p.task_definition),
                    p.id
                ));
            }
            if let Some(d) = &followed {
                watch.outcome = match judge::verdict(d) {
                    Verdict::Running => None,
                    Verdict::Succeeded => Some(Outcome::Completed),
                    Verdict::Failed(why) => Some(Outcome::Failed(why)),
                };
            }
            let mut line = progress_line(elapsed, &watch);
            if let Some(d) = &followed {
                line.push_str(&format!("  {}", judge::describe(d)));
            }
            let body = line.split_once("  ").map_or("", |(_, b)| b).to_string();
            if body != last_line || elapsed - last_print >= 30 {
                progress(&line);
                last_line = body;
                last_print = elapsed;
            }
        }
        let outcome = match &watch.outcome {
            Some(Outcome::Completed) => Some(WaitOutcome::Completed),
            Some(Outcome::Failed(why)) => Some(WaitOutcome::Failed(why.clone())),
            None if now - start >= timeout => Some(WaitOutcome::TimedOut),
            None => None,
        };
        if let Some(outcome) = outcome {
            return Ok(WaitReport {
                outcome,
                elapsed_secs: elapsed,
                deployment_id: primary.id.clone(),
                task_definition: task_def_short(&primary.task_definition).to_string(),
                watch,
            });
        }
        // Never sleep past the timeout: the last check happens at the limit.
        let left = (timeout - (now - start)).to_std().unwrap_or_default();
        pacer.pause(opts.interval.min(left)).await;
        current = match fetch_service(source, cluster, service).await {
            Ok(s) => Some(s),
            Err(e) if e.is_transient() => {
                progress(&format!("{elapsed}s  retrying after error: {e}"));
                None
            }
            Err(e) => return Err(e),
        };
        if let Some(d) = &followed {
            match judge::refresh(source, &d.arn).await {
                Ok(Some(fresh)) => followed = Some(fresh),
                Ok(None) => {}
                Err(e) if e.is_transient() => {
                    progress(&format!("{elapsed}s  retrying after error: {e}"));
                }
                Err(e) => return Err(e),
            }
        }
    }
}
