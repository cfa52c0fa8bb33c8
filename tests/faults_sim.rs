//! Fault injection on the simulator, asserted through the whole app loop:
//! `update` + `wanted_fetches` driven headless on a manual clock (as in
//! tests/app_sim.rs), ops executed like the runtime does, screens rendered on a
//! `TestBackend`. Under throttling, HTTP 500s, latency and expired credentials
//! the app keeps the last good data with its age, shows the error, keeps
//! handling keys, recovers by itself, and applies a confirmed write at most once.
//! (The real event loop under a hanging source: src/app/tests_runtime.rs.)

use std::sync::Arc;
use std::time::Duration;

use crossterm::event::KeyCode;
use ecsdeck::app::{update, wanted_fetches};
use ecsdeck::event::{Data, Event};
use ecsdeck::source::sim::{Faults, SimConfig, SimSource};
use ecsdeck::source::{ErrorKind, Source, TaskScope};
use ecsdeck::state::View;
use ratatui::Terminal;
use ratatui::backend::TestBackend;

mod app_driver;
use app_driver::Driver;

/// What these tests read off the app and the simulator.
impl Driver {
    /// The screen as a person sees it (wide enough for the whole status line).
    fn screen(&self) -> String {
        let mut state = self.state.clone();
        state.size = (220, 40);
        let mut terminal = Terminal::new(TestBackend::new(220, 40)).unwrap();
        terminal.draw(|f| ecsdeck::ui::render(&state, f)).unwrap();
        terminal.backend().to_string()
    }

    /// The status line (second to last row).
    fn status_line(&self) -> String {
        let screen = self.screen();
        let rows: Vec<&str> = screen.lines().collect();
        rows[rows.len() - 2].trim_matches('"').trim().to_string()
    }

    /// Seconds since the services were last fetched successfully.
    fn age(&self) -> i64 {
        self.state.services.age_secs(self.state.now).unwrap()
    }

    /// Deployments of a service in the simulated world (read with faults off).
    fn deployments(&self, service: &str) -> usize {
        let faults = self.sim.faults();
        self.sim.set_faults(Faults::default());
        let services = self.rt.block_on(self.sim.services("prod")).unwrap();
        self.sim.set_faults(faults);
        services
            .iter()
            .find(|s| s.name == service)
            .map(|s| s.deployments.len())
            .unwrap()
    }

    fn assert_recovered(&self) {
        assert!(self.state.services.last_error.is_none());
        assert_eq!(self.state.services.fetched_at, Some(self.state.now));
        let screen = self.screen();
        assert!(!screen.contains('⚠'), "a banner is left:\n{screen}");
        assert!(screen.contains("updated 0s ago"), "{screen}");
    }
}

#[test]
fn throttling_30_percent_keeps_data_and_age_then_recovers() {
    let mut d = Driver::new("prod", false);
    let good = d.state.services.data.clone().unwrap();
    assert!(good.len() > 2);
    d.sim.set_faults(Faults {
        throttle_rate: 0.3,
        ..Faults::default()
    });
    let (mut failed, mut refreshed, mut oldest) = (0, 0, 0);
    for _ in 0..40 {
        let before = d.state.services.fetched_at;
        d.wait(5, 5);
        match &d.state.services.last_error {
            Some(e) => {
                failed += 1;
                assert_eq!(e.kind, ErrorKind::Throttled, "{e}");
                assert_eq!(
                    d.state.services.data.as_ref().map(Vec::len),
                    Some(good.len()),
                    "the last good data stays"
                );
                let age = d.age();
                oldest = oldest.max(age);
                let status = d.status_line();
                assert!(status.contains("ThrottlingException"), "{status}");
                assert!(
                    status.ends_with(&format!("showing data from {age}s ago")),
                    "{status}"
                );
                // Keys still work on the stale data.
                let selected = d.state.screen().nav().selected;
                d.keys("j");
                assert_eq!(d.state.screen().nav().selected, selected + 1);
                d.keys("k");
            }
            None => {
                refreshed += 1;
                assert!(d.state.services.fetched_at > before);
            }
        }
    }
    assert!(failed > 0 && refreshed > failed, "{failed} / {refreshed}");
    assert!(
        oldest >= 5,
        "some failure showed data older than a refresh: {oldest}"
    );
    d.sim.set_faults(Faults::default());
    d.wait(5, 5);
    d.assert_recovered();
}

