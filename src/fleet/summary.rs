//! What the fleet view shows of one cluster, and the order: worst first.

use std::cmp::Reverse;

use crate::model::{Alarm, AlarmState, RolloutState, Service, Time};
use crate::source::SourceError;

/// What the promotion view needs of one service.
#[derive(Debug, Clone, PartialEq)]
pub struct ServiceBrief {
    /// Service name.
    pub name: String,
    /// The task definition ARN it runs (its PRIMARY deployment's).
    pub task_definition: String,
    /// Since when it runs that revision (the PRIMARY deployment's creation).
    pub since: Option<Time>,
}

/// One cluster of one account and region.
#[derive(Debug, Clone, PartialEq)]
pub struct ClusterSummary {
    /// Cluster name.
    pub cluster: String,
    /// Services in the cluster.
    pub services: usize,
    /// Tasks short of the desired count, summed over the services.
    pub unhealthy: u32,
    /// Services with a deployment in progress.
    pub deploying: usize,
    /// Alarms in ALARM that watch one of its services.
    pub alarms: usize,
    /// Its services, for the promotion view.
    pub briefs: Vec<ServiceBrief>,
}

impl ClusterSummary {
    /// The summary of `cluster` from its services and the account's alarms.
    pub(crate) fn of(cluster: &str, services: &[Service], alarms: &[Alarm]) -> Self {
        let firing: Vec<&Alarm> = alarms
            .iter()
            .filter(|a| a.state == AlarmState::Alarm)
            .collect();
        let alarms = firing
            .iter()
            .filter(|a| services.iter().any(|s| a.matches_service(s, [])))
            .count();
        let deploying = services
            .iter()
            .filter(|s| {
                s.deployments.len() > 1
                    || s.deployments
                        .iter()
                        .any(|d| d.rollout_state == RolloutState::InProgress)
            })
            .count();
        let briefs = services
            .iter()
            .map(|s| {
                let primary = s.primary_deployment();
                ServiceBrief {
                    name: s.name.clone(),
                    task_definition: primary
                        .map_or_else(|| s.task_definition.clone(), |d| d.task_definition.clone()),
                    since: primary.and_then(|d| d.created_at),
                }
            })
            .collect();
        Self {
            cluster: cluster.to_string(),
            services: services.len(),
            unhealthy: services
                .iter()
                .map(|s| s.desired.saturating_sub(s.running))
                .sum(),
            deploying,
            alarms,
            briefs,
        }
    }
}

/// What one account and region answered in the last refresh.
#[derive(Debug, Clone, PartialEq)]
pub struct MemberReport {
    /// Account (profile) name.
    pub account: String,
    /// Region.
    pub region: String,
    /// The names ListClusters gave, `None` when it failed.
    pub listed: Option<Vec<String>>,
    /// The clusters read in full.
    pub clusters: Vec<ClusterSummary>,
    /// The first error of the refresh (a cluster, the alarms, the listing).
    pub error: Option<SourceError>,
    /// When it answered (source clock).
    pub at: Time,
}

/// One row of the fleet view: a cluster, or an account that could not be
/// read at all, with the error of its last refresh.
#[derive(Debug, Clone, PartialEq)]
pub struct FleetRow<'a> {
    /// Account (profile) name.
    pub account: &'a str,
    /// Region.
    pub region: &'a str,
    /// The cluster; `None` for an account with no data.
    pub cluster: Option<&'a ClusterSummary>,
    /// The last refresh's error of this account.
    pub error: Option<&'a SourceError>,
}

impl FleetRow<'_> {
    /// Sort key: accounts in error first (nothing is known of them), then
    /// alarms, unhealthy tasks and deployments, most first; then by name.
    fn badness(&self) -> (bool, usize, u32, usize) {
        let c = self.cluster;
        (
            self.error.is_some(),
            c.map_or(0, |c| c.alarms),
            c.map_or(0, |c| c.unhealthy),
            c.map_or(0, |c| c.deploying),
        )
    }
}

/// Orders rows worst first (see [`FleetRow::badness`]); ties by account,
/// region and cluster name.
pub(crate) fn worst_first(rows: &mut [FleetRow<'_>]) {
    rows.sort_by(|a, b| {
        Reverse(a.badness())
            .cmp(&Reverse(b.badness()))
            .then_with(|| a.account.cmp(b.account))
            .then_with(|| a.region.cmp(b.region))
            .then_with(|| {
                let name = |r: &FleetRow<'_>| r.cluster.map(|c| c.cluster.clone());
                name(a).cmp(&name(b))
            })
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::ErrorKind;

    fn cluster(name: &str, alarms: usize, unhealthy: u32, deploying: usize) -> ClusterSummary {
        ClusterSummary {
            cluster: name.into(),
            services: 3,
            unhealthy,
            deploying,
            alarms,
            briefs: Vec::new(),
        }
    }

    #[test]
    fn rows_are_ordered_worst_first_then_by_name() {
        let quiet_b = cluster("b", 0, 0, 0);
        let quiet_a = cluster("a", 0, 0, 0);
        let deploying = cluster("d", 0, 0, 2);
        let unhealthy = cluster("u", 0, 3, 0);
        let alarming = cluster("x", 1, 0, 0);
        let err = SourceError::new(ErrorKind::AccessDenied, "ecs:ListClusters", "denied");
        let row = |c| FleetRow {
            account: "acct",
            region: "eu-west-1",
            cluster: Some(c),
            error: None,
        };
        let mut rows = vec![
            row(&quiet_b),
            row(&deploying),
            row(&quiet_a),
            row(&alarming),
            row(&unhealthy),
            FleetRow {
                account: "other",
                region: "us-east-1",
                cluster: None,
                error: Some(&err),
            },
        ];
        worst_first(&mut rows);
        let names: Vec<&str> = rows
            .iter()
            .map(|r| r.cluster.map_or("(error)", |c| c.cluster.as_str()))
            .collect();
        assert_eq!(names, ["(error)", "x", "u", "d", "a", "b"]);
    }

    #[test]
    fn a_summary_counts_missing_tasks_deployments_and_firing_alarms() {
        let mut s = crate::fixtures::loaded_state();
        let services = s.services.data.take().unwrap_or_default();
        let alarms = s.alarms.data.take().unwrap_or_default();
        let sum = ClusterSummary::of("prod", &services, &alarms);
        assert_eq!(sum.services, services.len());
        let missing: u32 = services
            .iter()
            .map(|s| s.desired.saturating_sub(s.running))
            .sum();
        assert_eq!(sum.unhealthy, missing);
        let firing = alarms
            .iter()
            .filter(|a| a.state == AlarmState::Alarm)
            .count();
        assert!(sum.alarms <= firing);
        assert_eq!(sum.briefs.len(), services.len());
    }
}
