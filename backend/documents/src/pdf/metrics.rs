//! Helvetica and Helvetica-Bold advance widths (Adobe AFM) for measuring, truncating and wrapping text.

use super::Font;

/// Advance widths in 1/1000 em for WinAnsi codes 32..=126, from Adobe's
/// Helvetica.afm. Codes 39 and 96 are WinAnsi's quotesingle and grave (not
/// the AFM's StandardEncoding quoteright/quoteleft), since that is the
/// encoding the fonts are declared with.
const HELVETICA: [u16; 95] = [
    278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278, // 32-47
    556, 556, 556, 556, 556, 556, 556, 556, 556, 556, // 0-9
    278, 278, 584, 584, 584, 556, 1015, // :;<=>?@
    667, 667, 722, 722, 667, 611, 778, 722, 278, 500, 667, 556, 833, // A-M
    722, 778, 667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, // N-Z
    278, 278, 278, 469, 556, 333, // [\]^_`
    556, 556, 500, 556, 556, 278, 556, 556, 222, 222, 500, 222, 833, // a-m
    556, 556, 556, 556, 333, 500, 278, 556, 500, 722, 500, 500, 500, // n-z
    334, 260, 334, 584, // {|}~
];

/// Same for Helvetica-Bold.afm.
const HELVETICA_BOLD: [u16; 95] = [
    278, 333, 474, 556, 556, 889, 722, 238, 333, 333, 389, 584, 278, 333, 278, 278, // 32-47
    556, 556, 556, 556, 556, 556, 556, 556, 556, 556, // 0-9
    333, 333, 584, 584, 584, 611, 975, // :;<=>?@
    722, 722, 722, 722, 667, 611, 778, 722, 278, 556, 722, 611, 833, // A-M
    722, 778, 667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, // N-Z
    333, 278, 333, 584, 556, 333, // [\]^_`
    556, 611, 556, 611, 556, 333, 611, 611, 278, 278, 556, 278, 889, // a-m
    611, 611, 611, 611, 389, 556, 333, 611, 556, 778, 556, 556, 500, // n-z
    389, 280, 389, 584, // {|}~
];

/// Base letters for Latin-1 0xC0..=0xFF: accented letters are measured as
/// their base letter, which is exact for Helvetica's accented glyphs apart
/// from a few ligatures (Æ, æ, ß), close enough for column fitting.
const LATIN1_BASE: &[u8; 64] = b"AAAAAAACEEEEIIIIDNOOOOOxOUUUUYPsaaaaaaaceeeeiiiidnooooo-ouuuuypy";

/// Width of one WinAnsi-encoded byte in 1/1000 em.
fn byte_width(b: u8, font: Font) -> u16 {
    let table = match font {
        Font::Helvetica => &HELVETICA,
        Font::HelveticaBold => &HELVETICA_BOLD,
    };
    match b {
        32..=126 => table[(b - 32) as usize],
        0xC0..=0xFF => byte_width(LATIN1_BASE[(b - 0xC0) as usize], font),
        // Dashes, ellipsis, trademark, per mille: the wide punctuation.
        0x85 | 0x89 | 0x97 | 0x99 => 1000,
        0x95 => 350, // bullet
        // Remaining punctuation and symbols: an average glyph.
        _ => 556,
    }
}

/// Width of `text` in points when set in `font` at `size`.
pub fn text_width(text: &str, font: Font, size: f64) -> f64 {
    let units: u32 = super::encode_text(text)
        .iter()
        .map(|&b| u32::from(byte_width(b, font)))
        .sum();
    f64::from(units) * size / 1000.0
}

/// Cuts `text` so it fits `max_width`, ending with "..." when shortened.
pub fn truncate_to_width(text: &str, font: Font, size: f64, max_width: f64) -> String {
    if text_width(text, font, size) <= max_width {
        return text.to_string();
    }
    let ellipsis = "...";
    let budget = max_width - text_width(ellipsis, font, size);
    let mut out = String::new();
    let mut width = 0.0;
    for c in text.chars() {
        let w = text_width(c.encode_utf8(&mut [0; 4]), font, size);
        if width + w > budget {
            break;
        }
        width += w;
        out.push(c);
    }
    let trimmed = out.trim_end();
    if trimmed.is_empty() && budget < 0.0 {
        return String::new();
    }
    format!("{trimmed}{ellipsis}")
}

/// Greedy word wrap to `max_width`. Explicit newlines start new lines; a
/// single word wider than the column is broken between characters.
pub fn wrap_text(text: &str, font: Font, size: f64, max_width: f64) -> Vec<String> {
    let space = text_width(" ", font, size);
    let mut lines = Vec::new();
    for paragraph in text.split('\n') {
        let mut line = String::new();
        let mut width = 0.0;
        for word in paragraph.split_whitespace() {
            let mut word_width = text_width(word, font, size);
            let gap = if line.is_empty() { 0.0 } else { space };
            if width + gap + word_width <= max_width {
                if !line.is_empty() {
                    line.push(' ');
                }
                line.push_str(word);
                width += gap + word_width;
                continue;
            }
            if !line.is_empty() {
                lines.push(std::mem::take(&mut line));
            }
            let mut rest = word.to_string();
            while word_width > max_width {
                let mut head = String::new();
                let mut head_width = 0.0;
                for c in rest.chars() {
                    let w = text_width(c.encode_utf8(&mut [0; 4]), font, size);
                    // Always take one character so an absurdly narrow
                    // column still makes progress.
                    if head_width + w > max_width && !head.is_empty() {
                        break;
                    }
                    head_width += w;
                    head.push(c);
                }
                rest = rest[head.len()..].to_string();
                lines.push(head);
                word_width = text_width(&rest, font, size);
            }
            width = word_width;
            line = rest;
        }
        lines.push(line);
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn widths_follow_the_afm() {
        // H e l l o = 722 + 556 + 222 + 222 + 556 (regular), 722 + 556 + 278 + 278 + 611 (bold).
        assert_eq!(text_width("Hello", Font::Helvetica, 1000.0), 2278.0);
        assert_eq!(text_width("Hello", Font::HelveticaBold, 1000.0), 2445.0);
        assert_eq!(text_width("'`", Font::Helvetica, 1000.0), 191.0 + 333.0);
        assert_eq!(text_width("é", Font::Helvetica, 10.0), 5.56);
        assert!((text_width("WWW", Font::Helvetica, 12.0) - 33.984).abs() < 1e-9);
    }

    #[test]
    fn truncates_with_ellipsis() {
        let t = truncate_to_width("Quarterly planogram reset", Font::Helvetica, 10.0, 60.0);
        assert!(t.ends_with("..."));
        assert!(text_width(&t, Font::Helvetica, 10.0) <= 60.0);
        assert_eq!(truncate_to_width("ok", Font::Helvetica, 10.0, 60.0), "ok");
    }

    #[test]
    fn wraps_words_and_breaks_long_ones() {
        let lines = wrap_text("the quick brown fox jumps", Font::Helvetica, 10.0, 50.0);
        assert!(lines.len() > 1);
        for l in &lines {
            assert!(text_width(l, Font::Helvetica, 10.0) <= 50.0, "{l}");
        }
        assert_eq!(lines.join(" "), "the quick brown fox jumps");
        let long = wrap_text(&"x".repeat(40), Font::Helvetica, 10.0, 50.0);
        assert!(long.len() >= 3);
        assert_eq!(long.concat(), "x".repeat(40));
        assert_eq!(
            wrap_text("a\nb", Font::Helvetica, 10.0, 50.0),
            vec!["a", "b"]
        );
    }
}
