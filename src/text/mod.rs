//! Text helpers on the ground floor: this module imports nothing from the
//! crate but itself, so every layer (model, sources, ui, commands) may use it.
//!
//! - [`sanitize`](mod@sanitize): the one allow-list for untrusted text (anything AWS hands
//!   us) before it leaves the program: TUI cells, stdout/stderr, clipboard,
//!   exported files.
//! - [`json`]: JSON whose strings hold only allowed characters; the rest is
//!   written as `\uXXXX` escapes, so the data survives a round trip.
//! - [`markdown`]: untrusted text as literal Markdown (the timeline export).
//! - [`corpus`]: hostile strings shared by unit and integration tests.
//! - [`width`]: display widths (cutting text to a number of columns).

pub mod corpus;
pub(crate) mod json;
pub(crate) mod markdown;
pub mod sanitize;
pub(crate) mod width;

pub(crate) use sanitize::{sanitize, sanitize_lines};
