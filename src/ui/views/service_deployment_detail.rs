//! One service deployment in detail (Enter on the deployments view): its
//! summary, its lifecycle stages as a timeline (reached, current, to come),
//! its hooks, and the service revision it deploys (task definition, images
//! with digests, load balancers with the test listener and alternate target
//! group). Side by side on a wide terminal, one under the other on a narrow one.

use ratatui::Frame;

use crate::action::Action;
use crate::keymap::KeyContext;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Wrap};

use crate::model::{
    LifecycleStage, ServiceDeployment, ServiceDeploymentStatus, StrategyKind, arn_tail,
};
use crate::state::{Screen, State};
use crate::theme::Theme;
use crate::ui::format;
use crate::ui::views::deployment_format as df;
use crate::ui::views::table_block;

/// Terminals at least this wide show the revision beside the timeline.
const SIDE_BY_SIDE: u16 = 100;

/// Draws the detail of the screen's service deployment.
pub(crate) fn render(state: &State, screen: &Screen, frame: &mut Frame, area: Rect) {
    let t = &state.theme;
    let Some(d) = state.shown_service_deployment() else {
        let id = screen
            .deployment
            .as_deref()
            .map(arn_tail)
            .unwrap_or_default();
        let text = Line::from(Span::styled(
            format!("service deployment {id} is no longer in the history"),
            t.dim,
        ));
        frame.render_widget(
            Paragraph::new(text).block(table_block(state, String::new())),
            area,
        );
        return;
    };
    let mut title = d.short_id().to_string();
    let mut left = summary(state, d);
    left.push(Line::default());
    left.extend(timeline(d, t));
    left.push(Line::default());
    left.extend(hooks(d, t));
    let right = revision(state, d, t);
    let inner = table_block(state, String::new()).inner(area);
    let side_by_side = inner.width >= SIDE_BY_SIDE;
    let tallest = if side_by_side {
        left.len().max(right.len())
    } else {
        left.len() + 1 + right.len()
    };
    if tallest > usize::from(inner.height) {
        let keys = |a| state.keymap.keys_of(KeyContext::Table, a, 1);
        title = format!("{title} · {}/{} ↕", keys(Action::Down), keys(Action::Up));
    }
    frame.render_widget(table_block(state, title), area);
    // `j`/`k` scroll the detail (the screen's selection is the top line).
    let top = screen.nav.selected;
    let scrolled = |lines: Vec<Line<'static>>, width: u16, height: u16| {
        let p = Paragraph::new(lines).wrap(Wrap { trim: false });
        let max = p.line_count(width).saturating_sub(usize::from(height));
        let top = u16::try_from(top.min(max)).unwrap_or(u16::MAX);
        p.scroll((top, 0))
    };
    if side_by_side {
        let [l, r] = Layout::horizontal([Constraint::Percentage(50), Constraint::Percentage(50)])
            .spacing(1)
            .areas(inner);
        frame.render_widget(scrolled(left, l.width, l.height), l);
        let side = Block::default()
            .borders(Borders::LEFT)
            .border_style(t.border);
        let text = side.inner(r);
        frame.render_widget(side, r);
        frame.render_widget(scrolled(right, text.width, text.height), text);
    } else {
        left.push(Line::default());
        left.extend(right);
        frame.render_widget(scrolled(left, inner.width, inner.height), inner);
    }
}

/// The resource part of an ARN (`targetgroup/checkout-blue/1a`): the
/// partition, service, region and account are the same for every line.
fn arn_resource(arn: &str) -> &str {
    arn.splitn(6, ':').nth(5).unwrap_or(arn)
}

fn label<'a>(text: &str, t: &Theme) -> Span<'a> {
    Span::styled(format!("{text:<10}"), t.dim)
}

fn heading<'a>(text: &str, t: &Theme) -> Line<'a> {
    Line::from(Span::styled(text.to_string(), t.title))
}

