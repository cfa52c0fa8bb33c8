//! The rollout panel: deployments started by actions, followed to the end.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use crate::model::{RolloutState, task_def_short};
use crate::state::State;
use crate::theme::Theme;
use crate::ui::widgets::overlay_block;
use crate::watch::{Outcome, RolloutWatch};

fn clock(secs: i64) -> String {
    format!("{}:{:02}", secs / 60, secs % 60)
}

/// Rows the panel needs for every watch (borders included).
pub(crate) fn height(state: &State) -> u16 {
    u16::try_from(state.watches.len())
        .unwrap_or(u16::MAX)
        .saturating_add(2)
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

/// Draws the panel in `rect`; when it is too short for every watch, the
/// newest ones (last) are shown.
pub(crate) fn render(state: &State, frame: &mut Frame, rect: Rect) {
    let t = &state.theme;
    let room = usize::from(rect.height.saturating_sub(2));
    let skip = state.watches.len().saturating_sub(room);
    let lines: Vec<Line> = state
        .watches
        .iter()
        .skip(skip)
        .map(|w| {
            let (symbol, word, style) = status(w, state.now, t);
            let target = task_def_short(&w.intended);
            Line::from(vec![
                Span::styled(format!("{symbol} "), style),
                Span::raw(format!("{} {} → {target}  ", w.service, w.action)),
                Span::styled(word, style),
            ])
        })
        .collect();
    let block = overlay_block(state, "rollouts", frame, rect);
    frame.render_widget(Paragraph::new(lines).block(block), rect);
}
