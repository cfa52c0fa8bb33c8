//! Turns an untrusted log message into text that is safe to draw.
//!
//! Log messages come from whatever the containers print, so they may hold
//! terminal escape sequences that move the cursor, set the window title, write
//! the clipboard (OSC 52), or hide text. Nothing of the input reaches the
//! terminal as a control: the bytes go through a VT parser ([`vte`]) and only
//! printable characters come out. SGR colour sequences (`ESC [ … m`) are not
//! passed through either: they are parsed into ratatui [`Style`]s.
//!
//! What is removed or neutralised:
//! - C0 controls (TAB becomes spaces to the next tab stop, LF becomes `↵`),
//!   DEL, C1 controls (U+0080–U+009F), lone ESC;
//! - CSI sequences other than SGR, OSC strings (title, clipboard, hyperlinks —
//!   the link text itself is kept), DCS, SOS, PM and APC strings;
//! - every character off the crate's allow-list ([`crate::text::sanitize`](mod@crate::text::sanitize)):
//!   format characters (bidi embeddings, overrides, isolates, LRM/RLM/ALM,
//!   U+FFF9–FFFB, tag characters…), line/paragraph separators, private use
//!   and unassigned code points; combining marks past 4 per base character;
//! - invalid UTF-8 (becomes U+FFFD).
//!
//! Lines longer than [`MAX_LINE_BYTES`] are cut, with a visible marker.

use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};

use crate::text::sanitize::Filter;

/// Raw bytes of one message kept for display; the rest is cut with a marker.
pub const MAX_LINE_BYTES: usize = 16 * 1024;

/// Columns between tab stops when a TAB is expanded to spaces.
pub(crate) const TAB_WIDTH: usize = 4;

/// A sanitised log message: plain, printable text plus style runs.
///
/// `runs` holds `(start byte, style)` pairs in increasing order; each style
/// applies from its start to the next run's start (or the end of the text).
/// Text before the first run (and the whole text when `runs` is empty) has
/// the default style. Plain lines, the common case, carry no runs at all.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SanitizedLine {
    text: String,
    runs: Vec<(usize, Style)>,
    truncated_bytes: usize,
}

impl SanitizedLine {
    /// The printable text (no control characters, no escapes).
    pub fn text(&self) -> &str {
        &self.text
    }

    /// Style runs: `(start byte in text, style)`, in order.
    pub(crate) fn runs(&self) -> &[(usize, Style)] {
        &self.runs
    }

    /// How many raw bytes were cut off the end (0 when not truncated).
    pub fn truncated_bytes(&self) -> usize {
        self.truncated_bytes
    }

    /// Whether any SGR style was applied.
    pub fn is_styled(&self) -> bool {
        !self.runs.is_empty()
    }

    /// The text split into `(text, style)` segments.
    pub fn segments(&self) -> Vec<(&str, Style)> {
        let mut out = Vec::with_capacity(self.runs.len() + 1);
        let first = self.runs.first().map_or(self.text.len(), |r| r.0);
        if first > 0 {
            out.push((&self.text[..first], Style::default()));
        }
        for (i, (start, style)) in self.runs.iter().enumerate() {
            let end = self.runs.get(i + 1).map_or(self.text.len(), |r| r.0);
            if end > *start {
                out.push((&self.text[*start..end], *style));
            }
        }
        out
    }

    /// The line as an owned ratatui [`Line`].
    pub fn to_line(&self) -> Line<'static> {
        Line::from(
            self.segments()
                .into_iter()
                .map(|(t, s)| Span::styled(t.to_owned(), s))
                .collect::<Vec<_>>(),
        )
    }

    /// Approximate heap bytes held by this line.
    pub(crate) fn heap_bytes(&self) -> usize {
        self.text.capacity() + self.runs.capacity() * std::mem::size_of::<(usize, Style)>()
    }
}

