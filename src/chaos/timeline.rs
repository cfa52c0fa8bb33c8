//! The self-healing stopwatch: from successive snapshots of a service's tasks
//! and target groups after a task was stopped, records when each step of the
//! recovery happened.
//!
//! Two paths run side by side: the stopped task (deactivating / target
//! draining → stopped) and its replacement (provisioning → running →
//! container healthy → target healthy). The service has *recovered* when the
//! replacement is healthy at every layer and as many tasks are healthy as
//! before the stop. Pure: the caller fetches, this module only looks; the
//! `chaos stop-task` command and the console's stopwatch both drive it.

use std::collections::HashSet;

use serde::Serialize;

use crate::model::{HealthStatus, Service, TargetGroup, TargetState, Task, TaskStatus, Time};

/// One step of a recovery.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub(crate) enum Milestone {
    /// StopTask was sent.
    StopRequested,
    /// The stopped task is on its way down (DEACTIVATING/STOPPING; its target draining).
    TaskStopping,
    /// The stopped task reached STOPPED (or left the task list).
    TaskStopped,
    /// The scheduler created a replacement task (PROVISIONING).
    ReplacementProvisioning,
    /// The replacement reached RUNNING.
    ReplacementRunning,
    /// The replacement's container health checks pass (or it has none).
    ContainerHealthy,
    /// The replacement's ALB target is `healthy`.
    TargetHealthy,
    /// A replacement stopped before it became healthy; the next one is followed.
    ReplacementFailed,
    /// The service is as healthy as before the stop.
    Recovered,
}

impl Milestone {
    /// A short label for timelines (`task stopped`, `target healthy`, ...).
    pub(crate) fn label(self) -> &'static str {
        match self {
            Milestone::StopRequested => "stop requested",
            Milestone::TaskStopping => "task stopping",
            Milestone::TaskStopped => "task stopped",
            Milestone::ReplacementProvisioning => "replacement provisioning",
            Milestone::ReplacementRunning => "replacement running",
            Milestone::ContainerHealthy => "container healthy",
            Milestone::TargetHealthy => "target healthy",
            Milestone::ReplacementFailed => "replacement failed",
            Milestone::Recovered => "recovered",
        }
    }
}

/// A milestone with when it happened and a detail line.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub(crate) struct Mark {
    /// Which step.
    pub(crate) milestone: Milestone,
    /// When it happened (the task's own timestamp where ECS reports one, else when observed).
    pub(crate) at: Time,
    /// Detail, e.g. the task id or the stop code.
    pub(crate) detail: String,
}

/// The recovery of one service after one task was stopped.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ChaosTimeline {
    /// Service name.
    pub(crate) service: String,
    /// The stopped task's id.
    pub(crate) victim: String,
    /// When the stop was requested.
    pub(crate) started_at: Time,
    /// Whether the service is behind a load balancer (target health counts).
    pub(crate) load_balanced: bool,
    /// Healthy tasks before the stop (the victim included).
    pub(crate) baseline_healthy: usize,
    /// The replacement being followed, once seen.
    pub(crate) replacement: Option<String>,
    /// Milestones in the order they were recorded.
    pub(crate) marks: Vec<Mark>,
    #[serde(skip)]
    victim_ip: Option<String>,
    #[serde(skip)]
    victim_had_health_check: bool,
    #[serde(skip)]
    not_replacements: HashSet<String>,
    #[serde(skip)]
    target_groups: Vec<String>,
}

fn short(id: &str) -> &str {
    id.get(..12).unwrap_or(id)
}

/// Whether a task counts as healthy: RUNNING and wanted, container health not
/// failing (HEALTHY, or UNKNOWN when `checks` is false) and, when load
/// balanced, a `healthy` target.
fn task_healthy(t: &Task, checks: bool, lb: bool, groups: &[&TargetGroup]) -> bool {
    if t.last_status != TaskStatus::Running || t.desired_status != TaskStatus::Running {
        return false;
    }
    let health_ok = match t.health {
        HealthStatus::Healthy => true,
        HealthStatus::Unknown => !checks,
        HealthStatus::Unhealthy => false,
    };
    health_ok && (!lb || target_state(t, groups) == Some(TargetState::Healthy))
}

fn target_state(t: &Task, groups: &[&TargetGroup]) -> Option<TargetState> {
    let ip = t.private_ip.as_deref()?;
    groups
        .iter()
        .flat_map(|g| g.targets.iter())
        .find(|x| x.id == ip)
        .map(|x| x.state)
}

