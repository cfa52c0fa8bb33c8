//! The one theme: every colour and style the console draws with, read by
//! every view, the log view and the runbook renderer included. Every state is
//! also spelled out in text or a symbol, so the UI reads the same with
//! `NO_COLOR` ([`Theme::plain`]).
//!
//! A floor of its own (it imports nothing from the crate): `state` holds the
//! theme in force without reading it, `config` parses its overrides, `ui`
//! and `runbook` draw with it.

use ratatui::style::{Color, Modifier, Style};
use serde::Deserialize;

/// The styles the UI uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Theme {
    /// Header bar.
    pub(crate) header: Style,
    /// Table and block borders.
    pub(crate) border: Style,
    /// Titles.
    pub(crate) title: Style,
    /// Column headers.
    pub(crate) column: Style,
    /// The selected row.
    pub(crate) selected: Style,
    /// Good state (healthy, COMPLETED, OK).
    pub(crate) ok: Style,
    /// In-between state (IN_PROGRESS, initial, pending).
    pub(crate) warn: Style,
    /// Bad state (FAILED, unhealthy, ALARM, errors).
    pub(crate) bad: Style,
    /// Less important text (ages, ids).
    pub(crate) dim: Style,
    /// Keys in hints and help.
    pub(crate) key: Style,
    /// Filter match highlight.
    pub(crate) highlight: Style,
    /// Whether colours are drawn at all; without, the log view also drops
    /// the colours of the lines' own SGR escapes.
    pub(crate) colors: bool,
    /// Colours of the log view's source labels, one per task in turn.
    pub(crate) labels: [Color; 6],
    /// The log view's status line.
    pub(crate) status_bar: Style,
    /// A banner that must be seen: the log view's stopped-task header.
    pub(crate) alert: Style,
    /// The current line (the log view's search or error jump target).
    pub(crate) current: Style,
    /// Search hits in the log view.
    pub(crate) search_hit: Style,
    /// Inline code and code blocks (runbooks).
    pub(crate) code: Style,
    /// Console actions in a runbook (action links and blocks).
    pub(crate) action: Style,
    /// Ordinary links (runbooks).
    pub(crate) link: Style,
}

impl Theme {
    /// The default colour theme.
    pub fn colored() -> Self {
        Self {
            header: Style::new().fg(Color::Black).bg(Color::Cyan),
            border: Style::new().fg(Color::DarkGray),
            title: Style::new().fg(Color::Cyan).add_modifier(Modifier::BOLD),
            column: Style::new().fg(Color::Yellow).add_modifier(Modifier::BOLD),
            selected: Style::new()
                .bg(Color::Blue)
                .fg(Color::White)
                .add_modifier(Modifier::BOLD),
            ok: Style::new().fg(Color::Green),
            warn: Style::new().fg(Color::Yellow),
            bad: Style::new().fg(Color::Red).add_modifier(Modifier::BOLD),
            dim: Style::new().fg(Color::DarkGray),
            key: Style::new().fg(Color::Cyan).add_modifier(Modifier::BOLD),
            highlight: Style::new().fg(Color::Black).bg(Color::Yellow),
            colors: true,
            labels: [
                Color::Cyan,
                Color::Magenta,
                Color::Green,
                Color::Yellow,
                Color::Blue,
                Color::LightRed,
            ],
            status_bar: Style::new().bg(Color::DarkGray).fg(Color::White),
            alert: Style::new()
                .fg(Color::White)
                .bg(Color::Red)
                .add_modifier(Modifier::BOLD),
            current: Style::new().add_modifier(Modifier::BOLD | Modifier::UNDERLINED),
            search_hit: Style::new().bg(Color::Yellow).fg(Color::Black),
            code: Style::new().fg(Color::Yellow),
            action: Style::new().fg(Color::Magenta).add_modifier(Modifier::BOLD),
            link: Style::new()
                .fg(Color::Blue)
                .add_modifier(Modifier::UNDERLINED),
        }
    }

    /// No colours at all (`NO_COLOR`): selection by reverse video, emphasis by bold.
    pub fn plain() -> Self {
        let none = Style::new();
        Self {
            header: Style::new().add_modifier(Modifier::REVERSED),
            border: none,
            title: Style::new().add_modifier(Modifier::BOLD),
            column: Style::new().add_modifier(Modifier::BOLD),
            selected: Style::new().add_modifier(Modifier::REVERSED),
            ok: none,
            warn: none,
            bad: Style::new().add_modifier(Modifier::BOLD),
            dim: none,
            key: Style::new().add_modifier(Modifier::BOLD),
            highlight: Style::new().add_modifier(Modifier::REVERSED | Modifier::UNDERLINED),
            colors: false,
            labels: [Color::Reset; 6],
            status_bar: Style::new().add_modifier(Modifier::REVERSED),
            alert: Style::new().add_modifier(Modifier::BOLD | Modifier::REVERSED),
            current: Style::new().add_modifier(Modifier::BOLD | Modifier::UNDERLINED),
            search_hit: Style::new().add_modifier(Modifier::REVERSED),
            code: none,
            action: Style::new().add_modifier(Modifier::BOLD),
            link: Style::new().add_modifier(Modifier::UNDERLINED),
        }
    }

    /// Applies colour overrides from the config.
    pub fn with_overrides(mut self, o: &ThemeOverrides) -> Self {
        let set = |style: &mut Style, c: &Option<ConfigColor>| {
            if let Some(c) = c {
                *style = style.fg(c.0);
            }
        };
        set(&mut self.ok, &o.ok);
        set(&mut self.warn, &o.warn);
        set(&mut self.bad, &o.bad);
        set(&mut self.dim, &o.dim);
        set(&mut self.title, &o.title);
        set(&mut self.key, &o.key);
        if let Some(c) = &o.header_bg {
            self.header = self.header.bg(c.0);
        }
        if let Some(c) = &o.selected_bg {
            self.selected = self.selected.bg(c.0);
        }
        self
    }
}

/// A colour as written in the config: a name (`red`, `lightblue`), `#rrggbb`, or a 0-255 index.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct ConfigColor(pub Color);

impl<'de> Deserialize<'de> for ConfigColor {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        s.parse::<Color>().map(ConfigColor).map_err(|_| {
            serde::de::Error::custom(format!(
                "unknown colour {s:?} (use a name like \"red\", \"#rrggbb\" or 0-255)"
            ))
        })
    }
}

/// Theme overrides in the `[theme]` table of the config.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ThemeOverrides {
    /// Good states.
    pub(crate) ok: Option<ConfigColor>,
    /// In-between states.
    pub(crate) warn: Option<ConfigColor>,
    /// Bad states.
    pub(crate) bad: Option<ConfigColor>,
    /// Dim text.
    pub(crate) dim: Option<ConfigColor>,
    /// Titles.
    pub(crate) title: Option<ConfigColor>,
    /// Keys.
    pub(crate) key: Option<ConfigColor>,
    /// Header background.
    pub(crate) header_bg: Option<ConfigColor>,
    /// Selected row background.
    pub(crate) selected_bg: Option<ConfigColor>,
}
