//! Presenter mode: for demoing self-healing on a projector. Large type, high
//! contrast, no noise: the service's tasks as a grid of boxes (each with a
//! symbol and a word for its state, so it reads without colour), the chaos
//! stopwatch in big digits with its milestones, the target group's healthy
//! count and the time to recovery. It shows no environment value, no
//! describe overlay: nothing that may hold a secret.

use ratatui::Frame;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Borders, Paragraph};

use crate::chaos::timeline::{ChaosTimeline, Milestone};
use crate::model::Time;
use crate::state::presenter::{PresenterLayout, TaskLook};
use crate::state::{Screen, State};
use crate::theme::Theme;
use crate::ui::widgets::big_digits;

/// The style of a look: bold, in the theme's colour for the state.
fn look_style(t: &Theme, look: TaskLook) -> Style {
    let base = match look {
        TaskLook::Healthy => t.ok,
        TaskLook::Starting => t.warn,
        TaskLook::Unhealthy => t.bad,
        TaskLook::Stopping => t.key,
        TaskLook::Stopped => t.dim,
    };
    base.add_modifier(Modifier::BOLD)
}

/// `M:SS` of a duration (never negative).
fn clock(d: chrono::Duration) -> String {
    let secs = d.num_seconds().max(0);
    format!("{}:{:02}", secs / 60, secs % 60)
}

/// Draws presenter mode over `area` (the frame above the status line and footer).
pub(crate) fn render(state: &State, screen: &Screen, frame: &mut Frame, area: Rect) {
    let layout = PresenterLayout::new(area.width, area.height.saturating_add(2));
    let Some(service) = screen.service.as_deref() else {
        render_picker(state, screen, frame, area);
        return;
    };
    let buf = frame.buffer_mut();
    title(state, service, layout.title, buf);
    let run = state.chaos_run_of(service);
    stopwatch(state, run.map(|r| &r.timeline), &layout, buf);
    grid(state, screen, service, &layout, buf);
}

fn title(state: &State, service: &str, area: Rect, buf: &mut Buffer) {
    let t = &state.theme;
    let looks = state.presenter_looks(service);
    let healthy = looks
        .iter()
        .filter(|(_, l)| *l == TaskLook::Healthy)
        .count();
    let bold = Style::new().add_modifier(Modifier::BOLD);
    let mut spans = vec![
        Span::styled(" PRESENTER ", t.header.add_modifier(Modifier::BOLD)),
        Span::styled(format!(" {service} "), t.title),
    ];
    if let Some(svc) = state.service(service) {
        spans.push(Span::styled(
            format!(" {healthy} of {} tasks healthy ", svc.desired),
            bold,
        ));
        let groups = state.service_target_groups(svc);
        if !groups.is_empty() {
            let ok: usize = groups.iter().map(|g| g.healthy()).sum();
            let all: usize = groups.iter().map(|g| g.targets.len()).sum();
            spans.push(Span::styled("· target group ", t.dim));
            let style = if ok == all && all > 0 { t.ok } else { t.warn };
            spans.push(Span::styled(
                format!("{ok}/{all} healthy"),
                style.add_modifier(Modifier::BOLD),
            ));
        }
    }
    if let Some(cluster) = &state.cluster {
        spans.push(Span::styled(format!("  · {cluster}"), t.dim));
    }
    Paragraph::new(Line::from(spans)).render_into(area, buf);
}

