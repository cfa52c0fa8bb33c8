//! The home dashboard's state: which panes it shows and in what order, which
//! pane has the focus, whether it is zoomed, the tasks pane's selection and
//! the events pane's scroll; and where each pane goes for a terminal size
//! (one function, so `update` and `ui` agree on the geometry).

use ratatui::layout::{Constraint, Layout, Rect};

use super::TableNav;

/// A pane of the dashboard.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Pane {
    /// The services table (the services view's table).
    Services,
    /// Alarms in ALARM, one compact line.
    Alarms,
    /// The selected service's tasks with their health chain.
    Tasks,
    /// The selected service's events.
    Events,
    /// The selected service's rollout progress.
    Rollout,
    /// A live log tail of the selected service.
    Logs,
}

impl Pane {
    /// Every pane, in the default order.
    pub const ALL: [Pane; 6] = [
        Pane::Alarms,
        Pane::Services,
        Pane::Tasks,
        Pane::Rollout,
        Pane::Events,
        Pane::Logs,
    ];

    /// The name used in the config (`[dashboard] panes = [...]`) and titles.
    pub fn name(self) -> &'static str {
        match self {
            Pane::Services => "services",
            Pane::Alarms => "alarms",
            Pane::Tasks => "tasks",
            Pane::Events => "events",
            Pane::Rollout => "rollout",
            Pane::Logs => "logs",
        }
    }

    /// Parses a config name.
    pub fn from_name(name: &str) -> Option<Pane> {
        Pane::ALL.into_iter().find(|p| p.name() == name)
    }

    /// Share of a column's height this pane takes beside the others.
    fn weight(self) -> u16 {
        match self {
            Pane::Rollout => 1,
            _ => 2,
        }
    }
}

/// How the panes are arranged for the terminal's width.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Arrangement {
    /// One pane at a time under a tab bar (narrow terminals).
    Tabs,
    /// The services table across the top, the other panes in two columns below.
    TwoColumns,
    /// The services table on the left, the other panes in two columns beside it.
    ThreeColumns,
}

/// Columns from which the dashboard uses three columns.
pub const THREE_COLUMNS_FROM: u16 = 180;
/// Columns from which the dashboard uses two columns (below: tabs).
pub const TWO_COLUMNS_FROM: u16 = 110;
/// Lines of the alarm strip (borders included).
pub(crate) const ALARM_STRIP_LINES: u16 = 3;
/// Lines kept in the dashboard's log tail (the logs view keeps `log_buffer_lines`).
pub(crate) const TAIL_LINES: usize = 2_000;

/// The arrangement for a body `width` columns wide.
pub fn arrangement(width: u16) -> Arrangement {
    if width >= THREE_COLUMNS_FROM {
        Arrangement::ThreeColumns
    } else if width >= TWO_COLUMNS_FROM {
        Arrangement::TwoColumns
    } else {
        Arrangement::Tabs
    }
}

/// The dashboard's own state.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Dashboard {
    /// The panes shown, in order (never empty).
    panes: Vec<Pane>,
    /// The focused pane (one of `panes`).
    focus: Pane,
    /// Whether the focused pane fills the body.
    pub zoomed: bool,
    /// The tasks pane's selection.
    pub(crate) tasks_nav: TableNav,
    /// The events pane's selection.
    pub(crate) events_nav: TableNav,
    /// The id of the last log tail the dashboard started.
    pub(crate) tail_id: Option<u64>,
    /// The service the panes are about (the selected one, once followed).
    pub(crate) service: Option<String>,
    /// The ids of the tasks whose streams the log tail covers: a task not
    /// among them (a rollout's new one) widens the tail.
    pub(crate) tail_tasks: std::collections::BTreeSet<String>,
}

impl Default for Dashboard {
    fn default() -> Self {
        Self::new(Pane::ALL.to_vec())
    }
}

impl Dashboard {
    /// A dashboard of `panes` (the default panes when empty); the services
    /// table has the focus when shown, else the first pane.
    pub fn new(mut panes: Vec<Pane>) -> Self {
        let mut seen = std::collections::BTreeSet::new();
        panes.retain(|p| seen.insert(*p));
        if panes.is_empty() {
            panes = Pane::ALL.to_vec();
        }
        let focus = if panes.contains(&Pane::Services) {
            Pane::Services
        } else {
            panes[0]
        };
        Self {
            panes,
            focus,
            zoomed: false,
            tasks_nav: TableNav::default(),
            events_nav: TableNav::default(),
            tail_id: None,
            tail_tasks: std::collections::BTreeSet::new(),
            service: None,
        }
    }