/// Sanitises a message given as text. See [`sanitize`].
pub fn sanitize_str(raw: &str) -> SanitizedLine {
    sanitize(raw.as_bytes())
}

/// Sanitises one raw log message (any bytes) into printable text with styles.
pub fn sanitize(raw: &[u8]) -> SanitizedLine {
    let (kept, truncated_bytes) = if raw.len() > MAX_LINE_BYTES {
        (&raw[..MAX_LINE_BYTES], raw.len() - MAX_LINE_BYTES)
    } else {
        (raw, 0)
    };
    // Decode first so the parser never sees invalid or partial UTF-8 (a
    // sequence cut by truncation also becomes U+FFFD).
    let decoded = String::from_utf8_lossy(kept);
    let mut performer = Performer {
        text: String::with_capacity(decoded.len()),
        runs: Vec::new(),
        style: Style::default(),
        column: 0,
        filter: Filter::new(),
    };
    let mut parser = vte::Parser::new();
    parser.advance(&mut performer, decoded.as_bytes());
    let mut line = SanitizedLine {
        text: performer.text,
        runs: performer.runs,
        truncated_bytes,
    };
    if truncated_bytes > 0 {
        let start = line.text.len();
        line.text.push_str(&format!(
            " … [truncated {} bytes]",
            group_thousands(truncated_bytes as u64)
        ));
        line.runs.push((
            start,
            Style::default().add_modifier(Modifier::DIM | Modifier::ITALIC),
        ));
    }
    // Drop a trailing run that styles nothing and collapse a lone default run.
    if line.runs.last().is_some_and(|r| r.0 >= line.text.len()) {
        line.runs.pop();
    }
    if line.runs.iter().all(|r| r.1 == Style::default()) {
        line.runs.clear();
    }
    line.text.shrink_to_fit();
    line.runs.shrink_to_fit();
    line
}

/// `48213` → `48,213`.
pub(crate) fn group_thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// Whether `c` must never reach the terminal: it is off the allow-list.
pub(crate) fn is_unsafe_char(c: char) -> bool {
    !crate::text::sanitize::is_allowed(c)
}

struct Performer {
    text: String,
    runs: Vec<(usize, Style)>,
    style: Style,
    column: usize,
    filter: Filter,
}

impl Performer {
    /// Appends `c` if the allow-list keeps it (with a ZWJ it held back).
    fn push(&mut self, c: char) {
        let start = self.text.len();
        self.filter.push(c, &mut self.text);
        for kept in self.text[start..].chars() {
            self.column += unicode_width::UnicodeWidthChar::width(kept).unwrap_or(0);
        }
    }

    fn set_style(&mut self, style: Style) {
        if style == self.style {
            return;
        }
        self.style = style;
        let at = self.text.len();
        match self.runs.last_mut() {
            Some(last) if last.0 == at => last.1 = style,
            _ => self.runs.push((at, style)),
        }
    }

