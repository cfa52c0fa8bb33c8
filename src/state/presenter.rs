//! Presenter mode's state queries and geometry: which tasks it shows, how
//! each one looks (one of five states, each with a word and a symbol so the
//! grid reads without colour), and where the parts of the screen go for a
//! terminal size. `update` (moving through the grid) and `ui` (drawing it)
//! both use [`PresenterLayout`], so they cannot disagree on the columns.

use ratatui::layout::Rect;

use super::{ChaosRun, State, View};
use crate::model::{HealthStatus, TargetState, Task, TaskStatus};

/// A stopped task stays on the grid this long after it stopped.
const STOPPED_SHOWN_FOR: chrono::Duration = chrono::Duration::minutes(5);

/// How a task looks in presenter mode.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum TaskLook {
    /// Running, its health checks and its target healthy.
    Healthy,
    /// On its way up: provisioning, pending, health or target not healthy yet.
    Starting,
    /// Running, but failing its health checks or its target's.
    Unhealthy,
    /// On its way down (desired stopped, deactivating, draining).
    Stopping,
    /// Stopped.
    Stopped,
}

impl TaskLook {
    /// Every look, in the legend's order.
    pub(crate) const ALL: [TaskLook; 5] = [
        TaskLook::Healthy,
        TaskLook::Starting,
        TaskLook::Unhealthy,
        TaskLook::Stopping,
        TaskLook::Stopped,
    ];

    /// The word for the state (shown in each box and the legend).
    pub(crate) fn word(self) -> &'static str {
        match self {
            TaskLook::Healthy => "healthy",
            TaskLook::Starting => "starting",
            TaskLook::Unhealthy => "unhealthy",
            TaskLook::Stopping => "stopping",
            TaskLook::Stopped => "stopped",
        }
    }

    /// A symbol for the state, distinct for each.
    pub(crate) fn symbol(self) -> &'static str {
        match self {
            TaskLook::Healthy => "✔",
            TaskLook::Starting => "◐",
            TaskLook::Unhealthy => "✖",
            TaskLook::Stopping => "▼",
            TaskLook::Stopped => "■",
        }
    }
}

/// How `task` looks, given its ALB target's state (`None`: not registered or
/// not known), whether the service is load balanced with its target groups
/// loaded, and whether the service's containers have health checks (then an
/// `UNKNOWN` health means "not reported yet").
pub(crate) fn task_look(
    task: &Task,
    target: Option<TargetState>,
    targets_known: bool,
    checks: bool,
) -> TaskLook {
    use TaskStatus as S;
    if task.last_status == S::Stopped {
        return TaskLook::Stopped;
    }
    if task.desired_status == S::Stopped
        || matches!(
            task.last_status,
            S::Deactivating | S::Stopping | S::Deprovisioning
        )
        || target == Some(TargetState::Draining)
    {
        return TaskLook::Stopping;
    }
    if task.last_status != S::Running {
        return TaskLook::Starting;
    }
    if task.health == HealthStatus::Unhealthy || target == Some(TargetState::Unhealthy) {
        return TaskLook::Unhealthy;
    }
    let health_pending = checks && task.health == HealthStatus::Unknown;
    let target_pending = targets_known
        && matches!(
            target,
            None | Some(TargetState::Initial | TargetState::Unused)
        );
    if health_pending || target_pending {
        TaskLook::Starting
    } else {
        TaskLook::Healthy
    }
}

/// Where the parts of presenter mode go on a `width` × `height` frame.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct PresenterLayout {
    /// The service's name and its healthy counts.
    pub(crate) title: Rect,
    /// The stopwatch's digits.
    pub(crate) clock: Rect,
    /// The stopwatch's milestones (beside the digits, or under them when narrow).
    pub(crate) milestones: Rect,
    /// The task grid.
    pub(crate) grid: Rect,
    /// The legend (and how many tasks did not fit).
    pub(crate) legend: Rect,
    /// Size of one cell of a big digit (columns, rows).
    pub(crate) pixel: (u16, u16),
    /// Size of one task box (columns, rows).
    pub(crate) cell: (u16, u16),
}

/// Columns of one big digit in pixels (3 wide, a gap of 1).
pub(crate) const DIGIT_PIXELS: (u16, u16) = (3, 5);

/// Width of the clock's digits for `M:SS` (or `MM:SS`) at a pixel size.
fn clock_width(pixel_w: u16) -> u16 {
    // 5 glyphs of 3 pixels + 4 gaps of 1 pixel.
    (5 * DIGIT_PIXELS.0 + 4) * pixel_w
}

/// Lines the milestones take: a head line and four steps.
pub(crate) const MILESTONE_LINES: u16 = 5;

