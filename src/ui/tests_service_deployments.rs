//! Snapshots of the service-deployment history (the deployments view) and of
//! one service deployment in detail, at 120×40 and 80×24; the fallback line.

use ratatui::Terminal;
use ratatui::backend::TestBackend;

use super::tests::draw;
use crate::fixtures::{loaded_state, with_service_deployments};
use crate::source::{ErrorKind, SourceError};
use crate::state::{Screen, State, View};

fn history() -> State {
    let mut s = with_service_deployments(loaded_state());
    s.stack
        .push(Screen::new(View::Deployments, Some("checkout".into())));
    s
}

fn detail_of(id: &str) -> State {
    let mut s = history();
    let arn = s
        .filtered_service_deployments("checkout", &s.screen().nav)
        .iter()
        .find(|d| d.short_id() == id)
        .map(|d| d.arn.clone());
    let mut screen = Screen::new(View::ServiceDeployment, Some("checkout".into()));
    screen.deployment = arn;
    s.stack.push(screen);
    s
}

#[test]
fn history_120x40() {
    insta::assert_snapshot!(draw(&history(), 120, 40));
}

#[test]
fn history_80x24() {
    let screen = draw(&history(), 80, 24);
    // The target's image tag stays whole at 80 columns (the family goes:
    // the title names the service).
    for (id, tag) in [
        ("9fQ2canary", ":16 → :17 1.16.0-rc1"),
        ("3cRolling", ":15 → :16 1.15.0"),
    ] {
        let row = screen.lines().find(|l| l.contains(id)).unwrap_or_default();
        assert!(row.contains(tag), "{tag} in {row}\n{screen}");
    }
    insta::assert_snapshot!(screen);
}

#[test]
fn the_history_names_revisions_before_their_tags_arrive() {
    let mut s = history();
    s.service_deployments.revisions.clear();
    let screen = draw(&s, 120, 40);
    assert!(screen.contains("rev 1600000000000 → rev 1"), "{screen}");
}

#[test]
fn canary_in_progress_detail_120x40() {
    insta::assert_snapshot!(draw(&detail_of("9fQ2canary"), 120, 40));
}

#[test]
fn canary_in_progress_detail_80x24() {
    insta::assert_snapshot!(draw(&detail_of("9fQ2canary"), 80, 24));
}

#[test]
fn the_detail_scrolls_to_the_target_revision_on_a_short_terminal() {
    let mut s = detail_of("9fQ2canary");
    let first = draw(&s, 80, 24);
    assert!(!first.contains("Target revision"), "{first}");
    assert!(first.contains("j/k ↕"), "the title says how: {first}");
    // j moves the top line down; past the end it stays on the last page.
    let lines = s.row_count();
    for _ in 0..lines + 5 {
        crate::app::update(
            &mut s,
            crate::event::Event::Key(crossterm::event::KeyEvent::from(
                crossterm::event::KeyCode::Char('j'),
            )),
        );
    }
    let last = draw(&s, 80, 24);
    assert!(last.contains("Target revision"), "{last}");
    assert!(last.contains("sha256:"), "the images' digests: {last}");
    assert!(!last.contains("Lifecycle"), "scrolled past the top: {last}");
    // Back to the top.
    for _ in 0..lines + 5 {
        crate::app::update(
            &mut s,
            crate::event::Event::Key(crossterm::event::KeyEvent::from(
                crossterm::event::KeyCode::Char('k'),
            )),
        );
    }
    assert_eq!(draw(&s, 80, 24), first);
}

#[test]
fn rolled_back_detail_120x40() {
    insta::assert_snapshot!(draw(&detail_of("7bLinear"), 120, 40));
}

#[test]
fn fallback_says_why_once_in_the_view() {
    let mut s = history();
    s.service_deployments.unavailable = Some(SourceError::new(
        ErrorKind::Unsupported,
        "ecs:ListServiceDeployments",
        "this endpoint does not offer it (HTTP 500)",
    ));
    let screen = draw(&s, 120, 40);
    insta::assert_snapshot!(screen);
    let said = screen
        .lines()
        .filter(|l| l.contains("service deployments not available here"))
        .count();
    assert_eq!(said, 1, "{screen}");
    assert!(!screen.contains('⚠'), "no error banner: {screen}");
}

