//! Switching the AWS profile or region: what the pickers offer, the request
//! the event loop carries out, and the fresh state for the new source.

use crate::model::Time;
use crate::source::SourceInfo;

use super::State;

/// The names the profile and region pickers offer, and the current ones.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SwitchChoices {
    /// Whether the source can switch at all (AWS yes, the demo no).
    pub enabled: bool,
    /// Profiles from the shared config and credentials files.
    pub profiles: Vec<String>,
    /// Regions of the current region's partition.
    pub regions: Vec<String>,
    /// The profile in use (`None`: the default chain).
    pub profile: Option<String>,
    /// The region in use.
    pub region: String,
}

/// A switch the loop carries out: a new source for this profile and region.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct SourceSwitch {
    /// Profile (`None`: the default chain).
    pub(crate) profile: Option<String>,
    /// Region.
    pub(crate) region: String,
}

impl State {
    /// A state for a new source: nothing of the old account is kept (every
    /// resource back to loading, the navigation back to the services list,
    /// no cluster chosen); the user's settings, keys, theme, runbooks and
    /// the pickers' lists stay.
    pub(crate) fn for_new_source(
        &self,
        info: SourceInfo,
        now: Time,
        choices: SwitchChoices,
    ) -> State {
        let mut fresh = State::new(info, None, now, self.keymap.clone(), self.theme);
        fresh.read_only = self.read_only;
        fresh.size = self.size;
        fresh.settings = self.settings.clone();
        fresh.runbooks = self.runbooks.clone();
        fresh.log_capacity = self.log_capacity;
        fresh.dashboard = crate::state::dashboard::Dashboard::new(self.dashboard.panes().to_vec());
        fresh.switch_choices = choices;
        fresh.fleet = self.fleet.clone();
        fresh
    }
}