/// Status, strategy, revisions and traffic, times, monitors, reasons.
fn summary<'a>(state: &State, d: &ServiceDeployment) -> Vec<Line<'a>> {
    let t = &state.theme;
    let now = state.now;
    let mut out = vec![Line::from(vec![
        label("status", t),
        df::status(d.status, t),
        Span::raw(
            d.target_traffic()
                .map(|w| format!("  · {w:.0}% of prod traffic on target"))
                .unwrap_or_default(),
        ),
    ])];
    if let Some(s) = &d.strategy {
        out.push(Line::from(vec![
            label("strategy", t),
            Span::raw(df::strategy_settings(s)),
        ]));
    }
    out.push(Line::from(vec![
        label("revision", t),
        Span::raw(df::source_to_target(state, d)),
    ]));
    out.push(Line::from(vec![
        label("started", t),
        Span::raw(format::ago(now, d.started_at.or(d.created_at))),
        Span::styled("  finished ", t.dim),
        Span::raw(format::ago(now, d.finished_at.or(d.stopped_at))),
        Span::styled("  took ", t.dim),
        Span::raw(df::duration(now, d)),
    ]));
    if let Some(c) = &d.circuit_breaker {
        let style = if c.failures > 0 { t.bad } else { t.dim };
        out.push(Line::from(vec![
            label("breaker", t),
            Span::styled(df::breaker(d), style),
            Span::styled(
                c.status
                    .map(|s| format!("  {}", s.as_str()))
                    .unwrap_or_default(),
                t.dim,
            ),
        ]));
    }
    if let Some(a) = &d.alarms {
        let watched = if a.names.is_empty() {
            "none watched".to_string()
        } else {
            a.names.join(", ")
        };
        let mut spans = vec![label("alarms", t), Span::raw(watched)];
        if !a.triggered.is_empty() {
            spans.push(Span::styled(
                format!("  triggered: {}", a.triggered.join(", ")),
                t.bad,
            ));
        }
        out.push(Line::from(spans));
    }
    if let Some(r) = &d.rollback {
        out.push(Line::from(vec![
            label("rollback", t),
            Span::styled(r.reason.clone(), t.bad),
            Span::styled(format!("  {}", format::ago(now, r.started_at)), t.dim),
        ]));
    }
    if !d.status_reason.is_empty() {
        out.push(Line::from(vec![
            label("reason", t),
            Span::raw(d.status_reason.clone()),
        ]));
    }
    out
}

/// Where a stage stands in the deployment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mark {
    Reached,
    Current,
    Failed,
    Ahead,
}

/// The stages a deployment of this strategy goes through: the hook-only
/// stages appear where a hook runs at them (or the deployment is there).
fn stages(d: &ServiceDeployment) -> Vec<LifecycleStage> {
    use LifecycleStage as L;
    let kind = d.strategy.as_ref().map(|s| s.kind);
    let hooked = |stage: L| {
        d.strategy
            .iter()
            .flat_map(|s| &s.hooks)
            .any(|h| h.stages.contains(&stage))
            || d.hooks.iter().any(|h| h.stage == Some(stage))
            || d.lifecycle_stage == Some(stage)
    };
    L::ALL
        .iter()
        .copied()
        .filter(|s| match s {
            L::PreScaleUp
            | L::PostScaleUp
            | L::PostTestTrafficShift
            | L::PostProductionTrafficShift => hooked(*s),
            L::TestTrafficShift | L::ProductionTrafficShift | L::BakeTime => {
                kind != Some(StrategyKind::Rolling) || d.lifecycle_stage == Some(*s)
            }
            L::ReconcileService | L::ScaleUp | L::CleanUp => true,
        })
        .collect()
}

/// The stages with their marks: before the current one reached, the current
/// one marked (failed when the deployment ended there), all reached once it
/// succeeded.
fn marks(d: &ServiceDeployment) -> Vec<(LifecycleStage, Mark)> {
    let all = stages(d);
    let done = d.status == Some(ServiceDeploymentStatus::Successful);
    let failed = d.status.is_some_and(|s| s.is_failure());
    let at = d
        .lifecycle_stage
        .and_then(|c| all.iter().position(|s| *s == c));
    all.iter()
        .enumerate()
        .map(|(i, s)| {
            let mark = match at {
                _ if done => Mark::Reached,
                Some(c) if i < c => Mark::Reached,
                Some(c) if i == c && failed => Mark::Failed,
                Some(c) if i == c => Mark::Current,
                _ => Mark::Ahead,
            };
            (*s, mark)
        })
        .collect()
}

fn timeline<'a>(d: &ServiceDeployment, t: &Theme) -> Vec<Line<'a>> {
    let mut out = vec![heading("Lifecycle", t)];
    let marked = marks(d);
    let last = marked.len().saturating_sub(1);
    for (i, (stage, mark)) in marked.into_iter().enumerate() {
        let (symbol, style) = match mark {
            Mark::Reached => ("✔", t.ok),
            Mark::Current => ("▶", t.warn),
            Mark::Failed => ("✖", t.bad),
            Mark::Ahead => ("·", t.dim),
        };
        let when = match (i, mark) {
            (0, Mark::Reached | Mark::Current) => d
                .started_at
                .or(d.created_at)
                .map(|at| format!("  {}", at.format("%H:%M:%S"))),
            (_, Mark::Current) => Some("  ← now".to_string()),
            (i, Mark::Reached) if i == last => d
                .finished_at
                .map(|at| format!("  {}", at.format("%H:%M:%S"))),
            _ => None,
        };
        out.push(Line::from(vec![
            Span::styled(format!("  {symbol} "), style),
            Span::styled(stage.as_str().to_string(), style),
            Span::styled(when.unwrap_or_default(), t.dim),
        ]));
    }
    out
}

