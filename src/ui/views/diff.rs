//! The diff of two task definition revisions.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use crate::model::task_def_short;
use crate::state::{Screen, State};
use crate::ui::views::table_block;

/// Draws the diff, scrolled by the screen's selection.
pub(crate) fn render(state: &State, screen: &Screen, frame: &mut Frame, area: Rect) {
    let t = &state.theme;
    let (a, b) = screen.diff.clone().unwrap_or_default();
    let mask = if screen.reveal {
        "values shown (u masks)"
    } else {
        "secrets masked (u shows)"
    };
    let block = table_block(
        state,
        format!("{} → {} · {mask}", task_def_short(&a), task_def_short(&b)),
    );
    let lines: Vec<Line> = match &screen.diff_lines {
        Some(diff) => diff
            .iter()
            .skip(screen.nav.offset)
            .map(|l| {
                let style = match l.sign {
                    '+' => t.ok,
                    '-' => t.bad,
                    '~' => t.warn,
                    _ => t.dim,
                };
                Line::from(Span::styled(format!("{} {}", l.sign, l.text), style))
            })
            .collect(),
        None => {
            let err = state
                .task_def_errors
                .get(&a)
                .or_else(|| state.task_def_errors.get(&b));
            vec![match err {
                Some(e) => Line::from(Span::styled(format!("⚠ {e}"), t.bad)),
                None => Line::from(Span::styled("loading task definitions…", t.dim)),
            }]
        }
    };
    frame.render_widget(Paragraph::new(lines).block(block), area);
}
