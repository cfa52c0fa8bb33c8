//! `update(&mut State, Event) -> Vec<Command>`: the only place state changes.

use crossterm::event::{
    KeyCode, KeyEvent, KeyEventKind, KeyModifiers, MouseButton, MouseEventKind,
};

use crate::action::Action;
use crate::event::{Data, Event, Payload};
use crate::keymap::KeyCombo;
use crate::palette::{self, PaletteCommand};
use crate::poll::Fetch;
use crate::state::{Input, Level, Overlay, Screen, State, StatusMessage, View};

/// Side effects requested by `update`, carried out by the runtime.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Command {
    /// Refresh everything the view needs now, ignoring the interval.
    RefreshNow,
    /// Cancel in-flight fetches and forget schedules (the cluster changed).
    ResetFetches,
    /// Copy text to the terminal's clipboard (OSC 52).
    Copy(String),
    /// Run a confirmed action.
    RunOp(crate::ops::Op),
    /// Read the audit log.
    LoadAudit,
    /// Write the timeline as Markdown to the state dir.
    ExportTimeline(String),
    /// Append a finished chaos experiment to the state dir.
    RecordChaos(Box<crate::chaos::ChaosRecord>),
    /// Read the recorded chaos experiments.
    LoadChaos,
    /// Start (or restart) the log tail `id`, stopping any other.
    StartTail {
        /// Tail id.
        id: u64,
        /// What to tail.
        request: Box<crate::logs::tail::TailRequest>,
    },
    /// Stop the log tail.
    StopTail,
}

/// Applies one event to the state.
pub fn update(state: &mut State, event: Event) -> Vec<Command> {
    let mut commands = apply(state, event);
    commands.extend(super::logs::close_if_left(state));
    commands
}

fn apply(state: &mut State, event: Event) -> Vec<Command> {
    match event {
        Event::Key(key) => on_key(state, key),
        Event::Mouse(mouse) => {
            on_mouse(state, mouse);
            Vec::new()
        }
        Event::Resize(w, h) => {
            state.size = (w, h);
            clamp_selection(state);
            Vec::new()
        }
        Event::Tick { now, calls } => {
            state.now = now;
            state.freshness.rates.record(now, &calls);
            state.call_counts = calls;
            super::actions::retire_watches(state);
            Vec::new()
        }
        Event::Budget(budget) => {
            state.freshness.budget = budget;
            Vec::new()
        }
        Event::Data(data) => on_data(state, data),
        Event::OpDone(done) => {
            super::actions::on_op_done(state, done);
            Vec::new()
        }
        Event::Tail { id, event } => {
            super::logs::on_tail(state, id, event);
            Vec::new()
        }
        Event::ChaosLog(result) => {
            let now = state.now;
            let result = result.map(|tail| {
                state.chaos_skipped = tail.skipped;
                tail.records
            });
            state.chaos_log.apply(
                result.map_err(|e| {
                    crate::source::SourceError::new(crate::source::ErrorKind::Other, "chaos log", e)
                }),
                now,
            );
            clamp_selection(state);
            Vec::new()
        }
        Event::Notice(level, text) => {
            set_status(state, level, text);
            Vec::new()
        }
        Event::Audit(result) => {
            let now = state.now;
            let result = result.map(|tail| {
                state.audit_skipped = tail.skipped;
                tail.records
            });
            state.audit_log.apply(
                result.map_err(|e| {
                    crate::source::SourceError::new(crate::source::ErrorKind::Other, "audit log", e)
                }),
                now,
            );
            clamp_selection(state);
            Vec::new()
        }
    }
}

fn on_data(state: &mut State, data: Data) -> Vec<Command> {
    super::refresh::note_throttling(state, &data);
    let mut commands = apply_data(state, data);
    commands.extend(super::actions::observe_chaos(state));
    commands
}

