//! The simulated world: every cluster, service, task, target group and alarm,
//! and the fixed-tick loop that moves it forward in virtual time.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use rand::Rng;
use rand_chacha::ChaCha8Rng;

use super::metrics::{ServiceMetrics, SimAlarm};
use super::{deploy, ids, metrics, scheduler};
use crate::model::{Service, ServiceEvent, TargetState, Task, TaskDefinition, Time};

/// ECS keeps this many service events.
pub(crate) const MAX_EVENTS: usize = 100;
/// At most this many ticks per catch-up; longer gaps are stepped coarser.
pub(crate) const MAX_TICKS_PER_CATCH_UP: i64 = 3600;
/// How long a stopped task stays listed (ECS: about an hour).
pub(crate) const STOPPED_TASK_RETENTION_S: i64 = 3600;

/// What kind of workload a service runs: drives its logs and metrics.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    /// An HTTP API behind an ALB.
    Web,
    /// A queue consumer without a load balancer.
    Worker,
}

/// Per-service simulation state next to the model [`Service`].
#[derive(Debug, Clone)]
pub(crate) struct SimService {
    /// The service as ECS reports it (counts are refreshed every tick).
    pub(crate) svc: Service,
    /// Workload kind.
    pub(crate) kind: Kind,
    /// Whether its tasks crash now and then (OOM or exit 1).
    pub(crate) flaky: bool,
    /// Target group index, if load balanced.
    pub(crate) tg: Option<usize>,
    /// Sequence numbers of its tasks (live and recently stopped), oldest first.
    pub(crate) tasks: Vec<u64>,
    /// The task definition of the last COMPLETED deployment (the rollback target).
    pub(crate) last_completed_td: String,
    /// Whether a steady state was reported and still holds.
    pub(crate) steady: bool,
    /// ECS healthCheckGracePeriodSeconds (ELB health ignored before).
    pub(crate) grace_period_s: i64,
    /// Metric history and accumulators.
    pub(crate) metrics: ServiceMetrics,
    /// Baseline CPU percent.
    pub(crate) base_cpu: f64,
    /// Baseline memory percent.
    pub(crate) base_mem: f64,
    /// Baseline requests per minute (load-balanced services).
    pub(crate) base_rpm: f64,
}

/// An ALB target group.
#[derive(Debug, Clone)]
pub(crate) struct SimTargetGroup {
    /// ARN.
    pub(crate) arn: String,
    /// Name.
    pub(crate) name: String,
    /// Traffic port.
    pub(crate) port: u16,
    /// Health check path.
    pub(crate) path: String,
    /// The load balancer it is attached to (name).
    pub(crate) lb_name: String,
    /// CloudWatch `LoadBalancer` dimension (`app/name/id`).
    pub(crate) lb_dimension: String,
    /// CloudWatch `TargetGroup` dimension (`targetgroup/name/id`).
    pub(crate) tg_dimension: String,
    /// Health check interval, seconds.
    pub(crate) interval_s: i64,
    /// Consecutive successes to become healthy.
    pub(crate) healthy_threshold: i64,
    /// Consecutive failures to become unhealthy.
    pub(crate) unhealthy_threshold: i64,
    /// Deregistration delay, seconds.
    pub(crate) deregistration_delay_s: i64,
    /// The service whose tasks register here.
    pub(crate) service: usize,
}

/// A registered target (the task's ENI IP on the group's port).
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct SimTarget {
    /// Health state.
    pub(crate) state: TargetState,
    /// Reason code.
    pub(crate) reason: Option<&'static str>,
    /// Reason description.
    pub(crate) description: Option<String>,
    /// When the state changes next (health verdict or end of draining).
    pub(crate) changes_at: Option<Time>,
}

/// A task with its simulation state.
#[derive(Debug, Clone)]
pub(crate) struct SimTask {
    /// The task as ECS reports it.
    pub(crate) task: Task,
    /// Owning service index.
    pub(crate) service: usize,
    /// Owning deployment id.
    pub(crate) deployment: String,
    /// Whether its task definition is a bad revision (fails health checks).
    pub(crate) bad: bool,
    /// Per container: whether its definition has a health check.
    pub(crate) health_checked: Vec<bool>,
    /// When the current lifecycle phase ends.
    pub(crate) phase_until: Time,
    /// When container health checks reach their verdict.
    pub(crate) health_at: Option<Time>,
    /// When its essential container crashes, for flaky services.
    pub(crate) crash_at: Option<Time>,
    /// Whether the crash is an OOM kill (else exit 1).
    pub(crate) crash_oom: bool,
    /// When the containers started (logs begin here).
    pub(crate) containers_started_at: Option<Time>,
    /// When the containers stopped (logs end here).
    pub(crate) containers_stopped_at: Option<Time>,
    /// Target registration, for load-balanced services.
    pub(crate) target: Option<SimTarget>,
    /// When a stopped task disappears from listings.
    pub(crate) expire_at: Option<Time>,
}

