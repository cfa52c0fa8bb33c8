//! The fleet (`:fleet`): every cluster of every configured account and
//! region, worst first; enter opens one.

use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::text::Span;
use ratatui::widgets::{Cell, Paragraph, Row};

use crate::fleet::summary::FleetRow;
use crate::source::ErrorKind;
use crate::state::{Screen, State};
use crate::ui::format;
use crate::ui::views::{TableSpec, draw_table, fit, table_block, visible};

/// A count, styled `bad` (with a mark, for no-colour terminals) when above zero.
fn count<'a>(n: usize, state: &State, mark: &str) -> Span<'a> {
    let t = &state.theme;
    if n == 0 {
        Span::styled("0", t.dim)
    } else {
        Span::styled(format!("{mark}{n}"), t.bad)
    }
}

/// The last column: the account's error (what went wrong first, so a
/// narrow screen still says it; then AWS's words), or `ok`.
fn status<'a>(row: &FleetRow<'_>, state: &State) -> Span<'a> {
    let t = &state.theme;
    let Some(e) = row.error else {
        return Span::styled("ok".to_string(), t.ok);
    };
    let what = match e.kind {
        ErrorKind::Credentials => "credentials expired or invalid",
        ErrorKind::AccessDenied => "access denied",
        ErrorKind::Throttled => "throttled",
        ErrorKind::Network => "cannot reach AWS",
        _ => "failed",
    };
    Span::styled(format!("⚠ {what}: {e}"), t.bad)
}

/// Draws the fleet table.
pub(crate) fn render(state: &State, screen: &Screen, frame: &mut Frame, area: Rect) {
    let rows = state.fleet.rows();
    let ages: Vec<_> = state.fleet.members.iter().map(|m| m.fetched_at).collect();
    let oldest = ages.iter().flatten().min().copied();
    let age = match oldest {
        Some(at) => format!(" · {}", format::ago(state.now, Some(at))),
        None => String::new(),
    };
    let block = table_block(
        state,
        format!(
            "[{} clusters, {} accounts] worst first · enter opens{age}",
            rows.iter().filter(|r| r.cluster.is_some()).count(),
            state.fleet.members.len()
        ),
    );
    let t = &state.theme;
    if !state.fleet.loaded || rows.is_empty() {
        let text = if state.fleet.loaded {
            "no account or region configured (--profile a,b --region x,y, or [fleet] in the config)"
        } else {
            "loading the fleet…"
        };
        frame.render_widget(Paragraph::new(Span::styled(text, t.dim)).block(block), area);
        return;
    }
    let shown = visible(&rows, &screen.nav, area);
    let account = fit(
        "ACCOUNT/REGION",
        shown.iter().map(|r| format!("{}/{}", r.account, r.region)),
        16,
        area.width / 3,
    );
    let cluster = fit(
        "CLUSTER",
        shown
            .iter()
            .map(|r| r.cluster.map_or("–", |c| c.cluster.as_str())),
        10,
        area.width / 4,
    );
    // Narrow screens get short headers, so the status keeps room.
    let (columns, counts): (&[&str], [u16; 4]) = if area.width < 100 {
        (
            &[
                "ACCOUNT/REGION",
                "CLUSTER",
                "SVC",
                "UNHL",
                "DEPL",
                "ALRM",
                "STATUS",
            ],
            [4, 5, 5, 5],
        )
    } else {
        (
            &[
                "ACCOUNT/REGION",
                "CLUSTER",
                "SVCS",
                "UNHEALTHY",
                "DEPLOYING",
                "ALARMS",
                "STATUS",
            ],
            [5, 9, 9, 6],
        )
    };
    draw_table(
        state,
        &screen.nav,
        &rows,
        TableSpec {
            columns,
            widths: &[
                account,
                cluster,
                Constraint::Length(counts[0]),
                Constraint::Length(counts[1]),
                Constraint::Length(counts[2]),
                Constraint::Length(counts[3]),
                Constraint::Fill(1),
            ],
            block,
        },
        frame,
        area,
        |r| {
            let Some(c) = r.cluster else {
                return Row::new(vec![
                    Cell::from(format!("{}/{}", r.account, r.region)),
                    Cell::from("–"),
                    Cell::from("–"),
                    Cell::from("–"),
                    Cell::from("–"),
                    Cell::from("–"),
                    Cell::from(status(r, state)),
                ]);
            };
            let deploying = if c.deploying == 0 {
                Span::styled("0", t.dim)
            } else {
                Span::styled(format!("↻{}", c.deploying), t.warn)
            };
            Row::new(vec![
                Cell::from(format!("{}/{}", r.account, r.region)),
                Cell::from(c.cluster.clone()),
                Cell::from(c.services.to_string()),
                Cell::from(count(
                    usize::try_from(c.unhealthy).unwrap_or(usize::MAX),
                    state,
                    "✗",
                )),
                Cell::from(deploying),
                Cell::from(count(c.alarms, state, "●")),
                Cell::from(status(r, state)),
            ])
        },
    );
}
