//! Everything the UI shows, owned by the app loop alone.
//!
//! Background tasks never touch [`State`]: they send events, and
//! [`crate::app::update`] applies them. Rendering is a pure function of `&State`.

pub(crate) mod columns;
pub(crate) mod confirm;
pub(crate) mod current_deployments;
pub mod dashboard;
pub(crate) mod filter;
pub(crate) mod layout;
pub mod log_view;
pub(crate) mod metric_hour;
pub(crate) mod nav;
pub(crate) mod overlay;
pub(crate) mod presenter;
pub(crate) mod refresh;
pub(crate) mod resource;
pub(crate) mod scaling;
pub(crate) mod screen;
pub(crate) mod selection;
pub(crate) mod service_deployments;
pub(crate) mod sort;
pub(crate) mod table;
#[cfg(test)]
mod tests_sort;

use std::collections::BTreeMap;

use crate::keymap::{KeyContext, Keymap};
use crate::model::{
    Alarm, AlarmState, Cluster, MetricKind, MetricSeries, Service, TargetGroup, Task,
    TaskDefinition, Time,
};
use crate::source::{SourceError, SourceInfo};
use crate::theme::Theme;

pub mod source_switch;

pub(crate) use confirm::{Confirm, Stage};
pub(crate) use nav::TableNav;
pub use overlay::{Input, Overlay, PromptKind};
pub(crate) use resource::Resource;
pub(crate) use scaling::ScalingStatus;
pub(crate) use screen::Screen;
// Defined on lower floors (the event and the palette speak them); re-exported
// because every view and the update function name them through `state`.
pub use crate::event::Level;
pub use crate::view::View;

/// The one-line status message under the table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatusMessage {
    /// Severity.
    pub level: Level,
    /// Text.
    pub text: String,
    /// When it was set (source clock).
    pub at: Time,
}

