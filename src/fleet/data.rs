//! The fleet as last seen: each refresh merged over the one before, so an
//! account that fails keeps its last rows (with its error on them) and the
//! rest of the fleet stays.

use std::collections::BTreeMap;

use super::refresh::{FleetSnapshot, ImageVersion};
use super::summary::{ClusterSummary, FleetRow, worst_first};
use crate::model::Time;
use crate::source::SourceError;

/// One account and region as last seen.
#[derive(Debug, Clone, PartialEq)]
pub struct MemberView {
    /// Account (profile) name.
    pub account: String,
    /// Region.
    pub region: String,
    /// Its clusters, in ListClusters order (the last good summary of each).
    pub clusters: Vec<ClusterSummary>,
    /// The error of the last refresh, if it had one.
    pub error: Option<SourceError>,
    /// When its clusters were last listed.
    pub fetched_at: Option<Time>,
}

/// Where a service runs: account, region, cluster, service.
pub type EnvKey = (String, String, String, String);

/// The images of one service in one cluster as last seen.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct EnvImages {
    /// The last good answer.
    pub images: Option<Vec<ImageVersion>>,
    /// The last refresh's error.
    pub error: Option<SourceError>,
}

/// The whole fleet as last seen.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct FleetData {
    /// Members in fleet order (those that answered at least once).
    pub members: Vec<MemberView>,
    /// Images by where they run (the promotion view).
    pub images: BTreeMap<EnvKey, EnvImages>,
    /// Whether a refresh has arrived.
    pub loaded: bool,
}

impl FleetData {
    /// Merges a refresh: new summaries replace old ones; a cluster or an
    /// account that failed keeps its last summary and gets the error.
    pub fn apply(&mut self, snapshot: FleetSnapshot) {
        self.loaded = true;
        for report in snapshot.members {
            let at = self
                .members
                .iter()
                .position(|m| m.account == report.account && m.region == report.region);
            let i = at.unwrap_or_else(|| {
                self.members.push(MemberView {
                    account: report.account.clone(),
                    region: report.region.clone(),
                    clusters: Vec::new(),
                    error: None,
                    fetched_at: None,
                });
                self.members.len() - 1
            });
            let Some(m) = self.members.get_mut(i) else {
                continue;
            };
            m.error = report.error;
            let Some(names) = report.listed else {
                continue;
            };
            let mut fresh = report.clusters;
            let old = std::mem::take(&mut m.clusters);
            m.clusters = names
                .iter()
                .filter_map(|n| match fresh.iter().position(|c| &c.cluster == n) {
                    Some(p) => Some(fresh.swap_remove(p)),
                    None => old.iter().find(|c| &c.cluster == n).cloned(),
                })
                .collect();
            m.fetched_at = Some(report.at);
        }
        for v in snapshot.versions {
            let entry = self
                .images
                .entry((v.account, v.region, v.cluster, v.service))
                .or_default();
            match v.result {
                Ok(images) => {
                    entry.images = Some(images);
                    entry.error = None;
                }
                Err(e) => entry.error = Some(e),
            }
        }
    }

    /// The rows of the fleet view, worst first.
    pub fn rows(&self) -> Vec<FleetRow<'_>> {
        let mut rows = Vec::new();
        for m in &self.members {
            if m.clusters.is_empty() {
                rows.push(FleetRow {
                    account: &m.account,
                    region: &m.region,
                    cluster: None,
                    error: m.error.as_ref(),
                });
            }
            for c in &m.clusters {
                rows.push(FleetRow {
                    account: &m.account,
                    region: &m.region,
                    cluster: Some(c),
                    error: m.error.as_ref(),
                });
            }
        }
        worst_first(&mut rows);
        rows
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fleet::summary::MemberReport;
    use crate::source::ErrorKind;

    fn summary(name: &str, services: usize) -> ClusterSummary {
        ClusterSummary {
            cluster: name.into(),
            services,
            unhealthy: 0,
            deploying: 0,
            alarms: 0,
            briefs: Vec::new(),
        }
    }

    fn report(account: &str, clusters: Vec<ClusterSummary>) -> MemberReport {
        MemberReport {
            account: account.into(),
            region: "eu-west-1".into(),
            listed: Some(clusters.iter().map(|c| c.cluster.clone()).collect()),
            clusters,
            error: None,
            at: crate::model::Time::default(),
        }
    }

    #[test]
    fn an_account_in_error_keeps_its_rows_and_the_others_stay() {
        let mut data = FleetData::default();
        data.apply(FleetSnapshot {
            members: vec![
                report("a", vec![summary("a1", 3)]),
                report("b", vec![summary("b1", 5), summary("b2", 1)]),
            ],
            versions: Vec::new(),
        });
        let expired = SourceError::new(ErrorKind::Credentials, "ecs:ListClusters", "expired");
        let mut failed = report("b", Vec::new());
        failed.listed = None;
        failed.error = Some(expired.clone());
        data.apply(FleetSnapshot {
            members: vec![report("a", vec![summary("a1", 4)]), failed],
            versions: Vec::new(),
        });
        let rows = data.rows();
        assert_eq!(rows.len(), 3);
        // The account in error first, with its last rows and the error on each.
        assert!(
            rows[..2]
                .iter()
                .all(|r| r.account == "b" && r.error == Some(&expired))
        );
        assert_eq!(rows[2].account, "a");
        assert_eq!(rows[2].cluster.map(|c| c.services), Some(4), "refreshed");
        assert!(rows[2].error.is_none());
    }

    #[test]
    fn an_account_never_read_shows_one_row_with_its_error() {
        let mut data = FleetData::default();
        let mut failed = report("c", Vec::new());
        failed.listed = None;
        failed.error = Some(SourceError::new(
            ErrorKind::AccessDenied,
            "ecs:ListClusters",
            "AccessDeniedException",
        ));
        data.apply(FleetSnapshot {
            members: vec![failed, report("a", vec![summary("a1", 1)])],
            versions: Vec::new(),
        });
        let rows = data.rows();
        assert_eq!(rows.len(), 2);
        assert!(rows[0].cluster.is_none() && rows[0].error.is_some());
    }
}
