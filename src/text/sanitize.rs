//! The allow-list for untrusted text, by Unicode general category.
//!
//! Everything an AWS account holds (names, tags, event messages, stop
//! reasons, alarm descriptions, log lines) is written by someone other than
//! the operator. Before such text reaches a terminal, a clipboard or a file
//! it goes through [`Filter`], which keeps a character only when its general
//! category is allowed:
//!
//! - dropped: `Cc` (C0/C1 controls, so no escape sequence can start), `Cf`
//!   (bidi overrides, isolates, LRM/RLM/ALM, U+FFF9–FFFB, tag characters,
//!   soft hyphen, ZWNJ…), `Zl`, `Zp`, `Co` (private use), `Cn` (unassigned
//!   and noncharacters), `Cs`;
//! - ZERO WIDTH JOINER (a `Cf`) is kept only inside an emoji sequence: after
//!   an emoji (and its marks) and before another emoji;
//! - combining marks (`Mn`, `Mc`, `Me`) are capped at [`MAX_MARKS`] per base
//!   character, so "Zalgo" text cannot paint over the rows around it.
//!
//! The filter is idempotent: its output passes through it unchanged.

use std::borrow::Cow;

use unicode_properties::{GeneralCategory as Gc, UnicodeEmoji, UnicodeGeneralCategory};

/// Combining marks kept after one base character; the rest are dropped.
pub const MAX_MARKS: usize = 4;

const ZWJ: char = '\u{200D}';

/// Whether `c`'s general category is on the allow-list (ZWJ aside, which
/// [`Filter`] keeps only between emoji).
pub fn is_allowed(c: char) -> bool {
    !is_dropped(c.general_category())
}

/// The categories the allow-list leaves out.
fn is_dropped(gc: Gc) -> bool {
    matches!(
        gc,
        Gc::Control
            | Gc::Format
            | Gc::LineSeparator
            | Gc::ParagraphSeparator
            | Gc::PrivateUse
            | Gc::Unassigned
            | Gc::Surrogate
    )
}

/// Whether `c` is a combining mark (`Mn`, `Mc`, `Me`).
pub fn is_mark(c: char) -> bool {
    is_mark_category(c.general_category())
}

fn is_mark_category(gc: Gc) -> bool {
    matches!(gc, Gc::NonspacingMark | Gc::SpacingMark | Gc::EnclosingMark)
}

/// An emoji that may be joined by ZWJ (ASCII digits, `#` and `*` have the
/// Emoji property too, but never form ZWJ sequences).
fn is_emoji(c: char) -> bool {
    !c.is_ascii() && c.is_emoji_char()
}

/// The streaming form of the allow-list: feed characters in order, get the
/// allowed ones out. Used by [`sanitize`] and by the log view's VT parser.
#[derive(Debug, Default, Clone)]
pub(crate) struct Filter {
    /// Combining marks kept since the last base character.
    marks: usize,
    /// The last base character kept was an emoji.
    after_emoji: bool,
    /// A ZWJ seen after an emoji, kept if an emoji follows.
    pending_zwj: bool,
}

impl Filter {
    /// A filter at the start of a text.
    pub(crate) fn new() -> Self {
        Self::default()
    }

    /// Feeds one character; appends what is kept to `out`.
    pub(crate) fn push(&mut self, c: char, out: &mut String) {
        if matches!(c, ' '..='~') {
            // Printable ASCII, most of any text: a base, never an emoji.
            *self = Self::default();
            out.push(c);
            return;
        }
        if c == ZWJ {
            self.pending_zwj = self.after_emoji;
            return;
        }
        if !is_allowed(c) {
            // Dropped characters do not end a run of marks: "a" followed by
            // 200 × (mark, RLM) still keeps only MAX_MARKS marks.
            self.pending_zwj = false;
            return;
        }
        if is_mark(c) {
            self.pending_zwj = false;
            if self.marks < MAX_MARKS {
                self.marks += 1;
                out.push(c);
            }
            return;
        }
        let emoji = is_emoji(c);
        if self.pending_zwj && emoji {
            out.push(ZWJ);
        }
        self.pending_zwj = false;
        self.marks = 0;
        self.after_emoji = emoji;
        out.push(c);
    }

    /// A line break kept by [`sanitize_lines`]: a new base, no joins across it.
    fn push_newline(&mut self, out: &mut String) {
        *self = Self::default();
        out.push('\n');
    }
}

/// Printable ASCII needs no work: every such character is allowed.
fn is_plain_ascii(s: &str) -> bool {
    s.bytes().all(|b| (0x20..0x7f).contains(&b))
}

/// A character the filter passes through whatever surrounds it: allowed and
/// not a combining mark (so no cap applies; ZWJ is a format character).
fn is_plain(c: char) -> bool {
    matches!(c, ' '..='~') || {
        // One category look-up for both questions.
        let gc = c.general_category();
        !is_dropped(gc) && !is_mark_category(gc)
    }
}

/// Sanitises one line of untrusted text: only allowed characters remain
/// (line breaks and tabs are controls, so they go too).
pub(crate) fn sanitize(s: &str) -> Cow<'_, str> {
    // Most text (names, box drawing, symbols) needs no copy.
    if is_plain_ascii(s) || s.chars().all(is_plain) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len());
    let mut filter = Filter::new();
    for c in s.chars() {
        filter.push(c, &mut out);
    }
    if out == s {
        Cow::Borrowed(s)
    } else {
        Cow::Owned(out)
    }
}

