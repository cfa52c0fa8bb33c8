//! The cluster picker.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use crate::keymap::KeyContext;
use crate::state::State;
use crate::ui::centered;
use crate::ui::widgets::overlay_block;

/// Draws the cluster list with services and task counts.
pub(crate) fn render(state: &State, selected: usize, frame: &mut Frame, area: Rect) {
    let t = &state.theme;
    let clusters = state.clusters.data.as_deref().unwrap_or_default();
    let rect = centered(area, 64, (clusters.len() as u16 + 4).max(6));
    let hints = state.keymap.hints(KeyContext::ClusterPicker).join(" · ");
    let block = overlay_block(state, &format!("pick a cluster · {hints}"), frame, rect);
    let mut lines = Vec::new();
    if clusters.is_empty() {
        let text = match &state.clusters.last_error {
            Some(e) => Span::styled(format!("⚠ {e}"), t.bad),
            None if state.clusters.data.is_some() => {
                Span::styled("no clusters in this account and region", t.dim)
            }
            None => Span::styled("loading clusters…", t.dim),
        };
        lines.push(Line::from(text));
    }
    for (i, c) in clusters.iter().enumerate() {
        let current = if Some(&c.name) == state.cluster.as_ref() {
            "●"
        } else {
            " "
        };
        let text = format!(
            "{current} {:<28} {:>4} services {:>5} running {:>3} pending",
            c.name, c.active_services, c.running_tasks, c.pending_tasks
        );
        let style = if i == selected {
            t.selected
        } else {
            ratatui::style::Style::new()
        };
        lines.push(Line::from(Span::styled(text, style)));
    }
    frame.render_widget(Paragraph::new(lines).block(block), rect);
}