    fn apply_sgr(&mut self, params: &vte::Params) {
        let mut style = self.style;
        let mut iter = params.iter();
        // `ESC [ m` means reset.
        if params.is_empty() {
            self.set_style(Style::default());
            return;
        }
        while let Some(param) = iter.next() {
            let code = param.first().copied().unwrap_or(0);
            match code {
                0 => style = Style::default(),
                1 => style = style.add_modifier(Modifier::BOLD),
                2 => style = style.add_modifier(Modifier::DIM),
                3 => style = style.add_modifier(Modifier::ITALIC),
                4 => style = style.add_modifier(Modifier::UNDERLINED),
                // Blink (5, 6) and conceal (8) are ignored on purpose: hidden
                // text must stay readable and blinking helps no one at 3 am.
                7 => style = style.add_modifier(Modifier::REVERSED),
                9 => style = style.add_modifier(Modifier::CROSSED_OUT),
                21 | 22 => style = style.remove_modifier(Modifier::BOLD | Modifier::DIM),
                23 => style = style.remove_modifier(Modifier::ITALIC),
                24 => style = style.remove_modifier(Modifier::UNDERLINED),
                27 => style = style.remove_modifier(Modifier::REVERSED),
                29 => style = style.remove_modifier(Modifier::CROSSED_OUT),
                30..=37 => style.fg = Some(Color::Indexed((code - 30) as u8)),
                39 => style.fg = None,
                40..=47 => style.bg = Some(Color::Indexed((code - 40) as u8)),
                49 => style.bg = None,
                90..=97 => style.fg = Some(Color::Indexed((code - 90 + 8) as u8)),
                100..=107 => style.bg = Some(Color::Indexed((code - 100 + 8) as u8)),
                38 | 48 => {
                    let color = if param.len() > 1 {
                        // Colon form: 38:5:n or 38:2:[cs]:r:g:b.
                        extended_color(&param[1..])
                    } else {
                        // Semicolon form: the following parameters.
                        let mode = iter.next().and_then(|p| p.first().copied());
                        match mode {
                            Some(5) => iter
                                .next()
                                .and_then(|p| p.first().copied())
                                .map(|n| Color::Indexed(n.min(255) as u8)),
                            Some(2) => {
                                let r = iter.next().and_then(|p| p.first().copied());
                                let g = iter.next().and_then(|p| p.first().copied());
                                let b = iter.next().and_then(|p| p.first().copied());
                                match (r, g, b) {
                                    (Some(r), Some(g), Some(b)) => Some(rgb(r, g, b)),
                                    _ => None,
                                }
                            }
                            _ => None,
                        }
                    };
                    if let Some(color) = color {
                        if code == 38 {
                            style.fg = Some(color);
                        } else {
                            style.bg = Some(color);
                        }
                    }
                }
                _ => {}
            }
        }
        self.set_style(style);
    }
}

fn rgb(r: u16, g: u16, b: u16) -> Color {
    Color::Rgb(r.min(255) as u8, g.min(255) as u8, b.min(255) as u8)
}

/// Colon-form extended colour after the `38`/`48`: `[5, n]` or `[2, (cs,) r, g, b]`.
fn extended_color(sub: &[u16]) -> Option<Color> {
    match sub {
        [5, n, ..] => Some(Color::Indexed((*n).min(255) as u8)),
        [2, _cs, r, g, b, ..] => Some(rgb(*r, *g, *b)),
        [2, r, g, b] => Some(rgb(*r, *g, *b)),
        _ => None,
    }
}

impl vte::Perform for Performer {
    fn print(&mut self, c: char) {
        self.push(c);
    }

    fn execute(&mut self, byte: u8) {
        match byte {
            b'\t' => {
                let spaces = TAB_WIDTH - self.column % TAB_WIDTH;
                for _ in 0..spaces {
                    self.push(' ');
                }
            }
            b'\n' => self.push('↵'),
            // Every other C0/C1 control is dropped.
            _ => {}
        }
    }

    fn csi_dispatch(
        &mut self,
        params: &vte::Params,
        intermediates: &[u8],
        ignore: bool,
        action: char,
    ) {
        // Only SGR is interpreted; cursor moves, erases, modes... are dropped.
        if action == 'm' && intermediates.is_empty() && !ignore {
            self.apply_sgr(params);
        }
    }

    // OSC, DCS (hook/put/unhook), SOS/PM/APC and other escapes use the
    // default no-op implementations: their content is discarded.
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_text_has_no_runs() {
        let l = sanitize_str("hello world");
        assert_eq!(l.text(), "hello world");
        assert!(!l.is_styled());
    }

    #[test]
    fn thousands() {
        assert_eq!(group_thousands(0), "0");
        assert_eq!(group_thousands(999), "999");
        assert_eq!(group_thousands(48213), "48,213");
        assert_eq!(group_thousands(1234567), "1,234,567");
    }
}
