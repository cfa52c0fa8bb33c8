//! The self-healing stopwatch after a chaos stop.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use crate::state::State;
use crate::ui::widgets::overlay_block;

/// Columns of the stopwatch box.
pub(crate) const WIDTH: u16 = 72;

/// Rows the newest experiment's stopwatch needs (borders included).
pub(crate) fn height(state: &State) -> u16 {
    state.chaos.last().map_or(0, |run| {
        let lines = run.timeline.lines().len() + 1;
        u16::try_from(lines).unwrap_or(u16::MAX).saturating_add(2)
    })
}

/// Draws the newest experiment's stopwatch in `rect`. When it is too short,
/// the head (clock or time to recovery) and the latest milestones are shown.
pub(crate) fn render(state: &State, frame: &mut Frame, rect: Rect) {
    let t = &state.theme;
    let Some(run) = state.chaos.last() else {
        return;
    };
    let tl = &run.timeline;
    let secs = tl.elapsed(state.now).num_seconds().max(0);
    let head = match (tl.time_to_recovery(), tl.waiting_for()) {
        (Some(ttr), _) => Line::from(Span::styled(
            format!("✔ recovered in {} s", ttr.num_seconds()),
            t.ok,
        )),
        (None, Some(m)) => Line::from(Span::styled(
            format!(
                "⏱ {}:{:02}  waiting for {}",
                secs / 60,
                secs % 60,
                m.label()
            ),
            t.warn,
        )),
        (None, None) => Line::from(format!("⏱ {}:{:02}", secs / 60, secs % 60)),
    };
    let marks = tl.lines();
    let room = usize::from(rect.height.saturating_sub(3));
    let mut lines = vec![head];
    lines.extend(
        marks
            .iter()
            .skip(marks.len().saturating_sub(room))
            .map(|l| Line::from(Span::raw(l.clone()))),
    );
    let title = format!(
        "self-healing: {} (task {})",
        tl.service,
        tl.victim.chars().take(8).collect::<String>()
    );
    let block = overlay_block(state, &title, frame, rect);
    frame.render_widget(Paragraph::new(lines).block(block), rect);
}
