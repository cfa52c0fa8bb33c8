//! Display widths: cutting text to a number of terminal columns.

use unicode_width::UnicodeWidthChar;

/// The longest prefix of `s` that is at most `max` columns wide.
pub(crate) fn truncate_width(s: &str, max: usize) -> String {
    let mut w = 0;
    s.chars()
        .take_while(|c| {
            w += c.width().unwrap_or(0);
            w <= max
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wide_characters_count_two_columns() {
        assert_eq!(truncate_width("abcdef", 4), "abcd");
        assert_eq!(truncate_width("日本語", 5), "日本");
        assert_eq!(truncate_width("日本語", 6), "日本語");
        assert_eq!(truncate_width("", 3), "");
    }
}