fn apply_data(state: &mut State, data: Data) -> Vec<Command> {
    let Data { fetch, at, payload } = data;
    let current = state.cluster.clone();
    let for_current = |c: &String| current.as_ref() == Some(c);
    match (fetch, payload) {
        (_, Payload::Clusters(result)) => {
            state.clusters.apply(
                result.map(|mut v| {
                    v.sort_by(|a, b| a.name.cmp(&b.name));
                    v
                }),
                at,
            );
            if state.cluster.is_none() && state.overlay.is_none() {
                match state.clusters.data.as_deref() {
                    Some([only]) => {
                        let name = only.name.clone();
                        return switch_cluster(state, name);
                    }
                    Some([_, _, ..]) => {
                        state.overlay = Some(Overlay::ClusterPicker { selected: 0 })
                    }
                    _ => {}
                }
            }
        }
        (Fetch::ServiceNames { cluster }, Payload::ServiceNames(result))
            if for_current(&cluster) =>
        {
            super::refresh::apply_names(state, result, at);
            clamp_selection(state);
        }
        (fetch, Payload::Services(result))
            if super::refresh::services_cluster(&fetch).is_some_and(|c| for_current(&c.into())) =>
        {
            super::refresh::apply_services(state, &fetch, result, at);
            super::actions::observe_watches(state);
            if let Some(services) = state.services.data.as_ref() {
                state.timeline.observe_services(services, at);
            }
            clamp_selection(state);
        }
        (Fetch::Tasks { cluster, service }, Payload::Tasks(result)) if for_current(&cluster) => {
            let key = service.unwrap_or_default();
            let sorted = result.map(|mut v| {
                v.sort_by(|a, b| {
                    a.last_status
                        .is_stopping_or_stopped()
                        .cmp(&b.last_status.is_stopping_or_stopped())
                        .then(b.created_at.cmp(&a.created_at))
                        .then(a.id.cmp(&b.id))
                });
                v
            });
            let cluster_wide = key.is_empty();
            state.tasks.entry(key).or_default().apply(sorted, at);
            if cluster_wide {
                state.reindex_tasks();
                if let Some(tasks) = state.tasks.get("").and_then(|r| r.data.as_ref()) {
                    state.timeline.observe_tasks(tasks, at);
                }
            }
            clamp_selection(state);
        }
        (Fetch::Revisions { family }, Payload::Revisions(result)) => {
            state.revisions.entry(family).or_default().apply(result, at);
            super::actions::apply_preselect(state);
            clamp_selection(state);
        }
        (_, Payload::TaskDefs(results)) => {
            for (arn, result) in results {
                match result {
                    Ok(td) => {
                        state.task_def_errors.remove(&arn);
                        state.task_defs.insert(arn, td);
                    }
                    Err(e) => {
                        state.task_def_errors.insert(arn, e);
                    }
                }
            }
            clamp_selection(state);
        }
        (Fetch::TargetGroups { .. }, Payload::TargetGroups(result)) => match result {
            Ok(groups) => {
                let mut merged = state.target_groups.data.take().unwrap_or_default();
                for g in groups {
                    merged.insert(g.arn.clone(), g);
                }
                state.target_groups.apply(Ok(merged), at);
            }
            Err(e) => state.target_groups.apply(Err(e), at),
        },
        (_, Payload::Alarms(result)) => {
            if let Ok(alarms) = &result {
                state.timeline.observe_alarms(alarms, at);
            }
            state.alarms.apply(result, at);
        }
        (Fetch::Metrics { cluster, .. }, Payload::Metrics(result)) if for_current(&cluster) => {
            match result {
                Ok(series) => {
                    let mut merged = state.metrics.data.take().unwrap_or_default();
                    let mut fresh: std::collections::BTreeMap<String, Vec<_>> = Default::default();
                    for s in series {
                        fresh.entry(s.service.clone()).or_default().push(s);
                    }
                    merged.extend(fresh);
                    state.metrics.apply(Ok(merged), at);
                }
                Err(e) => state.metrics.apply(Err(e), at),
            }
        }
        _ => {} // an answer for a cluster we left: drop it
    }
    Vec::new()
}

