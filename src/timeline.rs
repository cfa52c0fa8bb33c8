//! The incident timeline: what the console observed and did during the session,
//! exportable as Markdown for a postmortem.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::model::{
    Alarm, AlarmState, RolloutState, Service, Task, TaskStatus, Time, task_def_short,
};
use crate::text::markdown;

/// What kind of thing happened.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub(crate) enum EntryKind {
    /// An alarm changed state.
    Alarm,
    /// A deployment started, completed or failed.
    Deployment,
    /// A task stopped.
    Task,
    /// The user ran an action.
    Action,
    /// A chaos experiment finished.
    Chaos,
}

impl EntryKind {
    /// A label for tables and Markdown.
    pub(crate) fn label(self) -> &'static str {
        match self {
            EntryKind::Alarm => "alarm",
            EntryKind::Deployment => "deployment",
            EntryKind::Task => "task",
            EntryKind::Action => "action",
            EntryKind::Chaos => "chaos",
        }
    }
}

/// One line of the timeline.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Entry {
    /// When it was observed (or when it happened, when the source says).
    pub(crate) at: Time,
    /// What kind.
    pub(crate) kind: EntryKind,
    /// Whether it is bad news (ALARM, FAILED, crash).
    pub(crate) bad: bool,
    /// One sentence.
    pub text: String,
}

/// The session's timeline, oldest first, bounded.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Timeline {
    /// Entries, oldest first.
    pub entries: Vec<Entry>,
    alarms: BTreeMap<String, AlarmState>,
    deployments: BTreeMap<(String, String), RolloutState>,
    stopped: std::collections::BTreeSet<String>,
    seen_services: bool,
    seen_tasks: bool,
}

const MAX_ENTRIES: usize = 5_000;

impl Timeline {
    /// Adds an entry in time order (after the entries of the same time).
    pub(crate) fn push(&mut self, at: Time, kind: EntryKind, bad: bool, text: String) {
        let index = self.entries.partition_point(|e| e.at <= at);
        self.entries.insert(
            index,
            Entry {
                at,
                kind,
                bad,
                text,
            },
        );
        if self.entries.len() > MAX_ENTRIES {
            self.entries.remove(0);
        }
    }

    /// Records alarm state changes (the first sight of an alarm records only ALARMs).
    pub(crate) fn observe_alarms(&mut self, alarms: &[Alarm], now: Time) {
        for a in alarms {
            let before = self.alarms.insert(a.name.clone(), a.state);
            let changed = match before {
                Some(b) => b != a.state,
                None => a.state == AlarmState::Alarm,
            };
            if changed {
                let from = before.map_or(String::new(), |b| format!("{} → ", b.as_str()));
                self.push(
                    a.updated_at
                        .map_or(now, |at| at.max(now - chrono::Duration::hours(1))),
                    EntryKind::Alarm,
                    a.state == AlarmState::Alarm,
                    format!(
                        "alarm {}: {from}{} — {}",
                        a.name,
                        a.state.as_str(),
                        a.reason
                    ),
                );
            }
        }
    }

    /// Records deployments that start, complete or fail (after the first observation).
    pub(crate) fn observe_services(&mut self, services: &[Service], now: Time) {
        let first = !self.seen_services;
        self.seen_services = true;
        for s in services {
            for d in &s.deployments {
                let before = self
                    .deployments
                    .insert((s.name.clone(), d.id.clone()), d.rollout_state);
                if first || before == Some(d.rollout_state) {
                    continue;
                }
                let td = task_def_short(&d.task_definition);
                let (bad, text) = match (before, d.rollout_state) {
                    (None, RolloutState::InProgress) => (
                        false,
                        format!("{}: deployment {} of {td} started", s.name, d.id),
                    ),
                    (_, RolloutState::Completed) => (
                        false,
                        format!("{}: deployment {} of {td} COMPLETED", s.name, d.id),
                    ),
                    (_, RolloutState::Failed) => (
                        true,
                        format!(
                            "{}: deployment {} of {td} FAILED — {}",
                            s.name, d.id, d.rollout_reason
                        ),
                    ),
                    (_, RolloutState::InProgress) => continue,
                };
                self.push(now, EntryKind::Deployment, bad, text);
            }
        }
    }

    /// Records tasks that stopped (after the first observation), with their stop code and reason.
    pub(crate) fn observe_tasks(&mut self, tasks: &[Task], now: Time) {
        let first = !self.seen_tasks;
        self.seen_tasks = true;
        for t in tasks
            .iter()
            .filter(|t| t.last_status == TaskStatus::Stopped)
        {
            if !self.stopped.insert(t.arn.clone()) || first {
                continue;
            }
            let exit: Vec<String> = t
                .containers
                .iter()
                .filter_map(|c| c.exit_code.map(|x| format!("{} exit {x}", c.name)))
                .collect();
            let failed_exit = t
                .containers
                .iter()
                .any(|c| c.exit_code.is_some_and(|x| x != 0));
            let reason = t
                .stopped_reason
                .as_deref()
                .unwrap_or_default()
                .to_ascii_lowercase();
            let bad = t.stop_code.as_deref() != Some("UserInitiated")
                && (failed_exit
                    || reason.contains("fail")
                    || matches!(
                        t.stop_code.as_deref(),
                        Some("TaskFailedToStart" | "EssentialContainerExited")
                    ));
            self.push(
                t.stopped_at.unwrap_or(now),
                EntryKind::Task,
                bad,
                format!(
                    "{}: task {} stopped ({}{}) {}",
                    t.service_name().unwrap_or("-"),
                    t.id.chars().take(8).collect::<String>(),
                    t.stop_code.as_deref().unwrap_or("?"),
                    if exit.is_empty() {
                        String::new()
                    } else {
                        format!(", {}", exit.join(", "))
                    },
                    t.stopped_reason.as_deref().unwrap_or("")
                ),
            );
        }
    }

