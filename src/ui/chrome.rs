//! Header, status line and footer.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use crate::keymap::KeyContext;
use crate::state::{Level, State, View};
use crate::ui::format;

/// Source, cluster, alarms in ALARM, data age, read-only flag.
pub(crate) fn header(state: &State, frame: &mut Frame, area: Rect) {
    let t = &state.theme;
    let mut spans = vec![
        Span::styled(
            " ecsdeck ",
            t.header.add_modifier(ratatui::style::Modifier::BOLD),
        ),
        Span::raw(" "),
        Span::raw(format!("{} ", state.source.label)),
        Span::styled("│ ", t.dim),
        Span::raw("cluster: "),
        Span::styled(
            state.cluster.clone().unwrap_or_else(|| "(pick one)".into()),
            t.title,
        ),
        Span::styled(" │ ", t.dim),
    ];
    // Early in the line so a narrow terminal still shows it (the status line has the age).
    if state.freshness.throttling(state.now) {
        spans.push(Span::styled("AWS throttling", t.warn));
        spans.push(Span::styled(" │ ", t.dim));
    }
    let firing = state.alarms_firing();
    if state.alarms.data.is_none() {
        spans.push(Span::styled("alarms: …", t.dim));
    } else if firing > 0 {
        spans.push(Span::styled(format!("✖ {firing} in ALARM"), t.bad));
    } else {
        spans.push(Span::styled("✔ 0 in ALARM", t.ok));
    }
    spans.push(Span::styled(" │ ", t.dim));
    match state.services.fetched_at {
        Some(at) => spans.push(Span::raw(format!(
            "updated {} ago",
            format::age(state.now, at)
        ))),
        None if state.cluster.is_some() => spans.push(Span::styled("loading…", t.dim)),
        None => {}
    }
    if state.read_only {
        spans.push(Span::styled(" │ ", t.dim));
        spans.push(Span::styled("READ-ONLY", t.warn));
    }
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
}

/// The status line: filter being edited, else the latest error, else the last message.
pub(crate) fn status_line(state: &State, frame: &mut Frame, area: Rect) {
    let t = &state.theme;
    let nav = state.screen().nav();
    let problem = state.filter_problem();
    let line = if nav.editing_filter {
        let mut spans = vec![
            Span::styled("/", t.key),
            Span::raw(nav.filter.clone()),
            Span::styled("▏", t.key),
        ];
        match &problem {
            Some(p) => spans.push(Span::styled(format!("  ⚠ {p}"), t.bad)),
            None => spans.push(Span::styled(
                format!(
                    "  {} · column:value filters a column",
                    state.keymap.hints(KeyContext::Filter).join(" · ")
                ),
                t.dim,
            )),
        }
        Line::from(spans)
    } else if let Some(err) = current_source_error(state) {
        let age = state.services.age_secs(state.now);
        Line::from(Span::styled(error_line(err, age, area.width), t.bad))
    } else if let Some(msg) = &state.status {
        let style = match msg.level {
            Level::Info => Style::new(),
            Level::Success => t.ok,
            Level::Error => t.bad,
        };
        Line::from(Span::styled(msg.text.clone(), style))
    } else if !nav.filter.is_empty() {
        let mut spans = vec![
            Span::styled("filter: ", t.dim),
            Span::raw(nav.filter.clone()),
        ];
        if let Some(p) = problem {
            spans.push(Span::styled(format!("  ⚠ {p}"), t.bad));
        }
        Line::from(spans)
    } else {
        Line::default()
    };
    frame.render_widget(Paragraph::new(line), area);
}

/// The most relevant error of the resources the current view shows. The tasks
/// of a view left behind are no longer refreshed: their last error must not
/// outlive the fault (it would never clear).
pub(crate) fn current_source_error(state: &State) -> Option<&crate::source::SourceError> {
    let screen = state.screen();
    let tasks_key = match screen.view {
        View::Services => Some(String::new()),
        // The selected service's own task list on a big cluster, else the cluster's.
        View::Dashboard => Some(
            state
                .context_service()
                .map(|s| s.name.clone())
                .filter(|n| state.tasks.contains_key(n))
                .unwrap_or_default(),
        ),
        View::ServiceDetail | View::Tasks | View::TargetGroups | View::Presenter => {
            Some(screen.service.clone().unwrap_or_default())
        }
        _ => None,
    };
    let tasks = tasks_key
        .and_then(|k| state.tasks.get(&k))
        .and_then(|r| r.last_error.as_ref());
    let history = match screen.view {
        View::Deployments | View::ServiceDeployment => screen
            .service
            .as_ref()
            .and_then(|s| state.service_deployments.by_service.get(s))
            .and_then(|r| r.last_error.as_ref()),
        _ => None,
    };
    let errs = [
        state.services.last_error.as_ref(),
        tasks,
        history,
        state.clusters.last_error.as_ref(),
        state.target_groups.last_error.as_ref(),
        state.alarms.last_error.as_ref(),
        state.metrics.last_error.as_ref(),
    ];
    errs.into_iter().flatten().next()
}

