//! The header shown above the lines of a stopped task.

use crate::logs::sanitize::is_unsafe_char;
use crate::model::Task;

/// The header shown above the lines of a stopped task.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub(crate) struct TaskHeader {
    /// Lines, the stopped reason first.
    pub(crate) lines: Vec<String>,
}

impl TaskHeader {
    /// The header for `task`, or `None` when it is not stopping or stopped.
    pub(crate) fn for_task(task: &Task) -> Option<Self> {
        if !task.last_status.is_stopping_or_stopped() {
            return None;
        }
        let clean = |s: &str| {
            s.chars()
                .filter(|c| !is_unsafe_char(*c))
                .collect::<String>()
        };
        let mut lines = vec![format!(
            "{} · {}",
            task.last_status.as_str(),
            clean(
                task.stopped_reason
                    .as_deref()
                    .unwrap_or("no stopped reason given")
            )
        )];
        let mut second = format!("task {}", clean(&task.id));
        if let Some(code) = &task.stop_code {
            second.push_str(&format!(" · {}", clean(code)));
        }
        if let Some(at) = task.stopped_at {
            second.push_str(&format!(
                " · stopped {}",
                at.format("%Y-%m-%d %H:%M:%S UTC")
            ));
        }
        lines.push(second);
        for c in task
            .containers
            .iter()
            .filter(|c| c.exit_code.is_some() || c.reason.is_some())
            .take(3)
        {
            let mut s = clean(&c.name);
            if let Some(code) = c.exit_code {
                s.push_str(&format!(": exit {code}"));
            }
            if let Some(r) = &c.reason {
                s.push_str(&format!(" · {}", clean(r)));
            }
            lines.push(s);
        }
        Some(Self { lines })
    }
}