    /// The timeline as Markdown. Text from AWS (names, reasons) goes through
    /// the allow-list and stays literal Markdown ([`markdown::inline`]), one
    /// row per entry.
    pub(crate) fn to_markdown(&self, cluster: &str, source: &str, now: Time) -> String {
        let cluster = markdown::inline(cluster);
        let source = markdown::inline(source);
        let mut out = format!(
            "# Incident timeline — {cluster}\n\nSource: {source}. Exported by ecsdeck at {} UTC.\n\n| time (UTC) | kind | what |\n|---|---|---|\n",
            now.format("%Y-%m-%d %H:%M:%S")
        );
        for e in &self.entries {
            let text = markdown::inline(&e.text);
            let mark = if e.bad { "**" } else { "" };
            out.push_str(&format!(
                "| {} | {} | {mark}{text}{mark} |\n",
                e.at.format("%H:%M:%S"),
                e.kind.label()
            ));
        }
        if self.entries.is_empty() {
            out.push_str("| | | nothing observed yet |\n");
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fixtures::{loaded_state, t0, task};
    use crate::model::HealthStatus;

    #[test]
    fn alarm_transitions_are_recorded() {
        let s = loaded_state();
        let mut tl = Timeline::default();
        let mut alarms = s.alarms.data.clone().unwrap();
        tl.observe_alarms(&alarms, t0());
        assert_eq!(
            tl.entries.len(),
            1,
            "an alarm already in ALARM is worth noting"
        );
        tl.observe_alarms(&alarms, t0());
        assert_eq!(tl.entries.len(), 1, "no change, no entry");
        alarms[0].state = AlarmState::Ok;
        tl.observe_alarms(&alarms, t0());
        assert!(tl.entries[1].text.contains("ALARM → OK"));
    }

    #[test]
    fn an_alarm_without_a_time_is_stamped_when_seen() {
        let s = loaded_state();
        let mut alarms = s.alarms.data.clone().unwrap();
        alarms[0].updated_at = None;
        let mut tl = Timeline::default();
        let now = t0() + chrono::Duration::minutes(5);
        tl.observe_alarms(&alarms, now);
        assert_eq!(tl.entries[0].at, now, "seen now, not an hour ago");
    }

    #[test]
    fn entries_are_kept_in_time_order() {
        let mut tl = Timeline::default();
        let at = |secs| t0() + chrono::Duration::seconds(secs);
        for (secs, text) in [(56, "b"), (30, "a"), (56, "c"), (90, "d")] {
            tl.push(at(secs), EntryKind::Action, false, text.into());
        }
        let texts: Vec<&str> = tl.entries.iter().map(|e| e.text.as_str()).collect();
        assert_eq!(texts, ["a", "b", "c", "d"]);
    }

    #[test]
    fn deployments_and_stopped_tasks_after_the_first_look() {
        let s = loaded_state();
        let mut tl = Timeline::default();
        let mut services = s.services.data.clone().unwrap();
        tl.observe_services(&services, t0());
        assert!(tl.entries.is_empty(), "the first look is the baseline");
        let checkout = services.iter_mut().find(|x| x.name == "checkout").unwrap();
        checkout.deployments[0].rollout_state = RolloutState::Failed;
        tl.observe_services(&services, t0());
        assert!(tl.entries[0].bad && tl.entries[0].text.contains("FAILED"));

        let mut tasks = vec![task(
            "payments",
            21,
            TaskStatus::Running,
            HealthStatus::Healthy,
        )];
        tl.observe_tasks(&tasks, t0());
        tasks.push(task(
            "payments",
            22,
            TaskStatus::Stopped,
            HealthStatus::Unhealthy,
        ));
        tl.observe_tasks(&tasks, t0());
        let last = tl
            .entries
            .iter()
            .rev()
            .find(|e| e.kind == EntryKind::Task)
            .unwrap();
        assert!(
            last.text.contains("EssentialContainerExited") && last.text.contains("app exit 137"),
            "{}",
            last.text
        );
        assert!(last.bad);
        tl.observe_tasks(&tasks, t0());
        assert_eq!(tl.entries.len(), 2, "a stopped task is recorded once");
    }

    #[test]
    fn markdown_export_escapes_pipes() {
        let mut tl = Timeline::default();
        tl.push(
            t0(),
            EntryKind::Action,
            false,
            "scale web-api 2 → 4 | ok".into(),
        );
        let md = tl.to_markdown("prod", "demo", t0());
        assert!(md.starts_with("# Incident timeline — prod"));
        assert!(md.contains("| 14:02:10 | action | scale web-api 2 → 4 \\| ok |"));
    }

    #[test]
    fn markdown_export_holds_no_hostile_character() {
        use crate::text::corpus;
        let mut tl = Timeline::default();
        for (_, s) in corpus::all() {
            tl.push(t0(), EntryKind::Action, true, format!("stopped {s}"));
        }
        let md = tl.to_markdown(corpus::OSC_TITLE, corpus::RLO, t0());
        for line in md.lines() {
            assert!(
                line.chars().all(crate::text::sanitize::is_allowed),
                "{line:?}"
            );
        }
        assert_eq!(
            md.lines().count(),
            6 + corpus::all().len(),
            "one row per entry, no line break from the data: {md}"
        );
        assert!(md.contains("# Incident timeline — x\\]0;TITLEz"), "{md}");
    }
}
