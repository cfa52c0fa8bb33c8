//! ecsdeck: a terminal operations console for Amazon ECS.
//!
//! See `docs/architecture.md` for the shape: one owner of state ([`app`]),
//! pure rendering ([`ui`]), one data-source seam ([`source`]) with an AWS and a
//! simulated implementation, and actions as data ([`action`], [`keymap`]).

#![deny(clippy::unwrap_used, clippy::expect_used)]

pub mod action;
pub mod app;
pub mod audit;
pub mod budget;
pub mod chaos;
pub mod cli;
pub mod commands;
pub mod config;
pub(crate) mod console_url;
pub mod diff;
pub mod event;
pub mod exec;
pub mod fetch;
pub mod jsonl_tail;
pub mod keymap;
pub mod logging;
pub mod logs;
pub mod model;
pub mod ops;
pub mod output;
pub mod palette;
pub mod paths;
pub mod poll;
pub mod runbook;
pub mod secrets;
pub mod source;
pub mod state;
pub(crate) mod state_files;
pub mod text;
pub mod theme;
pub mod timeline;
pub mod tui;
pub mod ui;
pub mod view;
pub mod watch;

#[cfg(test)]
pub mod fixtures;
