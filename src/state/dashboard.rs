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

/// What the layout fits the panes to, beside the body's size.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Fit {
    /// The number of services in the table, once known: a table shorter
    /// than its share of the screen gets the lines it needs and the panes
    /// below or beside it get the rest.
    pub services: Option<usize>,
    /// Whether rollouts are followed: the rollout pane's share of its
    /// column grows to the tasks pane's, so a long verdict has rows to wrap over.
    pub rollouts: bool,
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
            service: None,
            tail_tasks: std::collections::BTreeSet::new(),
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
    /// `fit` says what else they are fitted to (see [`Fit`], [`Dashboard::columns`]).
    pub fn areas(&self, body: Rect, fit: Fit) -> (Option<Rect>, Vec<(Pane, Rect)>) {
        if self.zoomed {
            return (None, vec![(self.focus, body)]);
        }
        match arrangement(body.width) {
            Arrangement::Tabs => {
                let [bar, rest] =
                    Layout::vertical([Constraint::Length(1), Constraint::Min(0)]).areas(body);
                (Some(bar), vec![(self.focus, rest)])
            }
            wide => (None, self.columns(body, wide, fit)),
        }
    }

    /// The wide arrangements. The services table takes 45 % of the height
    /// (two columns, where it spans the width) or the left column (three
    /// columns, 48 % of the width), less when its rows need less: the first pane after it then
    /// moves up into the room it leaves (two columns: every pane grows;
    /// three columns: that pane goes under the table, so the tasks of the
    /// selected service sit below it and the log tail gets a column of its own).
    fn columns(&self, body: Rect, arrangement: Arrangement, fit: Fit) -> Vec<(Pane, Rect)> {
        let services = fit.services;
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
        // The lines the table needs, when the primary pane is the table.
        let table_lines = services
            .filter(|_| primary == Pane::Services)
            .map(services_pane_lines);
        let (main, side, secondary) = match arrangement {
            Arrangement::ThreeColumns => {
                // 48 %: at 200 columns the table is 96 wide, room for its trends
                // (`ui::views::service_trends::NARROW_SHORT_FROM`).
                let [column, side] =
                    Layout::horizontal([Constraint::Percentage(48), Constraint::Fill(1)])
                        .areas(rest);
                match table_lines.filter(|lines| column.height >= lines + MIN_PANE_BELOW) {
                    // The table leaves room in its column: the next pane goes under it.
                    Some(lines) if secondary.len() > 1 => {
                        let [main, below] =
                            Layout::vertical([Constraint::Length(lines), Constraint::Fill(1)])
                                .areas(column);
                        out.push((secondary[0], below));
                        (main, side, &secondary[1..])
                    }
                    _ => (column, side, secondary),
                }
            }
            _ => {
                let share = rest.height.saturating_mul(45) / 100;
                let table = match table_lines {
                    Some(lines) if lines < share => Constraint::Length(lines),
                    _ => Constraint::Percentage(45),
                };
                let [main, side] = Layout::vertical([table, Constraint::Fill(1)]).areas(rest);
                (main, side, secondary)
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
                Pane::Rollout if fit.rollouts => Pane::Tasks.weight(),
                p => p.weight(),
            };
            let rows =
                Layout::vertical(half.iter().map(|p| Constraint::Fill(weight(p)))).split(*col);
            out.extend(half.iter().copied().zip(rows.iter().copied()));
        }
        out
    }

    /// The area of `pane` in `body`, when drawn (`fit` as for [`Dashboard::areas`]).
    pub fn area_of(&self, pane: Pane, body: Rect, fit: Fit) -> Option<Rect> {
        self.areas(body, fit)
            .1
            .into_iter()
            .find(|(p, _)| *p == pane)
            .map(|(_, r)| r)
    }
}

/// Lines a pane needs at least to be worth moving under the services table.
const MIN_PANE_BELOW: u16 = 8;

