//! The cluster picker's keys: move, select, close.

use crate::action::Action;
use crate::app::Command;
use crate::app::navigation::switch_cluster;
use crate::state::{Overlay, State};

pub(super) fn on_key(state: &mut State, selected: usize, action: Option<Action>) -> Vec<Command> {
    let names: Vec<String> = state
        .clusters
        .data
        .iter()
        .flatten()
        .map(|c| c.name.clone())
        .collect();
    let last = names.len().saturating_sub(1);
    let selected = match action {
        Some(Action::Close) => return Vec::new(),
        Some(Action::Accept) => {
            if let Some(name) = names.get(selected) {
                return switch_cluster(state, name.clone());
            }
            return Vec::new();
        }
        Some(Action::Down) => (selected + 1).min(last),
        Some(Action::Up) => selected.saturating_sub(1),
        _ => selected,
    };
    state.overlay = Some(Overlay::ClusterPicker { selected });
    Vec::new()
}
