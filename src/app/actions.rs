//! Dangerous actions: key → confirm overlay → `Command::RunOp` → `Event::OpDone`.

use crate::action::Action;
use crate::app::{Command, push_view, set_status};
use crate::chaos::ChaosRecord;
use crate::chaos::timeline::ChaosTimeline;
use crate::event::OpDone;
use crate::keymap::KeyContext;
use crate::model::{DeploymentStatus, RolloutState, TaskStatus, task_def_short};
use crate::ops::{Op, OpSuccess, chaos_reason};
use crate::state::ChaosRun;
use crate::state::{Confirm, Level, Overlay, State, View};
use crate::watch::{Current, RolloutWatch, WatchKind};

/// Starts a dangerous action: refuses in read-only mode or while another action
/// on the same service is in flight, else opens the confirm overlay.
pub(crate) fn begin(state: &mut State, action: Action) -> Vec<Command> {
    if state.read_only {
        // Naming the action makes each refusal a fresh message.
        let what = match action {
            Action::Redeploy => "redeploy",
            Action::Scale => "scale",
            Action::Rollback | Action::RollbackToSelected => "rollback",
            Action::StopTask => "stop task",
            _ => "this action",
        };
        set_status(
            state,
            Level::Error,
            format!("read-only mode: {what} refused — actions that change AWS are disabled"),
        );
        return Vec::new();
    }
    let Some(cluster) = state.cluster.clone() else {
        return Vec::new();
    };
    let service = match action {
        Action::StopTask => selected_task_service(state),
        Action::RollbackToSelected => state.screen().service.clone(),
        _ => state.context_service().map(|s| s.name.clone()),
    };
    let Some(service) = service else {
        set_status(state, Level::Info, "select a service first".into());
        return Vec::new();
    };
    if state.inflight.contains(&service) {
        set_status(
            state,
            Level::Info,
            format!("an action on {service} is already in flight: wait for it"),
        );
        return Vec::new();
    }
    let Some(svc) = state.service(&service).cloned() else {
        set_status(state, Level::Info, format!("{service} is not loaded yet"));
        return Vec::new();
    };
    let protected = state.cluster_is_protected();
    let confirm = match action {
        Action::Redeploy => Confirm::op(Op::Redeploy { cluster, service }, protected),
        Action::Scale => {
            let c = Confirm::scale(
                cluster,
                service.clone(),
                svc.desired,
                state.settings.max_scale,
                protected,
            );
            match state.scaling_of(&service) {
                crate::state::ScalingStatus::Scaled(a) => c.autoscaled(a.target.min, a.target.max),
                _ => c,
            }
        }
        Action::StopTask => {
            let task = state
                .selected_task()
                .map(|t| (t.arn.clone(), t.last_status));
            match task {
                Some((arn, status)) if status != TaskStatus::Stopped => Confirm::op(
                    Op::StopTask {
                        cluster,
                        service,
                        task: arn,
                        reason: chaos_reason(),
                    },
                    protected,
                ),
                Some(_) => {
                    set_status(state, Level::Info, "that task is already stopped".into());
                    return Vec::new();
                }
                None => {
                    set_status(state, Level::Info, "select a task first".into());
                    return Vec::new();
                }
            }
        }
        Action::Rollback => match native_rollback(state, &svc, cluster, protected) {
            Some(c) => c,
            None => {
                open_rollback_picker(state, &svc);
                return Vec::new();
            }
        },
        Action::RollbackToSelected => {
            let screen = state.screen();
            let Some(target) = state
                .filtered_revisions(&service, &screen.nav)
                .get(screen.nav.selected)
                .map(|s| (*s).clone())
            else {
                return Vec::new();
            };
            if target == svc.task_definition {
                set_status(
                    state,
                    Level::Info,
                    format!(
                        "{} is already the running revision",
                        task_def_short(&target)
                    ),
                );
                return Vec::new();
            }
            let mut c = Confirm::op(
                Op::Rollback {
                    cluster,
                    service,
                    from: svc.task_definition.clone(),
                    to: target.clone(),
                },
                protected,
            );
            if let Some(note) = in_progress_note(&svc) {
                c.notes.push(note);
            }
            match (
                state.task_defs.get(&svc.task_definition),
                state.task_defs.get(&target),
            ) {
                (Some(from), Some(to)) => c.diff = crate::diff::diff(from, to, false),
                _ => c
                    .notes
                    .push("the diff is still loading; it appears in the revisions view".into()),
            }
            c
        }
        _ => return Vec::new(),
    };
    state.overlay = Some(Overlay::Confirm(Box::new(confirm)));
    Vec::new()
}

