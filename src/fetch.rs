//! What the app asks of the source and what comes back: a [`Fetch`] request,
//! the [`Payload`] its run returns, and the [`Data`] event that carries both
//! (with when it arrived) to `update`. One module for the three, so the
//! event enum and the scheduler both stand on it and not on each other.

use crate::model::{
    Alarm, Cluster, MetricSeries, Service, ServiceDeployment, ServiceRevision, TargetGroup, Task,
    TaskDefinition, Time,
};
use crate::source::{PageSink, Source, SourceResult, TaskScope};

/// A fetch request: one resource kind with its parameters.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Fetch {
    /// All clusters.
    Clusters,
    /// Services of a cluster: every one listed and described (cold start, small clusters).
    Services {
        /// Cluster name.
        cluster: String,
    },
    /// The names of the services of a cluster (membership, on the slow sweep).
    ServiceNames {
        /// Cluster name.
        cluster: String,
    },
    /// What the user sees or follows, described again every refresh.
    VisibleServices {
        /// Cluster name.
        cluster: String,
        /// Service names, sorted.
        names: Vec<String>,
    },
    /// A slice of the rest of the cluster, described in the background.
    SweepServices {
        /// Cluster name.
        cluster: String,
        /// Service names, sorted.
        names: Vec<String>,
    },
    /// Tasks of a cluster, or of one service.
    Tasks {
        /// Cluster name.
        cluster: String,
        /// `None` for the whole cluster.
        service: Option<String>,
    },
    /// Target groups by ARN.
    TargetGroups {
        /// ARNs, sorted.
        arns: Vec<String>,
    },
    /// All alarms.
    Alarms,
    /// Metrics of some services.
    Metrics {
        /// Cluster name.
        cluster: String,
        /// Service names, sorted.
        services: Vec<String>,
    },
    /// Revisions of a task definition family.
    Revisions {
        /// Family.
        family: String,
    },
    /// Task definitions by ARN (immutable: fetched once).
    TaskDefs {
        /// ARNs.
        arns: Vec<String>,
    },
    /// Application Auto Scaling of some services.
    Scaling {
        /// Cluster name.
        cluster: String,
        /// Service names, sorted.
        services: Vec<String>,
        /// The ones (of `services`) whose policies and activities are wanted too.
        detailed: Vec<String>,
    },
    /// The current service deployments of services on screen or followed
    /// whose deployment runs (or is not known yet), by ARN.
    CurrentServiceDeployments {
        /// Service deployment ARNs, sorted.
        arns: Vec<String>,
    },
    /// The service-deployment history of one service: every
    /// ListServiceDeployments page, and a describe of each listed deployment
    /// but the finished ones already held.
    ServiceDeployments {
        /// Cluster name.
        cluster: String,
        /// Service name.
        service: String,
        /// Finished (immutable) deployments already described, by ARN,
        /// sorted: listed, not described again.
        finished: Vec<String>,
    },
    /// Service revisions by ARN (immutable: fetched once), batched to the API's limit.
    ServiceRevisions {
        /// ARNs, sorted.
        arns: Vec<String>,
    },
}

/// The kind of a fetch: the unit of single-flight and scheduling.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FetchKind {
    /// Clusters.
    Clusters,
    /// Services.
    Services,
    /// Service names.
    ServiceNames,
    /// Services on screen or followed.
    VisibleServices,
    /// Services of the background sweep.
    SweepServices,
    /// Tasks (cluster-wide).
    ClusterTasks,
    /// Tasks (one service).
    ServiceTasks,
    /// Target groups.
    TargetGroups,
    /// Alarms.
    Alarms,
    /// Metrics.
    Metrics,
    /// Task definition revisions.
    Revisions,
    /// Task definitions.
    TaskDefs,
    /// Autoscaling.
    Scaling,
    /// Current service deployments.
    CurrentServiceDeployments,
    /// Service-deployment history.
    ServiceDeployments,
    /// Service revisions.
    ServiceRevisions,
}

