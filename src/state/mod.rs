//! Everything the UI shows, owned by the app loop alone.
//!
//! Background tasks never touch [`State`]: they send events, and
//! [`crate::app::update`] applies them. Rendering is a pure function of `&State`.

pub mod nav;
pub mod resource;

use std::collections::BTreeMap;

use crate::keymap::{KeyContext, Keymap};
use crate::model::{
    Alarm, AlarmState, Cluster, MetricKind, MetricSeries, Service, TargetGroup, Task, Time,
};
use crate::source::SourceInfo;
use crate::ui::theme::Theme;

pub use nav::TableNav;
pub use resource::Resource;

/// A screen of the navigation stack.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Screen {
    /// The services of the current cluster (home).
    Services(TableNav),
    /// One service: its tasks and summary.
    ServiceDetail {
        /// Service name.
        service: String,
        /// Task table navigation.
        nav: TableNav,
    },
}

impl Screen {
    /// The table navigation of this screen.
    pub fn nav(&self) -> &TableNav {
        match self {
            Screen::Services(nav) | Screen::ServiceDetail { nav, .. } => nav,
        }
    }

    /// Mutable table navigation.
    pub fn nav_mut(&mut self) -> &mut TableNav {
        match self {
            Screen::Services(nav) | Screen::ServiceDetail { nav, .. } => nav,
        }
    }

    /// A breadcrumb label.
    pub fn title(&self) -> String {
        match self {
            Screen::Services(_) => "services".to_string(),
            Screen::ServiceDetail { service, .. } => service.clone(),
        }
    }

    /// The keymap context of this screen.
    pub fn key_context(&self) -> KeyContext {
        match self {
            Screen::Services(_) => KeyContext::Services,
            Screen::ServiceDetail { .. } => KeyContext::ServiceDetail,
        }
    }
}

/// A text input line (palette, filter, confirmations).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Input {
    /// Current text.
    pub text: String,
}

/// A modal overlay above the screen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Overlay {
    /// Key help generated from the keymap.
    Help {
        /// First visible line.
        scroll: usize,
    },
    /// The `:` command palette.
    Palette {
        /// What the user typed after `:`.
        input: Input,
        /// Selected completion.
        selected: usize,
    },
    /// The cluster picker.
    ClusterPicker {
        /// Selected row.
        selected: usize,
    },
}

/// Severity of a status line message.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Level {
    /// Neutral information.
    Info,
    /// Something succeeded.
    Success,
    /// Something failed.
    Error,
}

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
    pub source: SourceInfo,
    /// Whether writes are disabled.
    pub read_only: bool,
    /// Current time on the source clock, updated on every tick.
    pub now: Time,
    /// Terminal size (columns, rows).
    pub size: (u16, u16),
    /// Selected cluster.
    pub cluster: Option<String>,
    /// All clusters.
    pub clusters: Resource<Vec<Cluster>>,
    /// Services of the selected cluster, sorted by name.
    pub services: Resource<Vec<Service>>,
    /// Tasks of the selected cluster, by scope: `""` for the whole cluster, else a service name.
    pub tasks: BTreeMap<String, Resource<Vec<Task>>>,
    /// Target groups by ARN (merged as they arrive).
    pub target_groups: Resource<BTreeMap<String, TargetGroup>>,
    /// All alarms.
    pub alarms: Resource<Vec<Alarm>>,
    /// Metric series by service name (merged as they arrive).
    pub metrics: Resource<BTreeMap<String, Vec<MetricSeries>>>,
    /// Navigation stack; never empty.
    pub stack: Vec<Screen>,
    /// The modal overlay, if open.
    pub overlay: Option<Overlay>,
    /// Status line.
    pub status: Option<StatusMessage>,
    /// The keymap in force (dangerous bindings removed in read-only mode).
    pub keymap: Keymap,
    /// Colours.
    pub theme: Theme,
    /// Whether the API call overlay is shown.
    pub show_debug: bool,
    /// API call counts, refreshed on tick.
    pub call_counts: BTreeMap<String, u64>,
    /// Set when the user asked to quit.
    pub should_quit: bool,
}

