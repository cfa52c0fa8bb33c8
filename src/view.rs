//! The kinds of screen, named by the palette, stacked by the state, drawn by
//! the views. Ground floor: imports nothing from the crate.

/// The kinds of screen.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum View {
    /// Services of the cluster (home).
    Services,
    /// One service: summary and tasks.
    ServiceDetail,
    /// Tasks of the cluster, or of `service`.
    Tasks,
    /// Deployments of `service`.
    Deployments,
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
    /// Presenter mode (`--present`, `P`): `service`'s tasks as big boxes and
    /// the chaos stopwatch in big digits, for a projector; a service picker
    /// while no service is chosen.
    Presenter,
}

impl View {
    /// A short label for breadcrumbs.
    pub(crate) fn label(self) -> &'static str {
        match self {
            View::Services => "services",
            View::ServiceDetail => "detail",
            View::Tasks => "tasks",
            View::Deployments => "deployments",
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
            View::Presenter => "presenter",
        }
    }
}
