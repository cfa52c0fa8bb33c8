//! The keymap: `(context, key) → Action`, as data.
//!
//! Each binding carries a description and a `dangerous` flag. The footer hints
//! and the help overlay are generated from this table; read-only mode drops the
//! dangerous bindings; config files may rebind keys by action name.

use std::fmt;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use crate::action::Action;

/// Where a binding applies. Resolution goes overlay → view → global.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum KeyContext {
    /// Everywhere, unless a more specific binding takes the key.
    Global,
    /// Any table view (selection movement, filter).
    Table,
    /// The services view.
    Services,
    /// A service's detail view.
    ServiceDetail,
    /// Views with a service in context (services, detail).
    ServiceActions,
    /// Views with a task selected (detail, tasks).
    TaskActions,
    /// The revisions view.
    Revisions,
    /// The diff view.
    Diff,
    /// The timeline view.
    Timeline,
    /// The runbooks list.
    Runbooks,
    /// The alarms view.
    Alarms,
    /// While the runbook panel is open.
    RunbookPanel,
    /// The log tail.
    Logs,
    /// The describe overlay (`d`).
    Describe,
    /// The help overlay (`?`).
    Help,
    /// The command palette (`:`); plain characters are typed, never resolved.
    Palette,
    /// The cluster picker (`c`).
    ClusterPicker,
    /// A one-line prompt (log search, log filter); plain characters are typed.
    Prompt,
    /// The confirm dialog's last step (send or cancel).
    Confirm,
    /// The confirm dialog's entry steps (desired count, protected service name);
    /// plain characters are typed.
    ConfirmInput,
    /// A table's filter line while it is edited; plain characters are typed.
    Filter,
}

impl KeyContext {
    /// A label for the help overlay.
    pub fn label(self) -> &'static str {
        match self {
            KeyContext::Global => "Global",
            KeyContext::Table => "Tables",
            KeyContext::Services => "Services",
            KeyContext::ServiceDetail => "Service detail",
            KeyContext::ServiceActions => "Service",
            KeyContext::TaskActions => "Task",
            KeyContext::Revisions => "Revisions",
            KeyContext::Diff => "Diff",
            KeyContext::Timeline => "Timeline",
            KeyContext::Runbooks => "Runbooks",
            KeyContext::Alarms => "Alarms",
            KeyContext::RunbookPanel => "Runbook panel",
            KeyContext::Logs => "Logs",
            KeyContext::Describe => "Describe",
            KeyContext::Help => "Help",
            KeyContext::Palette => "Command palette",
            KeyContext::ClusterPicker => "Cluster picker",
            KeyContext::Prompt => "Prompt",
            KeyContext::Confirm => "Confirm",
            KeyContext::ConfirmInput => "Confirm entry",
            KeyContext::Filter => "Filter line",
        }
    }

    /// Whether plain characters are text in this context (typed, not resolved).
    pub fn takes_text(self) -> bool {
        matches!(
            self,
            KeyContext::Palette
                | KeyContext::Prompt
                | KeyContext::ConfirmInput
                | KeyContext::Filter
        )
    }
}

/// A key with its modifiers, comparable and printable (`ctrl-c`, `R`, `enter`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct KeyCombo {
    /// The key.
    pub code: KeyCode,
    /// Ctrl / Alt (Shift is folded into the character for letters).
    pub mods: KeyModifiers,
}

impl KeyCombo {
    /// A key without modifiers.
    pub const fn plain(code: KeyCode) -> Self {
        Self {
            code,
            mods: KeyModifiers::NONE,
        }
    }

    /// A character key.
    pub const fn ch(c: char) -> Self {
        Self::plain(KeyCode::Char(c))
    }

    /// Ctrl + a character.
    pub const fn ctrl(c: char) -> Self {
        Self {
            code: KeyCode::Char(c),
            mods: KeyModifiers::CONTROL,
        }
    }

