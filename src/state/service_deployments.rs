//! What the deployments view knows of a service's rollouts as ECS records
//! them: the service-deployment history of each service looked at, the
//! service revisions it names, and whether this source answers those APIs at
//! all (older partitions, emulators and narrow IAM policies do not: the view
//! then shows the service's `deployments` array and says why, once).

use std::collections::{BTreeMap, BTreeSet};

use crate::model::{ServiceDeployment, ServiceRevision};
use crate::source::{ErrorKind, SourceError};

use super::{Resource, State, TableNav};

/// Service deployments and revisions as far as state knows them.
#[derive(Debug, Clone, Default)]
pub(crate) struct DeploymentHistory {
    /// History by service name (current cluster), newest first.
    pub(crate) by_service: BTreeMap<String, Resource<Vec<ServiceDeployment>>>,
    /// Service revisions by ARN (immutable, fetched once).
    pub(crate) revisions: BTreeMap<String, ServiceRevision>,
    /// Revisions asked for that the source did not return (not asked again).
    pub(crate) absent: BTreeSet<String>,
    /// Why the history is not available from this source, for the session:
    /// it is not asked again.
    pub(crate) unavailable: Option<SourceError>,
    /// Why service revisions are not available from this source (the
    /// history still is): they are not asked again.
    pub(crate) revisions_unavailable: Option<SourceError>,
}

/// Whether an error means the source will never answer (so asking again is waste).
pub(crate) fn is_permanent(e: &SourceError) -> bool {
    matches!(e.kind, ErrorKind::Unsupported | ErrorKind::AccessDenied)
}

impl DeploymentHistory {
    /// Forgets the histories of the cluster left; the revisions (ARNs are
    /// global) and what the source does not answer stay.
    pub(crate) fn clear_cluster(&mut self) {
        self.by_service.clear();
    }
}

/// What the deployments view of a service shows.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum HistorySource<'a> {
    /// The service-deployment history (it has at least one entry).
    History(&'a [ServiceDeployment]),
    /// Not loaded yet: the deployments array meanwhile.
    Loading,
    /// The deployments array, with the reason.
    Fallback(Fallback<'a>),
}

/// Why the deployments view shows the deployments array.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Fallback<'a> {
    /// The source does not answer the service-deployment APIs.
    Unavailable(&'a SourceError),
    /// ECS has recorded no service deployment for the service.
    Empty,
}

impl Fallback<'_> {
    /// The one line the view says about it.
    pub(crate) fn line(&self) -> String {
        match self {
            // What it shows first: the reason last, where a narrow terminal cuts it.
            Fallback::Unavailable(e) => format!(
                "service deployments not available here, showing the deployments array ({}: {})",
                e.operation, e.message
            ),
            Fallback::Empty => {
                "no service deployments recorded: showing the deployments array".to_string()
            }
        }
    }
}

