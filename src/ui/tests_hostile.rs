//! The hostile corpus through every field on every view: no cell of the
//! frame may hold a character outside the allow-list of [`crate::text`].

use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;

use crate::audit::AuditRecord;
use crate::chaos::ChaosRecord;
use crate::fixtures::{loaded_state, t0, task_def, with_revisions};
use crate::state::{Overlay, Resource, Screen, State, View};
use crate::text::corpus;
use crate::text::sanitize::{is_allowed, is_mark};
use crate::timeline::EntryKind;

fn draw(state: &State, w: u16, h: u16) -> Buffer {
    let mut state = state.clone();
    state.size = (w, h);
    let mut terminal = Terminal::new(TestBackend::new(w, h)).expect("test backend");
    terminal.draw(|f| super::render(&state, f)).expect("draw");
    terminal.backend().buffer().clone()
}

/// Every character in every cell is allowed (ZWJ does not occur: no emoji here).
fn assert_clean(buf: &Buffer, what: &str) {
    for (i, cell) in buf.content.iter().enumerate() {
        let sym = cell.symbol();
        let marks = sym.chars().filter(|&c| is_mark(c)).count();
        assert!(
            marks <= crate::text::sanitize::MAX_MARKS,
            "{what}: {marks} marks in cell {i}"
        );
        for c in sym.chars() {
            assert!(
                is_allowed(c),
                "{what}: U+{:04X} in cell {i} ({:?})",
                c as u32,
                sym
            );
        }
    }
}

/// A state whose every foreign string carries `hostile`.
fn hostile_state(hostile: &str) -> State {
    let mut s = with_revisions(loaded_state());
    let h = |base: &str| format!("{base}{hostile}");
    if let Some(services) = s.services.data.as_mut() {
        for svc in services.iter_mut() {
            svc.name = h(&svc.name);
            svc.status = h(&svc.status);
            for e in &mut svc.events {
                e.message = h(&e.message);
            }
            for d in &mut svc.deployments {
                d.rollout_reason = h(&d.rollout_reason);
            }
        }
    }
    for tasks in s.tasks.values_mut() {
        if let Some(tasks) = tasks.data.as_mut() {
            for t in tasks.iter_mut() {
                t.stopped_reason = Some(h("stopped"));
                t.availability_zone = h(&t.availability_zone);
                for c in &mut t.containers {
                    c.name = h(&c.name);
                    c.reason = Some(h("reason"));
                    c.image = h(&c.image);
                }
            }
        }
    }
    if let Some(alarms) = s.alarms.data.as_mut() {
        for a in alarms.iter_mut() {
            a.name = h(&a.name);
            a.reason = h(&a.reason);
        }
    }
    if let Some(groups) = s.target_groups.data.as_mut() {
        for g in groups.values_mut() {
            g.name = h(&g.name);
            for t in &mut g.targets {
                t.reason = Some(h("reason"));
                t.description = Some(h("description"));
            }
        }
    }
    for td in s.task_defs.values_mut() {
        for c in &mut td.containers {
            c.name = h(&c.name);
            c.image = h(&c.image);
            c.environment.push((h("NAME"), h("value")));
        }
    }
    let mut old = task_def("web-api", 41, "1.4.1", "debug");
    old.containers[0].name = h("app");
    s.task_defs.insert(old.arn.clone(), old);
    let audit = AuditRecord {
        time: t0(),
        identity: Some(h("arn:aws:sts::1:assumed-role/x")),
        source: "demo".into(),
        profile: None,
        region: None,
        cluster: h("prod"),
        service: h("web-api"),
        task: None,
        action: "redeploy".into(),
        parameters: serde_json::json!({ "note": h("p") }),
        result: "error".into(),
        error: Some(h("AccessDenied")),
    };
    s.audit_log = Resource::default();
    s.audit_log.apply(Ok(vec![audit]), t0());
    let chaos = ChaosRecord {
        cluster: h("prod"),
        service: h("web-api"),
        victim: h("task"),
        replacement: Some(h("task")),
        killed_at: t0(),
        recovered_at: None,
        time_to_recovery_secs: None,
        milestones: vec![h("killed"), h("replaced")],
    };
    s.chaos_log = Resource::default();
    s.chaos_log.apply(Ok(vec![chaos]), t0());
    s.timeline
        .push(t0(), EntryKind::Alarm, true, h("alarm went off"));
    s
}

fn views() -> Vec<Screen> {
    let svc = |v: View| Screen::new(v, Some("web-api".into()));
    let mut diff = svc(View::Diff);
    diff.diff = Some((
        "arn:aws:ecs:us-east-1:123456789012:task-definition/web-api:41".into(),
        "arn:aws:ecs:us-east-1:123456789012:task-definition/web-api:42".into(),
    ));
    vec![
        Screen::new(View::Services, None),
        svc(View::ServiceDetail),
        Screen::new(View::Tasks, None),
        svc(View::Deployments),
        svc(View::Events),
        svc(View::TargetGroups),
        Screen::new(View::Alarms, None),
        svc(View::Revisions),
        diff,
        Screen::new(View::Audit, None),
        Screen::new(View::Chaos, None),
        Screen::new(View::Timeline, None),
    ]
}

#[test]
fn no_hostile_character_reaches_a_cell_on_any_view() {
    for (name, hostile) in corpus::all() {
        let base = hostile_state(&hostile);
        for screen in views() {
            let mut s = base.clone();
            // Keep the context service's name: the views look it up by name.
            let mut screen = screen;
            if let Some(svc) = screen.service.as_mut() {
                *svc = format!("{svc}{hostile}");
            }
            let view = screen.view;
            if view != View::Services {
                s.stack.push(screen);
            }
            for (w, h) in [(120, 40), (80, 24)] {
                assert_clean(&draw(&s, w, h), &format!("{name} on {view:?} at {w}x{h}"));
            }
        }
    }
}

#[test]
fn describe_overlay_of_a_hostile_service_is_clean() {
    for (name, hostile) in corpus::all() {
        let mut s = hostile_state(&hostile);
        let sel = s.selected().expect("a service is selected");
        s.overlay = Some(Overlay::Describe {
            title: sel.title,
            text: sel.json,
            scroll: 0,
            other: sel.unmasked_json,
            revealed: false,
        });
        assert_clean(&draw(&s, 120, 40), &format!("describe {name}"));
    }
}

#[test]
fn right_to_left_override_never_reaches_the_services_table() {
    let s = hostile_state(corpus::RLO);
    let buf = draw(&s, 120, 40);
    let text: String = buf.content.iter().map(|c| c.symbol()).collect();
    assert!(!text.contains('\u{202E}'), "U+202E drawn");
    assert!(
        text.contains("web-apixgnp"),
        "the visible text stays: {text}"
    );
}

#[test]
fn a_one_megabyte_name_is_drawn_clean() {
    let s = hostile_state(&corpus::one_megabyte_line());
    assert_clean(&draw(&s, 120, 40), "1 MB service name");
}
