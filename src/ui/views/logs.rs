//! The live log tail view: drawn by [`crate::logs::view::render`] inside the app's chrome.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Span;
use ratatui::widgets::Paragraph;

use crate::logs::view::{LogTheme, render as render_log};
use crate::state::{Screen, State};
use crate::ui::views::table_block;

/// Draws the log view of the current session.
pub fn render(state: &State, screen: &Screen, frame: &mut Frame, area: Rect) {
    let what = match &screen.task {
        Some(t) => format!("task {}", &t[..t.len().min(12)]),
        None => "all tasks, merged by time".to_string(),
    };
    let block = table_block(state, what);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let Some(session) = state.logs.as_ref() else {
        let text = Span::styled("no log tail running", state.theme.dim);
        frame.render_widget(Paragraph::new(text), inner);
        return;
    };
    let theme = if state.theme == crate::ui::theme::Theme::plain() {
        LogTheme::no_color()
    } else {
        LogTheme::default()
    };
    render_log(&session.view, inner, frame.buffer_mut(), &theme);
}