/// Service events gathered during one tick, flushed in a fixed order.
#[derive(Debug, Default)]
pub(crate) struct TickEvents {
    /// Task ids started.
    pub(crate) started: Vec<String>,
    /// Task ids stopped by the scheduler.
    pub(crate) stopped: Vec<String>,
    /// Targets registered.
    pub(crate) registered: usize,
    /// Targets deregistered.
    pub(crate) deregistered: usize,
    /// Other messages, in order.
    pub(crate) messages: Vec<String>,
}

/// The whole simulated environment.
#[derive(Debug)]
pub(crate) struct World {
    /// Seed every derived random choice comes from.
    pub(crate) seed: u64,
    /// Current virtual time (tick-aligned).
    pub(crate) now: Time,
    /// The world's random stream.
    pub(crate) rng: ChaCha8Rng,
    /// Cluster names, in display order.
    pub(crate) clusters: Vec<String>,
    /// Services, in creation order.
    pub(crate) services: Vec<SimService>,
    /// (cluster, service) → index.
    pub(crate) service_index: HashMap<(String, String), usize>,
    /// Tasks by sequence number (creation order).
    pub(crate) tasks: BTreeMap<u64, SimTask>,
    /// Task id → sequence number.
    pub(crate) task_ids: HashMap<String, u64>,
    /// Next task sequence number.
    pub(crate) next_seq: u64,
    /// Task definitions by ARN.
    pub(crate) task_defs: BTreeMap<String, TaskDefinition>,
    /// Task definitions whose containers fail their health checks.
    pub(crate) bad_task_defs: BTreeSet<String>,
    /// Target groups.
    pub(crate) target_groups: Vec<SimTargetGroup>,
    /// Target group ARN → index.
    pub(crate) tg_index: HashMap<String, usize>,
    /// Alarms.
    pub(crate) alarms: Vec<SimAlarm>,
    /// Next private IP host number.
    pub(crate) next_ip: u32,
    /// Events gathered this tick, by service index.
    pub(crate) tick_events: BTreeMap<usize, TickEvents>,
    /// Application Auto Scaling targets and policies.
    pub(crate) scaling: super::scaling::SimScaling,
    /// Deployment strategies and service deployments ([`super::strategy`]).
    pub(crate) strategies: super::strategy::Strategies,
}

impl World {
    /// An empty world at `now`.
    pub(crate) fn empty(seed: u64, now: Time, rng: ChaCha8Rng) -> Self {
        Self {
            seed,
            now,
            rng,
            clusters: Vec::new(),
            services: Vec::new(),
            service_index: HashMap::new(),
            tasks: BTreeMap::new(),
            task_ids: HashMap::new(),
            next_seq: 1,
            task_defs: BTreeMap::new(),
            bad_task_defs: BTreeSet::new(),
            target_groups: Vec::new(),
            tg_index: HashMap::new(),
            alarms: Vec::new(),
            next_ip: 0,
            tick_events: BTreeMap::new(),
            scaling: Default::default(),
            strategies: Default::default(),
        }
    }

    /// Steps the world until it reaches `target` (whole seconds). Gaps longer
    /// than [`MAX_TICKS_PER_CATCH_UP`] seconds are stepped with coarser ticks so a
    /// long-idle demo catches up in bounded time.
    pub(crate) fn advance_to(&mut self, target: Time) {
        let delta = (target - self.now).num_seconds();
        if delta <= 0 {
            return;
        }
        let step = if delta > MAX_TICKS_PER_CATCH_UP {
            (delta + MAX_TICKS_PER_CATCH_UP - 1) / MAX_TICKS_PER_CATCH_UP
        } else {
            1
        };
        let mut left = delta;
        while left > 0 {
            let dt = step.min(left);
            self.tick(dt);
            left -= dt;
        }
    }

    /// One tick of `dt` seconds: task lifecycles, then service reconciliation,
    /// then metrics and alarms, then service events.
    pub(crate) fn tick(&mut self, dt: i64) {
        let before = self.now;
        self.now += chrono::Duration::seconds(dt);
        scheduler::step_tasks(self, dt);
        for i in 0..self.services.len() {
            deploy::reconcile(self, i);
        }
        super::strategy::on_tick(self);
        metrics::on_tick(self, before);
        super::scaling::on_tick(self);
        self.flush_events();
    }

    /// The event buffer of service `i` for this tick.
    pub(crate) fn events_of(&mut self, i: usize) -> &mut TickEvents {
        self.tick_events.entry(i).or_default()
    }

