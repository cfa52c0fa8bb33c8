//! The live log tail view: the app's chrome around [`render_log`], which
//! draws a [`LogView`] (state in `state::log_view`) with the one [`Theme`].

use ratatui::Frame;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget};
use unicode_width::UnicodeWidthChar;

use crate::state::log_view::{LogEntry, LogView};
use crate::state::{Screen, State};
use crate::text::width::truncate_width;
use crate::theme::Theme;
use crate::ui::views::table_block;

/// Draws the log view of the current session.
pub(crate) fn render(state: &State, screen: &Screen, frame: &mut Frame, area: Rect) {
    let what = match &screen.task {
        // By characters: a task id from AWS is not trusted to be ASCII.
        Some(t) => format!("task {}", t.chars().take(12).collect::<String>()),
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
    render_log(&session.view, inner, frame.buffer_mut(), &state.theme);
}

/// Draws a log view into `area`: the stopped-task header, the error banner,
/// the visible lines and the status line at the bottom, shared out by
/// [`LogView::layout`]. Only the entries that are visible are formatted.
pub fn render_log(view: &LogView, area: Rect, buf: &mut Buffer, theme: &Theme) {
    if area.height == 0 || area.width == 0 {
        return;
    }
    let layout = view.layout(usize::from(area.height));
    let rows = |n: usize| u16::try_from(n).unwrap_or(u16::MAX);
    let mut y = area.y;
    if let Some(header) = view.header() {
        for text in header.lines.iter().take(layout.header_rows) {
            let row = Rect::new(area.x, y, area.width, 1);
            Paragraph::new(Line::from(format!(" ■ {text}")))
                .style(theme.alert)
                .render(row, buf);
            y += 1;
        }
    }
    let body = Rect::new(area.x, y, area.width, rows(layout.body_rows));
    render_body(view, body, buf, theme);
    let status_y = area.y + area.height - 1;
    if let Some(err) = view.last_error()
        && layout.error_row
    {
        let row = Rect::new(area.x, status_y - 1, area.width, 1);
        Paragraph::new(Line::from(vec![
            Span::styled("⚠ error: ", theme.bad),
            Span::raw(err.to_owned()),
        ]))
        .render(row, buf);
    }
    let status = view.status_text_for(usize::from(area.width).saturating_sub(1));
    Paragraph::new(Line::from(format!(" {status}")))
        .style(theme.status_bar)
        .render(Rect::new(area.x, status_y, area.width, 1), buf);
}

fn render_body(view: &LogView, body: Rect, buf: &mut Buffer, theme: &Theme) {
    let rows = usize::from(body.height);
    let width = usize::from(body.width);
    if rows == 0 || width == 0 {
        return;
    }
    if view.is_empty() {
        let msg = match view.mode() {
            None => " waiting for log events…",
            Some(_) => " no log events yet",
        };
        Paragraph::new(Line::from(msg))
            .style(Style::new().add_modifier(Modifier::DIM))
            .render(body, buf);
        return;
    }
    let len = view.len();
    // Visible entries: from `top` forward, or (following) from the bottom up.
    let mut lines: Vec<Line<'static>> = Vec::with_capacity(rows);
    if view.wrap() {
        if view.is_following() {
            let mut blocks: Vec<Vec<Line<'static>>> = Vec::new();
            let mut used = 0;
            let mut i = len;
            while i > 0 && used < rows {
                i -= 1;
                let block = entry_rows(view, i, width, theme);
                used += block.len();
                blocks.push(block);
            }
            for block in blocks.into_iter().rev() {
                lines.extend(block);
            }
            let excess = lines.len().saturating_sub(rows);
            lines.drain(..excess);
        } else {
            let mut i = view.top_index();
            while i < len && lines.len() < rows {
                lines.extend(entry_rows(view, i, width, theme));
                i += 1;
            }
            lines.truncate(rows);
        }
    } else {
        let top = if view.is_following() {
            len.saturating_sub(rows)
        } else {
            view.top_index()
        };
        let label_w = view.label_width();
        for i in top..(top + rows).min(len) {
            let (prefix, message) = entry_spans(view, i, label_w, theme);
            let mut spans = prefix;
            spans.extend(message);
            lines.push(Line::from(spans));
        }
    }
    Paragraph::new(lines).render(body, buf);
}

/// The prefix spans (gutter, timestamp, label) and the message spans.
fn entry_spans(
    view: &LogView,
    index: usize,
    label_w: usize,
    theme: &Theme,
) -> (Vec<Span<'static>>, Vec<Span<'static>>) {
    let Some(e) = view.entry(index) else {
        return (Vec::new(), Vec::new());
    };
    let is_current = view.cursor() == Some(index);
    let mut prefix = Vec::with_capacity(4);
    let gutter = if is_current {
        Span::styled("›", theme.current)
    } else if e.is_error {
        Span::styled("!", theme.bad)
    } else {
        Span::raw(" ")
    };
    prefix.push(gutter);
    if view.timestamps() {
        prefix.push(Span::styled(
            e.timestamp.map_or_else(
                || format!("{:<12} ", "–"),
                |t| t.format("%H:%M:%S%.3f ").to_string(),
            ),
            theme.dim,
        ));
    }
    let label_style = if theme.colors {
        Style::new().fg(theme.labels[usize::from(e.color) % theme.labels.len()])
    } else {
        Style::new()
    };
    let label: String = truncate_width(&e.label, label_w);
    let pad = label_w.saturating_sub(unicode_width::UnicodeWidthStr::width(label.as_str()));
    prefix.push(Span::styled(
        format!("{label}{} ", " ".repeat(pad)),
        label_style,
    ));

    let base = if is_current {
        theme.current
    } else {
        Style::new()
    };
    let message = message_spans(e, view.search(), base, theme);
    (prefix, message)
}

/// Splits the message into spans by SGR runs and search matches.
fn message_spans(e: &LogEntry, needle: &str, base: Style, theme: &Theme) -> Vec<Span<'static>> {
    let text = e.line.text();
    let matches: Vec<(usize, usize)> = if needle.is_empty() {
        Vec::new()
    } else {
        e.lower()
            .match_indices(needle)
            .map(|(i, m)| (i, i + m.len()))
            .collect()
    };
    let mut cuts: Vec<usize> = vec![0, text.len()];
    cuts.extend(e.line.runs().iter().map(|r| r.0));
    for (a, b) in &matches {
        cuts.push(*a);
        cuts.push(*b);
    }
    cuts.sort_unstable();
    cuts.dedup();
    let mut spans = Vec::with_capacity(cuts.len());
    for w in cuts.windows(2) {
        let (a, b) = (w[0], w[1]);
        let Some(piece) = text.get(a..b) else {
            continue;
        };
        if piece.is_empty() {
            continue;
        }
        let run_style = e
            .line
            .runs()
            .iter()
            .take_while(|r| r.0 <= a)
            .last()
            .map_or(Style::new(), |r| r.1);
        let run_style = if theme.colors {
            run_style
        } else {
            Style {
                fg: None,
                bg: None,
                ..run_style
            }
        };
        let mut style = base.patch(run_style);
        if matches.iter().any(|(ma, mb)| *ma <= a && b <= *mb) {
            style = style.patch(theme.search_hit);
        }
        spans.push(Span::styled(piece.to_owned(), style));
    }
    spans
}