/// Lines of the services pane for `rows` services: its borders, the column
/// header and the rows, at least one row (for the "no services" line).
fn services_pane_lines(rows: usize) -> u16 {
    u16::try_from(rows.max(1))
        .unwrap_or(u16::MAX)
        .saturating_add(3)
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
        assert_eq!(
            d.areas(body, Fit::default()),
            (None, vec![(Pane::Tasks, body)])
        );
        d.toggle_zoom();
        assert_eq!(d.areas(body, Fit::default()).1.len(), 6);
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
        let (bar, panes) = d.areas(Rect::new(0, 1, 80, 21), Fit::default());
        assert_eq!(bar, Some(Rect::new(0, 1, 80, 1)));
        assert_eq!(panes, vec![(Pane::Services, Rect::new(0, 2, 80, 20))]);
        // Two columns: services across the top, the rest in two columns.
        let (bar, panes) = d.areas(Rect::new(0, 1, 120, 37), Fit::default());
        assert_eq!(bar, None);
        let services = d.area_of(Pane::Services, Rect::new(0, 1, 120, 37), Fit::default());
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
        let services = d.area_of(Pane::Services, body, Fit::default());
        assert_eq!(services.map(|r| (r.x, r.height)), Some((0, 54)));
        let logs = d.area_of(Pane::Logs, body, Fit::default());
        assert!(logs.is_some_and(|r| r.x > 100));
        // No two panes overlap, and every one is inside the body.
        for (_, a) in &d.areas(body, Fit::default()).1 {
            assert!(body.union(*a) == body);
            for (_, b) in &d.areas(body, Fit::default()).1 {
                assert!(a == b || !a.intersects(*b), "{a:?} {b:?}");
            }
        }
    }

    /// The panes of `d` in `body` with `services` rows, checked to cover
    /// no more than the body and never to overlap.
    fn tiled(d: &Dashboard, body: Rect, fit: Fit) -> Vec<(Pane, Rect)> {
        let areas = d.areas(body, fit).1;
        for (p, a) in &areas {
            assert!(body.union(*a) == body, "{p:?} {a:?} outside {body:?}");
            for (q, b) in &areas {
                assert!(
                    p == q || !a.intersects(*b),
                    "{p:?} {a:?} overlaps {q:?} {b:?}"
                );
            }
        }
        areas
    }

    fn with_services(n: usize) -> Fit {
        Fit {
            services: Some(n),
            rollouts: false,
        }
    }

    fn area(areas: &[(Pane, Rect)], pane: Pane) -> Rect {
        areas
            .iter()
            .find(|(p, _)| *p == pane)
            .map(|(_, r)| *r)
            .unwrap_or_else(|| panic!("{pane:?} not drawn"))
    }

    #[test]
    fn a_short_services_table_gives_its_room_to_the_other_panes() {
        let d = Dashboard::default();
        // Two columns (120x40): 6 services need 9 lines, not 45 % of 34.
        let body = Rect::new(0, 1, 120, 37);
        let short = tiled(&d, body, with_services(6));
        let long = tiled(&d, body, with_services(2_000));
        assert_eq!(area(&short, Pane::Services).height, 9);
        assert_eq!(area(&long, Pane::Services).height, 15);
        assert_eq!(
            tiled(&d, body, Fit::default()),
            long,
            "unknown: the usual share"
        );
        for pane in [Pane::Tasks, Pane::Rollout, Pane::Events, Pane::Logs] {
            assert!(
                area(&short, pane).height > area(&long, pane).height,
                "{pane:?}"
            );
        }
        // Three columns (200x60): the tasks go under a short table, and the
        // log tail has a column of its own at full height.
        let body = Rect::new(0, 1, 200, 57);
        let short = tiled(&d, body, with_services(6));
        let (services, tasks) = (area(&short, Pane::Services), area(&short, Pane::Tasks));
        assert_eq!(services.height, 9);
        assert_eq!((tasks.x, tasks.y), (services.x, services.bottom()));
        assert_eq!(tasks.bottom(), body.bottom());
        let logs = area(&short, Pane::Logs);
        assert_eq!(logs.height, body.height - ALARM_STRIP_LINES);
        assert!(area(&short, Pane::Rollout).x < logs.x);
        // A table that needs its whole column keeps it, the others beside it.
        let long = tiled(&d, body, with_services(2_000));
        assert_eq!(
            area(&long, Pane::Services).height,
            body.height - ALARM_STRIP_LINES
        );
        assert!(area(&long, Pane::Tasks).x > area(&long, Pane::Services).right() - 1);
        // No table (zero rows) still has a line for its "no services" text.
        assert_eq!(
            area(
                &tiled(&d, Rect::new(0, 1, 120, 37), with_services(0)),
                Pane::Services
            )
            .height,
            4
        );
    }

    #[test]
    fn pane_names_round_trip() {
        for p in Pane::ALL {
            assert_eq!(Pane::from_name(p.name()), Some(p));
        }
        assert_eq!(Pane::from_name("graphs"), None);
    }
}
