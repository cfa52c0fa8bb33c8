//! `:profile NAME` and `:region NAME`: checked against the pickers' lists,
//! then handed to the loop, which builds the new source (see `runtime::run`).

use std::sync::Arc;

use crate::app::RunOptions;
use crate::app::{Command, set_status};
use crate::source::aws::{AwsOptions, AwsSource, profiles};
use crate::source::{Backend, ReadOnly, SourceError};
use crate::state::source_switch::{SourceSwitch, SwitchChoices};
use crate::state::{Level, State};

fn refuse_demo(state: &mut State) -> bool {
    if state.switch_choices.enabled {
        return false;
    }
    set_status(
        state,
        Level::Error,
        "the demo has no AWS profiles or regions to switch to".into(),
    );
    true
}

/// Switches to profile `name` (same region).
pub(crate) fn profile(state: &mut State, name: String) -> Vec<Command> {
    if refuse_demo(state) {
        return Vec::new();
    }
    let c = &state.switch_choices;
    if !c.profiles.is_empty() && !c.profiles.contains(&name) {
        let known = c.profiles.join(", ");
        set_status(
            state,
            Level::Error,
            format!(
                "no profile {name:?} in the shared config or credentials files (known: {known})"
            ),
        );
        return Vec::new();
    }
    state.switch_to = Some(SourceSwitch {
        profile: Some(name),
        region: c.region.clone(),
    });
    Vec::new()
}

/// Switches to region `name` (same profile).
pub(crate) fn region(state: &mut State, name: String) -> Vec<Command> {
    if refuse_demo(state) {
        return Vec::new();
    }
    let c = &state.switch_choices;
    if !c.regions.contains(&name) {
        set_status(
            state,
            Level::Error,
            format!("{name:?} is not a region of this partition (try :region and pick one)"),
        );
        return Vec::new();
    }
    state.switch_to = Some(SourceSwitch {
        profile: c.profile.clone(),
        region: name,
    });
    Vec::new()
}

/// Builds the source of a switch (no API call: a bad profile or region is
/// refused here, credential problems surface on the first fetch).
pub(crate) async fn connect(
    options: &RunOptions,
    switch: &SourceSwitch,
) -> Result<Arc<dyn Backend>, SourceError> {
    let endpoint_url = options.aws.as_ref().and_then(|a| a.endpoint_url.clone());
    let aws = Arc::new(
        AwsSource::connect(AwsOptions {
            profile: switch.profile.clone(),
            region: Some(switch.region.clone()),
            endpoint_url,
        })
        .await?,
    );
    Ok(if options.read_only {
        Arc::new(ReadOnly(aws))
    } else {
        aws
    })
}

/// The state and options after a switch to `source`: a fresh state, and
/// the audit log's profile, region and source label for the next writes.
pub(crate) fn switched(
    state: &State,
    options: &mut RunOptions,
    switch: &SourceSwitch,
    source: &Arc<dyn Backend>,
) -> State {
    if let Some(aws) = options.aws.as_mut() {
        aws.profile = switch.profile.clone();
        aws.region = Some(switch.region.clone());
    }
    let info = source.info();
    options.audit.profile = switch.profile.clone();
    options.audit.region = Some(switch.region.clone());
    options.audit.source = info.label.clone();
    let choices = SwitchChoices {
        enabled: true,
        profiles: state.switch_choices.profiles.clone(),
        regions: region_names(&switch.region),
        profile: switch.profile.clone(),
        region: switch.region.clone(),
    };
    state.for_new_source(info, source.now(), choices)
}

