//! Presenter mode at 80×24, 120×40 and 200×60: before a kill, while the
//! service heals, once it has recovered; the service picker; without colour.

use super::tests::draw;
use crate::chaos::timeline::{ChaosTimeline, Mark, Milestone};
use crate::fixtures::{loaded_state, task};
use crate::model::{HealthStatus, TaskStatus};
use crate::state::{ChaosRun, State};

fn presenting() -> State {
    let mut s = loaded_state();
    s.open_presenter(Some("web-api".into()));
    s
}

/// web-api after its first task was killed `secs` ago, with the milestones
/// reached at the given offsets.
fn killed(secs: i64, reached: &[(Milestone, i64)]) -> State {
    let mut s = presenting();
    let started = s.now - chrono::Duration::seconds(secs);
    let tasks: Vec<_> = s.service_tasks("web-api").into_iter().cloned().collect();
    let victim = tasks.iter().find(|t| t.id.starts_with("0b")).cloned();
    let victim = victim.expect("task 11 of web-api");
    let svc = s.service("web-api").cloned().expect("web-api");
    let groups: Vec<_> = s.service_target_groups(&svc).into_iter().cloned().collect();
    let mut timeline = ChaosTimeline::new(&svc, &victim, &tasks, &groups, started);
    for (m, at) in reached {
        timeline.marks.push(Mark {
            milestone: *m,
            at: started + chrono::Duration::seconds(*at),
            detail: String::new(),
        });
    }
    s.chaos.push(ChaosRun {
        cluster: "prod".into(),
        timeline,
        recorded: false,
    });
    // The victim has stopped; its replacement is on the grid.
    let all = s
        .tasks
        .get_mut("")
        .and_then(|r| r.data.as_mut())
        .expect("tasks");
    for t in all.iter_mut().filter(|t| t.id == victim.id) {
        t.last_status = TaskStatus::Stopped;
        t.desired_status = TaskStatus::Stopped;
        t.stopped_at = Some(started + chrono::Duration::seconds(3));
    }
    let mut replacement = task("web-api", 15, TaskStatus::Running, HealthStatus::Healthy);
    replacement.created_at = Some(started + chrono::Duration::seconds(4));
    all.push(replacement);
    s.reindex_tasks();
    s
}

/// The replacement's target is healthy: the service has recovered.
fn recovered() -> State {
    let mut s = killed(
        60,
        &[
            (Milestone::TaskStopped, 3),
            (Milestone::ReplacementProvisioning, 4),
            (Milestone::ReplacementRunning, 9),
            (Milestone::TargetHealthy, 31),
            (Milestone::Recovered, 42),
        ],
    );
    let groups = s.target_groups.data.as_mut().expect("target groups");
    for g in groups.values_mut() {
        g.targets.retain(|t| t.id != "10.0.1.11");
        g.targets.push(crate::fixtures::target(
            "10.0.1.15",
            crate::model::TargetState::Healthy,
            None,
        ));
    }
    s
}

#[test]
fn presenter_before_a_kill_80x24() {
    let screen = draw(&presenting(), 80, 24);
    assert!(
        screen.contains("web-api") && screen.contains("x kills the selected task"),
        "{screen}"
    );
    insta::assert_snapshot!(screen);
}

#[test]
fn presenter_while_healing_120x40() {
    let s = killed(
        14,
        &[
            (Milestone::TaskStopped, 3),
            (Milestone::ReplacementProvisioning, 4),
            (Milestone::ReplacementRunning, 9),
        ],
    );
    let screen = draw(&s, 120, 40);
    assert!(screen.contains("waiting for"), "{screen}");
    assert!(
        screen.contains("killed"),
        "the victim's box is marked: {screen}"
    );
    insta::assert_snapshot!(screen);
}

#[test]
fn presenter_recovered_200x60() {
    let s = recovered();
    let screen = draw(&s, 200, 60);
    assert!(screen.contains("✔ recovered in 42 s"), "{screen}");
    insta::assert_snapshot!(screen);
}

#[test]
fn presenter_recovered_80x24() {
    let s = recovered();
    let screen = draw(&s, 80, 24);
    assert!(screen.contains("✔ recovered in 42 s"), "{screen}");
    insta::assert_snapshot!(screen);
}

#[test]
fn presenter_service_picker_80x24() {
    let mut s = loaded_state();
    s.open_presenter(None);
    let screen = draw(&s, 80, 24);
    assert!(screen.contains("pick the service to present"), "{screen}");
    insta::assert_snapshot!(screen);
}

#[test]
fn without_colour_every_box_says_its_state_in_words() {
    let mut s = killed(14, &[(Milestone::TaskStopped, 3)]);
    s.theme = crate::theme::Theme::plain();
    let screen = draw(&s, 120, 40);
    for word in ["HEALTHY", "STARTING", "STOPPED"] {
        assert!(screen.contains(word), "{word}: {screen}");
    }
    for legend in [
        "✔ healthy",
        "◐ starting",
        "✖ unhealthy",
        "▼ stopping",
        "■ stopped",
    ] {
        assert!(screen.contains(legend), "{legend}: {screen}");
    }
}

#[test]
fn no_describe_overlay_is_drawn_in_presenter_mode() {
    let mut s = presenting();
    s.overlay = Some(crate::state::Overlay::Describe {
        title: "task".into(),
        text: "\"SECRET_TOKEN\": \"hunter2\"".into(),
        scroll: 0,
        other: None,
        revealed: false,
    });
    let screen = draw(&s, 120, 40);
    assert!(!screen.contains("hunter2"), "{screen}");
}