#[test]
fn a_deployment_gone_from_the_history_says_so() {
    let mut s = detail_of("9fQ2canary");
    s.service_deployments.by_service.clear();
    let screen = draw(&s, 80, 24);
    assert!(screen.contains("is no longer in the history"), "{screen}");
}

/// Every AWS string of the history and its revisions carries `hostile`.
fn hostile_history(hostile: &str) -> State {
    let mut s = history();
    let h = |base: &str| format!("{base}{hostile}");
    let sd = &mut s.service_deployments;
    for r in sd.by_service.values_mut() {
        for d in r.data.iter_mut().flatten() {
            d.status_reason = h(&d.status_reason);
            if let Some(rb) = d.rollback.as_mut() {
                rb.reason = h(&rb.reason);
            }
            if let Some(a) = d.alarms.as_mut() {
                a.names = a.names.iter().map(|n| h(n)).collect();
                a.triggered = a.triggered.iter().map(|n| h(n)).collect();
            }
            for hook in &mut d.hooks {
                hook.target_arn = h(&hook.target_arn);
            }
            for hook in d.strategy.iter_mut().flat_map(|s| &mut s.hooks) {
                hook.target_arn = h(&hook.target_arn);
            }
        }
    }
    for rev in sd.revisions.values_mut() {
        rev.task_definition = h(&rev.task_definition);
        for i in &mut rev.images {
            i.image = h(&i.image);
            i.container_name = h(&i.container_name);
            i.digest = i.digest.as_deref().map(h);
        }
        for lb in &mut rev.load_balancers {
            lb.target_group_arn = h(&lb.target_group_arn);
            lb.test_listener_rule = lb.test_listener_rule.as_deref().map(h);
        }
    }
    s
}

#[test]
fn no_hostile_character_reaches_a_cell_of_the_history_or_its_detail() {
    use crate::text::sanitize::is_allowed;
    for (name, hostile) in crate::text::corpus::all() {
        let base = hostile_history(&hostile);
        let mut detail = base.clone();
        let arn = base
            .filtered_service_deployments("checkout", &base.screen().nav)
            .iter()
            .find(|d| d.short_id() == "7bLinear")
            .map(|d| d.arn.clone());
        let mut screen = Screen::new(View::ServiceDeployment, Some("checkout".into()));
        screen.deployment = arn;
        detail.stack.push(screen);
        for s in [&base, &detail] {
            for (w, h) in [(120, 40), (80, 24)] {
                let mut state = s.clone();
                state.size = (w, h);
                let mut terminal = Terminal::new(TestBackend::new(w, h)).expect("backend");
                terminal.draw(|f| super::render(&state, f)).expect("draw");
                for cell in &terminal.backend().buffer().content {
                    assert!(
                        cell.symbol().chars().all(is_allowed),
                        "{name} on {:?} at {w}x{h}: {:?}",
                        s.screen().view,
                        cell.symbol()
                    );
                }
            }
        }
    }
}

/// The footer offers `enter open deployment` only where there is a history to
/// open: over the deployments array (the history unavailable, or empty) it is
/// gone, and enter is not bound there either.
#[test]
fn the_footer_offers_enter_only_over_a_history() {
    let footer = |s: &State| {
        let screen = draw(s, 120, 40);
        screen.lines().last().unwrap_or_default().to_string()
    };
    let open = |s: &State| {
        let enter = crate::keymap::KeyCombo::plain(crossterm::event::KeyCode::Enter);
        s.keymap.resolve(&s.key_contexts(), enter)
    };
    let s = history();
    assert!(
        footer(&s).contains("<enter>open deployment"),
        "{}",
        footer(&s)
    );
    assert_eq!(open(&s), Some(crate::action::Action::Open));
    let mut unavailable = history();
    unavailable.service_deployments.unavailable = Some(SourceError::new(
        ErrorKind::Unsupported,
        "ecs:ListServiceDeployments",
        "not here",
    ));
    let mut empty = history();
    for r in empty.service_deployments.by_service.values_mut() {
        r.data = Some(Vec::new());
    }
    for s in [unavailable, empty] {
        let line = footer(&s);
        assert!(!line.contains("open deployment"), "{line}");
        assert!(line.contains("filter"), "the other hints stay: {line}");
        assert_eq!(open(&s), None, "enter is not bound over the array");
    }
}
