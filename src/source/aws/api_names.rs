//! The API-name table: every AWS operation the AWS source can call, the
//! names the [`CallCounter`] records and the IAM actions docs/iam.md grants.
//!
//! [`CallCounter`]: crate::source::CallCounter

/// One AWS API operation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Operation {
    /// Name in the call counter, e.g. `elbv2:DescribeTargetHealth`.
    pub(crate) name: &'static str,
    /// IAM action, e.g. `elasticloadbalancing:DescribeTargetHealth`; `None` when
    /// the call needs no permission (sts:GetCallerIdentity).
    pub(crate) iam_action: Option<&'static str>,
    /// Whether the call changes AWS (operator policy only).
    pub(crate) write: bool,
}

macro_rules! api_names {
    ($($id:ident = $name:literal, $iam:expr, $write:literal;)*) => {
        $(
            #[doc = concat!("`", $name, "`")]
            pub(crate) const $id: Operation = Operation { name: $name, iam_action: $iam, write: $write };
        )*
        /// Every operation, in the order of docs/iam.md.
        pub(crate) const OPERATIONS: &[Operation] = &[$($id),*];
    };
}

api_names! {
    LIST_CLUSTERS = "ecs:ListClusters", Some("ecs:ListClusters"), false;
    DESCRIBE_CLUSTERS = "ecs:DescribeClusters", Some("ecs:DescribeClusters"), false;
    LIST_SERVICES = "ecs:ListServices", Some("ecs:ListServices"), false;
    DESCRIBE_SERVICES = "ecs:DescribeServices", Some("ecs:DescribeServices"), false;
    LIST_TASKS = "ecs:ListTasks", Some("ecs:ListTasks"), false;
    DESCRIBE_TASKS = "ecs:DescribeTasks", Some("ecs:DescribeTasks"), false;
    LIST_TASK_DEFINITIONS = "ecs:ListTaskDefinitions", Some("ecs:ListTaskDefinitions"), false;
    DESCRIBE_TASK_DEFINITION = "ecs:DescribeTaskDefinition", Some("ecs:DescribeTaskDefinition"), false;
    UPDATE_SERVICE = "ecs:UpdateService", Some("ecs:UpdateService"), true;
    STOP_TASK = "ecs:StopTask", Some("ecs:StopTask"), true;
    DESCRIBE_SCALABLE_TARGETS = "autoscaling:DescribeScalableTargets", Some("application-autoscaling:DescribeScalableTargets"), false;
    DESCRIBE_SCALING_POLICIES = "autoscaling:DescribeScalingPolicies", Some("application-autoscaling:DescribeScalingPolicies"), false;
    DESCRIBE_SCALING_ACTIVITIES = "autoscaling:DescribeScalingActivities", Some("application-autoscaling:DescribeScalingActivities"), false;
    REGISTER_SCALABLE_TARGET = "autoscaling:RegisterScalableTarget", Some("application-autoscaling:RegisterScalableTarget"), true;
    EXECUTE_COMMAND = "ecs:ExecuteCommand", Some("ecs:ExecuteCommand"), true;
    START_SESSION = "ssm:StartSession", Some("ssm:StartSession"), true;
    LIST_SERVICE_DEPLOYMENTS = "ecs:ListServiceDeployments", Some("ecs:ListServiceDeployments"), false;
    DESCRIBE_SERVICE_DEPLOYMENTS = "ecs:DescribeServiceDeployments", Some("ecs:DescribeServiceDeployments"), false;
    DESCRIBE_SERVICE_REVISIONS = "ecs:DescribeServiceRevisions", Some("ecs:DescribeServiceRevisions"), false;
    STOP_SERVICE_DEPLOYMENT = "ecs:StopServiceDeployment", Some("ecs:StopServiceDeployment"), true;
    DESCRIBE_TARGET_GROUPS = "elbv2:DescribeTargetGroups", Some("elasticloadbalancing:DescribeTargetGroups"), false;
    DESCRIBE_TARGET_HEALTH = "elbv2:DescribeTargetHealth", Some("elasticloadbalancing:DescribeTargetHealth"), false;
    DESCRIBE_ALARMS = "cloudwatch:DescribeAlarms", Some("cloudwatch:DescribeAlarms"), false;
    GET_METRIC_DATA = "cloudwatch:GetMetricData", Some("cloudwatch:GetMetricData"), false;
    FILTER_LOG_EVENTS = "logs:FilterLogEvents", Some("logs:FilterLogEvents"), false;
    START_LIVE_TAIL = "logs:StartLiveTail", Some("logs:StartLiveTail"), false;
    GET_CALLER_IDENTITY = "sts:GetCallerIdentity", None, false;
}

/// The IAM action for a counter name (the name itself when unknown).
pub(crate) fn iam_action(name: &str) -> &str {
    OPERATIONS
        .iter()
        .find(|o| o.name == name)
        .and_then(|o| o.iam_action)
        .unwrap_or(name)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

    /// Actions named inside the JSON policy blocks of docs/iam.md.
    fn policy_actions(doc: &str, policy: &str) -> BTreeSet<String> {
        let start = doc
            .find(&format!("<!-- policy:{policy} -->"))
            .unwrap_or_else(|| panic!("docs/iam.md has no policy:{policy} marker"));
        let rest = &doc[start..];
        let json_start = rest.find("```json").expect("json block") + "```json".len();
        let json_end = rest[json_start..].find("```").expect("end of block") + json_start;
        let v: serde_json::Value = serde_json::from_str(&rest[json_start..json_end]).unwrap();
        v["Statement"]
            .as_array()
            .unwrap()
            .iter()
            .flat_map(|s| s["Action"].as_array().unwrap().clone())
            .map(|a| a.as_str().unwrap().to_string())
            .collect()
    }

    #[test]
    fn docs_iam_lists_exactly_the_actions_the_code_calls() {
        let doc = include_str!("../../../docs/iam.md");
        let reads: BTreeSet<String> = OPERATIONS
            .iter()
            .filter(|o| !o.write)
            .filter_map(|o| o.iam_action.map(str::to_string))
            .collect();
        let all: BTreeSet<String> = OPERATIONS
            .iter()
            .filter_map(|o| o.iam_action.map(str::to_string))
            .collect();
        assert_eq!(policy_actions(doc, "read-only"), reads);
        assert_eq!(policy_actions(doc, "operator"), all);
    }

    #[test]
    fn names_are_unique_and_map_to_iam() {
        let names: BTreeSet<_> = OPERATIONS.iter().map(|o| o.name).collect();
        assert_eq!(names.len(), OPERATIONS.len());
        assert_eq!(
            iam_action("elbv2:DescribeTargetHealth"),
            "elasticloadbalancing:DescribeTargetHealth"
        );
    }
}