impl PresenterLayout {
    /// The layout of a frame of `width` × `height`, keeping the last two rows
    /// for the status line and the footer.
    pub(crate) fn new(width: u16, height: u16) -> Self {
        let body = height.saturating_sub(2);
        // Big digits as large as the frame allows, square-ish pixels.
        let pixel = if width >= 160 && height >= 50 {
            (4, 2)
        } else {
            (2, 1)
        };
        let digits_h = DIGIT_PIXELS.1 * pixel.1;
        let digits_w = clock_width(pixel.0);
        let side_by_side = width >= digits_w + 4 + 36;
        let clock_h = if side_by_side {
            digits_h.max(MILESTONE_LINES)
        } else {
            digits_h + MILESTONE_LINES
        };
        let title = Rect::new(0, 0, width, 1.min(body));
        let top = 2.min(body);
        let clock_h = clock_h.min(body.saturating_sub(top));
        let (clock, milestones) = if side_by_side {
            let clock = Rect::new(2, top, digits_w, clock_h);
            let x = clock.right() + 4;
            (clock, Rect::new(x, top, width.saturating_sub(x), clock_h))
        } else {
            let clock = Rect::new(2, top, digits_w.min(width), digits_h.min(clock_h));
            (
                clock,
                Rect::new(
                    2,
                    clock.bottom(),
                    width.saturating_sub(2),
                    clock_h.saturating_sub(clock.height),
                ),
            )
        };
        let grid_top = (top + clock_h + 1).min(body);
        let grid_h = body.saturating_sub(grid_top + 1);
        let grid = Rect::new(0, grid_top, width, grid_h);
        let legend = Rect::new(0, grid.bottom(), width, 1.min(body - grid.bottom()));
        let cell = match (width, height) {
            (w, h) if w >= 180 && h >= 50 => (26, 6),
            (w, h) if w >= 110 && h >= 36 => (22, 5),
            _ => (19, 4),
        };
        Self {
            title,
            clock,
            milestones,
            grid,
            legend,
            pixel,
            cell,
        }
    }

    /// Task boxes per row.
    pub(crate) fn columns(&self) -> usize {
        usize::from((self.grid.width / self.cell.0).max(1))
    }

    /// Rows of task boxes that fit.
    pub(crate) fn rows(&self) -> usize {
        usize::from((self.grid.height / self.cell.1).max(1))
    }

    /// Boxes on one page of the grid.
    pub(crate) fn per_page(&self) -> usize {
        self.columns() * self.rows()
    }
}

impl State {
    /// The layout of presenter mode at the current terminal size.
    pub(crate) fn presenter_layout(&self) -> PresenterLayout {
        PresenterLayout::new(self.size.0, self.size.1)
    }

    /// The tasks presenter mode shows for `service`: the live ones, oldest
    /// first (a box keeps its place from one refresh to the next), then those
    /// stopped in the last few minutes (a killed task stays in view as
    /// `stopped`).
    pub(crate) fn presenter_tasks(&self, service: &str) -> Vec<&Task> {
        let mut tasks: Vec<&Task> = self
            .service_tasks(service)
            .into_iter()
            .filter(|t| {
                t.last_status != TaskStatus::Stopped
                    || t.stopped_at
                        .is_some_and(|at| self.now - at <= STOPPED_SHOWN_FOR)
            })
            .collect();
        tasks.sort_by(|a, b| {
            let key = |t: &Task| (t.last_status == TaskStatus::Stopped, t.created_at);
            key(a).cmp(&key(b)).then_with(|| a.id.cmp(&b.id))
        });
        tasks
    }

    /// Every presented task of `service` with how it looks.
    pub(crate) fn presenter_looks(&self, service: &str) -> Vec<(&Task, TaskLook)> {
        let tasks = self.presenter_tasks(service);
        let groups = self
            .service(service)
            .map(|s| self.service_target_groups(s))
            .unwrap_or_default();
        let load_balanced = self
            .service(service)
            .is_some_and(|s| !s.load_balancers.is_empty());
        let targets_known = load_balanced && !groups.is_empty();
        let checks = tasks.iter().any(|t| t.health != HealthStatus::Unknown);
        tasks
            .into_iter()
            .map(|t| {
                let target = t.private_ip.as_deref().and_then(|ip| {
                    groups
                        .iter()
                        .flat_map(|g| g.targets.iter())
                        .find(|x| x.id == ip)
                        .map(|x| x.state)
                });
                (t, task_look(t, target, targets_known, checks))
            })
            .collect()
    }

    /// The task selected on the current screen: a box of presenter mode's
    /// grid, or a row of a task table.
    pub(crate) fn selected_task(&self) -> Option<&Task> {
        let screen = self.screen();
        let i = screen.nav.selected;
        match (screen.view, screen.service.as_deref()) {
            (View::Presenter, Some(s)) => self.presenter_tasks(s).get(i).copied(),
            (View::Presenter, None) => None,
            (_, service) => self.filtered_tasks(service, &screen.nav).get(i).copied(),
        }
    }

