//! Key help, generated from the keymap (and the palette's command list).

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use crate::action::Action;
use crate::keymap::KeyContext;
use crate::palette;
use crate::state::State;
use crate::ui::centered;
use crate::ui::widgets::overlay_block;

/// The overlays' own contexts, listed after the views' keys.
const OVERLAYS: [KeyContext; 8] = [
    KeyContext::Help,
    KeyContext::Describe,
    KeyContext::Palette,
    KeyContext::ClusterPicker,
    KeyContext::Prompt,
    KeyContext::Confirm,
    KeyContext::ConfirmInput,
    KeyContext::Filter,
];

/// What the filter line takes besides its keys (`state::filter`).
const FILTER_SYNTAX: [(&str, &str); 3] = [
    ("web api", "rows matching every word (as before, per view)"),
    ("name:web", "a column (as in the header) contains the value"),
    (
        "\"a b\" x:\"a b\"",
        "quotes keep spaces; a quoted term is plain text",
    ),
];

/// The help text as lines: the keys of the current view, then each
/// overlay's, then the palette's commands.
pub(crate) fn lines<'a>(state: &State) -> Vec<Line<'a>> {
    let t = &state.theme;
    let mut out = Vec::new();
    let mut contexts = state.key_contexts();
    for c in [KeyContext::Services, KeyContext::ServiceDetail] {
        if !contexts.contains(&c) {
            contexts.push(c);
        }
    }
    let views = contexts.len();
    for ctx in OVERLAYS {
        if !contexts.contains(&ctx) {
            contexts.push(ctx);
        }
    }
    for (i, ctx) in contexts.into_iter().enumerate() {
        if i == views {
            out.push(Line::from(Span::styled(
                "In overlays and the filter line (they take every key)",
                t.title,
            )));
            out.push(Line::default());
        }
        let bindings: Vec<_> = state
            .keymap
            .bindings()
            .iter()
            .filter(|b| b.context == ctx)
            .collect();
        if bindings.is_empty() {
            continue;
        }
        out.push(Line::from(Span::styled(ctx.label().to_string(), t.title)));
        for b in bindings {
            let keys: Vec<String> = b.keys.iter().map(ToString::to_string).collect();
            let mut spans = vec![
                Span::styled(format!("  {:<16}", keys.join(" ")), t.key),
                Span::raw(b.description.to_string()),
            ];
            if b.dangerous {
                spans.push(Span::styled("  (changes AWS, confirmed)", t.warn));
            }
            out.push(Line::from(spans));
        }
        if ctx == KeyContext::Filter {
            for (syntax, meaning) in FILTER_SYNTAX {
                out.push(Line::from(vec![
                    Span::styled(format!("  {syntax:<16}"), t.key),
                    Span::raw(meaning),
                ]));
            }
        }
        out.push(Line::default());
    }
    out.push(Line::from(Span::styled("Commands (:)", t.title)));
    for e in palette::ENTRIES {
        let names = std::iter::once(e.name)
            .chain(e.aliases.iter().copied())
            .collect::<Vec<_>>()
            .join(" ");
        out.push(Line::from(vec![
            Span::styled(format!("  :{names:<22}"), t.key),
            Span::raw(e.description.to_string()),
        ]));
    }
    if state.read_only {
        out.push(Line::default());
        out.push(Line::from(Span::styled(
            "read-only: actions that change AWS are disabled",
            t.warn,
        )));
    }
    out
}

/// Draws the help overlay.
pub(crate) fn render(state: &State, scroll: usize, frame: &mut Frame, area: Rect) {
    let rect = centered(area, 76, area.height.saturating_sub(4));
    let keys = |a| state.keymap.keys_of(KeyContext::Help, a, 1);
    let (close, down, up) = (keys(Action::Close), keys(Action::Down), keys(Action::Up));
    let title = format!("help · {close} closes · {down}/{up} scroll");
    let block = overlay_block(state, &title, frame, rect);
    let text = lines(state);
    let scroll = u16::try_from(scroll.min(text.len().saturating_sub(1))).unwrap_or(0);
    frame.render_widget(Paragraph::new(text).block(block).scroll((scroll, 0)), rect);
}