#[test]
fn http_500s_show_the_error_and_the_age_and_keys_still_work() {
    let mut d = Driver::new("prod", false);
    // The services view, opened over the dashboard (the home).
    d.keys(":services");
    d.key(KeyCode::Enter);
    assert_eq!(d.state.screen().view, View::Services);
    let good = d.state.services.data.clone().unwrap();
    let fetched = d.state.services.fetched_at;
    d.sim.set_faults(Faults {
        error_rate: 1.0,
        ..Faults::default()
    });
    d.wait(60, 60);
    let e = d.state.services.last_error.clone().expect("an error");
    assert_eq!(e.kind, ErrorKind::Server);
    assert_eq!(d.state.services.fetched_at, fetched);
    assert_eq!(d.state.services.data.as_ref(), Some(&good));
    let screen = d.screen();
    assert!(screen.contains("updated 1m ago"), "{screen}");
    let status = d.status_line();
    assert!(status.starts_with("⚠ ecs:ListServices"), "{status}");
    assert!(status.contains("HTTP 500"), "{status}");
    assert!(status.ends_with("showing data from 60s ago"), "{status}");
    for s in &good {
        assert!(screen.contains(&s.name), "{} still listed", s.name);
    }
    // Navigation works on stale data: into a service, whose fetches fail too, and back.
    d.keys("jj");
    assert_eq!(d.state.screen().nav().selected, 2);
    d.key(KeyCode::Enter);
    assert_eq!(d.state.screen().view, View::ServiceDetail);
    d.wait(5, 5);
    assert!(d.state.tasks.values().any(|t| t.last_error.is_some()));
    d.key(KeyCode::Esc);
    assert_eq!(d.state.screen().view, View::Services);
    d.sim.set_faults(Faults::default());
    d.wait(5, 5);
    d.assert_recovered();
    assert_eq!(d.state.screen().nav().selected, 2, "selection kept");
}

#[test]
fn expired_credentials_say_how_to_refresh_and_refuse_nothing_twice() {
    let mut d = Driver::new("prod", false);
    d.select_service("web-api");
    d.sim.set_faults(Faults {
        expired_credentials: true,
        ..Faults::default()
    });
    d.wait(30, 30);
    let e = d.state.services.last_error.clone().expect("an error");
    assert_eq!(e.kind, ErrorKind::Credentials);
    let status = d.status_line();
    assert!(status.contains("expired"), "{status}");
    assert!(status.contains("aws sso login"), "{status}");
    assert!(status.ends_with("showing data from 30s ago"), "{status}");
    // A write in this state fails and says why; nothing is applied.
    d.keys("ry");
    assert_eq!(d.done, vec![("redeploy".to_string(), false)]);
    let said = d.state.status.as_ref().unwrap().text.clone();
    assert!(
        said.contains("redeploy web-api failed") && said.contains("expired"),
        "{said}"
    );
    assert_eq!(d.sim.applied_writes().get("ecs:UpdateService"), 0);
    // Fresh credentials: reads recover by themselves, the failed write is not resent.
    d.sim.set_faults(Faults::default());
    d.wait(5, 5);
    d.assert_recovered();
    assert_eq!(d.sim.calls().get("ecs:UpdateService"), 1);
    assert_eq!(d.sim.applied_writes().get("ecs:UpdateService"), 0);
}

#[test]
fn latency_delays_data_but_not_keys() {
    let mut d = Driver::new("prod", false);
    let fetched = d.state.services.fetched_at;
    d.sim.set_faults(Faults {
        latency: Duration::from_secs(1),
        ..Faults::default()
    });
    d.sim.advance(Duration::from_secs(10));
    // Start the fetches the view wants, as the runtime does, and press keys meanwhile.
    let services = d.state.services.data.clone().unwrap_or_default();
    let pending: Vec<_> = wanted_fetches(&d.state)
        .into_iter()
        .map(|fetch| {
            let backend = Arc::clone(&d.backend);
            let services = services.clone();
            d.rt.spawn(async move {
                let payload = fetch.run(backend.as_ref(), &services).await;
                (fetch, backend.now(), payload)
            })
        })
        .collect();
    let start = std::time::Instant::now();
    while d.sim.calls_in_progress() == 0 {
        assert!(start.elapsed() < Duration::from_secs(5), "no call started");
        std::thread::yield_now();
    }
    d.keys("jj");
    d.key(KeyCode::Enter);
    assert_eq!(d.state.screen().view, View::ServiceDetail);
    d.key(KeyCode::Esc);
    assert_eq!(d.state.screen().nav().selected, 2);
    assert!(
        d.sim.calls_in_progress() > 0,
        "the keys were handled while the fetches were outstanding"
    );
    assert_eq!(d.state.services.fetched_at, fetched);
    for handle in pending {
        let (fetch, at, payload) = d.rt.block_on(handle).unwrap();
        let cmds = update(&mut d.state, Event::Data(Data { fetch, at, payload }));
        d.run(cmds);
    }
    d.tick();
    assert_eq!(d.sim.calls_in_progress(), 0);
    d.assert_recovered();
    assert!(d.state.services.fetched_at > fetched);
}