    /// Normalises a terminal key event (drops Shift, which is already in the character).
    pub fn from_event(ev: &KeyEvent) -> Self {
        let mods = ev.modifiers & (KeyModifiers::CONTROL | KeyModifiers::ALT);
        Self {
            code: ev.code,
            mods,
        }
    }

    /// Parses `ctrl-c`, `alt-x`, `enter`, `esc`, `up`, `pgdn`, `space`, `?`, `R`.
    pub fn parse(s: &str) -> Result<Self, String> {
        let mut mods = KeyModifiers::NONE;
        let mut rest = s;
        loop {
            if let Some(r) = rest.strip_prefix("ctrl-") {
                mods |= KeyModifiers::CONTROL;
                rest = r;
            } else if let Some(r) = rest.strip_prefix("alt-") {
                mods |= KeyModifiers::ALT;
                rest = r;
            } else {
                break;
            }
        }
        let code = match rest {
            "enter" => KeyCode::Enter,
            "esc" => KeyCode::Esc,
            "tab" => KeyCode::Tab,
            "backtab" => KeyCode::BackTab,
            "backspace" => KeyCode::Backspace,
            "up" => KeyCode::Up,
            "down" => KeyCode::Down,
            "left" => KeyCode::Left,
            "right" => KeyCode::Right,
            "home" => KeyCode::Home,
            "end" => KeyCode::End,
            "pgup" => KeyCode::PageUp,
            "pgdn" => KeyCode::PageDown,
            "space" => KeyCode::Char(' '),
            one if one.chars().count() == 1 => match one.chars().next() {
                Some(c) => KeyCode::Char(c),
                None => return Err(format!("unknown key {s:?}")),
            },
            _ => return Err(format!("unknown key {s:?}")),
        };
        Ok(Self { code, mods })
    }
}

impl fmt::Display for KeyCombo {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.mods.contains(KeyModifiers::CONTROL) {
            f.write_str("ctrl-")?;
        }
        if self.mods.contains(KeyModifiers::ALT) {
            f.write_str("alt-")?;
        }
        match self.code {
            KeyCode::Enter => f.write_str("enter"),
            KeyCode::Esc => f.write_str("esc"),
            KeyCode::Tab => f.write_str("tab"),
            KeyCode::BackTab => f.write_str("backtab"),
            KeyCode::Backspace => f.write_str("backspace"),
            KeyCode::Up => f.write_str("↑"),
            KeyCode::Down => f.write_str("↓"),
            KeyCode::Left => f.write_str("←"),
            KeyCode::Right => f.write_str("→"),
            KeyCode::Home => f.write_str("home"),
            KeyCode::End => f.write_str("end"),
            KeyCode::PageUp => f.write_str("pgup"),
            KeyCode::PageDown => f.write_str("pgdn"),
            KeyCode::Char(' ') => f.write_str("space"),
            KeyCode::Char(c) => write!(f, "{c}"),
            other => write!(f, "{other:?}"),
        }
    }
}

/// One binding of the keymap.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Binding {
    /// Where it applies.
    pub context: KeyContext,
    /// Keys that trigger it; the first one is shown in hints.
    pub keys: Vec<KeyCombo>,
    /// What it does.
    pub action: Action,
    /// One line for help and hints.
    pub description: &'static str,
    /// Whether it changes AWS (hidden and refused in read-only mode).
    pub dangerous: bool,
    /// Whether the footer shows it.
    pub hint: bool,
}

