//! "Is what passed in staging what runs in prod?": each service found in
//! several clusters of the fleet, with the revision and images each runs,
//! and whether they drift.

use std::collections::BTreeMap;

use super::data::{EnvImages, FleetData};
use super::refresh::ImageVersion;
use super::summary::ServiceBrief;
use crate::model::{task_def_revision, task_def_short};

/// One place a service runs.
#[derive(Debug, Clone, PartialEq)]
pub struct Env<'a> {
    /// Account (profile) name.
    pub account: &'a str,
    /// Region.
    pub region: &'a str,
    /// Cluster.
    pub cluster: &'a str,
    /// The service there.
    pub brief: &'a ServiceBrief,
    /// Its images, when fetched.
    pub images: Option<&'a EnvImages>,
}

impl Env<'_> {
    /// `family:revision` it runs.
    pub fn revision(&self) -> &str {
        task_def_short(&self.brief.task_definition)
    }

    /// Its images as last fetched.
    pub fn image_list(&self) -> &[ImageVersion] {
        self.images
            .and_then(|i| i.images.as_deref())
            .unwrap_or_default()
    }
}

/// What differs between the places a service runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Drift {
    /// The task definitions differ (family or revision).
    pub revision: bool,
    /// The images differ (tag or digest), among the places whose images are known.
    pub image: bool,
}

impl Drift {
    /// Whether anything differs.
    pub fn any(self) -> bool {
        self.revision || self.image
    }
}

/// One service across the places it runs.
#[derive(Debug, Clone, PartialEq)]
pub struct PromotionRow<'a> {
    /// Service name.
    pub service: &'a str,
    /// Where it runs, in fleet order.
    pub envs: Vec<Env<'a>>,
    /// What differs.
    pub drift: Drift,
}

/// What differs between `envs`.
pub(crate) fn drift(envs: &[Env<'_>]) -> Drift {
    let revisions: Vec<(&str, Option<u32>)> = envs
        .iter()
        .map(|e| {
            let short = e.revision();
            (
                crate::model::task_def_family(short),
                task_def_revision(&e.brief.task_definition),
            )
        })
        .collect();
    let revision = revisions.windows(2).any(|w| w[0] != w[1]);
    // A place with no running task on its revision yet (a rollout that just
    // started) tells nothing about its images.
    let known: Vec<&[ImageVersion]> = envs
        .iter()
        .map(Env::image_list)
        .filter(|list| !list.is_empty())
        .collect();
    let image = known.windows(2).any(|w| w[0] != w[1]);
    Drift { revision, image }
}

/// Every service found in more than one cluster: drifted first, then by name.
pub fn rows(data: &FleetData) -> Vec<PromotionRow<'_>> {
    let mut by_name: BTreeMap<&str, Vec<Env<'_>>> = BTreeMap::new();
    for m in &data.members {
        for c in &m.clusters {
            for b in &c.briefs {
                let key = (
                    m.account.clone(),
                    m.region.clone(),
                    c.cluster.clone(),
                    b.name.clone(),
                );
                by_name.entry(b.name.as_str()).or_default().push(Env {
                    account: &m.account,
                    region: &m.region,
                    cluster: &c.cluster,
                    brief: b,
                    images: data.images.get(&key),
                });
            }
        }
    }
    let mut out: Vec<PromotionRow<'_>> = by_name
        .into_iter()
        .filter(|(_, envs)| envs.len() > 1)
        .map(|(service, envs)| PromotionRow {
            service,
            drift: drift(&envs),
            envs,
        })
        .collect();
    out.sort_by_key(|r| (!r.drift.any(), r.service));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn brief(td: &str) -> ServiceBrief {
        ServiceBrief {
            name: "web-api".into(),
            task_definition: format!("arn:aws:ecs:eu-west-1:1:task-definition/{td}"),
            since: None,
        }
    }

    fn images(digest: &str) -> EnvImages {
        EnvImages {
            images: Some(vec![ImageVersion {
                container: "app".into(),
                image: "repo/web-api:1.4.0".into(),
                digest: Some(format!("sha256:{digest}")),
            }]),
            error: None,
        }
    }

    fn env<'a>(b: &'a ServiceBrief, i: Option<&'a EnvImages>) -> Env<'a> {
        Env {
            account: "a",
            region: "r",
            cluster: "c",
            brief: b,
            images: i,
        }
    }

    #[test]
    fn drift_by_revision_by_digest_and_none() {
        let (r13, r14) = (brief("web-api:13"), brief("web-api:14"));
        let (d1, d2) = (images("aaa"), images("bbb"));
        let same = drift(&[env(&r14, Some(&d1)), env(&r14, Some(&d1))]);
        assert!(!same.any());
        let by_revision = drift(&[env(&r14, Some(&d1)), env(&r13, Some(&d1))]);
        assert_eq!(
            by_revision,
            Drift {
                revision: true,
                image: false
            }
        );
        // Same revision, the tag re-pushed: only the digest tells.
        let by_digest = drift(&[env(&r14, Some(&d1)), env(&r14, Some(&d2))]);
        assert_eq!(
            by_digest,
            Drift {
                revision: false,
                image: true
            }
        );
        // Images not fetched yet, or no task running yet, are not a difference.
        assert!(!drift(&[env(&r14, Some(&d1)), env(&r14, None)]).any());
        let none_running = EnvImages {
            images: Some(Vec::new()),
            error: None,
        };
        assert!(!drift(&[env(&r14, Some(&d1)), env(&r14, Some(&none_running))]).any());
    }

    #[test]
    fn only_services_in_several_clusters_drifted_first() {
        use crate::fleet::data::MemberView;
        use crate::fleet::summary::ClusterSummary;
        let cluster = |name: &str, briefs: Vec<ServiceBrief>| ClusterSummary {
            cluster: name.into(),
            services: briefs.len(),
            unhealthy: 0,
            deploying: 0,
            alarms: 0,
            briefs,
        };
        let named = |n: &str, td: &str| ServiceBrief {
            name: n.into(),
            ..brief(td)
        };
        let member = |account: &str, c: ClusterSummary| MemberView {
            account: account.into(),
            region: "eu-west-1".into(),
            clusters: vec![c],
            error: None,
            fetched_at: None,
        };
        let data = FleetData {
            members: vec![
                member(
                    "staging",
                    cluster(
                        "staging",
                        vec![
                            named("api", "api:2"),
                            named("worker", "worker:5"),
                            named("only-here", "only-here:1"),
                        ],
                    ),
                ),
                member(
                    "prod",
                    cluster(
                        "prod",
                        vec![named("api", "api:2"), named("worker", "worker:4")],
                    ),
                ),
            ],
            images: BTreeMap::new(),
            loaded: true,
        };
        let rows = rows(&data);
        let names: Vec<(&str, bool)> = rows.iter().map(|r| (r.service, r.drift.any())).collect();
        assert_eq!(names, [("worker", true), ("api", false)]);
        assert_eq!(rows[0].envs[0].account, "staging");
        assert_eq!(rows[0].envs[1].revision(), "worker:4");
    }
}
