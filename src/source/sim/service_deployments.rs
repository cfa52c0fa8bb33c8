//! The simulator's answers to ListServiceDeployments,
//! DescribeServiceDeployments, DescribeServiceRevisions and
//! StopServiceDeployment, from the runs of [`super::strategy`].

use super::{SimSource, cluster_not_found, ids};
use crate::model::{
    RevisionImage, RevisionLoadBalancer, ServiceDeployment, ServiceRevision, StopType,
};
use crate::source::{ErrorKind, SourceError, SourceResult};

/// The APIs' batch limit.
const DESCRIBE_MAX: usize = 20;

impl SimSource {
    pub(super) async fn sim_service_deployments(
        &self,
        cluster: &str,
        service: &str,
    ) -> SourceResult<Vec<ServiceDeployment>> {
        let out = self.history(cluster, service).await?;
        self.record_batches("ecs:DescribeServiceDeployments", out.len(), DESCRIBE_MAX, 0);
        Ok(out)
    }

    /// ListServiceDeployments alone: the ARNs, newest first.
    pub(super) async fn sim_service_deployment_arns(
        &self,
        cluster: &str,
        service: &str,
    ) -> SourceResult<Vec<String>> {
        let out = self.history(cluster, service).await?;
        Ok(out.into_iter().map(|d| d.arn).collect())
    }

    /// One service's runs, newest first, with the ListServiceDeployments pages counted.
    async fn history(&self, cluster: &str, service: &str) -> SourceResult<Vec<ServiceDeployment>> {
        const OP: &str = "ecs:ListServiceDeployments";
        self.gate(OP).await?;
        let w = self.world();
        if !self.owns(&w, cluster) {
            return Err(cluster_not_found(OP, cluster));
        }
        let i = w.service(cluster, service).ok_or_else(|| {
            SourceError::new(
                ErrorKind::NotFound,
                OP,
                format!("service {service} not found in cluster {cluster}"),
            )
        })?;
        let mut out: Vec<ServiceDeployment> = w
            .strategies
            .runs
            .iter()
            .filter(|r| r.service == i)
            .map(|r| r.dep.clone())
            .collect();
        out.reverse();
        self.record_batches(OP, out.len(), 100, 1);
        Ok(out)
    }

    pub(super) async fn sim_describe_service_deployments(
        &self,
        arns: &[String],
    ) -> SourceResult<Vec<ServiceDeployment>> {
        const OP: &str = "ecs:DescribeServiceDeployments";
        self.gate(OP).await?;
        let w = self.world();
        self.record_batches(OP, arns.len(), DESCRIBE_MAX, 1);
        Ok(arns
            .iter()
            .filter_map(|a| w.strategies.runs.iter().find(|r| &r.dep.arn == a))
            .map(|r| r.dep.clone())
            .collect())
    }

    pub(super) async fn sim_service_revisions(
        &self,
        arns: &[String],
    ) -> SourceResult<Vec<ServiceRevision>> {
        const OP: &str = "ecs:DescribeServiceRevisions";
        self.gate(OP).await?;
        let w = self.world();
        self.record_batches(OP, arns.len(), DESCRIBE_MAX, 1);
        let mut out = Vec::new();
        for arn in arns {
            let found = w.strategies.runs.iter().find_map(|r| {
                let target = r.dep.target_revision.as_ref().filter(|t| &t.arn == arn);
                let source = r.dep.source_revisions.iter().find(|s| &s.arn == arn);
                match (target, source) {
                    (Some(_), _) => Some((r, r.target_td.clone())),
                    (None, Some(_)) => Some((r, r.source_td.clone())),
                    _ => None,
                }
            });
            let Some((run, td)) = found else { continue };
            let svc = w.services.get(run.service);
            let tg = svc.and_then(|s| s.tg).and_then(|g| w.target_groups.get(g));
            let images = w
                .task_defs
                .get(&td)
                .map(|d| {
                    d.containers
                        .iter()
                        .map(|c| RevisionImage {
                            container_name: c.name.clone(),
                            image: c.image.clone(),
                            digest: Some(format!(
                                "sha256:{:016x}{:016x}",
                                ids::hash_str(&c.image),
                                ids::mix(ids::hash_str(&td))
                            )),
                        })
                        .collect()
                })
                .unwrap_or_default();
            let name = svc.map(|s| s.svc.name.clone()).unwrap_or_default();
            let load_balancers = tg
                .map(|g| {
                    let rule = |kind: &str| {
                        format!(
                            "arn:aws:elasticloadbalancing:{}:{}:listener-rule/app/{name}/1/{kind}",
                            ids::REGION,
                            ids::ACCOUNT
                        )
                    };
                    vec![RevisionLoadBalancer {
                        target_group_arn: g.arn.clone(),
                        container_name: "app".into(),
                        container_port: Some(8080),
                        alternate_target_group_arn: Some(format!("{}-green", g.arn)),
                        production_listener_rule: Some(rule("prod")),
                        test_listener_rule: Some(rule("test")),
                    }]
                })
                .unwrap_or_default();
            out.push(ServiceRevision {
                arn: arn.clone(),
                service_arn: run.dep.service_arn.clone(),
                task_definition: td,
                images,
                load_balancers,
                created_at: run.dep.created_at,
            });
        }
        Ok(out)
    }

    pub(super) async fn sim_stop_service_deployment(
        &self,
        arn: &str,
        stop: StopType,
    ) -> SourceResult<String> {
        const OP: &str = "ecs:StopServiceDeployment";
        self.gate_write(OP).await?;
        self.calls.record(OP);
        let mut w = self.world();
        let now = w.now;
        let Some(run) = w.strategies.runs.iter_mut().find(|r| r.dep.arn == arn) else {
            return Err(SourceError::new(
                ErrorKind::NotFound,
                OP,
                format!("ServiceDeploymentNotFoundException: {arn}"),
            ));
        };
        super::strategy::request_stop(run, stop, now)
            .map_err(|m| SourceError::new(ErrorKind::InvalidInput, OP, m))?;
        self.applied.record(OP);
        Ok(arn.to_string())
    }
}
