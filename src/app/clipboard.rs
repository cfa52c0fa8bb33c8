//! `y` copies through OSC 52: the terminal (and the machine behind SSH) puts
//! the base64 payload on the clipboard. The payload is sanitised first, so a
//! hostile name cannot put ESC, BEL or a bidi override into what the
//! operator pastes next (into a shell, say).

use base64::Engine;

use crate::text::sanitize_lines;

/// The OSC 52 sequence that sets the clipboard to `text`, sanitised.
pub(crate) fn osc52(text: &str) -> String {
    let clean = sanitize_lines(text);
    let encoded = base64::engine::general_purpose::STANDARD.encode(clean.as_bytes());
    format!("\x1b]52;c;{encoded}\x07")
}

/// Copies `text` to the clipboard of the terminal.
pub(crate) fn copy(text: &str) {
    use std::io::Write;
    // The TUI owns stdout; the payload is base64 of sanitised text.
    #[allow(clippy::disallowed_methods)]
    let mut out = std::io::stdout();
    let _ = out.write_all(osc52(text).as_bytes());
    let _ = out.flush();
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::corpus;

    fn payload(seq: &str) -> String {
        let b64 = seq
            .strip_prefix("\x1b]52;c;")
            .and_then(|s| s.strip_suffix('\x07'))
            .expect("one OSC 52 sequence");
        let bytes = base64::engine::general_purpose::STANDARD
            .decode(b64)
            .expect("base64");
        String::from_utf8(bytes).expect("UTF-8")
    }

    #[test]
    fn copied_text_holds_no_escape_bell_or_override() {
        let arn = format!(
            "arn:aws:ecs:us-east-1:1:service/prod/{}{}",
            corpus::OSC_TITLE,
            corpus::RLO
        );
        let got = payload(&osc52(&arn));
        assert!(!got.contains('\u{1b}') && !got.contains('\u{7}') && !got.contains('\u{202E}'));
        assert_eq!(
            got,
            "arn:aws:ecs:us-east-1:1:service/prod/x]0;TITLEzxgnp.exez"
        );
    }

    #[test]
    fn every_hostile_string_is_copied_clean_and_lines_stay() {
        for (name, s) in corpus::all() {
            let got = payload(&osc52(&format!("{s}\n{s}")));
            for line in got.split('\n') {
                assert!(
                    line.chars().all(crate::text::sanitize::is_allowed),
                    "{name}: {line:?}"
                );
            }
            assert_eq!(
                got.matches('\n').count(),
                1 + 2 * s.matches('\n').count(),
                "{name}"
            );
        }
    }
}
