//! Where a service deployment is, in words: the lifecycle stage, production
//! traffic on the new revision, the hook running and the bake time left
//! (`canary 5 % · baking 7:12 left`, `linear 30 % → 40 % in 2:00`,
//! `canary · hook post-test-traffic: IN_PROGRESS`). The times left are
//! counted from the deployment's `updatedAt`, which ECS sets when a stage
//! begins or the traffic moves.

use crate::model::{
    DeploymentStrategy, HookStatus, LifecycleStage, ServiceDeployment, ServiceDeploymentStatus,
    StrategyKind, Time,
};

/// `m:ss`, never negative.
fn clock(secs: i64) -> String {
    let secs = secs.max(0);
    format!("{}:{:02}", secs / 60, secs % 60)
}

fn kind_of(d: &ServiceDeployment) -> StrategyKind {
    d.strategy
        .as_ref()
        .map_or(StrategyKind::Rolling, |s| s.kind)
}

/// The strategy's word: `canary`, `linear`, `blue/green`, `rolling`.
fn kind_word(kind: StrategyKind) -> &'static str {
    match kind {
        StrategyKind::Canary => "canary",
        StrategyKind::Linear => "linear",
        StrategyKind::BlueGreen => "blue/green",
        StrategyKind::Rolling => "rolling",
    }
}

/// `5 %`, `30.5 %`.
fn pct(p: f64) -> String {
    if (p - p.round()).abs() < 0.05 {
        format!("{p:.0} %")
    } else {
        format!("{p:.1} %")
    }
}

/// A stage as a hook names it: `post-test-traffic` for POST_TEST_TRAFFIC_SHIFT.
fn stage_name(stage: LifecycleStage) -> String {
    let s = stage.as_str();
    s.strip_suffix("_SHIFT")
        .unwrap_or(s)
        .to_ascii_lowercase()
        .replace('_', "-")
}

/// Seconds since the deployment last changed (the stage or the traffic).
fn since_change(d: &ServiceDeployment, now: Time) -> i64 {
    d.updated_at
        .or(d.started_at)
        .map_or(0, |t| (now - t).num_seconds().max(0))
}

/// The hook that has not answered yet, with its status.
fn pending_hook(d: &ServiceDeployment) -> Option<(LifecycleStage, HookStatus)> {
    d.hooks.iter().find_map(|h| match h.status {
        Some(s @ (HookStatus::InProgress | HookStatus::AwaitingAction)) => {
            Some((h.stage.or(d.lifecycle_stage)?, s))
        }
        _ => None,
    })
}

/// What the traffic shift waits for: the share after the next step and the
/// seconds until it, or (canary) the seconds the canary still bakes.
enum Shift {
    /// Linear: `(next %, seconds)`.
    Step(f64, i64),
    /// Canary: seconds the canary still bakes.
    Baking(i64),
    /// Nothing to wait for.
    Done,
}

fn shift(strategy: &DeploymentStrategy, current: f64, since: i64) -> Shift {
    if current >= 100.0 {
        return Shift::Done;
    }
    match strategy.kind {
        StrategyKind::Canary => strategy.canary.map_or(Shift::Done, |c| {
            Shift::Baking(i64::from(c.bake_minutes) * 60 - since)
        }),
        StrategyKind::Linear => strategy.linear.map_or(Shift::Done, |l| {
            let next = (current + l.step_percent.max(1.0)).min(100.0);
            Shift::Step(next, i64::from(l.step_bake_minutes) * 60 - since)
        }),
        _ => Shift::Done,
    }
}

fn bake_left(d: &ServiceDeployment, now: Time) -> Option<i64> {
    let minutes = d.strategy.as_ref()?.bake_minutes?;
    Some(i64::from(minutes) * 60 - since_change(d, now))
}

