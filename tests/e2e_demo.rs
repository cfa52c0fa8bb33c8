//! End-to-end journeys on `--demo`: the real binary in a pseudo-terminal,
//! keys in, the parsed screen asserted on (see tests/e2e_support).

mod e2e_support;

use e2e_support::{Spawn, cell_runs, key, rows, selected_rows};

/// Whether a reverse-video (selected) row contains `needle`.
fn is_selected(s: &vt100::Screen, needle: &str) -> bool {
    selected_rows(s).iter().any(|r| r.contains(needle))
}

/// The footer: the last row of the screen.
fn footer(s: &vt100::Screen) -> String {
    rows(s).last().cloned().unwrap_or_default()
}

#[test]
fn browse_clusters_services_and_tasks() {
    let mut t = Spawn::demo(&[]).start();
    t.wait_all(&[
        "cluster: prod",
        "services [6]",
        "checkout",
        "web-api",
        "worker",
    ]);

    // The cluster picker: `c`, move down, enter.
    t.send("c");
    t.wait_all(&["pick a cluster", "staging"]);
    t.send("j");
    t.wait_for("staging selected in the picker", |s| {
        is_selected(s, "staging")
    });
    t.send(key::ENTER);
    t.wait_all(&["cluster: staging", "services [4]"]);
    t.assert_absent("pick a cluster");

    // The palette: `:cluster prod`.
    t.send(":");
    t.wait_text("command · tab completes · enter runs");
    t.send("cluster prod");
    t.wait_text(":cluster prod");
    t.send(key::ENTER);
    t.wait_all(&["cluster: prod", "services [6]"]);

    // j / k move the selection over the services.
    t.wait_for("catalog selected first", |s| is_selected(s, "catalog"));
    t.send("j");
    t.wait_for("j selects checkout", |s| {
        is_selected(s, "checkout") && !is_selected(s, "catalog")
    });
    t.send("k");
    t.wait_for("k selects catalog again", |s| {
        is_selected(s, "catalog") && !is_selected(s, "checkout")
    });
    t.send("G");
    t.wait_for("G selects the last service", |s| is_selected(s, "worker"));
    t.send("k");
    t.wait_for("k selects web-api", |s| is_selected(s, "web-api"));

    // enter opens the service with its tasks.
    t.send(key::ENTER);
    t.wait_all(&["┌ web-api", "desired 3", "tasks ["]);
    t.wait_for("a task row selected", |s| {
        selected_rows(s).iter().any(|r| r.contains("RUNNING"))
    });
    let first = t.with_screen(|s| {
        selected_rows(s)
            .into_iter()
            .find(|r| r.contains("web-api:") || r.contains("RUNNING"))
            .expect("selected task row")
    });
    t.send("j");
    t.wait_for("j moves to another task", |s| {
        let sel = selected_rows(s);
        !sel.is_empty() && !sel.contains(&first)
    });
    t.send("k");
    t.wait_for("k moves back to the first task", |s| {
        selected_rows(s).contains(&first)
    });

    // esc goes back to the list, selection kept.
    t.send(key::ESC);
    t.wait_for("back on the services list", |s| {
        let text = s.contents();
        text.contains("services [6]") && !text.contains("tasks [")
    });
    t.wait_for("web-api still selected", |s| is_selected(s, "web-api"));

    t.send("q");
    assert!(t.wait_exit().success());
}

