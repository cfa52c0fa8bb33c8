//! Applying an [`Action`] (from a key or a runbook step) and a palette line.

use crate::action::Action;
use crate::app::navigation::{
    clear_filter, current_cluster_index, mark_revision, open_diff, open_selected,
    push_service_view, switch_cluster,
};
use crate::app::{Command, clamp_selection, push_view, set_status};
use crate::palette::{self, PaletteCommand};
use crate::state::{Input, Level, Overlay, State, View};

/// Applies an action (from a key, the palette, or a runbook step).
pub(crate) fn on_action(state: &mut State, action: Action) -> Vec<Command> {
    if state.screen().view == View::Dashboard
        && let Some(commands) = super::dashboard::on_action(state, action)
    {
        return commands;
    }
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
        Action::Up
        | Action::Down
        | Action::Left
        | Action::Right
        | Action::Open
        | Action::Present
            if state.screen().view == View::Presenter =>
        {
            super::presenter::on_action(state, action)
        }
        Action::Up => state.screen_mut().nav_mut().move_by(-1, rows, height),
        Action::Down => state.screen_mut().nav_mut().move_by(1, rows, height),
        // Outside presenter mode: left and right have no meaning yet.
        Action::Left | Action::Right => {}
        Action::Present => super::presenter::open(state),
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
        Action::SortNext | Action::SortReverse => {
            super::navigation::change_sort(state, action == Action::SortReverse)
        }
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
        Action::ConsoleLink => return super::console::link(state),
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
            super::data::refresh_diffs(state);
        }
        Action::OpenRunbook => return super::runbooks::open(state),
        Action::CloseRunbook => state.runbook_panel = None,
        Action::RunbookDown => super::runbooks::scroll(state, 5),
        Action::RunbookUp => super::runbooks::scroll(state, -5),
        Action::RunbookStep(n) => {
            if let Some(step) = super::runbooks::step(state, usize::from(n)) {
                return on_action(state, step);
            }
        }
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
        // The dashboard's own keys (`dashboard.rs`): nothing to do elsewhere.
        Action::FocusNext | Action::FocusPrev | Action::ZoomPane => {}
        // Overlay keys (`overlay_keys`): nothing to do without an overlay.
        Action::Close | Action::Accept | Action::Complete => {}
    }
    Vec::new()
}

/// Runs a palette line.
pub(crate) fn run_palette(state: &mut State, line: &str) -> Vec<Command> {
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
        View::Services | View::Dashboard => push_view(state, view, None),
        View::Scaling => push_view(state, View::Scaling, None),
        View::Fleet | View::Promotion => push_view(state, view, None),
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
