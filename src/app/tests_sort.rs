//! Sorting from the keys (`,` next column, `.` reverse) and the selection
//! following its row through a re-sort and a refresh.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::update;
use crate::event::{Data, Event, Payload};
use crate::fixtures::{loaded_state, t0};
use crate::poll::Fetch;
use crate::state::{Screen, State, View};

fn key(c: char) -> Event {
    Event::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE))
}

fn shown(s: &State) -> Vec<String> {
    s.filtered_services(s.screen().nav())
        .iter()
        .map(|x| x.name.clone())
        .collect()
}

fn selected(s: &State) -> Option<String> {
    s.context_service().map(|x| x.name.clone())
}

#[test]
fn the_keys_cycle_the_column_and_reverse_it_and_the_status_line_says_so() {
    let mut s = loaded_state();
    update(&mut s, key(','));
    update(&mut s, key(','));
    update(&mut s, key(','));
    assert_eq!(
        s.status.as_ref().map(|m| m.text.as_str()),
        Some("sorted by DES/RUN/PEN ▲ (ascending)")
    );
    assert_eq!(shown(&s)[0], "search");
    update(&mut s, key('.'));
    assert_eq!(shown(&s)[0], "checkout");
    assert!(
        s.status
            .as_ref()
            .is_some_and(|m| m.text.contains("▼ (descending)"))
    );
    // Past the last column (HEALTH … MEM, 5XX): the table's own order again.
    for _ in 0..7 {
        update(&mut s, key(','));
    }
    assert_eq!(
        shown(&s),
        ["checkout", "payments", "search", "web-api", "worker"]
    );
}

#[test]
fn the_selection_stays_on_its_row_through_a_resort() {
    let mut s = loaded_state();
    for _ in 0..3 {
        update(&mut s, key('j'));
    }
    assert_eq!(selected(&s).as_deref(), Some("web-api"));
    for k in [',', ',', ',', '.'] {
        update(&mut s, key(k));
        assert_eq!(selected(&s).as_deref(), Some("web-api"), "after {k}");
    }
}

#[test]
fn a_refresh_that_moves_the_selected_row_keeps_it_selected() {
    let mut s = loaded_state();
    s.stack.push(Screen::new(View::Tasks, None));
    update(&mut s, key('j'));
    let before = s.selected_row_id();
    assert!(before.is_some());
    // A new task arrives first in the list (the newest).
    let mut tasks = s.tasks[""].data.clone().unwrap_or_default();
    let mut fresh = tasks[0].clone();
    fresh.arn.push_str("-new");
    fresh.id = "ff00new".into();
    fresh.created_at = Some(t0());
    tasks.insert(0, fresh);
    update(
        &mut s,
        Event::Data(Data {
            fetch: Fetch::Tasks {
                cluster: "prod".into(),
                service: None,
            },
            at: t0(),
            payload: Payload::Tasks(Ok(tasks)),
        }),
    );
    assert_eq!(s.selected_row_id(), before);
    assert_ne!(
        s.row_ids().get(1),
        before.as_ref(),
        "the row moved: an index would have lost it"
    );
}

#[test]
fn a_refresh_keeps_the_selection_on_a_sorted_table() {
    let mut s = loaded_state();
    for _ in 0..3 {
        update(&mut s, key(',')); // DES/RUN/PEN ascending
    }
    // The selected checkout (4 tasks) went last with the sort; the second row.
    assert_eq!(selected(&s).as_deref(), Some("checkout"));
    update(&mut s, key('g'));
    update(&mut s, key('j'));
    let before = selected(&s);
    assert_eq!(before.as_deref(), Some("payments"));
    // payments now wants 9 tasks: it moves to the end.
    let mut services = s.services.data.clone().unwrap_or_default();
    if let Some(p) = services.iter_mut().find(|x| x.name == "payments") {
        p.desired = 9;
    }
    update(
        &mut s,
        Event::Data(Data {
            fetch: Fetch::Services {
                cluster: "prod".into(),
            },
            at: t0(),
            payload: Payload::Services(Ok(services)),
        }),
    );
    assert_eq!(shown(&s).last().map(String::as_str), Some("payments"));
    assert_eq!(selected(&s), before);
}

#[test]
fn the_filter_takes_column_terms_typed_in_the_filter_line() {
    let mut s = loaded_state();
    update(&mut s, key('/'));
    for c in "status:active name:w".chars() {
        update(&mut s, key(c));
    }
    assert_eq!(shown(&s), ["web-api", "worker"]);
    for c in " nope:x".chars() {
        update(&mut s, key(c));
    }
    assert_eq!(
        shown(&s),
        ["web-api", "worker"],
        "an unknown column hides nothing"
    );
    assert!(
        s.filter_problem()
            .is_some_and(|p| p.contains(r#"no column "nope""#))
    );
}