fn on_key(state: &mut State, key: KeyEvent) -> Vec<Command> {
    if key.kind == KeyEventKind::Release {
        return Vec::new();
    }
    if key.code == KeyCode::Char('c') && key.modifiers.contains(KeyModifiers::CONTROL) {
        state.should_quit = true;
        return Vec::new();
    }
    if let Some(overlay) = state.overlay.take() {
        if let Overlay::Confirm(c) = overlay {
            return super::actions::on_confirm_key(state, c, key);
        }
        return on_overlay_key(state, overlay, key);
    }
    if state.screen().nav().editing_filter {
        on_filter_key(state, key);
        return Vec::new();
    }
    let combo = KeyCombo::from_event(&key);
    let contexts = state.key_contexts();
    match state.keymap.resolve(&contexts, combo) {
        Some(action) => on_action(state, action),
        // A dangerous key in read-only mode: the action path refuses it with a
        // message, so the key is not silently ignored.
        None => match state.keymap.resolve_withheld(&contexts, combo) {
            Some(action) if state.read_only && action.is_dangerous() => on_action(state, action),
            _ => Vec::new(),
        },
    }
}

/// Applies an action (from a key, the palette, or a runbook step).
pub fn on_action(state: &mut State, action: Action) -> Vec<Command> {
    let rows = state.row_count();
    let height = state.body_rows();
    match action {
        Action::Quit => state.should_quit = true,
        Action::Back => {
            if !state.screen().nav().filter.is_empty() {
                clear_filter(state);
            } else if state.stack.len() > 1 {
                state.stack.pop();
                clamp_selection(state);
            }
        }
        Action::Up => state.screen_mut().nav_mut().move_by(-1, rows, height),
        Action::Down => state.screen_mut().nav_mut().move_by(1, rows, height),
        Action::PageUp => state
            .screen_mut()
            .nav_mut()
            .move_by(-(height as isize), rows, height),
        Action::PageDown => state
            .screen_mut()
            .nav_mut()
            .move_by(height as isize, rows, height),
        Action::Top => state.screen_mut().nav_mut().select(0, rows, height),
        Action::Bottom => state
            .screen_mut()
            .nav_mut()
            .select(rows.saturating_sub(1), rows, height),
        Action::Open => open_selected(state),
        Action::Help => state.overlay = Some(Overlay::Help { scroll: 0 }),
        Action::Palette => {
            state.overlay = Some(Overlay::Palette {
                input: Input::default(),
                selected: 0,
            })
        }
        Action::Filter => state.screen_mut().nav_mut().editing_filter = true,
        Action::Clusters => {
            let selected = current_cluster_index(state);
            state.overlay = Some(Overlay::ClusterPicker { selected });
        }
        Action::Refresh => return vec![Command::RefreshNow],
        Action::ToggleDebug => state.show_debug = !state.show_debug,
        Action::Describe => match state.selected() {
            Some(sel) => {
                state.overlay = Some(Overlay::Describe {
                    title: sel.title,
                    text: sel.json,
                    scroll: 0,
                    other: sel.unmasked_json,
                    revealed: false,
                })
            }
            None => set_status(state, Level::Info, "nothing selected to describe".into()),
        },
        Action::CopyArn => match state.selected() {
            Some(sel) => {
                set_status(state, Level::Success, format!("copied {}", sel.arn));
                // One line: a line break from AWS must not reach a shell it is pasted into.
                return vec![Command::Copy(crate::text::sanitize(&sel.arn).into_owned())];
            }
            None => set_status(state, Level::Info, "nothing selected to copy".into()),
        },
        Action::ShowEvents => push_service_view(state, View::Events),
        Action::ShowDeployments => push_service_view(state, View::Deployments),
        Action::ShowTargetGroups => push_service_view(state, View::TargetGroups),
        Action::ShowMetrics => push_service_view(state, View::Metrics),
        Action::ShowAlarms => push_service_view(state, View::Alarms),
        Action::ShowRevisions => push_service_view(state, View::Revisions),
        Action::MarkRevision => mark_revision(state),
        Action::DiffRevisions => open_diff(state),
        Action::ToggleReveal => {
            let screen = state.screen_mut();
            screen.reveal = !screen.reveal;
        }
        Action::OpenRunbook => return super::runbooks::open(state),
        Action::CloseRunbook => state.runbook_panel = None,
        Action::RunbookDown => super::runbooks::scroll(state, 5),
        Action::RunbookUp => super::runbooks::scroll(state, -5),
        Action::RunbookStep(n) => return super::runbooks::step(state, usize::from(n)),
        Action::ShowLogs => return super::logs::open(state, false),
        Action::ShowTaskLogs => return super::logs::open(state, true),
        Action::LogFollow
        | Action::LogUp
        | Action::LogDown
        | Action::LogPageUp
        | Action::LogPageDown
        | Action::LogTop
        | Action::LogBottom
        | Action::LogSearch
        | Action::LogNextMatch
        | Action::LogPrevMatch
        | Action::LogFilter
        | Action::LogNextError
        | Action::LogWrap
        | Action::LogTimestamps => return super::logs::on_action(state, action),
        Action::ExportTimeline => {
            let cluster = state.cluster.clone().unwrap_or_default();
            let md = state
                .timeline
                .to_markdown(&cluster, &state.source.label, state.now);
            return vec![Command::ExportTimeline(md)];
        }
        Action::Redeploy
        | Action::Scale
        | Action::StopTask
        | Action::Rollback
        | Action::RollbackToSelected => return super::actions::begin(state, action),
        Action::Exec => return super::exec::begin(state),
    }
    Vec::new()
}

