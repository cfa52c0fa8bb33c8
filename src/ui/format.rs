//! Small formatting helpers shared by the views: ages, states with symbols.

use ratatui::style::Style;
use ratatui::text::Span;

use crate::model::{
    Deployment, HealthStatus, RolloutState, Service, Target, TargetState, Task, TaskStatus, Time,
};
use crate::theme::Theme;

/// A compact age: `42s`, `5m`, `3h`, `2d`.
pub(crate) fn age(now: Time, then: Time) -> String {
    let secs = (now - then).num_seconds().max(0);
    match secs {
        0..=59 => format!("{secs}s"),
        60..=3599 => format!("{}m", secs / 60),
        3600..=86_399 => format!("{}h", secs / 3600),
        _ => format!("{}d", secs / 86_400),
    }
}

/// [`age`] of a time the source may not have given; `–` when absent.
pub(crate) fn age_of(now: Time, then: Option<Time>) -> String {
    then.map_or_else(|| "–".to_string(), |t| age(now, t))
}

/// `5m ago`, or `–` when the time is absent.
pub(crate) fn ago(now: Time, then: Option<Time>) -> String {
    then.map_or_else(|| "–".to_string(), |t| format!("{} ago", age(now, t)))
}

/// The deployment column: symbol, rollout state and progress.
pub(crate) fn rollout<'a>(service: &Service, theme: &Theme) -> Span<'a> {
    match service.primary_deployment() {
        None => Span::styled("? no deployment", theme.dim),
        Some(d) => rollout_of(d, theme),
    }
}

/// A deployment's rollout state with a symbol.
pub(crate) fn rollout_of<'a>(d: &Deployment, theme: &Theme) -> Span<'a> {
    match d.rollout_state {
        RolloutState::Completed => Span::styled("✔ COMPLETED", theme.ok),
        RolloutState::InProgress => Span::styled(
            format!("⟳ IN_PROGRESS {}/{}", d.running, d.desired),
            theme.warn,
        ),
        RolloutState::Failed => Span::styled("✖ FAILED", theme.bad),
    }
}

/// Style for a task's last status.
pub(crate) fn task_status_style(status: TaskStatus, theme: &Theme) -> Style {
    match status {
        TaskStatus::Running => theme.ok,
        TaskStatus::Stopped => theme.dim,
        TaskStatus::Deactivating | TaskStatus::Stopping | TaskStatus::Deprovisioning => theme.warn,
        _ => theme.warn,
    }
}

/// A target's state with its reason code.
pub(crate) fn target<'a>(t: &Target, theme: &Theme) -> Span<'a> {
    let style = match t.state {
        TargetState::Healthy => theme.ok,
        TargetState::Unhealthy => theme.bad,
        TargetState::Initial | TargetState::Draining => theme.warn,
        TargetState::Unused | TargetState::Unavailable => theme.dim,
    };
    let text = match &t.reason {
        Some(r) => format!("{} {}", t.state.as_str(), r),
        None => t.state.as_str().to_string(),
    };
    Span::styled(text, style)
}

/// The health chain of a task: essential containers → task → ALB target.
pub(crate) fn health_chain<'a>(
    task: &Task,
    tg_target: Option<&Target>,
    theme: &Theme,
) -> Vec<Span<'a>> {
    let essential: Vec<_> = task.containers.iter().filter(|c| c.essential).collect();
    let containers =
        if essential.iter().all(|c| c.health == HealthStatus::Healthy) && !essential.is_empty() {
            Span::styled("✔", theme.ok)
        } else if essential
            .iter()
            .any(|c| c.health == HealthStatus::Unhealthy)
        {
            let bad = essential
                .iter()
                .filter(|c| c.health == HealthStatus::Unhealthy)
                .count();
            Span::styled(format!("✖{bad}"), theme.bad)
        } else {
            Span::styled("?", theme.dim)
        };
    let task_span = match task.health {
        HealthStatus::Healthy => Span::styled("✔", theme.ok),
        HealthStatus::Unhealthy => Span::styled("✖", theme.bad),
        HealthStatus::Unknown => Span::styled("?", theme.dim),
    };
    let mut spans = vec![containers, Span::styled(" → ", theme.dim), task_span];
    if let Some(t) = tg_target {
        spans.push(Span::styled(" → ", theme.dim));
        spans.push(target(t, theme));
    }
    spans
}