#[test]
fn confirmed_writes_are_applied_exactly_once_under_throttling() {
    let mut d = Driver::new("prod", false);
    d.select_service("web-api");
    d.sim.set_faults(Faults {
        throttle_rate: 0.3,
        ..Faults::default()
    });
    for round in 0..8 {
        let deployments = d.deployments("web-api");
        let applied = d.sim.applied_writes().get("ecs:UpdateService");
        d.keys("ry");
        let ok = d.done.last().map(|(_, ok)| *ok);
        assert_eq!(ok, Some(true), "round {round}: {:?}", d.state.status);
        assert_eq!(
            d.sim.applied_writes().get("ecs:UpdateService"),
            applied + 1,
            "round {round}: applied once"
        );
        assert_eq!(d.deployments("web-api"), deployments + 1, "round {round}");
        d.wait(5, 5);
    }
    let attempts = d.sim.calls().get("ecs:UpdateService");
    assert!(
        attempts > 8,
        "some attempts were throttled and retried: {attempts} attempts for 8 writes"
    );
    // A chaos stop under throttling: one StopTask applied.
    d.key(KeyCode::Enter);
    assert_eq!(d.state.screen().view, View::ServiceDetail);
    d.keys("x");
    d.keys("y");
    assert_eq!(d.done.last(), Some(&("stop-task".to_string(), true)));
    assert_eq!(d.sim.applied_writes().get("ecs:StopTask"), 1);
}

#[test]
fn a_write_failing_with_http_500_is_reported_and_never_resent() {
    let mut d = Driver::new("prod", false);
    d.select_service("web-api");
    let deployments = d.deployments("web-api");
    d.sim.set_faults(Faults {
        error_rate: 1.0,
        ..Faults::default()
    });
    d.keys("ry");
    assert_eq!(d.done, vec![("redeploy".to_string(), false)]);
    let said = d.state.status.as_ref().unwrap().text.clone();
    assert!(said.contains("HTTP 500"), "{said}");
    assert!(
        d.state.inflight.is_empty(),
        "the service is free for a new action"
    );
    for _ in 0..5 {
        d.wait(5, 5);
    }
    assert_eq!(
        d.sim.calls().get("ecs:UpdateService"),
        1,
        "one attempt, no retry"
    );
    assert_eq!(d.sim.applied_writes().get("ecs:UpdateService"), 0);
    d.sim.set_faults(Faults::default());
    d.wait(5, 5);
    d.assert_recovered();
    // The person decides to try again: exactly one more write.
    d.keys("ry");
    assert_eq!(d.done.last(), Some(&("redeploy".to_string(), true)));
    assert_eq!(d.sim.calls().get("ecs:UpdateService"), 2);
    assert_eq!(d.sim.applied_writes().get("ecs:UpdateService"), 1);
    assert_eq!(d.deployments("web-api"), deployments + 1);
}

#[test]
fn simulated_calls_fail_with_the_right_kinds() {
    let sim = SimSource::new(SimConfig {
        seed: 7,
        speed: None,
        ..SimConfig::default()
    });
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let cases = [
        (
            Faults {
                throttle_rate: 1.0,
                ..Faults::default()
            },
            ErrorKind::Throttled,
        ),
        (
            Faults {
                error_rate: 1.0,
                ..Faults::default()
            },
            ErrorKind::Server,
        ),
        (
            Faults {
                expired_credentials: true,
                ..Faults::default()
            },
            ErrorKind::Credentials,
        ),
    ];
    for (faults, kind) in cases {
        sim.set_faults(faults);
        let e = rt
            .block_on(sim.tasks("prod", &TaskScope::Cluster))
            .unwrap_err();
        assert_eq!(e.kind, kind, "{e}");
        assert!(e.is_transient() == (kind != ErrorKind::Credentials), "{e}");
    }
    sim.set_faults(Faults::default());
    assert!(rt.block_on(sim.tasks("prod", &TaskScope::Cluster)).is_ok());
}
