//! A shared corpus of hostile strings, for tests (unit and integration) that
//! push them through every field and every output channel.
//!
//! Each entry has a name (for assertion messages) and the text. Every entry
//! starts with `x` and ends with `z` around the hostile part, so a test can
//! check that the visible text around it survives.

/// ESC ] 0 ; TITLE BEL: sets the terminal's window title.
pub const OSC_TITLE: &str = "x\u{1b}]0;TITLE\u{7}z";
/// C1 CSI (U+009B) followed by an SGR.
pub const C1_CSI: &str = "x\u{9b}31mz";
/// U+202E RIGHT-TO-LEFT OVERRIDE.
pub const RLO: &str = "x\u{202E}gnp.exez";

/// Every entry of the corpus but the 1 MB line ([`one_megabyte_line`]).
pub fn all() -> Vec<(&'static str, String)> {
    let marks = format!("x{}z", "\u{0301}".repeat(200));
    let lossy = String::from_utf8_lossy(b"x\xed\xa0\x80z").into_owned();
    vec![
        (
            "C0 controls",
            "x\u{0}\u{7}\u{8}\t\n\r\u{b}\u{c}\u{1b}\u{7f}z".into(),
        ),
        (
            "C1 controls",
            "x\u{80}\u{85}\u{8d}\u{90}\u{9b}\u{9c}\u{9d}\u{9f}z".into(),
        ),
        ("C1 CSI", C1_CSI.into()),
        ("CSI clear screen", "x\u{1b}[2J\u{1b}[Hz".into()),
        ("CSI cursor moves", "x\u{1b}[10;10H\u{1b}[5Az".into()),
        ("OSC title", OSC_TITLE.into()),
        ("OSC title ST", "x\u{1b}]2;TITLE\u{1b}\\z".into()),
        (
            "OSC 8 link",
            "x\u{1b}]8;;https://evil.example/\u{7}click\u{1b}]8;;\u{7}z".into(),
        ),
        ("OSC 52 clipboard", "x\u{1b}]52;c;cm0gLXJmIH4=\u{7}z".into()),
        ("DCS", "x\u{1b}P1$qm\u{1b}\\z".into()),
        ("APC", "x\u{1b}_payload\u{1b}\\z".into()),
        ("PM", "x\u{1b}^payload\u{1b}\\z".into()),
        ("SOS", "x\u{1b}Xpayload\u{1b}\\z".into()),
        ("bidi override RLO", RLO.into()),
        (
            "bidi overrides",
            "x\u{202A}\u{202B}\u{202C}\u{202D}\u{202E}z".into(),
        ),
        ("bidi isolates", "x\u{2066}\u{2067}\u{2068}\u{2069}z".into()),
        ("LRM RLM ALM", "x\u{200E}\u{200F}\u{061C}z".into()),
        (
            "interlinear annotation",
            "x\u{FFF9}\u{FFFA}\u{FFFB}z".into(),
        ),
        (
            "tag characters",
            "x\u{E0001}\u{E0041}\u{E0042}\u{E007F}z".into(),
        ),
        ("line and paragraph separators", "x\u{2028}\u{2029}z".into()),
        (
            "zero width and soft hyphen",
            "x\u{200B}\u{200C}\u{2060}\u{FEFF}\u{AD}z".into(),
        ),
        ("private use", "x\u{E000}\u{F8FF}\u{F0000}z".into()),
        ("noncharacters", "x\u{FFFE}\u{FFFF}\u{10FFFF}z".into()),
        ("200 combining marks", marks),
        ("lone surrogate, lossy", lossy),
    ]
}

/// A 1 MB line of text with escapes and overrides spread through it.
#[cfg(test)]
pub(crate) fn one_megabyte_line() -> String {
    let unit = "abcdefgh\u{1b}[31m\u{202E}\u{7}";
    let mut s = String::with_capacity(1 << 20);
    s.push('x');
    while s.len() + unit.len() < (1 << 20) {
        s.push_str(unit);
    }
    s.push('z');
    s
}
