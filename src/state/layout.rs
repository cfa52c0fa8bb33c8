//! The screen's geometry that both `update` (paging, mouse clicks, the
//! visible-first refresh plan) and the views need: where the table body starts
//! and how many rows it has, from the terminal size. It lives here, below both,
//! so state never reaches into `ui` (which re-exports the constants it draws with).

use super::{State, View};

/// Screen row of the first table row on the services view (header, border, column header).
pub(crate) const TABLE_FIRST_ROW: u16 = 3;

/// Lines of the summary panel above the task table on the service detail view.
pub(crate) const DETAIL_SUMMARY_LINES: u16 = 8;

/// Height of the `:scaling` view's pane (the selected service's autoscaling) above its table.
pub(crate) const SCALING_PANE_LINES: u16 = 9;

/// Lines above the deployments view's table: what it shows and why.
pub(crate) const DEPLOYMENTS_NOTE_LINES: u16 = 1;

impl State {
    /// Screen row of the first table row of the current screen.
    pub(crate) fn table_first_row(&self) -> u16 {
        match self.screen().view {
            View::Dashboard => self.dashboard_services_pane().y + 2,
            View::ServiceDetail => TABLE_FIRST_ROW + DETAIL_SUMMARY_LINES,
            View::Scaling => TABLE_FIRST_ROW + SCALING_PANE_LINES,
            View::Deployments => TABLE_FIRST_ROW + DEPLOYMENTS_NOTE_LINES,
            _ => TABLE_FIRST_ROW,
        }
    }

    /// Rows of the table body for the current terminal size.
    pub fn body_rows(&self) -> usize {
        if self.screen().view == View::Dashboard {
            // inside the pane: border, column header, border
            return usize::from(self.dashboard_services_pane().height.saturating_sub(3)).max(1);
        }
        // above the rows: table_first_row; below: bottom border, status line, footer
        usize::from(self.size.1)
            .saturating_sub(usize::from(self.table_first_row()) + 3)
            .max(1)
    }

    /// Where the dashboard's panes go in `body` for this state.
    pub(crate) fn dashboard_areas(
        &self,
        body: ratatui::layout::Rect,
    ) -> (
        Option<ratatui::layout::Rect>,
        Vec<(super::dashboard::Pane, ratatui::layout::Rect)>,
    ) {
        self.dashboard.areas(body, self.dashboard_fit())
    }

    /// Where the dashboard's `pane` is in `body` for this state, when drawn.
    pub(crate) fn dashboard_area_of(
        &self,
        pane: super::dashboard::Pane,
        body: ratatui::layout::Rect,
    ) -> Option<ratatui::layout::Rect> {
        self.dashboard.area_of(pane, body, self.dashboard_fit())
    }

    /// Where the dashboard's services table is (or would be, on the tab
    /// that shows it) for the terminal size.
    pub(crate) fn dashboard_services_pane(&self) -> ratatui::layout::Rect {
        use super::dashboard::{Pane, body_of};
        let body = body_of(self.size);
        let mut dashboard = self.dashboard.clone();
        while dashboard.focus() != Pane::Services && dashboard.shows(Pane::Services) {
            dashboard.cycle_focus(1);
        }
        dashboard
            .area_of(Pane::Services, body, self.dashboard_fit())
            .unwrap_or(body)
    }

    /// What the dashboard's panes are fitted to: the number of services
    /// (the whole table, so a filter does not move the panes; unknown while
    /// it loads) and whether rollouts are followed (the rollout pane grows).
    pub(crate) fn dashboard_fit(&self) -> super::dashboard::Fit {
        super::dashboard::Fit {
            services: if self.freshness.paging {
                None
            } else {
                self.services.data.as_ref().map(Vec::len)
            },
            rollouts: !self.watches.is_empty(),
        }
    }
}