/// The rows of one entry when wrapping at `width` columns; continuation rows
/// are indented under the message.
fn entry_rows(view: &LogView, index: usize, width: usize, theme: &Theme) -> Vec<Line<'static>> {
    let label_w = view.label_width();
    let (prefix, message) = entry_spans(view, index, label_w, theme);
    let indent: usize = prefix.iter().map(|s| s.width()).sum();
    let indent = if indent * 2 > width { 2 } else { indent };
    let mut rows: Vec<Line<'static>> = Vec::new();
    let mut current: Vec<Span<'static>> = prefix;
    let mut col: usize = current.iter().map(|s| s.width()).sum();
    for span in message {
        let mut piece = String::new();
        for c in span.content.chars() {
            let cw = c.width().unwrap_or(0);
            if col + cw > width && col > indent {
                if !piece.is_empty() {
                    current.push(Span::styled(std::mem::take(&mut piece), span.style));
                }
                rows.push(Line::from(std::mem::take(&mut current)));
                current.push(Span::raw(" ".repeat(indent)));
                col = indent;
            }
            piece.push(c);
            col += cw;
        }
        if !piece.is_empty() {
            current.push(Span::styled(piece, span.style));
        }
    }
    rows.push(Line::from(current));
    rows
}

#[cfg(test)]
mod tests {
    use ratatui::Terminal;
    use ratatui::backend::TestBackend;
    use ratatui::style::Color;

