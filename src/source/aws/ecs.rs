//! ECS reads and writes.

use std::collections::{BTreeSet, HashMap};
use std::sync::Arc;

use aws_sdk_ecs::types::{DesiredStatus, SortOrder};

use crate::model::{Cluster, Service, Task, TaskDefinition, task_def_family, task_def_revision};
use crate::source::{ServiceUpdate, SourceError, SourceResult, TaskScope};

use super::errors::Subject;
use super::fanout::{batches, fan_out, list_then_describe};
use super::{AwsSource, api_names, map};

/// DescribeClusters and DescribeTasks take up to 100 ARNs; DescribeServices 10.
const DESCRIBE_CLUSTERS_MAX: usize = 100;
const DESCRIBE_SERVICES_MAX: usize = 10;
const DESCRIBE_TASKS_MAX: usize = 100;
const LIST_MAX: i32 = 100;

impl AwsSource {
    pub(super) async fn list_clusters(&self) -> SourceResult<Vec<Cluster>> {
        let mut arns = Vec::new();
        let mut token = None;
        loop {
            self.record(api_names::LIST_CLUSTERS);
            let out = self
                .ecs
                .list_clusters()
                .max_results(LIST_MAX)
                .set_next_token(token)
                .send()
                .await
                .map_err(|e| self.err(api_names::LIST_CLUSTERS, &e, Subject::None))?;
            arns.extend(out.cluster_arns().iter().cloned());
            token = out.next_token().map(str::to_string);
            if token.is_none() {
                break;
            }
        }
        let pages = fan_out(
            batches(&arns, DESCRIBE_CLUSTERS_MAX),
            self.fanout,
            |b| async move {
                self.record(api_names::DESCRIBE_CLUSTERS);
                let out = self
                    .ecs
                    .describe_clusters()
                    .set_clusters(Some(b))
                    .send()
                    .await
                    .map_err(|e| self.err(api_names::DESCRIBE_CLUSTERS, &e, Subject::None))?;
                Ok(out.clusters().iter().map(map::cluster).collect::<Vec<_>>())
            },
        )
        .await?;
        let mut clusters: Vec<Cluster> = pages.into_iter().flatten().collect();
        clusters.sort_by(|a, b| a.name.cmp(&b.name));
        Ok(clusters)
    }

    /// One ListServices page: service ARNs and the next token.
    async fn service_page(
        &self,
        cluster: &str,
        token: Option<String>,
    ) -> SourceResult<(Vec<String>, Option<String>)> {
        self.record(api_names::LIST_SERVICES);
        let out = self
            .ecs
            .list_services()
            .cluster(cluster)
            .max_results(LIST_MAX)
            .set_next_token(token)
            .send()
            .await
            .map_err(|e| self.err(api_names::LIST_SERVICES, &e, Subject::Cluster(cluster)))?;
        Ok((
            out.service_arns().to_vec(),
            out.next_token().map(str::to_string),
        ))
    }

    /// One DescribeServices batch (up to 10 names or ARNs).
    async fn describe_service_batch(
        &self,
        cluster: &str,
        batch: Vec<String>,
    ) -> SourceResult<Vec<Service>> {
        self.record(api_names::DESCRIBE_SERVICES);
        let out = self
            .ecs
            .describe_services()
            .cluster(cluster)
            .set_services(Some(batch))
            .send()
            .await
            .map_err(|e| self.err(api_names::DESCRIBE_SERVICES, &e, Subject::Cluster(cluster)))?;
        Ok(out
            .services()
            .iter()
            .map(|s| map::service(s, cluster))
            .collect())
    }

    pub(super) async fn list_services(
        &self,
        cluster: &str,
        page: &crate::source::PageSink<'_>,
    ) -> SourceResult<Vec<Service>> {
        let mut services = list_then_describe(
            |token| self.service_page(cluster, token),
            DESCRIBE_SERVICES_MAX,
            self.fanout,
            |b| self.describe_service_batch(cluster, b),
            &|batch: &[Service]| page(batch.to_vec()),
        )
        .await?;
        services.sort_by(|a, b| a.name.cmp(&b.name));
        Ok(services)
    }

    /// The names of the services of a cluster: ListServices pages only.
    pub(super) async fn list_service_names(&self, cluster: &str) -> SourceResult<Vec<String>> {
        let mut names = Vec::new();
        let mut token = None;
        loop {
            let (arns, next) = self.service_page(cluster, token).await?;
            names.extend(arns.iter().map(|a| service_name_of(a).to_string()));
            match next {
                Some(t) if !t.is_empty() => token = Some(t),
                _ => break,
            }
        }
        names.sort();
        names.dedup();
        Ok(names)
    }

