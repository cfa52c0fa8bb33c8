//! Big digits drawn from block characters: each glyph is 3 × 5 pixels and a
//! pixel is `pixel` cells (columns, rows), so the clock grows with the frame.
//! Written here rather than taken from a crate: a dozen glyphs of 15 bits.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;

/// Pixels of one glyph (columns, rows).
const GLYPH: (u16, u16) = crate::state::presenter::DIGIT_PIXELS;

/// The rows of a glyph, three bits each (the high bit is the left pixel).
fn glyph(c: char) -> Option<[u8; 5]> {
    Some(match c {
        '0' => [0b111, 0b101, 0b101, 0b101, 0b111],
        '1' => [0b010, 0b110, 0b010, 0b010, 0b111],
        '2' => [0b111, 0b001, 0b111, 0b100, 0b111],
        '3' => [0b111, 0b001, 0b111, 0b001, 0b111],
        '4' => [0b101, 0b101, 0b111, 0b001, 0b001],
        '5' => [0b111, 0b100, 0b111, 0b001, 0b111],
        '6' => [0b111, 0b100, 0b111, 0b101, 0b111],
        '7' => [0b111, 0b001, 0b010, 0b010, 0b010],
        '8' => [0b111, 0b101, 0b111, 0b101, 0b111],
        '9' => [0b111, 0b101, 0b111, 0b001, 0b111],
        ':' => [0b000, 0b010, 0b000, 0b010, 0b000],
        '-' => [0b000, 0b000, 0b111, 0b000, 0b000],
        ' ' => [0; 5],
        _ => return None,
    })
}

/// Columns `text` takes in big digits at `pixel` (a gap of one pixel between glyphs).
pub(crate) fn width(text: &str, pixel: (u16, u16)) -> u16 {
    let n = u16::try_from(text.chars().count()).unwrap_or(u16::MAX);
    (n.saturating_mul(GLYPH.0 + 1).saturating_sub(1)).saturating_mul(pixel.0)
}

/// Draws `text` (digits, `:`, `-`, spaces; anything else is skipped) in big
/// digits from the top left of `area`, clipped to it.
pub(crate) fn render(text: &str, pixel: (u16, u16), style: Style, area: Rect, buf: &mut Buffer) {
    let (pw, ph) = (pixel.0.max(1), pixel.1.max(1));
    let mut x0 = area.x;
    for rows in text.chars().filter_map(glyph) {
        for (gy, bits) in (0u16..).zip(rows) {
            for gx in 0..GLYPH.0 {
                if bits & (1 << (GLYPH.0 - 1 - gx)) == 0 {
                    continue;
                }
                for dy in 0..ph {
                    for dx in 0..pw {
                        let x = x0 + gx * pw + dx;
                        let y = area.y + gy * ph + dy;
                        if x < area.right() && y < area.bottom() {
                            buf[(x, y)].set_symbol("█").set_style(style);
                        }
                    }
                }
            }
        }
        x0 = x0.saturating_add((GLYPH.0 + 1) * pw);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn draw(text: &str, pixel: (u16, u16)) -> Vec<String> {
        let area = Rect::new(0, 0, width(text, pixel), GLYPH.1 * pixel.1);
        let mut buf = Buffer::empty(area);
        render(text, pixel, Style::new(), area, &mut buf);
        (0..area.height)
            .map(|y| (0..area.width).map(|x| buf[(x, y)].symbol()).collect())
            .collect()
    }

    #[test]
    fn digits_are_drawn_from_blocks_and_scale() {
        assert_eq!(
            draw("1:07", (1, 1)),
            [
                " █      ███ ███",
                "██   █  █ █   █",
                " █      █ █  █ ",
                " █   █  █ █  █ ",
                "███     ███  █ ",
            ]
        );
        let big = draw("8", (2, 2));
        assert_eq!(big.len(), 10);
        assert_eq!(big[0], "██████");
        assert_eq!(big[2], "██  ██");
        assert_eq!(width("0:42", (2, 1)), 30);
    }

    #[test]
    fn a_small_area_clips_and_unknown_characters_are_skipped() {
        let area = Rect::new(0, 0, 2, 2);
        let mut buf = Buffer::empty(area);
        render("x8", (1, 1), Style::new(), area, &mut buf);
        assert_eq!(buf[(0, 0)].symbol(), "█");
        assert_eq!(buf[(1, 1)].symbol(), " ");
    }
}