/// Sanitises a block of text made of lines: like [`sanitize`], but `\n`
/// is kept (a `\r` before it, or anywhere, is dropped).
pub(crate) fn sanitize_lines(s: &str) -> Cow<'_, str> {
    if s.chars().all(|c| c == '\n' || is_plain(c)) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len());
    let mut filter = Filter::new();
    for c in s.chars() {
        if c == '\n' {
            filter.push_newline(&mut out);
        } else {
            filter.push(c, &mut out);
        }
    }
    if out == s {
        Cow::Borrowed(s)
    } else {
        Cow::Owned(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::corpus;
    use proptest::prelude::*;

    /// Every character of `s` is allowed, ZWJ sits between emoji, and no
    /// base carries more than MAX_MARKS marks.
    fn holds_only_allowed(s: &str) -> Result<(), String> {
        let chars: Vec<char> = s.chars().collect();
        let mut marks = 0;
        for (i, &c) in chars.iter().enumerate() {
            if c == ZWJ {
                let before = chars[..i].iter().rev().find(|&&p| !is_mark(p));
                let after = chars.get(i + 1);
                if !(before.is_some_and(|&b| is_emoji(b)) && after.is_some_and(|&a| is_emoji(a))) {
                    return Err(format!("ZWJ outside an emoji sequence at {i} in {s:?}"));
                }
                continue;
            }
            if !is_allowed(c) {
                return Err(format!("U+{:04X} at {i} in {s:?}", c as u32));
            }
            if is_mark(c) {
                marks += 1;
                if marks > MAX_MARKS {
                    return Err(format!("{marks} marks at {i}"));
                }
            } else {
                marks = 0;
            }
        }
        Ok(())
    }

    fn any_text() -> impl Strategy<Value = String> {
        let pieces = prop_oneof![
            any::<char>().prop_map(String::from),
            Just("\u{200D}".to_string()),
            Just("\u{0301}".to_string()),
            Just("\u{FE0F}".to_string()),
            Just("👩".to_string()),
            Just("\u{202E}".to_string()),
            Just("\u{1b}]0;x\u{7}".to_string()),
            "[a-z ]{0,4}",
        ];
        proptest::collection::vec(pieces, 0..40).prop_map(|v| v.concat())
    }

    proptest! {
        #[test]
        fn output_holds_only_allowed_characters(s in any_text()) {
            let once = sanitize(&s);
            prop_assert!(holds_only_allowed(&once).is_ok(), "{:?}", holds_only_allowed(&once));
            let lines = sanitize_lines(&s);
            for line in lines.split('\n') {
                prop_assert!(holds_only_allowed(line).is_ok(), "{:?}", holds_only_allowed(line));
            }
        }

        #[test]
        fn sanitising_is_idempotent(s in any_text()) {
            let once = sanitize(&s).into_owned();
            let twice = sanitize(&once).into_owned();
            prop_assert_eq!(twice, once);
            let lines = sanitize_lines(&s).into_owned();
            let lines_twice = sanitize_lines(&lines).into_owned();
            prop_assert_eq!(lines_twice, lines);
        }
    }

    #[test]
    fn every_hostile_string_comes_out_clean() {
        for (name, s) in corpus::all() {
            let out = sanitize(&s);
            assert!(
                holds_only_allowed(&out).is_ok(),
                "{name}: {:?}",
                holds_only_allowed(&out)
            );
            assert!(!out.contains('\u{1b}') && !out.contains('\u{7}'), "{name}");
        }
    }

    #[test]
    fn terminal_escapes_lose_their_introducer() {
        assert_eq!(sanitize("svc\u{1b}]0;TITLE\u{7}"), "svc]0;TITLE");
        assert_eq!(sanitize("a\u{9b}31mb"), "a31mb");
    }

    #[test]
    fn format_characters_are_dropped() {
        for c in [
            '\u{202E}',
            '\u{2066}',
            '\u{2069}',
            '\u{200E}',
            '\u{200F}',
            '\u{061C}',
            '\u{FFF9}',
            '\u{FFFA}',
            '\u{FFFB}',
            '\u{E0041}',
            '\u{2028}',
            '\u{2029}',
            '\u{E000}',
            '\u{FFFF}',
        ] {
            assert_eq!(sanitize(&format!("a{c}b")), "ab", "U+{:04X}", c as u32);
        }
    }

    #[test]
    fn combining_marks_are_capped_per_base() {
        let zalgo = format!("e{}x", "\u{0301}".repeat(200));
        assert_eq!(
            sanitize(&zalgo),
            format!("e{}x", "\u{0301}".repeat(MAX_MARKS))
        );
        // Accents people write survive.
        assert_eq!(sanitize("café naïve"), "café naïve");
        assert_eq!(sanitize("e\u{0301}"), "e\u{0301}");
    }

    #[test]
    fn zwj_is_kept_in_emoji_sequences_only() {
        let family = "👩\u{200D}👩\u{200D}👧";
        assert_eq!(sanitize(family), family);
        let heart = "❤\u{FE0F}\u{200D}🔥";
        assert_eq!(sanitize(heart), heart);
        assert_eq!(sanitize("a\u{200D}b"), "ab");
        assert_eq!(sanitize("👩\u{200D}b"), "👩b");
        assert_eq!(sanitize("\u{200D}👩"), "👩");
    }

    #[test]
    fn plain_text_is_borrowed() {
        assert!(matches!(sanitize("api-service"), Cow::Borrowed(_)));
        assert!(matches!(sanitize("日本語"), Cow::Borrowed(_)));
        assert!(matches!(sanitize_lines("a\nb"), Cow::Borrowed(_)));
    }

    #[test]
    fn lines_keep_line_breaks_but_not_carriage_returns() {
        assert_eq!(sanitize_lines("a\r\nb\u{202E}\n"), "a\nb\n");
        assert_eq!(sanitize("a\nb\tc"), "abc");
    }
}
