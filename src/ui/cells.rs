//! The TUI's output boundary: one pass over the frame's buffer, after every
//! view, widget and overlay has drawn, that runs each cell's symbol through
//! the allow-list of [`crate::text`]. Nothing drawn can bypass it, whatever
//! widget or format string put the text there.

use ratatui::buffer::Buffer;

use crate::text::sanitize;

/// Sanitises every cell of `buf` in place. A cell left empty becomes a space,
/// so the grid keeps its shape. Printable ASCII (almost every cell) costs one
/// byte check.
pub fn sanitize_cells(buf: &mut Buffer) {
    for cell in &mut buf.content {
        let symbol = cell.symbol();
        if symbol.len() == 1 && (0x20..0x7f).contains(&symbol.as_bytes()[0]) {
            continue;
        }
        if let std::borrow::Cow::Owned(clean) = sanitize(symbol) {
            cell.set_symbol(if clean.is_empty() { " " } else { &clean });
        }
    }
}
