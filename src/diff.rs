//! Task definition diffs: a normalised text form of each revision (secrets
//! masked by default), compared line by line with `similar`.

use similar::{ChangeTag, TextDiff};

use crate::model::TaskDefinition;

/// The normalised text of a task definition: one fact per line, stable order.
/// Unless `reveal`, secrets are masked (see [`crate::secrets`]).
pub(crate) fn normalise(td: &TaskDefinition, reveal: bool) -> String {
    let masked;
    let td = if reveal {
        td
    } else {
        masked = crate::secrets::mask_task_definition(td);
        &masked
    };
    let mut out = Vec::new();
    out.push(format!("family: {}", td.family));
    out.push(format!("cpu: {}", td.cpu.as_deref().unwrap_or("-")));
    out.push(format!("memory: {}", td.memory.as_deref().unwrap_or("-")));
    for c in &td.containers {
        let n = &c.name;
        out.push(format!("container {n}:"));
        out.push(format!("  image: {}", c.image));
        out.push(format!("  essential: {}", c.essential));
        if !c.command.is_empty() {
            out.push(format!("  command: {}", c.command.join(" ")));
        }
        if let Some(cpu) = c.cpu {
            out.push(format!("  cpu: {cpu}"));
        }
        if let Some(mem) = c.memory {
            out.push(format!("  memory: {mem}"));
        }
        if !c.ports.is_empty() {
            let ports: Vec<String> = c.ports.iter().map(u16::to_string).collect();
            out.push(format!("  ports: {}", ports.join(", ")));
        }
        if let Some(hc) = &c.health_check {
            out.push(format!("  health check: {}", hc.join(" ")));
        }
        let mut env = c.environment.clone();
        env.sort();
        for (k, v) in env {
            out.push(format!("  env {k}={v}"));
        }
        let mut secrets = c.secrets.clone();
        secrets.sort();
        for (k, from) in secrets {
            out.push(format!("  secret {k} from {from}"));
        }
        if let Some(log) = &c.log {
            out.push(format!("  logs: {} ({})", log.group, log.stream_prefix));
        }
    }
    out.join("\n") + "\n"
}

/// One line of a diff.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct DiffLine {
    /// `' '`, `'-'` or `'+'`.
    pub(crate) sign: char,
    /// The line without its newline.
    pub(crate) text: String,
}

/// Line diff of two task definitions (`old` → `new`).
pub(crate) fn diff(old: &TaskDefinition, new: &TaskDefinition, reveal: bool) -> Vec<DiffLine> {
    let a = normalise(old, reveal);
    let b = normalise(new, reveal);
    let mut lines = Vec::new();
    let masked_equal_values = !reveal;
    for change in TextDiff::from_lines(&a, &b).iter_all_changes() {
        let sign = match change.tag() {
            ChangeTag::Equal => ' ',
            ChangeTag::Delete => '-',
            ChangeTag::Insert => '+',
        };
        lines.push(DiffLine {
            sign,
            text: change.value().trim_end_matches('\n').to_string(),
        });
    }
    if masked_equal_values {
        // A changed value behind the mask would otherwise be invisible: flag it.
        let changed = changed_behind_mask(old, new);
        for l in &mut lines {
            let fact = l.text.trim_start();
            if l.sign == ' '
                && changed
                    .iter()
                    .any(|prefix| fact.starts_with(prefix.as_str()))
            {
                l.sign = '~';
                l.text.push_str("   (value changed)");
            }
        }
    }
    lines
}

