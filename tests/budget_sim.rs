//! The cost of watching, counted on the simulator's virtual clock: calls per
//! minute at 2,000 services, freshness of what is on screen, an off-screen
//! change, a small cluster refreshed whole, throttling backed off from and
//! recovered. No wall clock: the loop is tests/budget_support/mod.rs.

mod budget_support;

use std::time::Duration;

use budget_support::{VirtualRun, total};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ecsdeck::app::update;
use ecsdeck::app::{SWEEP_MAX, SWEEP_PERIOD};
use ecsdeck::budget::{BudgetConfig, Sweep};
use ecsdeck::event::Event;
use ecsdeck::source::sim::Faults;
use ecsdeck::source::{Ops, ServiceUpdate};

const REFRESH: Duration = Duration::from_secs(5);
/// The seed-7 scenario has 6 services in `prod`.
const SCENARIO: usize = 6;

fn visible_rows(run: &VirtualRun) -> Vec<String> {
    let nav = &run.state.screen().nav;
    run.state
        .filtered_services(nav)
        .into_iter()
        .skip(nav.offset)
        .take(run.state.body_rows())
        .map(|s| s.name.clone())
        .collect()
}

/// Seconds until `service` shows `desired` in the state, at most `limit`.
fn seconds_until_seen(run: &mut VirtualRun, service: &str, desired: u32, limit: u64) -> u64 {
    for s in 0..=limit {
        if run
            .state
            .service(service)
            .is_some_and(|x| x.desired == desired)
        {
            return s;
        }
        run.second();
    }
    panic!("{service} still not seen with desired {desired} after {limit} s");
}

fn scale(run: &VirtualRun, service: &str, to: u32) {
    let update = ServiceUpdate {
        desired_count: Some(to),
        ..ServiceUpdate::default()
    };
    let rt = tokio::runtime::Builder::new_current_thread()
        .build()
        .expect("runtime");
    rt.block_on(run.sim.update_service("prod", service, &update))
        .expect("the simulator scales the service");
}

#[test]
fn an_idle_services_view_of_2000_services_stays_under_120_calls_a_minute_for_an_hour() {
    let mut run = VirtualRun::new(2000 - SCENARIO, 120, 40, REFRESH);
    assert_eq!(run.state.services.data.as_ref().map(Vec::len), Some(2000));
    run.run_for(60);
    let mut worst = 0;
    for minute in 1..60 {
        let before = run.calls();
        for _ in 0..60 {
            run.second();
            for name in visible_rows(&run) {
                let age = run.state.freshness.age_secs(&name, run.state.now);
                // A round trip takes no virtual time here: the bound is the interval.
                assert!(
                    age.is_some_and(|a| a <= REFRESH.as_secs() as i64),
                    "{name} on screen is {age:?} s old at minute {minute}"
                );
            }
        }
        let calls = budget_support::diff(&before, &run.calls());
        worst = worst.max(total(&calls));
        assert!(
            total(&calls) <= 120,
            "minute {minute}: {} calls {calls:?}",
            total(&calls)
        );
    }
    assert!(worst > 0, "something was refreshed");
    // Flat memory: the refreshes replaced data; nothing accumulated.
    let state = &run.state;
    assert_eq!(state.services.data.as_ref().map(Vec::len), Some(2000));
    assert_eq!(state.freshness.described_at.len(), 2000);
    assert!(state.freshness.rates.len() <= 61);
    assert!(state.target_groups.data.as_ref().map_or(0, |g| g.len()) <= 2000);
    assert!(state.metrics.data.as_ref().map_or(0, |m| m.len()) <= 2000);
}

#[test]
fn an_off_screen_change_is_seen_within_one_sweep() {
    let mut run = VirtualRun::new(2000 - SCENARIO, 120, 40, REFRESH);
    run.run_for(30);
    assert!(!visible_rows(&run).contains(&"svc-1500".to_string()));
    scale(&run, "svc-1500", 9);
    let seen = seconds_until_seen(&mut run, "svc-1500", 9, 1200);
    // The sweep describes SWEEP_MAX services a refresh, oldest first.
    let sweep = 2000usize.div_ceil(SWEEP_MAX) as u64 * REFRESH.as_secs();
    assert!(
        seen <= sweep + REFRESH.as_secs(),
        "seen after {seen} s (sweep {sweep} s)"
    );
}

