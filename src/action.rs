//! User intents. A key resolves through the [`crate::keymap`] to an [`Action`];
//! [`crate::app::update`] turns actions into state changes and commands.

use serde::{Deserialize, Serialize};

/// Everything a user can ask for with a key.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Action {
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
    /// Pick a cluster.
    Clusters,
    /// Refresh now.
    Refresh,
    /// Show API call counts.
    ToggleDebug,
}

impl Action {
    /// Every action, for config validation and help.
    pub const ALL: [Action; 15] = [
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
        Action::Clusters,
        Action::Refresh,
        Action::ToggleDebug,
    ];

    /// The stable name used in config files (`quit`, `page_down`, ...).
    pub fn name(self) -> String {
        serde_json::to_value(self)
            .ok()
            .and_then(|v| v.as_str().map(str::to_string))
            .unwrap_or_default()
    }

    /// Parses a config name.
    pub fn from_name(name: &str) -> Option<Action> {
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
