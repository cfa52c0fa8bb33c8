//! The home dashboard: the services table, an alarm strip and, for the
//! selected service, its tasks, events, rollout progress and a live log tail.
//! Where each pane goes comes from `state::dashboard` (the width picks three
//! columns, two, or one pane at a time under a tab bar); this module draws
//! the frame of each pane and the tab bar, `panes` draws what is inside.

mod panes;

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};

use crate::action::Action;
use crate::keymap::KeyContext;
use crate::state::dashboard::Pane;
use crate::state::{Screen, State};

/// Draws the dashboard in `body`.
pub(crate) fn render(state: &State, screen: &Screen, frame: &mut Frame, body: Rect) {
    let (bar, areas) = state.dashboard_areas(body);
    if let Some(bar) = bar {
        tab_bar(state, frame, bar);
    }
    for (pane, area) in areas {
        match pane {
            Pane::Services => {
                super::services::render_in(state, &screen.nav, frame, area, |count| {
                    pane_block(state, Pane::Services, count)
                })
            }
            Pane::Alarms => panes::alarms(state, frame, area),
            Pane::Tasks => panes::tasks(state, frame, area),
            Pane::Events => panes::events(state, frame, area),
            Pane::Rollout => panes::rollout(state, frame, area),
            Pane::Logs => panes::logs(state, frame, area),
        }
    }
}

/// One tab per pane, the focused one marked, and the key that moves on.
fn tab_bar(state: &State, frame: &mut Frame, area: Rect) {
    let t = &state.theme;
    let focus = state.dashboard.focus();
    let mut spans = Vec::new();
    for pane in state.dashboard.panes() {
        let (text, style) = if *pane == focus {
            (format!("[{}]", pane.name()), t.selected)
        } else {
            (format!(" {} ", pane.name()), t.dim)
        };
        spans.push(Span::styled(text, style));
        spans.push(Span::raw(" "));
    }
    let next = state
        .keymap
        .keys_of(KeyContext::Dashboard, Action::FocusNext, 1);
    spans.push(Span::styled(format!(" {next} next pane"), t.dim));
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
}

/// The frame of `pane`: its name and `extra` in the title; the focused pane
/// has a highlighted border and says so, a zoomed one says how to go back.
pub(crate) fn pane_block<'a>(state: &State, pane: Pane, extra: String) -> Block<'a> {
    let t = &state.theme;
    let focused = state.dashboard.focus() == pane;
    let mut title = vec![Span::styled(format!(" {} ", pane.name()), t.title)];
    if !extra.is_empty() {
        title.push(Span::styled(format!("{extra} "), t.dim));
    }
    if focused && state.dashboard.panes().len() > 1 {
        let zoom = state
            .keymap
            .keys_of(KeyContext::Dashboard, Action::ZoomPane, 1);
        let word = if state.dashboard.zoomed {
            format!("● zoomed ({zoom} back) ")
        } else {
            "● focused ".to_string()
        };
        title.push(Span::styled(word, t.key));
    }
    let border = if focused { t.title } else { t.border };
    Block::default()
        .borders(Borders::ALL)
        .border_style(border)
        .title(Line::from(title))
}
