//! The simulator's writes (`Ops`): UpdateService, StopTask, native rollback,
//! RegisterScalableTarget, and the sessions of ECS Exec and port forwarding.

use async_trait::async_trait;

use super::*;

#[async_trait]
impl Ops for SimSource {
    async fn update_service(
        &self,
        cluster: &str,
        service: &str,
        update: &ServiceUpdate,
    ) -> SourceResult<Service> {
        const OP: &str = "ecs:UpdateService";
        self.gate_write(OP).await?;
        self.calls.record(OP);
        let mut w = self.world();
        if !self.owns(&w, cluster) {
            return Err(cluster_not_found(OP, cluster));
        }
        let Some(i) = w.service(cluster, service) else {
            return Err(SourceError::new(
                ErrorKind::NotFound,
                OP,
                format!(
                    "ServiceNotFoundException: Service not found. (service {service} in cluster {cluster})"
                ),
            ));
        };
        let new_td = match &update.task_definition {
            Some(spec) => Some(w.resolve_task_def(spec).ok_or_else(|| {
                SourceError::new(
                    ErrorKind::InvalidInput,
                    OP,
                    format!("ClientException: TaskDefinition not found. ({spec})"),
                )
            })?),
            None => None,
        };
        let current = w
            .services
            .get(i)
            .map(|s| s.svc.task_definition.clone())
            .unwrap_or_default();
        self.applied.record(OP);
        if let Some(n) = update.desired_count
            && let Some(s) = w.services.get_mut(i)
        {
            s.svc.desired = n;
            if let Some(p) = s.svc.deployments.first_mut() {
                p.desired = n;
            }
        }
        let target_td = new_td.clone().unwrap_or(current.clone());
        if update.force_new_deployment || new_td.is_some_and(|t| t != current) {
            deploy::start_deployment(&mut w, i, &target_td);
            strategy::on_start(&mut w, i, &current, &target_td);
        }
        w.services
            .get(i)
            .map(|s| s.svc.clone())
            .ok_or_else(|| SourceError::new(ErrorKind::Other, OP, "service vanished"))
    }

    async fn stop_task(&self, cluster: &str, task: &str, reason: &str) -> SourceResult<Task> {
        const OP: &str = "ecs:StopTask";
        self.gate_write(OP).await?;
        self.calls.record(OP);
        let mut w = self.world();
        if !self.owns(&w, cluster) {
            return Err(cluster_not_found(OP, cluster));
        }
        let id = crate::model::arn_tail(task).to_string();
        let seq = w.task_ids.get(&id).copied();
        let now = w.now;
        let (delay, svc) = {
            let Some(t) = seq.and_then(|s| w.tasks.get(&s)) else {
                return Err(not_found_task(task));
            };
            if t.task.cluster != cluster {
                return Err(not_found_task(task));
            }
            let svc = t.service;
            let delay = w
                .services
                .get(svc)
                .and_then(|s| s.tg)
                .and_then(|g| w.target_groups.get(g))
                .map_or(0, |g| g.deregistration_delay_s);
            (delay, svc)
        };
        let Some(t) = seq.and_then(|s| w.tasks.get_mut(&s)) else {
            return Err(not_found_task(task));
        };
        self.applied.record(OP);
        let dereg = scheduler::begin_stop(t, now, delay, "UserInitiated", reason);
        let out = t.task.clone();
        if dereg {
            w.events_of(svc).deregistered += 1;
        }
        w.flush_events();
        Ok(out)
    }
    async fn register_scalable_target(
        &self,
        cluster: &str,
        service: &str,
        min: u32,
        max: u32,
    ) -> SourceResult<ScalableTarget> {
        const OP: &str = "autoscaling:RegisterScalableTarget";
        self.gate_write(OP).await?;
        self.calls.record(OP);
        if min > max {
            return Err(SourceError::new(
                ErrorKind::InvalidInput,
                OP,
                format!(
                    "ValidationException: minimum capacity {min} is above maximum capacity {max}"
                ),
            ));
        }
        let mut w = self.world();
        let registered = w
            .service(cluster, service)
            .and_then(|i| scaling::register(&mut w, i, min, max));
        match registered {
            Some(t) => {
                self.applied.record(OP);
                Ok(t)
            }
            None => Err(SourceError::new(
                ErrorKind::NotFound,
                OP,
                format!(
                    "ObjectNotFoundException: no scalable target for service/{cluster}/{service}"
                ),
            )),
        }
    }

    async fn execute_command(
        &self,
        request: &crate::model::session::ExecRequest,
    ) -> SourceResult<crate::model::session::SessionGrant> {
        const OP: &str = "ecs:ExecuteCommand";
        let task_id = self
            .session_task(OP, &request.cluster, &request.task)
            .await?;
        Ok(sim_grant(crate::model::session::SessionKind::SimShell {
            container: request.container.clone(),
            task_id,
        }))
    }

    async fn start_port_forward(
        &self,
        request: &crate::model::session::PortForwardRequest,
    ) -> SourceResult<crate::model::session::SessionGrant> {
        const OP: &str = "ssm:StartSession";
        self.session_task(OP, &request.cluster, &request.task_id)
            .await?;
        Ok(sim_grant(crate::model::session::SessionKind::SimEcho {
            local_port: request.local_port,
        }))
    }

    async fn stop_service_deployment(
        &self,
        arn: &str,
        stop: crate::model::StopType,
    ) -> SourceResult<String> {
        self.sim_stop_service_deployment(arn, stop).await
    }
}

impl SimSource {
    /// The checks ECS and SSM make before a session: the task exists in the
    /// cluster, runs, and its service has ECS Exec on. Returns the task id.
    async fn session_task(
        &self,
        op: &'static str,
        cluster: &str,
        task: &str,
    ) -> SourceResult<String> {
        self.gate_write(op).await?;
        self.calls.record(op);
        let w = self.world();
        if !self.owns(&w, cluster) {
            return Err(cluster_not_found(op, cluster));
        }
        let id = crate::model::arn_tail(task).to_string();
        let Some(t) = w.task_ids.get(&id).and_then(|s| w.tasks.get(s)) else {
            return Err(not_found_task(task));
        };
        let enabled = w
            .services
            .get(t.service)
            .is_some_and(|s| s.svc.enable_execute_command);
        if t.task.cluster != cluster
            || t.task.last_status != crate::model::TaskStatus::Running
            || !enabled
        {
            return Err(SourceError::new(
                ErrorKind::InvalidInput,
                op,
                "InvalidParameterException: The execute command failed because execute command \
                 was not enabled when the task was run or the execute command agent isn't running.",
            ));
        }
        Ok(id)
    }
}

/// A simulated session: no token, no stream, served in-process.
fn sim_grant(kind: crate::model::session::SessionKind) -> crate::model::session::SessionGrant {
    crate::model::session::SessionGrant {
        session_id: "ecsdeck-demo-session".into(),
        stream_url: String::new(),
        token_value: String::new(),
        request: serde_json::Value::Null,
        region: "demo".into(),
        profile: String::new(),
        endpoint: String::new(),
        kind,
    }
}

fn not_found_task(task: &str) -> SourceError {
    SourceError::new(
        ErrorKind::NotFound,
        "ecs:StopTask",
        format!("InvalidParameterException: The referenced task was not found. ({task})"),
    )
}
