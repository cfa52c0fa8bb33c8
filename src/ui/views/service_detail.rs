//! A service's detail: summary (deployment, target groups, alarms, last event) and its tasks.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};

use crate::model::Service;
use crate::state::{Screen, State};
use crate::ui::DETAIL_SUMMARY_LINES;
use crate::ui::format;

/// Draws the service detail.
pub(crate) fn render(state: &State, screen: &Screen, frame: &mut Frame, area: Rect) {
    let name = screen.service.as_deref().unwrap_or_default();
    let [summary, tasks] =
        Layout::vertical([Constraint::Length(DETAIL_SUMMARY_LINES), Constraint::Min(3)])
            .areas(area);
    let t = &state.theme;
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(t.border)
        .title(Span::styled(format!(" {name} "), t.title));
    match state.service(name) {
        Some(service) => frame.render_widget(
            Paragraph::new(summary_lines(state, service)).block(block),
            summary,
        ),
        None => {
            let text = if state.services.data.is_some() {
                format!("service {name} is not in this cluster any more")
            } else {
                "loading…".to_string()
            };
            frame.render_widget(
                Paragraph::new(Span::styled(text, t.dim)).block(block),
                summary,
            );
        }
    }
    super::tasks::render_table(state, screen, frame, tasks);
}

fn summary_lines<'a>(state: &State, s: &Service) -> Vec<Line<'a>> {
    let t = &state.theme;
    let cb = if s.circuit_breaker.enable {
        if s.circuit_breaker.rollback {
            "on (rollback)"
        } else {
            "on"
        }
    } else {
        "off"
    };
    let mut lines = vec![Line::from(vec![
        Span::styled(
            s.status.clone(),
            if s.status == "ACTIVE" { t.ok } else { t.warn },
        ),
        Span::raw(format!(
            "  {}  desired {} · running {} · pending {}  min/max {}%/{}%  circuit breaker {cb}",
            s.launch_type,
            s.desired,
            s.running,
            s.pending,
            s.minimum_healthy_percent,
            s.maximum_percent
        )),
    ])];
    let mut dep = vec![Span::raw(format!(
        "task def {}  ",
        crate::model::task_def_short(&s.task_definition)
    ))];
    dep.push(format::rollout(s, t));
    if let Some(d) = s.primary_deployment() {
        dep.push(Span::styled(
            format!("  {} · {}", d.id, format::ago(state.now, d.created_at)),
            t.dim,
        ));
        if !d.rollout_reason.is_empty() {
            dep.push(Span::styled(format!("  {}", d.rollout_reason), t.dim));
        }
    }
    lines.push(Line::from(dep));
    let groups = state.service_target_groups(s);
    let mut tg = vec![Span::raw("target groups: ")];
    if s.load_balancers.is_empty() {
        tg.push(Span::styled("none (no load balancer)", t.dim));
    } else if groups.is_empty() {
        tg.push(Span::styled("loading…", t.dim));
    }
    for g in groups {
        let style = if g.healthy() == g.targets.len() && !g.targets.is_empty() {
            t.ok
        } else {
            t.warn
        };
        tg.push(Span::styled(
            format!("{} {}/{} healthy  ", g.name, g.healthy(), g.targets.len()),
            style,
        ));
    }
    lines.push(Line::from(tg));
    let alarms: Vec<_> = state
        .alarms
        .data
        .iter()
        .flatten()
        .filter(|a| a.matches_service(s, state.service_target_groups(s)))
        .collect();
    let mut al = vec![Span::raw("alarms: ")];
    if alarms.is_empty() {
        al.push(Span::styled("none for this service", t.dim));
    }
    for a in alarms {
        let style = match a.state {
            crate::model::AlarmState::Alarm => t.bad,
            crate::model::AlarmState::Ok => t.ok,
            crate::model::AlarmState::InsufficientData => t.dim,
        };
        al.push(Span::styled(
            format!("{} {}  ", a.name, a.state.as_str()),
            style,
        ));
    }
    lines.push(Line::from(al));
    lines.push(super::scaling::detail_line(state, s));
    if let Some(e) = s.events.first() {
        lines.push(Line::from(vec![
            Span::styled(format!("{}  ", format::ago(state.now, e.created_at)), t.dim),
            Span::raw(e.message.clone()),
        ]));
    }
    lines
}
