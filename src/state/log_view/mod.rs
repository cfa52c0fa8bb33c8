//! The log view's state: the buffer of sanitised entries, follow and scroll,
//! search and error jumps, toggles and counters. Drawn by
//! `ui::views::logs`; fed by the app with [`TailEvent`]s through
//! [`LogView::apply`]. The page size comes from the terminal size
//! ([`LogView::set_viewport_rows`]), never from a render.

mod entry;
mod header;
mod status;

use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;

use crate::logs::dedupe::Dedupe;
use crate::logs::ring::{DEFAULT_CAPACITY, Ring};
use crate::logs::sanitize::is_unsafe_char;
use crate::logs::tail::{TailEvent, TailMode};
use crate::model::{LogLine, Task, Time};
use crate::source::SourceError;

pub(crate) use entry::LogEntry;
use entry::lowercase_same_len;
pub(crate) use header::TaskHeader;

/// How many entries back from the newest a late line may be inserted to keep
/// time order (CloudWatch interleaves streams); older lines go at that edge.
pub(crate) const MERGE_WINDOW: usize = 2_000;

/// Longest source label shown, in columns.
const MAX_LABEL_WIDTH: usize = 24;

/// How the rows of the view's area are shared out ([`LogView::layout`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct LogLayout {
    /// Rows of the stopped-task header, at the top.
    pub(crate) header_rows: usize,
    /// Whether the error banner takes the row above the status line.
    pub(crate) error_row: bool,
    /// Rows of log lines between them.
    pub(crate) body_rows: usize,
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
    /// Body rows (the page size), set from the terminal size by the app.
    rows: usize,
    search: String,
    match_count: usize,
    filter_pattern: String,
    wrap: bool,
    timestamps: bool,
    header: Option<TaskHeader>,
    /// Event ids already shown, for a view fed by successive tails that
    /// overlap ([`LogView::with_event_ids`]); `None` for one tail, whose
    /// engine deduplicates by itself.
    seen: Option<Dedupe>,
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
            rows: 20,
            search: String::new(),
            match_count: 0,
            filter_pattern: String::new(),
            wrap: false,
            timestamps: true,
            header: None,
            seen: None,
        }
    }

    /// The view also drops lines whose event id it already holds: a tail
    /// restarted on a wider scope re-reads the recent past without showing
    /// its lines twice. Remembers twice the capacity in ids.
    pub(crate) fn with_event_ids(mut self) -> Self {
        self.seen = Some(self.fresh_ids());
        self
    }

    fn fresh_ids(&self) -> Dedupe {
        Dedupe::new(self.entries.capacity().saturating_mul(2))
    }

    /// The time of the newest dated line held.
    pub(crate) fn newest_time(&self) -> Option<Time> {
        self.entries.iter().rev().find_map(|e| e.timestamp)
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
            if let Some(seen) = self.seen.as_mut()
                && !seen.insert(&l.event_id, l.timestamp)
            {
                continue;
            }
            if l.message.contains(char::REPLACEMENT_CHARACTER) {
                self.undecodable += 1;
            }
            let (label, color) = self.label_for(&l.stream);
            self.push_entry(LogEntry::new(l.timestamp, label, color, &l.message));
        }
    }

    /// Adds one prepared entry, merged by time. An undated entry is kept
    /// where it arrived, and a dated one is not moved above it.
    pub(crate) fn push_entry(&mut self, entry: LogEntry) {
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
    pub(crate) fn set_mode(&mut self, mode: TailMode) {
        self.mode = Some(mode);
    }

    /// The tail mode, once known.
    pub(crate) fn mode(&self) -> Option<&TailMode> {
        self.mode.as_ref()
    }

    /// How far behind real time the view is, as last reported.
    pub fn lag(&self) -> Option<Duration> {
        self.lag
    }

    /// Sets or clears the error banner.
    pub(crate) fn set_error(&mut self, error: Option<&SourceError>) {
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

    /// The stopped-task header, when one is shown.
    pub(crate) fn header(&self) -> Option<&TaskHeader> {
        self.header.as_ref()
    }

    /// Empties the buffer (for a restarted tail); counters and toggles stay.
    pub(crate) fn clear(&mut self) {
        self.entries.clear();
        self.top = 0;
        self.cursor = None;
        self.match_count = 0;
        self.sampled = false;
        if self.seen.is_some() {
            self.seen = Some(self.fresh_ids());
        }
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
    pub(crate) fn label_width(&self) -> usize {
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
        self.rows.max(1)
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

    /// Sets the page size: the body rows [`LogView::layout`] gives for the
    /// view's area (the app sizes it from the terminal, as the tables are).
    pub fn set_viewport_rows(&mut self, rows: usize) {
        self.rows = rows.max(1);
    }

    /// How `height` rows are shared out: the stopped-task header on top (as
    /// many of its lines as leave a body row), the error banner above the
    /// status line when there is room, the status line at the bottom, and
    /// the body in between. The renderer draws by it, the app sizes pages
    /// by it.
    pub(crate) fn layout(&self, height: usize) -> LogLayout {
        let above_status = height.saturating_sub(1);
        let header_rows = self
            .header
            .as_ref()
            .map_or(0, |h| h.lines.len().min(above_status.saturating_sub(1)));
        let error_row = self.last_error.is_some() && header_rows + 1 < above_status;
        LogLayout {
            header_rows,
            error_row,
            body_rows: above_status - header_rows - usize::from(error_row),
        }
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

    /// The search term (lowercased).
    pub(crate) fn search(&self) -> &str {
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
}