/// `R` on a service whose service deployment is in progress: ECS's native
/// rollback of it (StopServiceDeployment ROLLBACK), offered before the
/// revisions list, which stays for services at rest.
fn native_rollback(
    state: &State,
    svc: &crate::model::Service,
    cluster: String,
    protected: bool,
) -> Option<Confirm> {
    let dep = state
        .running_deployment_of(svc)
        .filter(|d| d.status.is_some_and(|s| s.is_in_progress()))?;
    let strategy = dep
        .strategy
        .as_ref()
        .map_or(crate::model::StrategyKind::Rolling, |s| s.kind);
    let mut c = Confirm::op(
        Op::NativeRollback {
            cluster,
            service: svc.name.clone(),
            deployment: dep.arn.clone(),
            strategy: strategy.as_str().to_string(),
        },
        protected,
    );
    let now = state.now;
    c.notes.push(format!(
        "in progress: {}",
        crate::watch::progress::line(dep, now)
    ));
    Some(c)
}

/// The service of the selected task (task views may list a whole cluster).
fn selected_task_service(state: &State) -> Option<String> {
    let task = state.selected_task()?;
    task.service_name()
        .map(str::to_string)
        .or_else(|| state.screen().service.clone())
}

fn in_progress_note(svc: &crate::model::Service) -> Option<String> {
    let primary = svc.primary_deployment()?;
    if primary.rollout_state != RolloutState::InProgress {
        return None;
    }
    let last_good =
        last_completed(svc).map_or("none known".to_string(), |d| task_def_short(&d).to_string());
    Some(format!(
        "⚠ a deployment is in progress ({} {}/{}); last COMPLETED revision: {last_good}",
        task_def_short(&primary.task_definition),
        primary.running,
        primary.desired
    ))
}

/// The task definition of the newest COMPLETED deployment that is not the PRIMARY one.
fn last_completed(svc: &crate::model::Service) -> Option<String> {
    svc.deployments
        .iter()
        .filter(|d| {
            d.status != DeploymentStatus::Primary && d.rollout_state == RolloutState::Completed
        })
        .max_by_key(|d| d.created_at)
        .map(|d| d.task_definition.clone())
}

/// `R`: opens the revisions of the service with a sensible revision selected:
/// the last COMPLETED one while a deployment is in progress, else the previous one.
fn open_rollback_picker(state: &mut State, svc: &crate::model::Service) {
    push_view(state, View::Revisions, Some(svc.name.clone()));
    let note = in_progress_note(svc);
    let preferred = if note.is_some() {
        last_completed(svc)
    } else {
        None
    };
    // The revision to offer: the last COMPLETED one during a deployment, else the one
    // before the running revision. Applied now if the list is loaded, else on arrival.
    let target = preferred.or_else(|| {
        let rev = crate::model::task_def_revision(&svc.task_definition)?;
        let family = crate::model::task_def_family(&svc.task_definition);
        Some(format!("{family}:{}", rev.checked_sub(1)?))
    });
    state.screen_mut().preselect = target;
    apply_preselect(state);
    let key = |a| state.keymap.keys_of(KeyContext::Revisions, a, 1);
    let (back, diff) = (key(Action::RollbackToSelected), key(Action::DiffRevisions));
    let hint = format!("pick a revision and press {back} to roll back ({diff} shows the diff)");
    let text = match note {
        Some(n) => format!("{n} — {hint}"),
        None => hint,
    };
    set_status(state, Level::Info, text);
}

