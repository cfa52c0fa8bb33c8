//! The modal overlays above the screen and their inputs.

use super::Confirm;

/// A text input line (palette, filter, confirmations).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Input {
    /// Current text.
    pub(crate) text: String,
}

/// A modal overlay above the screen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Overlay {
    /// Key help generated from the keymap.
    Help {
        /// First visible line.
        scroll: usize,
    },
    /// The `:` command palette.
    Palette {
        /// What the user typed after `:`.
        input: Input,
        /// Selected completion.
        selected: usize,
    },
    /// The cluster picker.
    ClusterPicker {
        /// Selected row.
        selected: usize,
    },
    /// Confirmation of a dangerous action.
    Confirm(Box<Confirm>),
    /// A one-line prompt (log search, log filter pattern).
    Prompt {
        /// What the text is for.
        kind: PromptKind,
        /// The text.
        input: Input,
    },
    /// A resource as JSON.
    Describe {
        /// Title.
        title: String,
        /// Pretty JSON, secrets masked unless `revealed`.
        text: String,
        /// First visible line.
        scroll: usize,
        /// The other form of `text` when the resource holds secrets: the
        /// unmasked JSON while `text` is masked, the masked one after a reveal.
        other: Option<String>,
        /// Whether `text` is the unmasked form (the reveal key was pressed).
        revealed: bool,
    },
}

/// What a prompt is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PromptKind {
    /// Search the log buffer (highlight, n/N).
    LogSearch,
    /// CloudWatch filter pattern: restarts the tail server-side.
    LogFilter,
}

impl super::State {
    /// The palette's completions for `text`: command names, or after `cluster `,
    /// `profile ` or `region ` the clusters, profiles and regions known now.
    pub(crate) fn palette_completions(&self, text: &str) -> Vec<String> {
        let clusters: Vec<String> = self
            .clusters
            .data
            .iter()
            .flatten()
            .map(|c| c.name.clone())
            .collect();
        crate::palette::complete_in(
            text,
            &clusters,
            &self.switch_choices.profiles,
            &self.switch_choices.regions,
        )
    }
}