impl Fetch {
    /// The kind of this fetch.
    pub(crate) fn kind(&self) -> FetchKind {
        match self {
            Fetch::Clusters => FetchKind::Clusters,
            Fetch::Services { .. } => FetchKind::Services,
            Fetch::ServiceNames { .. } => FetchKind::ServiceNames,
            Fetch::VisibleServices { .. } => FetchKind::VisibleServices,
            Fetch::SweepServices { .. } => FetchKind::SweepServices,
            Fetch::Tasks { service: None, .. } => FetchKind::ClusterTasks,
            Fetch::Tasks {
                service: Some(_), ..
            } => FetchKind::ServiceTasks,
            Fetch::TargetGroups { .. } => FetchKind::TargetGroups,
            Fetch::Alarms => FetchKind::Alarms,
            Fetch::Metrics { .. } => FetchKind::Metrics,
            Fetch::Revisions { .. } => FetchKind::Revisions,
            Fetch::TaskDefs { .. } => FetchKind::TaskDefs,
            Fetch::Scaling { .. } => FetchKind::Scaling,
            Fetch::CurrentServiceDeployments { .. } => FetchKind::CurrentServiceDeployments,
            Fetch::ServiceDeployments { .. } => FetchKind::ServiceDeployments,
            Fetch::ServiceRevisions { .. } => FetchKind::ServiceRevisions,
        }
    }

    /// Whether a changed request starts at once. The sweep's slice changes with
    /// every answer, so it waits for its interval instead of chasing itself.
    pub(crate) fn restarts_on_change(&self) -> bool {
        !matches!(self, Fetch::SweepServices { .. })
    }

    /// Runs the fetch against a source.
    pub async fn run(&self, source: &dyn Source, services: &[Service]) -> Payload {
        self.run_by_page(source, services, &|_| {}).await
    }

    /// As [`Fetch::run`]; a whole-cluster services fetch also hands each batch
    /// of described services to `page` as it arrives.
    pub async fn run_by_page(
        &self,
        source: &dyn Source,
        services: &[Service],
        page: &PageSink<'_>,
    ) -> Payload {
        match self {
            Fetch::Clusters => Payload::Clusters(source.clusters().await),
            Fetch::Services { cluster } => {
                Payload::Services(source.services_by_page(cluster, page).await)
            }
            Fetch::ServiceNames { cluster } => {
                Payload::ServiceNames(source.service_names(cluster).await)
            }
            Fetch::VisibleServices { cluster, names } | Fetch::SweepServices { cluster, names } => {
                Payload::Services(source.describe_services(cluster, names).await)
            }
            Fetch::Tasks { cluster, service } => {
                let scope = match service {
                    Some(s) => TaskScope::Service(s.clone()),
                    None => TaskScope::Cluster,
                };
                Payload::Tasks(source.tasks(cluster, &scope).await)
            }
            Fetch::TargetGroups { arns } => Payload::TargetGroups(source.target_groups(arns).await),
            Fetch::Alarms => Payload::Alarms(source.alarms().await),
            Fetch::Metrics {
                cluster,
                services: names,
            } => {
                let wanted: Vec<Service> = services
                    .iter()
                    .filter(|s| names.contains(&s.name))
                    .cloned()
                    .collect();
                Payload::Metrics(source.metrics(cluster, &wanted, &[]).await)
            }
            Fetch::Revisions { family } => {
                Payload::Revisions(source.task_definition_revisions(family).await)
            }
            Fetch::TaskDefs { arns } => {
                let mut out = Vec::with_capacity(arns.len());
                for arn in arns {
                    out.push((arn.clone(), source.task_definition(arn).await));
                }
                Payload::TaskDefs(out)
            }
            Fetch::Scaling {
                cluster,
                services,
                detailed,
            } => {
                let brief: Vec<String> = services
                    .iter()
                    .filter(|s| !detailed.contains(s))
                    .cloned()
                    .collect();
                let mut result = if brief.is_empty() {
                    Ok(Vec::new())
                } else {
                    source.scaling(cluster, &brief, false).await
                };
                if !detailed.is_empty()
                    && let Ok(found) = &mut result
                {
                    match source.scaling(cluster, detailed, true).await {
                        Ok(more) => found.extend(more),
                        Err(e) => result = Err(e),
                    }
                }
                Payload::Scaling(result)
            }
            Fetch::CurrentServiceDeployments { arns } => {
                Payload::CurrentServiceDeployments(source.describe_service_deployments(arns).await)
            }
            Fetch::ServiceDeployments {
                cluster,
                service,
                finished,
            } => Payload::ServiceDeployments(history(source, cluster, service, finished).await),
            Fetch::ServiceRevisions { arns } => {
                Payload::ServiceRevisions(source.service_revisions(arns).await)
            }
        }
    }
}

/// The result of one fetch, tagged with what was asked and when it finished.
#[derive(Debug, Clone)]
pub struct Data {
    /// The request this answers.
    pub fetch: Fetch,
    /// Source clock when the answer arrived.
    pub at: Time,
    /// The answer.
    pub payload: Payload,
}