#[test]
fn chaos_stop_task_is_confirmed_and_timed_to_recovery() {
    // staging is not a protected cluster: y confirms. x5: recovery in a few seconds.
    let mut t = Spawn::demo(&[
        "--cluster",
        "staging",
        "--demo-speed",
        "5",
        "--refresh",
        "1",
    ])
    .start();
    t.wait_all(&["cluster: staging", "services [4]"]);
    t.send("/web-api");
    t.send(key::ENTER);
    t.wait_for("web-api selected", |s| is_selected(s, "web-api"));
    t.send(key::ENTER);
    t.wait_all(&["┌ web-api", "tasks [2]"]);
    t.wait_for("a running task selected", |s| {
        selected_rows(s).iter().any(|r| r.contains("RUNNING"))
    });
    let victim: String = t.with_screen(|s| {
        let row = selected_rows(s)
            .into_iter()
            .find(|r| r.contains("RUNNING"))
            .expect("selected task");
        row.trim_start_matches('│').chars().take(8).collect()
    });

    // x opens the confirm dialog; nothing is stopped yet.
    t.send("x");
    t.wait_all(&[
        "confirm stop-task",
        &format!("Stop task {victim}"),
        "of web-api in staging (chaos test)",
        "StopTask reason: \"ecsdeck chaos test by e2e\"",
        "y/enter send",
    ]);
    t.assert_absent("self-healing");

    // y sends it; the stopwatch follows the service to recovery.
    t.send("y");
    t.wait_gone("confirm stop-task");
    t.wait_all(&[
        &format!("self-healing: web-api (task {victim})"),
        "stop requested",
    ]);
    t.wait_for("the victim stopping or stopped", |s| {
        s.contents()
            .lines()
            .any(|l| l.contains(&victim) && (l.contains("STOPPED") || l.contains("DEACTIVATING")))
    });
    t.wait_text("replacement running");
    t.wait_text("✔ recovered in");
    t.wait_text("healthy replacement serving at");

    t.send("q");
    assert!(t.wait_exit().success());
    // The stop went through the audited path.
    let audit = std::fs::read_to_string(t.home().join("state/ecsdeck/audit.jsonl"))
        .expect("audit log written under the temp XDG_STATE_HOME");
    assert!(audit.contains("stop-task"), "{audit}");
}

#[test]
fn rollback_shows_the_diff_asks_then_follows_the_rollout() {
    let mut t = Spawn::demo(&["--demo-speed", "20", "--refresh", "1"]).start();
    t.wait_text("services [6]");
    t.send("/web-api");
    t.send(key::ENTER);
    t.wait_for("web-api selected", |s| is_selected(s, "web-api"));

    // R: the revisions, the running one marked, the one before it preselected.
    t.send("R");
    t.wait_for("revisions with web-api:12 selected", |s| {
        is_selected(s, "web-api:12")
            && s.contents()
                .lines()
                .any(|l| l.contains("▶ running") && l.contains("web-api:13"))
    });
    t.send("R");
    t.wait_all(&[
        "confirm rollback",
        "Roll back web-api in prod: web-api:13 → web-api:12.",
        "diff running → target (secrets masked):",
        "image: 123456789012.dkr.ecr.us-east-1.amazonaws.com/web-api:1.2.3",
        "image: 123456789012.dkr.ecr.us-east-1.amazonaws.com/web-api:1.2.2",
        "prod is a protected cluster: type the service name to confirm.",
    ]);
    // The diff has its -/+ lines, and masks env values.
    t.wait_for("diff lines in the dialog", |s| {
        let text = s.contents();
        text.contains("│-   image:") && text.contains("│+   image:") && text.contains("••••••")
    });

    // A wrong name sends nothing.
    t.send("web");
    t.send(key::ENTER);
    t.wait_text("service name: web");
    t.assert_absent("rollouts");
    for _ in 0.."web".len() {
        t.send(key::BACKSPACE);
    }
    t.send("web-api");
    t.wait_text("service name: web-api");
    t.send(key::ENTER);
    t.wait_gone("confirm rollback");
    t.wait_all(&["rollouts", "web-api rollback → web-api:12"]);
    t.wait_for("the rollout completes on web-api:12", |s| {
        let text = s.contents();
        text.lines()
            .any(|l| l.contains("web-api rollback") && l.contains("COMPLETED"))
            && text
                .lines()
                .any(|l| l.contains("▶ running") && l.contains("web-api:12"))
    });

    t.send("q");
    assert!(t.wait_exit().success());
}

