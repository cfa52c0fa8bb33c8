//! The runbook panel: `b` opens the runbook matching the service or alarm in
//! context beside the live dashboard; its console actions run through the same
//! confirmed path as the keys.

use crate::action::Action;
use crate::app::{Command, push_view, set_status};
use crate::runbook::{self, Runbook};
use crate::state::{Level, RunbookPanel, State, View};

/// `b`: opens the best runbook for what is selected.
pub(crate) fn open(state: &mut State) -> Vec<Command> {
    let screen = state.screen();
    let found: Option<(String, Option<String>)> = match screen.view {
        View::Runbooks => state
            .runbooks
            .get(screen.nav.selected)
            .map(|r| (r.id.clone(), state.context_service_name_for_runbooks())),
        View::Alarms => {
            let alarms = state.filtered_alarms(screen.service.as_deref(), &screen.nav);
            alarms.get(screen.nav.selected).and_then(|alarm| {
                let best = runbook::matching(&state.runbooks, alarm)
                    .first()
                    .map(|r| r.runbook.id.clone())?;
                let service = state
                    .services
                    .data
                    .iter()
                    .flatten()
                    .find(|s| alarm.matches_service(s, state.service_target_groups(s)))
                    .map(|s| s.name.clone());
                Some((best, service))
            })
        }
        _ => state.context_service().and_then(|svc| {
            let tasks: Vec<_> = state
                .service_tasks(&svc.name)
                .into_iter()
                .cloned()
                .collect();
            let groups: Vec<_> = state
                .service_target_groups(svc)
                .into_iter()
                .cloned()
                .collect();
            let alarms = state.alarms.data.clone().unwrap_or_default();
            let symptoms = runbook::infer_symptoms(svc, &tasks, &groups, &alarms);
            runbook::for_service(&state.runbooks, svc, &symptoms)
                .first()
                .map(|r| (r.runbook.id.clone(), Some(svc.name.clone())))
        }),
    };
    match found {
        Some((id, service)) => {
            state.runbook_panel = Some(RunbookPanel {
                id,
                service,
                scroll: 0,
            });
        }
        None => set_status(
            state,
            Level::Info,
            "no runbook matches what is selected; :runbooks lists them all".into(),
        ),
    }
    Vec::new()
}

/// The runbook shown in the panel.
pub(crate) fn current(state: &State) -> Option<&Runbook> {
    let panel = state.runbook_panel.as_ref()?;
    runbook::by_id(&state.runbooks, &panel.id)
}

/// Prepares the runbook's `n`-th console action (1-based) on the service in
/// context: makes that service the context and returns the action for the
/// dispatcher to run, if the step is one.
pub(crate) fn step(state: &mut State, n: usize) -> Option<Action> {
    let rb = current(state)?;
    let Some(name) = rb.actions.get(n.saturating_sub(1)).cloned() else {
        set_status(
            state,
            Level::Info,
            format!("this runbook has no action {n}"),
        );
        return None;
    };
    let service = state.runbook_panel.as_ref().and_then(|p| p.service.clone());
    // Act on the runbook's service: make it the context first.
    if let Some(svc) = service.clone()
        && state.screen().service.as_deref() != Some(svc.as_str())
        && state.context_service().map(|s| s.name.as_str()) != Some(svc.as_str())
    {
        push_view(state, View::ServiceDetail, Some(svc));
    }
    match (runbook::runbook_action(&name), name.as_str()) {
        (Some(action), _) => {
            if action == Action::StopTask
                && state.screen().view != View::ServiceDetail
                && let Some(svc) = service
            {
                push_view(state, View::ServiceDetail, Some(svc));
            }
            Some(action)
        }
        (None, "tasks") => {
            match service {
                Some(svc) => push_view(state, View::ServiceDetail, Some(svc)),
                None => push_view(state, View::Tasks, None),
            }
            None
        }
        (None, "logs") => Some(Action::ShowEvents),
        (None, other) => {
            set_status(
                state,
                Level::Info,
                format!("unknown runbook action {other}"),
            );
            None
        }
    }
}

/// Scrolls the panel.
pub(crate) fn scroll(state: &mut State, delta: isize) {
    if let Some(p) = state.runbook_panel.as_mut() {
        p.scroll = (p.scroll as isize + delta).max(0) as usize;
    }
}

/// Opens the `:runbooks` list.
pub(crate) fn list(state: &mut State) {
    push_view(state, View::Runbooks, None);
}