/// Contexts that are active at the same time in some view (mirrors
/// `State::key_contexts`: the view's own context, the service and task
/// actions where a service or task is in context, tables except the log tail,
/// global keys, and the runbook panel when it is open).
pub(crate) const ACTIVE_TOGETHER: &[&[KeyContext]] = {
    use KeyContext as C;
    &[
        &[
            C::RunbookPanel,
            C::Services,
            C::ServiceActions,
            C::Table,
            C::Global,
        ],
        &[
            C::RunbookPanel,
            C::ServiceDetail,
            C::ServiceActions,
            C::TaskActions,
            C::Table,
            C::Global,
        ],
        &[C::RunbookPanel, C::TaskActions, C::Table, C::Global],
        &[C::RunbookPanel, C::Revisions, C::Table, C::Global],
        &[C::RunbookPanel, C::Diff, C::Table, C::Global],
        &[C::RunbookPanel, C::Timeline, C::Table, C::Global],
        &[C::RunbookPanel, C::Runbooks, C::Table, C::Global],
        &[C::RunbookPanel, C::Alarms, C::Table, C::Global],
        &[C::RunbookPanel, C::Logs, C::Global],
        // An open overlay takes every key: its context is resolved alone.
        &[C::Describe],
        &[C::Help],
        &[C::Palette],
        &[C::ClusterPicker],
        &[C::Prompt],
        &[C::Confirm],
        &[C::ConfirmInput],
        &[C::Filter],
    ]
};

/// One key bound to two actions that are active together.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Collision {
    /// The key.
    pub key: KeyCombo,
    /// One binding: its context and action.
    pub first: (KeyContext, Action),
    /// The other.
    pub second: (KeyContext, Action),
}

/// The whole keymap.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Keymap {
    bindings: Vec<Binding>,
    /// Dangerous bindings removed by read-only mode, kept so that pressing
    /// one can be answered with a refusal instead of silence.
    withheld: Vec<Binding>,
}

fn b(
    context: KeyContext,
    keys: &[KeyCombo],
    action: Action,
    description: &'static str,
    hint: bool,
) -> Binding {
    Binding {
        context,
        keys: keys.to_vec(),
        action,
        description,
        dangerous: false,
        hint,
    }
}

