//! Sanitiser tests: every escape kind, SGR colour mapping, and properties over
//! arbitrary bytes.

use ecsdeck::logs::sanitize::{MAX_LINE_BYTES, sanitize, sanitize_str};
use proptest::prelude::*;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Color, Modifier, Style};
use ratatui::widgets::{Paragraph, Widget};

fn text(raw: &str) -> String {
    sanitize_str(raw).text().to_owned()
}

#[test]
fn c0_controls_are_dropped_and_tab_expands() {
    assert_eq!(text("a\x00b\x07c\x08d\rE"), "abcdE");
    assert_eq!(text("ab\tc"), "ab  c");
    assert_eq!(text("\tx"), "    x");
    assert_eq!(text("one\ntwo"), "one↵two");
}

#[test]
fn del_and_c1_controls_are_dropped() {
    assert_eq!(text("a\x7fb"), "ab");
    assert_eq!(text("a\u{85}b\u{9b}2Jc\u{9d}0;x"), "ab2Jc0;x");
    // Raw (non-UTF-8) C1 bytes become U+FFFD, never controls.
    let l = sanitize(b"a\x9b2Jb");
    assert!(!l.text().chars().any(char::is_control));
}

#[test]
fn csi_sequences_are_removed() {
    assert_eq!(
        text("a\x1b[2Jb\x1b[Hc\x1b[10;20Hd\x1b[?1049he\x1b[Kf"),
        "abcdef"
    );
    assert_eq!(text("x\x1b[6ny"), "xy");
}

#[test]
fn osc_title_clipboard_and_hyperlinks_are_removed() {
    assert_eq!(text("a\x1b]0;evil title\x07b"), "ab");
    assert_eq!(text("a\x1b]52;c;ZXZpbA==\x1b\\b"), "ab");
    assert_eq!(
        text("see \x1b]8;;https://evil.example/\x1b\\the docs\x1b]8;;\x1b\\ now"),
        "see the docs now"
    );
}

#[test]
fn dcs_sos_pm_apc_strings_are_removed() {
    assert_eq!(text("a\x1bPq#0;2;0;0;0\x1b\\b"), "ab");
    assert_eq!(text("a\x1bXsos payload\x1b\\b"), "ab");
    assert_eq!(text("a\x1b^pm payload\x1b\\b"), "ab");
    assert_eq!(text("a\x1b_apc payload\x1b\\b"), "ab");
}

#[test]
fn lone_and_trailing_esc_are_removed() {
    assert_eq!(text("abc\x1b"), "abc");
    assert_eq!(text("a\x1b7b\x1b8c"), "abc");
    assert!(!text("a\x1bb").contains('\x1b'));
}

#[test]
fn bidi_overrides_are_removed() {
    assert_eq!(text("abc\u{202E}fed\u{202C}g\u{2066}h\u{2069}"), "abcfedgh");
}

#[test]
fn invalid_utf8_becomes_replacement() {
    assert_eq!(sanitize(b"a\xffb\xc3").text(), "a\u{FFFD}b\u{FFFD}");
}

#[test]
fn long_lines_are_truncated_with_marker() {
    let raw = "x".repeat(MAX_LINE_BYTES + 48_213);
    let l = sanitize_str(&raw);
    assert_eq!(l.truncated_bytes(), 48_213);
    assert!(l.text().ends_with(" … [truncated 48,213 bytes]"));
    assert!(l.text().len() < MAX_LINE_BYTES + 64);
}

#[test]
fn sgr_basic_colours_and_reset() {
    let l = sanitize_str("\x1b[31mred\x1b[0m plain \x1b[1;4;92mgreen\x1b[m");
    assert_eq!(l.text(), "red plain green");
    let segs = l.segments();
    assert_eq!(segs[0], ("red", Style::new().fg(Color::Indexed(1))));
    assert_eq!(segs[1], (" plain ", Style::new()));
    assert_eq!(
        segs[2],
        (
            "green",
            Style::new()
                .fg(Color::Indexed(10))
                .add_modifier(Modifier::BOLD | Modifier::UNDERLINED)
        )
    );
}

#[test]
fn sgr_256_and_truecolor_both_forms() {
    let l = sanitize_str("\x1b[38;5;208ma\x1b[48;2;1;2;3mb\x1b[38:2::10:20:30mc\x1b[48:5:17md");
    let segs = l.segments();
    assert_eq!(segs[0].1, Style::new().fg(Color::Indexed(208)));
    assert_eq!(
        segs[1].1,
        Style::new().fg(Color::Indexed(208)).bg(Color::Rgb(1, 2, 3))
    );
    assert_eq!(
        segs[2].1,
        Style::new()
            .fg(Color::Rgb(10, 20, 30))
            .bg(Color::Rgb(1, 2, 3))
    );
    assert_eq!(
        segs[3].1,
        Style::new()
            .fg(Color::Rgb(10, 20, 30))
            .bg(Color::Indexed(17))
    );
}