/// Line prefixes (`env NAME=`, `secret NAME from `, `command:`, `health
/// check:`) of facts whose value changed although their masked form did not.
fn changed_behind_mask(old: &TaskDefinition, new: &TaskDefinition) -> Vec<String> {
    let mut prefixes = Vec::new();
    for c in &new.containers {
        let Some(o) = old.containers.iter().find(|o| o.name == c.name) else {
            continue;
        };
        for (k, v) in &c.environment {
            if o.environment.iter().any(|(ok, ov)| ok == k && ov != v) {
                prefixes.push(format!("env {k}="));
            }
        }
        for (k, v) in &c.secrets {
            if o.secrets.iter().any(|(ok, ov)| ok == k && ov != v) {
                prefixes.push(format!("secret {k} from "));
            }
        }
        let mask = crate::secrets::mask_args;
        if c.command != o.command && mask(&c.command) == mask(&o.command) {
            prefixes.push("command:".into());
        }
        let (hc, ohc) = (c.health_check.as_deref(), o.health_check.as_deref());
        if hc != ohc && hc.map(mask) == ohc.map(mask) {
            prefixes.push("health check:".into());
        }
    }
    prefixes
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::ContainerDefinition;

    fn td(rev: u32, image: &str, db_password: &str) -> TaskDefinition {
        TaskDefinition {
            arn: format!("arn:aws:ecs:us-east-1:123456789012:task-definition/api:{rev}"),
            family: "api".into(),
            revision: rev,
            cpu: Some("256".into()),
            memory: Some("512".into()),
            containers: vec![ContainerDefinition {
                name: "app".into(),
                image: image.into(),
                essential: true,
                command: vec![],
                environment: vec![
                    ("DB_PASSWORD".into(), db_password.into()),
                    ("LOG_LEVEL".into(), "info".into()),
                ],
                secrets: vec![(
                    "API_KEY".into(),
                    "arn:aws:secretsmanager:us-east-1:123456789012:secret:api-key".into(),
                )],
                ports: vec![8080],
                health_check: Some(vec![
                    "CMD-SHELL".into(),
                    "curl -f http://localhost:8080/health".into(),
                ]),
                cpu: None,
                memory: Some(512),
                log: None,
            }],
            registered_at: None,
        }
    }

    #[test]
    fn values_are_masked_by_default_and_changes_still_flagged() {
        let old = td(1, "api:1.0", "hunter2");
        let new = td(2, "api:1.1", "correct-horse");
        let lines = diff(&old, &new, false);
        let all: String = lines
            .iter()
            .map(|l| format!("{}{}\n", l.sign, l.text))
            .collect();
        assert!(!all.contains("hunter2"), "{all}");
        assert!(!all.contains("correct-horse"), "{all}");
        assert!(all.contains("-  image: api:1.0"), "{all}");
        assert!(all.contains("+  image: api:1.1"), "{all}");
        assert!(
            all.contains("~  env DB_PASSWORD=••••••   (value changed"),
            "{all}"
        );
        assert!(
            all.contains("   env LOG_LEVEL=••••••"),
            "unchanged value not flagged: {all}"
        );
        assert!(
            all.contains("   secret API_KEY from ••••••"),
            "secret references are masked: {all}"
        );
        assert!(!all.contains("secretsmanager"), "{all}");
    }

    #[test]
    fn secret_arguments_are_masked_and_their_changes_flagged() {
        let mut old = td(1, "api:1.0", "x");
        let mut new = td(2, "api:1.0", "x");
        old.containers[0].command = vec!["./run".into(), "--db-password=hunter2".into()];
        new.containers[0].command = vec!["./run".into(), "--db-password=swordfish".into()];
        let all: String = diff(&old, &new, false)
            .iter()
            .map(|l| format!("{}{}\n", l.sign, l.text))
            .collect();
        assert!(
            !all.contains("hunter2") && !all.contains("swordfish"),
            "{all}"
        );
        assert!(
            all.contains("~  command: ./run --db-password=••••••   (value changed)"),
            "{all}"
        );
    }

    #[test]
    fn reveal_shows_values() {
        let lines = diff(&td(1, "a", "hunter2"), &td(2, "a", "swordfish"), true);
        assert!(
            lines
                .iter()
                .any(|l| l.sign == '-' && l.text.contains("hunter2"))
        );
        assert!(
            lines
                .iter()
                .any(|l| l.sign == '+' && l.text.contains("swordfish"))
        );
    }

    #[test]
    fn identical_revisions_have_no_changes() {
        let lines = diff(&td(1, "a", "x"), &td(2, "a", "x"), false);
        assert!(lines.iter().all(|l| l.sign == ' '));
    }
}
