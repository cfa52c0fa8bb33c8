//! The confirm overlay: the exact effect of a dangerous action, and how to confirm it.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

use crate::action::Action;
use crate::keymap::KeyContext;
use crate::state::{Confirm, Stage, State};
use crate::ui::centered;
use crate::ui::widgets::{overlay_block, wrapped_height};

/// Draws the confirm overlay.
pub(crate) fn render(state: &State, c: &Confirm, frame: &mut Frame, area: Rect) {
    let t = &state.theme;
    let mut lines: Vec<Line> = Vec::new();
    match (&c.op, &c.scale) {
        (Some(op), _) => {
            for l in op.effect() {
                let style = if l.starts_with('⚠') {
                    t.bad
                } else {
                    ratatui::style::Style::new()
                };
                lines.push(Line::from(Span::styled(l, style)));
            }
        }
        (None, Some((cluster, service, from))) => {
            lines.push(Line::from(format!(
                "Scale {service} in {cluster}: desired count {from} → ?"
            )));
        }
        (None, None) => {}
    }
    for n in &c.notes {
        lines.push(Line::from(Span::styled(n.clone(), t.warn)));
    }
    if !c.diff.is_empty() {
        lines.push(Line::default());
        lines.push(Line::from(Span::styled(
            "diff running → target (secrets masked):",
            t.title,
        )));
        let changed: Vec<_> = c.diff.iter().filter(|l| l.sign != ' ').collect();
        if changed.is_empty() {
            lines.push(Line::from(Span::styled("  no differences", t.dim)));
        }
        for l in changed.iter().take(12) {
            let style = match l.sign {
                '+' => t.ok,
                '-' => t.bad,
                _ => t.warn,
            };
            lines.push(Line::from(Span::styled(
                format!("{} {}", l.sign, l.text),
                style,
            )));
        }
        if changed.len() > 12 {
            lines.push(Line::from(Span::styled(
                format!("  … {} more changed lines", changed.len() - 12),
                t.dim,
            )));
        }
    }
    // What confirms: always drawn whole at the bottom of the box.
    let mut keys: Vec<Line> = vec![Line::default()];
    let entry_key = |a| state.keymap.keys_of(KeyContext::ConfirmInput, a, 1);
    let (accept, close) = (entry_key(Action::Accept), entry_key(Action::Close));
    match c.stage {
        Stage::Count => {
            keys.push(Line::from(vec![
                Span::raw(match c.autoscaling {
                    Some((min, max)) => format!("Desired count ({min}–{max}) or MIN-MAX: "),
                    None => format!("New desired count (0–{}): ", c.max_scale),
                }),
                Span::styled(format!("{}▏", c.count), t.key),
            ]));
            keys.push(Line::from(Span::styled(
                format!("{accept}: next · {close}: cancel"),
                t.dim,
            )));
        }
        Stage::TypeName => {
            keys.push(Line::from(Span::styled(
                format!(
                    "{} is a protected cluster: type the service name to confirm.",
                    state.cluster.as_deref().unwrap_or_default()
                ),
                t.warn,
            )));
            keys.push(Line::from(vec![
                Span::raw("service name: "),
                Span::styled(format!("{}▏", c.typed), t.key),
            ]));
            keys.push(Line::from(Span::styled(
                format!("{accept}: send · {close}: cancel"),
                t.dim,
            )));
        }
        Stage::Confirm => {
            let km = &state.keymap;
            let mut spans = key_spans(&km.key_list(KeyContext::Confirm, Action::Accept, 2), t.key);
            spans.push(Span::raw(" send   "));
            spans.extend(key_spans(
                &km.key_list(KeyContext::Confirm, Action::Close, 2),
                t.key,
            ));
            spans.push(Span::raw(" cancel"));
            keys.push(Line::from(spans));
        }
    }
    if let Some(e) = &c.error {
        keys.push(Line::from(Span::styled(format!("✖ {e}"), t.bad)));
    }
    let width = 90.min(area.width);
    let inner = width.saturating_sub(2);
    let keys_height = wrapped_height(&keys, inner);
    let body_height = wrapped_height(&lines, inner);
    let height = (body_height + keys_height + 2).min(area.height);
    let rect = centered(area, width, height);
    let title = c.op.as_ref().map_or("scale", |o| o.name());
    let block = overlay_block(state, &format!("confirm {title}"), frame, rect);
    let inside = block.inner(rect);
    frame.render_widget(block, rect);
    // When the box cannot grow any more, the effect gives way (cut at its
    // end), never the lines that say how to confirm or cancel.
    let keys_height = keys_height.min(inside.height);
    let [body_area, keys_area] = Layout::vertical([
        Constraint::Length(inside.height - keys_height),
        Constraint::Length(keys_height),
    ])
    .areas(inside);
    frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), body_area);
    frame.render_widget(Paragraph::new(keys).wrap(Wrap { trim: false }), keys_area);
}

/// `y/enter` as key-styled spans with plain `/` between them.
fn key_spans(keys: &[String], style: ratatui::style::Style) -> Vec<Span<'static>> {
    let mut spans = Vec::new();
    for (i, key) in keys.iter().enumerate() {
        if i > 0 {
            spans.push(Span::raw("/"));
        }
        spans.push(Span::styled(key.to_string(), style));
    }
    spans
}
