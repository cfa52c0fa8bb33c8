//! The app: the pure [`update`] function and the event loop that drives it.

mod actions;
mod clipboard;
mod logs;
mod reveal;
mod runbooks;
mod runtime;
mod update;

pub use runtime::{RunOptions, execute_op, run};
pub use update::{
    Command, on_action, run_palette, set_status, switch_cluster, update, wanted_fetches,
};

#[cfg(test)]
mod tests;
#[cfg(test)]
mod tests_actions;
#[cfg(test)]
mod tests_runtime;
#[cfg(test)]
mod tests_trust;