/// The long form, for the rollouts panel and the confirm dialog.
pub(crate) fn line(d: &ServiceDeployment, now: Time) -> String {
    use ServiceDeploymentStatus as St;
    let kind = kind_word(kind_of(d));
    let traffic = d.target_traffic().unwrap_or(0.0);
    match d.status {
        Some(St::InProgress) => {}
        Some(St::RollbackRequested | St::RollbackInProgress) => {
            return format!("{kind} rolling back to the source revision");
        }
        Some(St::StopRequested) => return format!("{kind} stopping"),
        Some(St::Pending) => return format!("{kind} pending"),
        Some(s) => return format!("{kind} {}", s.as_str()),
        None => return format!("{kind} status unknown"),
    }
    if let Some((stage, status)) = pending_hook(d) {
        return format!("{kind} · hook {}: {}", stage_name(stage), status.as_str());
    }
    let since = since_change(d, now);
    match (d.lifecycle_stage, d.strategy.as_ref()) {
        (Some(LifecycleStage::ProductionTrafficShift), Some(s)) => match shift(s, traffic, since) {
            Shift::Baking(left) => {
                format!("{kind} {} · baking {} left", pct(traffic), clock(left))
            }
            Shift::Step(next, left) => {
                format!("{kind} {} → {} in {}", pct(traffic), pct(next), clock(left))
            }
            Shift::Done => format!("{kind} {}", pct(traffic)),
        },
        (Some(LifecycleStage::BakeTime), _) => match bake_left(d, now) {
            Some(left) => format!("{kind} {} · bake time {} left", pct(traffic), clock(left)),
            None => format!("{kind} {} · bake time", pct(traffic)),
        },
        (Some(stage), _) => format!(
            "{kind} {} · {}",
            pct(traffic),
            stage.as_str().to_ascii_lowercase().replace('_', " ")
        ),
        (None, _) => format!("{kind} {}", pct(traffic)),
    }
}

/// The short form for a services row (at most [`SHORT_WIDTH`] columns):
/// `⟳ canary 10% 4:12`, `⟳ linear 40% 1:30`, `⟳ canary bake 1:52`.
pub(crate) fn short(d: &ServiceDeployment, now: Time) -> String {
    let (symbol, text) = short_parts(d, now);
    let with = format!("{symbol} {text}");
    if unicode_width::UnicodeWidthStr::width(with.as_str()) <= SHORT_WIDTH {
        with
    } else {
        text
    }
}

/// Width of the services view's DEPLOYMENT column.
pub(crate) const SHORT_WIDTH: usize = 18;

/// A compact time left: `m:ss` under an hour, else `HhMM`.
fn short_clock(secs: i64) -> String {
    let secs = secs.max(0);
    if secs < 3600 {
        clock(secs)
    } else {
        format!("{}h{:02}", secs / 3600, secs % 3600 / 60)
    }
}

fn short_parts(d: &ServiceDeployment, now: Time) -> (&'static str, String) {
    use ServiceDeploymentStatus as St;
    let kind = match kind_of(d) {
        StrategyKind::BlueGreen => "b/g",
        StrategyKind::Rolling => "roll",
        k => kind_word(k),
    };
    match d.status {
        Some(St::RollbackRequested | St::RollbackInProgress) => {
            return ("⟲", "rolling back".into());
        }
        Some(St::StopRequested) => return ("⟳", "stopping".into()),
        Some(St::Pending) => return ("⟳", format!("{kind} pending")),
        _ => {}
    }
    if pending_hook(d).is_some() {
        return ("⟳", format!("{kind} hook…"));
    }
    let traffic = d.target_traffic().unwrap_or(0.0);
    let since = since_change(d, now);
    let text = match (d.lifecycle_stage, d.strategy.as_ref()) {
        (Some(LifecycleStage::ProductionTrafficShift), Some(s)) => match shift(s, traffic, since) {
            Shift::Baking(left) | Shift::Step(_, left) => {
                format!("{kind} {traffic:.0}% {}", short_clock(left))
            }
            Shift::Done => format!("{kind} {traffic:.0}%"),
        },
        (Some(LifecycleStage::BakeTime), _) => match bake_left(d, now) {
            Some(left) => format!("{kind} bake {}", short_clock(left)),
            None => format!("{kind} bake"),
        },
        (Some(stage), _) => {
            let word = match stage {
                LifecycleStage::ReconcileService => "starting",
                LifecycleStage::PreScaleUp => "prescale",
                LifecycleStage::ScaleUp => "scale-up",
                LifecycleStage::PostScaleUp => "scaled",
                LifecycleStage::TestTrafficShift => "test",
                LifecycleStage::PostTestTrafficShift => "tested",
                LifecycleStage::ProductionTrafficShift => "shift",
                LifecycleStage::PostProductionTrafficShift => "shifted",
                LifecycleStage::BakeTime => "bake",
                LifecycleStage::CleanUp => "clean-up",
            };
            format!("{kind} {word}")
        }
        (None, _) => format!("{kind} {traffic:.0}%"),
    };
    ("⟳", text)
}

#[cfg(test)]
#[path = "progress_tests.rs"]
mod tests;
