//! The embedded fonts: Liberation Sans Regular and Bold (SIL Open Font License 1.1, see
//! `fonts/OFL.txt`), metric-compatible with Helvetica. Text is measured here and drawn from the
//! same numbers, so what the layout measured is exactly what the page shows.
//!
//! Characters are mapped one to one onto the font's glyphs (no ligatures, no kerning, left to
//! right), which is right for Latin, Greek and Cyrillic. A character the fonts have no glyph
//! for (Chinese, Japanese, Korean, Arabic, emoji, …) is drawn as [`REPLACEMENT`], a white square,
//! at that glyph's width; the text layer of the PDF keeps the original character, so copying,
//! searching and `pdftotext` still give the name as it was written. Right-to-left text (Hebrew,
//! which the fonts cover) is drawn in the order it is stored, not reordered.

use std::ops::Range;
use std::sync::OnceLock;

use skrifa::instance::{LocationRef, Size};
use skrifa::metrics::GlyphMetrics;
use skrifa::{FontRef, GlyphId, MetadataProvider};

use super::Font;

/// Liberation Sans Regular 2.1.5 (Debian's `fonts-liberation2`).
pub const REGULAR_TTF: &[u8] = include_bytes!("../../fonts/LiberationSans-Regular.ttf");
/// Liberation Sans Bold 2.1.5.
pub const BOLD_TTF: &[u8] = include_bytes!("../../fonts/LiberationSans-Bold.ttf");

/// What a character without a glyph is drawn as: U+25A1 WHITE SQUARE.
pub const REPLACEMENT: char = '\u{25A1}';

/// One parsed font: its glyph map and advance widths, read once per process.
pub(crate) struct Face {
    font: FontRef<'static>,
    metrics: GlyphMetrics<'static>,
    units_per_em: f32,
    replacement: GlyphId,
}

impl Face {
    fn parse(data: &'static [u8]) -> Face {
        let font = FontRef::new(data).expect("the embedded font parses");
        let metrics = font.glyph_metrics(Size::unscaled(), LocationRef::default());
        let m = font.metrics(Size::unscaled(), LocationRef::default());
        let units_per_em = f32::from(m.units_per_em);
        let replacement = font
            .charmap()
            .map(REPLACEMENT)
            .expect("the embedded font has a white square");
        Face {
            font,
            metrics,
            units_per_em,
            replacement,
        }
    }

    /// The glyph drawn for `c` and its advance in em.
    fn glyph(&self, c: char) -> (GlyphId, f32) {
        let gid = self.font.charmap().map(c).unwrap_or(self.replacement);
        let advance = self.metrics.advance_width(gid).unwrap_or(0.0) / self.units_per_em;
        (gid, advance)
    }

    /// Whether the font has a glyph of its own for `c`.
    pub fn covers(&self, c: char) -> bool {
        self.font.charmap().map(c).is_some()
    }
}

pub(crate) fn face(font: Font) -> &'static Face {
    static REGULAR: OnceLock<Face> = OnceLock::new();
    static BOLD: OnceLock<Face> = OnceLock::new();
    match font {
        Font::Regular => REGULAR.get_or_init(|| Face::parse(REGULAR_TTF)),
        Font::Bold => BOLD.get_or_init(|| Face::parse(BOLD_TTF)),
    }
}

/// The text as it is set: tabs and line breaks become spaces, other control and invisible
/// format characters are dropped (they have no width and no glyph).
pub fn clean(text: &str) -> String {
    text.chars()
        .filter_map(|c| match c {
            '\t' | '\n' | '\r' => Some(' '),
            c if c.is_control() || is_invisible(c) => None,
            c => Some(c),
        })
        .collect()
}

/// Zero-width and bidi controls, variation selectors, the byte-order mark.
fn is_invisible(c: char) -> bool {
    matches!(c, '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2060}'..='\u{206F}'
        | '\u{FE00}'..='\u{FE0F}' | '\u{FEFF}' | '\u{AD}')
}

/// One positioned glyph of a run: the glyph, its advance in em, and the bytes of the cleaned
/// text it stands for.
pub(crate) struct RunGlyph {
    pub glyph: GlyphId,
    pub advance: f32,
    pub range: Range<usize>,
}

/// The glyphs that draw `cleaned` (already passed through [`clean`]).
pub(crate) fn run(cleaned: &str, font: Font) -> Vec<RunGlyph> {
    let face = face(font);
    cleaned
        .char_indices()
        .map(|(i, c)| {
            let (glyph, advance) = face.glyph(c);
            RunGlyph {
                glyph,
                advance,
                range: i..i + c.len_utf8(),
            }
        })
        .collect()
}

/// Width of `text` in points at `size`, as it will be drawn.
pub fn text_width(text: &str, font: Font, size: f64) -> f64 {
    let face = face(font);
    let em: f32 = text
        .chars()
        .filter(|c| !c.is_control() && !is_invisible(*c))
        .map(|c| face.glyph(if c == '\t' { ' ' } else { c }).1)
        .sum();
    f64::from(em) * size
}

/// The characters of `text` that the embedded fonts cannot draw (printed as [`REPLACEMENT`]).
pub fn missing_glyphs(text: &str, font: Font) -> Vec<char> {
    let face = face(font);
    let mut out: Vec<char> = clean(text).chars().filter(|c| !face.covers(*c)).collect();
    out.dedup();
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn widths_are_helvetica_compatible() {
        // Liberation Sans keeps Helvetica's advance widths: "Hello" is 2.278 em.
        let w = text_width("Hello", Font::Regular, 1000.0);
        assert!((w - 2278.0).abs() < 1.0, "{w}");
        let b = text_width("Hello", Font::Bold, 1000.0);
        assert!((b - 2445.0).abs() < 1.0, "{b}");
        assert!(text_width("Łódź", Font::Regular, 10.0) > 0.0);
    }

    #[test]
    fn latin_greek_cyrillic_have_glyphs_others_are_replaced() {
        let text = "Łódź · Ærøskøbing · Αθήνα · Москва";
        assert!(missing_glyphs(text, Font::Regular).is_empty());
        assert!(missing_glyphs(text, Font::Bold).is_empty());
        assert_eq!(missing_glyphs("Zoë 漢字", Font::Regular), vec!['漢', '字']);
        let r = run("a漢", Font::Regular);
        assert_eq!(r[1].glyph, face(Font::Regular).replacement);
        assert_eq!(r[1].range, 1..4);
    }

    #[test]
    fn cleaning_drops_controls_and_keeps_text() {
        assert_eq!(clean("a\tb\u{1}c\u{200B}d\r\n"), "a bcd  ");
    }
}
