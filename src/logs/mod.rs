//! The log pipeline behind the live log tail.
//!
//! - [`sanitize`]: untrusted message bytes → printable text with styles.
//! - [`ring`]: bounded buffer that counts evictions.
//! - [`dedupe`]: event-id deduplication with bounded memory.
//! - [`tail`]: the tokio task that live-tails or polls and sends [`tail::TailEvent`]s.
//! - [`view`]: the log view state and its pure render function.
//!
//! Wiring: the app spawns [`tail::spawn_tail`] with a bounded channel, feeds
//! each received [`tail::TailEvent`] to [`view::LogView::apply`], and calls
//! [`view::render`] from its draw function.

pub mod dedupe;
pub mod ring;
pub mod sanitize;
pub mod tail;
pub mod view;
