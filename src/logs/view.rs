//! The log view: state (buffer, follow/scroll, search, toggles, counters) and
//! a pure render function.
//!
//! The view is independent of the rest of the app: the app feeds it
//! [`TailEvent`]s with [`LogView::apply`], maps keys to its methods, and calls
//! [`render`] when drawing. Rendering formats only the visible entries.

use std::cell::Cell;
use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget};
use unicode_width::UnicodeWidthChar;

use super::ring::{DEFAULT_CAPACITY, Ring};
use super::sanitize::{SanitizedLine, group_thousands, is_unsafe_char, sanitize_str};
use super::tail::{TailEvent, TailMode};
use crate::model::{LogLine, Task, Time};
use crate::source::SourceError;
use crate::text::width::truncate_width;

/// How many entries back from the newest a late line may be inserted to keep
/// time order (CloudWatch interleaves streams); older lines go at that edge.
pub const MERGE_WINDOW: usize = 2_000;

/// Longest source label shown, in columns.
const MAX_LABEL_WIDTH: usize = 24;

/// One buffered, sanitised log entry.
#[derive(Debug, Clone)]
pub struct LogEntry {
    /// Event time; `None` when the source gave none.
    pub timestamp: Option<Time>,
    /// Source label: short task id and container, e.g. `a1b2c3 app`.
    pub label: Arc<str>,
    /// Per-task colour index into [`LogTheme::palette`].
    pub color: u8,
    /// The sanitised message.
    pub line: SanitizedLine,
    /// Lowercase copy of the text when it differs (same byte offsets).
    lower: Option<Box<str>>,
    /// Whether the line looks like an error (see [`looks_like_error`]).
    pub is_error: bool,
}

impl LogEntry {
    /// Builds an entry with an explicit label and colour.
    pub fn new(timestamp: Option<Time>, label: Arc<str>, color: u8, message: &str) -> Self {
        let line = sanitize_str(message);
        let lowered = lowercase_same_len(line.text());
        let is_error = looks_like_error(&lowered);
        let lower = (lowered != line.text()).then(|| lowered.into_boxed_str());
        Self {
            timestamp,
            label,
            color,
            line,
            lower,
            is_error,
        }
    }

    /// The lowercase text used for search (same byte offsets as the text).
    pub fn lower(&self) -> &str {
        self.lower.as_deref().unwrap_or(self.line.text())
    }

    fn matches(&self, needle: &str) -> bool {
        !needle.is_empty() && self.lower().contains(needle)
    }

    /// Approximate heap bytes of this entry (the label is shared).
    pub fn heap_bytes(&self) -> usize {
        self.line.heap_bytes() + self.lower.as_ref().map_or(0, |l| l.len())
    }
}

/// Lowercases char by char, keeping a char as is when its lowercase form has
/// another length, so byte offsets in the copy are valid in the original.
pub fn lowercase_same_len(s: &str) -> String {
    if s.is_ascii() {
        return s.to_ascii_lowercase();
    }
    s.chars()
        .map(|c| {
            let mut lower = c.to_lowercase();
            match (lower.next(), lower.next()) {
                (Some(l), None) if l.len_utf8() == c.len_utf8() => l,
                _ => c,
            }
        })
        .collect()
}

/// Whether a lowercased line looks like an error: `error`, `fatal`, `panic`,
/// `exception`, or an HTTP 5xx status (a 5xx number after `status`, `code`,
/// `http` or a closing quote, as in access logs).
pub fn looks_like_error(lower: &str) -> bool {
    if ["error", "fatal", "panic", "exception"]
        .iter()
        .any(|w| lower.contains(w))
    {
        return true;
    }
    let b = lower.as_bytes();
    let mut i = 0;
    while i + 3 <= b.len() {
        let token = b[i] == b'5' && b[i + 1].is_ascii_digit() && b[i + 2].is_ascii_digit();
        let bounded = (i == 0 || !b[i - 1].is_ascii_digit())
            && (i + 3 == b.len() || !b[i + 3].is_ascii_digit());
        if token && bounded {
            let before = &b[i.saturating_sub(14)..i];
            let has = |w: &[u8]| before.windows(w.len()).any(|x| x == w);
            if has(b"status") || has(b"code") || has(b"http") || before.ends_with(b"\" ") {
                return true;
            }
        }
        i += 1;
    }
    false
}

