//! Autoscaling in the views: the services list's mark and the service
//! detail's autoscaling line.

use ratatui::text::{Line, Span};

use crate::model::Service;
use crate::state::{ScalingStatus, State};
use crate::ui::format;

/// Appended to DES/RUN/PEN for a service whose desired count autoscaling owns.
pub const AUTOSCALED_MARK: &str = " ↕";

/// The mark of `s` in the services list (empty unless autoscaled).
pub fn mark(state: &State, s: &Service) -> &'static str {
    match state.scaling_of(&s.name) {
        ScalingStatus::Scaled(_) => AUTOSCALED_MARK,
        _ => "",
    }
}

/// `autoscaling: min 2 · max 6 (owns desired 2) · CPU at 40 · last: …` for the detail.
pub fn detail_line<'a>(state: &State, s: &Service) -> Line<'a> {
    let t = &state.theme;
    let mut spans = vec![Span::raw("autoscaling: ")];
    match state.scaling_of(&s.name) {
        ScalingStatus::Unknown if state.scaling.last_error.is_some() => {
            spans.push(Span::styled("unknown (the read failed)", t.warn));
        }
        ScalingStatus::Unknown => spans.push(Span::styled("loading…", t.dim)),
        ScalingStatus::None => spans.push(Span::styled("none", t.dim)),
        ScalingStatus::Scaled(a) => {
            spans.push(Span::raw(format!(
                "min {} · max {} (owns desired {})",
                a.target.min, a.target.max, s.desired
            )));
            if a.target.suspended.any() {
                spans.push(Span::styled(
                    format!(" · suspended: {}", a.target.suspended.describe()),
                    t.warn,
                ));
            }
            for p in &a.policies {
                spans.push(Span::styled(format!(" · {}", p.short()), t.dim));
            }
            if let Some(e) = &a.activities_error {
                spans.push(Span::styled(format!(" · activities unknown: {e}"), t.warn));
            }
            if let Some(last) = a.activities.first() {
                let style = if last.status == "Successful" {
                    t.dim
                } else {
                    t.warn
                };
                spans.push(Span::styled(
                    format!(
                        " · last: {} {} ({})",
                        last.description,
                        format::ago(state.now, last.started_at),
                        last.status
                    ),
                    style,
                ));
            }
        }
    }
    Line::from(spans)
}
