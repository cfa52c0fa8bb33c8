//! Selection, scrolling and filtering of one table.

/// Navigation state of a table: selection, scroll offset and live filter.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TableNav {
    /// Index of the selected row among the filtered rows.
    pub selected: usize,
    /// Index of the first visible row among the filtered rows.
    pub offset: usize,
    /// Filter text: free-text and `column:value` terms (`state::filter`).
    pub(crate) filter: String,
    /// Whether the filter line is being edited.
    pub(crate) editing_filter: bool,
}

impl TableNav {
    /// Moves the selection by `delta` rows within `len` rows and keeps it visible in `height` rows.
    pub(crate) fn move_by(&mut self, delta: isize, len: usize, height: usize) {
        if len == 0 {
            self.selected = 0;
            self.offset = 0;
            return;
        }
        let max = len - 1;
        let next = self.selected as isize + delta;
        self.selected = next.clamp(0, max as isize) as usize;
        self.scroll_into_view(len, height);
    }

    /// Selects a row by index (clamped) and keeps it visible.
    pub(crate) fn select(&mut self, index: usize, len: usize, height: usize) {
        self.selected = index.min(len.saturating_sub(1));
        self.scroll_into_view(len, height);
    }

    /// Keeps the selection inside `len` rows and inside the window of `height` rows.
    pub(crate) fn scroll_into_view(&mut self, len: usize, height: usize) {
        let height = height.max(1);
        if len == 0 {
            self.selected = 0;
            self.offset = 0;
            return;
        }
        self.selected = self.selected.min(len - 1);
        if self.selected < self.offset {
            self.offset = self.selected;
        } else if self.selected >= self.offset + height {
            self.offset = self.selected + 1 - height;
        }
        self.offset = self.offset.min(len.saturating_sub(height));
    }

    /// The text the rows highlight: the filter's first plain term.
    pub(crate) fn highlight(&self) -> String {
        super::filter::Query::parse(&self.filter, &[])
            .highlight()
            .to_string()
    }
}

/// Case-insensitive substring match; an empty needle matches everything.
pub(crate) fn filter_matches(needle: &str, haystack: &str) -> bool {
    if needle.is_empty() {
        return true;
    }
    if needle.is_ascii() && haystack.is_ascii() {
        let n = needle.as_bytes();
        return haystack
            .as_bytes()
            .windows(n.len())
            .any(|w| w.eq_ignore_ascii_case(n));
    }
    haystack.to_lowercase().contains(&needle.to_lowercase())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn selection_stays_visible_and_in_bounds() {
        let mut nav = TableNav::default();
        nav.move_by(5, 3, 10);
        assert_eq!(nav.selected, 2);
        nav.move_by(-10, 3, 10);
        assert_eq!(nav.selected, 0);
        nav.move_by(25, 100, 10);
        assert_eq!((nav.selected, nav.offset), (25, 16));
        nav.move_by(-20, 100, 10);
        assert_eq!((nav.selected, nav.offset), (5, 5));
        nav.scroll_into_view(3, 10);
        assert_eq!((nav.selected, nav.offset), (2, 0));
    }

    #[test]
    fn filter_is_case_insensitive() {
        assert!(filter_matches("API", "web-api"));
        assert!(filter_matches("", "anything"));
        assert!(!filter_matches("worker", "web-api"));
        assert!(filter_matches("é", "café"));
    }
}
