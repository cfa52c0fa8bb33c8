//! Presenter mode on `--demo`, end to end: `--present`, kill a task from the
//! grid through the usual confirm dialog, watch the stopwatch reach "recovered".

mod e2e_support;

use e2e_support::{Spawn, rows};

/// The id printed after `▶ ` in the selected box.
fn selected_box_id(s: &vt100::Screen) -> Option<String> {
    rows(s).iter().find_map(|r| {
        let (_, rest) = r.split_once("▶ ")?;
        let id: String = rest.chars().take_while(char::is_ascii_hexdigit).collect();
        (id.len() == 8).then_some(id)
    })
}

#[test]
fn present_kill_a_task_and_see_the_stopwatch_reach_recovered() {
    // staging is not protected: y confirms. x5: recovery in a few seconds.
    let mut t = Spawn::demo(&[
        "--cluster",
        "staging",
        "--demo-speed",
        "5",
        "--refresh",
        "1",
        "--present",
        "web-api",
    ])
    .size(24, 80)
    .start();
    t.wait_all(&[
        "PRESENTER",
        "web-api",
        "✔ HEALTHY",
        "kills the selected task",
        "○ recovered",
    ]);
    t.wait_for("a healthy box selected", |s| selected_box_id(s).is_some());
    let victim = t
        .with_screen(selected_box_id)
        .expect("the selected box names its task");
    // A box to the right, then back: the selection moves through the grid.
    t.send("\x1b[C");
    t.wait_for("the next box selected", |s| {
        selected_box_id(s).is_some_and(|id| id != victim)
    });
    t.send("\x1b[D");
    t.wait_for("the first box selected again", |s| {
        selected_box_id(s).as_deref() == Some(victim.as_str())
    });

    t.send("x");
    t.wait_all(&["confirm stop-task", &format!("Stop task {victim}")]);
    t.send("y");
    t.wait_gone("confirm stop-task");
    t.wait_all(&["killed", "⏱ waiting for"]);
    t.wait_text("✔ task stopped");
    t.wait_text("✔ replacement started");
    t.wait_text("✔ healthy in the target group");
    t.wait_text("✔ recovered in");
    t.assert_absent("self-healing:");

    // P leaves presenter mode for the services list.
    t.send("P");
    t.wait_text("services [");
    t.send("q");
    assert!(t.wait_exit().success());
    let audit = std::fs::read_to_string(t.home().join("state/ecsdeck/audit.jsonl"))
        .expect("audit log written under the temp XDG_STATE_HOME");
    assert!(audit.contains("stop-task"), "{audit}");
}