impl ChaosTimeline {
    /// Starts a timeline when `victim` of `service` is being stopped at
    /// `started_at`; `tasks` and `target_groups` are the snapshot before the stop.
    pub(crate) fn new(
        service: &Service,
        victim: &Task,
        tasks: &[Task],
        target_groups: &[TargetGroup],
        started_at: Time,
    ) -> Self {
        let tg_arns: Vec<String> = service
            .load_balancers
            .iter()
            .map(|l| l.target_group_arn.clone())
            .collect();
        let load_balanced = !tg_arns.is_empty();
        let victim_had_health_check = victim.health != HealthStatus::Unknown;
        let mut t = Self {
            service: service.name.clone(),
            victim: victim.id.clone(),
            started_at,
            load_balanced,
            baseline_healthy: 0,
            replacement: None,
            marks: Vec::new(),
            victim_ip: victim.private_ip.clone(),
            victim_had_health_check,
            not_replacements: tasks.iter().map(|t| t.id.clone()).collect(),
            target_groups: tg_arns,
        };
        let gs: Vec<&TargetGroup> = target_groups
            .iter()
            .filter(|g| t.target_groups.contains(&g.arn))
            .collect();
        t.baseline_healthy = tasks
            .iter()
            .filter(|x| x.service_name() == Some(service.name.as_str()))
            .filter(|x| task_healthy(x, t.victim_had_health_check, load_balanced, &gs))
            .count();
        let td = crate::model::task_def_short(&victim.task_definition).to_string();
        let ip = victim.private_ip.clone().unwrap_or_default();
        t.push(
            Milestone::StopRequested,
            started_at,
            format!("task {} ({td}) {ip}", short(&victim.id))
                .trim_end()
                .to_string(),
        );
        t
    }

    fn push(&mut self, milestone: Milestone, at: Time, detail: String) {
        self.marks.push(Mark {
            milestone,
            at: at.max(self.started_at),
            detail,
        });
    }

    /// When `m` was first reached.
    pub(crate) fn reached(&self, m: Milestone) -> Option<Time> {
        self.marks.iter().find(|x| x.milestone == m).map(|x| x.at)
    }

    /// Whether the service has recovered.
    pub(crate) fn is_recovered(&self) -> bool {
        self.reached(Milestone::Recovered).is_some()
    }

    /// Time from the stop to recovery, once recovered.
    pub fn time_to_recovery(&self) -> Option<chrono::Duration> {
        self.reached(Milestone::Recovered)
            .map(|at| at - self.started_at)
    }

    /// Stopwatch reading: time since the stop (frozen at recovery).
    pub(crate) fn elapsed(&self, now: Time) -> chrono::Duration {
        let end = self.reached(Milestone::Recovered).unwrap_or(now);
        (end - self.started_at).max(chrono::Duration::zero())
    }

    /// The next step of the replacement path not reached yet (what the stopwatch waits for).
    pub(crate) fn waiting_for(&self) -> Option<Milestone> {
        let mut path = vec![
            Milestone::ReplacementProvisioning,
            Milestone::ReplacementRunning,
            Milestone::ContainerHealthy,
        ];
        if self.load_balanced {
            path.push(Milestone::TargetHealthy);
        }
        path.push(Milestone::Recovered);
        path.into_iter().find(|m| !self.reached_now(*m))
    }

    fn last_failure(&self) -> Option<usize> {
        self.marks
            .iter()
            .rposition(|x| x.milestone == Milestone::ReplacementFailed)
    }

    /// Whether `m` was reached by the current replacement (after the last failed one).
    fn reached_now(&self, m: Milestone) -> bool {
        let since = self.last_failure();
        self.marks
            .iter()
            .enumerate()
            .any(|(i, x)| x.milestone == m && since.is_none_or(|f| i > f))
    }

