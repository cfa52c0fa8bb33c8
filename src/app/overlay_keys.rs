//! Keys while an overlay is open.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use crate::app::dispatch::run_palette;
use crate::app::navigation::switch_cluster;
use crate::app::{Command, set_status};
use crate::palette;
use crate::state::{Level, Overlay, State};

pub(super) fn on_overlay_key(state: &mut State, overlay: Overlay, key: KeyEvent) -> Vec<Command> {
    match overlay {
        Overlay::Help { scroll } => {
            let scroll = match key.code {
                KeyCode::Esc | KeyCode::Char('q') | KeyCode::Char('?') => return Vec::new(),
                KeyCode::Down | KeyCode::Char('j') => scroll + 1,
                KeyCode::Up | KeyCode::Char('k') => scroll.saturating_sub(1),
                KeyCode::PageDown => scroll + 10,
                KeyCode::PageUp => scroll.saturating_sub(10),
                _ => scroll,
            };
            state.overlay = Some(Overlay::Help { scroll });
        }
        Overlay::Describe {
            title,
            mut text,
            scroll,
            mut other,
            mut revealed,
        } => {
            if super::reveal::is_reveal_key(state, key) {
                revealed = super::reveal::toggle(state, &mut text, &mut other, revealed);
            }
            let lines = text.lines().count();
            let scroll = match key.code {
                KeyCode::Esc | KeyCode::Char('q') | KeyCode::Char('d') => {
                    if revealed {
                        set_status(state, Level::Info, "secrets masked again".into());
                    }
                    return Vec::new();
                }
                KeyCode::Char('y') => {
                    state.overlay = Some(Overlay::Describe {
                        title,
                        text: text.clone(),
                        scroll,
                        other,
                        revealed,
                    });
                    set_status(state, Level::Success, "copied the JSON".into());
                    return vec![Command::Copy(text)];
                }
                KeyCode::Down | KeyCode::Char('j') => (scroll + 1).min(lines.saturating_sub(1)),
                KeyCode::Up | KeyCode::Char('k') => scroll.saturating_sub(1),
                KeyCode::PageDown => (scroll + 20).min(lines.saturating_sub(1)),
                KeyCode::PageUp => scroll.saturating_sub(20),
                KeyCode::Char('g') => 0,
                KeyCode::Char('G') => lines.saturating_sub(1),
                _ => scroll,
            };
            state.overlay = Some(Overlay::Describe {
                title,
                text,
                scroll,
                other,
                revealed,
            });
        }
        Overlay::Confirm(c) => state.overlay = Some(Overlay::Confirm(c)),
        Overlay::Prompt { kind, mut input } => match key.code {
            KeyCode::Esc => {}
            KeyCode::Enter => return super::logs::on_prompt(state, kind, input.text),
            KeyCode::Backspace => {
                input.text.pop();
                state.overlay = Some(Overlay::Prompt { kind, input });
            }
            KeyCode::Char('u') if key.modifiers.contains(KeyModifiers::CONTROL) => {
                input.text.clear();
                state.overlay = Some(Overlay::Prompt { kind, input });
            }
            KeyCode::Char(c)
                if !key.modifiers.contains(KeyModifiers::CONTROL) && input.text.len() < 1024 =>
            {
                input.text.push(c);
                state.overlay = Some(Overlay::Prompt { kind, input });
            }
            _ => state.overlay = Some(Overlay::Prompt { kind, input }),
        },
        Overlay::ClusterPicker { selected } => {
            let names: Vec<String> = state
                .clusters
                .data
                .iter()
                .flatten()
                .map(|c| c.name.clone())
                .collect();
            let last = names.len().saturating_sub(1);
            match key.code {
                KeyCode::Esc | KeyCode::Char('q') => {}
                KeyCode::Enter => {
                    if let Some(name) = names.get(selected) {
                        return switch_cluster(state, name.clone());
                    }
                }
                KeyCode::Down | KeyCode::Char('j') => {
                    state.overlay = Some(Overlay::ClusterPicker {
                        selected: (selected + 1).min(last),
                    })
                }
                KeyCode::Up | KeyCode::Char('k') => {
                    state.overlay = Some(Overlay::ClusterPicker {
                        selected: selected.saturating_sub(1),
                    })
                }
                _ => state.overlay = Some(Overlay::ClusterPicker { selected }),
            }
        }
        Overlay::Palette {
            mut input,
            mut selected,
        } => {
            let clusters: Vec<String> = state
                .clusters
                .data
                .iter()
                .flatten()
                .map(|c| c.name.clone())
                .collect();
            let completions = palette::complete(&input.text, &clusters);
            match key.code {
                KeyCode::Esc => return Vec::new(),
                KeyCode::Enter => {
                    let line = if palette::parse(&input.text).is_err() {
                        completions.get(selected).cloned().unwrap_or(input.text)
                    } else {
                        input.text
                    };
                    return run_palette(state, &line);
                }
                KeyCode::Tab => {
                    if let Some(c) = completions.get(selected) {
                        input.text = c.clone();
                        if palette::ENTRIES.iter().any(|e| e.takes_arg && e.name == c) {
                            input.text.push(' ');
                        }
                        selected = 0;
                    }
                }
                KeyCode::Down => selected = (selected + 1).min(completions.len().saturating_sub(1)),
                KeyCode::Up => selected = selected.saturating_sub(1),
                KeyCode::Backspace => {
                    input.text.pop();
                    selected = 0;
                }
                KeyCode::Char('u') if key.modifiers.contains(KeyModifiers::CONTROL) => {
                    input.text.clear();
                    selected = 0;
                }
                KeyCode::Char(c) if !key.modifiers.contains(KeyModifiers::CONTROL) => {
                    input.text.push(c);
                    selected = 0;
                }
                _ => {}
            }
            state.overlay = Some(Overlay::Palette { input, selected });
        }
    }
    Vec::new()
}
