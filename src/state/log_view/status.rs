//! The log view's status line: the tail's mode and the view's state.

use std::time::Duration;

use super::LogView;
use crate::logs::sanitize::{group_thousands, is_unsafe_char};
use crate::logs::tail::TailMode;

impl LogView {
    /// The status line text, e.g.
    /// `LIVE TAIL · 12,345 lines · 1,204 dropped · 2.1 s behind · following`.
    pub fn status_text(&self) -> String {
        format!(
            "{} · {}",
            self.mode_text(true),
            self.state_parts().join(" · ")
        )
    }

    /// The status line for `width` columns: when the whole line does not fit,
    /// the reason of a fallback mode goes first, so that the state (lines,
    /// following / paused, search matches) stays visible on a narrow terminal.
    pub fn status_text_for(&self, width: usize) -> String {
        let state = self.state_parts().join(" · ");
        let full = format!("{} · {state}", self.mode_text(true));
        if full.chars().count() <= width {
            full
        } else {
            format!("{} · {state}", self.mode_text(false))
        }
    }

    /// The tail's mode, with the reason of a fallback mode when asked.
    fn mode_text(&self, with_reason: bool) -> String {
        match &self.mode {
            None => "CONNECTING".to_owned(),
            Some(TailMode::LiveTail) => "LIVE TAIL".to_owned(),
            Some(TailMode::Reconnecting {
                attempt,
                max,
                reason,
            }) if with_reason => {
                format!("RECONNECTING {attempt}/{max} ({})", ellipsize(reason, 40))
            }
            Some(TailMode::Reconnecting { attempt, max, .. }) => {
                format!("RECONNECTING {attempt}/{max}")
            }
            Some(TailMode::Polling { reason }) if with_reason => {
                format!("POLLING ({})", ellipsize(reason, 40))
            }
            Some(TailMode::Polling { .. }) => "POLLING".to_owned(),
        }
    }

    /// Everything after the mode: line counts, lag, following, search, filter.
    fn state_parts(&self) -> Vec<String> {
        let mut parts: Vec<String> = Vec::new();
        parts.push(format!("{} lines", group_thousands(self.received)));
        if self.dropped() > 0 {
            parts.push(format!("{} dropped", group_thousands(self.dropped())));
        }
        if let Some(lag) = self.lag {
            parts.push(format!("{} behind", format_lag(lag)));
        }
        parts.push(
            if self.following {
                "following"
            } else {
                "paused"
            }
            .to_owned(),
        );
        if self.sampled {
            parts.push("SAMPLED by CloudWatch".to_owned());
        }
        if !self.search.is_empty() {
            parts.push(format!(
                "/{} ({} matches)",
                ellipsize(&self.search, 20),
                group_thousands(self.match_count as u64)
            ));
        }
        if !self.filter_pattern.is_empty() {
            let clean: String = self
                .filter_pattern
                .chars()
                .filter(|c| !is_unsafe_char(*c))
                .collect();
            parts.push(format!("filter \"{}\"", ellipsize(&clean, 20)));
        }
        if self.wrap {
            parts.push("wrap".to_owned());
        }
        // Last: on a narrow terminal the search and filter state matter more.
        match self.undecodable {
            0 => {}
            1 => parts.push("1 event could not be decoded".to_owned()),
            n => parts.push(format!(
                "{} events could not be decoded",
                group_thousands(n)
            )),
        }
        parts
    }
}

fn ellipsize(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        s.to_owned()
    } else {
        let mut out: String = s.chars().take(max.saturating_sub(1)).collect();
        out.push('…');
        out
    }
}

/// `2.1 s`, `3 m 05 s`.
pub(crate) fn format_lag(d: Duration) -> String {
    let secs = d.as_secs_f64();
    if secs < 60.0 {
        format!("{secs:.1} s")
    } else {
        let s = d.as_secs();
        format!("{} m {:02} s", s / 60, s % 60)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lag_format() {
        assert_eq!(format_lag(Duration::from_millis(2100)), "2.1 s");
        assert_eq!(format_lag(Duration::from_secs(185)), "3 m 05 s");
    }
}