/// The header shown above the lines of a stopped task.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct TaskHeader {
    /// Lines, the stopped reason first.
    pub lines: Vec<String>,
}

impl TaskHeader {
    /// The header for `task`, or `None` when it is not stopping or stopped.
    pub fn for_task(task: &Task) -> Option<Self> {
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

/// Colours of the log view. [`LogTheme::no_color`] honours `NO_COLOR`: every
/// state is then also visible as text or a modifier.
#[derive(Debug, Clone, PartialEq)]
pub struct LogTheme {
    /// Whether colours are used at all (SGR colours of lines included).
    pub color: bool,
    /// Per-task label colours.
    pub palette: [Color; 6],
    /// Timestamp column.
    pub timestamp: Style,
    /// Status line.
    pub status: Style,
    /// Stopped-task header.
    pub header: Style,
    /// Error banner and error gutter mark.
    pub error: Style,
    /// Search matches.
    pub highlight: Style,
    /// The current line (search or error jump target).
    pub current: Style,
}

impl Default for LogTheme {
    fn default() -> Self {
        Self {
            color: true,
            palette: [
                Color::Cyan,
                Color::Magenta,
                Color::Green,
                Color::Yellow,
                Color::Blue,
                Color::LightRed,
            ],
            timestamp: Style::new().fg(Color::DarkGray),
            status: Style::new().bg(Color::DarkGray).fg(Color::White),
            header: Style::new()
                .fg(Color::White)
                .bg(Color::Red)
                .add_modifier(Modifier::BOLD),
            error: Style::new().fg(Color::Red).add_modifier(Modifier::BOLD),
            highlight: Style::new().bg(Color::Yellow).fg(Color::Black),
            current: Style::new().add_modifier(Modifier::BOLD | Modifier::UNDERLINED),
        }
    }
}

impl LogTheme {
    /// A theme without colours (`NO_COLOR`).
    pub fn no_color() -> Self {
        Self {
            color: false,
            palette: [Color::Reset; 6],
            timestamp: Style::new(),
            status: Style::new().add_modifier(Modifier::REVERSED),
            header: Style::new().add_modifier(Modifier::BOLD | Modifier::REVERSED),
            error: Style::new().add_modifier(Modifier::BOLD),
            highlight: Style::new().add_modifier(Modifier::REVERSED),
            current: Style::new().add_modifier(Modifier::BOLD | Modifier::UNDERLINED),
        }
    }
}

/// State of the log view.
#[derive(Debug, Clone)]
pub struct LogView {
    entries: Ring<LogEntry>,
    /// stream name → (label, colour).
    labels: HashMap<Box<str>, (Arc<str>, u8)>,
    /// task id → colour.
    task_colors: HashMap<Box<str>, u8>,
    received: u64,
    /// Events whose text could not be decoded (shown with U+FFFD).
    undecodable: u64,
    sampled: bool,
    mode: Option<TailMode>,
    lag: Option<Duration>,
    last_error: Option<String>,
    following: bool,
    /// First visible entry while paused.
    top: usize,
    /// The current line (jump target of search / next error).
    cursor: Option<usize>,
    /// Body rows at the last render, for paging.
    viewport: Cell<usize>,
    search: String,
    match_count: usize,
    filter_pattern: String,
    wrap: bool,
    timestamps: bool,
    header: Option<TaskHeader>,
}

impl Default for LogView {
    fn default() -> Self {
        Self::new(DEFAULT_CAPACITY)
    }
}

impl LogView {
    /// An empty view keeping at most `capacity` lines.
    pub fn new(capacity: usize) -> Self {
        Self {
            entries: Ring::new(capacity),
            labels: HashMap::new(),
            task_colors: HashMap::new(),
            received: 0,
            undecodable: 0,
            sampled: false,
            mode: None,
            lag: None,
            last_error: None,
            following: true,
            top: 0,
            cursor: None,
            viewport: Cell::new(20),
            search: String::new(),
            match_count: 0,
            filter_pattern: String::new(),
            wrap: false,
            timestamps: true,
            header: None,
        }
    }

    // ----- feeding -------------------------------------------------------

    /// Applies one event from the tail engine.
    pub fn apply(&mut self, event: TailEvent) {
        match event {
            TailEvent::Mode(mode) => self.set_mode(mode),
            TailEvent::Lines { lines, sampled } => {
                self.push_lines(&lines, sampled);
                self.last_error = None;
            }
            TailEvent::Error(e) => self.set_error(Some(&e)),
            TailEvent::Lag(lag) => {
                // A failed poll sends its error right after the lag.
                self.lag = Some(lag);
                self.last_error = None;
            }
        }
    }

    /// Adds lines (any order; they are merged by time within [`MERGE_WINDOW`]).
    pub fn push_lines(&mut self, lines: &[LogLine], sampled: bool) {
        self.sampled |= sampled;
        for l in lines {
            if l.message.contains(char::REPLACEMENT_CHARACTER) {
                self.undecodable += 1;
            }
            let (label, color) = self.label_for(&l.stream);
            self.push_entry(LogEntry::new(l.timestamp, label, color, &l.message));
        }
    }

    /// Adds one prepared entry, merged by time. An undated entry is kept
    /// where it arrived, and a dated one is not moved above it.
    pub fn push_entry(&mut self, entry: LogEntry) {
        self.received += 1;
        let len = self.entries.len();
        let mut at = len;
        let floor = len.saturating_sub(MERGE_WINDOW);
        if let Some(ts) = entry.timestamp {
            while at > floor
                && self
                    .entries
                    .get(at - 1)
                    .and_then(|e| e.timestamp)
                    .is_some_and(|t| t > ts)
            {
                at -= 1;
            }
        }
        let matched = entry.matches(&self.search);
        let (evicted, at) = self.entries.insert(at, entry);
        if let Some(ev) = evicted {
            if ev.matches(&self.search) {
                self.match_count = self.match_count.saturating_sub(1);
            }
            self.top = self.top.saturating_sub(1);
            self.cursor = self.cursor.and_then(|c| c.checked_sub(1));
        }
        if matched {
            self.match_count += 1;
        }
        if !self.following && at <= self.top && self.entries.len() > 1 {
            self.top += 1;
        }
        if let Some(c) = self.cursor.as_mut()
            && *c >= at
        {
            *c += 1;
        }
    }

    fn label_for(&mut self, stream: &str) -> (Arc<str>, u8) {
        if let Some((l, c)) = self.labels.get(stream) {
            return (Arc::clone(l), *c);
        }
        // awslogs streams are `prefix/container/task-id`.
        let parts: Vec<&str> = stream.rsplitn(3, '/').collect();
        let (task, label) = match parts.as_slice() {
            [task, container, ..] => {
                let short: String = task.chars().take(6).collect();
                (task.to_string(), format!("{short} {container}"))
            }
            _ => (stream.to_owned(), stream.chars().take(12).collect()),
        };
        let label: String = label.chars().filter(|c| !is_unsafe_char(*c)).collect();
        if self.task_colors.len() > 1024 {
            self.task_colors.clear();
        }
        let next = (self.task_colors.len() % 6) as u8;
        let color = *self.task_colors.entry(task.into()).or_insert(next);
        let label: Arc<str> = label.into();
        if self.labels.len() > 1024 {
            self.labels.clear();
        }
        self.labels
            .insert(stream.into(), (Arc::clone(&label), color));
        (label, color)
    }

    /// Sets the tail mode shown in the status line.
    pub fn set_mode(&mut self, mode: TailMode) {
        self.mode = Some(mode);
    }

    /// The tail mode, once known.
    pub fn mode(&self) -> Option<&TailMode> {
        self.mode.as_ref()
    }

    /// Sets how far behind real time the view is.
    pub fn set_lag(&mut self, lag: Option<Duration>) {
        self.lag = lag;
    }

    /// How far behind real time the view is, as last reported.
    pub fn lag(&self) -> Option<Duration> {
        self.lag
    }

    /// Sets or clears the error banner.
    pub fn set_error(&mut self, error: Option<&SourceError>) {
        self.last_error = error.map(|e| {
            e.to_string()
                .chars()
                .filter(|c| !is_unsafe_char(*c))
                .collect()
        });
    }

    /// The error banner text, if any.
    pub fn last_error(&self) -> Option<&str> {
        self.last_error.as_deref()
    }

    /// Shows (or hides, with `None`) the stopped-task header for `task`.
    pub fn set_task(&mut self, task: Option<&Task>) {
        self.header = task.and_then(TaskHeader::for_task);
    }

    /// Sets the header directly.
    pub fn set_header(&mut self, header: Option<TaskHeader>) {
        self.header = header;
    }

    /// Empties the buffer (for a restarted tail); counters and toggles stay.
    pub fn clear(&mut self) {
        self.entries.clear();
        self.top = 0;
        self.cursor = None;
        self.match_count = 0;
        self.sampled = false;
    }

    // ----- counters --------------------------------------------------------

    /// Events whose text could not be decoded (a lone surrogate, invalid
    /// UTF-8), shown with U+FFFD in its place.
    pub fn undecodable(&self) -> u64 {
        self.undecodable
    }

    /// Lines received since the view was created.
    pub fn received(&self) -> u64 {
        self.received
    }

    /// Lines evicted by the ring buffer.
    pub fn dropped(&self) -> u64 {
        self.entries.dropped()
    }

    /// Lines buffered.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether nothing is buffered.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Whether CloudWatch sampled any batch.
    pub fn is_sampled(&self) -> bool {
        self.sampled
    }

    /// The entry at `index` (0 is the oldest buffered).
    pub fn entry(&self, index: usize) -> Option<&LogEntry> {
        self.entries.get(index)
    }

    /// Width of the source label column: the widest label seen (capped), so
    /// the message column stays put while scrolling.
    fn label_width(&self) -> usize {
        self.labels
            .values()
            .map(|(l, _)| unicode_width::UnicodeWidthStr::width(&**l))
            .max()
            .unwrap_or(0)
            .min(MAX_LABEL_WIDTH)
    }

    /// Approximate heap bytes held by buffered entries (a memory estimate).
    pub fn approx_memory_bytes(&self) -> usize {
        self.entries.allocated_slots() * std::mem::size_of::<LogEntry>()
            + self.entries.iter().map(LogEntry::heap_bytes).sum::<usize>()
            + self
                .labels
                .iter()
                .map(|(k, (l, _))| k.len() + l.len() + 48)
                .sum::<usize>()
    }

    // ----- follow and scroll -------------------------------------------------

    /// Whether the view sticks to the newest line.
    pub fn is_following(&self) -> bool {
        self.following
    }

    /// Toggles follow; pausing keeps the lines on screen where they are,
    /// resuming jumps to the newest line.
    pub fn toggle_follow(&mut self) {
        if self.following {
            self.pause();
        } else {
            self.scroll_to_bottom();
        }
    }

    fn pause(&mut self) {
        if self.following {
            self.top = self.max_top();
            self.following = false;
        }
    }

    fn rows(&self) -> usize {
        self.viewport.get().max(1)
    }

    fn max_top(&self) -> usize {
        self.entries.len().saturating_sub(self.rows())
    }

    /// Index of the first visible entry.
    pub fn top_index(&self) -> usize {
        if self.following {
            self.max_top()
        } else {
            self.top.min(self.entries.len().saturating_sub(1))
        }
    }

    /// The current line (search / error jump target).
    pub fn cursor(&self) -> Option<usize> {
        self.cursor
    }

    /// Body rows at the last render (page size).
    pub fn viewport_rows(&self) -> usize {
        self.rows()
    }

    /// Sets the page size without rendering (the render sets it too).
    pub fn set_viewport_rows(&self, rows: usize) {
        self.viewport.set(rows.max(1));
    }

    /// Scrolls `n` lines towards older lines; pauses following.
    pub fn scroll_up(&mut self, n: usize) {
        self.pause();
        self.top = self.top.saturating_sub(n);
    }

    /// Scrolls `n` lines towards newer lines (stays paused).
    pub fn scroll_down(&mut self, n: usize) {
        if self.following {
            return;
        }
        self.top = (self.top + n).min(self.max_top());
    }

    /// One page up.
    pub fn page_up(&mut self) {
        self.scroll_up(self.rows().saturating_sub(1).max(1));
    }

    /// One page down.
    pub fn page_down(&mut self) {
        self.scroll_down(self.rows().saturating_sub(1).max(1));
    }

    /// Jumps to the oldest line (pauses).
    pub fn scroll_to_top(&mut self) {
        self.following = false;
        self.top = 0;
    }

    /// Jumps to the newest line and follows again.
    pub fn scroll_to_bottom(&mut self) {
        self.following = true;
        self.top = self.max_top();
    }

    fn reveal(&mut self, index: usize) {
        self.following = false;
        self.cursor = Some(index);
        let rows = self.rows();
        if index < self.top || index >= self.top + rows {
            self.top = index.saturating_sub(rows / 3).min(self.max_top());
        }
    }

    // ----- search and jumps --------------------------------------------------

    /// Sets the `/` search term (case-insensitive); empty clears it.
    pub fn set_search(&mut self, term: &str) {
        self.search = lowercase_same_len(term);
        self.match_count = if self.search.is_empty() {
            0
        } else {
            self.entries
                .iter()
                .filter(|e| e.matches(&self.search))
                .count()
        };
    }

    /// Clears the search term.
    pub fn clear_search(&mut self) {
        self.set_search("");
    }

    /// The search term (lowercased).
    pub fn search(&self) -> &str {
        &self.search
    }

    /// Buffered lines matching the search term.
    pub fn match_count(&self) -> usize {
        self.match_count
    }

    fn start_index(&self, forward: bool) -> Option<usize> {
        let len = self.entries.len();
        if len == 0 {
            return None;
        }
        Some(match self.cursor {
            Some(c) if forward => (c + 1) % len,
            Some(c) => (c + len - 1) % len,
            None if forward => self.top_index(),
            None => (self.top_index() + self.rows()).min(len) - 1,
        })
    }

    fn find(&self, forward: bool, pred: impl Fn(&LogEntry) -> bool) -> Option<usize> {
        let len = self.entries.len();
        let start = self.start_index(forward)?;
        (0..len)
            .map(|k| {
                if forward {
                    (start + k) % len
                } else {
                    (start + len - k) % len
                }
            })
            .find(|&i| self.entries.get(i).is_some_and(&pred))
    }

    fn jump(&mut self, forward: bool, pred: impl Fn(&LogEntry) -> bool) -> Option<usize> {
        let found = self.find(forward, pred)?;
        self.reveal(found);
        Some(found)
    }

    /// `n`: jumps to the next line matching the search (wrapping); pauses.
    pub fn next_match(&mut self) -> Option<usize> {
        let needle = self.search.clone();
        self.jump(true, |e| e.matches(&needle))
    }

    /// `N`: jumps to the previous match (wrapping); pauses.
    pub fn prev_match(&mut self) -> Option<usize> {
        let needle = self.search.clone();
        self.jump(false, |e| e.matches(&needle))
    }

    /// Jumps to the next error-looking line (wrapping); pauses.
    pub fn next_error(&mut self) -> Option<usize> {
        self.jump(true, |e| e.is_error)
    }

    /// Jumps to the previous error-looking line (wrapping); pauses.
    pub fn prev_error(&mut self) -> Option<usize> {
        self.jump(false, |e| e.is_error)
    }

    // ----- toggles and fields ----------------------------------------------

    /// Sets the server-side filter pattern (the app restarts the tail with it).
    pub fn set_filter_pattern(&mut self, pattern: impl Into<String>) {
        self.filter_pattern = pattern.into();
    }

    /// The server-side filter pattern.
    pub fn filter_pattern(&self) -> &str {
        &self.filter_pattern
    }

    /// Toggles line wrapping.
    pub fn toggle_wrap(&mut self) {
        self.wrap = !self.wrap;
    }

    /// Whether lines wrap.
    pub fn wrap(&self) -> bool {
        self.wrap
    }

    /// Toggles the timestamp column.
    pub fn toggle_timestamps(&mut self) {
        self.timestamps = !self.timestamps;
    }

    /// Whether timestamps are shown.
    pub fn timestamps(&self) -> bool {
        self.timestamps
    }

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
pub fn format_lag(d: Duration) -> String {
    let secs = d.as_secs_f64();
    if secs < 60.0 {
        format!("{secs:.1} s")
    } else {
        let s = d.as_secs();
        format!("{} m {:02} s", s / 60, s % 60)
    }
}

// ----- rendering -------------------------------------------------------------

/// Draws the view into `area`: optional stopped-task header, optional error
/// banner, the visible lines, and the status line at the bottom.
///
/// Only the entries that are visible are formatted. Records the body height
/// for paging.
pub fn render(view: &LogView, area: Rect, buf: &mut Buffer, theme: &LogTheme) {
    if area.height == 0 || area.width == 0 {
        return;
    }
    let mut y = area.y;
    let bottom = area.y + area.height;
    // Status line takes the last row.
    let status_row = Rect::new(area.x, bottom - 1, area.width, 1);
    let mut body_bottom = bottom - 1;

    if let Some(header) = &view.header {
        for text in &header.lines {
            if y + 1 >= body_bottom {
                break;
            }
            let row = Rect::new(area.x, y, area.width, 1);
            Paragraph::new(Line::from(format!(" ■ {text}")))
                .style(theme.header)
                .render(row, buf);
            y += 1;
        }
    }
    if let Some(err) = &view.last_error
        && y + 1 < body_bottom
    {
        let row = Rect::new(area.x, body_bottom - 1, area.width, 1);
        Paragraph::new(Line::from(vec![
            Span::styled("⚠ error: ", theme.error),
            Span::raw(err.clone()),
        ]))
        .render(row, buf);
        body_bottom -= 1;
    }

    let body = Rect::new(area.x, y, area.width, body_bottom.saturating_sub(y));
    view.viewport.set(usize::from(body.height).max(1));
    render_body(view, body, buf, theme);

    let status = view.status_text_for(usize::from(area.width).saturating_sub(1));
    Paragraph::new(Line::from(format!(" {status}")))
        .style(theme.status)
        .render(status_row, buf);
}

fn render_body(view: &LogView, body: Rect, buf: &mut Buffer, theme: &LogTheme) {
    let rows = usize::from(body.height);
    let width = usize::from(body.width);
    if rows == 0 || width == 0 {
        return;
    }
    if view.entries.is_empty() {
        let msg = match &view.mode {
            None => " waiting for log events…",
            Some(_) => " no log events yet",
        };
        Paragraph::new(Line::from(msg))
            .style(Style::new().add_modifier(Modifier::DIM))
            .render(body, buf);
        return;
    }
    let len = view.entries.len();
    // Visible entries: from `top` forward, or (following) from the bottom up.
    let mut lines: Vec<Line<'static>> = Vec::with_capacity(rows);
    if view.wrap {
        if view.following {
            let mut blocks: Vec<Vec<Line<'static>>> = Vec::new();
            let mut used = 0;
            let mut i = len;
            while i > 0 && used < rows {
                i -= 1;
                let block = entry_rows(view, i, width, theme);
                used += block.len();
                blocks.push(block);
            }
            for block in blocks.into_iter().rev() {
                lines.extend(block);
            }
            let excess = lines.len().saturating_sub(rows);
            lines.drain(..excess);
        } else {
            let mut i = view.top_index();
            while i < len && lines.len() < rows {
                lines.extend(entry_rows(view, i, width, theme));
                i += 1;
            }
            lines.truncate(rows);
        }
    } else {
        let top = if view.following {
            len.saturating_sub(rows)
        } else {
            view.top_index()
        };
        let label_w = view.label_width();
        for i in top..(top + rows).min(len) {
            let (prefix, message) = entry_spans(view, i, label_w, theme);
            let mut spans = prefix;
            spans.extend(message);
            lines.push(Line::from(spans));
        }
    }
    Paragraph::new(lines).render(body, buf);
}

/// The prefix spans (gutter, timestamp, label) and the message spans.
fn entry_spans(
    view: &LogView,
    index: usize,
    label_w: usize,
    theme: &LogTheme,
) -> (Vec<Span<'static>>, Vec<Span<'static>>) {
    let Some(e) = view.entries.get(index) else {
        return (Vec::new(), Vec::new());
    };
    let is_current = view.cursor == Some(index);
    let mut prefix = Vec::with_capacity(4);
    let gutter = if is_current {
        Span::styled("›", theme.current)
    } else if e.is_error {
        Span::styled("!", theme.error)
    } else {
        Span::raw(" ")
    };
    prefix.push(gutter);
    if view.timestamps {
        prefix.push(Span::styled(
            e.timestamp.map_or_else(
                || format!("{:<12} ", "–"),
                |t| t.format("%H:%M:%S%.3f ").to_string(),
            ),
            theme.timestamp,
        ));
    }
    let label_style = if theme.color {
        Style::new().fg(theme.palette[usize::from(e.color) % theme.palette.len()])
    } else {
        Style::new()
    };
    let label: String = truncate_width(&e.label, label_w);
    let pad = label_w.saturating_sub(unicode_width::UnicodeWidthStr::width(label.as_str()));
    prefix.push(Span::styled(
        format!("{label}{} ", " ".repeat(pad)),
        label_style,
    ));

    let base = if is_current {
        theme.current
    } else {
        Style::new()
    };
    let message = message_spans(e, &view.search, base, theme);
    (prefix, message)
}

/// Splits the message into spans by SGR runs and search matches.
fn message_spans(e: &LogEntry, needle: &str, base: Style, theme: &LogTheme) -> Vec<Span<'static>> {
    let text = e.line.text();
    let matches: Vec<(usize, usize)> = if needle.is_empty() {
        Vec::new()
    } else {
        e.lower()
            .match_indices(needle)
            .map(|(i, m)| (i, i + m.len()))
            .collect()
    };
    let mut cuts: Vec<usize> = vec![0, text.len()];
    cuts.extend(e.line.runs().iter().map(|r| r.0));
    for (a, b) in &matches {
        cuts.push(*a);
        cuts.push(*b);
    }
    cuts.sort_unstable();
    cuts.dedup();
    let mut spans = Vec::with_capacity(cuts.len());
    for w in cuts.windows(2) {
        let (a, b) = (w[0], w[1]);
        let Some(piece) = text.get(a..b) else {
            continue;
        };
        if piece.is_empty() {
            continue;
        }
        let run_style = e
            .line
            .runs()
            .iter()
            .take_while(|r| r.0 <= a)
            .last()
            .map_or(Style::new(), |r| r.1);
        let run_style = if theme.color {
            run_style
        } else {
            Style {
                fg: None,
                bg: None,
                ..run_style
            }
        };
        let mut style = base.patch(run_style);
        if matches.iter().any(|(ma, mb)| *ma <= a && b <= *mb) {
            style = style.patch(theme.highlight);
        }
        spans.push(Span::styled(piece.to_owned(), style));
    }
    spans
}

/// The rows of one entry when wrapping at `width` columns; continuation rows
/// are indented under the message.
fn entry_rows(view: &LogView, index: usize, width: usize, theme: &LogTheme) -> Vec<Line<'static>> {
    let label_w = view.label_width();
    let (prefix, message) = entry_spans(view, index, label_w, theme);
    let indent: usize = prefix.iter().map(|s| s.width()).sum();
    let indent = if indent * 2 > width { 2 } else { indent };
    let mut rows: Vec<Line<'static>> = Vec::new();
    let mut current: Vec<Span<'static>> = prefix;
    let mut col: usize = current.iter().map(|s| s.width()).sum();
    for span in message {
        let mut piece = String::new();
        for c in span.content.chars() {
            let cw = c.width().unwrap_or(0);
            if col + cw > width && col > indent {
                if !piece.is_empty() {
                    current.push(Span::styled(std::mem::take(&mut piece), span.style));
                }
                rows.push(Line::from(std::mem::take(&mut current)));
                current.push(Span::raw(" ".repeat(indent)));
                col = indent;
            }
            piece.push(c);
            col += cw;
        }
        if !piece.is_empty() {
            current.push(Span::styled(piece, span.style));
        }
    }
    rows.push(Line::from(current));
    rows
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lowercase_keeps_offsets() {
        let s = "İstanbul ÀB";
        let l = lowercase_same_len(s);
        assert_eq!(l.len(), s.len());
        assert!(l.ends_with("àb"));
    }

    #[test]
    fn error_detection() {
        for yes in [
            "error: boom",
            "panic at main.rs",
            "java.lang.nullpointerexception",
            "status=503",
            "\"get / http/1.1\" 502 12",
            "http 500 internal",
            "fatal",
        ] {
            assert!(looks_like_error(yes), "{yes}");
        }
        for no in ["took 512 ms", "ok status=200", "id 5000", "info: ready"] {
            assert!(!looks_like_error(no), "{no}");
        }
    }

    #[test]
    fn lag_format() {
        assert_eq!(format_lag(Duration::from_millis(2100)), "2.1 s");
        assert_eq!(format_lag(Duration::from_secs(185)), "3 m 05 s");
    }
}