/// The regions of `region`'s partition, as the picker lists them.
pub(crate) fn region_names(region: &str) -> Vec<String> {
    profiles::partition_regions(region)
        .iter()
        .map(|r| r.to_string())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::run_palette;
    use crate::state::source_switch::SwitchChoices;

    fn aws_state() -> State {
        let mut s = crate::fixtures::loaded_state();
        s.switch_choices = SwitchChoices {
            enabled: true,
            profiles: vec!["default".into(), "prod".into()],
            regions: region_names("eu-west-1"),
            profile: Some("default".into()),
            region: "eu-west-1".into(),
        };
        s
    }

    #[test]
    fn a_known_profile_or_region_is_handed_to_the_loop() {
        let mut s = aws_state();
        run_palette(&mut s, "profile prod");
        assert_eq!(
            s.switch_to,
            Some(SourceSwitch {
                profile: Some("prod".into()),
                region: "eu-west-1".into()
            })
        );
        let mut s = aws_state();
        run_palette(&mut s, "region us-east-2");
        assert_eq!(
            s.switch_to,
            Some(SourceSwitch {
                profile: Some("default".into()),
                region: "us-east-2".into()
            })
        );
    }

    #[test]
    fn unknown_names_and_the_demo_are_refused_with_a_reason() {
        let mut s = aws_state();
        run_palette(&mut s, "profile nope");
        assert!(s.switch_to.is_none());
        assert!(
            s.status
                .as_ref()
                .unwrap()
                .text
                .contains("known: default, prod")
        );
        run_palette(&mut s, "region cn-north-1");
        assert!(s.switch_to.is_none());
        assert!(
            s.status
                .as_ref()
                .unwrap()
                .text
                .contains("not a region of this partition")
        );
        let mut demo = crate::fixtures::loaded_state();
        run_palette(&mut demo, "region us-east-1");
        assert!(demo.switch_to.is_none());
        assert!(demo.status.as_ref().unwrap().text.contains("demo"));
    }

    #[test]
    fn the_pickers_list_the_names() {
        let s = aws_state();
        let c = &s.switch_choices;
        let got = crate::palette::complete_in("profile", &[], &c.profiles, &c.regions);
        assert_eq!(got, ["profile default", "profile prod"]);
        let got = crate::palette::complete_in("region eu-w", &[], &c.profiles, &c.regions);
        assert_eq!(
            got,
            ["region eu-west-1", "region eu-west-2", "region eu-west-3"]
        );
    }

    #[test]
    fn a_new_source_starts_from_nothing_of_the_old_account() {
        let s = aws_state();
        assert!(s.services.data.is_some());
        let info = crate::source::SourceInfo {
            kind: "aws",
            label: "prod / eu-west-1".into(),
        };
        let fresh = s.for_new_source(info.clone(), s.now, s.switch_choices.clone());
        assert!(fresh.services.data.is_none() && fresh.clusters.data.is_none());
        assert!(fresh.cluster.is_none());
        assert_eq!(fresh.source, info);
        assert_eq!(fresh.settings, s.settings);
    }

    #[test]
    fn after_a_switch_writes_are_audited_with_the_new_profile_and_region() {
        let s = aws_state();
        let mut options = RunOptions {
            refresh: std::time::Duration::from_secs(5),
            tick: std::time::Duration::from_secs(1),
            audit: crate::audit::AuditContext {
                path: None,
                source: "default / eu-west-1".into(),
                profile: Some("default".into()),
                region: Some("eu-west-1".into()),
                allow_unaudited: false,
            },
            budget: Default::default(),
            aws: Some(AwsOptions {
                profile: Some("default".into()),
                region: Some("eu-west-1".into()),
                endpoint_url: Some("http://127.0.0.1:1".into()),
            }),
            read_only: false,
            fleet: None,
        };
        let source: Arc<dyn Backend> =
            Arc::new(crate::source::sim::SimSource::new(Default::default()));
        let switch = SourceSwitch {
            profile: Some("prod".into()),
            region: "us-east-2".into(),
        };
        let fresh = switched(&s, &mut options, &switch, &source);
        assert_eq!(options.audit.profile.as_deref(), Some("prod"));
        assert_eq!(options.audit.region.as_deref(), Some("us-east-2"));
        assert_eq!(options.audit.source, source.info().label);
        let aws = options.aws.unwrap();
        assert_eq!(aws.region.as_deref(), Some("us-east-2"));
        assert_eq!(
            aws.endpoint_url.as_deref(),
            Some("http://127.0.0.1:1"),
            "kept"
        );
        assert_eq!(fresh.switch_choices.region, "us-east-2");
        assert_eq!(fresh.switch_choices.profiles, s.switch_choices.profiles);
    }
}