/// Sends a confirmed op (the confirm dialog's accept): once per service in flight.
pub(super) fn send(state: &mut State, c: Confirm) -> Vec<Command> {
    let Some(op) = c.op else {
        return Vec::new();
    };
    if state.inflight.contains(op.service()) {
        set_status(
            state,
            Level::Info,
            format!("an action on {} is already in flight", op.service()),
        );
        return Vec::new();
    }
    state.inflight.insert(op.service().to_string());
    set_status(
        state,
        Level::Info,
        format!("{} {}: sending…", op.name(), op.service()),
    );
    vec![Command::RunOp(op)]
}

/// An op finished: status line, in-flight cleared, and a watch started.
pub(crate) fn on_op_done(state: &mut State, done: OpDone) {
    let OpDone {
        op,
        result,
        audit_error,
    } = done;
    state.inflight.remove(op.service());
    let outcome = match &result {
        Ok(_) => "ok".to_string(),
        Err(e) => format!("failed: {e}"),
    };
    let summary = match &op {
        Op::Scale { from, to, .. } => format!("scale {from} → {to}"),
        Op::Rollback { to, .. } => format!("rollback to {}", task_def_short(to)),
        Op::NativeRollback { deployment, .. } => format!(
            "native rollback of service deployment {}",
            crate::model::arn_tail(deployment)
        ),
        Op::StopTask { task, .. } => format!("stop task {}", crate::model::arn_tail(task)),
        Op::Redeploy { .. } => "redeploy".to_string(),
        Op::ScalingBounds { from, to, .. } => {
            format!(
                "autoscaling bounds {}-{} → {}-{}",
                from.0, from.1, to.0, to.1
            )
        }
        Op::Exec { request, .. } => format!(
            "shell in {} of task {}",
            request.container,
            crate::model::arn_tail(&request.task)
        ),
        Op::PortForward { request, .. } => format!(
            "port forwarding to {} of task {}",
            request.remote_port, request.task_id
        ),
    };
    let now = state.now;
    state.timeline.push(
        now,
        crate::timeline::EntryKind::Action,
        result.is_err(),
        format!("{}: {summary} — {outcome}", op.service()),
    );
    match result {
        Err(e) => set_status(
            state,
            Level::Error,
            format!("{} {} failed: {e}", op.name(), op.service()),
        ),
        Ok(success) => {
            let text = match &op {
                Op::Redeploy { service, .. } => {
                    format!("redeploy of {service} started; following the new deployment")
                }
                Op::Scale {
                    service, from, to, ..
                } => format!("{service} scaled {from} → {to}"),
                Op::Rollback { service, to, .. } => {
                    format!("rollback of {service} to {} started", task_def_short(to))
                }
                Op::NativeRollback {
                    service,
                    deployment,
                    ..
                } => format!(
                    "native rollback of {service} asked; following service deployment {}",
                    crate::model::arn_tail(deployment)
                ),
                Op::StopTask { service, task, .. } => {
                    format!(
                        "stopped task {} of {service}; watching the service heal",
                        crate::model::arn_tail(task)
                    )
                }
                Op::ScalingBounds { service, to, .. } => format!(
                    "autoscaling of {service} now scales between {} and {}",
                    to.0, to.1
                ),
                Op::Exec { .. } | Op::PortForward { .. } => format!("{summary}: session opened"),
            };
            if let OpSuccess::Session(grant) = &success {
                state.handoff = Some(grant.as_ref().clone());
            }
            set_status(state, Level::Success, text);
            if let Op::StopTask {
                cluster,
                service,
                task,
                ..
            } = &op
            {
                start_stopwatch(state, cluster, service, task);
            }
            if let (Op::NativeRollback { service, .. }, OpSuccess::ServiceDeployment(arn)) =
                (&op, &success)
            {
                follow_native_rollback(state, service, arn);
            }
            if let OpSuccess::Service(svc) = &success {
                let watch = match &op {
                    Op::Scale { to, .. } => RolloutWatch::scale(svc, *to, state.now),
                    Op::Rollback { to, .. } => {
                        RolloutWatch::deployment(svc, "rollback", to.clone(), state.now)
                    }
                    _ => RolloutWatch::deployment(
                        svc,
                        op.name(),
                        svc.task_definition.clone(),
                        state.now,
                    ),
                };
                add_watch(state, watch);
            }
        }
    }
    if let Some(e) = audit_error {
        set_status(state, Level::Error, format!("audit log not written: {e}"));
    }
}