/// The whole UI state.
#[derive(Debug, Clone)]
pub struct State {
    /// Where data comes from.
    pub(crate) source: SourceInfo,
    /// Whether writes are disabled.
    pub read_only: bool,
    /// Current time on the source clock, updated on every tick.
    pub now: Time,
    /// Terminal size (columns, rows).
    pub size: (u16, u16),
    /// Selected cluster.
    pub(crate) cluster: Option<String>,
    /// All clusters.
    pub(crate) clusters: Resource<Vec<Cluster>>,
    /// Services of the selected cluster, sorted by name.
    pub services: Resource<Vec<Service>>,
    /// Tasks of the selected cluster, by scope: `""` for the whole cluster, else a service name.
    /// Each list is sorted: live tasks first, newest first.
    pub tasks: BTreeMap<String, Resource<Vec<Task>>>,
    /// Index of the cluster-wide task list by service name.
    pub(crate) task_index: BTreeMap<String, Vec<usize>>,
    /// Target groups by ARN (merged as they arrive).
    pub target_groups: Resource<BTreeMap<String, TargetGroup>>,
    /// All alarms.
    pub(crate) alarms: Resource<Vec<Alarm>>,
    /// Metric series by service name (merged as they arrive).
    pub metrics: Resource<BTreeMap<String, Vec<MetricSeries>>>,
    /// Autoscaling by service name: `None` for a service known to have no
    /// scalable target (merged as they arrive).
    pub(crate) scaling: Resource<BTreeMap<String, Option<crate::model::ServiceScaling>>>,
    /// The current service deployments of the services on screen or
    /// followed, by ARN (merged as they arrive).
    pub(crate) current_deployments: Resource<BTreeMap<String, crate::model::ServiceDeployment>>,
    /// Task definition revisions (ARNs, newest first) by family.
    pub(crate) revisions: BTreeMap<String, Resource<Vec<String>>>,
    /// Task definitions by ARN (immutable, fetched once).
    pub(crate) task_defs: BTreeMap<String, TaskDefinition>,
    /// Task definitions that failed to load, by ARN.
    pub(crate) task_def_errors: BTreeMap<String, SourceError>,
    /// Navigation stack; never empty. Its first screen is the home.
    pub(crate) stack: Vec<Screen>,
    /// The home dashboard's panes, focus and zoom.
    pub dashboard: dashboard::Dashboard,
    /// The modal overlay, if open.
    pub overlay: Option<Overlay>,
    /// Status line.
    pub status: Option<StatusMessage>,
    /// The keymap in force (dangerous bindings removed in read-only mode).
    pub(crate) keymap: Keymap,
    /// Colours.
    pub(crate) theme: Theme,
    /// Whether the API call overlay is shown.
    pub(crate) show_debug: bool,
    /// API call counts, refreshed on tick.
    pub(crate) call_counts: BTreeMap<String, u64>,
    /// Set when the user asked to quit.
    pub(crate) should_quit: bool,
    /// A session (shell, port forwarding) waiting for the terminal: the loop
    /// suspends the dashboard, runs it, and resumes.
    pub(crate) handoff: Option<crate::model::session::SessionGrant>,
    /// The profiles and regions the pickers offer, and the current ones.
    pub switch_choices: source_switch::SwitchChoices,
    /// A switch of profile or region the loop carries out (a new source,
    /// a fresh state).
    pub(crate) switch_to: Option<source_switch::SourceSwitch>,
    /// Services with an action in flight (a second press sends nothing).
    pub inflight: std::collections::BTreeSet<String>,
    /// Rollouts being followed after an action.
    pub watches: Vec<crate::watch::RolloutWatch>,
    /// The audit log, newest first, as last read.
    pub(crate) audit_log: Resource<Vec<crate::audit::AuditRecord>>,
    /// Malformed lines skipped in the last read of the audit log.
    pub(crate) audit_skipped: usize,
    /// Settings from the config that shape actions.
    pub settings: Settings,
    /// What was observed and done this session.
    pub timeline: crate::timeline::Timeline,
    /// Built-in and user runbooks.
    pub runbooks: Vec<crate::runbook::Runbook>,
    /// The runbook shown beside the dashboard, if any.
    pub runbook_panel: Option<RunbookPanel>,
    /// The open runbook's layout, kept between frames.
    pub runbook_layout: crate::runbook::LayoutCache,
    /// Chaos experiments of this session (self-healing stopwatches).
    pub chaos: Vec<ChaosRun>,
    /// Recorded chaos experiments, newest first, as last read.
    pub(crate) chaos_log: Resource<Vec<crate::chaos::ChaosRecord>>,
    /// Malformed lines skipped in the last read of the chaos log.
    pub(crate) chaos_skipped: usize,
    /// The log tail, while the logs view is open.
    pub(crate) logs: Option<LogSession>,
    /// Lines kept by a log tail.
    pub log_capacity: usize,
    /// How fresh each service is, for visible-first refresh.
    pub freshness: refresh::Freshness,
    /// The sort of each table the user sorted this session (others keep their own order).
    pub(crate) sorts: std::collections::HashMap<table::TableKind, table::Sort>,
    /// Service-deployment histories, their revisions, and whether the source answers them.
    pub(crate) service_deployments: service_deployments::DeploymentHistory,
    /// The fleet (`:fleet`, `:promotion`) as last seen; kept across a drill-down.
    pub(crate) fleet: crate::fleet::data::FleetData,
    /// A drill-down from the fleet the loop carries out (its source, a fresh state).
    pub(crate) fleet_drill: Option<FleetTarget>,
}

/// A cluster of the fleet to open: its account, region and name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FleetTarget {
    /// Account (profile) name.
    pub account: String,
    /// Region.
    pub region: String,
    /// Cluster.
    pub cluster: String,
}

/// A running log tail and its view.
#[derive(Debug, Clone)]
pub(crate) struct LogSession {
    /// Tail id: events of older tails are ignored.
    pub(crate) id: u64,
    /// Service.
    pub(crate) service: String,
    /// What is tailed.
    pub(crate) target: crate::model::LogTarget,
    /// Where the tail started.
    pub(crate) start: Time,
    /// Buffer, scroll, search and status.
    pub(crate) view: log_view::LogView,
}