/// Pushes a view of the service in context (the selected service on the services view).
fn push_service_view(state: &mut State, view: View) {
    let Some(name) = state.context_service().map(|s| s.name.clone()) else {
        set_status(state, Level::Info, "select a service first".into());
        return;
    };
    push_view(state, view, Some(name));
}

/// Pushes a screen, replacing the top one if it is the same view (no duplicate breadcrumbs).
pub fn push_view(state: &mut State, view: View, service: Option<String>) {
    if state.screen().view == view && state.screen().service == service {
        return;
    }
    if view == View::Services {
        state.stack.truncate(1);
        return;
    }
    state.stack.push(Screen::new(view, service));
}

fn mark_revision(state: &mut State) {
    let screen = state.screen();
    let Some(service) = screen.service.clone() else {
        return;
    };
    let Some(arn) = state
        .filtered_revisions(&service, &screen.nav)
        .get(screen.nav.selected)
        .map(|s| (*s).clone())
    else {
        return;
    };
    let short = crate::model::task_def_short(&arn).to_string();
    let screen = state.screen_mut();
    if screen.marked.as_ref() == Some(&arn) {
        screen.marked = None;
        set_status(state, Level::Info, format!("unmarked {short}"));
    } else {
        screen.marked = Some(arn);
        set_status(
            state,
            Level::Info,
            format!("marked {short}: select another revision and press enter to diff"),
        );
    }
}

fn open_diff(state: &mut State) {
    let screen = state.screen();
    let Some(service) = screen.service.clone() else {
        return;
    };
    let Some(selected) = state
        .filtered_revisions(&service, &screen.nav)
        .get(screen.nav.selected)
        .map(|s| (*s).clone())
    else {
        return;
    };
    let other = screen
        .marked
        .clone()
        .or_else(|| state.service(&service).map(|s| s.task_definition.clone()));
    let Some(other) = other else {
        return;
    };
    if other == selected {
        set_status(
            state,
            Level::Info,
            "that is the running revision: mark another one with space".into(),
        );
        return;
    }
    let rev = |a: &str| crate::model::task_def_revision(a).unwrap_or(0);
    let pair = if rev(&other) <= rev(&selected) {
        (other, selected)
    } else {
        (selected, other)
    };
    let mut diff = Screen::new(View::Diff, Some(service));
    diff.diff = Some(pair);
    state.stack.push(diff);
}