    /// The newest chaos experiment on `service` of the current cluster.
    pub(crate) fn chaos_run_of(&self, service: &str) -> Option<&ChaosRun> {
        self.chaos.iter().rev().find(|r| {
            r.timeline.service == service && Some(r.cluster.as_str()) == self.cluster.as_deref()
        })
    }

    /// Opens presenter mode on `service` (a service picker when `None`), on
    /// top of the current screen.
    pub fn open_presenter(&mut self, service: Option<String>) {
        self.stack
            .push(super::Screen::new(View::Presenter, service));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fixtures::task;

    fn look(status: TaskStatus, health: HealthStatus, target: Option<TargetState>) -> TaskLook {
        task_look(&task("web", 1, status, health), target, true, true)
    }

    #[test]
    fn each_state_of_a_task_has_its_look() {
        use HealthStatus as H;
        use TargetState as T;
        use TaskStatus as S;
        assert_eq!(
            look(S::Running, H::Healthy, Some(T::Healthy)),
            TaskLook::Healthy
        );
        assert_eq!(look(S::Provisioning, H::Unknown, None), TaskLook::Starting);
        assert_eq!(
            look(S::Running, H::Unknown, Some(T::Initial)),
            TaskLook::Starting
        );
        assert_eq!(
            look(S::Running, H::Healthy, Some(T::Initial)),
            TaskLook::Starting
        );
        assert_eq!(look(S::Running, H::Healthy, None), TaskLook::Starting);
        assert_eq!(
            look(S::Running, H::Unhealthy, Some(T::Healthy)),
            TaskLook::Unhealthy
        );
        assert_eq!(
            look(S::Running, H::Healthy, Some(T::Unhealthy)),
            TaskLook::Unhealthy
        );
        assert_eq!(
            look(S::Running, H::Healthy, Some(T::Draining)),
            TaskLook::Stopping
        );
        assert_eq!(
            look(S::Deactivating, H::Healthy, Some(T::Healthy)),
            TaskLook::Stopping
        );
        assert_eq!(look(S::Stopped, H::Unknown, None), TaskLook::Stopped);
        // Desired STOPPED but still RUNNING: on its way down.
        let mut t = task("web", 1, S::Running, H::Healthy);
        t.desired_status = S::Stopped;
        assert_eq!(
            task_look(&t, Some(T::Healthy), true, true),
            TaskLook::Stopping
        );
        // No health checks and no load balancer: RUNNING is healthy.
        let t = task("web", 1, S::Running, H::Unknown);
        assert_eq!(task_look(&t, None, false, false), TaskLook::Healthy);
        // With checks, UNKNOWN is not reported yet.
        assert_eq!(task_look(&t, None, false, true), TaskLook::Starting);
    }

    #[test]
    fn every_look_has_its_own_word_and_symbol() {
        let words: std::collections::HashSet<_> = TaskLook::ALL.map(TaskLook::word).into();
        let symbols: std::collections::HashSet<_> = TaskLook::ALL.map(TaskLook::symbol).into();
        assert_eq!((words.len(), symbols.len()), (5, 5));
    }

    #[test]
    fn the_layout_fits_the_frame_and_grows_with_it() {
        let mut last_cells = 0;
        for (w, h) in [(80, 24), (120, 40), (200, 60)] {
            let l = PresenterLayout::new(w, h);
            let frame = Rect::new(0, 0, w, h - 2);
            for r in [l.title, l.clock, l.milestones, l.grid, l.legend] {
                assert_eq!(frame.intersection(r), r, "{w}x{h}: {r:?} inside the body");
            }
            assert!(!l.clock.intersects(l.grid) && !l.milestones.intersects(l.grid));
            assert!(l.columns() >= 4 && l.rows() >= 2, "{w}x{h}: {l:?}");
            let cells = usize::from(l.cell.0) * usize::from(l.cell.1);
            assert!(cells > last_cells, "{w}x{h}: the boxes grow");
            last_cells = cells;
        }
        assert!(PresenterLayout::new(200, 60).pixel > PresenterLayout::new(80, 24).pixel);
    }

    #[test]
    fn a_stopped_task_stays_on_the_grid_for_a_few_minutes() {
        let mut s = crate::fixtures::loaded_state();
        let name = "web-api";
        let live = s.presenter_tasks(name).len();
        let tasks = s.tasks.get_mut("").and_then(|r| r.data.as_mut());
        let tasks = tasks.expect("the cluster's task list");
        let mut gone = task(name, 9, TaskStatus::Stopped, HealthStatus::Unknown);
        gone.stopped_at = Some(s.now - chrono::Duration::minutes(1));
        let mut old = task(name, 10, TaskStatus::Stopped, HealthStatus::Unknown);
        old.stopped_at = Some(s.now - chrono::Duration::minutes(30));
        tasks.push(gone.clone());
        tasks.push(old);
        s.reindex_tasks();
        let shown = s.presenter_tasks(name);
        assert_eq!(shown.len(), live + 1);
        assert!(shown.iter().any(|t| t.id == gone.id));
    }
}
