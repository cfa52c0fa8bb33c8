//! CloudWatch: alarms and metric series.

use std::collections::HashMap;

use aws_sdk_cloudwatch::types::{Dimension, Metric, MetricDataQuery, MetricStat, ScanBy};
use chrono::{Duration, DurationRound, Utc};

use crate::model::{Alarm, MetricKind, MetricSeries, Service, TargetGroup};
use crate::source::SourceResult;

use super::errors::Subject;
use super::fanout::{batches, fan_out};
use super::{AwsSource, api_names, map};

/// GetMetricData accepts up to 500 queries per call.
const QUERIES_PER_CALL: usize = 500;
/// One point per minute over the last hour.
const PERIOD_SECS: i32 = 60;

/// One planned query: which service and metric it feeds.
#[derive(Debug, Clone)]
struct Planned {
    service: String,
    kind: MetricKind,
    query: MetricDataQuery,
}

fn query(
    id: String,
    namespace: &str,
    metric: &str,
    stat: &str,
    dims: &[(&str, String)],
) -> MetricDataQuery {
    let metric = Metric::builder()
        .namespace(namespace)
        .metric_name(metric)
        .set_dimensions(Some(
            dims.iter()
                .map(|(n, v)| Dimension::builder().name(*n).value(v).build())
                .collect(),
        ))
        .build();
    MetricDataQuery::builder()
        .id(id)
        .metric_stat(
            MetricStat::builder()
                .metric(metric)
                .period(PERIOD_SECS)
                .stat(stat)
                .build(),
        )
        .return_data(true)
        .build()
}

/// The queries for `services`: ECS CPU and memory per service, and ALB
/// requests, 5xx and response time per attached target group whose load
/// balancer is known.
fn plan(
    cluster: &str,
    services: &[Service],
    lbs_of: &HashMap<String, Vec<String>>,
) -> Vec<Planned> {
    let mut out = Vec::new();
    let mut push = |service: &str, kind: MetricKind, make: &dyn Fn(String) -> MetricDataQuery| {
        let id = format!("q{}", out.len());
        out.push(Planned {
            service: service.to_string(),
            kind,
            query: make(id),
        });
    };
    for s in services {
        let dims = [
            ("ClusterName", cluster.to_string()),
            ("ServiceName", s.name.clone()),
        ];
        push(&s.name, MetricKind::Cpu, &|id| {
            query(id, "AWS/ECS", "CPUUtilization", "Average", &dims)
        });
        push(&s.name, MetricKind::Memory, &|id| {
            query(id, "AWS/ECS", "MemoryUtilization", "Average", &dims)
        });
        // One target group per service feeds the ALB charts.
        let alb = s.load_balancers.iter().find_map(|lb| {
            let tg = map::target_group_dimension(&lb.target_group_arn)?;
            let lb_arn = lbs_of.get(&lb.target_group_arn)?.first()?;
            Some((tg, map::load_balancer_dimension(lb_arn)?))
        });
        if let Some((tg, lb)) = alb {
            let dims = [("TargetGroup", tg), ("LoadBalancer", lb)];
            for (kind, metric, stat) in [
                (MetricKind::Requests, "RequestCount", "Sum"),
                (MetricKind::Errors5xx, "HTTPCode_Target_5XX_Count", "Sum"),
                (MetricKind::ResponseTime, "TargetResponseTime", "Average"),
            ] {
                push(&s.name, kind, &|id| {
                    query(id, "AWS/ApplicationELB", metric, stat, &dims)
                });
            }
        }
    }
    out
}

impl AwsSource {
    pub(super) async fn describe_alarms(&self) -> SourceResult<Vec<Alarm>> {
        let mut alarms = Vec::new();
        let mut token = None;
        loop {
            self.record(api_names::DESCRIBE_ALARMS);
            let out = self
                .cw
                .describe_alarms()
                .max_records(100)
                .set_next_token(token)
                .send()
                .await
                .map_err(|e| self.err(api_names::DESCRIBE_ALARMS, &e, Subject::None))?;
            alarms.extend(out.metric_alarms().iter().map(map::alarm));
            token = out.next_token().map(str::to_string);
            if token.is_none() {
                break;
            }
        }
        alarms.sort_by(|a, b| a.name.cmp(&b.name));
        Ok(alarms)
    }