/// How long a finished rollout stays in the panel.
pub(crate) const FINISHED_ROLLOUT_SHOWN_FOR: chrono::Duration = chrono::Duration::seconds(30);

/// Drops the rollouts that finished more than [`FINISHED_ROLLOUT_SHOWN_FOR`] ago.
pub(crate) fn retire_watches(state: &mut State) {
    let now = state.now;
    state.watches.retain(|w| {
        w.finished_at
            .is_none_or(|at| now - at < FINISHED_ROLLOUT_SHOWN_FOR)
    });
}

/// Most rollouts the panel follows at once.
const MAX_WATCHES: usize = 4;

fn add_watch(state: &mut State, watch: RolloutWatch) {
    state.watches.retain(|w| w.service != watch.service);
    state.watches.push(watch);
    if state.watches.len() > MAX_WATCHES {
        state.watches.remove(0);
    }
}

/// Follows the service deployment a native rollback was asked of, described
/// again at the next refresh.
fn follow_native_rollback(state: &mut State, service: &str, arn: &str) {
    state.current_deployments.fetched_at = None;
    let Some(svc) = state.service(service) else {
        return;
    };
    let dep = state
        .current_deployments
        .data
        .as_ref()
        .and_then(|m| m.get(arn));
    if let Some(dep) = dep {
        let watch = RolloutWatch::of_service_deployment(
            svc,
            "native rollback",
            WatchKind::NativeRollback,
            dep,
            state.now,
        );
        add_watch(state, watch);
    }
}

/// What state knows of the current service deployment of `svc`.
fn current_of<'a>(state: &'a State, svc: &crate::model::Service) -> Current<'a> {
    if state.service_deployments_unavailable() || svc.current_service_deployment.is_none() {
        return Current::Absent;
    }
    state
        .current_deployment_of(svc)
        .map_or(Current::Unfetched, Current::Known)
}

/// Updates the watches from fresh service data and service deployments, and
/// follows the blue/green, linear or canary deployment found running on the
/// service the user opened, or selected on the dashboard (while the panel has room).
pub(crate) fn observe_watches(state: &mut State) {
    let now = state.now;
    let Some(services) = state.services.data.as_ref() else {
        return;
    };
    let mut watches = std::mem::take(&mut state.watches);
    for w in &mut watches {
        if let Some(svc) = services.iter().find(|s| s.name == w.service) {
            w.observe_with(svc, current_of(state, svc), now);
        }
    }
    // The service opened; on the dashboard, the selected one (its rollout
    // pane is about it, so it says where the deployment is).
    let opened = match state.screen().view {
        View::Dashboard => state.context_service().map(|s| s.name.as_str()),
        _ => state.screen().service.as_deref(),
    };
    let mut found: Vec<RolloutWatch> = services
        .iter()
        .filter(|s| opened == Some(s.name.as_str()))
        .filter(|s| !watches.iter().any(|w| w.service == s.name))
        .filter_map(|s| {
            let dep = state.running_deployment_of(s)?;
            let kind = dep.strategy.as_ref().map(|st| st.kind)?;
            (kind != crate::model::StrategyKind::Rolling).then(|| {
                RolloutWatch::of_service_deployment(s, "rollout", WatchKind::Deployment, dep, now)
            })
        })
        .collect();
    found.truncate(MAX_WATCHES.saturating_sub(watches.len()));
    watches.extend(found);
    state.watches = watches;
}

