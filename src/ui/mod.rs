//! Rendering: a pure function of `&State`.

mod cells;
pub(crate) mod chrome;
pub(crate) mod format;
pub(crate) mod sparkline;
mod views;
mod widgets;

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::Line;
use ratatui::widgets::{Clear, Paragraph, Wrap};

use crate::state::{Overlay, State, View};

pub use cells::sanitize_cells;
pub use views::logs::render_log;

/// Smallest terminal the layout supports.
pub(crate) const MIN_SIZE: (u16, u16) = (60, 15);

pub(crate) use crate::state::layout::{DETAIL_SUMMARY_LINES, SCALING_PANE_LINES};

/// Draws the whole UI, then sanitises every cell of the frame (`ui/cells.rs`).
pub fn render(state: &State, frame: &mut Frame) {
    draw(state, frame);
    cells::sanitize_cells(frame.buffer_mut());
}

fn draw(state: &State, frame: &mut Frame) {
    let area = frame.area();
    if area.width < MIN_SIZE.0 || area.height < MIN_SIZE.1 {
        render_too_small(state, frame, area);
        return;
    }
    if state.screen().view == View::Presenter {
        draw_presenter(state, frame, area);
        return;
    }
    let [header, body, status, footer] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Min(3),
        Constraint::Length(1),
        Constraint::Length(1),
    ])
    .areas(area);
    chrome::header(state, frame, header);
    let (body, runbook_area) = if state.runbook_panel.is_some() && body.width >= 100 {
        let [left, right] =
            Layout::horizontal([Constraint::Percentage(55), Constraint::Percentage(45)])
                .areas(body);
        (left, Some(right))
    } else if state.runbook_panel.is_some() {
        // Too narrow for side by side: the runbook takes the body; esc/B closes it.
        (body, Some(body))
    } else {
        (body, None)
    };
    let screen = state.screen();
    match screen.view {
        View::Dashboard => views::dashboard::render(state, screen, frame, body),
        View::Services => views::services::render(state, &screen.nav, frame, body),
        View::ServiceDetail => views::service_detail::render(state, screen, frame, body),
        View::Tasks => views::tasks::render_table(state, screen, frame, body),
        View::Deployments => views::deployments::render(state, screen, frame, body),
        View::ServiceDeployment => {
            views::service_deployment_detail::render(state, screen, frame, body)
        }
        View::Events => views::events::render(state, screen, frame, body),
        View::TargetGroups => views::target_groups::render(state, screen, frame, body),
        View::Alarms => views::alarms::render(state, screen, frame, body),
        View::Metrics => views::metrics::render(state, screen, frame, body),
        View::Revisions => views::revisions::render(state, screen, frame, body),
        View::Diff => views::diff::render(state, screen, frame, body),
        View::Audit => views::audit::render(state, screen, frame, body),
        View::Timeline => views::timeline::render(state, screen, frame, body),
        View::Runbooks => views::runbooks::render(state, screen, frame, body),
        View::Chaos => views::chaos::render(state, screen, frame, body),
        View::Logs => views::logs::render(state, screen, frame, body),
        View::Scaling => views::scaling::render(state, screen, frame, body),
        View::Fleet => views::fleet::render(state, screen, frame, body),
        View::Promotion => views::promotion::render(state, screen, frame, body),
        View::Presenter => views::presenter::render(state, screen, frame, body),
    }
    if let Some(panel) = runbook_area {
        widgets::runbook::render(state, frame, panel);
    }
    let (rollouts, stopwatch) = bottom_panels(state, body);
    if let Some(rect) = stopwatch {
        widgets::stopwatch::render(state, frame, rect);
    }
    // The dashboard's rollout pane, when drawn, has the rollouts panel in it.
    let in_pane = screen.view == View::Dashboard
        && state
            .dashboard_area_of(crate::state::dashboard::Pane::Rollout, body)
            .is_some();
    if let Some(rect) = rollouts.filter(|_| !in_pane) {
        widgets::rollout::render(state, frame, rect);
    }
    chrome::status_line(state, frame, status);
    chrome::footer(state, frame, footer);
    if state.show_debug {
        widgets::debug::render(state, frame, body);
    }
    draw_overlay(state, frame, area);
}

/// Presenter mode takes the whole frame but the status line and the footer;
/// overlays (the confirm dialog of `x`, help, the palette) draw over it.
fn draw_presenter(state: &State, frame: &mut Frame, area: Rect) {
    let [body, status, footer] = Layout::vertical([
        Constraint::Min(3),
        Constraint::Length(1),
        Constraint::Length(1),
    ])
    .areas(area);
    views::presenter::render(state, state.screen(), frame, body);
    chrome::status_line(state, frame, status);
    chrome::footer(state, frame, footer);
    if state.show_debug {
        widgets::debug::render(state, frame, body);
    }
    // A second wall: no describe overlay (environment values) in this mode.
    if !matches!(state.overlay, Some(Overlay::Describe { .. })) {
        draw_overlay(state, frame, area);
    }
}

