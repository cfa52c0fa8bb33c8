//! `:fleet` and `:promotion` in the app: enter on a row drills into its
//! cluster (the loop switches the source to its account and region, see
//! `runtime::run`), and the poller that refreshes the fleet while one of
//! the two views is open.

use std::sync::Arc;
use std::time::{Duration, Instant};

use tokio::sync::mpsc;
use tokio_util::sync::CancellationToken;

use crate::app::set_status;
use crate::event::Event;
use crate::fleet::Fleet;
use crate::state::{FleetTarget, Level, State, View};

/// The cluster of the selected row of the fleet or promotion view.
fn selected_target(state: &State) -> Option<FleetTarget> {
    let nav = &state.screen().nav;
    let target = |account: &str, region: &str, cluster: &str| FleetTarget {
        account: account.to_string(),
        region: region.to_string(),
        cluster: cluster.to_string(),
    };
    match state.screen().view {
        View::Fleet => {
            let rows = state.fleet.rows();
            let row = rows.get(nav.selected)?;
            let c = row.cluster?;
            Some(target(row.account, row.region, &c.cluster))
        }
        View::Promotion => {
            let rows = crate::fleet::promotion::rows(&state.fleet);
            let env = rows.iter().flat_map(|r| &r.envs).nth(nav.selected)?;
            Some(target(env.account, env.region, env.cluster))
        }
        _ => None,
    }
}

/// Enter on the fleet or promotion view: open the selected cluster.
pub(crate) fn open(state: &mut State) {
    match selected_target(state) {
        Some(t) => state.fleet_drill = Some(t),
        None => set_status(
            state,
            Level::Info,
            "nothing to open: this account has no cluster to show".into(),
        ),
    }
}

/// Whether the current view shows the fleet, and whether it needs images.
fn wanted(state: &State) -> Option<bool> {
    match state.screen().view {
        View::Fleet => Some(false),
        View::Promotion => Some(true),
        _ => None,
    }
}

/// Refreshes the fleet while its views are open: one refresh at a time, the
/// interval counted from the end of the last one.
pub(crate) struct FleetPoller {
    fleet: Option<Arc<Fleet>>,
    interval: Duration,
    in_flight: bool,
    last_end: Option<Instant>,
    /// Whether the last refresh fetched images (a switch to the promotion view
    /// starts one at once).
    last_with_images: bool,
}

impl FleetPoller {
    /// A poller for `fleet` (none: the views say so).
    pub(crate) fn new(fleet: Option<Arc<Fleet>>, interval: Duration) -> Self {
        Self {
            fleet,
            interval,
            in_flight: false,
            last_end: None,
            last_with_images: false,
        }
    }

    /// Starts a refresh if the view wants one and it is due.
    pub(crate) fn poll(
        &mut self,
        state: &State,
        force: bool,
        tx: &mpsc::Sender<Event>,
        cancel: &CancellationToken,
    ) {
        let (Some(images), Some(fleet)) = (wanted(state), self.fleet.as_ref()) else {
            return;
        };
        let due = self.last_end.is_none_or(|t| t.elapsed() >= self.interval)
            || (images && !self.last_with_images);
        if self.in_flight || !(due || force) {
            return;
        }
        self.in_flight = true;
        self.last_with_images = images;
        let fleet = Arc::clone(fleet);
        let tx = tx.clone();
        let token = cancel.child_token();
        tokio::spawn(async move {
            tokio::select! {
                () = token.cancelled() => {}
                snapshot = crate::fleet::refresh::refresh(&fleet, images) => {
                    let _ = tx.send(Event::Fleet(Box::new(snapshot))).await;
                }
            }
        });
    }

    /// A refresh arrived.
    pub(crate) fn finished(&mut self) {
        self.in_flight = false;
        self.last_end = Some(Instant::now());
    }

    /// The refresh in flight was cancelled.
    pub(crate) fn reset(&mut self) {
        self.in_flight = false;
    }
}

/// The state and source after a drill-down into `target`: its member's
/// source (and budget, see `runtime::drive`), a fresh state on its cluster,
/// and the audit log's profile, region and label for the next writes.
pub(crate) fn drill(
    state: &State,
    options: &mut crate::app::RunOptions,
    target: &FleetTarget,
) -> Result<(State, Arc<dyn crate::source::Backend>), String> {
    let member = options
        .fleet
        .as_ref()
        .and_then(|f| f.find(&target.account, &target.region))
        .ok_or_else(|| format!("{}/{} is not in the fleet", target.account, target.region))?;
    let source = Arc::clone(&member.source);
    let info = source.info();
    let choices = if info.kind == "demo" {
        state.switch_choices.clone()
    } else {
        if let Some(aws) = options.aws.as_mut() {
            aws.profile = Some(target.account.clone());
            aws.region = Some(target.region.clone());
        }
        options.audit.profile = Some(target.account.clone());
        options.audit.region = Some(target.region.clone());
        crate::state::source_switch::SwitchChoices {
            enabled: true,
            profiles: state.switch_choices.profiles.clone(),
            regions: super::source_switch::region_names(&target.region),
            profile: Some(target.account.clone()),
            region: target.region.clone(),
        }
    };
    options.audit.source = info.label.clone();
    let mut fresh = state.for_new_source(info, source.now(), choices);
    fresh.cluster = Some(target.cluster.clone());
    Ok((fresh, source))
}
