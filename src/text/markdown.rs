//! Untrusted text inside a Markdown document (the timeline export): the
//! allow-list first, then every character that could start a Markdown or
//! HTML construct is backslash-escaped, so a name from AWS stays literal text
//! in whatever renders the file — no link, image, raw HTML, code span, table
//! cell break or character reference (`&#x202E;` would bring a bidi override
//! back).

use super::sanitize::sanitize;

/// Characters CommonMark gives a meaning inline (all are ASCII punctuation,
/// which CommonMark lets a backslash escape).
const ACTIVE: &[char] = &[
    '\\', '`', '*', '_', '[', ']', '<', '>', '|', '&', '!', '~', '#',
];

/// One line of literal Markdown text: sanitised, line breaks as spaces,
/// active characters escaped.
pub(crate) fn inline(s: &str) -> String {
    let one_line = s.replace(['\n', '\r'], " ");
    let clean = sanitize(&one_line);
    let mut out = String::with_capacity(clean.len());
    for c in clean.chars() {
        if ACTIVE.contains(&c) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_from_aws_stays_literal() {
        assert_eq!(
            inline("<img src=x onerror=alert(1)> [a](javascript:x) `c` &#x202E; a|b"),
            "\\<img src=x onerror=alert(1)\\> \\[a\\](javascript:x) \\`c\\` \\&\\#x202E; a\\|b"
        );
    }

    #[test]
    fn plain_text_is_unchanged_and_lines_are_joined() {
        assert_eq!(inline("web-api 2 → 4\nok"), "web-api 2 → 4 ok");
    }

    #[test]
    fn hostile_characters_are_gone() {
        let s = inline("a\u{1b}]0;T\u{7}\u{202E}b");
        assert!(s.chars().all(super::super::sanitize::is_allowed), "{s:?}");
    }
}