/// The runbook panel beside the dashboard.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RunbookPanel {
    /// Runbook id.
    pub id: String,
    /// The service its actions act on.
    pub service: Option<String>,
    /// First visible line.
    pub scroll: usize,
}

/// One chaos experiment being timed.
#[derive(Debug, Clone, PartialEq)]
pub struct ChaosRun {
    /// Cluster.
    pub(crate) cluster: String,
    /// The stopwatch.
    pub timeline: crate::chaos::timeline::ChaosTimeline,
    /// Whether its record was written.
    pub recorded: bool,
}

/// Settings that shape actions.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Settings {
    /// Highest desired count the scale action accepts.
    pub max_scale: u32,
    /// Words that mark a cluster as protected (type the service name to confirm).
    pub protected_clusters: Vec<String>,
    /// The command a shell into a container runs.
    pub exec_shell: String,
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            max_scale: 100,
            protected_clusters: vec!["prod".into()],
            exec_shell: "/bin/sh".into(),
        }
    }
}

impl State {
    /// A fresh state for `source`, starting on the dashboard of `cluster`.
    pub fn new(
        source: SourceInfo,
        cluster: Option<String>,
        now: Time,
        keymap: Keymap,
        theme: Theme,
    ) -> Self {
        Self {
            source,
            read_only: false,
            now,
            size: (120, 40),
            cluster,
            clusters: Resource::default(),
            services: Resource::default(),
            tasks: BTreeMap::new(),
            task_index: BTreeMap::new(),
            target_groups: Resource::default(),
            alarms: Resource::default(),
            metrics: Resource::default(),
            scaling: Resource::default(),
            current_deployments: Resource::default(),
            revisions: BTreeMap::new(),
            task_defs: BTreeMap::new(),
            task_def_errors: BTreeMap::new(),
            stack: vec![Screen::new(View::Dashboard, None)],
            dashboard: dashboard::Dashboard::default(),
            overlay: None,
            status: None,
            keymap,
            theme,
            show_debug: false,
            call_counts: BTreeMap::new(),
            should_quit: false,
            handoff: None,
            switch_choices: Default::default(),
            switch_to: None,
            inflight: Default::default(),
            watches: Vec::new(),
            audit_log: Resource::default(),
            audit_skipped: 0,
            settings: Settings::default(),
            timeline: Default::default(),
            runbooks: Vec::new(),
            runbook_panel: None,
            runbook_layout: Default::default(),
            chaos: Vec::new(),
            chaos_log: Resource::default(),
            chaos_skipped: 0,
            logs: None,
            log_capacity: 50_000,
            freshness: refresh::Freshness::default(),
            sorts: Default::default(),
            service_deployments: Default::default(),
            fleet: Default::default(),
            fleet_drill: None,
        }
    }

    /// The screen on top of the stack.
    pub fn screen(&self) -> &Screen {
        // The stack is never empty: `update` never pops the last screen.
        &self.stack[self.stack.len() - 1]
    }

    /// The screen on top of the stack, mutably.
    pub(crate) fn screen_mut(&mut self) -> &mut Screen {
        let last = self.stack.len() - 1;
        &mut self.stack[last]
    }

    /// The service the runbook list should act on: the one in context anywhere in the stack.
    pub(crate) fn context_service_name_for_runbooks(&self) -> Option<String> {
        self.stack.iter().rev().find_map(|s| {
            s.service.clone().or_else(|| {
                s.view
                    .lists_services()
                    .then(|| {
                        self.filtered_services(&s.nav)
                            .get(s.nav.selected)
                            .map(|x| x.name.clone())
                    })
                    .flatten()
            })
        })
    }