    /// Cost: ceil(Q/500) GetMetricData calls (more only if CloudWatch pages),
    /// with Q = 2 per service + 3 per service behind an ALB; plus at most
    /// ceil(G/400) DescribeTargetGroups for target groups never seen before.
    pub(super) async fn metric_data(
        &self,
        cluster: &str,
        services: &[Service],
        target_groups: &[TargetGroup],
    ) -> SourceResult<Vec<MetricSeries>> {
        let cluster = crate::model::arn_tail(cluster);
        let mut tg_arns: Vec<String> = services
            .iter()
            .flat_map(|s| s.load_balancers.iter().map(|l| l.target_group_arn.clone()))
            .collect();
        tg_arns.sort();
        tg_arns.dedup();
        // Target groups the caller passed are known to exist; others are looked up too.
        let _ = target_groups;
        let lbs_of: HashMap<String, Vec<String>> = if tg_arns.is_empty() {
            HashMap::new()
        } else {
            self.load_balancer_arns(&tg_arns)
                .await?
                .into_iter()
                .collect()
        };
        let planned = plan(cluster, services, &lbs_of);
        if planned.is_empty() {
            return Ok(Vec::new());
        }
        let end = Utc::now();
        let start = (end - Duration::hours(1))
            .duration_trunc(Duration::minutes(1))
            .unwrap_or(end - Duration::hours(1));
        let start = aws_smithy_types::DateTime::from_secs(start.timestamp());
        let end = aws_smithy_types::DateTime::from_secs(end.timestamp());
        let calls = batches(&planned, QUERIES_PER_CALL);
        let results = fan_out(calls, self.fanout, |batch| async move {
            let queries: Vec<MetricDataQuery> = batch.iter().map(|p| p.query.clone()).collect();
            let mut results = Vec::new();
            let mut token = None;
            loop {
                self.record(api_names::GET_METRIC_DATA);
                let out = self
                    .cw
                    .get_metric_data()
                    .set_metric_data_queries(Some(queries.clone()))
                    .start_time(start)
                    .end_time(end)
                    .scan_by(ScanBy::TimestampAscending)
                    .set_next_token(token)
                    .send()
                    .await
                    .map_err(|e| self.err(api_names::GET_METRIC_DATA, &e, Subject::None))?;
                results.extend(out.metric_data_results().iter().cloned());
                token = out.next_token().map(str::to_string);
                if token.is_none() {
                    break;
                }
            }
            Ok(results)
        })
        .await?;
        let mut by_id: HashMap<String, Vec<(crate::model::Time, f64)>> = HashMap::new();
        for r in results.iter().flatten() {
            if let Some(id) = r.id() {
                by_id
                    .entry(id.to_string())
                    .or_default()
                    .extend(map::metric_points(r));
            }
        }
        Ok(planned
            .into_iter()
            .map(|p| {
                let id = p.query.id().unwrap_or_default().to_string();
                let mut points = by_id.remove(&id).unwrap_or_default();
                points.sort_by_key(|p| p.0);
                MetricSeries {
                    service: p.service,
                    kind: p.kind,
                    points,
                }
            })
            .collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::LoadBalancerRef;

    fn svc(name: &str, tg: Option<&str>) -> Service {
        Service {
            name: name.into(),
            arn: String::new(),
            cluster: "web".into(),
            status: "ACTIVE".into(),
            desired: 1,
            running: 1,
            pending: 0,
            task_definition: String::new(),
            launch_type: String::new(),
            deployments: vec![],
            events: vec![],
            circuit_breaker: Default::default(),
            minimum_healthy_percent: 100,
            maximum_percent: 200,
            load_balancers: tg
                .map(|t| LoadBalancerRef {
                    target_group_arn: t.into(),
                    container_name: "app".into(),
                    container_port: 80,
                })
                .into_iter()
                .collect(),
            created_at: Default::default(),
            enable_execute_command: false,
            current_service_deployment: None,
        }
    }

    #[test]
    fn plans_ecs_and_alb_queries_with_dimensions_from_arns() {
        let tg = "arn:aws:elasticloadbalancing:us-east-1:1:targetgroup/api/abc";
        let lb = "arn:aws:elasticloadbalancing:us-east-1:1:loadbalancer/app/web/123";
        let lbs: HashMap<String, Vec<String>> = [(tg.to_string(), vec![lb.to_string()])].into();
        let p = plan("web", &[svc("api", Some(tg)), svc("worker", None)], &lbs);
        assert_eq!(p.len(), 5 + 2);
        let ids: Vec<_> = p
            .iter()
            .map(|q| q.query.id().unwrap().to_string())
            .collect();
        assert_eq!(ids[0], "q0");
        assert_eq!(ids[6], "q6");
        let req = &p[2];
        assert_eq!(req.kind, MetricKind::Requests);
        let dims = req
            .query
            .metric_stat()
            .unwrap()
            .metric()
            .unwrap()
            .dimensions();
        assert_eq!(dims[0].value(), Some("targetgroup/api/abc"));
        assert_eq!(dims[1].value(), Some("app/web/123"));
        assert_eq!(p[5].service, "worker");
    }

    #[test]
    fn thousand_services_fit_in_four_calls() {
        let services: Vec<Service> = (0..1000).map(|i| svc(&format!("s{i}"), None)).collect();
        let p = plan("web", &services, &HashMap::new());
        assert_eq!(batches(&p, QUERIES_PER_CALL).len(), 4);
    }
}
