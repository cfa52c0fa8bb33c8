//! The log tail: `l` opens it for the service in context (`L` for the selected
//! task), the runtime runs the tail engine, and its events feed the view.

use crate::action::Action;
use crate::app::{Command, push_view, set_status};
use crate::logs::tail::{TailEvent, TailRequest};
use crate::model::{LogTarget, Task, TaskStatus, Time};
use crate::state::log_view::LogView;
use crate::state::{Input, Level, LogSession, Overlay, PromptKind, Screen, State, View};

/// Most streams one FilterLogEvents call accepts.
const MAX_STREAMS: usize = 100;

/// The log group and streams of some tasks (newest tasks first).
pub(crate) fn target_for(tasks: &[&Task]) -> Option<LogTarget> {
    let mut group: Option<String> = None;
    let mut streams = Vec::new();
    for t in tasks {
        for c in &t.containers {
            let Some(log) = &c.log else {
                continue;
            };
            let g = group.get_or_insert_with(|| log.group.clone());
            if *g == log.group && streams.len() < MAX_STREAMS {
                streams.push(log.stream_for(&c.name, &t.id));
            }
        }
    }
    group.map(|group| LogTarget { group, streams })
}

/// Restarts `session`'s tail on `wider` when it names a stream the tail
/// lacks (its own streams kept after the wider target's, up to
/// [`MAX_STREAMS`]), with a new id, from the overlap before its newest line
/// or from `new_since`, whichever is earlier (never before its start, and
/// from its start when either is unknown). The lines held stay.
pub(crate) fn rescope(
    session: &mut LogSession,
    wider: LogTarget,
    new_since: Option<Time>,
) -> Option<Command> {
    let same_group = wider.group == session.target.group;
    if same_group
        && wider
            .streams
            .iter()
            .all(|s| session.target.streams.contains(s))
    {
        return None;
    }
    let mut target = wider;
    if same_group {
        for old in &session.target.streams {
            if target.streams.len() < MAX_STREAMS && !target.streams.contains(old) {
                target.streams.push(old.clone());
            }
        }
    }
    session.target = target;
    let overlap = chrono::Duration::seconds(10);
    let start = match (session.view.newest_time(), new_since) {
        (Some(newest), Some(since)) => (newest - overlap).min(since).max(session.start),
        _ => session.start,
    };
    session.id += 1;
    let request = TailRequest::new(session.target.clone(), session.view.filter_pattern(), start);
    Some(Command::StartTail {
        id: session.id,
        request: Box::new(request),
    })
}

/// Opens the logs of the service in context, or of the selected task.
pub(crate) fn open(state: &mut State, task_only: bool) -> Vec<Command> {
    let screen = state.screen();
    let (service, task) = if task_only {
        let tasks = state.filtered_tasks(screen.service.as_deref(), &screen.nav);
        match tasks.get(screen.nav.selected) {
            Some(t) => (t.service_name().map(str::to_string), Some((*t).clone())),
            None => (None, None),
        }
    } else {
        (state.context_service().map(|s| s.name.clone()), None)
    };
    let Some(service) = service else {
        set_status(
            state,
            Level::Info,
            "select a service or a task first".into(),
        );
        return Vec::new();
    };
    let tasks: Vec<&Task> = match &task {
        Some(t) => vec![t],
        None => state.service_tasks(&service),
    };
    if tasks.is_empty() {
        set_status(
            state,
            Level::Info,
            format!("no tasks of {service} loaded yet: try again in a moment"),
        );
        return Vec::new();
    }
    let Some(target) = target_for(&tasks) else {
        set_status(
            state,
            Level::Error,
            format!("{service} has no awslogs log configuration"),
        );
        return Vec::new();
    };
    let start = start_time(state.now, task.as_ref());
    let id = state.logs.as_ref().map_or(1, |l| l.id + 1);
    let mut view = LogView::new(state.log_capacity);
    if let Some(t) = task
        .as_ref()
        .filter(|t| t.last_status == TaskStatus::Stopped || t.stop_code.is_some())
    {
        view.set_task(Some(t));
    }
    let request = TailRequest::new(target.clone(), "", start);
    state.logs = Some(LogSession {
        id,
        service: service.clone(),
        target,
        start,
        view,
    });
    let mut screen = Screen::new(View::Logs, Some(service));
    screen.task = task.map(|t| t.id);
    if state.screen().view == View::Logs {
        state.stack.pop();
    }
    state.stack.push(screen);
    vec![Command::StartTail {
        id,
        request: Box::new(request),
    }]
}

