//! The promotion view (`:promotion`): each service found in several
//! clusters, one line per place it runs, with its revision, images and how
//! long it has run them; drift marked `≠` (and coloured), agreement `=`.

use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::text::Span;
use ratatui::widgets::{Cell, Paragraph, Row};

use crate::fleet::promotion::{Env, PromotionRow};
use crate::state::{Screen, State};
use crate::ui::format;
use crate::ui::views::tasks::image_short;
use crate::ui::views::{TableSpec, draw_table, fit, table_block, visible};

/// One line of the table: a place a service runs (the first names the service).
pub(crate) struct Line<'a> {
    row: &'a PromotionRow<'a>,
    env: &'a Env<'a>,
    first: bool,
}

/// The lines of `rows`, in order.
pub(crate) fn lines<'a>(rows: &'a [PromotionRow<'a>]) -> Vec<Line<'a>> {
    rows.iter()
        .flat_map(|row| {
            row.envs.iter().enumerate().map(move |(i, env)| Line {
                row,
                env,
                first: i == 0,
            })
        })
        .collect()
}

/// `tag@digest7` of each container, or why it is not known.
fn images(env: &Env<'_>) -> String {
    let list = env.image_list();
    if list.is_empty() {
        return match env.images.and_then(|i| i.error.as_ref()) {
            Some(e) => format!("⚠ {e}"),
            None if env.images.is_some() => "no running task".to_string(),
            None => "…".to_string(),
        };
    }
    list.iter()
        .map(|i| {
            format!(
                "{} {}",
                i.container,
                image_short(&i.image, i.digest.as_deref())
            )
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// Draws the promotion table.
pub(crate) fn render(state: &State, screen: &Screen, frame: &mut Frame, area: Rect) {
    let rows = crate::fleet::promotion::rows(&state.fleet);
    let drifted = rows.iter().filter(|r| r.drift.any()).count();
    let block = table_block(
        state,
        format!(
            "[{} in several clusters, {drifted} drifted] ≠ drift · = same · enter opens",
            rows.len()
        ),
    );
    let t = &state.theme;
    if !state.fleet.loaded || rows.is_empty() {
        let text = if state.fleet.loaded {
            "no service runs in more than one cluster of the fleet"
        } else {
            "loading the fleet…"
        };
        frame.render_widget(Paragraph::new(Span::styled(text, t.dim)).block(block), area);
        return;
    }
    let all = lines(&rows);
    let shown = visible(&all, &screen.nav, area);
    let service = fit(
        "SERVICE",
        shown.iter().map(|l| format!("≠ {}", l.row.service)),
        12,
        area.width / 4,
    );
    let place = fit(
        "WHERE",
        shown
            .iter()
            .map(|l| format!("{}/{}", l.env.account, l.env.cluster)),
        14,
        area.width / 4,
    );
    draw_table(
        state,
        &screen.nav,
        &all,
        TableSpec {
            columns: &["SERVICE", "WHERE", "REVISION", "FOR", "IMAGES"],
            widths: &[
                service,
                place,
                Constraint::Length(16),
                Constraint::Length(5),
                Constraint::Fill(1),
            ],
            block,
        },
        frame,
        area,
        |l| {
            let drift = l.row.drift;
            let name = if !l.first {
                Span::raw("")
            } else if drift.any() {
                Span::styled(format!("≠ {}", l.row.service), t.bad)
            } else {
                Span::styled(format!("= {}", l.row.service), t.ok)
            };
            let mark = |differs: bool, text: String| {
                if differs {
                    Span::styled(format!("≠ {text}"), t.warn)
                } else {
                    Span::raw(format!("  {text}"))
                }
            };
            Row::new(vec![
                Cell::from(name),
                Cell::from(format!("{}/{}", l.env.account, l.env.cluster)),
                Cell::from(mark(drift.revision, l.env.revision().to_string())),
                Cell::from(format::age_of(state.now, l.env.brief.since)),
                Cell::from(mark(drift.image, images(l.env))),
            ])
        },
    );
}
