use std::path::Path;

use super::*;
use crate::fixtures::{service, t0};
use crate::model::{AlarmState, RolloutState};

fn rb(text: &str) -> Result<Runbook, RunbookError> {
    Runbook::parse(Path::new("/tmp/rb/my-runbook.md"), text)
}

fn alarm(name: &str, metric: &str) -> Alarm {
    Alarm {
        name: name.into(),
        arn: format!("arn:aws:cloudwatch:us-east-1:123456789012:alarm:{name}"),
        state: AlarmState::Alarm,
        reason: "Threshold Crossed".into(),
        updated_at: Some(t0()),
        namespace: "AWS/ApplicationELB".into(),
        metric: metric.into(),
        dimensions: vec![],
        ..Alarm::default()
    }
}

fn book(id: &str, alarms: &[&str], services: &[&str], symptoms: &[&str]) -> Runbook {
    Runbook {
        id: id.into(),
        title: id.into(),
        path: format!("runbooks/{id}.md").into(),
        builtin: true,
        summary: String::new(),
        alarms: alarms.iter().map(|s| s.to_string()).collect(),
        services: services.iter().map(|s| s.to_string()).collect(),
        symptoms: symptoms.iter().map(|s| s.to_string()).collect(),
        body: String::new(),
        actions: vec![],
    }
}

#[test]
fn front_matter_and_actions_are_parsed() {
    let r = rb("+++\ntitle = \"T\"\nalarms = [\"*-5xx*\"]\nsymptoms = [\"5xx\"]\n+++\n# T\n\n1. [Roll back](ecsdeck:rollback) now.\n2. Then [scale](ecsdeck:scale).\n\n```ecsdeck\nlogs\nrollback\n```\n")
        .unwrap();
    assert_eq!(r.id, "my-runbook");
    assert_eq!(r.title, "T");
    assert_eq!(r.alarms, vec!["*-5xx*"]);
    assert!(r.services.is_empty());
    assert_eq!(r.symptoms, vec!["5xx"]);
    assert_eq!(r.actions, vec!["rollback", "scale", "logs"]);
    assert!(r.body.starts_with("# T"));
}

#[test]
fn errors_name_the_file_and_line() {
    let e = rb("# no front matter\n").unwrap_err();
    assert_eq!(e.line, Some(1));
    assert!(
        e.to_string()
            .starts_with("/tmp/rb/my-runbook.md:1: missing front matter"),
        "{e}"
    );

    let e = rb("---\ntitle: x\n---\n").unwrap_err();
    assert!(e.message.contains("+++"), "{e}");

    let e = rb("+++\ntitle = \"T\"\n").unwrap_err();
    assert!(e.message.contains("not closed"), "{e}");

    let e = rb("+++\ntitle = \"T\"\nalarm = [\"x\"]\n+++\n").unwrap_err();
    assert_eq!(e.line, Some(3), "{e}");
    assert!(e.message.contains("alarm"), "{e}");

    let e = rb("+++\ntitle = \"T\"\n+++\n# T\n\nline\n\n[do it](ecsdeck:reboot)\n").unwrap_err();
    assert_eq!(e.line, Some(8), "{e}");
    assert!(e.message.contains("\"reboot\""), "{e}");

    let e = rb("+++\ntitle = \"T\"\n+++\n```ecsdeck\nrollback\nnuke\n```\n").unwrap_err();
    assert_eq!(e.line, Some(6), "{e}");

    let e = rb("+++\ntitle = \"T\"\nsymptoms = [\"High CPU\"]\n+++\n").unwrap_err();
    assert!(e.message.contains("kebab"), "{e}");
}

#[test]
fn every_runbook_action_maps_or_is_a_view() {
    for a in RUNBOOK_ACTIONS {
        assert!(
            runbook_action(a).is_some() || matches!(*a, "logs" | "tasks"),
            "{a}"
        );
    }
    assert_eq!(runbook_action("rollback"), Some(Action::Rollback));
}

#[test]
fn alarm_matching_ranks_name_globs_over_metric_symptoms() {
    let books = vec![
        book("generic-5xx", &[], &[], &["5xx"]),
        book("any-5xx", &["*-5xx*"], &[], &["5xx"]),
        book("web-5xx", &["prod-web-api-5xx"], &[], &[]),
        book("cpu", &["*cpu*"], &[], &["high-cpu"]),
    ];
    let a = alarm("prod-web-api-5xx", "HTTPCode_Target_5XX_Count");
    let ids: Vec<&str> = matching(&books, &a)
        .iter()
        .map(|r| r.runbook.id.as_str())
        .collect();
    assert_eq!(ids, vec!["any-5xx", "web-5xx", "generic-5xx"]);
    // `any-5xx` matches by name AND symptom; `web-5xx` only by an exact name.
    let s = matching(&books, &a);
    assert!(s[0].score > s[1].score && s[1].score > s[2].score);

    let none = alarm("disk-full", "FreeStorageSpace");
    assert!(matching(&books, &none).is_empty());
}

