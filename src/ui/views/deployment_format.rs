//! Formatting shared by the service-deployment history table and its detail:
//! status with colour and symbol, strategy, source → target revision, duration,
//! circuit breaker. AWS strings pass through as they are; `ui::render`'s cell
//! pass sanitises every one.

use ratatui::text::Span;

use crate::model::{
    DeploymentStrategy, RevisionRef, ServiceDeployment, ServiceDeploymentStatus, StrategyKind, Time,
};
use crate::state::State;
use crate::theme::Theme;

/// A status with its symbol and colour; `? UNKNOWN` for a word this build does not know.
pub(crate) fn status<'a>(status: Option<ServiceDeploymentStatus>, t: &Theme) -> Span<'a> {
    use ServiceDeploymentStatus as S;
    let Some(s) = status else {
        return Span::styled("? UNKNOWN", t.dim);
    };
    let (symbol, style) = match s {
        S::Pending => ("…", t.dim),
        S::InProgress => ("⟳", t.warn),
        S::Successful => ("✔", t.ok),
        S::StopRequested | S::RollbackRequested | S::RollbackInProgress => ("↺", t.warn),
        S::Stopped | S::RollbackSuccessful => ("↺", t.bad),
        S::RollbackFailed => ("✖", t.bad),
    };
    Span::styled(format!("{symbol} {}", s.as_str()), style)
}

/// The strategy in a word (`CANARY`), `–` when the source does not say.
pub(crate) fn strategy_kind(d: &ServiceDeployment) -> &'static str {
    d.strategy.as_ref().map_or("–", |s| s.kind.as_str())
}

/// The strategy with its settings: `CANARY 10% · bake 5m · then bake 2m`.
pub(crate) fn strategy_settings(s: &DeploymentStrategy) -> String {
    let mut parts = vec![s.kind.as_str().to_string()];
    match s.kind {
        StrategyKind::Canary => {
            if let Some(c) = s.canary {
                parts.push(format!(
                    "{:.0}% first, canary bake {}m",
                    c.percent, c.bake_minutes
                ));
            }
        }
        StrategyKind::Linear => {
            if let Some(l) = s.linear {
                parts.push(format!(
                    "{:.0}% steps, {}m each",
                    l.step_percent, l.step_bake_minutes
                ));
            }
        }
        StrategyKind::Rolling | StrategyKind::BlueGreen => {}
    }
    if let Some(b) = s.bake_minutes {
        parts.push(format!("bake {b}m"));
    }
    parts.join(" · ")
}

/// A revision as `family:revision (tag)` (the first container's image tag;
/// the detail lists every image) once its service revision is known, else
/// the tail of its ARN.
pub(crate) fn revision(state: &State, r: &RevisionRef) -> String {
    let Some(rev) = state.service_revision(&r.arn) else {
        return format!("rev {}", crate::model::arn_tail(&r.arn));
    };
    let td = crate::model::task_def_short(&rev.task_definition);
    match rev.images.first() {
        Some(i) => format!("{td} ({})", image_tag(&i.image)),
        None => td.to_string(),
    }
}

/// Source → target in a table cell: `checkout:7 → 8 (1.5)` (the target's
/// tag; the family once when both revisions share it). `compact` (a narrow
/// table) drops a shared family and the brackets, so the tag stays in view:
/// `:7 → :8 1.5`.
pub(crate) fn source_to_target_short(
    state: &State,
    d: &ServiceDeployment,
    compact: bool,
) -> String {
    let td = |r: &RevisionRef| {
        state
            .service_revision(&r.arn)
            .map(|v| crate::model::task_def_short(&v.task_definition).to_string())
    };
    let source = d.source_revisions.first();
    let target = d.target_revision.as_ref();
    match (source.and_then(td), target.and_then(td)) {
        (Some(from), Some(to)) => {
            let tag = target
                .and_then(|r| state.service_revision(&r.arn))
                .and_then(|v| v.images.first())
                .map(|i| match image_tag(&i.image) {
                    tag if compact => format!(" {tag}"),
                    tag => format!(" ({tag})"),
                })
                .unwrap_or_default();
            match (from.rsplit_once(':'), to.rsplit_once(':')) {
                (Some((f1, r1)), Some((f2, r2))) if f1 == f2 && compact => {
                    format!(":{r1} → :{r2}{tag}")
                }
                (Some((f1, _)), Some((f2, r2))) if f1 == f2 => format!("{from} → {r2}{tag}"),
                _ => format!("{from} → {to}{tag}"),
            }
        }
        _ => source_to_target(state, d),
    }
}

/// Source → target: `checkout:7 (1.4) → checkout:8 (1.5)`.
pub(crate) fn source_to_target(state: &State, d: &ServiceDeployment) -> String {
    let sources: Vec<String> = d
        .source_revisions
        .iter()
        .map(|r| revision(state, r))
        .collect();
    let source = if sources.is_empty() {
        "–".to_string()
    } else {
        sources.join(" + ")
    };
    let target = d
        .target_revision
        .as_ref()
        .map_or_else(|| "–".to_string(), |r| revision(state, r));
    format!("{source} → {target}")
}

/// A hook target's name: a Lambda function ARN's function name.
pub(crate) fn hook_name(arn: &str) -> &str {
    arn.rsplit([':', '/']).next().unwrap_or(arn)
}

/// The tag of an image reference (`repo/app:1.5` → `1.5`, a digest → its
/// first 12 hex digits), the whole reference when it has neither.
pub(crate) fn image_tag(image: &str) -> &str {
    if let Some((_, digest)) = image.rsplit_once("@sha256:") {
        return digest.get(..12).unwrap_or(digest);
    }
    let name = image.rsplit('/').next().unwrap_or(image);
    name.rsplit_once(':').map_or(image, |(_, tag)| tag)
}

/// How long it ran: until it finished (or stopped), else until now.
pub(crate) fn duration(now: Time, d: &ServiceDeployment) -> String {
    let Some(secs) = d.took_secs(now) else {
        return "–".to_string();
    };
    match secs {
        0..=3599 => format!("{}m{:02}s", secs / 60, secs % 60),
        _ => format!("{}h{:02}m", secs / 3600, (secs % 3600) / 60),
    }
}

/// The circuit breaker as `failed n/threshold`, `–` when not configured.
pub(crate) fn breaker(d: &ServiceDeployment) -> String {
    d.breaker_text()
}

/// What went wrong or what ECS says: the rollback reason, the triggered
/// alarms, else the status reason.
pub(crate) fn reason(d: &ServiceDeployment) -> String {
    d.reason_text()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn image_tags() {
        assert_eq!(
            image_tag("123.dkr.ecr.us-east-1.amazonaws.com/app:1.5"),
            "1.5"
        );
        assert_eq!(image_tag("localhost:5000/app"), "localhost:5000/app");
        assert_eq!(image_tag("app@sha256:0123456789abcdef0123"), "0123456789ab");
        assert_eq!(image_tag("nginx"), "nginx");
    }
}
