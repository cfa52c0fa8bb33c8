//! What is inside each pane of the dashboard but the services table (which
//! is the services view's): the alarm strip, and the selected service's
//! tasks, events, rollout progress and log tail. Each formats only the rows
//! it shows.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Cell, Paragraph, Row, Wrap};

use super::pane_block;
use crate::model::{AlarmState, Service, TargetGroup, Task, TaskStatus, task_def_revision};
use crate::source::target_for_task;
use crate::state::dashboard::Pane;
use crate::state::{Resource, State, TableNav};
use crate::ui::format;
use crate::ui::views::{TableSpec, draw_table, placeholder};

/// Alarms in ALARM, on one line: their names, or that none fires.
pub(crate) fn alarms(state: &State, frame: &mut Frame, area: Rect) {
    let t = &state.theme;
    let data = &state.alarms;
    let firing: Vec<&str> = data
        .data
        .iter()
        .flatten()
        .filter(|a| a.state == AlarmState::Alarm)
        .map(|a| a.name.as_str())
        .collect();
    let total = data.data.as_ref().map_or(0, Vec::len);
    let mut spans = match (&data.data, &data.last_error) {
        (None, Some(e)) => vec![Span::styled(format!("⚠ could not load: {e}"), t.bad)],
        (None, None) => vec![Span::styled("loading…", t.dim)],
        (Some(_), _) if firing.is_empty() => vec![Span::styled(
            format!("✔ no alarm in ALARM ({total} alarms)"),
            t.ok,
        )],
        (Some(_), _) => vec![
            Span::styled(format!("✖ {} in ALARM: ", firing.len()), t.bad),
            Span::raw(firing.join(" · ")),
        ],
    };
    if data.data.is_some()
        && let Some(e) = &data.last_error
    {
        spans.push(Span::styled(format!("  ⚠ refresh failed: {e}"), t.warn));
    }
    let age = format::ago(state.now, data.fetched_at);
    let block = pane_block(state, Pane::Alarms, format!("· {age}"));
    frame.render_widget(Paragraph::new(Line::from(spans)).block(block), area);
}

/// A pane's table navigation as drawn: its selection shows only while it has the focus.
fn shown_nav(state: &State, pane: Pane, nav: &TableNav) -> TableNav {
    let mut nav = nav.clone();
    if state.dashboard.focus() != pane {
        nav.selected = usize::MAX;
    }
    nav
}

/// The selected service, or a placeholder saying why there is none.
fn selected<'s>(
    state: &'s State,
    pane: Pane,
    frame: &mut Frame,
    area: Rect,
) -> Option<&'s Service> {
    let service = state.context_service();
    if service.is_none() {
        let block = pane_block(state, pane, String::new());
        let empty = state.services.data.as_ref().is_some_and(Vec::is_empty);
        let text = if empty {
            "no service selected"
        } else {
            "select a service"
        };
        placeholder(state, &state.services, true, text, frame, area, block);
    }
    service
}

/// The selected service's tasks: id, revision, status, age and the health
/// chain (containers → task → ALB target) or the stop reason.
pub(crate) fn tasks(state: &State, frame: &mut Frame, area: Rect) {
    let Some(service) = selected(state, Pane::Tasks, frame, area) else {
        return;
    };
    let tasks = state.service_tasks(&service.name);
    let nav = &state.dashboard.tasks_nav;
    let block = pane_block(
        state,
        Pane::Tasks,
        format!("of {} [{}]", service.name, tasks.len()),
    );
    let fallback = Resource::<Vec<Task>>::default();
    let resource = state
        .task_resource(Some(&service.name))
        .unwrap_or(&fallback);
    if placeholder(
        state,
        resource,
        tasks.is_empty(),
        "no tasks",
        frame,
        area,
        block.clone(),
    ) {
        return;
    }
    let groups: Vec<TargetGroup> = state
        .service_target_groups(service)
        .into_iter()
        .cloned()
        .collect();
    let t = &state.theme;
    draw_table(
        state,
        &shown_nav(state, Pane::Tasks, nav),
        &tasks,
        TableSpec {
            columns: &["TASK", "REV", "STATUS", "AGE", "HEALTH ctr→task→target"],
            widths: &[
                Constraint::Length(8),
                Constraint::Length(4),
                Constraint::Length(12),
                Constraint::Length(5),
                Constraint::Fill(1),
            ],
            block,
        },
        frame,
        area,
        |task| {
            let rev = task_def_revision(&task.task_definition)
                .map_or_else(|| "?".into(), |r| r.to_string());
            let health = if task.last_status == TaskStatus::Stopped || task.stop_code.is_some() {
                Line::from(Span::styled(
                    format!("■ {}", super::super::tasks::stop_summary(task)),
                    t.bad,
                ))
            } else {
                Line::from(format::health_chain(
                    task,
                    target_for_task(task, &groups),
                    t,
                ))
            };
            Row::new(vec![
                Cell::from(task.id.chars().take(8).collect::<String>()),
                Cell::from(rev),
                Cell::from(Span::styled(
                    task.last_status.as_str().to_string(),
                    format::task_status_style(task.last_status, t),
                )),
                Cell::from(format::age_of(state.now, task.started_at)),
                Cell::from(health),
            ])
        },
    );
}