impl Keymap {
    /// The built-in keymap.
    #[rustfmt::skip]
    pub fn defaults() -> Self {
        use KeyCode as K;
        use KeyContext as C;
        let p = KeyCombo::plain;
        let ch = KeyCombo::ch;
        let ctrl = KeyCombo::ctrl;
        let bindings = vec![
            b(C::Global, &[ch('q'), ctrl('c')], Action::Quit, "quit", true),
            b(C::Global, &[p(K::Esc)], Action::Back, "back / close", true),
            b(C::Global, &[ch('?')], Action::Help, "help", true),
            b(C::Global, &[ch(':')], Action::Palette, "command palette", true),
            b(C::Global, &[ch('c')], Action::Clusters, "pick cluster", false),
            b(C::Global, &[ctrl('r')], Action::Refresh, "refresh now", false),
            b(C::Global, &[ch('D')], Action::ToggleDebug, "API call counts", false),
            b(C::Table, &[ch('k'), p(K::Up)], Action::Up, "up", false),
            b(C::Table, &[ch('j'), p(K::Down)], Action::Down, "down", false),
            b(C::Table, &[p(K::PageUp), ctrl('b')], Action::PageUp, "page up", false),
            b(C::Table, &[p(K::PageDown), ctrl('f')], Action::PageDown, "page down", false),
            b(C::Table, &[ch('g'), p(K::Home)], Action::Top, "first row", false),
            b(C::Table, &[ch('G'), p(K::End)], Action::Bottom, "last row", false),
            b(C::Table, &[ch('/')], Action::Filter, "filter", true),
            b(C::Table, &[ch('d')], Action::Describe, "describe (JSON)", false),
            b(C::Table, &[ch('y')], Action::CopyArn, "copy ARN", false),
            b(C::Table, &[ch('O')], Action::ConsoleLink, "AWS console link", false),
            b(C::Logs, &[ch('O')], Action::ConsoleLink, "AWS console link", false),
            b(C::Services, &[p(K::Enter)], Action::Open, "open service", true),
            b(C::ServiceActions, &[ch('e')], Action::ShowEvents, "events", true),
            b(C::ServiceActions, &[ch('o')], Action::ShowDeployments, "deployments", true),
            b(C::ServiceActions, &[ch('T')], Action::ShowTargetGroups, "target groups", true),
            b(C::ServiceActions, &[ch('m')], Action::ShowMetrics, "metrics", true),
            b(C::ServiceActions, &[ch('a')], Action::ShowAlarms, "alarms", false),
            b(C::ServiceActions, &[ch('v')], Action::ShowRevisions, "revisions", true),
            b(C::Revisions, &[ch(' ')], Action::MarkRevision, "mark for diff", true),
            b(C::Revisions, &[p(K::Enter)], Action::DiffRevisions, "diff vs marked/running", true),
            b(C::Diff, &[ch('u')], Action::ToggleReveal, "show/mask secrets", true),
            b(C::Describe, &[ch('u')], Action::ToggleReveal, "show/mask secrets", true),
            b(C::Timeline, &[ch('e')], Action::ExportTimeline, "export as Markdown", true),
            b(C::ServiceActions, &[ch('l')], Action::ShowLogs, "logs", true),
            b(C::TaskActions, &[ch('L')], Action::ShowTaskLogs, "logs of the task", true),
            b(C::Logs, &[ch(' ')], Action::LogFollow, "follow / pause", true),
            b(C::Logs, &[ch('k'), p(K::Up)], Action::LogUp, "scroll up", false),
            b(C::Logs, &[ch('j'), p(K::Down)], Action::LogDown, "scroll down", false),
            b(C::Logs, &[p(K::PageUp), ctrl('b')], Action::LogPageUp, "page up", false),
            b(C::Logs, &[p(K::PageDown), ctrl('f')], Action::LogPageDown, "page down", false),
            b(C::Logs, &[ch('g'), p(K::Home)], Action::LogTop, "oldest line", false),
            b(C::Logs, &[ch('G'), p(K::End)], Action::LogBottom, "newest line (follow)", false),
            b(C::Logs, &[ch('/')], Action::LogSearch, "search", true),
            b(C::Logs, &[ch('n')], Action::LogNextMatch, "next match", true),
            b(C::Logs, &[ch('N')], Action::LogPrevMatch, "previous match", false),
            b(C::Logs, &[ch('f')], Action::LogFilter, "server-side filter", true),
            b(C::Logs, &[ch('E')], Action::LogNextError, "next error", true),
            b(C::Logs, &[ch('w')], Action::LogWrap, "wrap", true),
            b(C::Logs, &[ch('t')], Action::LogTimestamps, "timestamps", true),
            b(C::ServiceActions, &[ch('b')], Action::OpenRunbook, "runbook", true),
            b(C::Alarms, &[ch('b')], Action::OpenRunbook, "runbook for alarm", true),
            b(C::Runbooks, &[p(K::Enter), ch('b')], Action::OpenRunbook, "open runbook", true),
            b(C::RunbookPanel, &[ch('B')], Action::CloseRunbook, "close runbook", true),
            b(C::RunbookPanel, &[ch(']')], Action::RunbookDown, "scroll runbook", true),
            b(C::RunbookPanel, &[ch('[')], Action::RunbookUp, "scroll runbook up", false),
            b(C::RunbookPanel, &[ch('1')], Action::RunbookStep(1), "run the runbook's action 1 (…9)", true),
            b(C::RunbookPanel, &[ch('2')], Action::RunbookStep(2), "runbook action 2", false),
            b(C::RunbookPanel, &[ch('3')], Action::RunbookStep(3), "runbook action 3", false),
            b(C::RunbookPanel, &[ch('4')], Action::RunbookStep(4), "runbook action 4", false),
            b(C::RunbookPanel, &[ch('5')], Action::RunbookStep(5), "runbook action 5", false),
            b(C::RunbookPanel, &[ch('6')], Action::RunbookStep(6), "runbook action 6", false),
            b(C::RunbookPanel, &[ch('7')], Action::RunbookStep(7), "runbook action 7", false),
            b(C::RunbookPanel, &[ch('8')], Action::RunbookStep(8), "runbook action 8", false),
            b(C::RunbookPanel, &[ch('9')], Action::RunbookStep(9), "runbook action 9", false),
            b(C::ServiceActions, &[ch('r')], Action::Redeploy, "redeploy", true),
            b(C::ServiceActions, &[ch('s')], Action::Scale, "scale", true),
            b(C::ServiceActions, &[ch('R')], Action::Rollback, "rollback", true),
            b(C::TaskActions, &[ch('x')], Action::StopTask, "stop task (chaos)", true),
            b(C::TaskActions, &[ch('S')], Action::Exec, "shell (ECS Exec)", true),
            b(C::Revisions, &[ch('R')], Action::RollbackToSelected, "roll back to selected", true),
            // Overlays (their titles and key lines are generated from these).
            b(C::Describe, &[ch('y')], Action::CopyArn, "copy the JSON", false),
            b(C::Describe, &[p(K::Esc), ch('q'), ch('d')], Action::Close, "close", false),
            b(C::Describe, &[ch('j'), p(K::Down)], Action::Down, "scroll down", false),
            b(C::Describe, &[ch('k'), p(K::Up)], Action::Up, "scroll up", false),
            b(C::Describe, &[p(K::PageDown)], Action::PageDown, "page down", false),
            b(C::Describe, &[p(K::PageUp)], Action::PageUp, "page up", false),
            b(C::Describe, &[ch('g')], Action::Top, "first line", false),
            b(C::Describe, &[ch('G')], Action::Bottom, "last line", false),
            b(C::Help, &[p(K::Esc), ch('q'), ch('?')], Action::Close, "close", false),
            b(C::Help, &[ch('j'), p(K::Down)], Action::Down, "scroll down", false),
            b(C::Help, &[ch('k'), p(K::Up)], Action::Up, "scroll up", false),
            b(C::Help, &[p(K::PageDown)], Action::PageDown, "page down", false),
            b(C::Help, &[p(K::PageUp)], Action::PageUp, "page up", false),
            b(C::ClusterPicker, &[p(K::Enter)], Action::Accept, "selects", true),
            b(C::ClusterPicker, &[p(K::Esc), ch('q')], Action::Close, "closes", true),
            b(C::ClusterPicker, &[ch('j'), p(K::Down)], Action::Down, "down", false),
            b(C::ClusterPicker, &[ch('k'), p(K::Up)], Action::Up, "up", false),
            b(C::Palette, &[p(K::Tab)], Action::Complete, "completes", true),
            b(C::Palette, &[p(K::Enter)], Action::Accept, "runs", true),
            b(C::Palette, &[p(K::Esc)], Action::Close, "cancels", false),
            b(C::Palette, &[p(K::Down)], Action::Down, "next completion", false),
            b(C::Palette, &[p(K::Up)], Action::Up, "previous completion", false),
            b(C::Prompt, &[p(K::Enter)], Action::Accept, "applies", true),
            b(C::Prompt, &[p(K::Esc)], Action::Close, "cancels", true),
            b(C::ConfirmInput, &[p(K::Enter)], Action::Accept, "next / send", true),
            b(C::ConfirmInput, &[p(K::Esc)], Action::Close, "cancel", true),
            b(C::Confirm, &[ch('y'), p(K::Enter), ch('Y')], Action::Accept, "send", true),
            b(C::Confirm, &[ch('n'), p(K::Esc), ch('N'), ch('q')], Action::Close, "cancel", true),
            b(C::Filter, &[p(K::Enter)], Action::Accept, "keep", true),
            b(C::Filter, &[p(K::Esc)], Action::Close, "clear", true),
        ];
        let bindings = bindings
            .into_iter()
            .map(|mut b| {
                b.dangerous = b.action.is_dangerous();
                b
            })
            .collect();
        Self {
            bindings,
            withheld: Vec::new(),
        }
    }