/// `[budget] sweep.max_per_refresh = 170`: the trade the two idle
/// figures force at 2,000 services (DescribeServices takes 10 names, so a
/// whole sweep a minute is 200 calls): every off-screen change within 60 s,
/// paid for with more calls, still under the ECS read budget.
#[test]
fn a_faster_sweep_sees_an_off_screen_change_at_2000_services_within_a_minute() {
    let budget = BudgetConfig {
        sweep: Sweep {
            period_secs: 60,
            max_per_refresh: 170,
        },
        ..BudgetConfig::default()
    };
    let mut run = VirtualRun::with_budget(2000 - SCENARIO, 120, 40, REFRESH, budget);
    run.run_for(90);
    let per_minute_budget = (budget.ecs_reads.per_sec * 60.0) as u64;
    for (minute, service) in ["svc-0700", "svc-1500", "svc-1990"].iter().enumerate() {
        assert!(!visible_rows(&run).contains(&service.to_string()));
        let before = run.calls();
        scale(&run, service, 9);
        let seen = seconds_until_seen(&mut run, service, 9, 120);
        assert!(
            seen <= 60,
            "{service} seen after {seen} s (minute {minute})"
        );
        run.run_for(60 - seen);
        let calls = budget_support::diff(&before, &run.calls());
        assert!(
            ecs_calls(&calls) <= per_minute_budget,
            "{} ECS calls in a minute, budget {per_minute_budget}: {calls:?}",
            ecs_calls(&calls)
        );
    }
}

#[test]
fn at_200_services_an_off_screen_change_is_seen_within_a_minute() {
    let mut run = VirtualRun::new(200 - SCENARIO, 120, 40, REFRESH);
    run.run_for(30);
    assert!(!visible_rows(&run).contains(&"svc-0150".to_string()));
    scale(&run, "svc-0150", 9);
    let seen = seconds_until_seen(&mut run, "svc-0150", 9, 600);
    assert!(
        seen <= SWEEP_PERIOD.num_seconds() as u64,
        "seen after {seen} s"
    );
}

#[test]
fn a_20_service_cluster_is_refreshed_whole_every_refresh() {
    let mut run = VirtualRun::new(20 - SCENARIO, 80, 24, REFRESH);
    assert_eq!(run.state.services.data.as_ref().map(Vec::len), Some(20));
    run.run_for(10);
    for _ in 0..12 {
        let calls = run.calls_over(REFRESH.as_secs());
        // Every refresh: the whole membership and every service, as before.
        assert_eq!(calls.get("ecs:ListServices"), Some(&1), "{calls:?}");
        assert_eq!(calls.get("ecs:DescribeServices"), Some(&2), "{calls:?}");
        assert_eq!(calls.get("ecs:DescribeTasks"), Some(&1), "{calls:?}");
        let oldest = run
            .state
            .freshness
            .described_at
            .values()
            .min()
            .copied()
            .expect("described");
        assert!((run.state.now - oldest).num_seconds() < REFRESH.as_secs() as i64);
    }
}

/// A user paging down once a second (back to the top at the bottom): every
/// page is new rows to describe at once, which no refresh interval holds
/// back; only the budget does.
fn page_for(run: &mut VirtualRun, secs: u64) -> std::collections::BTreeMap<String, u64> {
    let before = run.calls();
    for _ in 0..secs {
        let nav = &run.state.screen().nav;
        let code = if nav.selected + 2 * run.state.body_rows() >= run.state.row_count() {
            KeyCode::Home
        } else {
            KeyCode::PageDown
        };
        update(
            &mut run.state,
            Event::Key(KeyEvent::new(code, KeyModifiers::NONE)),
        );
        run.second();
    }
    budget_support::diff(&before, &run.calls())
}

fn ecs_calls(calls: &std::collections::BTreeMap<String, u64>) -> u64 {
    calls
        .iter()
        .filter(|(op, _)| op.starts_with("ecs:"))
        .map(|(_, n)| n)
        .sum()
}

/// Opens the services view (`:services`) over the dashboard, the home.
fn open_services_view(run: &mut VirtualRun) {
    let keys = ":services"
        .chars()
        .map(KeyCode::Char)
        .chain([KeyCode::Enter]);
    for code in keys {
        update(
            &mut run.state,
            Event::Key(KeyEvent::new(code, KeyModifiers::NONE)),
        );
    }
    assert_eq!(run.state.screen().view, ecsdeck::state::View::Services);
}

#[test]
fn under_throttling_the_call_rate_drops_and_recovers() {
    let mut run = VirtualRun::new(2000 - SCENARIO, 120, 40, REFRESH);
    // Paging the services view: each page is new rows to describe.
    open_services_view(&mut run);
    run.run_for(60);
    let normal = ecs_calls(&page_for(&mut run, 60));
    assert!(
        normal > 120,
        "paging costs more than a call a second: {normal}"
    );
    run.sim.set_faults(Faults {
        throttle_rate: 0.3,
        ..Faults::default()
    });
    page_for(&mut run, 10);
    assert!(
        run.state.freshness.throttling(run.state.now),
        "the header says AWS is throttling"
    );
    let throttled = page_for(&mut run, 60);
    assert!(
        ecs_calls(&throttled) <= 60,
        "at most one ECS call a second while throttled: {throttled:?}"
    );
    run.sim.set_faults(Faults::default());
    page_for(&mut run, 60);
    let after = ecs_calls(&page_for(&mut run, 60));
    assert!(
        after * 10 >= normal * 9,
        "recovered within a minute: {after} ECS calls/min against {normal} before"
    );
    assert!(!run.state.freshness.throttling(run.state.now));
}
