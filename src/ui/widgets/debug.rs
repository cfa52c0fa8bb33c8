//! The API cost overlay (`D`): calls per minute per operation, the total
//! since the start, and each family's budget and use.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::Paragraph;

use crate::state::State;
use crate::ui::widgets::overlay_block;

/// Draws the API cost in the lower right of `area`.
pub(crate) fn render(state: &State, frame: &mut Frame, area: Rect) {
    let lines = lines(state);
    let height = (lines.len() as u16 + 2).min(area.height);
    let width = 52.min(area.width);
    let rect = Rect {
        x: area.x + area.width - width,
        y: area.y + area.height - height,
        width,
        height,
    };
    let block = overlay_block(state, "API calls (D hides)", frame, rect);
    frame.render_widget(Paragraph::new(lines).block(block), rect);
}

/// `elasticloadbalancing:DescribeTargetGroups` is too wide for the column.
fn short_operation(op: &str) -> String {
    match op.strip_prefix("elasticloadbalancing:") {
        Some(rest) => format!("elbv2:{rest}"),
        None => op.to_string(),
    }
}

fn lines(state: &State) -> Vec<Line<'static>> {
    let (per_window, span) = state.freshness.rates.per_window();
    let mut lines = vec![Line::from(format!(
        "{:<32}{:>8}{:>8}",
        "operation",
        if span >= 60 {
            "/min".to_string()
        } else {
            format!("/{span}s")
        },
        "total"
    ))];
    for (op, n) in &state.call_counts {
        let recent = per_window.get(op).copied().unwrap_or(0);
        let label = short_operation(op);
        lines.push(Line::from(format!("{label:<32}{recent:>8}{n:>8}")));
    }
    let total: u64 = state.call_counts.values().sum();
    let recent: u64 = per_window.values().sum();
    lines.push(Line::from(format!("{:<32}{recent:>8}{total:>8}", "total")));
    if !state.freshness.budget.is_empty() {
        lines.push(Line::from(format!(
            "{:<14}{:>12}{:>14}{:>10}",
            "budget", "calls/s", "tokens", "held"
        )));
        for f in &state.freshness.budget {
            let rate = if f.per_sec + 1e-9 < f.configured_per_sec {
                format!("{:.1}/{:.1}", f.per_sec, f.configured_per_sec)
            } else {
                format!("{:.1}", f.configured_per_sec)
            };
            lines.push(Line::from(format!(
                "{:<14}{rate:>12}{:>14}{:>10}",
                f.family.label(),
                format!("{:.0}/{:.0}", f.tokens.max(0.0), f.burst),
                f.held_back
            )));
        }
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::budget::{Family, FamilyUse};

    fn text(state: &State) -> Vec<String> {
        lines(state).iter().map(ToString::to_string).collect()
    }

    #[test]
    fn shows_calls_per_minute_totals_and_the_budget() {
        let mut s = crate::fixtures::loaded_state();
        let t0 = s.now;
        let mut counts = std::collections::BTreeMap::new();
        for sec in 0..=60 {
            counts.insert("ecs:DescribeServices".to_string(), 100 + 2 * sec);
            counts.insert("elasticloadbalancing:DescribeTargetHealth".to_string(), 10);
            s.freshness
                .rates
                .record(t0 + chrono::Duration::seconds(sec as i64), &counts);
        }
        s.call_counts = counts;
        s.freshness.budget = vec![FamilyUse {
            family: Family::EcsReads,
            configured_per_sec: 5.0,
            per_sec: 1.25,
            tokens: 3.4,
            burst: 300.0,
            held_back: 7,
        }];
        let shown = text(&s);
        assert!(shown[0].contains("/min"), "{shown:?}");
        assert!(
            shown.iter().any(|l| l.starts_with("ecs:DescribeServices")
                && l.contains(" 120 ")
                && l.ends_with("220")),
            "{shown:?}"
        );
        assert!(
            shown
                .iter()
                .any(|l| l.starts_with("elbv2:DescribeTargetHealth"))
        );
        assert!(
            shown.iter().any(|l| l.starts_with("ECS reads")
                && l.contains("1.2/5.0")
                && l.contains("3/300")
                && l.ends_with('7')),
            "a throttled rate shows as current/configured: {shown:?}"
        );
    }
}