#[test]
fn sgr_attributes_on_and_off() {
    let l = sanitize_str("\x1b[3;7mi\x1b[23;27mn\x1b[44;39mb\x1b[49mz");
    let segs = l.segments();
    assert_eq!(
        segs[0].1,
        Style::new().add_modifier(Modifier::ITALIC | Modifier::REVERSED)
    );
    assert!(segs[1].1.add_modifier.is_empty());
    assert_eq!(segs[2].1.bg, Some(Color::Indexed(4)));
    assert_eq!(segs[3].1.bg, None);
}

#[test]
fn conceal_and_blink_are_ignored() {
    let l = sanitize_str("\x1b[8mhidden\x1b[5mblink");
    assert_eq!(l.text(), "hiddenblink");
    assert!(!l.is_styled());
}

#[test]
fn sgr_never_leaks_as_text() {
    assert_eq!(text("\x1b[38;5;mx\x1b[38;2;1mY\x1b[999;999999mz"), "xYz");
}

fn assert_clean(s: &str) {
    assert!(!s.contains('\x1b'), "ESC in {s:?}");
    assert!(!s.contains('\x07'), "BEL in {s:?}");
    assert!(!s.chars().any(char::is_control), "control in {s:?}");
    assert!(
        !s.chars()
            .any(|c| matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')),
        "bidi in {s:?}"
    );
}

fn hostile_bytes() -> impl Strategy<Value = Vec<u8>> {
    let piece = prop_oneof![
        proptest::collection::vec(any::<u8>(), 0..16),
        Just(b"\x1b[".to_vec()),
        Just(b"\x1b]".to_vec()),
        Just(b"\x1bP".to_vec()),
        Just(b"\x1b\\".to_vec()),
        Just(b"\x07".to_vec()),
        Just(b"38;2;".to_vec()),
        Just(b"m".to_vec()),
        Just("\u{202E}".as_bytes().to_vec()),
        Just("\u{9b}".as_bytes().to_vec()),
        Just("é漢🚀".as_bytes().to_vec()),
    ];
    proptest::collection::vec(piece, 0..24).prop_map(|v| v.concat())
}

proptest! {
    #[test]
    fn output_has_no_controls(raw in hostile_bytes()) {
        let l = sanitize(&raw);
        assert_clean(l.text());
        for (seg, _) in l.segments() {
            assert_clean(seg);
        }
    }

    #[test]
    fn arbitrary_bytes_have_no_controls(raw in proptest::collection::vec(any::<u8>(), 0..256)) {
        assert_clean(sanitize(&raw).text());
    }

    #[test]
    fn rendered_cells_have_no_controls(raw in hostile_bytes()) {
        let line = sanitize(&raw).to_line();
        let area = Rect::new(0, 0, 40, 3);
        let mut buf = Buffer::empty(area);
        Paragraph::new(line).render(area, &mut buf);
        for cell in buf.content() {
            assert_clean(cell.symbol());
        }
    }
}

/// The log view uses the crate's one allow-list: format characters the old
/// deny-list missed are dropped, and combining marks are capped.
#[test]
fn the_shared_allow_list_holds_for_log_lines() {
    use ecsdeck::text::corpus;
    use ecsdeck::text::sanitize::{MAX_MARKS, is_allowed, is_mark};
    assert_eq!(text("x\u{200E}\u{200F}\u{061C}z"), "xz", "LRM RLM ALM");
    assert_eq!(
        text("x\u{FFF9}\u{FFFA}\u{FFFB}z"),
        "xz",
        "interlinear annotation"
    );
    assert_eq!(
        text("x\u{E0001}\u{E0041}\u{E007F}z"),
        "xz",
        "tag characters"
    );
    let zalgo = text(&format!("e{}z", "\u{0301}".repeat(200)));
    assert_eq!(zalgo.chars().filter(|&c| is_mark(c)).count(), MAX_MARKS);
    for (name, raw) in corpus::all() {
        let out = text(&raw);
        assert!(out.chars().all(is_allowed), "{name}: {out:?}");
        // (The end may go: `ESC z`, say, is an escape sequence to a terminal too.)
        assert!(out.starts_with('x'), "{name}: {out:?}");
    }
}
