//! The rollout panel: deployments started by actions, followed to the end.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

use crate::model::{RolloutState, task_def_short};
use crate::state::State;
use crate::theme::Theme;
use crate::ui::widgets::{overlay_block, wrapped_height};
use crate::watch::{Outcome, RolloutWatch};

fn clock(secs: i64) -> String {
    format!("{}:{:02}", secs / 60, secs % 60)
}

/// Rows the panel needs for every watch, each word-wrapped to `width`
/// columns (borders included).
pub(crate) fn height(state: &State, width: u16) -> u16 {
    rows(state, width.saturating_sub(2)).saturating_add(2)
}

/// Rows the watches take, each word-wrapped to `width` columns.
pub(crate) fn rows(state: &State, width: u16) -> u16 {
    wrapped_height(&lines(state), width)
}

/// The symbol, the word and their style, all from one state: the watch's
/// outcome once it has one, else what ECS last said of the deployment. ECS
/// may report COMPLETED before the watch can call it a success (the old
/// deployment still draining, a scale still settling): that reads `settling`,
/// never `⟳ … COMPLETED`. The elapsed time comes before the long deployment
/// id, which a narrow terminal cuts.
fn status(w: &RolloutWatch, now: crate::model::Time, t: &Theme) -> (&'static str, String, Style) {
    let elapsed = clock(w.elapsed_secs(now));
    // Judged from a service deployment: its own status word and progress.
    let followed = w.service_deployment.as_ref();
    match &w.outcome {
        Some(Outcome::Completed) => {
            let word = followed
                .and_then(|d| d.status)
                .map_or("COMPLETED", |s| s.as_str());
            ("✔", format!("{word} in {elapsed}"), t.ok)
        }
        Some(Outcome::Failed(reason)) => ("✖", format!("FAILED after {elapsed}: {reason}"), t.bad),
        None if followed.is_some_and(|d| d.status.is_some_and(|s| !s.is_terminal())) => {
            let progress = followed
                .map(|d| crate::watch::progress::line(d, now))
                .unwrap_or_default();
            ("⟳", format!("{progress}  {elapsed}"), t.warn)
        }
        None => {
            let word = match w.rollout_state {
                None => "waiting",
                Some(RolloutState::InProgress) => "IN_PROGRESS",
                Some(RolloutState::Completed) => "settling",
                Some(RolloutState::Failed) => "failing",
            };
            let id = w
                .deployment_id
                .as_deref()
                .map(|id| format!("  {id}"))
                .unwrap_or_default();
            (
                "⟳",
                format!("{word} running {}/{}  {elapsed}{id}", w.running, w.desired),
                t.warn,
            )
        }
    }
}

/// One line per watch (wrapped when drawn), oldest first.
fn lines(state: &State) -> Vec<Line<'static>> {
    let t = &state.theme;
    state
        .watches
        .iter()
        .map(|w| {
            let (symbol, word, style) = status(w, state.now, t);
            let target = task_def_short(&w.intended);
            Line::from(vec![
                Span::styled(format!("{symbol} "), style),
                Span::raw(format!("{} {} → {target}  ", w.service, w.action)),
                Span::styled(word, style),
            ])
        })
        .collect()
}

/// Draws the panel in `rect`: a box titled `rollouts` around
/// [`render_in`].
pub(crate) fn render(state: &State, frame: &mut Frame, rect: Rect) {
    let block = overlay_block(state, "rollouts", frame, rect);
    let inner = block.inner(rect);
    frame.render_widget(block, rect);
    render_in(state, frame, inner);
}

/// Draws the watches in `area`, each wrapped over as many rows as it
/// needs. When it is too short for every watch, the newest ones (last) are
/// shown; when it is too short for the newest alone, its rows that fit end
/// with `…`.
pub(crate) fn render_in(state: &State, frame: &mut Frame, area: Rect) {
    let mut lines = lines(state);
    let mut rows = 0u16;
    let shown = lines
        .iter()
        .rev()
        .take_while(|l| {
            rows = rows.saturating_add(wrapped_height(std::slice::from_ref(l), area.width));
            rows <= area.height
        })
        .count()
        .max(1);
    let lines = lines.split_off(lines.len().saturating_sub(shown));
    let cut = wrapped_height(&lines, area.width) > area.height;
    frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), area);
    if cut && area.width > 0 && area.height > 0 {
        let last = (area.right() - 1, area.bottom() - 1);
        frame.buffer_mut()[last].set_symbol("…");
    }
}
