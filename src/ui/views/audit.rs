//! The audit log of actions (`:audit`), newest first.

use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::text::Span;
use ratatui::widgets::{Cell, Row};

use crate::state::{Screen, State};
use crate::ui::views::{TableSpec, draw_table, fit, placeholder, table_block, visible};

/// Draws the audit table.
pub(crate) fn render(state: &State, screen: &Screen, frame: &mut Frame, area: Rect) {
    let rows = state.audit_rows(&screen.nav);
    let note = crate::jsonl_tail::skipped_note(state.audit_skipped);
    let block = table_block(state, format!("[{}]{note}", rows.len()));
    if placeholder(
        state,
        &state.audit_log,
        rows.is_empty(),
        if screen.nav.filter.is_empty() {
            "no actions recorded yet"
        } else {
            "no action matches the filter"
        },
        frame,
        area,
        block.clone(),
    ) {
        return;
    }
    let t = &state.theme;
    let shown = visible(&rows, &screen.nav, area);
    let where_width = fit(
        "CLUSTER/SERVICE",
        shown.iter().map(|r| format!("{}/{}", r.cluster, r.service)),
        28,
        area.width / 3,
    );
    let by_width = fit(
        "BY",
        shown
            .iter()
            .map(|r| r.identity.clone().unwrap_or_else(|| r.source.clone())),
        30,
        area.width / 3,
    );
    let labels = crate::ui::views::header_labels(state, &crate::state::columns::audit());
    let labels: Vec<&str> = labels.iter().map(String::as_str).collect();
    draw_table(
        state,
        &screen.nav,
        &rows,
        TableSpec {
            columns: &labels,
            widths: &[
                Constraint::Length(19),
                Constraint::Length(10),
                where_width,
                by_width,
                Constraint::Fill(1),
            ],
            block,
        },
        frame,
        area,
        |r| {
            let result = match (&r.error, r.result.as_str()) {
                (Some(e), _) => Span::styled(format!("error: {e}"), t.bad),
                (None, crate::audit::ATTEMPT) => Span::styled("attempt", t.dim),
                (None, _) => Span::styled("ok", t.ok),
            };
            Row::new(vec![
                Cell::from(r.time.format("%Y-%m-%d %H:%M:%S").to_string()),
                Cell::from(r.action.clone()),
                Cell::from(format!("{}/{}", r.cluster, r.service)),
                Cell::from(Span::styled(
                    r.identity.clone().unwrap_or_else(|| r.source.clone()),
                    t.dim,
                )),
                Cell::from(result),
            ])
        },
    );
}

#[cfg(test)]
mod tests {
    use ratatui::Terminal;
    use ratatui::backend::TestBackend;

    use crate::event::Event;
    use crate::state::{Screen, View};

    #[test]
    fn a_file_with_bad_lines_shows_the_good_records_and_the_count() {
        let path =
            std::env::temp_dir().join(format!("ecsdeck-audit-view-{}.jsonl", std::process::id()));
        let ctx = crate::audit::AuditContext {
            path: Some(path.clone()),
            source: "demo".into(),
            profile: None,
            region: None,
            allow_unaudited: false,
        };
        let op = crate::ops::Op::Redeploy {
            cluster: "prod".into(),
            service: "web-api".into(),
        };
        let _ = std::fs::remove_file(&path);
        ctx.append(&ctx.attempt(&op, None, crate::fixtures::t0()))
            .unwrap();
        let mut f = std::fs::OpenOptions::new()
            .append(true)
            .open(&path)
            .unwrap();
        std::io::Write::write_all(&mut f, b"{\"time\":\"caf\xe9\xff\"}\nnot json at all\n")
            .unwrap();
        drop(f);
        ctx.append(&ctx.record(&op, None, crate::fixtures::t0(), Ok(())))
            .unwrap();

        let mut s = crate::fixtures::loaded_state();
        s.stack.push(Screen::new(View::Audit, None));
        let tail = crate::audit::read_recent(&path, 100).map_err(|e| e.to_string());
        crate::app::update(&mut s, Event::Audit(tail));
        s.size = (120, 30);
        let mut terminal = Terminal::new(TestBackend::new(120, 30)).unwrap();
        terminal.draw(|f| crate::ui::render(&s, f)).unwrap();
        let screen = terminal.backend().to_string();
        assert!(
            screen.contains("[2] · 2 malformed lines skipped"),
            "{screen}"
        );
        assert!(screen.contains("attempt"), "{screen}");
        assert!(screen.contains("prod/web-api"), "{screen}");
        assert!(!screen.contains("valid UTF-8"), "{screen}");
        let _ = std::fs::remove_file(path);
    }
}