#[test]
fn log_tail_follows_and_search_highlights_and_jumps() {
    let mut t = Spawn::demo(&["--demo-speed", "5"]).start();
    t.open_services_view();
    t.send("/web-api");
    t.send(key::ENTER);
    t.wait_for("web-api selected", |s| is_selected(s, "web-api"));

    t.send("l");
    t.wait_all(&[
        "services › web-api › logs all tasks, merged by time",
        "following",
    ]);
    t.wait_text("HTTP/1.1");
    // Following: new lines keep arriving (the received counter grows).
    let count = |s: &vt100::Screen| -> Option<u64> {
        let text = s.contents();
        let i = text.find(" lines")?;
        let digits: String = text[..i]
            .chars()
            .rev()
            .take_while(|c| c.is_ascii_digit() || *c == ',')
            .filter(char::is_ascii_digit)
            .collect::<Vec<_>>()
            .into_iter()
            .rev()
            .collect();
        digits.parse().ok()
    };
    let before = t
        .with_screen(count)
        .expect("line counter in the status line");
    t.wait_for("more lines while following", |s| {
        count(s).is_some_and(|n| n > before)
    });

    // Search: / health enter → hits highlighted, the view jumps and pauses.
    t.send("/");
    t.send("health");
    t.send(key::ENTER);
    t.wait_for("matches counted", |s| s.contents().contains("/health ("));
    t.wait_for("paused on a match", |s| s.contents().contains("paused"));
    t.wait_for("the hits highlighted (reverse video)", |s| {
        cell_runs(s, |c| c.inverse())
            .iter()
            .any(|(_, run)| run.eq_ignore_ascii_case("health"))
    });
    t.wait_for("the view jumped to a match (bold + underlined)", |s| {
        cell_runs(s, |c| c.bold() && c.underline())
            .iter()
            .any(|(_, run)| run.contains("health"))
    });
    let current = |s: &vt100::Screen| cell_runs(s, |c| c.bold() && c.underline());
    let first = t.with_screen(current);
    // n jumps to another match.
    t.send("n");
    t.wait_for("n moves the current match", |s| current(s) != first);

    // space resumes following.
    t.send(" ");
    t.wait_for("following again", |s| {
        let text = s.contents();
        text.contains("following") && !text.contains("paused")
    });

    // Leaving the view stops the tail.
    t.send(key::ESC);
    t.wait_gone("services › web-api › logs");
    t.wait_text("┌ services [1/6] /web-api");
    t.send("q");
    assert!(t.wait_exit().success());
}

#[test]
fn read_only_hides_and_refuses_dangerous_keys() {
    let mut t = Spawn::demo(&["--read-only"]).start();
    t.wait_all(&["READ-ONLY", "services [6]"]);
    t.send("/web-api");
    t.send(key::ENTER);
    t.wait_for("web-api selected", |s| is_selected(s, "web-api"));
    t.send(key::ENTER);
    t.wait_all(&["┌ web-api", "tasks ["]);
    t.wait_for("a task selected", |s| {
        selected_rows(s).iter().any(|r| r.contains("RUNNING"))
    });

    // The footer offers no dangerous key.
    let foot = t.with_screen(footer);
    assert!(foot.contains("<q>quit"), "footer: {foot}");
    for hidden in ["redeploy", "scale", "rollback", "stop task"] {
        assert!(!foot.contains(hidden), "{hidden} in footer: {foot}");
    }

    // Neither does help, page after page down to its read-only note.
    t.send("?");
    t.wait_text("help · esc closes");
    let note = "read-only: actions that change AWS are disabled";
    for page in 0.. {
        let help = t.text();
        for hidden in [
            "redeploy",
            "rollback",
            "stop task (chaos)",
            "roll back to selected",
            "scale",
        ] {
            assert!(!help.contains(hidden), "{hidden} in help:\n{}", t.dump());
        }
        if help.contains(note) {
            break;
        }
        assert!(page < 20, "no read-only note in help:\n{}", t.dump());
        t.send(key::PAGE_DOWN);
        t.wait_for("help scrolled", |s| s.contents() != help);
    }
    t.send(key::ESC);
    t.wait_gone("help · esc closes");

    // Pressing them: a refusal, never a confirm dialog. Before each key `y`
    // (copy the ARN) replaces the status line, and the refusal names the
    // key's action, so each wait sees that very key handled, and the checks
    // run on the frame drawn after it.
    for (k, what) in [
        ("x", "stop task"),
        ("r", "redeploy"),
        ("s", "scale"),
        ("R", "rollback"),
    ] {
        t.send("y");
        t.wait_for("the status line replaced", |s| {
            let text = s.contents();
            text.contains("copied arn:") && !text.contains("read-only mode:")
        });
        t.send(k);
        t.wait_text(&format!("read-only mode: {what} refused"));
        t.assert_absent("confirm ");
        t.assert_absent("y/enter send");
    }
    t.send("y");
    t.assert_absent("self-healing");

    t.send("q");
    assert!(t.wait_exit().success());
    assert!(
        !t.home().join("state/ecsdeck/audit.jsonl").exists(),
        "a read-only session writes no audit record"
    );
}

