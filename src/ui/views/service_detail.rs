//! A service's detail: summary (deployment, target groups, alarms, last event) and its tasks.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Cell, Paragraph, Row, Table};

use crate::model::{Service, Task, TaskStatus, task_def_revision};
use crate::source::target_for_task;
use crate::state::{State, TableNav};
use crate::ui::DETAIL_SUMMARY_LINES;
use crate::ui::format;
use crate::ui::views::{highlight, placeholder, table_block};

/// Task table column headers.
pub const COLUMNS: [&str; 7] = [
    "TASK",
    "REV",
    "STATUS",
    "AZ",
    "IP",
    "STARTED",
    "HEALTH container → task → target  ·  STOP REASON",
];

/// Draws the service detail.
pub fn render(state: &State, name: &str, nav: &TableNav, frame: &mut Frame, area: Rect) {
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
    render_tasks(state, name, nav, frame, tasks);
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
            format!("  {} · {} ago", d.id, format::age(state.now, d.created_at)),
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
        .filter(|a| a.matches_service(s))
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
    if let Some(e) = s.events.first() {
        lines.push(Line::from(vec![
            Span::styled(
                format!("{} ago  ", format::age(state.now, e.created_at)),
                t.dim,
            ),
            Span::raw(e.message.clone()),
        ]));
    }
    lines
}

fn render_tasks(state: &State, name: &str, nav: &TableNav, frame: &mut Frame, area: Rect) {
    let tasks = state.filtered_tasks(name, nav);
    let key = state.tasks.get(name).or_else(|| state.tasks.get(""));
    let block = table_block(state, format!("tasks [{}]", tasks.len()));
    let empty_text = if nav.filter.is_empty() {
        "no tasks"
    } else {
        "no task matches the filter"
    };
    let fallback = crate::state::Resource::<Vec<Task>>::default();
    if placeholder(
        state,
        key.unwrap_or(&fallback),
        tasks.is_empty(),
        empty_text,
        frame,
        area,
        block.clone(),
    ) {
        return;
    }
    let groups: Vec<_> = state
        .service(name)
        .map(|s| {
            state
                .service_target_groups(s)
                .into_iter()
                .cloned()
                .collect()
        })
        .unwrap_or_default();
    let t = &state.theme;
    let height = usize::from(area.height.saturating_sub(3));
    let rows: Vec<Row> = tasks
        .iter()
        .enumerate()
        .skip(nav.offset)
        .take(height)
        .map(|(i, task)| {
            let row = task_row(state, task, &groups, &nav.filter);
            if i == nav.selected {
                row.style(t.selected)
            } else {
                row
            }
        })
        .collect();
    let header = Row::new(COLUMNS.map(|c| Cell::from(c).style(t.column)));
    let widths = [
        Constraint::Length(8),
        Constraint::Length(4),
        Constraint::Length(20),
        Constraint::Length(10),
        Constraint::Length(11),
        Constraint::Length(7),
        Constraint::Fill(1),
    ];
    frame.render_widget(Table::new(rows, widths).header(header).block(block), area);
}

/// One task as a row.
pub fn task_row<'a>(
    state: &State,
    task: &Task,
    groups: &[crate::model::TargetGroup],
    filter: &str,
) -> Row<'a> {
    let t = &state.theme;
    let short: String = task.id.chars().take(8).collect();
    let rev =
        task_def_revision(&task.task_definition).map_or_else(|| "?".into(), |r| r.to_string());
    let status = if task.last_status == task.desired_status {
        task.last_status.as_str().to_string()
    } else {
        format!(
            "{}→{}",
            task.last_status.as_str(),
            task.desired_status.as_str()
        )
    };
    let target = target_for_task(task, groups);
    let started = task
        .started_at
        .map_or_else(|| "–".to_string(), |s| format::age(state.now, s));
    let health = if task.last_status == TaskStatus::Stopped || task.stop_code.is_some() {
        let exit: Vec<String> = task
            .containers
            .iter()
            .filter_map(|c| c.exit_code.map(|x| format!("{}={x}", c.name)))
            .collect();
        let mut parts = Vec::new();
        if let Some(code) = &task.stop_code {
            parts.push(code.clone());
        }
        if !exit.is_empty() {
            parts.push(format!("exit {}", exit.join(",")));
        }
        if let Some(reason) = &task.stopped_reason {
            parts.push(reason.clone());
        }
        Line::from(Span::styled(format!("■ {}", parts.join(" · ")), t.bad))
    } else {
        Line::from(format::health_chain(task, target, t))
    };
    Row::new(vec![
        Cell::from(highlight(
            &short,
            filter,
            ratatui::style::Style::new(),
            t.highlight,
        )),
        Cell::from(rev),
        Cell::from(Span::styled(
            status,
            format::task_status_style(task.last_status, t),
        )),
        Cell::from(task.availability_zone.clone()),
        Cell::from(task.private_ip.clone().unwrap_or_default()),
        Cell::from(started),
        Cell::from(health),
    ])
}