/// The four steps the audience watches, each with the milestone that ends it.
fn steps(tl: Option<&ChaosTimeline>) -> [(&'static str, Milestone); 4] {
    let healthy = if tl.is_none_or(|t| t.load_balanced) {
        ("healthy in the target group", Milestone::TargetHealthy)
    } else {
        ("replacement healthy", Milestone::ContainerHealthy)
    };
    [
        ("task stopped", Milestone::TaskStopped),
        ("replacement started", Milestone::ReplacementRunning),
        healthy,
        ("recovered", Milestone::Recovered),
    ]
}

fn stopwatch(
    state: &State,
    tl: Option<&ChaosTimeline>,
    layout: &PresenterLayout,
    buf: &mut Buffer,
) {
    let t = &state.theme;
    let bold = Modifier::BOLD;
    let (reading, style, head) = match tl {
        None => {
            let keys = state.keymap.keys_of(
                crate::keymap::KeyContext::Presenter,
                crate::action::Action::StopTask,
                1,
            );
            let hint = if keys.is_empty() {
                "read-only: no task can be killed".to_string()
            } else {
                format!("{keys} kills the selected task")
            };
            (
                "0:00".to_string(),
                t.dim,
                Line::from(Span::styled(hint, t.dim)),
            )
        }
        Some(tl) => {
            let reading = clock(tl.elapsed(state.now));
            match tl.time_to_recovery() {
                Some(ttr) => (
                    reading,
                    t.ok.add_modifier(bold),
                    Line::from(Span::styled(
                        format!("✔ recovered in {} s", ttr.num_seconds()),
                        t.ok.add_modifier(bold),
                    )),
                ),
                None => {
                    let waiting = tl.waiting_for().map_or("", Milestone::label);
                    let mut spans = vec![Span::styled(
                        format!("⏱ waiting for {waiting}"),
                        t.warn.add_modifier(bold),
                    )];
                    if tl.reached(Milestone::ReplacementFailed).is_some() {
                        spans.push(Span::styled(" · a replacement failed", t.bad));
                    }
                    (reading, t.warn.add_modifier(bold), Line::from(spans))
                }
            }
        }
    };
    // Right-aligned in the clock's box, so `0:42` and `12:05` end at the same column.
    let w = big_digits::width(&reading, layout.pixel).min(layout.clock.width);
    let clock_area = Rect {
        x: layout.clock.right().saturating_sub(w),
        width: w,
        ..layout.clock
    };
    big_digits::render(&reading, layout.pixel, style, clock_area, buf);
    let mut lines = vec![head];
    for (label, m) in steps(tl) {
        let at: Option<Time> = tl.and_then(|tl| tl.reached(m));
        lines.push(match (tl, at) {
            (Some(tl), Some(at)) => Line::from(vec![
                Span::styled(format!("✔ {label:<28}"), t.ok.add_modifier(bold)),
                Span::styled(
                    format!("+{}", clock(at - tl.started_at)),
                    Style::new().add_modifier(bold),
                ),
            ]),
            _ => Line::from(Span::styled(format!("○ {label}"), t.dim)),
        });
    }
    Paragraph::new(lines).render_into(layout.milestones, buf);
}

fn grid(state: &State, screen: &Screen, service: &str, layout: &PresenterLayout, buf: &mut Buffer) {
    let t = &state.theme;
    let looks = state.presenter_looks(service);
    if looks.is_empty() {
        let text = match state.task_resource(Some(service)) {
            Some(r) if r.data.is_some() => "no running tasks",
            _ => "loading tasks…",
        };
        let area = Rect {
            x: layout.grid.x + 2,
            ..layout.grid
        };
        Paragraph::new(Span::styled(text, t.dim.add_modifier(Modifier::BOLD)))
            .render_into(area, buf);
    }
    let per_page = layout.per_page();
    let selected = screen.nav.selected.min(looks.len().saturating_sub(1));
    let first = selected / per_page * per_page;
    let victim = state
        .chaos_run_of(service)
        .map(|r| r.timeline.victim.as_str());
    let (cw, ch) = layout.cell;
    let cols = layout.columns();
    for (i, (task, look)) in looks.iter().enumerate().skip(first).take(per_page) {
        let n = i - first;
        let (col, row) = (n % cols, n / cols);
        let area = Rect::new(
            layout.grid.x + u16::try_from(col).unwrap_or(0) * cw,
            layout.grid.y + u16::try_from(row).unwrap_or(0) * ch,
            cw.saturating_sub(1),
            ch,
        );
        let style = look_style(t, *look);
        let is_selected = i == selected;
        let mut block = Block::default()
            .borders(Borders::ALL)
            .border_style(style)
            .border_type(if is_selected {
                BorderType::Double
            } else {
                BorderType::Plain
            });
        if Some(task.id.as_str()) == victim {
            block = block.title(Span::styled(" killed ", t.bad));
        }
        let id: String = task.id.chars().take(8).collect();
        let id_style = if is_selected {
            t.selected
        } else {
            Style::new()
        };
        let mut lines = vec![
            Line::from(Span::styled(
                format!("{} {}", look.symbol(), look.word().to_uppercase()),
                style,
            )),
            Line::from(vec![
                Span::styled(if is_selected { "▶ " } else { "  " }, id_style),
                Span::styled(id, id_style),
            ]),
        ];
        if ch >= 5 {
            lines.push(Line::from(Span::styled(task.last_status.as_str(), t.dim)));
        }
        Paragraph::new(lines).block(block).render_into(area, buf);
    }
    legend(state, looks.len(), first, per_page, layout.legend, buf);
}

fn legend(
    state: &State,
    total: usize,
    first: usize,
    per_page: usize,
    area: Rect,
    buf: &mut Buffer,
) {
    let t = &state.theme;
    let mut spans = vec![Span::raw(" ")];
    for look in TaskLook::ALL {
        spans.push(Span::styled(
            format!("{} {}", look.symbol(), look.word()),
            look_style(t, look),
        ));
        spans.push(Span::raw("  "));
    }
    spans.push(Span::styled("═ selected", t.dim));
    if total > per_page {
        spans.push(Span::styled(
            format!(
                "  · tasks {}–{} of {total}",
                first + 1,
                (first + per_page).min(total)
            ),
            t.dim,
        ));
    }
    Paragraph::new(Line::from(spans)).render_into(area, buf);
}

/// Without a service: the services, large, to pick the one to present.
fn render_picker(state: &State, screen: &Screen, frame: &mut Frame, area: Rect) {
    let t = &state.theme;
    let buf = frame.buffer_mut();
    let head = Line::from(vec![
        Span::styled(" PRESENTER ", t.header.add_modifier(Modifier::BOLD)),
        Span::styled(" pick the service to present", t.title),
        Span::styled(
            format!(
                "  ({} moves · {} presents)",
                state.keymap.keys_of(
                    crate::keymap::KeyContext::Presenter,
                    crate::action::Action::Down,
                    1
                ),
                state.keymap.keys_of(
                    crate::keymap::KeyContext::Presenter,
                    crate::action::Action::Open,
                    1
                )
            ),
            t.dim,
        ),
    ]);
    Paragraph::new(head).render_into(Rect { height: 1, ..area }, buf);
    let list = Rect {
        y: area.y + 2,
        height: area.height.saturating_sub(2),
        ..area
    };
    let services = state.filtered_services(&screen.nav);
    if services.is_empty() {
        let text = if state.services.data.is_some() {
            "no services in this cluster"
        } else {
            "loading services…"
        };
        Paragraph::new(Span::styled(format!("  {text}"), t.dim)).render_into(list, buf);
        return;
    }
    let lines: Vec<Line> = services
        .iter()
        .enumerate()
        .skip(screen.nav.offset)
        .take(usize::from(list.height))
        .map(|(i, s)| {
            let text = format!(
                "{} {:<40} {}/{} running",
                if i == screen.nav.selected { "▶" } else { " " },
                s.name,
                s.running,
                s.desired
            );
            let style = if i == screen.nav.selected {
                t.selected
            } else {
                Style::new().add_modifier(Modifier::BOLD)
            };
            Line::from(Span::styled(format!(" {text} "), style))
        })
        .collect();
    Paragraph::new(lines).render_into(list, buf);
}

/// `Widget::render` on a buffer, under a name that reads well here.
trait RenderInto {
    fn render_into(self, area: Rect, buf: &mut Buffer);
}

impl<W: ratatui::widgets::Widget> RenderInto for W {
    fn render_into(self, area: Rect, buf: &mut Buffer) {
        self.render(area, buf);
    }
}
