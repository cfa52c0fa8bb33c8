//! The app: the pure [`update`] function and the event loop that drives it.

mod actions;
mod clipboard;
mod exec;
mod logs;
mod pacer;
mod plan;
mod refresh;
mod reveal;
mod runbooks;
mod runtime;
mod source_switch;
mod update;

pub use pacer::{Pacer, expected_calls};
pub use plan::{SMALL_CLUSTER, SWEEP_MAX, SWEEP_PERIOD, wanted_fetches};
pub use runtime::{RunOptions, execute_op, run};
pub use update::{Command, on_action, run_palette, set_status, switch_cluster, update};

#[cfg(test)]
mod tests;
#[cfg(test)]
mod tests_actions;
#[cfg(test)]
mod tests_exec;
#[cfg(test)]
mod tests_plan;
#[cfg(test)]
mod tests_runtime;
#[cfg(test)]
mod tests_trust;