#[test]
fn resize_to_80x24_keeps_the_key_content() {
    let mut t = Spawn::demo(&[]).start();
    t.open_services_view();
    t.wait_all(&["services [6]", "web-api"]);
    t.send("/web-api");
    t.send(key::ENTER);
    t.wait_for("web-api selected", |s| is_selected(s, "web-api"));
    t.send(key::ENTER);
    t.wait_all(&["┌ web-api", "tasks [", "desired 3"]);

    t.resize(24, 80);
    t.wait_for("the layout redrawn at 80x24", |s| {
        let r = rows(s);
        r.len() == 24
            && r[1].starts_with("┌ web-api")
            && r[1].trim_end().ends_with('┐')
            && r[1].chars().count() == 80
            && r.iter().any(|l| l.contains("tasks ["))
            && r.iter().any(|l| l.contains("RUNNING"))
            && r[23].contains("<q>quit")
    });
    // Still responsive at the small size: back to the list, clear the filter, move.
    t.send(key::ESC);
    t.wait_text("┌ services [1/6] /web-api");
    t.send(key::ESC);
    t.wait_for("services list at 80x24", |s| {
        let text = s.contents();
        text.contains("services [6]") && text.contains("web-api") && text.contains("worker")
    });
    t.wait_for("the filtered service stays selected", |s| {
        is_selected(s, "web-api")
    });
    t.send("j");
    t.wait_for("selection moves at 80x24", |s| {
        is_selected(s, "worker") && !is_selected(s, "web-api")
    });
    t.send("k");
    t.wait_for("back on web-api", |s| is_selected(s, "web-api"));

    // The log tail at 80x24 still shows its state: following, then the search count.
    t.send("l");
    t.wait_for("log tail at 80x24 with its state", |s| {
        let r = rows(s);
        r[1].starts_with("┌ services › web-api › logs")
            && r.iter().any(|l| l.contains("HTTP/1.1"))
            && r.iter()
                .any(|l| l.contains(" lines · ") && l.contains("following"))
    });
    t.send("/health");
    t.send(key::ENTER);
    t.wait_for("paused on a match, the count visible at 80x24", |s| {
        rows(s)
            .iter()
            .any(|l| l.contains("paused") && l.contains("/health ("))
    });
    t.send(key::ESC);
    t.wait_gone("services › web-api › logs");

    // Below the minimum: a notice instead of a broken layout, and no panic.
    t.resize(12, 50);
    t.wait_all(&["Terminal too small", "this one is 50×12"]);
    assert!(t.running(), "still running below the minimum size");

    // And back up to a large size.
    t.resize(40, 120);
    t.wait_for("the layout redrawn at 120x40", |s| {
        let r = rows(s);
        r[1].chars().count() == 120 && r[1].trim_end().ends_with('┐') && r[39].contains("<q>quit")
    });
    assert!(t.running(), "still running after resizes");
    t.send("q");
    assert!(t.wait_exit().success());
}