/// Fetched data by kind.
#[derive(Debug, Clone)]
pub enum Payload {
    /// Clusters.
    Clusters(SourceResult<Vec<Cluster>>),
    /// Services of a cluster (all of them, or the ones asked for).
    Services(SourceResult<Vec<Service>>),
    /// Names of the services of a cluster.
    ServiceNames(SourceResult<Vec<String>>),
    /// Tasks of a cluster or service.
    Tasks(SourceResult<Vec<Task>>),
    /// Target groups.
    TargetGroups(SourceResult<Vec<TargetGroup>>),
    /// Alarms.
    Alarms(SourceResult<Vec<Alarm>>),
    /// Metric series.
    Metrics(SourceResult<Vec<MetricSeries>>),
    /// Revisions of a family (ARNs, newest first).
    Revisions(SourceResult<Vec<String>>),
    /// Task definitions by ARN.
    TaskDefs(Vec<(String, SourceResult<TaskDefinition>)>),
    /// Autoscaling of the services asked (those without a target left out).
    Scaling(SourceResult<Vec<crate::model::ServiceScaling>>),
    /// Service deployments by ARN.
    CurrentServiceDeployments(SourceResult<Vec<crate::model::ServiceDeployment>>),
    /// Service deployments of one service: listed, and the ones described.
    ServiceDeployments(SourceResult<History>),
    /// Service revisions.
    ServiceRevisions(SourceResult<Vec<ServiceRevision>>),
}

impl Data {
    /// The error of a failed fetch (the first one, for task definitions).
    pub(crate) fn error(&self) -> Option<&crate::source::SourceError> {
        match &self.payload {
            Payload::Clusters(r) => r.as_ref().err(),
            Payload::Services(r) => r.as_ref().err(),
            Payload::ServiceNames(r) => r.as_ref().err(),
            Payload::Tasks(r) => r.as_ref().err(),
            Payload::TargetGroups(r) => r.as_ref().err(),
            Payload::Alarms(r) => r.as_ref().err(),
            Payload::Metrics(r) => r.as_ref().err(),
            Payload::Revisions(r) => r.as_ref().err(),
            Payload::TaskDefs(r) => r.iter().find_map(|(_, r)| r.as_ref().err()),
            Payload::Scaling(r) => r.as_ref().err(),
            Payload::CurrentServiceDeployments(r) => r.as_ref().err(),
            Payload::ServiceDeployments(r) => r.as_ref().err(),
            Payload::ServiceRevisions(r) => r.as_ref().err(),
        }
    }

    /// Whether the fetch succeeded.
    pub(crate) fn payload_ok(&self) -> bool {
        match &self.payload {
            Payload::Clusters(r) => r.is_ok(),
            Payload::Services(r) => r.is_ok(),
            Payload::ServiceNames(r) => r.is_ok(),
            Payload::Tasks(r) => r.is_ok(),
            Payload::TargetGroups(r) => r.is_ok(),
            Payload::Alarms(r) => r.is_ok(),
            Payload::Metrics(r) => r.is_ok(),
            Payload::Revisions(r) => r.is_ok(),
            Payload::TaskDefs(r) => r.iter().all(|(_, r)| r.is_ok()),
            Payload::Scaling(r) => r.is_ok(),
            Payload::CurrentServiceDeployments(r) => r.is_ok(),
            Payload::ServiceDeployments(r) => r.is_ok(),
            Payload::ServiceRevisions(r) => r.is_ok(),
        }
    }
}

/// One refresh of a service-deployment history.
#[derive(Debug, Clone)]
pub struct History {
    /// Every ARN ListServiceDeployments named, in its order.
    pub listed: Vec<String>,
    /// The deployments described this time (all listed but the finished ones held).
    pub described: Vec<ServiceDeployment>,
}

/// Lists a service's deployments and describes those not in `finished` (sorted).
async fn history(
    source: &dyn Source,
    cluster: &str,
    service: &str,
    finished: &[String],
) -> SourceResult<History> {
    let listed = source.service_deployment_arns(cluster, service).await?;
    let fresh: Vec<String> = listed
        .iter()
        .filter(|a| finished.binary_search(a).is_err())
        .cloned()
        .collect();
    let described = if fresh.is_empty() {
        Vec::new()
    } else {
        source.describe_service_deployments(&fresh).await?
    };
    Ok(History { listed, described })
}