fn current_cluster_index(state: &State) -> usize {
    state
        .clusters
        .data
        .iter()
        .flatten()
        .position(|c| Some(&c.name) == state.cluster.as_ref())
        .unwrap_or(0)
}

fn open_selected(state: &mut State) {
    if state.screen().view == View::Services {
        let nav = &state.screen().nav;
        let name = state
            .filtered_services(nav)
            .get(nav.selected)
            .map(|s| s.name.clone());
        if let Some(service) = name {
            state
                .stack
                .push(Screen::new(View::ServiceDetail, Some(service)));
        }
    }
}

/// Clears the filter of the current table. On the services view the
/// selected service stays selected (as in k9s); elsewhere the top row is.
fn clear_filter(state: &mut State) {
    let keep = match state.screen().view {
        View::Services => state.context_service().map(|s| s.name.clone()),
        _ => None,
    };
    let nav = state.screen_mut().nav_mut();
    nav.filter.clear();
    nav.editing_filter = false;
    nav.selected = 0;
    nav.offset = 0;
    if let Some(name) = keep {
        let all = state.filtered_services(state.screen().nav());
        let (len, at) = (all.len(), all.iter().position(|s| s.name == name));
        let height = state.body_rows();
        if let Some(i) = at {
            state.screen_mut().nav_mut().select(i, len, height);
        }
    }
}

fn on_filter_key(state: &mut State, key: KeyEvent) {
    if key.code == KeyCode::Esc {
        clear_filter(state);
        return;
    }
    let nav = state.screen_mut().nav_mut();
    match key.code {
        KeyCode::Enter => nav.editing_filter = false,
        KeyCode::Backspace => {
            nav.filter.pop();
        }
        KeyCode::Char('u') if key.modifiers.contains(KeyModifiers::CONTROL) => nav.filter.clear(),
        KeyCode::Char(c) if !key.modifiers.contains(KeyModifiers::CONTROL) => nav.filter.push(c),
        _ => {}
    }
    nav.selected = 0;
    nav.offset = 0;
}

