//! CloudWatch-like metrics (1-minute points for the last hour) that follow the
//! world's state, and metric alarms evaluated from them.

use std::collections::VecDeque;
use std::f64::consts::TAU;

use chrono::{Duration, DurationRound};

use super::ids;
use super::world::{SimService, SimTask, World};
use crate::model::{
    Alarm, AlarmState, MetricKind, MetricSeries, Statistic, TargetState, TaskStatus, Time,
};

/// Seconds per evaluated point of every simulated alarm (and per metric point).
pub(crate) const ALARM_PERIOD_SECS: u32 = 60;

/// Points kept per series (one hour of minutes).
pub(crate) const HISTORY: usize = 60;

/// Metric history and per-minute accumulators of one service.
#[derive(Debug, Clone, Default)]
pub(crate) struct ServiceMetrics {
    /// `(period start, values in MetricKind::ALL order)`, oldest first.
    pub(crate) points: VecDeque<(Time, [f64; 5])>,
    /// Target-seconds this minute.
    pub(crate) acc_target_secs: f64,
    /// Target-seconds this minute on failing targets.
    pub(crate) acc_bad_secs: f64,
    /// Unhealthy-target-seconds this minute.
    pub(crate) acc_unhealthy_secs: f64,
    /// Maximum task memory percent in the last period.
    pub(crate) last_mem_max: f64,
    /// Average UnHealthyHostCount in the last period.
    pub(crate) last_unhealthy: f64,
}

/// Which value an alarm watches.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum AlarmMetric {
    /// HTTPCode_Target_5XX_Count (Sum).
    Errors5xx,
    /// MemoryUtilization (Maximum).
    MemoryMax,
    /// UnHealthyHostCount (Average).
    UnhealthyHosts,
}

impl AlarmMetric {
    /// The statistic the alarm evaluates each minute.
    pub(crate) fn statistic(self) -> Statistic {
        match self {
            AlarmMetric::Errors5xx => Statistic::Sum,
            AlarmMetric::MemoryMax => Statistic::Maximum,
            AlarmMetric::UnhealthyHosts => Statistic::Average,
        }
    }
}

/// An alarm and what it evaluates.
#[derive(Debug, Clone)]
pub(crate) struct SimAlarm {
    /// The alarm as CloudWatch reports it. Its threshold (GreaterThanThreshold)
    /// is the one the simulator evaluates.
    pub(crate) alarm: Alarm,
    /// Service index it watches.
    pub(crate) service: usize,
    /// Watched value.
    pub(crate) metric: AlarmMetric,
}

/// Adds one task's share of a tick to its service's accumulators.
pub(crate) fn account_tick(svc: &mut SimService, t: &SimTask, dt: i64) {
    let Some(x) = &t.target else { return };
    let dt = dt as f64;
    let m = &mut svc.metrics;
    m.acc_target_secs += dt;
    let crashed = t.task.stop_code.as_deref() == Some("EssentialContainerExited");
    let failing = x.state == TargetState::Unhealthy
        || (t.bad && x.state == TargetState::Initial)
        || (crashed && x.state == TargetState::Draining);
    if failing {
        m.acc_bad_secs += dt;
    }
    if x.state == TargetState::Unhealthy {
        m.acc_unhealthy_secs += dt;
    }
}

/// A deterministic value in `0.0..1.0` for (seed, service, minute, salt).
fn noise(seed: u64, svc: usize, at: Time, salt: u64) -> f64 {
    let h = ids::mix(seed ^ ids::mix(svc as u64 ^ (salt << 48)) ^ at.timestamp() as u64);
    (h % 10_000) as f64 / 10_000.0
}

/// Memory percent of a task at `at`: flat, or climbing towards its OOM kill.
fn task_memory(s: &SimService, t: &SimTask, at: Time, n: f64) -> f64 {
    let base = s.base_mem + 4.0 * (n - 0.5);
    match (t.crash_at, t.task.started_at) {
        (Some(crash), Some(start)) if t.crash_oom && crash > start => {
            let total = (crash - start).num_seconds().max(1) as f64;
            let frac = ((at - start).num_seconds() as f64 / total).clamp(0.0, 1.0);
            base + (99.0 - base) * frac.powf(1.5)
        }
        _ => base,
    }
}

/// Computes the point of service `i` for the minute starting at `at`.
fn point(w: &World, i: usize, at: Time, bad_frac: f64) -> ([f64; 5], f64) {
    let Some(s) = w.services.get(i) else {
        return ([0.0; 5], 0.0);
    };
    let n = |salt| noise(w.seed, i, at, salt);
    let (mut running, mut bad_running, mut mem_sum, mut mem_max) = (0u32, 0u32, 0.0, 0.0f64);
    for seq in &s.tasks {
        let Some(t) = w.tasks.get(seq) else { continue };
        if t.task.last_status != TaskStatus::Running {
            continue;
        }
        running += 1;
        bad_running += u32::from(t.bad);
        let m = task_memory(s, t, at, n(u64::from(running) + 10));
        mem_sum += m;
        mem_max = mem_max.max(m);
    }
    let phase = i as f64 * 0.7;
    let wave = (TAU * at.timestamp() as f64 / 5400.0 + phase).sin();
    let (cpu, mem) = if running == 0 {
        (0.0, 0.0)
    } else {
        let bad = f64::from(bad_running) / f64::from(running);
        (
            (s.base_cpu * (1.0 + 0.25 * wave) * super::scaling::cpu_factor(w, i, at, running)
                + 6.0 * (n(1) - 0.5)
                + 30.0 * bad)
                .clamp(0.1, 100.0),
            (mem_sum / f64::from(running)).clamp(0.1, 100.0),
        )
    };
    let mut values = [cpu, mem, 0.0, 0.0, 0.0];
    if s.tg.is_some() {
        let traffic = (TAU * at.timestamp() as f64 / 7200.0 + phase).sin();
        let req = (s.base_rpm * (1.0 + 0.3 * traffic + 0.16 * (n(2) - 0.5))).max(0.0);
        let err = req * (0.0008 + 0.5 * bad_frac) + 2.0 * n(3);
        let rt = 0.045 * (1.0 + 0.4 * n(4)) * (1.0 + 3.0 * bad_frac);
        values[2] = req.round();
        values[3] = err.floor();
        values[4] = (rt * 1000.0).round() / 1000.0;
    }
    (values, mem_max)
}