    /// Keymap contexts in resolution order for the current screen.
    pub(crate) fn key_contexts(&self) -> Vec<KeyContext> {
        // The describe overlay takes the keys; its reveal key shows when it has secrets.
        if matches!(
            &self.overlay,
            Some(Overlay::Describe { other: Some(_), .. })
        ) {
            return vec![KeyContext::Describe, KeyContext::Global];
        }
        // Presenter mode: its own keys and the global ones (nothing that shows secrets).
        if self.screen().view == View::Presenter {
            return vec![KeyContext::Presenter, KeyContext::Global];
        }
        let mut contexts = vec![self.screen().key_context()];
        // Over the deployments array (no history to open) the view has no
        // key of its own: neither the footer nor enter offers a detail.
        if self.screen().view == View::Deployments
            && self.screen().service.as_deref().is_some_and(|s| {
                matches!(
                    self.history_source(s),
                    service_deployments::HistorySource::Fallback(_)
                )
            })
        {
            contexts.clear();
        }
        if self.screen().view == View::Dashboard {
            // The focused pane takes the keys it takes in its own view.
            contexts.extend(match self.dashboard.focus() {
                dashboard::Pane::Services => {
                    &[KeyContext::Services, KeyContext::ServiceActions][..]
                }
                dashboard::Pane::Logs => &[KeyContext::Logs][..],
                _ => &[KeyContext::Table][..],
            });
        }
        if self.runbook_panel.is_some() {
            contexts.insert(0, KeyContext::RunbookPanel);
        }
        if matches!(self.screen().view, View::Services | View::ServiceDetail) {
            contexts.push(KeyContext::ServiceActions);
        }
        if self.screen().view == View::ServiceDetail || self.screen().view == View::Tasks {
            contexts.push(KeyContext::TaskActions);
        }
        // Views without keys of their own already have the table context.
        let logs = self.screen().view == View::Logs
            || (self.screen().view == View::Dashboard
                && self.dashboard.focus() == dashboard::Pane::Logs);
        if !logs && !contexts.contains(&KeyContext::Table) {
            contexts.push(KeyContext::Table);
        }
        contexts.push(KeyContext::Global);
        contexts
    }

    /// A service of the current cluster by name.
    pub fn service(&self, name: &str) -> Option<&Service> {
        let list = self.services.data.as_ref()?;
        list.binary_search_by(|s| s.name.as_str().cmp(name))
            .ok()
            .and_then(|i| list.get(i))
            .or_else(|| list.iter().find(|s| s.name == name))
    }

    /// The service in context: the screen's service, or the selected row of the services view.
    pub fn context_service(&self) -> Option<&Service> {
        let screen = self.screen();
        if let Some(name) = &screen.service {
            return self.service(name);
        }
        if screen.view.lists_services() {
            return self
                .filtered_services(&screen.nav)
                .get(screen.nav.selected)
                .copied();
        }
        None
    }

    /// Services passing the services view filter, in its sort.
    pub fn filtered_services(&self, nav: &TableNav) -> Vec<&Service> {
        columns::services().rows(self, self.services.data.iter().flatten(), &nav.filter)
    }

    /// The rows of the `:scaling` table: services passing its filter, in its sort.
    pub(crate) fn scaling_rows(&self, nav: &TableNav) -> Vec<&Service> {
        columns::scaling().rows(self, self.services.data.iter().flatten(), &nav.filter)
    }

    /// Rebuilds the service → tasks index of the cluster-wide task list.
    pub(crate) fn reindex_tasks(&mut self) {
        self.task_index.clear();
        if let Some(tasks) = self.tasks.get("").and_then(|r| r.data.as_ref()) {
            for (i, t) in tasks.iter().enumerate() {
                if let Some(name) = t.service_name() {
                    self.task_index.entry(name.to_string()).or_default().push(i);
                }
            }
        }
    }

    /// The best known tasks of `service`: its own fetch if any, else the cluster-wide one.
    pub(crate) fn service_tasks(&self, service: &str) -> Vec<&Task> {
        if let Some(own) = self.tasks.get(service).and_then(|r| r.data.as_ref()) {
            return own.iter().collect();
        }
        let Some(all) = self.tasks.get("").and_then(|r| r.data.as_ref()) else {
            return Vec::new();
        };
        self.task_index
            .get(service)
            .map(|idx| idx.iter().filter_map(|i| all.get(*i)).collect())
            .unwrap_or_default()
    }

