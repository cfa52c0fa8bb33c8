//! Sorting and `column:value` filtering of the tables, through the column
//! descriptions the views draw their headers from.

use chrono::Duration;

use super::table::{Sort, SortKey, TableKind, next_sort, reversed};
use super::{Screen, State, TableNav, View};
use crate::fixtures::{loaded_state, t0};

fn names(rows: &[&crate::model::Service]) -> Vec<String> {
    rows.iter().map(|s| s.name.clone()).collect()
}

fn sort(s: &mut State, kind: TableKind, column: &'static str, descending: bool) {
    s.sorts.insert(kind, Sort { column, descending });
}

fn services(s: &State, filter: &str) -> Vec<String> {
    let nav = TableNav {
        filter: filter.into(),
        ..TableNav::default()
    };
    names(&s.filtered_services(&nav))
}

#[test]
fn the_default_order_is_todays() {
    let s = loaded_state();
    assert_eq!(
        services(&s, ""),
        ["checkout", "payments", "search", "web-api", "worker"]
    );
}

#[test]
fn numbers_sort_as_numbers_and_ties_keep_their_order_both_ways() {
    let mut s = loaded_state();
    // Desired counts: checkout 4, payments 2, search 0, web-api 3, worker 2.
    sort(&mut s, TableKind::Services, "DES/RUN/PEN", false);
    assert_eq!(
        services(&s, ""),
        ["search", "payments", "worker", "web-api", "checkout"]
    );
    sort(&mut s, TableKind::Services, "DES/RUN/PEN", true);
    assert_eq!(
        services(&s, ""),
        ["checkout", "web-api", "payments", "worker", "search"],
        "stable: payments stays before worker"
    );
    // 10 before 9 as text, 9 before 10 as numbers.
    if let Some(list) = s.services.data.as_mut() {
        list[0].desired = 10;
        list[1].desired = 9;
    }
    sort(&mut s, TableKind::Services, "DES/RUN/PEN", false);
    assert_eq!(services(&s, "")[3..], ["payments", "checkout"]);
}

#[test]
fn missing_values_go_last_in_both_directions() {
    let mut s = loaded_state();
    // CPU is known for every service but search.
    if let Some(m) = s.metrics.data.as_mut() {
        m.remove("search");
    }
    sort(&mut s, TableKind::Services, "CPU", false);
    assert_eq!(services(&s, "").last().map(String::as_str), Some("search"));
    sort(&mut s, TableKind::Services, "CPU", true);
    assert_eq!(
        services(&s, ""),
        ["worker", "web-api", "payments", "checkout", "search"]
    );
}

#[test]
fn the_5xx_column_sorts_and_filters_by_the_newest_minutes_count() {
    let mut s = loaded_state();
    // 5xx a minute now: checkout 19, web-api 40; the others have no load
    // balancer (their fixture 5xx series are not theirs to show).
    sort(&mut s, TableKind::Services, "5XX", false);
    assert_eq!(
        services(&s, ""),
        ["checkout", "web-api", "payments", "search", "worker"]
    );
    sort(&mut s, TableKind::Services, "5XX", true);
    assert_eq!(
        services(&s, ""),
        ["web-api", "checkout", "payments", "search", "worker"]
    );
    assert_eq!(services(&s, "5xx:40"), ["web-api"]);
    // A newest minute without a 5xx point is a minute without errors.
    let end = s.now - Duration::minutes(1);
    if let Some(m) = s.metrics.data.as_mut().and_then(|m| m.get_mut("web-api")) {
        for series in m.iter_mut() {
            if series.kind == crate::model::MetricKind::Errors5xx {
                series.points = vec![(end, 40.0)];
            }
        }
    }
    sort(&mut s, TableKind::Services, "5XX", false);
    assert_eq!(services(&s, "")[..2], ["web-api", "checkout"]);
    assert_eq!(services(&s, "5xx:0"), ["web-api"]);
}