    /// Some services by name: DescribeServices batches only. Services ECS
    /// reports as INACTIVE (deleted) are left out, like names it does not know.
    pub(super) async fn describe_services_by_name(
        &self,
        cluster: &str,
        names: &[String],
    ) -> SourceResult<Vec<Service>> {
        let pages = fan_out(batches(names, DESCRIBE_SERVICES_MAX), self.fanout, |b| {
            self.describe_service_batch(cluster, b)
        })
        .await?;
        let mut services: Vec<Service> = pages
            .into_iter()
            .flatten()
            .filter(|s| s.status != "INACTIVE")
            .collect();
        services.sort_by(|a, b| a.name.cmp(&b.name));
        Ok(services)
    }

    async fn list_task_arns(
        &self,
        cluster: &str,
        service: Option<&str>,
        desired: DesiredStatus,
    ) -> SourceResult<Vec<String>> {
        let mut arns = Vec::new();
        let mut token = None;
        loop {
            self.record(api_names::LIST_TASKS);
            let out = self
                .ecs
                .list_tasks()
                .cluster(cluster)
                .set_service_name(service.map(str::to_string))
                .desired_status(desired.clone())
                .max_results(LIST_MAX)
                .set_next_token(token)
                .send()
                .await
                .map_err(|e| self.err(api_names::LIST_TASKS, &e, Subject::Cluster(cluster)))?;
            arns.extend(out.task_arns().iter().cloned());
            token = out.next_token().map(str::to_string);
            if token.is_none() {
                break;
            }
        }
        Ok(arns)
    }

    /// Running tasks and recently stopped ones (ECS keeps stopped tasks for
    /// about an hour). Cost: the ListTasks pages of each desired status
    /// (fetched concurrently) + ceil(T/100) DescribeTasks + one
    /// DescribeTaskDefinition per task definition not seen before.
    pub(super) async fn list_tasks(
        &self,
        cluster: &str,
        scope: &TaskScope,
    ) -> SourceResult<Vec<Task>> {
        let service = match scope {
            TaskScope::Cluster => None,
            TaskScope::Service(s) => Some(s.as_str()),
        };
        let (running, stopped) = tokio::try_join!(
            self.list_task_arns(cluster, service, DesiredStatus::Running),
            self.list_task_arns(cluster, service, DesiredStatus::Stopped),
        )?;
        let mut seen = BTreeSet::new();
        let arns: Vec<String> = running
            .into_iter()
            .chain(stopped)
            .filter(|a| seen.insert(a.clone()))
            .collect();
        let mut tasks = self.describe_tasks(cluster, &arns).await?;
        if let Some(name) = service {
            // The real API filters by serviceName; emulators may not. Either
            // way the group is authoritative.
            let group = format!("service:{name}");
            tasks.retain(|t| t.group == group);
        }
        tasks.sort_by(|a, b| {
            a.last_status
                .is_stopping_or_stopped()
                .cmp(&b.last_status.is_stopping_or_stopped())
                .then(b.created_at.cmp(&a.created_at))
        });
        Ok(tasks)
    }

    async fn describe_tasks(&self, cluster: &str, arns: &[String]) -> SourceResult<Vec<Task>> {
        let pages = fan_out(
            batches(arns, DESCRIBE_TASKS_MAX),
            self.fanout,
            |b| async move {
                self.record(api_names::DESCRIBE_TASKS);
                let out = self
                    .ecs
                    .describe_tasks()
                    .cluster(cluster)
                    .set_tasks(Some(b))
                    .send()
                    .await
                    .map_err(|e| {
                        self.err(api_names::DESCRIBE_TASKS, &e, Subject::Cluster(cluster))
                    })?;
                Ok(out.tasks().to_vec())
            },
        )
        .await?;
        let raw: Vec<aws_sdk_ecs::types::Task> = pages.into_iter().flatten().collect();
        self.map_tasks(cluster, &raw).await
    }

    async fn map_tasks(
        &self,
        cluster: &str,
        raw: &[aws_sdk_ecs::types::Task],
    ) -> SourceResult<Vec<Task>> {
        let td_arns: BTreeSet<String> = raw
            .iter()
            .filter_map(|t| t.task_definition_arn().map(str::to_string))
            .collect();
        let defs = self.task_definitions(td_arns).await;
        Ok(raw
            .iter()
            .map(|t| {
                let def = t
                    .task_definition_arn()
                    .and_then(|a| defs.get(a))
                    .map(Arc::as_ref);
                map::task(t, cluster, def)
            })
            .collect())
    }

    /// Task definitions for container details, from the cache or fetched
    /// (capped fan-out). A definition that cannot be read only loses the
    /// log and essential details of its tasks, so failures are logged and
    /// skipped rather than failing the task list.
    async fn task_definitions(
        &self,
        arns: BTreeSet<String>,
    ) -> HashMap<String, Arc<TaskDefinition>> {
        let results = fan_out(arns, self.fanout, |a| async move {
            let r = self.cached_task_definition(&a).await;
            Ok::<_, SourceError>((a, r))
        })
        .await
        .unwrap_or_default();
        let mut out = HashMap::new();
        for (arn, r) in results {
            match r {
                Ok(d) => {
                    out.insert(arn, d);
                }
                Err(e) => tracing::warn!(%arn, error = %e, "task definition unavailable"),
            }
        }
        out
    }