    /// The task resource that backs a view of `service` (or of the cluster).
    pub(crate) fn task_resource(&self, service: Option<&str>) -> Option<&Resource<Vec<Task>>> {
        match service {
            Some(s) => self.tasks.get(s).or_else(|| self.tasks.get("")),
            None => self.tasks.get(""),
        }
    }

    /// Tasks of a service (or the cluster) passing a filter.
    pub(crate) fn filtered_tasks(&self, service: Option<&str>, nav: &TableNav) -> Vec<&Task> {
        let tasks: Vec<&Task> = match service {
            Some(s) => self.service_tasks(s),
            None => self
                .tasks
                .get("")
                .and_then(|r| r.data.as_ref())
                .map(|v| v.iter().collect())
                .unwrap_or_default(),
        };
        columns::tasks(service.is_none()).rows(self, tasks, &nav.filter)
    }

    /// Target groups shown by the target groups view: the service's, or those of every service.
    pub(crate) fn view_target_groups(&self, service: Option<&str>) -> Vec<&TargetGroup> {
        match service.and_then(|s| self.service(s)) {
            Some(s) => self.service_target_groups(s),
            None => self
                .target_groups
                .data
                .iter()
                .flat_map(|m| m.values())
                .collect(),
        }
    }

    /// Rows of the target groups view: (group, target) pairs passing the filter.
    pub(crate) fn target_rows(
        &self,
        service: Option<&str>,
        nav: &TableNav,
    ) -> Vec<(&TargetGroup, &crate::model::Target)> {
        let rows = self
            .view_target_groups(service)
            .into_iter()
            .flat_map(|g| g.targets.iter().map(move |t| (g, t)));
        columns::targets().rows(self, rows, &nav.filter)
    }

    /// Alarms of the alarms view (of `service` when given) passing the filter, ALARM first.
    pub(crate) fn filtered_alarms(&self, service: Option<&str>, nav: &TableNav) -> Vec<&Alarm> {
        let svc = service.and_then(|s| self.service(s));
        let mut alarms: Vec<&Alarm> = self
            .alarms
            .data
            .iter()
            .flatten()
            .filter(|a| svc.is_none_or(|s| a.matches_service(s, self.service_target_groups(s))))
            .collect();
        alarms.sort_by_key(|a| (a.state != AlarmState::Alarm, a.name.clone()));
        columns::alarms().rows(self, alarms, &nav.filter)
    }

    /// Events of a service passing the filter (newest first).
    pub(crate) fn filtered_events(
        &self,
        service: &str,
        nav: &TableNav,
    ) -> Vec<&crate::model::ServiceEvent> {
        self.service(service)
            .map(|s| columns::events().rows(self, &s.events, &nav.filter))
            .unwrap_or_default()
    }

    /// Deployments of a service passing the filter.
    pub(crate) fn filtered_deployments(
        &self,
        service: &str,
        nav: &TableNav,
    ) -> Vec<&crate::model::Deployment> {
        self.service(service)
            .map(|s| columns::deployments().rows(self, &s.deployments, &nav.filter))
            .unwrap_or_default()
    }

    /// The task definition family of a service.
    pub(crate) fn family_of(&self, service: &str) -> Option<String> {
        self.service(service)
            .map(|s| crate::model::task_def_family(&s.task_definition).to_string())
    }

    /// Revisions of the family of `service` passing the filter.
    pub fn filtered_revisions(&self, service: &str, nav: &TableNav) -> Vec<&String> {
        let Some(family) = self.family_of(service) else {
            return Vec::new();
        };
        self.revisions
            .get(&family)
            .and_then(|r| r.data.as_ref())
            .map(|v| columns::revisions().rows(self, v, &nav.filter))
            .unwrap_or_default()
    }

