//! The `[services.deployment]` table of a scenario file: a service's
//! deployment strategy (ROLLING, BLUE_GREEN, LINEAR or CANARY), its lifecycle
//! hooks, and whether a deployment of it is in progress at start.

use serde::Deserialize;
use toml::Spanned;

use super::format::{Invalid, check_name, check_revision, invalid};
use super::{DeploymentSpec, FamilySpec};
use crate::model::{
    CanaryConfig, DeploymentStrategy, LifecycleHook, LifecycleStage, LinearConfig, StrategyKind,
};
use crate::source::sim::ids;
use crate::source::sim::strategy::SimStrategy;

/// Longest bake time, in minutes (the ECS limit).
const MAX_BAKE_MINUTES: u32 = 1440;

/// The stages ECS runs lifecycle hooks at.
const HOOK_STAGES: &[LifecycleStage] = &[
    LifecycleStage::ReconcileService,
    LifecycleStage::PreScaleUp,
    LifecycleStage::PostScaleUp,
    LifecycleStage::TestTrafficShift,
    LifecycleStage::PostTestTrafficShift,
    LifecycleStage::ProductionTrafficShift,
    LifecycleStage::PostProductionTrafficShift,
];

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct DeploymentEntry {
    strategy: Spanned<String>,
    bake_minutes: Option<Spanned<u32>>,
    canary_percent: Option<Spanned<f64>>,
    canary_bake_minutes: Option<Spanned<u32>>,
    linear_step_percent: Option<Spanned<f64>>,
    linear_step_bake_minutes: Option<Spanned<u32>>,
    #[serde(default)]
    hooks: Vec<HookEntry>,
    in_progress: Option<Spanned<bool>>,
    to: Option<Spanned<u32>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct HookEntry {
    function: Spanned<String>,
    stages: Spanned<Vec<Spanned<String>>>,
    fails: Option<Spanned<bool>>,
}

/// Refuses `key` (when given) unless the strategy is one of `kinds`.
fn only_for<T>(
    value: &Option<Spanned<T>>,
    key: &str,
    kind: StrategyKind,
    kinds: &[StrategyKind],
) -> Result<(), Invalid> {
    match value {
        Some(v) if !kinds.contains(&kind) => {
            let names: Vec<&str> = kinds.iter().map(|k| k.as_str()).collect();
            invalid(
                v.span(),
                format!(
                    "{key} applies to {} only, not {}",
                    names.join(", "),
                    kind.as_str()
                ),
            )
        }
        _ => Ok(()),
    }
}

fn check_minutes(v: &Option<Spanned<u32>>, key: &str) -> Result<u32, Invalid> {
    match v {
        Some(m) if *m.get_ref() > MAX_BAKE_MINUTES => invalid(
            m.span(),
            format!("{key} must be 0 to {MAX_BAKE_MINUTES} minutes"),
        ),
        Some(m) => Ok(*m.get_ref()),
        None => Ok(0),
    }
}

/// A traffic percentage: more than 0, at most 100.
fn check_share(v: &Spanned<f64>, key: &str) -> Result<f64, Invalid> {
    let x = *v.get_ref();
    if x.is_finite() && x > 0.0 && x <= 100.0 {
        Ok(x)
    } else {
        invalid(
            v.span(),
            format!("{key} must be a percentage, more than 0 and at most 100"),
        )
    }
}

fn required(
    v: &Option<Spanned<f64>>,
    key: &str,
    strategy: &Spanned<String>,
) -> Result<f64, Invalid> {
    match v {
        Some(p) => check_share(p, key),
        None => invalid(
            strategy.span(),
            format!("strategy {} needs {key}", strategy.get_ref()),
        ),
    }
}

impl DeploymentEntry {
    /// Checks the table of a service running `revision` of `family`.
    pub(super) fn check(
        self,
        family: &FamilySpec,
        revision: u32,
    ) -> Result<DeploymentSpec, Invalid> {
        use StrategyKind as K;
        let Some(kind) = StrategyKind::parse(self.strategy.get_ref()) else {
            return invalid(
                self.strategy.span(),
                format!(
                    "strategy must be ROLLING, BLUE_GREEN, LINEAR or CANARY, not `{}`",
                    self.strategy.get_ref()
                ),
            );
        };
        let modern = [K::BlueGreen, K::Linear, K::Canary];
        only_for(&self.bake_minutes, "bake_minutes", kind, &modern)?;
        only_for(&self.canary_percent, "canary_percent", kind, &[K::Canary])?;
        only_for(
            &self.canary_bake_minutes,
            "canary_bake_minutes",
            kind,
            &[K::Canary],
        )?;
        only_for(
            &self.linear_step_percent,
            "linear_step_percent",
            kind,
            &[K::Linear],
        )?;
        only_for(
            &self.linear_step_bake_minutes,
            "linear_step_bake_minutes",
            kind,
            &[K::Linear],
        )?;
        only_for(&self.in_progress, "in_progress", kind, &modern)?;
        let bake_minutes = check_minutes(&self.bake_minutes, "bake_minutes")?;
        let canary = match kind {
            K::Canary => Some(CanaryConfig {
                percent: required(&self.canary_percent, "canary_percent", &self.strategy)?,
                bake_minutes: check_minutes(&self.canary_bake_minutes, "canary_bake_minutes")?,
            }),
            _ => None,
        };
        let linear = match kind {
            K::Linear => Some(LinearConfig {
                step_percent: required(
                    &self.linear_step_percent,
                    "linear_step_percent",
                    &self.strategy,
                )?,
                step_bake_minutes: check_minutes(
                    &self.linear_step_bake_minutes,
                    "linear_step_bake_minutes",
                )?,
            }),
            _ => None,
        };
        let mut hooks = Vec::new();
        let mut failing_hook = None;
        for h in &self.hooks {
            if kind == K::Rolling {
                return invalid(
                    h.function.span(),
                    "hooks apply to BLUE_GREEN, LINEAR, CANARY only, not ROLLING",
                );
            }
            let (hook, fails_at) = check_hook(h)?;
            if let Some(stage) = fails_at {
                if failing_hook.is_some() {
                    let span = h.fails.as_ref().map_or(h.function.span(), |f| f.span());
                    return invalid(span, "only one hook of a service may fail");
                }
                failing_hook = Some(stage);
            }
            hooks.push(hook);
        }
        let in_progress = self.in_progress.as_ref().is_some_and(|b| *b.get_ref());
        let start_to = match (&self.to, in_progress) {
            (Some(t), false) => {
                return invalid(t.span(), "`to` needs `in_progress = true`");
            }
            (Some(t), true) => Some(check_revision(t, family)?),
            (None, true) => Some(revision),
            (None, false) => None,
        };
        Ok(DeploymentSpec {
            strategy: SimStrategy {
                config: DeploymentStrategy {
                    kind,
                    bake_minutes: (kind != K::Rolling).then_some(bake_minutes),
                    canary,
                    linear,
                    hooks,
                },
                failing_hook,
                alarms: Vec::new(),
            },
            start_to,
        })
    }

    /// Where a `rollout_to` next to this table is refused, if it is.
    pub(super) fn refuses_rollout_to(&self) -> bool {
        StrategyKind::parse(self.strategy.get_ref()).is_some_and(|k| k != StrategyKind::Rolling)
    }
}

/// One hook, and the stage it fails at (its first) when `fails = true`.
fn check_hook(h: &HookEntry) -> Result<(LifecycleHook, Option<LifecycleStage>), Invalid> {
    check_name(&h.function, "hook function")?;
    let mut stages = Vec::new();
    for s in h.stages.get_ref() {
        match LifecycleStage::parse(s.get_ref()) {
            Some(stage) if HOOK_STAGES.contains(&stage) => stages.push(stage),
            _ => {
                let names: Vec<&str> = HOOK_STAGES.iter().map(|s| s.as_str()).collect();
                return invalid(
                    s.span(),
                    format!(
                        "hooks run at {}; not at `{}`",
                        names.join(", "),
                        s.get_ref()
                    ),
                );
            }
        }
    }
    let Some(first) = stages.first().copied() else {
        return invalid(h.stages.span(), "a hook needs at least one stage");
    };
    let fails = h.fails.as_ref().is_some_and(|f| *f.get_ref());
    let hook = LifecycleHook {
        target_arn: format!(
            "arn:aws:lambda:{}:{}:function:{}",
            ids::REGION,
            ids::ACCOUNT,
            h.function.get_ref()
        ),
        stages,
    };
    Ok((hook, fails.then_some(first)))
}
