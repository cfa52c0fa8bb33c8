//! End-to-end journey against a seeded moto server: the real binary, the real
//! AWS wire protocol on 127.0.0.1, the screen asserted on.
//! Install the emulator first: `scripts/emulators.sh install`.

mod e2e_support;
mod support;

use aws_sdk_ecs::types::LaunchType;
use e2e_support::{Spawn, key, selected_rows};
use support::{Emulator, Net, register_fargate};

const CLUSTER: &str = "e2e-web";

/// Seeds a cluster with two services (one with two tasks) and returns the task ids.
async fn seed(moto: &Emulator) -> Vec<String> {
    let sdk = moto.sdk().await;
    let ecs = aws_sdk_ecs::Client::new(&sdk);
    let net = Net::default_of(moto);
    ecs.create_cluster()
        .cluster_name(CLUSTER)
        .send()
        .await
        .expect("create cluster");
    let mut tds = Vec::new();
    for (family, image) in [("checkout-api", "nginx:1.27"), ("ledger", "busybox:1")] {
        let td = register_fargate(&ecs, family, image).await;
        tds.push(td);
    }
    for (name, td, desired) in [("checkout-api", &tds[0], 2), ("ledger", &tds[1], 1)] {
        ecs.create_service()
            .cluster(CLUSTER)
            .service_name(name)
            .task_definition(td)
            .desired_count(desired)
            .launch_type(LaunchType::Fargate)
            .network_configuration(net.awsvpc())
            .send()
            .await
            .expect("create service");
    }
    let tasks = ecs
        .run_task()
        .cluster(CLUSTER)
        .task_definition(&tds[0])
        .count(2)
        .group("service:checkout-api")
        .started_by("ecs-svc/e2e")
        .launch_type(LaunchType::Fargate)
        .network_configuration(net.awsvpc())
        .send()
        .await
        .expect("run tasks");
    tasks
        .tasks()
        .iter()
        .filter_map(|t| t.task_arn())
        .map(|arn| arn.rsplit('/').next().unwrap_or(arn).to_string())
        .collect()
}

#[test]
fn a_seeded_moto_cluster_shows_its_services_and_tasks() {
    let moto = Emulator::moto();
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    let task_ids = rt.block_on(seed(&moto));
    assert_eq!(task_ids.len(), 2);

    let url = moto.url();
    assert!(url.starts_with("http://127.0.0.1:"), "loopback only: {url}");
    let mut t = Spawn::ecsdeck([
        "--endpoint-url",
        url.as_str(),
        "--region",
        "us-east-1",
        "--cluster",
        CLUSTER,
    ])
    .env("AWS_ACCESS_KEY_ID", "test")
    .env("AWS_SECRET_ACCESS_KEY", "test")
    .env("AWS_EC2_METADATA_DISABLED", "true")
    .start();

    // The header names the real source: region and the loopback endpoint, not the demo.
    t.wait_all(&[
        &format!("us-east-1 @ {url}"),
        &format!("cluster: {CLUSTER}"),
        "services [2]",
        "checkout-api",
        "ledger",
        "checkout-api:1",
    ]);
    t.wait_for("checkout-api selected", |s| {
        selected_rows(s).iter().any(|r| r.contains("checkout-api"))
    });
    t.send(key::ENTER);
    t.wait_all(&["┌ checkout-api", "tasks [2]"]);
    // Both seeded tasks, by their short ids.
    t.wait_for("both seeded tasks listed", |s| {
        let text = s.contents();
        task_ids.iter().all(|id| text.contains(&id[..8]))
    });

    t.wait_for("the image of the seeded task definition", |s| {
        s.contents()
            .lines()
            .any(|l| l.contains(&task_ids[0][..8]) && l.contains("RUNNING") && l.contains("1.27"))
    });
    t.assert_absent("demo");

    // Back to the list, and down to the other service.
    t.send(key::ESC);
    t.wait_for("back on the services list", |s| {
        let text = s.contents();
        text.contains("services [2]") && !text.contains("tasks [")
    });
    t.send("j");
    t.wait_for("ledger selected", |s| {
        selected_rows(s).iter().any(|r| r.contains("ledger"))
    });

    t.send("q");
    assert!(t.wait_exit().success());
}
