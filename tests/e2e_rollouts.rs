//! End-to-end journeys on `--demo` through modern rollouts: the canary on
//! prod/checkout followed to SUCCESSFUL, and the linear deployment on
//! prod/payments rolled back natively with `R` to ROLLBACK_SUCCESSFUL. The
//! demo's clock runs 10 to 20 times faster; the screen is polled, never slept on.

mod e2e_support;

use std::time::Duration;

use e2e_support::{Spawn, key, selected_rows};

/// Virtual minutes of a whole rollout take real seconds at this speed; the
/// wait covers a loaded machine.
const ROLLOUT_LIMIT: Duration = Duration::from_secs(120);

/// The demo at `speed` times real time. A finished rollout stays in the
/// panel for 30 virtual seconds, so the speed is kept low enough for the
/// screen to be seen.
fn demo(speed: &str) -> e2e_support::Term {
    Spawn::demo(&["--demo-speed", speed, "--refresh", "1"]).start()
}

/// Whether a line of the screen holds every needle.
fn line_with(s: &vt100::Screen, needles: &[&str]) -> bool {
    s.contents()
        .lines()
        .any(|l| needles.iter().all(|n| l.contains(n)))
}

#[test]
fn follow_the_canary_on_checkout_to_successful() {
    let mut t = demo("20");
    t.wait_text("services [6]");
    // The services row says where the canary is.
    t.wait_for("the checkout row shows its canary", |s| {
        line_with(s, &["checkout", "⟳ canary"])
    });
    t.send("/checkout");
    t.send(key::ENTER);
    t.wait_for("checkout selected", |s| {
        selected_rows(s).iter().any(|r| r.contains("checkout"))
    });
    // Opening the service follows its deployment in the rollouts panel.
    t.send(key::ENTER);
    t.wait_all(&["┌ checkout", "rollouts"]);
    t.wait_for("the panel follows the canary", |s| {
        line_with(s, &["checkout rollout", "canary"])
    });
    t.wait_for_within(ROLLOUT_LIMIT, "the canary ends SUCCESSFUL", |s| {
        line_with(s, &["✔", "checkout rollout", "SUCCESSFUL in"])
    });
    t.send("q");
    assert!(t.wait_exit().success());
}

#[test]
fn roll_back_the_linear_deployment_on_payments_with_r() {
    let mut t = demo("10");
    // The services view: its rollouts panel has the width for the verdict
    // (the dashboard's rollout pane is a third of the screen).
    t.open_services_view();
    t.send("/payments");
    t.send(key::ENTER);
    t.wait_for("payments selected, its linear deployment running", |s| {
        selected_rows(s)
            .iter()
            .any(|r| r.contains("payments") && r.contains("⟳ linear"))
    });
    // R offers ECS's native rollback first, through the confirm dialog.
    t.send("R");
    t.wait_all(&[
        "confirm native-rollback",
        "Roll back the LINEAR deployment",
        "StopServiceDeployment stopType ROLLBACK",
        "prod is a protected cluster: type the service name to confirm.",
    ]);
    t.send("payments");
    t.wait_text("service name: payments");
    t.send(key::ENTER);
    t.wait_gone("confirm native-rollback");
    t.wait_text("payments native rollback");
    t.wait_for_within(
        ROLLOUT_LIMIT,
        "the rollback ends ROLLBACK_SUCCESSFUL",
        |s| {
            line_with(
                s,
                &["✔", "payments native rollback", "ROLLBACK_SUCCESSFUL in"],
            )
        },
    );
    t.send("q");
    assert!(t.wait_exit().success());
}