    /// The panes shown, in order.
    pub fn panes(&self) -> &[Pane] {
        &self.panes
    }

    /// The focused pane.
    pub fn focus(&self) -> Pane {
        self.focus
    }

    /// Whether `pane` is shown.
    pub(crate) fn shows(&self, pane: Pane) -> bool {
        self.panes.contains(&pane)
    }

    /// Moves the focus `step` panes on (negative: back), wrapping around.
    pub fn cycle_focus(&mut self, step: isize) {
        let n = self.panes.len() as isize;
        let at = self
            .panes
            .iter()
            .position(|p| *p == self.focus)
            .unwrap_or(0) as isize;
        let next = (at + step).rem_euclid(n.max(1));
        self.focus = self.panes[next as usize];
    }

    /// Zooms the focused pane to the body, or back.
    pub fn toggle_zoom(&mut self) {
        self.zoomed = !self.zoomed;
    }

    /// Forgets what belonged to the selected service (its tasks' and events'
    /// selection), when another service is selected.
    pub(crate) fn service_changed(&mut self) {
        self.tasks_nav = TableNav::default();
        self.events_nav = TableNav::default();
    }

    /// Where each pane goes in `body`, and the tab bar's row when tabs (or a
    /// zoom) show one pane at a time. Panes not drawn are absent.
    pub fn areas(&self, body: Rect) -> (Option<Rect>, Vec<(Pane, Rect)>) {
        self.areas_with(body, false)
    }

    /// As [`Dashboard::areas`]; while `rollouts` are followed the rollout
    /// pane's share of its column grows to the tasks pane's, so a long
    /// verdict has rows to wrap over.
    pub(crate) fn areas_with(
        &self,
        body: Rect,
        rollouts: bool,
    ) -> (Option<Rect>, Vec<(Pane, Rect)>) {
        if self.zoomed {
            return (None, vec![(self.focus, body)]);
        }
        match arrangement(body.width) {
            Arrangement::Tabs => {
                let [bar, rest] =
                    Layout::vertical([Constraint::Length(1), Constraint::Min(0)]).areas(body);
                (Some(bar), vec![(self.focus, rest)])
            }
            wide => (None, self.columns(body, wide, rollouts)),
        }
    }

    fn columns(&self, body: Rect, arrangement: Arrangement, rollouts: bool) -> Vec<(Pane, Rect)> {
        let mut out = Vec::new();
        let mut rest = body;
        if self.shows(Pane::Alarms) && self.panes.len() > 1 {
            let [strip, below] =
                Layout::vertical([Constraint::Length(ALARM_STRIP_LINES), Constraint::Min(0)])
                    .areas(body);
            out.push((Pane::Alarms, strip));
            rest = below;
        }
        let others: Vec<Pane> = self
            .panes
            .iter()
            .copied()
            .filter(|p| *p != Pane::Alarms || self.panes.len() == 1)
            .collect();
        let Some((&primary, secondary)) = others.split_first() else {
            return out;
        };
        if secondary.is_empty() {
            out.push((primary, rest));
            return out;
        }
        let (main, side) = match arrangement {
            Arrangement::ThreeColumns => {
                let [main, side] =
                    Layout::horizontal([Constraint::Percentage(45), Constraint::Fill(1)])
                        .areas(rest);
                (main, side)
            }
            _ => {
                let [main, side] =
                    Layout::vertical([Constraint::Percentage(45), Constraint::Fill(1)]).areas(rest);
                (main, side)
            }
        };
        out.push((primary, main));
        let split = secondary.len().div_ceil(2);
        let (left, right) = secondary.split_at(split);
        let halves: Vec<&[Pane]> = [left, right]
            .into_iter()
            .filter(|h| !h.is_empty())
            .collect();
        let cols = Layout::horizontal(halves.iter().map(|_| Constraint::Fill(1))).split(side);
        for (half, col) in halves.iter().zip(cols.iter()) {
            let weight = |p: &Pane| match p {
                Pane::Rollout if rollouts => Pane::Tasks.weight(),
                p => p.weight(),
            };
            let rows =
                Layout::vertical(half.iter().map(|p| Constraint::Fill(weight(p)))).split(*col);
            out.extend(half.iter().copied().zip(rows.iter().copied()));
        }
        out
    }

    /// The area of `pane` in `body`, when drawn.
    pub fn area_of(&self, pane: Pane, body: Rect) -> Option<Rect> {
        self.area_with(pane, body, false)
    }