#[test]
fn quit_restores_the_terminal() {
    let mut t = Spawn::shell(r#""$0" --demo; echo "ecsdeck-exit=$?"; stty -a"#).start();
    t.wait_for("the dashboard on the alternate screen", |s| {
        s.alternate_screen() && s.contents().contains("services [6]")
    });
    assert!(
        t.with_screen(|s| s.hide_cursor()),
        "the UI hides the cursor"
    );
    t.send("q");
    let status = t.wait_exit();
    assert!(status.success(), "{status:?}");
    let text = t.text();
    assert!(text.contains("ecsdeck-exit=0"), "{}", t.dump());
    t.with_screen(|s| {
        assert!(!s.alternate_screen(), "still on the alternate screen");
        assert!(!s.hide_cursor(), "the cursor is still hidden");
        assert_eq!(
            s.mouse_protocol_mode(),
            vt100::MouseProtocolMode::None,
            "mouse capture still on"
        );
    });
    // Raw mode is off: stty, run in the same pty after ecsdeck, sees canonical mode with echo.
    let flags: Vec<&str> = text
        .split(|c: char| c.is_whitespace() || c == ';')
        .filter(|w| !w.is_empty())
        .collect();
    for on in ["icanon", "echo", "isig", "icrnl", "opost"] {
        assert!(flags.contains(&on), "{on} missing from stty -a:\n{text}");
        let off = format!("-{on}");
        assert!(!flags.contains(&off.as_str()), "{off} in stty -a:\n{text}");
    }
}

/// At 80×24 the confirm dialog keeps what confirms in the box: the protected
/// cluster's name entry for a chaos stop, and the keys under a rollback diff.
#[test]
fn confirm_dialog_fits_at_80x24() {
    let mut t = Spawn::demo(&[]).size(24, 80).start();
    t.wait_all(&["cluster: prod", "services [6]"]);
    t.send("/web-api");
    t.send(key::ENTER);
    t.wait_for("web-api selected", |s| is_selected(s, "web-api"));
    t.send(key::ENTER);
    t.wait_for("a running task selected", |s| {
        selected_rows(s).iter().any(|r| r.contains("RUNNING"))
    });
    t.send("x");
    t.wait_all(&[
        "confirm stop-task",
        "of web-api in prod (chaos test)",
        "type the service name to confirm",
        "service name: ",
        "enter: send · esc: cancel",
    ]);
    // The hint sits inside the box: its row has the box's right border.
    t.wait_for("the key hint framed by the box", |s| {
        rows(s)
            .iter()
            .any(|r| r.contains("│enter: send · esc: cancel") && r.trim_end().ends_with('│'))
    });
    t.send(key::ESC);
    t.wait_gone("confirm stop-task");
    t.assert_absent("self-healing");

    t.send(key::ESC);
    t.wait_text("┌ services [1/6] /web-api");
    t.send("R");
    t.wait_for("revisions, one preselected", |s| {
        is_selected(s, "web-api:12")
    });
    t.send("R");
    t.wait_all(&[
        "confirm rollback",
        "Roll back web-api in prod",
        "service name: ",
        "enter: send · esc: cancel",
    ]);
    t.send(key::ESC);
    t.wait_gone("confirm rollback");
    t.send("q");
    assert!(t.wait_exit().success());
}

/// `r` then `x`: the rollouts panel and the self-healing stopwatch stack
/// without overlap, and the stopwatch reaches "recovered" in full view.
#[test]
fn rollout_and_stopwatch_stack_after_r_then_x() {
    let mut t = Spawn::demo(&[
        "--cluster",
        "staging",
        "--demo-speed",
        "5",
        "--refresh",
        "1",
    ])
    .start();
    t.wait_all(&["cluster: staging", "services [4]"]);
    t.send("/web-api");
    t.send(key::ENTER);
    t.wait_for("web-api selected", |s| is_selected(s, "web-api"));
    t.send(key::ENTER);
    t.wait_all(&["┌ web-api", "tasks [2]"]);
    t.send("r");
    t.wait_text("confirm redeploy");
    t.send("y");
    t.wait_gone("confirm redeploy");
    t.wait_all(&["rollouts", "web-api redeploy"]);
    t.wait_for("a running task selected", |s| {
        selected_rows(s).iter().any(|r| r.contains("RUNNING"))
    });
    t.send("x");
    t.wait_text("confirm stop-task");
    t.send("y");
    t.wait_gone("confirm stop-task");
    // Both panels at once, each whole: the stopwatch's box is closed above
    // or below the rollouts panel, never cut by it.
    let both_whole = |s: &vt100::Screen| {
        let r = rows(s);
        let watch = r.iter().position(|l| l.contains("self-healing: web-api"));
        let roll = r.iter().position(|l| l.contains("┌ rollouts"));
        let (Some(watch), Some(roll)) = (watch, roll) else {
            return false;
        };
        let (from, to) = if watch < roll {
            (watch, roll)
        } else {
            (watch, r.len() - 2)
        };
        r[from + 1..=to.min(r.len() - 1)]
            .iter()
            .take_while(|l| !l.contains("┌ rollouts"))
            .any(|l| l.contains('└') && l.trim_end().ends_with('┘'))
    };
    t.wait_for("the rollouts panel and a whole stopwatch", both_whole);
    t.wait_for(
        "recovered, every milestone in view beside the rollout",
        |s| {
            let text = s.contents();
            both_whole(s)
                && text.contains("✔ recovered in")
                && text.contains("stop requested")
                && text
                    .lines()
                    .any(|l| l.contains("recovered  ") && l.contains("tasks healthy"))
        },
    );
    t.send("q");
    assert!(t.wait_exit().success());
}

#[test]
fn log_buffer_lines_from_the_config_bounds_the_log_view() {
    let dir = e2e_support::TempDir::new("log-buffer");
    let config = dir.path().join("config.toml");
    std::fs::write(&config, "log_buffer_lines = 100\n").expect("config");
    let config = config.to_string_lossy().to_string();
    let mut t = Spawn::demo(&["--demo-speed", "5", "--config", &config]).start();
    t.wait_text("services [6]");
    t.send("/web-api");
    t.send(key::ENTER);
    t.wait_for("web-api selected", |s| is_selected(s, "web-api"));
    t.send("l");
    t.wait_text("HTTP/1.1");
    // With the default 50,000 lines nothing would be dropped for minutes.
    t.wait_text(" dropped");
    t.send("q");
    assert!(t.wait_exit().success());
}

#[test]
fn fleet_drills_into_a_cluster_and_promotion_marks_the_drift() {
    let mut t = Spawn::demo(&[]).start();
    t.wait_all(&["cluster: prod", "services [6]"]);

    // :fleet lists both simulated accounts' clusters.
    t.send(":");
    t.wait_text("command · tab completes · enter runs");
    t.send("fleet");
    t.send(key::ENTER);
    t.wait_all(&[
        "[2 clusters, 2 accounts]",
        "demo-staging/eu-west-1",
        "demo-prod/eu-west-1",
    ]);
    // Select the staging row (wherever worst-first put it) and open it.
    if !t.with_screen(|s| is_selected(s, "demo-staging")) {
        t.send("j");
    }
    t.wait_for("staging selected", |s| is_selected(s, "demo-staging"));
    t.send(key::ENTER);
    t.wait_all(&[
        "demo-staging / eu-west-1",
        "cluster: staging",
        "services [4]",
    ]);
    t.assert_absent("cluster: prod");

    // :promotion: the services in both clusters, the drifted one marked.
    t.send(":");
    t.wait_text("command · tab completes · enter runs");
    t.send("promotion");
    t.send(key::ENTER);
    t.wait_all(&["≠ web-api", "web-api:14", "web-api:13", "= worker"]);
    t.wait_for("the images arrive", |s| s.contents().contains("worker 1."));

    t.send("q");
    assert!(t.wait_exit().success());
}

/// The name of the focused pane on screen (its title says `● focused`).
fn focused_pane(s: &vt100::Screen) -> Option<String> {
    rows(s).into_iter().find_map(|r| {
        let at = r.find("● focused")?;
        let title = r[..at].rsplit('┌').next()?;
        title.split_whitespace().next().map(str::to_string)
    })
}

#[test]
fn the_dashboard_is_home_tab_moves_the_focus_and_z_zooms() {
    let mut t = Spawn::demo(&[]).start();
    t.wait_all(&["alarms", "services [6]", "tasks of", "events of", "logs of"]);
    t.wait_for("the services table has the focus", |s| {
        focused_pane(s).as_deref() == Some("services")
    });
    for pane in ["tasks", "rollout", "events", "logs", "alarms", "services"] {
        t.send(key::TAB);
        t.wait_for(&format!("{pane} focused"), |s| {
            focused_pane(s).as_deref() == Some(pane)
        });
    }
    t.send(key::BACKTAB);
    t.wait_for("shift-tab goes back to the alarms", |s| {
        focused_pane(s).as_deref() == Some("alarms")
    });
    t.send(key::TAB);
    t.send(key::TAB);
    t.wait_for("tasks focused", |s| {
        focused_pane(s).as_deref() == Some("tasks")
    });
    // z: the tasks pane alone fills the body; z again: every pane is back.
    t.send("z");
    t.wait_for("the tasks pane zoomed", |s| {
        let text = s.contents();
        text.contains("● zoomed (z back)") && !text.contains("services [6]")
    });
    t.send("z");
    t.wait_all(&["services [6]", "events of", "logs of", "● focused"]);
    // The live log tail follows the selected service.
    t.send(key::BACKTAB);
    t.wait_for("services focused", |s| {
        focused_pane(s).as_deref() == Some("services")
    });
    t.send("/web-api");
    t.send(key::ENTER);
    t.wait_all(&["tasks of web-api", "logs of web-api"]);
    t.wait_for("web-api's log lines in the log pane", |s| {
        rows(s).iter().any(|r| r.contains(" web-api 10."))
    });
}