/// Tails start 15 minutes back, or at the start of a stopped task's life.
fn start_time(now: Time, task: Option<&Task>) -> Time {
    let recent = now - chrono::Duration::minutes(15);
    match task {
        Some(t) if t.last_status == TaskStatus::Stopped => {
            t.started_at
                .or(t.created_at)
                .map_or(recent, |at| at.min(recent))
                - chrono::Duration::seconds(30)
        }
        _ => recent,
    }
}

/// Applies an event of the tail engine (events of an older tail are dropped).
pub(crate) fn on_tail(state: &mut State, id: u64, event: TailEvent) {
    if let Some(session) = state.logs.as_mut()
        && session.id == id
    {
        session.view.apply(event);
    }
}

/// Rows inside the log view's border for the terminal size: the terminal
/// less the header, status and footer lines and the two border rows.
fn view_height(size: (u16, u16)) -> usize {
    usize::from(size.1).saturating_sub(5)
}

/// Sizes the view's page from the terminal (or the dashboard's log pane),
/// as the tables are sized.
fn fit_to_terminal(view: &mut LogView, lines: usize) {
    let rows = view.layout(lines).body_rows;
    view.set_viewport_rows(rows);
}

/// Lines the log view has inside its border: the dashboard's pane, or the body.
fn view_lines(state: &State) -> usize {
    super::dashboard::log_pane_lines(state).unwrap_or_else(|| view_height(state.size))
}

/// Handles the log view's actions.
pub(crate) fn on_action(state: &mut State, action: Action) -> Vec<Command> {
    let lines = view_lines(state);
    let Some(session) = state.logs.as_mut() else {
        return Vec::new();
    };
    let view = &mut session.view;
    fit_to_terminal(view, lines);
    match action {
        Action::LogFollow => view.toggle_follow(),
        Action::LogUp => view.scroll_up(1),
        Action::LogDown => view.scroll_down(1),
        Action::LogPageUp => view.page_up(),
        Action::LogPageDown => view.page_down(),
        Action::LogTop => view.scroll_to_top(),
        Action::LogBottom => view.scroll_to_bottom(),
        Action::LogNextMatch | Action::LogPrevMatch | Action::LogNextError => {
            let found = match action {
                Action::LogNextMatch => view.next_match(),
                Action::LogPrevMatch => view.prev_match(),
                _ => view.next_error(),
            };
            if found.is_none() {
                let what = if action == Action::LogNextError {
                    "no error line after this one"
                } else {
                    "no match"
                };
                set_status(state, Level::Info, what.into());
            }
        }
        Action::LogWrap => view.toggle_wrap(),
        Action::LogTimestamps => view.toggle_timestamps(),
        Action::LogSearch => {
            let text = view.search().to_string();
            state.overlay = Some(Overlay::Prompt {
                kind: PromptKind::LogSearch,
                input: Input { text },
            });
        }
        Action::LogFilter => {
            let text = view.filter_pattern().to_string();
            state.overlay = Some(Overlay::Prompt {
                kind: PromptKind::LogFilter,
                input: Input { text },
            });
        }
        _ => {}
    }
    Vec::new()
}

/// A prompt was confirmed.
pub(crate) fn on_prompt(state: &mut State, kind: PromptKind, text: String) -> Vec<Command> {
    let lines = view_lines(state);
    let Some(session) = state.logs.as_mut() else {
        return Vec::new();
    };
    match kind {
        PromptKind::LogSearch => {
            fit_to_terminal(&mut session.view, lines);
            session.view.set_search(&text);
            session.view.next_match();
            // No count here: the log status line keeps the one count of
            // matching lines, live as lines arrive.
            let msg = if text.is_empty() {
                "search cleared".to_string()
            } else {
                format!("searching {text:?}: n next match, N previous")
            };
            set_status(state, Level::Info, msg);
            Vec::new()
        }
        PromptKind::LogFilter => {
            // A new server-side filter: restart the tail with it, from the same start.
            session.id += 1;
            session.view.clear();
            session.view.set_filter_pattern(text.clone());
            let request = TailRequest::new(session.target.clone(), text.clone(), session.start);
            let id = session.id;
            let msg = if text.is_empty() {
                "filter cleared".to_string()
            } else {
                format!("filter pattern {text:?}: tail restarted")
            };
            set_status(state, Level::Info, msg);
            vec![Command::StartTail {
                id,
                request: Box::new(request),
            }]
        }
    }
}

