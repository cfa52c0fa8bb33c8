//! The keymap: `(context, key) → Action`, as data.
//!
//! Each binding carries a description and a `dangerous` flag. The footer hints
//! and the help overlay are generated from this table; read-only mode drops the
//! dangerous bindings; config files may rebind keys by action name.
//!
//! This file holds the data (contexts, bindings, the built-in table);
//! `combo` names and parses keys, `resolve` answers "what does this key do
//! here" and prints keys for hints.

mod combo;
mod resolve;

use crossterm::event::KeyCode;

use crate::action::Action;

pub(crate) use combo::KeyCombo;

/// Where a binding applies. Resolution goes overlay → view → global.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum KeyContext {
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
    /// The deployments view.
    Deployments,
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
    /// The fleet and promotion views.
    Fleet,
    /// While the runbook panel is open.
    RunbookPanel,
    /// The log tail.
    Logs,
    /// The home dashboard (moving between panes, zoom).
    Dashboard,
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
    /// Presenter mode (its task grid or its service picker).
    Presenter,
}

impl KeyContext {
    /// A label for the help overlay.
    pub(crate) fn label(self) -> &'static str {
        match self {
            KeyContext::Global => "Global",
            KeyContext::Table => "Tables",
            KeyContext::Services => "Services",
            KeyContext::ServiceDetail => "Service detail",
            KeyContext::ServiceActions => "Service",
            KeyContext::TaskActions => "Task",
            KeyContext::Deployments => "Deployments",
            KeyContext::Revisions => "Revisions",
            KeyContext::Diff => "Diff",
            KeyContext::Timeline => "Timeline",
            KeyContext::Runbooks => "Runbooks",
            KeyContext::Alarms => "Alarms",
            KeyContext::Fleet => "Fleet",
            KeyContext::RunbookPanel => "Runbook panel",
            KeyContext::Logs => "Logs",
            KeyContext::Dashboard => "Dashboard",
            KeyContext::Describe => "Describe",
            KeyContext::Help => "Help",
            KeyContext::Palette => "Command palette",
            KeyContext::ClusterPicker => "Cluster picker",
            KeyContext::Prompt => "Prompt",
            KeyContext::Confirm => "Confirm",
            KeyContext::ConfirmInput => "Confirm entry",
            KeyContext::Filter => "Filter line",
            KeyContext::Presenter => "Presenter mode",
        }
    }

    /// Whether plain characters are text in this context (typed, not resolved).
    pub(crate) fn takes_text(self) -> bool {
        matches!(
            self,
            KeyContext::Palette
                | KeyContext::Prompt
                | KeyContext::ConfirmInput
                | KeyContext::Filter
        )
    }
}

/// One binding of the keymap.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Binding {
    /// Where it applies.
    pub(crate) context: KeyContext,
    /// Keys that trigger it; the first one is shown in hints.
    pub(crate) keys: Vec<KeyCombo>,
    /// What it does.
    pub(crate) action: Action,
    /// One line for help and hints.
    pub(crate) description: &'static str,
    /// Whether it changes AWS (hidden and refused in read-only mode).
    pub(crate) dangerous: bool,
    /// Whether the footer shows it.
    pub(crate) hint: bool,
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
        &[C::RunbookPanel, C::Deployments, C::Table, C::Global],
        &[C::RunbookPanel, C::Revisions, C::Table, C::Global],
        &[C::RunbookPanel, C::Diff, C::Table, C::Global],
        &[C::RunbookPanel, C::Timeline, C::Table, C::Global],
        &[C::RunbookPanel, C::Runbooks, C::Table, C::Global],
        &[C::RunbookPanel, C::Alarms, C::Table, C::Global],
        &[C::RunbookPanel, C::Logs, C::Global],
        &[
            C::RunbookPanel,
            C::Dashboard,
            C::Services,
            C::ServiceActions,
            C::Table,
            C::Global,
        ],
        &[C::RunbookPanel, C::Dashboard, C::Table, C::Global],
        &[C::RunbookPanel, C::Dashboard, C::Logs, C::Global],
        // Presenter mode: its own keys and the global ones, nothing that shows secrets.
        &[C::Presenter, C::Global],
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
            b(C::Table, &[ch(',')], Action::SortNext, "sort by the next column", false),
            b(C::Table, &[ch('.')], Action::SortReverse, "reverse the sort", false),
            b(C::Table, &[ch('d')], Action::Describe, "describe (JSON)", false),
            b(C::Table, &[ch('y')], Action::CopyArn, "copy ARN", false),
            b(C::Table, &[ch('O')], Action::ConsoleLink, "AWS console link", false),
            b(C::Logs, &[ch('O')], Action::ConsoleLink, "AWS console link", false),
            b(C::Services, &[p(K::Enter)], Action::Open, "open service", true),
            b(C::Fleet, &[p(K::Enter)], Action::Open, "open cluster", true),
            b(C::ServiceActions, &[ch('e')], Action::ShowEvents, "events", true),
            b(C::ServiceActions, &[ch('o')], Action::ShowDeployments, "deployments", true),
            b(C::ServiceActions, &[ch('T')], Action::ShowTargetGroups, "target groups", true),
            b(C::ServiceActions, &[ch('m')], Action::ShowMetrics, "metrics", true),
            b(C::ServiceActions, &[ch('a')], Action::ShowAlarms, "alarms", false),
            b(C::ServiceActions, &[ch('v')], Action::ShowRevisions, "revisions", true),
            b(C::Deployments, &[p(K::Enter)], Action::Open, "open deployment", true),
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
            b(C::Dashboard, &[p(K::Tab)], Action::FocusNext, "next pane", true),
            b(C::Dashboard, &[p(K::BackTab)], Action::FocusPrev, "previous pane", false),
            b(C::Dashboard, &[ch('z')], Action::ZoomPane, "zoom pane", true),
            b(C::Dashboard, &[p(K::Enter)], Action::Open, "open the pane's view", false),
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
            b(C::Global, &[ch('P')], Action::Present, "presenter mode", false),
            b(C::Presenter, &[ch('P')], Action::Present, "leave presenter", true),
            b(C::Presenter, &[ch('x')], Action::StopTask, "kill task (chaos)", true),
            b(C::Presenter, &[p(K::Enter)], Action::Open, "present service", false),
            b(C::Presenter, &[ch('h'), p(K::Left)], Action::Left, "previous task", false),
            b(C::Presenter, &[ch('l'), p(K::Right)], Action::Right, "next task", false),
            b(C::Presenter, &[ch('k'), p(K::Up)], Action::Up, "task above", false),
            b(C::Presenter, &[ch('j'), p(K::Down)], Action::Down, "task below", false),
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