#[test]
fn times_sort_as_times_with_the_undated_last() {
    let mut s = loaded_state();
    if let Some(tasks) = s.tasks.get_mut("").and_then(|r| r.data.as_mut()) {
        for (i, t) in tasks.iter_mut().enumerate() {
            // Started 1 h, 2 h, … ago; the third has no start time.
            t.started_at = (i != 2).then(|| t0() - Duration::hours(i as i64 + 1));
        }
    }
    let undated = s.tasks[""].data.as_ref().map(|v| v[2].id.clone());
    let ids = |s: &State| {
        s.filtered_tasks(None, &TableNav::default())
            .iter()
            .map(|t| t.id.clone())
            .collect::<Vec<_>>()
    };
    let own = ids(&s);
    sort(&mut s, TableKind::Tasks, "STARTED", false);
    let oldest_first = ids(&s);
    assert_eq!(oldest_first.last(), undated.as_ref());
    assert_eq!(
        oldest_first[0],
        own[own.len() - 1],
        "the oldest start first"
    );
    sort(&mut s, TableKind::Tasks, "STARTED", true);
    let newest_first = ids(&s);
    assert_eq!(newest_first.last(), undated.as_ref(), "still last");
    assert_eq!(newest_first[0], own[0]);
}

#[test]
fn text_sorts_without_case() {
    let mut s = loaded_state();
    if let Some(list) = s.services.data.as_mut() {
        list[2].name = "Search".into();
    }
    sort(&mut s, TableKind::Services, "NAME", true);
    assert_eq!(
        services(&s, ""),
        ["worker", "web-api", "Search", "payments", "checkout"]
    );
    assert_eq!(
        SortKey::text("b").order(&SortKey::text("A"), false),
        std::cmp::Ordering::Greater
    );
}

#[test]
fn task_definitions_sort_by_revision_number() {
    let mut s = loaded_state();
    sort(&mut s, TableKind::Revisions, "REVISION", false);
    s = crate::fixtures::with_revisions(s);
    let arn =
        |rev: u32| format!("arn:aws:ecs:us-east-1:123456789012:task-definition/web-api:{rev}");
    s.revisions.insert(
        "web-api".into(),
        super::Resource {
            data: Some(vec![arn(10), arn(9), arn(100)]),
            ..Default::default()
        },
    );
    let revs: Vec<String> = s
        .filtered_revisions("web-api", &TableNav::default())
        .into_iter()
        .cloned()
        .collect();
    assert_eq!(revs, [arn(9), arn(10), arn(100)]);
}

#[test]
fn the_cycle_key_walks_the_named_columns_then_back_to_the_own_order() {
    let names = ["", "REVISION", "IMAGE"];
    let mut sort = None;
    let mut seen = Vec::new();
    for _ in 0..3 {
        sort = next_sort(&names, sort);
        seen.push(sort.map(|s| s.column));
    }
    assert_eq!(seen, [Some("REVISION"), Some("IMAGE"), None]);
    let down = reversed(&names, None);
    assert_eq!(
        down,
        Some(Sort {
            column: "REVISION",
            descending: true
        })
    );
    assert_eq!(reversed(&names, down).map(|s| s.descending), Some(false));
}

#[test]
fn a_resort_keeps_the_selected_row() {
    let mut s = loaded_state();
    s.screen_mut().nav.selected = 3; // web-api
    assert_eq!(s.selected_row_id().as_deref(), Some("web-api"));
    // NAME ascending: the same order.
    assert!(s.change_sort(false).is_ok());
    assert_eq!(s.selected_row_id().as_deref(), Some("web-api"));
    assert!(s.change_sort(true).is_ok()); // NAME descending
    assert_eq!(s.screen().nav.selected, 1);
    assert_eq!(
        s.context_service().map(|x| x.name.as_str()),
        Some("web-api")
    );
}

#[test]
fn the_sort_is_kept_per_table_for_the_session() {
    let mut s = loaded_state();
    assert!(s.change_sort(false).is_ok());
    assert!(s.change_sort(false).is_ok()); // STATUS
    s.stack.push(Screen::new(View::Tasks, None));
    assert_eq!(s.sort_of(TableKind::Tasks), None, "tasks keep their order");
    assert!(s.change_sort(true).is_ok());
    s.stack.pop();
    assert_eq!(
        s.sort_of(TableKind::Services).map(|x| x.column),
        Some("STATUS")
    );
    s.stack
        .push(Screen::new(View::ServiceDetail, Some("web-api".into())));
    assert_eq!(
        s.sort_of(TableKind::Tasks),
        Some(Sort {
            column: "TASK",
            descending: true
        }),
        "the service detail's tasks share the tasks' sort"
    );
    s.stack.truncate(1);
    s.stack
        .push(Screen::new(View::Metrics, Some("web-api".into())));
    assert!(s.change_sort(false).is_err(), "metrics is not a table");
}

