//! ecsdeck: a terminal operations console for Amazon ECS.
//!
//! See `docs/architecture.md` for the shape: one owner of state ([`app`]),
//! pure rendering ([`ui`]), one data-source seam ([`source`]) with an AWS and a
//! simulated implementation, and actions as data ([`action`], [`keymap`]).

#![deny(clippy::unwrap_used, clippy::expect_used)]

pub(crate) mod action;
pub mod app;
pub mod audit;
pub mod budget;
pub(crate) mod chaos;
pub mod cli;
pub mod commands;
pub mod config;
pub(crate) mod console_url;
pub(crate) mod diff;
pub mod event;
pub(crate) mod exec;
pub(crate) mod fetch;
pub mod fleet;
pub(crate) mod jsonl_tail;
pub mod keymap;
pub mod logging;
pub mod logs;
pub mod model;
pub mod ops;
pub mod output;
pub(crate) mod palette;
pub(crate) mod paths;
pub mod poll;
pub mod runbook;
pub(crate) mod secrets;
pub mod source;
pub mod state;
pub(crate) mod state_files;
pub mod text;
pub mod theme;
pub(crate) mod timeline;
pub mod tui;
pub mod ui;
pub(crate) mod view;
pub mod watch;

#[cfg(test)]
pub(crate) mod fixtures;
