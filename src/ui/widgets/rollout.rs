//! The rollout panel: deployments started by actions, followed to the end.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use crate::model::task_def_short;
use crate::state::State;
use crate::ui::widgets::overlay_block;
use crate::watch::Outcome;

fn clock(secs: i64) -> String {
    format!("{}:{:02}", secs / 60, secs % 60)
}

/// Draws the panel in the lower part of `area`.
pub fn render(state: &State, frame: &mut Frame, area: Rect) {
    let t = &state.theme;
    let lines: Vec<Line> = state
        .watches
        .iter()
        .map(|w| {
            let elapsed = clock(w.elapsed_secs(state.now));
            let target = task_def_short(&w.intended).to_string();
            match &w.outcome {
                None => Line::from(vec![
                    Span::styled("⟳ ", t.warn),
                    Span::raw(format!("{} {} → {target}  ", w.service, w.action)),
                    Span::styled(
                        format!(
                            "{} running {}/{}  {}",
                            w.rollout_state.map_or("waiting", |s| s.as_str()),
                            w.running,
                            w.desired,
                            w.deployment_id.as_deref().unwrap_or("")
                        ),
                        t.warn,
                    ),
                    Span::raw(format!("  {elapsed}")),
                ]),
                Some(Outcome::Completed) => Line::from(vec![
                    Span::styled("✔ ", t.ok),
                    Span::raw(format!("{} {} → {target}  ", w.service, w.action)),
                    Span::styled(format!("COMPLETED in {elapsed}"), t.ok),
                ]),
                Some(Outcome::Failed(reason)) => Line::from(vec![
                    Span::styled("✖ ", t.bad),
                    Span::raw(format!("{} {} → {target}  ", w.service, w.action)),
                    Span::styled(format!("FAILED after {elapsed}: {reason}"), t.bad),
                ]),
            }
        })
        .collect();
    let height = (lines.len() as u16 + 2).min(area.height);
    let rect = Rect {
        x: area.x,
        y: area.y + area.height - height,
        width: area.width,
        height,
    };
    let block = overlay_block(state, "rollouts", frame, rect);
    frame.render_widget(Paragraph::new(lines).block(block), rect);
}
