//! The log pipeline behind the live log tail.
//!
//! - [`sanitize`]: untrusted message bytes → printable text with styles.
//! - [`ring`]: bounded buffer that counts evictions.
//! - [`dedupe`]: event-id deduplication with bounded memory.
//! - [`tail`]: the tokio task that live-tails or polls and sends [`tail::TailEvent`]s.
//!
//! Wiring: the app spawns [`tail::spawn_tail`] with a bounded channel and
//! feeds each received [`tail::TailEvent`] to the view's state
//! ([`crate::state::log_view::LogView::apply`]); `ui::views::logs` draws it.

pub(crate) mod dedupe;
pub mod ring;
pub mod sanitize;
pub mod tail;