impl State {
    /// What the deployments view of `service` shows.
    pub(crate) fn history_source(&self, service: &str) -> HistorySource<'_> {
        let h = &self.service_deployments;
        if let Some(e) = &h.unavailable {
            return HistorySource::Fallback(Fallback::Unavailable(e));
        }
        match h.by_service.get(service).and_then(|r| r.data.as_deref()) {
            Some([]) => HistorySource::Fallback(Fallback::Empty),
            Some(all) => HistorySource::History(all),
            None => HistorySource::Loading,
        }
    }

    /// The history of `service` passing the filter (empty when the view shows the array).
    pub(crate) fn filtered_service_deployments(
        &self,
        service: &str,
        nav: &TableNav,
    ) -> Vec<&ServiceDeployment> {
        let HistorySource::History(all) = self.history_source(service) else {
            return Vec::new();
        };
        super::columns::service_deployments().rows(self, all.iter(), &nav.filter)
    }

    /// Rows of the deployments view of `service`: the history's, or the array's.
    pub(crate) fn deployments_row_count(&self, service: &str, nav: &TableNav) -> usize {
        match self.history_source(service) {
            HistorySource::History(_) => self.filtered_service_deployments(service, nav).len(),
            _ => self.filtered_deployments(service, nav).len(),
        }
    }

    /// How far the detail of the shown service deployment scrolls (`j`/`k`
    /// move one line): at least its line count, so a short terminal reaches
    /// the target revision below the timeline. The drawing clamps the scroll
    /// to what it lays out.
    pub(crate) fn detail_scroll_lines(&self) -> usize {
        let Some(d) = self.shown_service_deployment() else {
            return 0;
        };
        let revision = d
            .target_revision
            .as_ref()
            .and_then(|r| self.service_revision(&r.arn))
            .map_or(0, |r| 2 * r.images.len() + 4 * r.load_balancers.len());
        // Summary, stage timeline, hooks and the revision's fixed lines.
        14 + crate::model::LifecycleStage::ALL.len() + 2 * d.hooks.len().max(1) + 6 + revision
    }

    /// The service deployment the top screen shows in detail.
    pub(crate) fn shown_service_deployment(&self) -> Option<&ServiceDeployment> {
        let screen = self.screen();
        let arn = screen.deployment.as_deref()?;
        let service = screen.service.as_deref()?;
        self.service_deployments
            .by_service
            .get(service)?
            .data
            .as_ref()?
            .iter()
            .find(|d| d.arn == arn)
    }

    /// The service revision of `arn`, once it arrived.
    pub(crate) fn service_revision(&self, arn: &str) -> Option<&ServiceRevision> {
        self.service_deployments.revisions.get(arn)
    }

    /// The revisions the history of `service` names that are neither known
    /// nor known to be absent, sorted.
    pub(crate) fn missing_service_revisions(&self, service: &str) -> Vec<String> {
        let h = &self.service_deployments;
        if h.revisions_unavailable.is_some() {
            return Vec::new();
        }
        let Some(all) = h.by_service.get(service).and_then(|r| r.data.as_ref()) else {
            return Vec::new();
        };
        let named: BTreeSet<&str> = all
            .iter()
            .flat_map(|d| d.target_revision.iter().chain(&d.source_revisions))
            .map(|r| r.arn.as_str())
            .filter(|a| !a.is_empty() && !h.revisions.contains_key(*a) && !h.absent.contains(*a))
            .collect();
        named.into_iter().map(str::to_string).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::RevisionRef;

    fn dep(arn: &str, target: &str, source: &str) -> ServiceDeployment {
        let rev = |a: &str| RevisionRef {
            arn: a.into(),
            requested: 1,
            running: 1,
            pending: 0,
            test_traffic_weight: None,
            production_traffic_weight: None,
        };
        ServiceDeployment {
            arn: arn.into(),
            source_revisions: vec![rev(source)],
            target_revision: Some(rev(target)),
            ..ServiceDeployment::default()
        }
    }

    #[test]
    fn missing_revisions_skip_known_absent_and_repeats() {
        let mut s = crate::fixtures::loaded_state();
        let h = &mut s.service_deployments;
        let mut r = Resource::default();
        r.apply(
            Ok(vec![dep("d2", "r3", "r2"), dep("d1", "r2", "r1")]),
            s.now,
        );
        h.by_service.insert("api".into(), r);
        assert_eq!(s.missing_service_revisions("api"), ["r1", "r2", "r3"]);
        s.service_deployments.absent.insert("r1".into());
        assert_eq!(s.missing_service_revisions("api"), ["r2", "r3"]);
        s.service_deployments.revisions_unavailable = Some(SourceError::new(
            ErrorKind::AccessDenied,
            "ecs:DescribeServiceRevisions",
            "denied",
        ));
        assert!(s.missing_service_revisions("api").is_empty());
    }

    #[test]
    fn the_view_falls_back_when_unavailable_or_empty() {
        let mut s = crate::fixtures::loaded_state();
        assert_eq!(s.history_source("api"), HistorySource::Loading);
        let mut r = Resource::default();
        r.apply(Ok(Vec::new()), s.now);
        s.service_deployments.by_service.insert("api".into(), r);
        assert_eq!(
            s.history_source("api"),
            HistorySource::Fallback(Fallback::Empty)
        );
        let e = SourceError::new(ErrorKind::Unsupported, "ecs:ListServiceDeployments", "no");
        s.service_deployments.unavailable = Some(e.clone());
        let HistorySource::Fallback(f) = s.history_source("api") else {
            panic!("expected a fallback");
        };
        assert_eq!(
            f.line(),
            "service deployments not available here, showing the deployments array \
             (ecs:ListServiceDeployments: no)"
        );
    }
}