impl State {
    /// A fresh state for `source`, starting on the services view of `cluster`.
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
            target_groups: Resource::default(),
            alarms: Resource::default(),
            metrics: Resource::default(),
            stack: vec![Screen::Services(TableNav::default())],
            overlay: None,
            status: None,
            keymap,
            theme,
            show_debug: false,
            call_counts: BTreeMap::new(),
            should_quit: false,
        }
    }

    /// The screen on top of the stack.
    pub fn screen(&self) -> &Screen {
        // The stack is never empty: `update` never pops the last screen.
        &self.stack[self.stack.len() - 1]
    }

    /// The screen on top of the stack, mutably.
    pub fn screen_mut(&mut self) -> &mut Screen {
        let last = self.stack.len() - 1;
        &mut self.stack[last]
    }

    /// Keymap contexts in resolution order for the current screen.
    pub fn key_contexts(&self) -> Vec<KeyContext> {
        vec![
            self.screen().key_context(),
            KeyContext::Table,
            KeyContext::Global,
        ]
    }

    /// Screen row of the first table row of the current screen.
    pub fn table_first_row(&self) -> u16 {
        match self.screen() {
            Screen::Services(_) => crate::ui::TABLE_FIRST_ROW,
            Screen::ServiceDetail { .. } => {
                crate::ui::TABLE_FIRST_ROW + crate::ui::DETAIL_SUMMARY_LINES
            }
        }
    }

    /// Rows of the table body for the current terminal size.
    pub fn body_rows(&self) -> usize {
        // above the rows: table_first_row; below: bottom border, status line, footer
        usize::from(self.size.1)
            .saturating_sub(usize::from(self.table_first_row()) + 3)
            .max(1)
    }

    /// A service of the current cluster by name.
    pub fn service(&self, name: &str) -> Option<&Service> {
        self.services.data.as_ref()?.iter().find(|s| s.name == name)
    }

    /// Services passing the services view filter.
    pub fn filtered_services(&self, nav: &TableNav) -> Vec<&Service> {
        self.services
            .data
            .iter()
            .flatten()
            .filter(|s| nav.matches(&s.name))
            .collect()
    }

    /// The best known tasks of `service`: its own fetch if any, else the cluster-wide one.
    pub fn service_tasks(&self, service: &str) -> Vec<&Task> {
        let own = self.tasks.get(service).and_then(|r| r.data.as_ref());
        let source = own.or_else(|| self.tasks.get("").and_then(|r| r.data.as_ref()));
        let group = format!("service:{service}");
        let mut tasks: Vec<&Task> = source
            .iter()
            .flat_map(|v| v.iter())
            .filter(|t| t.group == group)
            .collect();
        tasks.sort_by(|a, b| {
            a.last_status
                .is_stopping_or_stopped()
                .cmp(&b.last_status.is_stopping_or_stopped())
                .then(b.created_at.cmp(&a.created_at))
        });
        tasks
    }

    /// Tasks of the service detail view passing its filter.
    pub fn filtered_tasks(&self, service: &str, nav: &TableNav) -> Vec<&Task> {
        self.service_tasks(service)
            .into_iter()
            .filter(|t| nav.matches(&t.id) || nav.matches(t.last_status.as_str()))
            .collect()
    }

    /// Number of rows of the current screen's table (after the filter).
    pub fn row_count(&self) -> usize {
        match self.screen() {
            Screen::Services(nav) => self.filtered_services(nav).len(),
            Screen::ServiceDetail { service, nav } => self.filtered_tasks(service, nav).len(),
        }
    }

    /// The target groups of a service that have arrived.
    pub fn service_target_groups(&self, service: &Service) -> Vec<&TargetGroup> {
        let Some(groups) = self.target_groups.data.as_ref() else {
            return Vec::new();
        };
        service
            .load_balancers
            .iter()
            .filter_map(|lb| groups.get(&lb.target_group_arn))
            .collect()
    }

    /// The newest value of a metric of a service.
    pub fn latest_metric(&self, service: &str, kind: MetricKind) -> Option<f64> {
        self.metrics
            .data
            .as_ref()?
            .get(service)?
            .iter()
            .find(|s| s.kind == kind)?
            .latest()
    }

    /// Number of alarms in ALARM.
    pub fn alarms_firing(&self) -> usize {
        self.alarms
            .data
            .iter()
            .flatten()
            .filter(|a| a.state == AlarmState::Alarm)
            .count()
    }

    /// Names of the services whose rows are visible on the services view (plus the detail's service).
    pub fn visible_services(&self) -> Vec<&Service> {
        match self.screen() {
            Screen::Services(nav) => self
                .filtered_services(nav)
                .into_iter()
                .skip(nav.offset)
                .take(self.body_rows())
                .collect(),
            Screen::ServiceDetail { service, .. } => self.service(service).into_iter().collect(),
        }
    }
}
