//! The selected row of the current screen as something to describe (JSON,
//! secrets masked) and copy (its ARN or id).

use super::{State, View};

/// A selected row as something that can be described and whose ARN can be copied.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Selected {
    /// Title for the describe overlay.
    pub(crate) title: String,
    /// ARN or id to copy.
    pub(crate) arn: String,
    /// Pretty JSON (characters off the allow-list as `\uXXXX`), secrets masked.
    pub(crate) json: String,
    /// The JSON with secrets in clear, when the resource holds any (reveal key).
    pub(crate) unmasked_json: Option<String>,
}

fn describe_json<T: serde::Serialize>(value: &T) -> String {
    crate::text::json::to_string_pretty(value).unwrap_or_else(|e| format!("cannot describe: {e}"))
}

fn selected<T: serde::Serialize>(title: String, arn: &str, value: &T) -> Selected {
    Selected {
        title,
        arn: arn.to_string(),
        json: describe_json(value),
        unmasked_json: None,
    }
}

/// A task definition: described masked, with the clear form for a reveal.
fn selected_task_def(title: String, td: &crate::model::TaskDefinition) -> Selected {
    let masked = crate::secrets::mask_task_definition(td);
    let unmasked_json = (masked != *td).then(|| describe_json(td));
    Selected {
        unmasked_json,
        ..selected(title, &td.arn, &masked)
    }
}

impl State {
    /// The selected row of the current screen, for describe and copy.
    pub(crate) fn selected(&self) -> Option<Selected> {
        let screen = self.screen();
        let nav = &screen.nav;
        let i = nav.selected;
        let svc = screen.service.as_deref();
        match screen.view {
            View::Services | View::Scaling | View::Dashboard => self
                .service_rows(screen.view, nav)
                .get(i)
                .map(|s| selected(format!("service {}", s.name), &s.arn, s)),
            View::ServiceDetail | View::Tasks => self
                .filtered_tasks(svc, nav)
                .get(i)
                .map(|t| selected(format!("task {}", t.id), &t.arn, t)),
            View::Deployments => match svc.map(|s| self.history_source(s)) {
                Some(super::service_deployments::HistorySource::History(_)) => svc
                    .and_then(|s| self.filtered_service_deployments(s, nav).get(i).copied())
                    .map(|d| selected(format!("service deployment {}", d.short_id()), &d.arn, d)),
                _ => svc
                    .and_then(|s| self.filtered_deployments(s, nav).get(i).copied())
                    .map(|d| selected(format!("deployment {}", d.id), &d.id, d)),
            },
            View::ServiceDeployment => self
                .shown_service_deployment()
                .map(|d| selected(format!("service deployment {}", d.short_id()), &d.arn, d)),
            View::Events => svc
                .and_then(|s| self.filtered_events(s, nav).get(i).copied())
                .map(|e| selected("event".to_string(), &e.id, e)),
            View::TargetGroups => self
                .target_rows(svc, nav)
                .get(i)
                .map(|(g, _)| selected(format!("target group {}", g.name), &g.arn, g)),
            View::Alarms => self
                .filtered_alarms(svc, nav)
                .get(i)
                .map(|a| selected(format!("alarm {}", a.name), &a.arn, a)),
            View::Revisions => svc
                .and_then(|s| self.filtered_revisions(s, nav).get(i).copied())
                .map(|arn| match self.task_defs.get(arn) {
                    Some(td) => selected_task_def(
                        format!("task definition {}", crate::model::task_def_short(arn)),
                        td,
                    ),
                    None => selected(crate::model::task_def_short(arn).to_string(), arn, arn),
                }),
            View::Audit => self
                .audit_rows(nav)
                .get(i)
                .map(|r| selected(format!("audit {}", r.action), &r.service, r)),
            View::Timeline => self
                .timeline
                .entries
                .iter()
                .rev()
                .nth(i)
                .map(|e| selected(format!("{} event", e.kind.label()), &e.text, e)),
            View::Runbooks => self.runbooks.get(i).map(|r| Selected {
                title: format!("runbook {}", r.id),
                arn: r.path.display().to_string(),
                json: r.body.clone(),
                unmasked_json: None,
            }),
            View::Chaos => self
                .chaos_log
                .data
                .as_ref()
                .and_then(|v| v.get(i))
                .map(|r| selected(format!("chaos {}", r.service), &r.victim, r)),
            View::Fleet | View::Promotion => None,
            // Presenter mode never describes anything: no secrets on a projector.
            View::Presenter => None,
            View::Metrics | View::Diff | View::Logs => self
                .context_service()
                .map(|s| selected(format!("service {}", s.name), &s.arn, s)),
        }
    }
}
