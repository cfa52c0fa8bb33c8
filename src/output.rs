//! The one way text leaves the program through stdout and stderr.
//!
//! Subcommands print resource names, event messages and error text that came
//! from AWS, so every line goes through [`crate::text::sanitize_lines`] here.
//! clippy.toml forbids `print!`, `println!`, `eprint!`, `eprintln!` and
//! `std::io::stdout`/`stderr` elsewhere; the few places that must write to
//! the terminal themselves (the TUI backend, OSC 52, generated completions)
//! carry an `allow` with the reason.

use std::io::{self, Write};

use crate::text::sanitize_lines;

/// Writes `text` sanitised (line breaks kept) to `out`, then flushes.
pub(crate) fn write_sanitized(out: &mut dyn Write, text: &str) -> io::Result<()> {
    out.write_all(sanitize_lines(text).as_bytes())?;
    out.flush()
}

/// Prints one line (a newline is added) to stdout.
pub(crate) fn line(text: &str) {
    text_block(&format!("{text}\n"));
}

/// Prints a block of text (its own line breaks kept) to stdout.
pub(crate) fn text_block(text: &str) {
    #[allow(clippy::disallowed_methods)] // the output module itself
    let mut out = io::stdout().lock();
    // A closed pipe (`ecsdeck status | head`) is not an error worth a report.
    let _ = write_sanitized(&mut out, text);
}

/// Prints one line to stderr, prefixed with `ecsdeck: `.
pub fn error_line(text: &str) {
    #[allow(clippy::disallowed_methods)] // the output module itself
    let mut err = io::stderr().lock();
    let _ = write_sanitized(&mut err, &format!("ecsdeck: {text}\n"));
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::corpus;

    #[test]
    fn every_hostile_string_is_written_without_controls() {
        for (name, s) in corpus::all() {
            let mut buf = Vec::new();
            write_sanitized(&mut buf, &format!("{s}\n")).unwrap();
            let out = String::from_utf8(buf).unwrap();
            assert!(out.ends_with('\n'), "the newline stays");
            for line in out.lines() {
                assert!(
                    line.chars().all(crate::text::sanitize::is_allowed),
                    "{name}: {line:?}"
                );
            }
        }
    }

    #[test]
    fn title_escape_loses_its_escape_and_bell() {
        let mut buf = Vec::new();
        write_sanitized(&mut buf, corpus::OSC_TITLE).unwrap();
        assert_eq!(buf, b"x]0;TITLEz");
    }
}