    use crate::fixtures::{loaded_state, t0};
    use crate::model::{LogLine, LogTarget};
    use crate::state::log_view::LogView;
    use crate::state::{LogSession, Screen, State, View};
    use crate::theme::{ConfigColor, Theme, ThemeOverrides};

    /// The logs view of `web-api` with one ordinary and one error line.
    fn tailing(theme: Theme) -> State {
        let mut s = loaded_state();
        s.theme = theme;
        s.stack
            .push(Screen::new(View::Logs, Some("web-api".into())));
        let mut view = LogView::new(100);
        let lines: Vec<LogLine> = ["ready", "error: upstream refused"]
            .iter()
            .enumerate()
            .map(|(i, m)| LogLine {
                event_id: i.to_string(),
                timestamp: Some(t0()),
                stream: "ecs/app/0b3f9c2b7a1d".into(),
                message: (*m).to_string(),
            })
            .collect();
        view.push_lines(&lines, false);
        s.logs = Some(LogSession {
            id: 1,
            service: "web-api".into(),
            target: LogTarget {
                group: "/ecs/web-api".into(),
                streams: vec![],
            },
            start: t0(),
            view,
        });
        s
    }

    /// The foreground colours of the cells on the row holding `needle`, at
    /// the columns of `what` on that row.
    fn colours_of(state: &State, needle: &str, what: &str) -> Vec<Color> {
        let mut term = Terminal::new(TestBackend::new(100, 30)).expect("terminal");
        term.draw(|f| crate::ui::render(state, f)).expect("draw");
        let buf = term.backend().buffer();
        for y in 0..buf.area.height {
            let row: Vec<&str> = (0..buf.area.width).map(|x| buf[(x, y)].symbol()).collect();
            let text = row.concat();
            if !text.contains(needle) {
                continue;
            }
            let Some(byte) = text.find(what) else {
                continue;
            };
            let col = text[..byte].chars().count();
            return (col..col + what.chars().count())
                .map(|x| buf[(x as u16, y)].fg)
                .collect();
        }
        Vec::new()
    }

    /// A user's `[theme]` colours reach the log view: dim is the timestamp
    /// column, bad the error mark.
    #[test]
    fn config_colour_overrides_reach_the_log_view() {
        let overrides = ThemeOverrides {
            dim: Some(ConfigColor(Color::Magenta)),
            bad: Some(ConfigColor(Color::LightGreen)),
            ..ThemeOverrides::default()
        };
        let s = tailing(Theme::colored().with_overrides(&overrides));
        let stamp = t0().format("%H:%M:%S%.3f").to_string();
        let ts = colours_of(&s, "ready", &stamp);
        assert!(!ts.is_empty(), "the timestamp is drawn");
        assert!(ts.iter().all(|c| *c == Color::Magenta), "{ts:?}");
        let mark = colours_of(&s, "upstream refused", "!");
        assert_eq!(mark, vec![Color::LightGreen]);
    }

    /// `--no-color` / `NO_COLOR` (the plain theme) draws the log view
    /// without a colour.
    #[test]
    fn the_plain_theme_draws_logs_without_colour() {
        let s = tailing(Theme::plain());
        let stamp = t0().format("%H:%M:%S%.3f").to_string();
        for (needle, what) in [
            ("ready", stamp.as_str()),
            ("upstream", "!"),
            ("upstream", "0b3f9c"),
        ] {
            let fg = colours_of(&s, needle, what);
            assert!(!fg.is_empty());
            assert!(fg.iter().all(|c| *c == Color::Reset), "{what}: {fg:?}");
        }
    }

    /// A task id from AWS cut in the title by characters, never inside one.
    #[test]
    fn a_task_id_with_wide_characters_is_cut_whole() {
        let mut s = tailing(Theme::colored());
        if let Some(screen) = s.stack.last_mut() {
            screen.task = Some("0123456789aé日本".into());
        }
        let mut term = Terminal::new(TestBackend::new(100, 30)).expect("terminal");
        term.draw(|f| crate::ui::render(&s, f)).expect("draw");
        let buf = term.backend().buffer();
        let title: String = (0..buf.area.width).map(|x| buf[(x, 1)].symbol()).collect();
        assert!(title.contains("task 0123456789aé "), "{title}");
    }
}
