//! Task definition revisions of a family, newest first.

use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::text::Span;
use ratatui::widgets::{Cell, Row};

use crate::action::Action;
use crate::keymap::KeyContext;
use crate::model::task_def_short;
use crate::state::{Resource, Screen, State};
use crate::ui::format;
use crate::ui::views::{TableSpec, draw_table, fit, placeholder, table_block, visible};

/// Draws the revisions table: running and marked revisions flagged, images from loaded definitions.
pub(crate) fn render(state: &State, screen: &Screen, frame: &mut Frame, area: Rect) {
    let name = screen.service.as_deref().unwrap_or_default();
    let rows = state.filtered_revisions(name, &screen.nav);
    let family = state.family_of(name).unwrap_or_default();
    let running = state
        .service(name)
        .map(|s| s.task_definition.clone())
        .unwrap_or_default();
    let key = |a| state.keymap.keys_of(KeyContext::Revisions, a, 1);
    let (mark, diff) = (key(Action::MarkRevision), key(Action::DiffRevisions));
    let block = table_block(
        state,
        format!("{family} [{}] {mark} marks · {diff} diffs", rows.len()),
    );
    let fallback = Resource::default();
    let resource = state.revisions.get(&family).unwrap_or(&fallback);
    if placeholder(
        state,
        resource,
        rows.is_empty(),
        "no revisions",
        frame,
        area,
        block.clone(),
    ) {
        return;
    }
    let t = &state.theme;
    let shown = visible(&rows, &screen.nav, area);
    let revision_width = fit(
        "REVISION",
        shown.iter().map(|arn| task_def_short(arn)),
        22,
        area.width / 4,
    );
    let labels = crate::ui::views::header_labels(state, &crate::state::columns::revisions());
    let labels: Vec<&str> = labels.iter().map(String::as_str).collect();
    draw_table(
        state,
        &screen.nav,
        &rows,
        TableSpec {
            columns: &labels,
            widths: &[
                Constraint::Length(10),
                revision_width,
                Constraint::Fill(1),
                Constraint::Length(10),
                Constraint::Length(10),
            ],
            block,
        },
        frame,
        area,
        |arn| {
            let mut flags = String::new();
            if **arn == running {
                flags.push_str("▶ running ");
            }
            if screen.marked.as_ref() == Some(*arn) {
                flags.push_str("◆ marked");
            }
            let td = state.task_defs.get(*arn);
            let image = td
                .and_then(|d| {
                    d.containers
                        .iter()
                        .find(|c| c.essential)
                        .or(d.containers.first())
                })
                .map_or_else(|| "…".to_string(), |c| c.image.clone());
            let size = td.map_or_else(String::new, |d| {
                format!(
                    "{}/{}",
                    d.cpu.as_deref().unwrap_or("-"),
                    d.memory.as_deref().unwrap_or("-")
                )
            });
            // Blank while the definition is loading, `–` when it has no time.
            let registered = td
                .map(|d| format::age_of(state.now, d.registered_at))
                .unwrap_or_default();
            Row::new(vec![
                Cell::from(Span::styled(flags, t.title)),
                Cell::from(task_def_short(arn).to_string()),
                Cell::from(Span::styled(image, t.dim)),
                Cell::from(size),
                Cell::from(registered),
            ])
        },
    );
}
