//! Subcommands for pipelines and scripts.