fn draw_overlay(state: &State, frame: &mut Frame, area: Rect) {
    match &state.overlay {
        None => {}
        Some(Overlay::Help { scroll }) => widgets::help::render(state, *scroll, frame, area),
        Some(Overlay::Palette { input, selected }) => {
            widgets::palette::render(state, input, *selected, frame, area)
        }
        Some(Overlay::ClusterPicker { selected }) => {
            widgets::cluster_picker::render(state, *selected, frame, area)
        }
        Some(Overlay::Confirm(c)) => widgets::confirm::render(state, c, frame, area),
        Some(Overlay::Prompt { kind, input }) => {
            widgets::prompt::render(state, *kind, input, frame, area)
        }
        Some(Overlay::Describe {
            title,
            text,
            scroll,
            other,
            revealed,
        }) => {
            let reveal = other.is_some().then_some(*revealed);
            widgets::describe::render(state, title, text, *scroll, reveal, frame, area)
        }
    }
}

/// The stopwatch shows while an experiment runs and for a minute after it ends.
fn show_stopwatch(state: &State) -> bool {
    state.chaos.last().is_some_and(|run| {
        match run
            .timeline
            .reached(crate::chaos::timeline::Milestone::Recovered)
        {
            None => true,
            Some(at) => (state.now - at).num_seconds() < 60,
        }
    })
}

/// Where the rollouts panel and the stopwatch go: stacked at the bottom of
/// `body`, never overlapping. The more urgent one (still running, then the
/// newer) sits at the bottom with the height it needs; the other gets what is
/// left above it, or is not drawn when that is less than one line.
fn bottom_panels(state: &State, body: Rect) -> (Option<Rect>, Option<Rect>) {
    let rollouts = (!state.watches.is_empty()).then(|| {
        let running = state.watches.iter().any(|w| w.outcome.is_none());
        let newest = state.watches.iter().map(|w| w.started_at).max();
        (
            (running, newest),
            widgets::rollout::height(state, body.width),
            body.width,
        )
    });
    let stopwatch = state
        .chaos
        .last()
        .filter(|_| show_stopwatch(state))
        .map(|run| {
            let running = !run.timeline.is_recovered();
            (
                (running, Some(run.timeline.started_at)),
                widgets::stopwatch::height(state),
                widgets::stopwatch::WIDTH.min(body.width),
            )
        });
    let bottom_rect = |height: u16, width: u16, bottom: u16| Rect {
        x: body.x + body.width - width,
        y: bottom - height,
        width,
        height,
    };
    let end = body.y + body.height;
    match (rollouts, stopwatch) {
        (None, None) => (None, None),
        (Some((_, h, w)), None) => (Some(bottom_rect(h.min(body.height), w, end)), None),
        (None, Some((_, h, w))) => (None, Some(bottom_rect(h.min(body.height), w, end))),
        (Some(r), Some(s)) => {
            let rollouts_first = r.0 >= s.0;
            let (first, second) = if rollouts_first { (r, s) } else { (s, r) };
            let low_h = first.1.min(body.height);
            let low = bottom_rect(low_h, first.2, end);
            let room = body.height - low_h;
            let high = (room >= 3).then(|| bottom_rect(second.1.min(room), second.2, low.y));
            if rollouts_first {
                (Some(low), high)
            } else {
                (high, Some(low))
            }
        }
    }
}

fn render_too_small(state: &State, frame: &mut Frame, area: Rect) {
    let quit = state.keymap.keys_of(
        crate::keymap::KeyContext::Global,
        crate::action::Action::Quit,
        1,
    );
    frame.render_widget(Clear, area);
    let text = vec![
        Line::from("Terminal too small"),
        Line::from(format!(
            "ecsdeck needs at least {}×{}; this one is {}×{}.",
            MIN_SIZE.0, MIN_SIZE.1, area.width, area.height
        )),
        Line::from(format!("Enlarge the window, or press {quit} to quit.")),
    ];
    frame.render_widget(Paragraph::new(text).wrap(Wrap { trim: true }), area);
}

/// A rectangle of `width`×`height` centred in `area` (clamped to it).
pub(crate) fn centered(area: Rect, width: u16, height: u16) -> Rect {
    let w = width.min(area.width);
    let h = height.min(area.height);
    Rect {
        x: area.x + (area.width - w) / 2,
        y: area.y + (area.height - h) / 2,
        width: w,
        height: h,
    }
}

#[cfg(test)]
mod tests;
#[cfg(test)]
mod tests_dashboard;
#[cfg(test)]
mod tests_fleet;
#[cfg(test)]
mod tests_hostile;
#[cfg(test)]
mod tests_presenter;
#[cfg(test)]
mod tests_rollout_progress;
#[cfg(test)]
mod tests_scaling;
#[cfg(test)]
mod tests_service_deployments;
#[cfg(test)]
mod tests_sort;