/// The status line for an error, fitted to `width` columns. In full when it
/// fits: `⚠ operation: message (hint) — showing data from Ns ago`. Otherwise
/// what helps most stays whole — the hint (how to fix it) and the data's age —
/// and the message gives way, cut with `…`; the operation goes first.
fn error_line(err: &crate::source::SourceError, age: Option<i64>, width: u16) -> String {
    use unicode_width::UnicodeWidthStr;
    let width = usize::from(width);
    let full_age = age.map(|a| format!(" — showing data from {a}s ago"));
    let full = format!("⚠ {err}{}", full_age.as_deref().unwrap_or(""));
    if full.width() <= width {
        return full;
    }
    let hint = err
        .hint
        .as_deref()
        .map(|h| format!(" ({h})"))
        .unwrap_or_default();
    let tail = format!(
        "{hint}{}",
        age.map(|a| format!(" · data {a}s old")).unwrap_or_default()
    );
    let room = width.saturating_sub("⚠ ".width() + tail.width());
    let message = if err.message.width() <= room {
        err.message.clone()
    } else {
        let cut = crate::text::width::truncate_width(&err.message, room.saturating_sub(1));
        format!("{}…", cut.trim_end())
    };
    format!("⚠ {message}{tail}")
}

/// Key hints generated from the keymap, fitted to the width: quit, then the
/// view's own keys in keymap order, as many whole hints as fit, and last the
/// help key, which lists the rest (`more` when some were left out).
pub(crate) fn footer(state: &State, frame: &mut Frame, area: Rect) {
    let contexts = state.key_contexts();
    let hints: Vec<_> = state
        .keymap
        .bindings_for(&contexts)
        .filter(|b| b.hint)
        .collect();
    let is = |b: &crate::keymap::Binding, a: crate::action::Action| b.action == a;
    let help = hints.iter().find(|b| is(b, crate::action::Action::Help));
    let ordered = hints
        .iter()
        .filter(|b| is(b, crate::action::Action::Quit))
        .chain(hints.iter().filter(|b| {
            !is(b, crate::action::Action::Quit) && !is(b, crate::action::Action::Help)
        }));
    let help_width = help.map_or(0, |b| hint_width(b, "more"));
    let mut room = usize::from(area.width).saturating_sub(help_width);
    let mut spans = Vec::new();
    let mut left_out = false;
    for binding in ordered {
        let width = hint_width(binding, binding.description);
        if left_out || width > room {
            left_out = true;
            continue;
        }
        room -= width;
        push_hint(state, &mut spans, binding, binding.description);
    }
    if let Some(b) = help {
        let text = if left_out { "more" } else { b.description };
        push_hint(state, &mut spans, b, text);
    }
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
}

/// Columns of one hint, `<key>text `.
fn hint_width(binding: &crate::keymap::Binding, text: &str) -> usize {
    use unicode_width::UnicodeWidthStr;
    binding
        .keys
        .first()
        .map_or(0, |k| format!("<{k}>{text} ").width())
}

fn push_hint<'a>(
    state: &State,
    spans: &mut Vec<Span<'a>>,
    binding: &crate::keymap::Binding,
    text: &str,
) {
    let t = &state.theme;
    let Some(key) = binding.keys.first() else {
        return;
    };
    spans.push(Span::styled(format!("<{key}>"), t.key));
    let style = if binding.dangerous {
        t.warn
    } else {
        Style::new()
    };
    spans.push(Span::styled(format!("{text} "), style));
}

#[cfg(test)]
mod error_line_tests {
    use super::error_line;
    use crate::source::{ErrorKind, SourceError};
    use unicode_width::UnicodeWidthStr;

    fn expired() -> SourceError {
        SourceError::new(
            ErrorKind::Credentials,
            "ecs:ListServices",
            "ExpiredTokenException: The security token included in the request is expired",
        )
        .with_hint("run: aws sso login --profile prod")
    }

    #[test]
    fn whole_when_it_fits() {
        let line = error_line(&expired(), Some(42), 200);
        assert_eq!(
            line,
            "⚠ ecs:ListServices: ExpiredTokenException: The security token included in the request is expired (run: aws sso login --profile prod) — showing data from 42s ago"
        );
    }

    #[test]
    fn narrow_keeps_the_hint_and_the_age() {
        for width in [60u16, 80, 100] {
            let line = error_line(&expired(), Some(42), width);
            assert!(line.width() <= usize::from(width), "{width}: {line}");
            assert!(
                line.contains("(run: aws sso login --profile prod)"),
                "{line}"
            );
            assert!(line.ends_with("· data 42s old"), "{line}");
            assert!(line.starts_with("⚠ Expire"), "{line}");
            assert!(line.contains('…'), "{line}");
        }
    }

    #[test]
    fn without_a_hint_or_data_the_message_gets_the_room() {
        let err = SourceError::new(
            ErrorKind::Throttled,
            "ecs:DescribeServices",
            "x".repeat(300),
        );
        let line = error_line(&err, None, 80);
        assert!(line.width() <= 80, "{line}");
        assert!(line.ends_with('…'));
    }
}