/// Leaving the logs view stops the tail.
pub(crate) fn close_if_left(state: &mut State) -> Vec<Command> {
    if state.logs.is_some()
        && state.screen().view != View::Logs
        && !super::dashboard::keeps_tail(state)
    {
        state.logs = None;
        // What the logs view said (search, filter, follow) is about the logs.
        if state
            .status
            .as_ref()
            .is_some_and(|m| m.level == Level::Info)
        {
            state.status = None;
        }
        return vec![Command::StopTail];
    }
    Vec::new()
}

/// `:logs` from the palette.
pub(crate) fn from_palette(state: &mut State) -> Vec<Command> {
    let cmds = open(state, false);
    if cmds.is_empty() && state.screen().view != View::Logs {
        push_view(state, state.screen().view, state.screen().service.clone());
    }
    cmds
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fixtures::{loaded_state, t0, task};
    use crate::model::{HealthStatus, LogLine};
    use crate::source::{ErrorKind, SourceError};

    /// A stopped task without any time tails from 15 minutes back, not from 1970.
    #[test]
    fn an_undated_stopped_task_tails_the_recent_past() {
        let mut t = task("api", 1, TaskStatus::Stopped, HealthStatus::Unknown);
        t.started_at = None;
        t.created_at = None;
        let recent = t0() - chrono::Duration::minutes(15);
        let start = start_time(t0(), Some(&t));
        assert_eq!(start, recent - chrono::Duration::seconds(30));
        t.created_at = Some(t0() - chrono::Duration::hours(2));
        let start = start_time(t0(), Some(&t));
        assert_eq!(
            start,
            t0() - chrono::Duration::hours(2) - chrono::Duration::seconds(30)
        );
    }

    /// The screen's text rows at `size`.
    fn screen_rows(state: &State) -> Vec<String> {
        let (w, h) = state.size;
        let mut term = ratatui::Terminal::new(ratatui::backend::TestBackend::new(w, h))
            .expect("test terminal");
        term.draw(|f| crate::ui::render(state, f)).expect("draw");
        let buf = term.backend().buffer();
        (0..h)
            .map(|y| (0..w).map(|x| buf[(x, y)].symbol()).collect())
            .collect()
    }

    /// A log session on `service` holding `n` lines, with a stopped-task
    /// header and an error banner when asked.
    fn tailing(n: usize, stopped: bool, error: bool) -> State {
        let mut s = loaded_state();
        s.stack
            .push(Screen::new(View::Logs, Some("web-api".into())));
        let mut view = LogView::new(1000);
        let lines: Vec<LogLine> = (0..n)
            .map(|i| LogLine {
                event_id: i.to_string(),
                timestamp: Some(t0() + chrono::Duration::milliseconds(i as i64)),
                stream: "ecs/app/0b3f9c2b7a1d".into(),
                message: format!("line number {i}"),
            })
            .collect();
        view.push_lines(&lines, false);
        if stopped {
            let t = task("web-api", 1, TaskStatus::Stopped, HealthStatus::Unknown);
            view.set_task(Some(&t));
        }
        if error {
            view.set_error(Some(&SourceError::new(
                ErrorKind::Network,
                "FilterLogEvents",
                "connection reset",
            )));
        }
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

    /// The page size comes from the terminal size and matches what is drawn:
    /// pausing keeps every line on screen where it was, at any size, with or
    /// without the stopped-task header and the error banner.
    #[test]
    fn pausing_keeps_the_drawn_lines_where_they_are() {
        for size in [(80, 24), (120, 40), (60, 15)] {
            for (stopped, error) in [(false, false), (true, false), (false, true), (true, true)] {
                let mut s = tailing(300, stopped, error);
                s.size = size;
                let following = screen_rows(&s);
                on_action(&mut s, Action::LogFollow);
                let paused = screen_rows(&s);
                let body = |rows: &[String]| -> Vec<String> {
                    rows.iter()
                        .filter(|r| r.contains("line number"))
                        .cloned()
                        .collect()
                };
                assert!(!body(&following).is_empty());
                assert_eq!(
                    body(&following),
                    body(&paused),
                    "{size:?} stopped {stopped} error {error}"
                );
            }
        }
    }
}