    /// Updates the timeline from a fresh snapshot of the service's tasks and
    /// target groups at `now`; returns the milestones reached since the last call.
    pub(crate) fn observe(
        &mut self,
        tasks: &[Task],
        target_groups: &[TargetGroup],
        now: Time,
    ) -> Vec<Mark> {
        let before = self.marks.len();
        let groups: Vec<&TargetGroup> = target_groups
            .iter()
            .filter(|g| self.target_groups.contains(&g.arn))
            .collect();
        let mut batch: Vec<Mark> = Vec::new();
        let mut add = |m: Milestone, at: Time, detail: String| {
            batch.push(Mark {
                milestone: m,
                at,
                detail,
            })
        };

        // The stopped task.
        let victim = tasks.iter().find(|t| t.id == self.victim);
        if !self.reached_any(Milestone::TaskStopping) {
            let stopping = victim.is_none_or(|v| v.last_status.is_stopping_or_stopped());
            if stopping {
                let at = victim.and_then(|v| v.stopping_at).unwrap_or(now);
                let draining = self
                    .victim_ip
                    .as_ref()
                    .and_then(|ip| {
                        groups
                            .iter()
                            .flat_map(|g| g.targets.iter())
                            .find(|x| &x.id == ip)
                    })
                    .is_some_and(|x| x.state == TargetState::Draining);
                let status = victim.map_or("gone", |v| v.last_status.as_str());
                let detail = if draining {
                    format!("{status}, target draining")
                } else {
                    status.to_string()
                };
                add(Milestone::TaskStopping, at, detail);
            }
        }
        if !self.reached_any(Milestone::TaskStopped) {
            match victim {
                Some(v) if v.last_status == TaskStatus::Stopped => {
                    let code = v.stop_code.clone().unwrap_or_default();
                    add(Milestone::TaskStopped, v.stopped_at.unwrap_or(now), code);
                }
                None => add(Milestone::TaskStopped, now, "no longer listed".into()),
                _ => {}
            }
        }

        // The stopwatch stops at recovery; only the stopped task is followed after it.
        if self.is_recovered() {
            for m in batch {
                self.push(m.milestone, m.at, m.detail);
            }
            return self.new_since(before);
        }
        // The replacement: the earliest new task of the service that is wanted.
        if let Some(id) = self.replacement.clone() {
            let r = tasks.iter().find(|t| t.id == id);
            if r.is_none_or(|r| r.desired_status == TaskStatus::Stopped) {
                let why = r
                    .and_then(|r| r.stopped_reason.clone().or_else(|| r.stop_code.clone()))
                    .unwrap_or_else(|| "no longer listed".into());
                let at = r.and_then(|r| r.stopping_at).unwrap_or(now);
                add(
                    Milestone::ReplacementFailed,
                    at,
                    format!("task {}: {why}", short(&id)),
                );
                self.not_replacements.insert(id);
                self.replacement = None;
            }
        }
        for m in batch {
            self.push(m.milestone, m.at, m.detail);
        }
        if self.replacement.is_none() {
            let next = tasks
                .iter()
                .filter(|t| !self.not_replacements.contains(&t.id))
                .filter(|t| t.service_name() == Some(self.service.as_str()))
                .filter(|t| t.desired_status == TaskStatus::Running)
                .min_by_key(|t| (t.created_at.is_none(), t.created_at, t.id.clone()));
            if let Some(r) = next {
                self.replacement = Some(r.id.clone());
                let td = crate::model::task_def_short(&r.task_definition).to_string();
                self.push(
                    Milestone::ReplacementProvisioning,
                    r.created_at.unwrap_or(now),
                    format!("task {} ({td})", short(&r.id)),
                );
            }
        }
        let replacement = self
            .replacement
            .as_ref()
            .and_then(|id| tasks.iter().find(|t| &t.id == id));
        if let Some(r) = replacement {
            if !self.reached_now(Milestone::ReplacementRunning)
                && r.last_status >= TaskStatus::Running
                && r.desired_status == TaskStatus::Running
            {
                let ip = r.private_ip.clone().unwrap_or_default();
                self.push(
                    Milestone::ReplacementRunning,
                    r.started_at.unwrap_or(now),
                    ip,
                );
            }
            if self.reached_now(Milestone::ReplacementRunning)
                && !self.reached_now(Milestone::ContainerHealthy)
            {
                if r.health == HealthStatus::Healthy {
                    self.push(Milestone::ContainerHealthy, now, "HEALTHY".into());
                } else if !self.victim_had_health_check && r.last_status == TaskStatus::Running {
                    let at = r.started_at.unwrap_or(now);
                    self.push(
                        Milestone::ContainerHealthy,
                        at,
                        "no container health check".into(),
                    );
                }
            }
            if self.load_balanced
                && self.reached_now(Milestone::ReplacementRunning)
                && !self.reached_now(Milestone::TargetHealthy)
                && target_state(r, &groups) == Some(TargetState::Healthy)
            {
                let ip = r.private_ip.clone().unwrap_or_default();
                self.push(Milestone::TargetHealthy, now, ip);
            }
            let replacement_ok = self.reached_now(Milestone::ContainerHealthy)
                && (!self.load_balanced || self.reached_now(Milestone::TargetHealthy));
            let healthy = tasks
                .iter()
                .filter(|t| t.service_name() == Some(self.service.as_str()))
                .filter(|t| {
                    task_healthy(t, self.victim_had_health_check, self.load_balanced, &groups)
                })
                .count();
            if replacement_ok && healthy >= self.baseline_healthy {
                self.push(
                    Milestone::Recovered,
                    now,
                    format!("{healthy}/{} tasks healthy", self.baseline_healthy),
                );
            }
        }
        self.new_since(before)
    }

    fn new_since(&self, before: usize) -> Vec<Mark> {
        let mut new: Vec<Mark> = self.marks.get(before..).unwrap_or_default().to_vec();
        new.sort_by_key(|m| m.at);
        new
    }

    /// Whether the service recovered and the stopped task reached STOPPED:
    /// nothing more will be recorded.
    pub(crate) fn is_complete(&self) -> bool {
        self.is_recovered() && self.reached_any(Milestone::TaskStopped)
    }

    fn reached_any(&self, m: Milestone) -> bool {
        self.reached(m).is_some()
    }

    /// One line per milestone, sorted by time: `+31s  task stopped  UserInitiated`.
    pub fn lines(&self) -> Vec<String> {
        let mut marks = self.marks.clone();
        marks.sort_by_key(|m| m.at);
        marks.iter().map(|m| self.format_mark(m)).collect()
    }

    /// Formats one milestone as a timeline line.
    pub(crate) fn format_mark(&self, m: &Mark) -> String {
        let secs = (m.at - self.started_at).num_seconds().max(0);
        format!(
            "{:>6}  {:<24}  {}",
            format!("+{secs}s"),
            m.milestone.label(),
            m.detail
        )
        .trim_end()
        .to_string()
    }
}