#[test]
fn column_filters_combine_with_free_text() {
    let mut s = loaded_state();
    if let Some(list) = s.services.data.as_mut() {
        list[4].status = "DRAINING".into(); // worker
    }
    assert_eq!(
        services(&s, "status:active"),
        ["checkout", "payments", "search", "web-api"]
    );
    assert_eq!(services(&s, "STATUS:drain"), ["worker"]);
    assert_eq!(services(&s, "name:w status:ACT"), ["web-api"]);
    // Free text still matches the name, as the plain filter did.
    assert_eq!(services(&s, "pay status:active"), ["payments"]);
    assert_eq!(
        services(&s, "des:4"),
        ["checkout"],
        "the column's shown text"
    );
    assert_eq!(services(&s, "task-def:web-api:42"), ["web-api"]);
    assert!(services(&s, "status:none").is_empty());
}

#[test]
fn an_unknown_column_filters_nothing_away_and_says_so() {
    let mut s = loaded_state();
    assert_eq!(services(&s, "colour:red").len(), 5);
    assert_eq!(services(&s, "colour:red web"), ["web-api"]);
    s.screen_mut().nav.filter = "colour:red".into();
    let problem = s.filter_problem().unwrap_or_default();
    assert!(problem.contains(r#"no column "colour""#), "{problem}");
    assert!(
        problem.contains("NAME, STATUS, DES/RUN/PEN, HEALTH, DEPLOYMENT, TASK DEF, CPU, MEM, 5XX"),
        "{problem}"
    );
    s.screen_mut().nav.filter = "name:web".into();
    assert_eq!(s.filter_problem(), None);
}

#[test]
fn quoted_values_keep_their_spaces() {
    let s = loaded_state();
    let nav = TableNav {
        filter: r#"message:"steady state" "has reached""#.into(),
        ..TableNav::default()
    };
    let events = s.filtered_events("web-api", &nav);
    assert_eq!(events.len(), 1);
    let nav = TableNav {
        filter: r#"message:"steady  state""#.into(),
        ..TableNav::default()
    };
    assert!(s.filtered_events("web-api", &nav).is_empty());
}

#[test]
fn the_audit_log_sorts_and_filters_by_column() {
    let mut s = loaded_state();
    let ctx = crate::audit::AuditContext {
        path: None,
        source: "demo".into(),
        profile: None,
        region: None,
        allow_unaudited: false,
    };
    let redeploy = |service: &str| crate::ops::Op::Redeploy {
        cluster: "prod".into(),
        service: service.into(),
    };
    // Newest first, as the log is read.
    let records = vec![
        ctx.attempt(&redeploy("web-api"), None, t0()),
        ctx.record(
            &redeploy("payments"),
            None,
            t0() - Duration::minutes(5),
            Ok(()),
        ),
        ctx.attempt(&redeploy("checkout"), None, t0() - Duration::minutes(9)),
    ];
    s.audit_log.apply(Ok(records), t0());
    s.stack.push(Screen::new(View::Audit, None));
    let services = |s: &State| {
        s.audit_rows(s.screen().nav())
            .iter()
            .map(|r| r.service.clone())
            .collect::<Vec<_>>()
    };
    assert_eq!(services(&s), ["web-api", "payments", "checkout"]);
    sort(&mut s, TableKind::Audit, "TIME (UTC)", false);
    assert_eq!(services(&s), ["checkout", "payments", "web-api"]);
    sort(&mut s, TableKind::Audit, "CLUSTER/SERVICE", true);
    assert_eq!(services(&s), ["web-api", "payments", "checkout"]);
    s.screen_mut().nav.filter = "result:attempt".into();
    assert_eq!(services(&s), ["web-api", "checkout"]);
    assert_eq!(s.row_count(), 2);
    assert_eq!(
        s.selected().map(|x| x.title),
        Some("audit redeploy".to_string())
    );
}