    /// Writes this tick's gathered events into the services' event lists.
    pub(crate) fn flush_events(&mut self) {
        let buffers = std::mem::take(&mut self.tick_events);
        for (i, ev) in buffers {
            let Some(name) = self.services.get(i).map(|s| s.svc.name.clone()) else {
                continue;
            };
            let tg_arn = self
                .services
                .get(i)
                .and_then(|s| s.tg)
                .and_then(|t| self.target_groups.get(t))
                .map(|t| t.arn.clone())
                .unwrap_or_default();
            let mut out = Vec::new();
            if !ev.stopped.is_empty() {
                out.push(format!(
                    "(service {name}) has stopped {} running tasks: {}.",
                    ev.stopped.len(),
                    task_list(&ev.stopped)
                ));
            }
            if ev.deregistered > 0 {
                out.push(format!(
                    "(service {name}) deregistered {} targets in (target-group {tg_arn})",
                    ev.deregistered
                ));
            }
            if !ev.started.is_empty() {
                out.push(format!(
                    "(service {name}) has started {} tasks: {}.",
                    ev.started.len(),
                    task_list(&ev.started)
                ));
            }
            if ev.registered > 0 {
                out.push(format!(
                    "(service {name}) registered {} targets in (target-group {tg_arn})",
                    ev.registered
                ));
            }
            out.extend(ev.messages);
            for m in out {
                self.push_event(i, m);
            }
        }
    }

    /// Adds one event (newest first, capped at [`MAX_EVENTS`]).
    pub(crate) fn push_event(&mut self, i: usize, message: String) {
        let id = ids::uuid(&mut self.rng);
        let now = self.now;
        if let Some(s) = self.services.get_mut(i) {
            s.svc.events.insert(
                0,
                ServiceEvent {
                    id,
                    created_at: Some(now),
                    message,
                },
            );
            s.svc.events.truncate(MAX_EVENTS);
        }
    }

    /// Index of a service.
    pub(crate) fn service(&self, cluster: &str, name: &str) -> Option<usize> {
        self.service_index
            .get(&(cluster.to_string(), name.to_string()))
            .copied()
    }

    /// A fresh deployment id (`ecs-svc/` + 19 digits).
    pub(crate) fn deployment_id(&mut self) -> String {
        let n: u64 = self
            .rng
            .random_range(1_000_000_000_000_000_000..9_999_999_999_999_999_999);
        format!("ecs-svc/{n}")
    }

    /// Resolves an ARN, `family:revision` or `family` (latest) to a known task definition ARN.
    pub(crate) fn resolve_task_def(&self, spec: &str) -> Option<String> {
        if self.task_defs.contains_key(spec) {
            return Some(spec.to_string());
        }
        let short = crate::model::task_def_short(spec);
        if short.contains(':') {
            let (family, rev) = short.rsplit_once(':')?;
            let arn = ids::task_def_arn(family, rev.parse().ok()?);
            return self.task_defs.contains_key(&arn).then_some(arn);
        }
        self.task_defs
            .values()
            .filter(|d| d.family == short)
            .max_by_key(|d| d.revision)
            .map(|d| d.arn.clone())
    }
}

fn task_list(ids: &[String]) -> String {
    ids.iter()
        .map(|id| format!("(task {id})"))
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::sim::{clock, scenario};

    #[test]
    fn long_idle_catch_up_is_bounded_and_lands_on_target() {
        let start = clock::manual_epoch();
        let mut w = scenario::build(&scenario::Scenario::builtin(), 5, start, 0);
        let target = start + chrono::Duration::hours(48);
        w.advance_to(target);
        assert_eq!(w.now, target);
        // Every service is still served after two days of catch-up.
        for s in &w.services {
            assert_eq!(
                s.svc.running + s.svc.pending,
                s.svc.desired,
                "{}",
                s.svc.name
            );
        }
    }

    #[test]
    fn events_are_newest_first_and_capped() {
        let mut w = scenario::build(&scenario::Scenario::builtin(), 5, clock::manual_epoch(), 0);
        for k in 0..150 {
            w.push_event(0, format!("event {k}"));
        }
        let ev = &w.services[0].svc.events;
        assert_eq!(ev.len(), MAX_EVENTS);
        assert_eq!(ev[0].message, "event 149");
    }

    #[test]
    fn task_definitions_resolve_by_arn_short_form_and_family() {
        let w = scenario::build(&scenario::Scenario::builtin(), 5, clock::manual_epoch(), 0);
        let arn = ids::task_def_arn("web-api", 13);
        assert_eq!(w.resolve_task_def("web-api:13"), Some(arn.clone()));
        assert_eq!(w.resolve_task_def(&arn), Some(arn));
        assert_eq!(
            w.resolve_task_def("web-api"),
            Some(ids::task_def_arn("web-api", 15))
        );
        assert_eq!(w.resolve_task_def("web-api:99"), None);
        assert_eq!(w.resolve_task_def("nope"), None);
    }
}
