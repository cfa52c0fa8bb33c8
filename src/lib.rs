//! ecsdeck: a terminal operations console for Amazon ECS.
//!
//! See `docs/architecture.md` for the shape: one owner of state ([`app`]),
//! pure rendering ([`ui`]), one data-source seam ([`source`]) with an AWS and a
//! simulated implementation, and actions as data ([`action`], [`keymap`]).

pub mod logs;
pub mod model;
pub mod source;