#[test]
fn service_matching_scopes_and_ranks() {
    let books = vec![
        book("generic", &[], &[], &["crash-loop"]),
        book("payments-only", &[], &["payments*"], &["crash-loop"]),
        book("web-only", &[], &["web-*"], &["crash-loop"]),
        book("demo", &[], &["web-api"], &["demo"]),
    ];
    let svc = service("web-api", 2, 2, RolloutState::Completed, 5, true);
    let ids: Vec<&str> = for_service(&books, &svc, &["crash-loop"])
        .iter()
        .map(|r| r.runbook.id.as_str())
        .collect();
    assert_eq!(ids, vec!["web-only", "generic", "demo"]);
    // With no symptom, only the runbooks scoped to this service show.
    let ids: Vec<&str> = for_service(&books, &svc, &[])
        .iter()
        .map(|r| r.runbook.id.as_str())
        .collect();
    assert_eq!(ids, vec!["demo", "web-only"]);
}

#[test]
fn symptoms_are_inferred_from_state() {
    let mut svc = service("web-api", 2, 2, RolloutState::Failed, 5, false);
    svc.deployments[0].rollout_reason =
        "ECS deployment circuit breaker: tasks failed to start.".into();
    let s = infer_symptoms(&svc, &[], &[], &[]);
    assert_eq!(s, vec!["deployment-failed", "circuit-breaker"]);
    assert_eq!(
        symptoms_of_alarm(&alarm("x", "UnHealthyHostCount")),
        vec!["unhealthy-targets"]
    );
    assert_eq!(
        symptoms_of_alarm(&alarm("api-memory-high", "Custom")),
        vec!["high-memory"]
    );
}

#[test]
fn user_folders_add_and_override_with_errors_naming_files() {
    let dir = std::env::temp_dir().join(format!("ecsdeck-rb-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(
        dir.join("self-healing-demo.md"),
        "+++\ntitle = \"Our demo\"\nsymptoms = [\"demo\"]\n+++\nHi\n",
    )
    .unwrap();
    std::fs::write(dir.join("ours.md"), "+++\ntitle = \"Ours\"\n+++\nHi\n").unwrap();
    std::fs::write(dir.join("broken.md"), "no front matter").unwrap();
    std::fs::write(dir.join("notes.txt"), "ignored").unwrap();
    let (all, errors) = load_all(&[dir.clone(), dir.join("missing")]);
    assert_eq!(errors.len(), 2, "{errors:?}");
    assert!(errors[0].path.ends_with("broken.md"));
    assert!(errors[1].message.contains("cannot read runbook folder"));
    let demo = by_id(&all, "self-healing-demo").unwrap();
    assert_eq!(demo.title, "Our demo");
    assert!(!demo.builtin);
    assert!(by_id(&all, "ours").is_some());
    assert_eq!(all.len(), EMBEDDED.len() + 1);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn render_wraps_lists_with_hanging_indents_and_shows_action_keys() {
    let r = rb("+++\ntitle = \"T\"\n+++\n# Title\n\n1. First step is long enough to wrap around the narrow width.\n2. [Roll back](ecsdeck:rollback).\n   - nested `code`\n\n```sh\naws ecs list-tasks\n```\n").unwrap();
    let text = render(&r, 30);
    let lines: Vec<String> = text
        .lines
        .iter()
        .map(|l| l.spans.iter().map(|s| s.content.as_ref()).collect())
        .collect();
    assert_eq!(
        lines,
        vec![
            "Title",
            "",
            "1. First step is long enough",
            "   to wrap around the narrow",
            "   width.",
            "2. Roll back [R].",
            "   ◦ nested code",
            "",
            "│ aws ecs list-tasks",
        ]
    );
    for l in &lines {
        assert!(
            unicode_width::UnicodeWidthStr::width(l.as_str()) <= 30,
            "{l}"
        );
    }
}

#[test]
fn a_runbook_over_the_size_limit_is_refused_and_the_others_load() {
    let dir = std::env::temp_dir().join(format!("ecsdeck-rb-big-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let mut big = String::from("+++\ntitle = \"Huge\"\n+++\n");
    while big.len() as u64 <= 3 * MAX_RUNBOOK_BYTES {
        big.push_str("- restart the thing, then check the other thing again\n");
    }
    std::fs::write(dir.join("huge.md"), &big).unwrap();
    let mut at_limit = String::from("+++\ntitle = \"At the limit\"\n+++\n");
    at_limit.push_str(&"x".repeat(MAX_RUNBOOK_BYTES as usize - at_limit.len()));
    std::fs::write(dir.join("at-limit.md"), &at_limit).unwrap();
    std::fs::write(
        dir.join("bad-utf8.md"),
        b"+++\ntitle = \"x\"\n+++\ncaf\xe9\n",
    )
    .unwrap();
    let (found, errors) = load_dir(&dir);
    assert_eq!(
        found.iter().map(|r| r.id.as_str()).collect::<Vec<_>>(),
        ["at-limit"]
    );
    assert_eq!(errors.len(), 2, "{errors:?}");
    assert!(errors[0].path.ends_with("bad-utf8.md"));
    assert!(
        errors[0].message.contains("not valid UTF-8"),
        "{}",
        errors[0]
    );
    assert!(errors[1].path.ends_with("huge.md"));
    assert_eq!(
        errors[1].message,
        "too large (3.0 MB): runbooks are limited to 1 MB; split it into smaller runbooks"
    );
    let _ = std::fs::remove_dir_all(dir);
}