fn hooks<'a>(d: &ServiceDeployment, t: &Theme) -> Vec<Line<'a>> {
    let mut out = vec![heading("Hooks", t)];
    let configured: Vec<_> = d.strategy.iter().flat_map(|s| &s.hooks).collect();
    if configured.is_empty() && d.hooks.is_empty() {
        out.push(Line::from(Span::styled("  none", t.dim)));
        return out;
    }
    for h in &configured {
        let run = d.hooks.iter().find(|r| r.target_arn == h.target_arn);
        let stages: Vec<&str> = h.stages.iter().map(|s| s.as_str()).collect();
        let status = match run.and_then(|r| r.status) {
            Some(s) => {
                use crate::model::HookStatus as H;
                let style = match s {
                    H::Succeeded => t.ok,
                    H::Failed | H::TimedOut => t.bad,
                    H::InProgress | H::AwaitingAction => t.warn,
                };
                Span::styled(s.as_str(), style)
            }
            None => Span::styled("not run now", t.dim),
        };
        out.push(Line::from(vec![
            Span::raw(format!("  {} ", df::hook_name(&h.target_arn))),
            Span::styled(format!("{} ", stages.join(",")), t.dim),
            status,
        ]));
    }
    for r in d
        .hooks
        .iter()
        .filter(|r| !configured.iter().any(|h| h.target_arn == r.target_arn))
    {
        out.push(Line::from(vec![
            Span::raw(format!("  {} ", df::hook_name(&r.target_arn))),
            Span::styled(
                r.stage
                    .map(|s| format!("{} ", s.as_str()))
                    .unwrap_or_default(),
                t.dim,
            ),
            Span::raw(r.status.map_or("?", |s| s.as_str())),
        ]));
    }
    out
}

/// The target service revision: task definition, images with digests, load balancers.
fn revision<'a>(state: &State, d: &ServiceDeployment, t: &Theme) -> Vec<Line<'a>> {
    let mut out = vec![heading("Target revision", t)];
    let Some(target) = &d.target_revision else {
        out.push(Line::from(Span::styled("  none", t.dim)));
        return out;
    };
    out.push(Line::from(vec![
        Span::styled("  tasks ", t.dim),
        Span::raw(format!(
            "{} running, {} pending of {}",
            target.running, target.pending, target.requested
        )),
    ]));
    let traffic = match (target.production_traffic_weight, target.test_traffic_weight) {
        (Some(p), Some(x)) => Some(format!("{p:.0}% prod, {x:.0}% test")),
        (Some(p), None) => Some(format!("{p:.0}% prod")),
        _ => None,
    };
    if let Some(traffic) = traffic {
        out.push(Line::from(vec![
            Span::styled("  traffic ", t.dim),
            Span::raw(traffic),
        ]));
    }
    let Some(rev) = state.service_revision(&target.arn) else {
        let why = if state.service_deployments.revisions_unavailable.is_some() {
            "  service revisions not available here"
        } else {
            "  loading the service revision…"
        };
        out.push(Line::from(Span::styled(why, t.dim)));
        return out;
    };
    out.push(Line::from(vec![
        Span::styled("  task def ", t.dim),
        Span::raw(crate::model::task_def_short(&rev.task_definition).to_string()),
    ]));
    for i in &rev.images {
        out.push(Line::from(vec![
            Span::styled(format!("  {} ", i.container_name), t.dim),
            Span::raw(i.image.clone()),
        ]));
        if let Some(digest) = &i.digest {
            out.push(Line::from(Span::styled(format!("    {digest}"), t.dim)));
        }
    }
    for lb in &rev.load_balancers {
        let port = lb
            .container_port
            .map(|p| format!(":{p}"))
            .unwrap_or_default();
        out.push(Line::from(vec![
            Span::styled("  target group ", t.dim),
            Span::raw(format!(
                "{} → {}{port}",
                arn_resource(&lb.target_group_arn),
                lb.container_name
            )),
        ]));
        let rows = [
            ("alternate", &lb.alternate_target_group_arn),
            ("prod rule", &lb.production_listener_rule),
            ("test rule", &lb.test_listener_rule),
        ];
        for (name, value) in rows {
            if let Some(v) = value {
                out.push(Line::from(vec![
                    Span::styled(format!("    {name} "), t.dim),
                    Span::raw(arn_resource(v).to_string()),
                ]));
            }
        }
    }
    out
}
