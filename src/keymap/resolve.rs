//! Resolution: which action a key has in the active contexts, which keys
//! collide, rebinding, and the keys printed in hints and dialogs.

use crossterm::event::{KeyCode, KeyModifiers};

use super::{ACTIVE_TOGETHER, Binding, KeyCombo, KeyContext, Keymap};
use crate::action::Action;

/// One key bound to two actions that are active together.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Collision {
    /// The key.
    pub(crate) key: KeyCombo,
    /// One binding: its context and action.
    pub(crate) first: (KeyContext, Action),
    /// The other.
    pub(crate) second: (KeyContext, Action),
}

impl Keymap {
    /// Removes dangerous bindings (read-only mode); they no longer resolve,
    /// show in hints or help, but [`Keymap::resolve_withheld`] still knows them.
    pub fn without_dangerous(mut self) -> Self {
        let (dangerous, safe) = self.bindings.into_iter().partition(|b| b.dangerous);
        self.bindings = safe;
        self.withheld.extend::<Vec<Binding>>(dangerous);
        self
    }

    /// Rebinds `action` (in every context it appears) to `keys`.
    pub(crate) fn rebind(&mut self, action: Action, keys: Vec<KeyCombo>) -> bool {
        let mut found = false;
        let all = self.bindings.iter_mut().chain(self.withheld.iter_mut());
        for binding in all.filter(|b| b.action == action) {
            binding.keys = keys.clone();
            found = true;
        }
        found
    }

    /// Keys bound to two different actions in contexts that are active
    /// together (see [`ACTIVE_TOGETHER`]), where one binding would silently
    /// hide the other. Withheld (read-only) bindings count too.
    pub(crate) fn collisions(&self) -> Vec<Collision> {
        let all: Vec<&Binding> = self.bindings.iter().chain(self.withheld.iter()).collect();
        let mut found: Vec<Collision> = Vec::new();
        for group in ACTIVE_TOGETHER {
            let live: Vec<&&Binding> = all.iter().filter(|b| group.contains(&b.context)).collect();
            for (i, first) in live.iter().enumerate() {
                for second in &live[i + 1..] {
                    if first.action == second.action {
                        continue;
                    }
                    for key in first.keys.iter().filter(|k| second.keys.contains(k)) {
                        let c = Collision {
                            key: *key,
                            first: (first.context, first.action),
                            second: (second.context, second.action),
                        };
                        if !found.contains(&c) {
                            found.push(c);
                        }
                    }
                }
            }
        }
        found
    }

    /// Resolves a key: the first matching context in `contexts` wins.
    pub(crate) fn resolve(&self, contexts: &[KeyContext], key: KeyCombo) -> Option<Action> {
        contexts.iter().find_map(|ctx| {
            self.bindings
                .iter()
                .find(|b| b.context == *ctx && b.keys.contains(&key))
                .map(|b| b.action)
        })
    }

    /// The action a key would have had before read-only mode withheld it
    /// (`None` when the key is unbound or has a live binding).
    pub(crate) fn resolve_withheld(
        &self,
        contexts: &[KeyContext],
        key: KeyCombo,
    ) -> Option<Action> {
        if self.resolve(contexts, key).is_some() {
            return None;
        }
        contexts.iter().find_map(|ctx| {
            self.withheld
                .iter()
                .find(|b| b.context == *ctx && b.keys.contains(&key))
                .map(|b| b.action)
        })
    }

    /// Bindings of the given contexts, in table order (for help and hints).
    pub(crate) fn bindings_for<'a>(
        &'a self,
        contexts: &'a [KeyContext],
    ) -> impl Iterator<Item = &'a Binding> + 'a {
        contexts
            .iter()
            .flat_map(move |ctx| self.bindings.iter().filter(move |b| b.context == *ctx))
    }

    /// Every binding.
    pub(crate) fn bindings(&self) -> &[Binding] {
        &self.bindings
    }

    /// Resolves a key in an overlay's context alone (the overlay takes every
    /// key). In a context that takes text, a plain character is text: `None`.
    pub(crate) fn resolve_overlay(&self, context: KeyContext, key: KeyCombo) -> Option<Action> {
        let typed = matches!(key.code, KeyCode::Char(_))
            && !key
                .mods
                .intersects(KeyModifiers::CONTROL | KeyModifiers::ALT);
        if context.takes_text() && typed {
            return None;
        }
        self.resolve(&[context], key)
    }

    /// The first `max` keys of `action` in `context`, joined by `/` (`y/enter`),
    /// for a dialog's own key line; empty when the action is unbound there.
    pub(crate) fn keys_of(&self, context: KeyContext, action: Action, max: usize) -> String {
        self.key_list(context, action, max).join("/")
    }

    /// The first `max` keys of `action` in `context`, printed.
    pub(crate) fn key_list(&self, context: KeyContext, action: Action, max: usize) -> Vec<String> {
        self.bindings
            .iter()
            .find(|b| b.context == context && b.action == action)
            .map(|b| b.keys.iter().take(max).map(ToString::to_string).collect())
            .unwrap_or_default()
    }

    /// The hints of a context as `key description` items (first key only),
    /// in table order: an overlay's title line.
    pub(crate) fn hints(&self, context: KeyContext) -> Vec<String> {
        self.bindings
            .iter()
            .filter(|b| b.context == context && b.hint)
            .filter_map(|b| Some(format!("{} {}", b.keys.first()?, b.description)))
            .collect()
    }
}
