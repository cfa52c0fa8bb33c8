//! JSON for output channels: the same data, with every character outside the
//! allow-list of [`crate::text::sanitize`](mod@crate::text::sanitize) written as a `\uXXXX` escape
//! (a surrogate pair for astral characters). A parser reads back exactly the
//! original strings; a terminal showing the JSON sees only printable text.

use std::io;

use serde::Serialize;
use serde_json::ser::{CompactFormatter, Formatter, PrettyFormatter};

use super::sanitize::{MAX_MARKS, is_allowed, is_mark};

/// Pretty JSON (two-space indent) whose strings hold only allowed characters.
pub(crate) fn to_string_pretty<T: Serialize + ?Sized>(value: &T) -> serde_json::Result<String> {
    write_with(value, SafeFormatter::default())
}

/// Compact JSON on one line (for JSON-lines files) whose strings hold only
/// allowed characters.
pub(crate) fn to_string<T: Serialize + ?Sized>(value: &T) -> serde_json::Result<String> {
    write_with(value, SafeFormatter::compact())
}

fn write_with<T: Serialize + ?Sized>(value: &T, f: SafeFormatter) -> serde_json::Result<String> {
    let mut buf = Vec::with_capacity(256);
    let mut ser = serde_json::Serializer::with_formatter(&mut buf, f);
    value.serialize(&mut ser)?;
    // The formatter writes only ASCII escapes and the input's own UTF-8.
    String::from_utf8(buf).map_err(|e| serde_json::Error::io(io::Error::other(e)))
}

/// A [`PrettyFormatter`] (or, [`SafeFormatter::compact`], a
/// [`CompactFormatter`]) that escapes characters outside the allow-list.
/// Combining marks past [`MAX_MARKS`] in a row are escaped too; ZWJ (a format
/// character) is always escaped.
pub(crate) struct SafeFormatter {
    /// `None` writes compact JSON.
    pretty: Option<PrettyFormatter<'static>>,
    /// Combining marks written raw since the last other character.
    marks: usize,
}

impl Default for SafeFormatter {
    fn default() -> Self {
        Self {
            pretty: Some(PrettyFormatter::new()),
            marks: 0,
        }
    }
}

impl SafeFormatter {
    /// A formatter writing compact JSON (no whitespace, one line).
    pub(crate) fn compact() -> Self {
        Self {
            pretty: None,
            marks: 0,
        }
    }
}

/// Calls the layout method on the pretty formatter, or on a compact one.
macro_rules! layout {
    ($self:ident, $method:ident ( $($arg:expr),* )) => {
        match &mut $self.pretty {
            Some(p) => p.$method($($arg),*),
            None => CompactFormatter.$method($($arg),*),
        }
    };
}

fn write_escaped<W: ?Sized + io::Write>(w: &mut W, c: char) -> io::Result<()> {
    let mut units = [0u16; 2];
    for unit in c.encode_utf16(&mut units) {
        write!(w, "\\u{unit:04x}")?;
    }
    Ok(())
}

impl Formatter for SafeFormatter {
    fn write_string_fragment<W: ?Sized + io::Write>(
        &mut self,
        writer: &mut W,
        fragment: &str,
    ) -> io::Result<()> {
        let mut start = 0;
        for (i, c) in fragment.char_indices() {
            let raw = if is_mark(c) {
                self.marks += 1;
                self.marks <= MAX_MARKS
            } else {
                if is_allowed(c) {
                    self.marks = 0;
                }
                is_allowed(c)
            };
            if !raw {
                writer.write_all(&fragment.as_bytes()[start..i])?;
                write_escaped(writer, c)?;
                start = i + c.len_utf8();
            }
        }
        writer.write_all(&fragment.as_bytes()[start..])
    }

    fn begin_string<W: ?Sized + io::Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.marks = 0;
        writer.write_all(b"\"")
    }

    fn begin_array<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        layout!(self, begin_array(w))
    }

    fn end_array<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        layout!(self, end_array(w))
    }

    fn begin_array_value<W: ?Sized + io::Write>(
        &mut self,
        w: &mut W,
        first: bool,
    ) -> io::Result<()> {
        layout!(self, begin_array_value(w, first))
    }

    fn end_array_value<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        layout!(self, end_array_value(w))
    }

    fn begin_object<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        layout!(self, begin_object(w))
    }

    fn end_object<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        layout!(self, end_object(w))
    }

    fn begin_object_key<W: ?Sized + io::Write>(
        &mut self,
        w: &mut W,
        first: bool,
    ) -> io::Result<()> {
        layout!(self, begin_object_key(w, first))
    }

    fn begin_object_value<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        layout!(self, begin_object_value(w))
    }

    fn end_object_value<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        layout!(self, end_object_value(w))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::corpus;

    #[test]
    fn same_data_after_a_round_trip_and_no_raw_hostile_character() {
        let mut values: Vec<String> = corpus::all().into_iter().map(|(_, s)| s).collect();
        values.push("👩\u{200D}👩 café 日本".into());
        let json = to_string_pretty(&values).unwrap();
        let back: Vec<String> = serde_json::from_str(&json).unwrap();
        assert_eq!(back, values);
        for c in json.chars() {
            assert!(
                c == '\n' || is_allowed(c),
                "raw U+{:04X} in {json}",
                c as u32
            );
        }
        assert!(json.contains("\\u202e"), "{json}");
        assert!(
            json.contains("\\udb40\\udc41"),
            "astral as a surrogate pair: {json}"
        );
        assert!(json.contains("café 日本"), "{json}");
    }

    #[test]
    fn layout_matches_serde_pretty() {
        let v = serde_json::json!({"a": [1, 2], "b": {"c": "d"}, "e": []});
        assert_eq!(
            to_string_pretty(&v).unwrap(),
            serde_json::to_string_pretty(&v).unwrap()
        );
    }

    #[test]
    fn compact_matches_serde_and_escapes_the_same() {
        let v = serde_json::json!({"a": [1, 2], "b": {"c": "d\u{202E}\u{1b}]0;x\u{7}"}, "e": []});
        let line = to_string(&v).unwrap();
        assert!(!line.contains('\n'), "{line}");
        assert!(
            line.contains("\\u202e") && line.contains("\\u001b"),
            "{line}"
        );
        assert!(line.chars().all(is_allowed), "{line}");
        let back: serde_json::Value = serde_json::from_str(&line).unwrap();
        assert_eq!(back, v);
        let plain = serde_json::json!({"a": [1, 2], "e": {}});
        assert_eq!(
            to_string(&plain).unwrap(),
            serde_json::to_string(&plain).unwrap()
        );
    }

    #[test]
    fn marks_past_the_cap_are_escaped() {
        let s = format!("e{}", "\u{0301}".repeat(6));
        let json = to_string_pretty(&s).unwrap();
        assert_eq!(json.matches("\\u0301").count(), 2, "{json}");
        assert_eq!(serde_json::from_str::<String>(&json).unwrap(), s);
    }
}