fn on_overlay_key(state: &mut State, overlay: Overlay, key: KeyEvent) -> Vec<Command> {
    match overlay {
        Overlay::Help { scroll } => {
            let scroll = match key.code {
                KeyCode::Esc | KeyCode::Char('q') | KeyCode::Char('?') => return Vec::new(),
                KeyCode::Down | KeyCode::Char('j') => scroll + 1,
                KeyCode::Up | KeyCode::Char('k') => scroll.saturating_sub(1),
                KeyCode::PageDown => scroll + 10,
                KeyCode::PageUp => scroll.saturating_sub(10),
                _ => scroll,
            };
            state.overlay = Some(Overlay::Help { scroll });
        }
        Overlay::Describe {
            title,
            mut text,
            scroll,
            mut other,
            mut revealed,
        } => {
            if super::reveal::is_reveal_key(state, key) {
                revealed = super::reveal::toggle(state, &mut text, &mut other, revealed);
            }
            let lines = text.lines().count();
            let scroll = match key.code {
                KeyCode::Esc | KeyCode::Char('q') | KeyCode::Char('d') => {
                    if revealed {
                        set_status(state, Level::Info, "secrets masked again".into());
                    }
                    return Vec::new();
                }
                KeyCode::Char('y') => {
                    state.overlay = Some(Overlay::Describe {
                        title,
                        text: text.clone(),
                        scroll,
                        other,
                        revealed,
                    });
                    set_status(state, Level::Success, "copied the JSON".into());
                    return vec![Command::Copy(text)];
                }
                KeyCode::Down | KeyCode::Char('j') => (scroll + 1).min(lines.saturating_sub(1)),
                KeyCode::Up | KeyCode::Char('k') => scroll.saturating_sub(1),
                KeyCode::PageDown => (scroll + 20).min(lines.saturating_sub(1)),
                KeyCode::PageUp => scroll.saturating_sub(20),
                KeyCode::Char('g') => 0,
                KeyCode::Char('G') => lines.saturating_sub(1),
                _ => scroll,
            };
            state.overlay = Some(Overlay::Describe {
                title,
                text,
                scroll,
                other,
                revealed,
            });
        }
        Overlay::Confirm(c) => state.overlay = Some(Overlay::Confirm(c)),
        Overlay::Prompt { kind, mut input } => match key.code {
            KeyCode::Esc => {}
            KeyCode::Enter => return super::logs::on_prompt(state, kind, input.text),
            KeyCode::Backspace => {
                input.text.pop();
                state.overlay = Some(Overlay::Prompt { kind, input });
            }
            KeyCode::Char('u') if key.modifiers.contains(KeyModifiers::CONTROL) => {
                input.text.clear();
                state.overlay = Some(Overlay::Prompt { kind, input });
            }
            KeyCode::Char(c)
                if !key.modifiers.contains(KeyModifiers::CONTROL) && input.text.len() < 1024 =>
            {
                input.text.push(c);
                state.overlay = Some(Overlay::Prompt { kind, input });
            }
            _ => state.overlay = Some(Overlay::Prompt { kind, input }),
        },
        Overlay::ClusterPicker { selected } => {
            let names: Vec<String> = state
                .clusters
                .data
                .iter()
                .flatten()
                .map(|c| c.name.clone())
                .collect();
            let last = names.len().saturating_sub(1);
            match key.code {
                KeyCode::Esc | KeyCode::Char('q') => {}
                KeyCode::Enter => {
                    if let Some(name) = names.get(selected) {
                        return switch_cluster(state, name.clone());
                    }
                }
                KeyCode::Down | KeyCode::Char('j') => {
                    state.overlay = Some(Overlay::ClusterPicker {
                        selected: (selected + 1).min(last),
                    })
                }
                KeyCode::Up | KeyCode::Char('k') => {
                    state.overlay = Some(Overlay::ClusterPicker {
                        selected: selected.saturating_sub(1),
                    })
                }
                _ => state.overlay = Some(Overlay::ClusterPicker { selected }),
            }
        }
        Overlay::Palette {
            mut input,
            mut selected,
        } => {
            let clusters: Vec<String> = state
                .clusters
                .data
                .iter()
                .flatten()
                .map(|c| c.name.clone())
                .collect();
            let completions = palette::complete_in(
                &input.text,
                &clusters,
                &state.switch_choices.profiles,
                &state.switch_choices.regions,
            );
            match key.code {
                KeyCode::Esc => return Vec::new(),
                KeyCode::Enter => {
                    let line = if palette::parse(&input.text).is_err() {
                        completions.get(selected).cloned().unwrap_or(input.text)
                    } else {
                        input.text
                    };
                    return run_palette(state, &line);
                }
                KeyCode::Tab => {
                    if let Some(c) = completions.get(selected) {
                        input.text = c.clone();
                        if palette::ENTRIES.iter().any(|e| e.takes_arg && e.name == c) {
                            input.text.push(' ');
                        }
                        selected = 0;
                    }
                }
                KeyCode::Down => selected = (selected + 1).min(completions.len().saturating_sub(1)),
                KeyCode::Up => selected = selected.saturating_sub(1),
                KeyCode::Backspace => {
                    input.text.pop();
                    selected = 0;
                }
                KeyCode::Char('u') if key.modifiers.contains(KeyModifiers::CONTROL) => {
                    input.text.clear();
                    selected = 0;
                }
                KeyCode::Char(c) if !key.modifiers.contains(KeyModifiers::CONTROL) => {
                    input.text.push(c);
                    selected = 0;
                }
                _ => {}
            }
            state.overlay = Some(Overlay::Palette { input, selected });
        }
    }
    Vec::new()
}

