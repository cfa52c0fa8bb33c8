//! The built-in runbooks: every file parses, names only known actions and
//! symptoms, is embedded in the binary, and renders as expected.

use std::path::Path;

use ecsdeck::model::{Alarm, AlarmState};
use ecsdeck::runbook::{
    self, EMBEDDED, KNOWN_SYMPTOMS, RUNBOOK_ACTIONS, Runbook, load_dir, matching, render,
};

fn plain(text: &ratatui::text::Text<'_>) -> String {
    text.lines
        .iter()
        .map(|l| {
            l.spans
                .iter()
                .map(|s| s.content.as_ref())
                .collect::<String>()
                .trim_end()
                .to_string()
        })
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn every_runbook_in_the_folder_parses_and_names_known_actions() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("runbooks");
    let (books, errors) = load_dir(&dir);
    assert!(
        errors.is_empty(),
        "{}",
        errors
            .iter()
            .map(|e| e.to_string())
            .collect::<Vec<_>>()
            .join("\n")
    );
    assert!(books.len() >= 6, "{} runbooks", books.len());
    for b in &books {
        assert!(
            !b.actions.is_empty(),
            "{} names no console action",
            b.path.display()
        );
        for a in &b.actions {
            assert!(
                RUNBOOK_ACTIONS.contains(&a.as_str()),
                "{}: {a}",
                b.path.display()
            );
        }
        for s in &b.symptoms {
            assert!(
                KNOWN_SYMPTOMS.contains(&s.as_str()),
                "{}: symptom {s}",
                b.path.display()
            );
        }
        assert!(!b.summary.is_empty(), "{} has no summary", b.path.display());
        // Every file of the folder ships in the binary, with the same text.
        let name = b
            .path
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or_default();
        let embedded = EMBEDDED.iter().find(|(n, _)| *n == name);
        assert!(embedded.is_some(), "{name} is not in runbook::EMBEDDED");
    }
    assert_eq!(
        runbook::builtin().len(),
        EMBEDDED.len(),
        "an embedded runbook does not parse"
    );
    for (name, text) in EMBEDDED {
        Runbook::parse(Path::new(name), text).unwrap_or_else(|e| panic!("{e}"));
    }
}

#[test]
fn every_known_symptom_has_a_runbook() {
    let books = runbook::builtin();
    for s in KNOWN_SYMPTOMS {
        assert!(
            books.iter().any(|b| b.symptoms.iter().any(|x| x == s)),
            "no runbook for symptom {s}"
        );
    }
}

#[test]
fn demo_alarms_find_their_runbooks() {
    let books = runbook::builtin();
    let alarm = |name: &str, metric: &str| Alarm {
        name: name.into(),
        arn: String::new(),
        state: AlarmState::Alarm,
        reason: String::new(),
        updated_at: Some(chrono::Utc::now()),
        namespace: String::new(),
        metric: metric.into(),
        dimensions: vec![],
        ..Alarm::default()
    };
    let first = |a: &Alarm| matching(&books, a).first().map(|r| r.runbook.id.clone());
    assert_eq!(
        first(&alarm("prod-web-api-5xx", "HTTPCode_Target_5XX_Count")).as_deref(),
        Some("unhealthy-targets")
    );
    assert_eq!(
        first(&alarm(
            "prod-checkout-unhealthy-hosts",
            "UnHealthyHostCount"
        ))
        .as_deref(),
        Some("unhealthy-targets")
    );
    assert_eq!(
        first(&alarm("prod-payments-memory-high", "MemoryUtilization")).as_deref(),
        Some("high-cpu-memory")
    );
}

#[test]
fn rendered_runbook_snapshot() {
    let books = runbook::builtin();
    let book = books
        .iter()
        .find(|b| b.id == "self-healing-demo")
        .unwrap_or_else(|| panic!("self-healing-demo missing"));
    insta::assert_snapshot!("self_healing_demo_72", plain(&render(book, 72)));
    let rollback = books
        .iter()
        .find(|b| b.id == "deployment-rollback")
        .unwrap_or_else(|| panic!("deployment-rollback missing"));
    insta::assert_snapshot!("deployment_rollback_60", plain(&render(rollback, 60)));
}

#[test]
fn rendered_lines_fit_the_width_except_code() {
    for b in runbook::builtin() {
        for width in [40u16, 80] {
            let text = render(&b, width);
            for l in &text.lines {
                let s: String = l.spans.iter().map(|s| s.content.as_ref()).collect();
                if s.trim_start().starts_with('│') {
                    continue; // code is never wrapped
                }
                assert!(
                    unicode_width::UnicodeWidthStr::width(s.as_str()) <= width as usize,
                    "{} at {width}: {s:?}",
                    b.id
                );
            }
        }
    }
}
