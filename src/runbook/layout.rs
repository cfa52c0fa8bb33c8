//! The runbook panel's laid-out text, kept between frames: parsing and
//! wrapping a runbook costs time in proportion to its size, so it is done
//! once per runbook, width and style and reused until one of them changes.
//!
//! The cache is a memo behind a lock: [`LayoutCache::get`] takes `&self`, so
//! `ui::render(&State)` stays a function of the state (the same state always
//! draws the same frame); only the time it takes changes.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use ratatui::text::Text;

use super::{RenderOptions, Runbook, render_with};

/// What a layout depends on. The body is identified by its address and
/// length: runbooks are immutable once loaded, and a reload allocates anew.
#[derive(Debug, Clone, PartialEq)]
struct Key {
    id: String,
    body_addr: usize,
    body_len: usize,
    width: u16,
    opts: RenderOptions,
}

/// The last layout of the runbook panel.
#[derive(Debug, Default)]
pub struct LayoutCache {
    last: Mutex<Option<(Key, Arc<Text<'static>>)>>,
    computed: AtomicUsize,
}

impl Clone for LayoutCache {
    fn clone(&self) -> Self {
        let last = self.last.lock().map(|g| g.clone()).unwrap_or_default();
        Self {
            last: Mutex::new(last),
            computed: AtomicUsize::new(self.computed.load(Ordering::Relaxed)),
        }
    }
}

impl LayoutCache {
    /// The runbook laid out to `width` with `opts`, computed only when the
    /// runbook, the width or the styles differ from the last call.
    pub(crate) fn get(
        &self,
        runbook: &Runbook,
        width: u16,
        opts: &RenderOptions,
    ) -> Arc<Text<'static>> {
        let key = Key {
            id: runbook.id.clone(),
            body_addr: runbook.body.as_ptr() as usize,
            body_len: runbook.body.len(),
            width,
            opts: opts.clone(),
        };
        let Ok(mut last) = self.last.lock() else {
            // A panic while laying out poisoned the lock: lay out without caching.
            return Arc::new(render_with(runbook, width, opts));
        };
        if let Some((k, text)) = last.as_ref()
            && *k == key
        {
            return Arc::clone(text);
        }
        let text = Arc::new(render_with(runbook, width, opts));
        self.computed.fetch_add(1, Ordering::Relaxed);
        *last = Some((key, Arc::clone(&text)));
        text
    }

    /// How many layouts were computed (not served from the cache).
    pub fn computed(&self) -> usize {
        self.computed.load(Ordering::Relaxed)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_runbook_is_laid_out_once_per_width() {
        let books = crate::runbook::builtin();
        let opts = RenderOptions::default();
        let cache = LayoutCache::default();
        let first = cache.get(&books[0], 60, &opts);
        let again = cache.get(&books[0], 60, &opts);
        assert_eq!(cache.computed(), 1, "the second frame reuses the layout");
        assert!(Arc::ptr_eq(&first, &again));
        assert_eq!(*first, render_with(&books[0], 60, &opts));

        let narrow = cache.get(&books[0], 40, &opts);
        assert_eq!(cache.computed(), 2, "a new width lays out again");
        assert_eq!(*narrow, render_with(&books[0], 40, &opts));
        cache.get(&books[1], 40, &opts);
        assert_eq!(cache.computed(), 3, "another runbook lays out again");

        let mut edited = books[1].clone();
        edited.body.push_str("\n\nOne more step.\n");
        let text = cache.get(&edited, 40, &opts);
        assert_eq!(cache.computed(), 4, "changed text lays out again");
        assert_eq!(*text, render_with(&edited, 40, &opts));
    }
}
