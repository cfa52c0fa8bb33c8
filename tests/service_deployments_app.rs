//! The service-deployment history in the app, end to end below the terminal:
//! on the simulator the deployments view shows the demo's canary with its
//! revisions and Enter opens its stages; on moto (which does not answer
//! ListServiceDeployments) the view falls back to the deployments array, says
//! so once, shows no error banner and does not ask again.
//! Install the emulator first: `scripts/emulators.sh install`.

mod app_driver;
mod support;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ecsdeck::event::{Data, Event};
use ecsdeck::source::Backend;
use ecsdeck::state::{State, View};

fn screen(state: &State, w: u16, h: u16) -> String {
    let mut state = state.clone();
    state.size = (w, h);
    let mut terminal =
        ratatui::Terminal::new(ratatui::backend::TestBackend::new(w, h)).expect("backend");
    terminal
        .draw(|f| ecsdeck::ui::render(&state, f))
        .expect("draw");
    terminal.backend().to_string()
}

/// Runs every fetch the view wants (twice, so data that depends on data arrives).
async fn pump(state: &mut State, backend: &dyn Backend) {
    for _ in 0..2 {
        let services = state.services.data.clone().unwrap_or_default();
        for fetch in ecsdeck::app::wanted_fetches(state) {
            let payload = fetch.run(backend, &services).await;
            let at = backend.now();
            ecsdeck::app::update(state, Event::Data(Data { fetch, at, payload }));
        }
    }
}

fn calls(backend: &dyn Backend, op: &str) -> u64 {
    backend.calls().snapshot().get(op).copied().unwrap_or(0)
}

#[test]
fn on_the_simulator_the_canary_shows_with_its_revisions_and_stages() {
    let mut d = app_driver::Driver::new("prod", false);
    d.select_service("checkout");
    d.keys("o");
    d.pump();
    assert_eq!(d.state.screen().view, View::Deployments);
    let shown = screen(&d.state, 120, 40);
    assert!(shown.contains("service deployments: 1"), "{shown}");
    let row = shown
        .lines()
        .find(|l| l.contains("CANARY"))
        .unwrap_or_else(|| panic!("a canary row: {shown}"));
    assert!(row.contains("IN_PROGRESS"), "{row}");
    assert!(row.contains("checkout:7 → 8"), "{row}");
    assert_eq!(calls(d.backend.as_ref(), "ecs:DescribeServiceRevisions"), 1);
    // Revisions are immutable: later refreshes do not describe them again.
    d.wait(10, 5);
    assert_eq!(calls(d.backend.as_ref(), "ecs:DescribeServiceRevisions"), 1);
    d.key(KeyCode::Enter);
    assert_eq!(d.state.screen().view, View::ServiceDeployment);
    let shown = screen(&d.state, 120, 40);
    for want in [
        "Lifecycle",
        "RECONCILE_SERVICE",
        "smoke-test",
        "task def checkout:8",
        "sha256:",
    ] {
        assert!(shown.contains(want), "{want}: {shown}");
    }
    d.key(KeyCode::Esc);
    assert_eq!(d.state.screen().view, View::Deployments);
}

#[test]
fn the_services_view_asks_for_no_history() {
    let mut d = app_driver::Driver::new("prod", false);
    d.wait(10, 5);
    assert_eq!(calls(d.backend.as_ref(), "ecs:ListServiceDeployments"), 0);
}

#[tokio::test]
async fn on_moto_the_view_falls_back_to_the_deployments_array_once() {
    let moto = support::Emulator::moto();
    let _seeded =
        support::seed::cluster_with_services(&moto, "web", ("api", "nginx:1"), &[("api", 2)], 2)
            .await;
    let backend: std::sync::Arc<dyn Backend> = std::sync::Arc::new(moto.source().await);
    let mut state = State::new(
        backend.info(),
        Some("web".into()),
        backend.now(),
        ecsdeck::keymap::Keymap::defaults(),
        ecsdeck::theme::Theme::plain(),
    );
    state.size = (120, 40);
    pump(&mut state, backend.as_ref()).await;
    let key = KeyEvent::new(KeyCode::Char('o'), KeyModifiers::NONE);
    ecsdeck::app::update(&mut state, Event::Key(key));
    assert_eq!(state.screen().view, View::Deployments);
    pump(&mut state, backend.as_ref()).await;
    let asked = calls(backend.as_ref(), "ecs:ListServiceDeployments");
    assert_eq!(asked, 1, "asked once");
    let shown = screen(&state, 120, 40);
    let said: Vec<_> = shown
        .lines()
        .filter(|l| l.contains("service deployments not available here"))
        .collect();
    assert_eq!(said.len(), 1, "{shown}");
    assert!(said[0].contains("showing the deployments array"), "{shown}");
    // moto does not answer CloudWatch's CBOR: that error may show, this one never.
    assert!(
        !shown
            .lines()
            .any(|l| l.contains('⚠') && l.contains("ServiceDeployments")),
        "no error banner: {shown}"
    );
    assert!(shown.contains("PRIMARY"), "the deployments array: {shown}");
    for _ in 0..3 {
        pump(&mut state, backend.as_ref()).await;
    }
    assert_eq!(
        calls(backend.as_ref(), "ecs:ListServiceDeployments"),
        asked,
        "not asked again"
    );
}

/// Finished service deployments are immutable: described once, then only
/// listed. An idle history costs its ListServiceDeployments alone.
#[test]
fn terminal_service_deployments_are_described_once() {
    let mut d = app_driver::Driver::new("prod", false);
    d.select_service("checkout");
    d.keys("o");
    d.pump();
    assert_eq!(d.state.screen().view, View::Deployments);
    let finished = d.wait_until(1800, 30, |s| screen(s, 120, 40).contains("✔ SUCCESSFUL"));
    assert!(
        finished,
        "the canary finished: {}",
        screen(&d.state, 120, 40)
    );
    d.pump();
    let described = calls(d.backend.as_ref(), "ecs:DescribeServiceDeployments");
    let listed = calls(d.backend.as_ref(), "ecs:ListServiceDeployments");
    for _ in 0..2 {
        d.wait(5, 5);
    }
    assert!(
        calls(d.backend.as_ref(), "ecs:ListServiceDeployments") >= listed + 2,
        "the history is still listed each refresh"
    );
    assert_eq!(
        calls(d.backend.as_ref(), "ecs:DescribeServiceDeployments"),
        described,
        "no finished deployment described again"
    );
    let shown = screen(&d.state, 120, 40);
    assert!(shown.contains("✔ SUCCESSFUL"), "still shown: {shown}");
}
