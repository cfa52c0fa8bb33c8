//! Seeding moto for the wire tests: a cluster, Fargate services, their tasks
//! and target groups, each a call the tests would otherwise spell out again.

use aws_sdk_ecs::types::{LaunchType, LoadBalancer, Task};
use aws_sdk_elasticloadbalancingv2::types::{ProtocolEnum, TargetTypeEnum};

use super::{Emulator, Net, register_fargate};

/// What a seeded moto hands back: clients straight to moto, the network and
/// the task definition its services run.
pub struct Seeded {
    /// ECS, straight to moto.
    pub ecs: aws_sdk_ecs::Client,
    /// ELBv2, straight to moto.
    pub elb: aws_sdk_elasticloadbalancingv2::Client,
    /// moto's default VPC.
    pub net: Net,
    /// The Fargate task definition the services run.
    pub td: String,
}

/// Creates `cluster`, registers the Fargate family `family` running `image`,
/// creates each of `services` (name, desired count) on it and runs `running`
/// tasks in the group of the first service.
pub async fn cluster_with_services(
    moto: &Emulator,
    cluster: &str,
    (family, image): (&str, &str),
    services: &[(&str, i32)],
    running: i32,
) -> Seeded {
    let sdk = moto.sdk().await;
    let ecs = aws_sdk_ecs::Client::new(&sdk);
    let elb = aws_sdk_elasticloadbalancingv2::Client::new(&sdk);
    let net = Net::default_of(moto);
    create_cluster(&ecs, cluster).await;
    let td = register_fargate(&ecs, family, image).await;
    for (name, desired) in services {
        create_service(&ecs, &net, cluster, name, &td, *desired, None).await;
    }
    if let Some((first, _)) = services.first() {
        let group = format!("service:{first}");
        run_tasks(&ecs, &net, cluster, &td, &group, running).await;
    }
    Seeded { ecs, elb, net, td }
}

/// Creates an ECS cluster.
pub async fn create_cluster(ecs: &aws_sdk_ecs::Client, cluster: &str) {
    ecs.create_cluster()
        .cluster_name(cluster)
        .send()
        .await
        .expect("create cluster");
}

/// Creates a Fargate service of `desired` tasks of `td` in `cluster`, behind
/// target group `tg` (container `app`, port 8080) when one is given.
pub async fn create_service(
    ecs: &aws_sdk_ecs::Client,
    net: &Net,
    cluster: &str,
    name: &str,
    td: &str,
    desired: i32,
    tg: Option<&str>,
) {
    let mut req = ecs
        .create_service()
        .cluster(cluster)
        .service_name(name)
        .task_definition(td)
        .desired_count(desired)
        .launch_type(LaunchType::Fargate)
        .network_configuration(net.awsvpc());
    if let Some(tg) = tg {
        req = req.load_balancers(
            LoadBalancer::builder()
                .target_group_arn(tg)
                .container_name("app")
                .container_port(8080)
                .build(),
        );
    }
    req.send().await.expect("create service");
}

/// Runs `count` Fargate tasks of `td` in `cluster`, in `group`
/// (`service:NAME` makes them the service's), as the ECS scheduler would.
pub async fn run_tasks(
    ecs: &aws_sdk_ecs::Client,
    net: &Net,
    cluster: &str,
    td: &str,
    group: &str,
    count: i32,
) -> Vec<Task> {
    ecs.run_task()
        .cluster(cluster)
        .task_definition(td)
        .count(count)
        .group(group)
        .started_by("ecs-svc/test")
        .launch_type(LaunchType::Fargate)
        .network_configuration(net.awsvpc())
        .send()
        .await
        .expect("run tasks")
        .tasks()
        .to_vec()
}

/// Creates an HTTP target group `name` of IP targets on port 8080 in moto's
/// VPC, checked at `health_path` when one is given; returns its ARN.
pub async fn create_target_group(
    elb: &aws_sdk_elasticloadbalancingv2::Client,
    net: &Net,
    name: &str,
    health_path: Option<&str>,
) -> String {
    elb.create_target_group()
        .name(name)
        .protocol(ProtocolEnum::Http)
        .port(8080)
        .vpc_id(&net.vpc)
        .target_type(TargetTypeEnum::Ip)
        .set_health_check_path(health_path.map(str::to_string))
        .send()
        .await
        .expect("create target group")
        .target_groups()
        .first()
        .and_then(|g| g.target_group_arn())
        .expect("target group arn")
        .to_string()
}
