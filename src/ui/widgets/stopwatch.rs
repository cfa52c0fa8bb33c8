//! The self-healing stopwatch after a chaos stop.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use crate::state::State;
use crate::ui::widgets::overlay_block;

/// Draws the newest experiment's stopwatch in the lower right of `area`.
pub fn render(state: &State, frame: &mut Frame, area: Rect) {
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
    let mut lines = vec![head];
    lines.extend(tl.lines().into_iter().map(|l| Line::from(Span::raw(l))));
    let height = (lines.len() as u16 + 2).min(area.height);
    let width = 72.min(area.width);
    let rect = Rect {
        x: area.x + area.width - width,
        y: area.y + area.height - height,
        width,
        height,
    };
    let title = format!(
        "self-healing: {} (task {})",
        tl.service,
        &tl.victim[..tl.victim.len().min(8)]
    );
    let block = overlay_block(state, &title, frame, rect);
    frame.render_widget(Paragraph::new(lines).block(block), rect);
}
