//! `update(&mut State, Event) -> Vec<Command>`: the only place state changes.

use crossterm::event::{
    KeyCode, KeyEvent, KeyEventKind, KeyModifiers, MouseButton, MouseEventKind,
};

use crate::action::Action;
use crate::event::{Data, Event, Payload};
use crate::keymap::KeyCombo;
use crate::palette::{self, PaletteCommand};
use crate::poll::Fetch;
use crate::state::{Input, Level, Overlay, Screen, State, StatusMessage, TableNav};

/// Side effects requested by `update`, carried out by the runtime.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Command {
    /// Refresh everything the view needs now, ignoring the interval.
    RefreshNow,
    /// Cancel in-flight fetches and forget schedules (the cluster changed).
    ResetFetches,
}

/// Applies one event to the state.
pub fn update(state: &mut State, event: Event) -> Vec<Command> {
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
            state.call_counts = calls;
            Vec::new()
        }
        Event::Data(data) => on_data(state, data),
    }
}

fn on_data(state: &mut State, data: Data) -> Vec<Command> {
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
        (Fetch::Services { cluster }, Payload::Services(result)) if for_current(&cluster) => {
            state.services.apply(
                result.map(|mut v| {
                    v.sort_by(|a, b| a.name.cmp(&b.name));
                    v
                }),
                at,
            );
            clamp_selection(state);
        }
        (Fetch::Tasks { cluster, service }, Payload::Tasks(result)) if for_current(&cluster) => {
            let key = service.unwrap_or_default();
            state.tasks.entry(key).or_default().apply(result, at);
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
        (_, Payload::Alarms(result)) => state.alarms.apply(result, at),
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
        None => Vec::new(),
    }
}

/// Applies an action (from a key, the palette, or a runbook step).
pub fn on_action(state: &mut State, action: Action) -> Vec<Command> {
    let rows = state.row_count();
    let height = state.body_rows();
    match action {
        Action::Quit => state.should_quit = true,
        Action::Back => {
            let nav = state.screen_mut().nav_mut();
            if !nav.filter.is_empty() {
                nav.filter.clear();
                nav.selected = 0;
                nav.offset = 0;
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
    }
    Vec::new()
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
    if let Screen::Services(nav) = state.screen() {
        let name = state
            .filtered_services(nav)
            .get(nav.selected)
            .map(|s| s.name.clone());
        if let Some(service) = name {
            state.stack.push(Screen::ServiceDetail {
                service,
                nav: TableNav::default(),
            });
        }
    }
}

fn on_filter_key(state: &mut State, key: KeyEvent) {
    let nav = state.screen_mut().nav_mut();
    match key.code {
        KeyCode::Esc => {
            nav.filter.clear();
            nav.editing_filter = false;
        }
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
            let completions = palette::complete(&input.text, &clusters);
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
    match palette::parse(line) {
        Ok(PaletteCommand::Services) => {
            state.stack.truncate(1);
            Vec::new()
        }
        Ok(PaletteCommand::Cluster(Some(name))) => {
            let known = state.clusters.data.as_ref();
            if let Some(list) = known
                && !list.iter().any(|c| c.name == name)
            {
                set_status(state, Level::Error, format!("no cluster named {name:?}"));
                return Vec::new();
            }
            switch_cluster(state, name)
        }
        Ok(PaletteCommand::Cluster(None)) => on_action(state, Action::Clusters),
        Ok(PaletteCommand::Help) => on_action(state, Action::Help),
        Ok(PaletteCommand::Quit) => on_action(state, Action::Quit),
        Err(message) => {
            set_status(state, Level::Error, message);
            Vec::new()
        }
    }
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
    state.stack = vec![Screen::Services(TableNav::default())];
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

/// What the current view needs fetched, in priority order.
pub fn wanted_fetches(state: &State) -> Vec<Fetch> {
    let mut wanted = vec![Fetch::Clusters, Fetch::Alarms];
    let Some(cluster) = state.cluster.clone() else {
        return wanted;
    };
    wanted.push(Fetch::Services {
        cluster: cluster.clone(),
    });
    let service = match state.screen() {
        Screen::ServiceDetail { service, .. } => Some(service.clone()),
        Screen::Services(_) => None,
    };
    wanted.push(Fetch::Tasks {
        cluster: cluster.clone(),
        service,
    });
    let visible = state.visible_services();
    let mut arns: Vec<String> = visible
        .iter()
        .flat_map(|s| {
            s.load_balancers
                .iter()
                .map(|lb| lb.target_group_arn.clone())
        })
        .collect();
    arns.sort();
    arns.dedup();
    if !arns.is_empty() {
        wanted.push(Fetch::TargetGroups { arns });
    }
    let mut names: Vec<String> = visible.iter().map(|s| s.name.clone()).collect();
    names.sort();
    if !names.is_empty() {
        wanted.push(Fetch::Metrics {
            cluster,
            services: names,
        });
    }
    wanted
}
