//! A screen of the navigation stack: the view, its service, its table navigation.

use crate::keymap::KeyContext;
use crate::view::View;

use super::TableNav;

/// A screen of the navigation stack.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Screen {
    /// What it shows.
    pub view: View,
    /// The service in context, if any.
    pub(crate) service: Option<String>,
    /// Table navigation.
    pub nav: TableNav,
    /// Revisions view: the revision marked for a diff (ARN).
    pub(crate) marked: Option<String>,
    /// Diff view: the two task definition ARNs (older, newer).
    pub(crate) diff: Option<(String, String)>,
    /// Diff view: whether environment values are shown unmasked.
    pub(crate) reveal: bool,
    /// Diff view: the diff of `diff`'s two revisions once both have arrived
    /// (computed by the app when they arrive or `reveal` changes).
    pub(crate) diff_lines: Option<Vec<crate::diff::DiffLine>>,
    /// Revisions view: the revision to select once the list arrives (rollback picker).
    pub(crate) preselect: Option<String>,
    /// Logs view: the task whose logs are shown (else the whole service).
    pub(crate) task: Option<String>,
    /// Service deployment view: the service deployment shown (ARN).
    pub(crate) deployment: Option<String>,
}

impl Screen {
    /// A screen of `view` for `service`.
    pub(crate) fn new(view: View, service: Option<String>) -> Self {
        Self {
            view,
            service,
            nav: TableNav::default(),
            marked: None,
            diff: None,
            reveal: false,
            diff_lines: None,
            preselect: None,
            task: None,
            deployment: None,
        }
    }

    /// The table navigation of this screen.
    pub fn nav(&self) -> &TableNav {
        &self.nav
    }

    /// Mutable table navigation.
    pub(crate) fn nav_mut(&mut self) -> &mut TableNav {
        &mut self.nav
    }

    /// A breadcrumb label.
    pub(crate) fn title(&self) -> String {
        match (&self.view, &self.service) {
            (View::Services, _) => "services".to_string(),
            (View::Dashboard, _) => "dashboard".to_string(),
            (View::ServiceDetail, Some(s)) => s.clone(),
            (v, _) => v.label().to_string(),
        }
    }

    /// The keymap context of this screen.
    pub(crate) fn key_context(&self) -> KeyContext {
        match self.view {
            View::Services => KeyContext::Services,
            View::Dashboard => KeyContext::Dashboard,
            View::ServiceDetail => KeyContext::ServiceDetail,
            View::Revisions => KeyContext::Revisions,
            View::Deployments => KeyContext::Deployments,
            View::Diff => KeyContext::Diff,
            View::Timeline => KeyContext::Timeline,
            View::Runbooks => KeyContext::Runbooks,
            View::Alarms => KeyContext::Alarms,
            View::Fleet | View::Promotion => KeyContext::Fleet,
            View::Logs => KeyContext::Logs,
            View::Presenter => KeyContext::Presenter,
            _ => KeyContext::Table,
        }
    }
}
