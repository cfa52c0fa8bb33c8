//! ELBv2: target groups and the health of their targets.

use crate::model::TargetGroup;
use crate::source::SourceResult;

use super::errors::Subject;
use super::fanout::{batches, fan_out};
use super::{AwsSource, api_names, map};

/// DescribeTargetGroups takes up to 400 ARNs per call (page size 400).
const DESCRIBE_TARGET_GROUPS_MAX: usize = 400;

impl AwsSource {
    /// Cost: ceil(N/400) DescribeTargetGroups + N DescribeTargetHealth
    /// (capped fan-out). Load balancer names come from the ARNs, with no call.
    pub(super) async fn describe_target_groups(
        &self,
        arns: &[String],
    ) -> SourceResult<Vec<TargetGroup>> {
        if arns.is_empty() {
            return Ok(Vec::new());
        }
        let mut uniq: Vec<String> = arns.to_vec();
        uniq.sort();
        uniq.dedup();
        let pages = fan_out(
            batches(&uniq, DESCRIBE_TARGET_GROUPS_MAX),
            self.fanout,
            |b| async move {
                self.record(api_names::DESCRIBE_TARGET_GROUPS);
                let out = self
                    .elb
                    .describe_target_groups()
                    .set_target_group_arns(Some(b))
                    .page_size(DESCRIBE_TARGET_GROUPS_MAX as i32)
                    .send()
                    .await
                    .map_err(|e| self.err(api_names::DESCRIBE_TARGET_GROUPS, &e, Subject::None))?;
                Ok(out.target_groups().to_vec())
            },
        )
        .await?;
        let groups: Vec<_> = pages.into_iter().flatten().collect();
        if let Ok(mut c) = self.tg_load_balancers.lock() {
            for g in &groups {
                if let Some(arn) = g.target_group_arn() {
                    c.insert(arn.to_string(), g.load_balancer_arns().to_vec());
                }
            }
        }
        let mapped = fan_out(groups, self.fanout, |g| async move {
            let arn = g.target_group_arn().unwrap_or_default().to_string();
            self.record(api_names::DESCRIBE_TARGET_HEALTH);
            let out = self
                .elb
                .describe_target_health()
                .target_group_arn(&arn)
                .send()
                .await
                .map_err(|e| self.err(api_names::DESCRIBE_TARGET_HEALTH, &e, Subject::None))?;
            Ok(map::target_group(&g, out.target_health_descriptions()))
        })
        .await?;
        // Keep the caller's order.
        let mut out = Vec::with_capacity(mapped.len());
        for a in arns {
            if let Some(g) = mapped.iter().find(|g| &g.arn == a)
                && !out.iter().any(|o: &TargetGroup| &o.arn == a)
            {
                out.push(g.clone());
            }
        }
        Ok(out)
    }

    /// Load balancer ARNs of target groups, from the cache filled by
    /// [`AwsSource::describe_target_groups`], fetching the ones not seen yet.
    pub(super) async fn load_balancer_arns(
        &self,
        tg_arns: &[String],
    ) -> SourceResult<Vec<(String, Vec<String>)>> {
        let missing: Vec<String> = {
            let c = self
                .tg_load_balancers
                .lock()
                .map(|c| c.clone())
                .unwrap_or_default();
            tg_arns
                .iter()
                .filter(|a| !c.contains_key(*a))
                .cloned()
                .collect()
        };
        if !missing.is_empty() {
            let pages = fan_out(
                batches(&missing, DESCRIBE_TARGET_GROUPS_MAX),
                self.fanout,
                |b| async move {
                    self.record(api_names::DESCRIBE_TARGET_GROUPS);
                    let out = self
                        .elb
                        .describe_target_groups()
                        .set_target_group_arns(Some(b))
                        .send()
                        .await
                        .map_err(|e| {
                            self.err(api_names::DESCRIBE_TARGET_GROUPS, &e, Subject::None)
                        })?;
                    Ok(out.target_groups().to_vec())
                },
            )
            .await?;
            if let Ok(mut c) = self.tg_load_balancers.lock() {
                for g in pages.iter().flatten() {
                    if let Some(arn) = g.target_group_arn() {
                        c.insert(arn.to_string(), g.load_balancer_arns().to_vec());
                    }
                }
            }
        }
        let c = self
            .tg_load_balancers
            .lock()
            .map(|c| c.clone())
            .unwrap_or_default();
        Ok(tg_arns
            .iter()
            .map(|a| (a.clone(), c.get(a).cloned().unwrap_or_default()))
            .collect())
    }
}
