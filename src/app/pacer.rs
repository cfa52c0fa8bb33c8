//! The pace of fetching: the refresh plan, the per-kind [`Scheduler`] and the
//! API [`Budget`] together. The runtime asks it what to start; the simulator
//! tests drive it the same way on a virtual clock.

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant};

use crate::budget::{Budget, BudgetConfig, Family, FamilyUse};
use crate::event::Data;
use crate::poll::{Fetch, Scheduler};
use crate::source::ErrorKind;
use crate::state::State;

/// ListServices, ListTasks and DescribeTasks take up to 100 items a call.
const PAGE: usize = 100;
/// DescribeServices takes up to 10 services a call.
const SERVICES_PER_DESCRIBE: usize = 10;
/// DescribeTargetGroups takes up to 20 ARNs a call (and a DescribeTargetHealth per group).
const GROUPS_PER_DESCRIBE: usize = 20;

/// Decides which wanted fetches start now.
#[derive(Debug)]
pub struct Pacer {
    scheduler: Scheduler,
    /// Shared with the log tail ([`crate::source::budgeted::LogsWithinBudget`]).
    budget: Arc<Mutex<Budget>>,
}

impl Pacer {
    /// Refreshing every `interval` within `budget`, buckets full at `now`.
    pub fn new(interval: Duration, budget: &BudgetConfig, now: Instant) -> Self {
        Self {
            scheduler: Scheduler::new(interval),
            budget: Arc::new(Mutex::new(Budget::new(budget, now))),
        }
    }

    /// Refreshing every `interval` within a budget shared with other views of
    /// the same account and region (the fleet's).
    pub(crate) fn with_budget(interval: Duration, budget: Arc<Mutex<Budget>>) -> Self {
        Self {
            scheduler: Scheduler::new(interval),
            budget,
        }
    }

    /// The budget, for the log tail to draw on.
    pub(crate) fn shared_budget(&self) -> Arc<Mutex<Budget>> {
        Arc::clone(&self.budget)
    }

    fn lock(&self) -> MutexGuard<'_, Budget> {
        self.budget.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// The fetches to start now: wanted by the view, due on the schedule, and
    /// within the budget. A fetch the budget holds back is offered again on
    /// the next poll; its data gets older meanwhile.
    pub fn due(&mut self, state: &State, now: Instant, force: bool) -> Vec<Fetch> {
        let mut out = Vec::new();
        for fetch in super::plan::wanted_fetches(state) {
            if !self.scheduler.would_start(&fetch, now, force) {
                continue;
            }
            let (family, calls) = expected_calls(&fetch, state);
            if !self.lock().admit(family, calls, now) {
                continue;
            }
            match self.scheduler.offer(fetch, now, force) {
                Some(f) => out.push(f),
                None => self.lock().cancel(family, calls),
            }
        }
        out
    }

    /// A fetch finished: settles the calls counted so far (per operation),
    /// cuts the budget of a throttled family, and returns a queued fetch to
    /// start now, if the budget allows it.
    pub fn finished(
        &mut self,
        data: &Data,
        calls: &BTreeMap<String, u64>,
        state: &State,
        now: Instant,
    ) -> Option<Fetch> {
        self.lock().settle(calls, now);
        if data.error().is_some_and(|e| e.kind == ErrorKind::Throttled) {
            self.lock().throttled(family_of(&data.fetch), now);
        }
        let next = self
            .scheduler
            .finished(&data.fetch, data.payload_ok(), now)?;
        let (family, calls) = expected_calls(&next, state);
        if !self.lock().admit(family, calls, now) {
            self.scheduler.abandon(&next);
            return None;
        }
        Some(next)
    }

    /// Forgets schedules (after a cluster switch); the budget keeps its state.
    pub(crate) fn reset(&mut self) {
        self.scheduler.reset();
    }

    /// Each family's budget and use.
    pub fn budget(&self) -> Vec<FamilyUse> {
        self.lock().snapshot()
    }
}

/// The family whose budget a fetch draws on.
fn family_of(fetch: &Fetch) -> Family {
    match fetch {
        Fetch::TargetGroups { .. } => Family::Elbv2,
        Fetch::Alarms | Fetch::Metrics { .. } => Family::CloudWatch,
        _ => Family::EcsReads,
    }
}

/// The calls a fetch is expected to make, from what state knows of the sizes.
/// Misses (a list longer than last time) are settled from the counted calls.
pub fn expected_calls(fetch: &Fetch, state: &State) -> (Family, u32) {
    let n = |x: usize, per: usize| u32::try_from(x.div_ceil(per).max(1)).unwrap_or(u32::MAX);
    let services = state.services.data.as_ref().map_or(0, Vec::len);
    let calls = match fetch {
        Fetch::Clusters => 2,
        Fetch::Services { .. } => {
            n(services, PAGE).saturating_add(n(services, SERVICES_PER_DESCRIBE))
        }
        Fetch::ServiceNames { .. } => n(services, PAGE),
        Fetch::VisibleServices { names, .. } | Fetch::SweepServices { names, .. } => {
            n(names.len(), SERVICES_PER_DESCRIBE)
        }
        Fetch::Tasks { service, .. } => {
            let key = service.clone().unwrap_or_default();
            let tasks = state
                .tasks
                .get(&key)
                .and_then(|r| r.data.as_ref())
                .map_or(0, Vec::len);
            // RUNNING and STOPPED listings, then the describes.
            n(tasks, PAGE).saturating_mul(3)
        }
        Fetch::TargetGroups { arns } => n(arns.len(), GROUPS_PER_DESCRIBE)
            .saturating_add(u32::try_from(arns.len()).unwrap_or(u32::MAX)),
        Fetch::Alarms => n(state.alarms.data.as_ref().map_or(0, Vec::len), PAGE),
        Fetch::Metrics { .. } | Fetch::Revisions { .. } => 1,
        Fetch::TaskDefs { arns } => u32::try_from(arns.len()).unwrap_or(u32::MAX),
        Fetch::Scaling {
            services, detailed, ..
        } => super::scaling::expected_calls(state, services, detailed),
        Fetch::CurrentServiceDeployments { arns } => {
            n(arns.len(), super::current_deployments::ARNS_PER_DESCRIBE)
        }
        Fetch::ServiceDeployments { .. } | Fetch::ServiceRevisions { .. } => {
            super::service_deployments::expected_calls(fetch, state)
        }
    };
    (family_of(fetch), calls)
}