/// The selected service's events, newest first.
pub(crate) fn events(state: &State, frame: &mut Frame, area: Rect) {
    let Some(service) = selected(state, Pane::Events, frame, area) else {
        return;
    };
    let rows: Vec<_> = service.events.iter().collect();
    let block = pane_block(
        state,
        Pane::Events,
        format!("of {} [{}]", service.name, rows.len()),
    );
    if placeholder(
        state,
        &state.services,
        rows.is_empty(),
        "no events",
        frame,
        area,
        block.clone(),
    ) {
        return;
    }
    let t = &state.theme;
    draw_table(
        state,
        &shown_nav(state, Pane::Events, &state.dashboard.events_nav),
        &rows,
        TableSpec {
            columns: &["AGE", "MESSAGE"],
            widths: &[Constraint::Length(5), Constraint::Fill(1)],
            block,
        },
        frame,
        area,
        |e| {
            Row::new(vec![
                Cell::from(Span::styled(format::age_of(state.now, e.created_at), t.dim)),
                Cell::from(Span::styled(
                    e.message.clone(),
                    super::super::events::message_style(&e.message, t),
                )),
            ])
        },
    );
}

/// The selected service's deployments (state, revision, running of desired,
/// age) and, below them, the rollouts panel of the actions being followed.
pub(crate) fn rollout(state: &State, frame: &mut Frame, area: Rect) {
    let Some(service) = selected(state, Pane::Rollout, frame, area) else {
        return;
    };
    let t = &state.theme;
    let block = pane_block(
        state,
        Pane::Rollout,
        format!("of {} [{}]", service.name, service.deployments.len()),
    );
    let inner = block.inner(area);
    frame.render_widget(block, area);
    // The rollouts followed come first: under a rule of one row, with every
    // row they need; the deployments have the rows left.
    let watched = if state.watches.is_empty() {
        0
    } else {
        crate::ui::widgets::rollout::rows(state, inner.width)
            .saturating_add(1)
            .min(inner.height)
    };
    let [list, panel] =
        Layout::vertical([Constraint::Fill(1), Constraint::Length(watched)]).areas(inner);
    let lines: Vec<Line> = service
        .deployments
        .iter()
        .take(usize::from(list.height))
        .map(|d| {
            let rev =
                task_def_revision(&d.task_definition).map_or_else(|| "?".into(), |r| r.to_string());
            let mut spans = vec![
                format::rollout_of(d, t),
                Span::raw(format!(" · {} rev {rev}", d.status.as_str())),
            ];
            if d.rollout_state != crate::model::RolloutState::InProgress {
                spans.push(Span::raw(format!(" · {}/{} running", d.running, d.desired)));
            }
            if d.pending > 0 {
                spans.push(Span::raw(format!(" · {} pending", d.pending)));
            }
            if d.failed > 0 {
                spans.push(Span::styled(format!(" · {} failed", d.failed), t.bad));
            }
            spans.push(Span::styled(
                format!(" · {}", format::ago(state.now, d.created_at)),
                t.dim,
            ));
            if !d.rollout_reason.is_empty()
                && d.rollout_state != crate::model::RolloutState::Completed
            {
                spans.push(Span::styled(format!("  {}", d.rollout_reason), t.dim));
            }
            Line::from(spans)
        })
        .collect();
    let lines = if lines.is_empty() {
        vec![Line::from(Span::styled("no deployment", t.dim))]
    } else {
        lines
    };
    // A deployment's reason can be long (ECS writes whole sentences): wrapped,
    // not cut at the pane's edge.
    frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: true }), list);
    if watched >= 2 {
        let rule = Block::default()
            .borders(Borders::TOP)
            .border_style(t.border)
            .title(Span::styled(" rollouts ", t.title));
        let below = rule.inner(panel);
        frame.render_widget(rule, panel);
        crate::ui::widgets::rollout::render_in(state, frame, below);
    }
}

/// A live tail of the selected service's logs (the logs view's drawing).
pub(crate) fn logs(state: &State, frame: &mut Frame, area: Rect) {
    let Some(service) = selected(state, Pane::Logs, frame, area) else {
        return;
    };
    let t = &state.theme;
    let session = state
        .logs
        .as_ref()
        .filter(|l| l.service == service.name && Some(l.id) == state.dashboard.tail_id);
    let block = pane_block(state, Pane::Logs, format!("of {} · live", service.name));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    match session {
        Some(session) => crate::ui::render_log(&session.view, inner, frame.buffer_mut(), t),
        None => {
            let tasks = state.service_tasks(&service.name);
            let why = if tasks.is_empty() {
                format!("waiting for the tasks of {}", service.name)
            } else {
                format!("{} has no awslogs log configuration", service.name)
            };
            frame.render_widget(Paragraph::new(Span::styled(why, t.dim)), inner);
        }
    }
}
