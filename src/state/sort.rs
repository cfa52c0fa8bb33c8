//! Sorting the current table and keeping its selection on the same row
//! (by id) when the rows move: after a re-sort, a refresh or a new row.

use super::columns;
use super::table::{self, Sort, TableKind};
use super::{Screen, State, TableNav, View};

impl State {
    /// The services of a services-backed view (`Services` or `Scaling`), in its filter and sort.
    pub(crate) fn service_rows(&self, view: View, nav: &TableNav) -> Vec<&crate::model::Service> {
        match view {
            View::Scaling => self.scaling_rows(nav),
            _ => self.filtered_services(nav),
        }
    }

    /// The audit log's rows passing the filter, in its sort.
    pub(crate) fn audit_rows(&self, nav: &TableNav) -> Vec<&crate::audit::AuditRecord> {
        columns::audit().rows(self, self.audit_log.data.iter().flatten(), &nav.filter)
    }

    /// The sortable table a screen shows: its kind and column names, in
    /// header order (`None` for views that are not such tables).
    pub(crate) fn table_of(&self) -> Option<(TableKind, Vec<&'static str>)> {
        let screen = self.screen();
        if screen.view == View::Deployments && self.shows_history(screen) {
            return Some((
                TableKind::ServiceDeployments,
                columns::service_deployments().names(),
            ));
        }
        // The dashboard's services pane sorts as the services view does.
        let services_pane = screen.view == View::Dashboard
            && self.dashboard.focus() == super::dashboard::Pane::Services;
        let table = match screen.view {
            View::Services => columns::services().names(),
            View::Dashboard if services_pane => columns::services().names(),
            View::Scaling => columns::scaling().names(),
            View::ServiceDetail => columns::tasks(false).names(),
            View::Tasks => columns::tasks(screen.service.is_none()).names(),
            View::TargetGroups => columns::targets().names(),
            View::Alarms => columns::alarms().names(),
            View::Events => columns::events().names(),
            View::Deployments => columns::deployments().names(),
            View::Revisions => columns::revisions().names(),
            View::Audit => columns::audit().names(),
            _ => return None,
        };
        let kind = match screen.view {
            View::Services | View::Dashboard => TableKind::Services,
            View::Scaling => TableKind::Scaling,
            View::ServiceDetail | View::Tasks => TableKind::Tasks,
            View::TargetGroups => TableKind::Targets,
            View::Alarms => TableKind::Alarms,
            View::Events => TableKind::Events,
            View::Deployments => TableKind::Deployments,
            View::Audit => TableKind::Audit,
            _ => TableKind::Revisions,
        };
        Some((kind, table))
    }

    /// Whether the deployments view of the screen shows the service-deployment
    /// history (else the deployments array).
    fn shows_history(&self, screen: &Screen) -> bool {
        screen.service.as_deref().is_some_and(|s| {
            matches!(
                self.history_source(s),
                super::service_deployments::HistorySource::History(_)
            )
        })
    }

    /// What the filter line says about the current table's filter when a
    /// term names no single column (those terms are ignored).
    pub(crate) fn filter_problem(&self) -> Option<String> {
        let nav = &self.screen().nav;
        if !nav.filter.contains(':') {
            return None;
        }
        let (_, names) = self.table_of()?;
        super::filter::Query::parse(&nav.filter, &names).problem(&names)
    }

    /// The sort of a table, `None` for its own order.
    pub(crate) fn sort_of(&self, kind: TableKind) -> Option<Sort> {
        self.sorts.get(&kind).copied()
    }

    /// The ids of the current screen's rows, in the order shown, made
    /// lazily: `f` takes as many as it needs.
    fn with_row_ids<T>(&self, f: impl FnOnce(&mut dyn Iterator<Item = String>) -> T) -> T {
        let screen = self.screen();
        let nav = &screen.nav;
        let svc = screen.service.as_deref();
        match screen.view {
            View::Services | View::Scaling | View::Dashboard => f(&mut self
                .service_rows(screen.view, nav)
                .into_iter()
                .map(|s| s.name.clone())),
            View::ServiceDetail | View::Tasks => f(&mut self
                .filtered_tasks(svc, nav)
                .into_iter()
                .map(|t| t.arn.clone())),
            View::TargetGroups => {
                let id = columns::targets().id;
                f(&mut self.target_rows(svc, nav).iter().map(id))
            }
            View::Alarms => f(&mut self
                .filtered_alarms(svc, nav)
                .into_iter()
                .map(|a| a.arn.clone())),
            View::Events => f(&mut svc
                .map(|s| self.filtered_events(s, nav))
                .unwrap_or_default()
                .into_iter()
                .map(|e| e.id.clone())),
            View::Deployments if self.shows_history(screen) => f(&mut svc
                .map(|s| self.filtered_service_deployments(s, nav))
                .unwrap_or_default()
                .into_iter()
                .map(|d| d.arn.clone())),
            View::Deployments => f(&mut svc
                .map(|s| self.filtered_deployments(s, nav))
                .unwrap_or_default()
                .into_iter()
                .map(|d| d.id.clone())),
            View::Revisions => f(&mut svc
                .map(|s| self.filtered_revisions(s, nav))
                .unwrap_or_default()
                .into_iter()
                .cloned()),
            View::Audit => {
                let id = columns::audit().id;
                f(&mut self.audit_rows(nav).iter().map(id))
            }
            _ => f(&mut std::iter::empty()),
        }
    }

    /// The ids of the current screen's rows, in the order shown.
    #[cfg(test)]
    pub(crate) fn row_ids(&self) -> Vec<String> {
        self.with_row_ids(|ids| ids.collect())
    }

    /// The id of the current screen's selected row, if it is a sortable table.
    pub(crate) fn selected_row_id(&self) -> Option<String> {
        self.table_of()?;
        let selected = self.screen().nav.selected;
        self.with_row_ids(|ids| ids.nth(selected))
    }

    /// Selects the row `id` again wherever it now is, and keeps the
    /// selection in the table; a row that left leaves the selection where
    /// it was (clamped).
    pub(crate) fn reselect(&mut self, id: Option<&str>) {
        let height = self.body_rows();
        let len = self.row_count();
        let moved = id.is_some() && self.selected_row_id().as_deref() != id;
        let at = id
            .filter(|_| moved)
            .and_then(|id| self.with_row_ids(|mut ids| Iterator::position(&mut ids, |r| r == id)));
        let nav = self.screen_mut().nav_mut();
        match at {
            Some(i) => nav.select(i, len, height),
            None => nav.scroll_into_view(len, height),
        }
    }

    /// Sorts the current table by its next column (`reverse`: the other
    /// direction), keeping the selected row selected. Returns the new sort
    /// (`None`: the table's own order), or `Err` when the view has no table.
    pub(crate) fn change_sort(&mut self, reverse: bool) -> Result<Option<Sort>, ()> {
        let (kind, names) = self.table_of().ok_or(())?;
        let keep = self.selected_row_id();
        let current = self.sort_of(kind);
        let next = if reverse {
            table::reversed(&names, current)
        } else {
            table::next_sort(&names, current)
        };
        match next {
            Some(sort) => self.sorts.insert(kind, sort),
            None => self.sorts.remove(&kind),
        };
        self.reselect(keep.as_deref());
        Ok(next)
    }
}
