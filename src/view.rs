//! The kinds of screen, named by the palette, stacked by the state, drawn by
//! the views. Ground floor: imports nothing from the crate.

/// The kinds of screen.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum View {
    /// The home dashboard: the services table and panes about the selected service.
    Dashboard,
    /// Services of the cluster.
    Services,
    /// One service: summary and tasks.
    ServiceDetail,
    /// Tasks of the cluster, or of `service`.
    Tasks,
    /// Deployments of `service`.
    Deployments,
    /// One service deployment of `service` in detail: stages, hooks, revision.
    ServiceDeployment,
    /// Events of `service`.
    Events,
    /// Target groups (of `service`, or of every visible service) with their targets.
    TargetGroups,
    /// Alarms (of `service` when set).
    Alarms,
    /// Metric sparklines of `service`.
    Metrics,
    /// Task definition revisions of `service`'s family.
    Revisions,
    /// Diff of two revisions.
    Diff,
    /// The audit log.
    Audit,
    /// The incident timeline.
    Timeline,
    /// Every runbook.
    Runbooks,
    /// Chaos experiments recorded in the state dir.
    Chaos,
    /// A live log tail of `service` (or of one task).
    Logs,
    /// Autoscaling of the cluster's services (`:scaling`).
    Scaling,
    /// Every cluster of every configured account and region (`:fleet`).
    Fleet,
    /// Services found in several clusters, side by side (`:promotion`).
    Promotion,
    /// Presenter mode (`--present`, `P`): `service`'s tasks as big boxes and
    /// the chaos stopwatch in big digits, for a projector; a service picker
    /// while no service is chosen.
    Presenter,
}

impl View {
    /// A short label for breadcrumbs.
    pub(crate) fn label(self) -> &'static str {
        match self {
            View::Dashboard => "dashboard",
            View::Services => "services",
            View::ServiceDetail => "detail",
            View::Tasks => "tasks",
            View::Deployments => "deployments",
            View::ServiceDeployment => "service deployment",
            View::Events => "events",
            View::TargetGroups => "target groups",
            View::Alarms => "alarms",
            View::Metrics => "metrics",
            View::Revisions => "revisions",
            View::Diff => "diff",
            View::Audit => "audit",
            View::Timeline => "timeline",
            View::Runbooks => "runbooks",
            View::Chaos => "chaos",
            View::Scaling => "scaling",
            View::Logs => "logs",
            View::Fleet => "fleet",
            View::Promotion => "promotion",
            View::Presenter => "presenter",
        }
    }

    /// Whether the view's table lists the cluster's services (its selected
    /// row is the service in context).
    pub(crate) fn lists_services(self) -> bool {
        matches!(self, View::Services | View::Dashboard)
    }
}