/// Runs a palette line.
pub fn run_palette(state: &mut State, line: &str) -> Vec<Command> {
    let view = match palette::parse(line) {
        Ok(PaletteCommand::Cluster(Some(name))) => {
            let known = state.clusters.data.as_ref();
            if let Some(list) = known
                && !list.iter().any(|c| c.name == name)
            {
                set_status(state, Level::Error, format!("no cluster named {name:?}"));
                return Vec::new();
            }
            return switch_cluster(state, name);
        }
        Ok(PaletteCommand::Cluster(None)) => return on_action(state, Action::Clusters),
        Ok(PaletteCommand::Help) => return on_action(state, Action::Help),
        Ok(PaletteCommand::Exec) => return on_action(state, Action::Exec),
        Ok(PaletteCommand::Profile(name)) => return super::source_switch::profile(state, name),
        Ok(PaletteCommand::Region(name)) => return super::source_switch::region(state, name),
        Ok(PaletteCommand::Quit) => return on_action(state, Action::Quit),
        Ok(PaletteCommand::View(view)) => view,
        Err(message) => {
            set_status(state, Level::Error, message);
            return Vec::new();
        }
    };
    let service = state.context_service().map(|s| s.name.clone());
    match view {
        View::Services => push_view(state, View::Services, None),
        View::Audit => {
            push_view(state, View::Audit, None);
            return vec![Command::LoadAudit];
        }
        View::Chaos => {
            push_view(state, View::Chaos, None);
            return vec![Command::LoadChaos];
        }
        View::Runbooks => super::runbooks::list(state),
        View::Logs => return super::logs::from_palette(state),
        View::Tasks | View::TargetGroups | View::Alarms => {
            // Whole-cluster views unless a service is in context on a detail screen.
            let scoped = state.screen().service.clone();
            push_view(state, view, scoped);
        }
        _ => match service {
            Some(name) => push_view(state, view, Some(name)),
            None => set_status(
                state,
                Level::Info,
                format!(":{} needs a service: select one first", view.label()),
            ),
        },
    }
    Vec::new()
}

/// Switches to another cluster: drops its data and resets navigation.
pub fn switch_cluster(state: &mut State, name: String) -> Vec<Command> {
    state.overlay = None;
    if state.cluster.as_ref() == Some(&name) {
        return Vec::new();
    }
    state.cluster = Some(name.clone());
    state.services = Default::default();
    state.tasks.clear();
    state.target_groups = Default::default();
    state.metrics = Default::default();
    state.revisions.clear();
    state.task_index.clear();
    state.freshness.clear();
    state.stack = vec![Screen::new(View::Services, None)];
    set_status(state, Level::Info, format!("switched to cluster {name}"));
    vec![Command::ResetFetches]
}

/// Sets the status line.
pub fn set_status(state: &mut State, level: Level, text: String) {
    state.status = Some(StatusMessage {
        level,
        text,
        at: state.now,
    });
}

fn clamp_selection(state: &mut State) {
    let rows = state.row_count();
    let height = state.body_rows();
    state.screen_mut().nav_mut().scroll_into_view(rows, height);
}

fn on_mouse(state: &mut State, mouse: crossterm::event::MouseEvent) {
    let rows = state.row_count();
    let height = state.body_rows();
    match mouse.kind {
        MouseEventKind::ScrollDown => state.screen_mut().nav_mut().move_by(3, rows, height),
        MouseEventKind::ScrollUp => state.screen_mut().nav_mut().move_by(-3, rows, height),
        MouseEventKind::Down(MouseButton::Left) if state.overlay.is_none() => {
            // Table body starts below: header (1), table border + title (1), column header (1).
            let first_row = state.table_first_row();
            if mouse.row >= first_row {
                let nav = state.screen_mut().nav_mut();
                let index = nav.offset + usize::from(mouse.row - first_row);
                if index < rows {
                    nav.select(index, rows, height);
                }
            }
        }
        _ => {}
    }
}