    pub(super) async fn cached_task_definition(
        &self,
        arn: &str,
    ) -> SourceResult<Arc<TaskDefinition>> {
        if let Some(d) = self.task_defs.lock().ok().and_then(|c| c.get(arn).cloned()) {
            return Ok(d);
        }
        self.record(api_names::DESCRIBE_TASK_DEFINITION);
        let out = self
            .ecs
            .describe_task_definition()
            .task_definition(arn)
            .send()
            .await
            .map_err(|e| self.err(api_names::DESCRIBE_TASK_DEFINITION, &e, Subject::None))?;
        let td = out.task_definition().ok_or_else(|| {
            SourceError::new(
                crate::source::ErrorKind::NotFound,
                api_names::DESCRIBE_TASK_DEFINITION.name,
                format!("task definition {arn} not found"),
            )
        })?;
        let def = Arc::new(map::task_definition(td));
        if let Ok(mut c) = self.task_defs.lock() {
            c.insert(def.arn.clone(), def.clone());
            // Also reachable by the name it was asked for (family:revision).
            c.insert(arn.to_string(), def.clone());
        }
        Ok(def)
    }

    pub(super) async fn list_revisions(&self, family: &str) -> SourceResult<Vec<String>> {
        let mut arns = Vec::new();
        let mut token = None;
        loop {
            self.record(api_names::LIST_TASK_DEFINITIONS);
            let out = self
                .ecs
                .list_task_definitions()
                .family_prefix(family)
                .sort(SortOrder::Desc)
                .max_results(LIST_MAX)
                .set_next_token(token)
                .send()
                .await
                .map_err(|e| self.err(api_names::LIST_TASK_DEFINITIONS, &e, Subject::None))?;
            arns.extend(out.task_definition_arns().iter().cloned());
            token = out.next_token().map(str::to_string);
            if token.is_none() {
                break;
            }
        }
        // familyPrefix is a prefix: keep the exact family, newest first.
        arns.retain(|a| task_def_family(a) == family);
        arns.sort_by_key(|a| std::cmp::Reverse(task_def_revision(a).unwrap_or(0)));
        Ok(arns)
    }

    pub(super) async fn do_update_service(
        &self,
        cluster: &str,
        service: &str,
        update: &ServiceUpdate,
    ) -> SourceResult<Service> {
        self.record(api_names::UPDATE_SERVICE);
        let desired = update
            .desired_count
            .map(|n| i32::try_from(n).unwrap_or(i32::MAX));
        let out = self
            .ecs_writes
            .update_service()
            .cluster(cluster)
            .service(service)
            .set_desired_count(desired)
            .set_task_definition(update.task_definition.clone())
            .set_force_new_deployment(update.force_new_deployment.then_some(true))
            .send()
            .await
            .map_err(|e| {
                super::retry::outcome_unknown(self.err(
                    api_names::UPDATE_SERVICE,
                    &e,
                    Subject::Service(cluster, service),
                ))
            })?;
        let svc = out.service().ok_or_else(|| {
            SourceError::new(
                crate::source::ErrorKind::Other,
                api_names::UPDATE_SERVICE.name,
                "UpdateService returned no service",
            )
        })?;
        Ok(map::service(svc, cluster))
    }

    pub(super) async fn do_stop_task(
        &self,
        cluster: &str,
        task: &str,
        reason: &str,
    ) -> SourceResult<Task> {
        self.record(api_names::STOP_TASK);
        let out = self
            .ecs_writes
            .stop_task()
            .cluster(cluster)
            .task(task)
            .reason(reason)
            .send()
            .await
            .map_err(|e| {
                super::retry::outcome_unknown(self.err(
                    api_names::STOP_TASK,
                    &e,
                    Subject::Task(cluster, task),
                ))
            })?;
        let raw = out.task().cloned().ok_or_else(|| {
            SourceError::new(
                crate::source::ErrorKind::Other,
                api_names::STOP_TASK.name,
                "StopTask returned no task",
            )
        })?;
        let mut mapped = self.map_tasks(cluster, std::slice::from_ref(&raw)).await?;
        mapped.pop().ok_or_else(|| {
            SourceError::new(
                crate::source::ErrorKind::Other,
                api_names::STOP_TASK.name,
                "StopTask returned no task",
            )
        })
    }
}

/// The service name at the end of a service ARN (`.../service/cluster/name`,
/// or the older `.../service/name`).
fn service_name_of(arn: &str) -> &str {
    arn.rsplit('/').next().unwrap_or(arn)
}

#[cfg(test)]
mod tests {
    use super::service_name_of;

    #[test]
    fn the_service_name_is_the_last_part_of_its_arn() {
        let new = "arn:aws:ecs:us-east-1:123456789012:service/prod/web-api";
        let old = "arn:aws:ecs:us-east-1:123456789012:service/web-api";
        assert_eq!(service_name_of(new), "web-api");
        assert_eq!(service_name_of(old), "web-api");
        assert_eq!(service_name_of("web-api"), "web-api");
    }
}
