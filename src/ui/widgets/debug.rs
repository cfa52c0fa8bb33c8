//! The API cost overlay (`D`): calls per minute per operation, the total
//! since the start, and each family's budget and use.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::Paragraph;

use crate::state::State;
use crate::ui::widgets::overlay_block;

/// Draws the API cost in the lower right of `area`.
pub fn render(state: &State, frame: &mut Frame, area: Rect) {
    let lines = lines(state);
    let height = (lines.len() as u16 + 2).min(area.height);
    let width = 52.min(area.width);
    let rect = Rect {
        x: area.x + area.width - width,
        y: area.y + area.height - height,
        width,
        height,
    };
    let block = overlay_block(state, "API calls (D hides)", frame, rect);
    frame.render_widget(Paragraph::new(lines).block(block), rect);
}

fn lines(state: &State) -> Vec<Line<'static>> {
    let (per_window, span) = state.freshness.rates.per_window();
    let mut lines = vec![Line::from(format!(
        "{:<32}{:>8}{:>8}",
        "operation",
        if span >= 60 {
            "/min".to_string()
        } else {
            format!("/{span}s")
        },
        "total"
    ))];
    for (op, n) in &state.call_counts {
        let recent = per_window.get(op).copied().unwrap_or(0);
        lines.push(Line::from(format!("{op:<32}{recent:>8}{n:>8}")));
    }
    let total: u64 = state.call_counts.values().sum();
    let recent: u64 = per_window.values().sum();
    lines.push(Line::from(format!("{:<32}{recent:>8}{total:>8}", "total")));
    if !state.freshness.budget.is_empty() {
        lines.push(Line::from(format!(
            "{:<14}{:>12}{:>14}{:>10}",
            "budget", "calls/s", "tokens", "held"
        )));
        for f in &state.freshness.budget {
            let rate = if f.per_sec + 1e-9 < f.configured_per_sec {
                format!("{:.1}/{:.1}", f.per_sec, f.configured_per_sec)
            } else {
                format!("{:.1}", f.configured_per_sec)
            };
            lines.push(Line::from(format!(
                "{:<14}{rate:>12}{:>14}{:>10}",
                f.family.label(),
                format!("{:.0}/{:.0}", f.tokens.max(0.0), f.burst),
                f.held_back
            )));
        }
    }
    lines
}
