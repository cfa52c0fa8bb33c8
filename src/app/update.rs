//! `update(&mut State, Event) -> Vec<Command>`: the only place state changes.
//! This module dispatches each event; data, actions, navigation and overlay
//! keys are handled by their own modules.

use crossterm::event::{
    KeyCode, KeyEvent, KeyEventKind, KeyModifiers, MouseButton, MouseEventKind,
};

use crate::app::data::on_data;
use crate::app::dispatch::on_action;
use crate::app::navigation::on_filter_key;
use crate::app::overlay_keys::on_overlay_key;
use crate::app::{Command, clamp_selection, set_status};
use crate::event::Event;
use crate::keymap::KeyCombo;
use crate::state::State;

/// Applies one event to the state.
pub fn update(state: &mut State, event: Event) -> Vec<Command> {
    let mut commands = apply(state, event);
    commands.extend(super::logs::close_if_left(state));
    commands.extend(super::dashboard::follow(state));
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
        Event::ServicesPage { cluster, services } => {
            super::refresh::apply_services_page(state, &cluster, services);
            Vec::new()
        }
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
        Event::Fleet(snapshot) => {
            state.fleet.apply(*snapshot);
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
        // A dangerous key in read-only mode: the action path refuses it with a
        // message, so the key is not silently ignored.
        None => match state.keymap.resolve_withheld(&contexts, combo) {
            Some(action) if state.read_only && action.is_dangerous() => on_action(state, action),
            _ => Vec::new(),
        },
    }
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