fn minute(t: Time) -> Time {
    t.duration_trunc(Duration::minutes(1)).unwrap_or(t)
}

/// Fills the last hour of history from the current state (scenario set-up),
/// then evaluates the alarms once.
pub(crate) fn prefill(w: &mut World) {
    let end = minute(w.now);
    for i in 0..w.services.len() {
        let mut points = VecDeque::with_capacity(HISTORY + 1);
        let mut mem_max = 0.0;
        for k in (1..=HISTORY as i64).rev() {
            let at = end - Duration::minutes(k);
            let (v, m) = point(w, i, at, 0.0);
            points.push_back((at, v));
            mem_max = m;
        }
        if let Some(s) = w.services.get_mut(i) {
            s.metrics.points = points;
            s.metrics.last_mem_max = mem_max;
        }
    }
    evaluate_alarms(w);
}

/// Records a point for every minute boundary crossed since `before`.
pub(crate) fn on_tick(w: &mut World, before: Time) {
    let mut boundary = minute(before) + Duration::minutes(1);
    while boundary <= w.now {
        let at = boundary - Duration::minutes(1);
        for i in 0..w.services.len() {
            let Some(s) = w.services.get(i) else { continue };
            let m = &s.metrics;
            let bad_frac = if m.acc_target_secs > 0.0 {
                m.acc_bad_secs / m.acc_target_secs
            } else {
                0.0
            };
            let unhealthy = m.acc_unhealthy_secs / 60.0;
            let (v, mem_max) = point(w, i, at, bad_frac);
            let Some(s) = w.services.get_mut(i) else {
                continue;
            };
            let m = &mut s.metrics;
            m.points.push_back((at, v));
            while m.points.len() > HISTORY {
                m.points.pop_front();
            }
            m.last_mem_max = mem_max;
            m.last_unhealthy = unhealthy;
            m.acc_target_secs = 0.0;
            m.acc_bad_secs = 0.0;
            m.acc_unhealthy_secs = 0.0;
        }
        evaluate_alarms(w);
        boundary += Duration::minutes(1);
    }
}

/// The value an alarm compares, with the period it belongs to.
fn alarm_value(w: &World, a: &SimAlarm) -> Option<(f64, Time)> {
    let s = w.services.get(a.service)?;
    let (at, v) = s.metrics.points.back()?;
    let value = match a.metric {
        AlarmMetric::Errors5xx => v[3],
        AlarmMetric::MemoryMax => s.metrics.last_mem_max,
        AlarmMetric::UnhealthyHosts => s.metrics.last_unhealthy,
    };
    Some((value, *at))
}

/// Moves alarms between OK and ALARM with CloudWatch's reason wording.
pub(crate) fn evaluate_alarms(w: &mut World) {
    let now = w.now;
    for k in 0..w.alarms.len() {
        let Some(a) = w.alarms.get(k) else { continue };
        let (Some((value, at)), Some(threshold)) = (alarm_value(w, a), a.alarm.threshold) else {
            continue;
        };
        let breach = value > threshold;
        let state = if breach {
            AlarmState::Alarm
        } else {
            AlarmState::Ok
        };
        let Some(a) = w.alarms.get_mut(k) else {
            continue;
        };
        if a.alarm.state == state {
            continue;
        }
        let verb = if breach {
            "was greater than"
        } else {
            "was not greater than"
        };
        a.alarm.state = state;
        a.alarm.updated_at = Some(now);
        a.alarm.reason = format!(
            "Threshold Crossed: 1 datapoint [{value:.1} ({})] {verb} the threshold ({threshold:.1}).",
            at.format("%d/%m/%y %H:%M:%S")
        );
    }
}

/// The charted series of service `i`: ECS metrics always, ALB ones when load balanced.
pub(crate) fn series(w: &World, i: usize) -> Vec<MetricSeries> {
    let Some(s) = w.services.get(i) else {
        return Vec::new();
    };
    let kinds: &[MetricKind] = if s.tg.is_some() {
        &MetricKind::ALL
    } else {
        &[MetricKind::Cpu, MetricKind::Memory]
    };
    kinds
        .iter()
        .map(|kind| {
            let idx = MetricKind::ALL.iter().position(|k| k == kind).unwrap_or(0);
            MetricSeries {
                service: s.svc.name.clone(),
                kind: *kind,
                points: s.metrics.points.iter().map(|(t, v)| (*t, v[idx])).collect(),
            }
        })
        .collect()
}