/// Starts the self-healing stopwatch for a task that was just stopped.
fn start_stopwatch(state: &mut State, cluster: &str, service: &str, task_arn: &str) {
    let Some(svc) = state.service(service).cloned() else {
        return;
    };
    let tasks: Vec<_> = state.service_tasks(service).into_iter().cloned().collect();
    let Some(victim) = tasks.iter().find(|t| t.arn == task_arn).cloned() else {
        return;
    };
    let groups: Vec<_> = state
        .service_target_groups(&svc)
        .into_iter()
        .cloned()
        .collect();
    let timeline = ChaosTimeline::new(&svc, &victim, &tasks, &groups, state.now);
    state
        .chaos
        .retain(|r| r.timeline.service != service || !r.timeline.is_complete());
    state.chaos.push(ChaosRun {
        cluster: cluster.to_string(),
        timeline,
        recorded: false,
    });
    if state.chaos.len() > 3 {
        state.chaos.remove(0);
    }
}

/// Feeds fresh tasks and targets to the running stopwatches; records the finished ones.
pub(crate) fn observe_chaos(state: &mut State) -> Vec<Command> {
    if state.chaos.is_empty() {
        return Vec::new();
    }
    let now = state.now;
    let mut snapshots = Vec::new();
    for run in &state.chaos {
        let name = &run.timeline.service;
        let tasks: Vec<_> = state.service_tasks(name).into_iter().cloned().collect();
        let groups: Vec<_> = state
            .service(name)
            .map(|s| {
                state
                    .service_target_groups(s)
                    .into_iter()
                    .cloned()
                    .collect()
            })
            .unwrap_or_default();
        snapshots.push((tasks, groups));
    }
    let mut commands = Vec::new();
    let mut entries = Vec::new();
    for (run, (tasks, groups)) in state.chaos.iter_mut().zip(snapshots) {
        if run.recorded || tasks.is_empty() {
            continue;
        }
        run.timeline.observe(&tasks, &groups, now);
        if run.timeline.is_complete() {
            run.recorded = true;
            let record = ChaosRecord::from_timeline(&run.cluster, &run.timeline);
            entries.push(format!(
                "{}: chaos experiment — {}",
                record.service,
                record.headline()
            ));
            commands.push(Command::RecordChaos(Box::new(record)));
        }
    }
    for text in entries {
        state
            .timeline
            .push(now, crate::timeline::EntryKind::Chaos, false, text.clone());
        set_status(state, Level::Success, text);
    }
    commands
}

/// Selects the revisions view's preselected revision once the list holds it.
/// The preselection names an ARN or a `family:revision`; the nearest older
/// revision is taken when that exact one is gone (deregistered).
pub(crate) fn apply_preselect(state: &mut State) {
    let screen = state.screen();
    let (Some(target), Some(service)) = (screen.preselect.clone(), screen.service.clone()) else {
        return;
    };
    let revisions: Vec<String> = state
        .filtered_revisions(&service, &screen.nav)
        .into_iter()
        .cloned()
        .collect();
    if revisions.is_empty() {
        return;
    }
    let wanted = crate::model::task_def_revision(&target);
    let index = revisions
        .iter()
        .position(|a| *a == target || crate::model::task_def_short(a) == target)
        .or_else(|| {
            let w = wanted?;
            revisions
                .iter()
                .position(|a| crate::model::task_def_revision(a).is_some_and(|r| r <= w))
        })
        .unwrap_or(0);
    let height = state.body_rows();
    let len = revisions.len();
    let screen = state.screen_mut();
    screen.preselect = None;
    screen.nav.select(index, len, height);
}