    /// Number of rows of the current screen's table (after the filter).
    pub fn row_count(&self) -> usize {
        let screen = self.screen();
        let nav = &screen.nav;
        let svc = screen.service.as_deref();
        match screen.view {
            View::Services | View::Dashboard => self.filtered_services(nav).len(),
            View::Scaling => self.scaling_rows(nav).len(),
            View::ServiceDetail | View::Tasks => self.filtered_tasks(svc, nav).len(),
            View::Deployments => svc.map_or(0, |s| self.deployments_row_count(s, nav)),
            View::ServiceDeployment => self.detail_scroll_lines(),
            View::Events => svc.map_or(0, |s| self.filtered_events(s, nav).len()),
            View::TargetGroups => self.target_rows(svc, nav).len(),
            View::Alarms => self.filtered_alarms(svc, nav).len(),
            View::Metrics => 0,
            View::Revisions => svc.map_or(0, |s| self.filtered_revisions(s, nav).len()),
            View::Diff => screen.diff_lines.as_ref().map_or(0, Vec::len),
            View::Audit => self.audit_rows(nav).len(),
            View::Timeline => self.timeline.entries.len(),
            View::Runbooks => self.runbooks.len(),
            View::Chaos => self.chaos_log.data.as_ref().map_or(0, Vec::len),
            View::Logs => 0,
            View::Fleet => self.fleet.rows().len(),
            View::Promotion => crate::fleet::promotion::rows(&self.fleet)
                .iter()
                .map(|r| r.envs.len())
                .sum(),
            View::Presenter => match svc {
                Some(s) => self.presenter_tasks(s).len(),
                None => self.filtered_services(nav).len(),
            },
        }
    }

    /// The target groups of a service that have arrived.
    pub(crate) fn service_target_groups(&self, service: &Service) -> Vec<&TargetGroup> {
        let Some(groups) = self.target_groups.data.as_ref() else {
            return Vec::new();
        };
        service
            .load_balancers
            .iter()
            .filter_map(|lb| groups.get(&lb.target_group_arn))
            .collect()
    }

    /// The metric series of a service.
    pub(crate) fn service_metrics(&self, service: &str) -> &[MetricSeries] {
        self.metrics
            .data
            .as_ref()
            .and_then(|m| m.get(service))
            .map_or(&[], Vec::as_slice)
    }

    /// The newest value of a metric of a service.
    pub(crate) fn latest_metric(&self, service: &str, kind: MetricKind) -> Option<f64> {
        self.service_metrics(service)
            .iter()
            .find(|s| s.kind == kind)?
            .latest()
    }

    /// 5xx responses per minute of a service in its newest minute: `None`
    /// without a load balancer or a 5xx series, 0 when the minute has no
    /// point (CloudWatch reports the count only when nonzero).
    pub(crate) fn errors_5xx_now(&self, service: &Service) -> Option<f64> {
        if service.load_balancers.is_empty() {
            return None;
        }
        let series = self.service_metrics(&service.name);
        let errors = series.iter().find(|s| s.kind == MetricKind::Errors5xx)?;
        Some(metric_hour::MetricHour::of(series)?.count_at_end(errors))
    }

    /// Whether the current cluster is protected (its name contains a protected word).
    pub(crate) fn cluster_is_protected(&self) -> bool {
        self.cluster.as_deref().is_some_and(|c| {
            self.settings
                .protected_clusters
                .iter()
                .any(|w| !w.is_empty() && c.contains(w.as_str()))
        })
    }

    /// Number of alarms in ALARM.
    pub(crate) fn alarms_firing(&self) -> usize {
        self.alarms
            .data
            .iter()
            .flatten()
            .filter(|a| a.state == AlarmState::Alarm)
            .count()
    }

    /// Services whose data the current screen shows (visible rows of the services view, or the one in context).
    pub(crate) fn visible_services(&self) -> Vec<&Service> {
        let screen = self.screen();
        match (screen.view, &screen.service) {
            (View::Services | View::Scaling | View::Dashboard, _) => self
                .service_rows(screen.view, &screen.nav)
                .into_iter()
                .skip(screen.nav.offset)
                .take(self.body_rows())
                .collect(),
            (View::TargetGroups | View::Alarms | View::Tasks, None) => self
                .services
                .data
                .iter()
                .flatten()
                .filter(|s| !s.load_balancers.is_empty())
                .take(100)
                .collect(),
            (_, Some(name)) => self.service(name).into_iter().collect(),
            _ => Vec::new(),
        }
    }
}