    /// As [`Dashboard::area_of`], with [`Dashboard::areas_with`]'s `rollouts`.
    pub(crate) fn area_with(&self, pane: Pane, body: Rect, rollouts: bool) -> Option<Rect> {
        self.areas_with(body, rollouts)
            .1
            .into_iter()
            .find(|(p, _)| *p == pane)
            .map(|(_, r)| r)
    }
}

/// The body of the screen (between the header and the status line) for a terminal size.
pub(crate) fn body_of(size: (u16, u16)) -> Rect {
    Rect::new(0, 1, size.0, size.1.saturating_sub(3))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tab_and_shift_tab_cycle_through_the_panes_in_order_and_wrap() {
        let mut d = Dashboard::default();
        assert_eq!(d.focus(), Pane::Services);
        let mut seen = vec![d.focus()];
        for _ in 0..6 {
            d.cycle_focus(1);
            seen.push(d.focus());
        }
        assert_eq!(
            seen,
            vec![
                Pane::Services,
                Pane::Tasks,
                Pane::Rollout,
                Pane::Events,
                Pane::Logs,
                Pane::Alarms,
                Pane::Services
            ]
        );
        d.cycle_focus(-1);
        assert_eq!(d.focus(), Pane::Alarms);
        d.cycle_focus(-1);
        assert_eq!(d.focus(), Pane::Logs);
    }

    #[test]
    fn the_focus_starts_on_the_services_table_or_the_first_pane() {
        assert_eq!(
            Dashboard::new(vec![Pane::Logs, Pane::Services]).focus(),
            Pane::Services
        );
        let d = Dashboard::new(vec![Pane::Logs, Pane::Events, Pane::Logs]);
        assert_eq!(d.focus(), Pane::Logs);
        assert_eq!(d.panes(), &[Pane::Logs, Pane::Events]);
        assert_eq!(Dashboard::new(Vec::new()).panes(), &Pane::ALL);
    }

    #[test]
    fn zoom_gives_the_focused_pane_the_whole_body_and_back() {
        let mut d = Dashboard::default();
        let body = Rect::new(0, 1, 200, 57);
        d.cycle_focus(1);
        d.toggle_zoom();
        assert_eq!(d.areas(body), (None, vec![(Pane::Tasks, body)]));
        d.toggle_zoom();
        assert_eq!(d.areas(body).1.len(), 6);
    }

    #[test]
    fn the_layout_follows_the_width() {
        assert_eq!(arrangement(80), Arrangement::Tabs);
        assert_eq!(arrangement(109), Arrangement::Tabs);
        assert_eq!(arrangement(120), Arrangement::TwoColumns);
        assert_eq!(arrangement(179), Arrangement::TwoColumns);
        assert_eq!(arrangement(200), Arrangement::ThreeColumns);
        let d = Dashboard::default();
        // Tabs: one pane under a tab bar.
        let (bar, panes) = d.areas(Rect::new(0, 1, 80, 21));
        assert_eq!(bar, Some(Rect::new(0, 1, 80, 1)));
        assert_eq!(panes, vec![(Pane::Services, Rect::new(0, 2, 80, 20))]);
        // Two columns: services across the top, the rest in two columns.
        let (bar, panes) = d.areas(Rect::new(0, 1, 120, 37));
        assert_eq!(bar, None);
        let services = d.area_of(Pane::Services, Rect::new(0, 1, 120, 37));
        assert_eq!(services.map(|r| r.width), Some(120));
        let tasks = panes.iter().find(|(p, _)| *p == Pane::Tasks).map(|x| x.1);
        let events = panes.iter().find(|(p, _)| *p == Pane::Events).map(|x| x.1);
        assert!(
            tasks
                .zip(events)
                .is_some_and(|(t, e)| t.x < e.x && t.y == e.y)
        );
        // Three columns: services on the left, at full height under the strip.
        let body = Rect::new(0, 1, 200, 57);
        let services = d.area_of(Pane::Services, body);
        assert_eq!(services.map(|r| (r.x, r.height)), Some((0, 54)));
        let logs = d.area_of(Pane::Logs, body);
        assert!(logs.is_some_and(|r| r.x > 100));
        // No two panes overlap, and every one is inside the body.
        for (_, a) in &d.areas(body).1 {
            assert!(body.union(*a) == body);
            for (_, b) in &d.areas(body).1 {
                assert!(a == b || !a.intersects(*b), "{a:?} {b:?}");
            }
        }
    }

    #[test]
    fn pane_names_round_trip() {
        for p in Pane::ALL {
            assert_eq!(Pane::from_name(p.name()), Some(p));
        }
        assert_eq!(Pane::from_name("graphs"), None);
    }
}
