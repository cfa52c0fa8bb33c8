//! User intents. A key resolves through the [`crate::keymap`] to an [`Action`];
//! [`crate::app::update`] turns actions into state changes and commands.

use serde::{Deserialize, Serialize};

/// Everything a user can ask for with a key.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub(crate) enum Action {
    /// Leave ecsdeck.
    Quit,
    /// Close the overlay, clear the filter, or go back one screen.
    Back,
    /// Move the selection up.
    Up,
    /// Move the selection down.
    Down,
    /// Move up a page.
    PageUp,
    /// Move down a page.
    PageDown,
    /// Go to the first row.
    Top,
    /// Dashboard: move the focus to the next pane.
    FocusNext,
    /// Dashboard: move the focus to the previous pane.
    FocusPrev,
    /// Dashboard: zoom the focused pane to the full screen, or back.
    ZoomPane,
    /// Go to the last row.
    Bottom,
    /// Open the selected row.
    Open,
    /// Show the key help.
    Help,
    /// Open the command palette.
    Palette,
    /// Filter the current table.
    Filter,
    /// Sort the current table by its next column.
    SortNext,
    /// Reverse the current table's sort.
    SortReverse,
    /// Pick a cluster.
    Clusters,
    /// Refresh now.
    Refresh,
    /// Show API call counts.
    ToggleDebug,
    /// Show the selected resource as JSON.
    Describe,
    /// Copy the selected resource's ARN to the clipboard (OSC 52).
    CopyArn,
    /// Show and copy the AWS console address of the selected resource.
    ConsoleLink,
    /// Events of the service in context.
    ShowEvents,
    /// Deployments of the service in context.
    ShowDeployments,
    /// Target groups of the service in context.
    ShowTargetGroups,
    /// Metrics of the service in context.
    ShowMetrics,
    /// Alarms of the service in context.
    ShowAlarms,
    /// Task definition revisions of the service in context.
    ShowRevisions,
    /// Revisions: mark the selected revision for a diff.
    MarkRevision,
    /// Revisions: diff the selected revision against the marked (or running) one.
    DiffRevisions,
    /// Diff: show or mask environment values.
    ToggleReveal,
    /// Force a new deployment of the service (dangerous).
    Redeploy,
    /// Change the desired count (dangerous).
    Scale,
    /// Stop the selected task as a chaos test (dangerous).
    StopTask,
    /// Open a shell in the selected task's container (ECS Exec; dangerous).
    Exec,
    /// Roll back to an earlier revision (dangerous): opens the revisions to pick from.
    Rollback,
    /// Revisions: roll back to the selected revision (dangerous).
    RollbackToSelected,
    /// Timeline: export it as Markdown.
    ExportTimeline,
    /// Open the runbook matching the service or alarm in context.
    OpenRunbook,
    /// Close the runbook panel.
    CloseRunbook,
    /// Scroll the runbook panel down.
    RunbookDown,
    /// Scroll the runbook panel up.
    RunbookUp,
    /// Run the runbook's n-th console action (1–9).
    RunbookStep(u8),
    /// Tail the logs of the service in context.
    ShowLogs,
    /// Tail the logs of the selected task.
    ShowTaskLogs,
    /// Logs: follow / pause.
    LogFollow,
    /// Logs: scroll up a line.
    LogUp,
    /// Logs: scroll down a line.
    LogDown,
    /// Logs: page up.
    LogPageUp,
    /// Logs: page down.
    LogPageDown,
    /// Logs: oldest line.
    LogTop,
    /// Logs: newest line and follow.
    LogBottom,
    /// Logs: search.
    LogSearch,
    /// Logs: next match.
    LogNextMatch,
    /// Logs: previous match.
    LogPrevMatch,
    /// Logs: server-side filter pattern.
    LogFilter,
    /// Logs: next error line.
    LogNextError,
    /// Logs: wrap long lines.
    LogWrap,
    /// Logs: show timestamps.
    LogTimestamps,
    /// An overlay: close it (cancel a dialog).
    Close,
    /// An overlay: take its choice (select, run, send, next step).
    Accept,
    /// The palette: complete the selected suggestion.
    Complete,
    /// Open presenter mode on the service in context, or leave it.
    Present,
    /// Move the selection left (presenter mode's task grid).
    Left,
    /// Move the selection right (presenter mode's task grid).
    Right,
}

impl Action {
    /// Every action, for config validation and help.
    pub(crate) const ALL: [Action; 74] = [
        Action::Quit,
        Action::Back,
        Action::Up,
        Action::Down,
        Action::PageUp,
        Action::PageDown,
        Action::Top,
        Action::Bottom,
        Action::Open,
        Action::Help,
        Action::Palette,
        Action::Filter,
        Action::SortNext,
        Action::SortReverse,
        Action::Clusters,
        Action::Refresh,
        Action::ToggleDebug,
        Action::Describe,
        Action::CopyArn,
        Action::ConsoleLink,
        Action::ShowEvents,
        Action::ShowDeployments,
        Action::ShowTargetGroups,
        Action::ShowMetrics,
        Action::ShowAlarms,
        Action::ShowRevisions,
        Action::MarkRevision,
        Action::DiffRevisions,
        Action::ToggleReveal,
        Action::Redeploy,
        Action::Scale,
        Action::StopTask,
        Action::Exec,
        Action::Rollback,
        Action::RollbackToSelected,
        Action::ExportTimeline,
        Action::OpenRunbook,
        Action::CloseRunbook,
        Action::RunbookDown,
        Action::RunbookUp,
        Action::RunbookStep(1),
        Action::RunbookStep(2),
        Action::RunbookStep(3),
        Action::RunbookStep(4),
        Action::RunbookStep(5),
        Action::RunbookStep(6),
        Action::RunbookStep(7),
        Action::RunbookStep(8),
        Action::RunbookStep(9),
        Action::ShowLogs,
        Action::ShowTaskLogs,
        Action::LogFollow,
        Action::LogUp,
        Action::LogDown,
        Action::LogPageUp,
        Action::LogPageDown,
        Action::LogTop,
        Action::LogBottom,
        Action::LogSearch,
        Action::LogNextMatch,
        Action::LogPrevMatch,
        Action::LogFilter,
        Action::LogNextError,
        Action::LogWrap,
        Action::LogTimestamps,
        Action::FocusNext,
        Action::FocusPrev,
        Action::ZoomPane,
        Action::Close,
        Action::Accept,
        Action::Complete,
        Action::Present,
        Action::Left,
        Action::Right,
    ];

    /// Whether the action changes AWS.
    pub(crate) fn is_dangerous(self) -> bool {
        matches!(
            self,
            Action::Redeploy
                | Action::Scale
                | Action::StopTask
                | Action::Exec
                | Action::Rollback
                | Action::RollbackToSelected
        )
    }

    /// The stable name used in config files (`quit`, `page_down`, ...).
    pub(crate) fn name(self) -> String {
        if let Action::RunbookStep(n) = self {
            return format!("runbook_step_{n}");
        }
        serde_json::to_value(self)
            .ok()
            .and_then(|v| v.as_str().map(str::to_string))
            .unwrap_or_default()
    }

    /// Parses a config name.
    pub(crate) fn from_name(name: &str) -> Option<Action> {
        Action::ALL.into_iter().find(|a| a.name() == name)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip() {
        for a in Action::ALL {
            assert_eq!(Action::from_name(&a.name()), Some(a), "{a:?}");
        }
        assert_eq!(Action::PageDown.name(), "page_down");
        assert_eq!(Action::from_name("nope"), None);
    }
}