    /// Removes dangerous bindings (read-only mode); they no longer resolve,
    /// show in hints or help, but [`Keymap::resolve_withheld`] still knows them.
    pub fn without_dangerous(mut self) -> Self {
        let (dangerous, safe) = self.bindings.into_iter().partition(|b| b.dangerous);
        self.bindings = safe;
        self.withheld.extend::<Vec<Binding>>(dangerous);
        self
    }

    /// Rebinds `action` (in every context it appears) to `keys`.
    pub fn rebind(&mut self, action: Action, keys: Vec<KeyCombo>) -> bool {
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
    pub fn resolve(&self, contexts: &[KeyContext], key: KeyCombo) -> Option<Action> {
        contexts.iter().find_map(|ctx| {
            self.bindings
                .iter()
                .find(|b| b.context == *ctx && b.keys.contains(&key))
                .map(|b| b.action)
        })
    }

    /// The action a key would have had before read-only mode withheld it
    /// (`None` when the key is unbound or has a live binding).
    pub fn resolve_withheld(&self, contexts: &[KeyContext], key: KeyCombo) -> Option<Action> {
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
    pub fn bindings_for<'a>(
        &'a self,
        contexts: &'a [KeyContext],
    ) -> impl Iterator<Item = &'a Binding> + 'a {
        contexts
            .iter()
            .flat_map(move |ctx| self.bindings.iter().filter(move |b| b.context == *ctx))
    }

    /// Every binding.
    pub fn bindings(&self) -> &[Binding] {
        &self.bindings
    }

    /// Resolves a key in an overlay's context alone (the overlay takes every
    /// key). In a context that takes text, a plain character is text: `None`.
    pub fn resolve_overlay(&self, context: KeyContext, key: KeyCombo) -> Option<Action> {
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
    pub fn keys_of(&self, context: KeyContext, action: Action, max: usize) -> String {
        self.key_list(context, action, max).join("/")
    }

    /// The first `max` keys of `action` in `context`, printed.
    pub fn key_list(&self, context: KeyContext, action: Action, max: usize) -> Vec<String> {
        self.bindings
            .iter()
            .find(|b| b.context == context && b.action == action)
            .map(|b| b.keys.iter().take(max).map(ToString::to_string).collect())
            .unwrap_or_default()
    }

    /// The hints of a context as `key description` items (first key only),
    /// in table order: an overlay's title line.
    pub fn hints(&self, context: KeyContext) -> Vec<String> {
        self.bindings
            .iter()
            .filter(|b| b.context == context && b.hint)
            .filter_map(|b| Some(format!("{} {}", b.keys.first()?, b.description)))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn view_binding_wins_over_global() {
        let km = Keymap::defaults();
        let ctx = [KeyContext::Services, KeyContext::Table, KeyContext::Global];
        assert_eq!(km.resolve(&ctx, KeyCombo::ch('q')), Some(Action::Quit));
        assert_eq!(km.resolve(&ctx, KeyCombo::ch('j')), Some(Action::Down));
        assert_eq!(
            km.resolve(&ctx, KeyCombo::plain(KeyCode::Enter)),
            Some(Action::Open)
        );
        assert_eq!(km.resolve(&[KeyContext::Global], KeyCombo::ch('j')), None);
    }

    #[test]
    fn keys_parse_and_print() {
        for s in [
            "ctrl-c", "enter", "esc", "q", "R", "?", "space", "pgdn", "alt-x",
        ] {
            let k = KeyCombo::parse(s).expect(s);
            let printed = k.to_string();
            assert_eq!(KeyCombo::parse(&printed).ok(), Some(k), "{s} -> {printed}");
        }
        assert!(KeyCombo::parse("hyper-q").is_err());
    }

    #[test]
    fn read_only_drops_every_dangerous_binding() {
        let km = Keymap::defaults();
        assert!(km.bindings().iter().any(|b| b.dangerous));
        let ro = km.without_dangerous();
        assert!(
            ro.bindings()
                .iter()
                .all(|b| !b.dangerous && !b.action.is_dangerous())
        );
        let ctx = [
            KeyContext::ServiceActions,
            KeyContext::TaskActions,
            KeyContext::Revisions,
        ];
        for k in ['r', 's', 'R', 'x'] {
            assert_eq!(ro.resolve(&ctx, KeyCombo::ch(k)), None, "{k}");
        }
    }

    #[test]
    fn read_only_still_recognises_withheld_keys() {
        let ro = Keymap::defaults().without_dangerous();
        let ctx = [
            KeyContext::TaskActions,
            KeyContext::Table,
            KeyContext::Global,
        ];
        assert_eq!(
            ro.resolve_withheld(&ctx, KeyCombo::ch('x')),
            Some(Action::StopTask)
        );
        // Live bindings and unbound keys are not "withheld".
        assert_eq!(ro.resolve_withheld(&ctx, KeyCombo::ch('j')), None);
        assert_eq!(ro.resolve_withheld(&ctx, KeyCombo::ch('%')), None);
        assert_eq!(
            Keymap::defaults().resolve_withheld(&ctx, KeyCombo::ch('x')),
            None
        );
    }

    #[test]
    fn defaults_have_no_collisions() {
        assert_eq!(Keymap::defaults().collisions(), vec![]);
    }

    #[test]
    fn a_rebind_onto_a_navigation_key_collides() {
        let mut km = Keymap::defaults();
        km.rebind(Action::Scale, vec![KeyCombo::ch('j')]);
        let c = km.collisions();
        assert_eq!(c.len(), 1, "{c:?}");
        assert_eq!(c[0].key, KeyCombo::ch('j'));
        let actions = [c[0].first.1, c[0].second.1];
        assert!(actions.contains(&Action::Scale) && actions.contains(&Action::Down));
        // The same key in views that are never active together is fine.
        let mut km = Keymap::defaults();
        km.rebind(Action::LogWrap, vec![KeyCombo::ch('e')]);
        assert_eq!(km.collisions(), vec![]);
    }

    #[test]
    fn every_overlay_has_a_close_key_and_text_contexts_type_characters() {
        let km = Keymap::defaults();
        use KeyContext as C;
        for ctx in [
            C::Describe,
            C::Help,
            C::Palette,
            C::ClusterPicker,
            C::Prompt,
            C::Confirm,
            C::ConfirmInput,
            C::Filter,
        ] {
            assert!(
                km.bindings_for(&[ctx]).any(|b| b.action == Action::Close),
                "{ctx:?} has no close key"
            );
            let q = km.resolve_overlay(ctx, KeyCombo::ch('q'));
            if ctx.takes_text() {
                assert_eq!(q, None, "{ctx:?}: q is typed");
            }
            assert_eq!(
                km.resolve_overlay(ctx, KeyCombo::plain(KeyCode::Esc)),
                Some(Action::Close),
                "{ctx:?}"
            );
        }
        assert_eq!(
            km.resolve_overlay(C::ClusterPicker, KeyCombo::ch('q')),
            Some(Action::Close)
        );
        assert_eq!(
            km.resolve_overlay(C::Palette, KeyCombo::plain(KeyCode::Tab)),
            Some(Action::Complete)
        );
        assert_eq!(km.keys_of(C::Confirm, Action::Accept, 2), "y/enter");
        assert_eq!(km.hints(C::ClusterPicker), ["enter selects", "esc closes"]);
    }

    #[test]
    fn an_overlay_rebind_that_hides_another_key_collides() {
        let mut km = Keymap::defaults();
        km.rebind(Action::Close, vec![KeyCombo::ch('u')]);
        let c = km.collisions();
        assert!(
            c.iter().any(|c| c.first.0 == KeyContext::Describe
                && c.key == KeyCombo::ch('u')
                && [c.first.1, c.second.1].contains(&Action::ToggleReveal)),
            "{c:?}"
        );
    }

    #[test]
    fn rebind_replaces_keys() {
        let mut km = Keymap::defaults();
        assert!(km.rebind(Action::Quit, vec![KeyCombo::ch('Q')]));
        assert_eq!(km.resolve(&[KeyContext::Global], KeyCombo::ch('q')), None);
        assert_eq!(
            km.resolve(&[KeyContext::Global], KeyCombo::ch('Q')),
            Some(Action::Quit)
        );
    }
}
