//! Measuring, truncating and wrapping text with the embedded fonts' advance widths.

use super::Font;
pub use super::font::text_width;

/// What a shortened text ends with.
pub const ELLIPSIS: &str = "\u{2026}";

/// Cuts `text` so it fits `max_width`, ending with an ellipsis (…) when shortened.
pub fn truncate_to_width(text: &str, font: Font, size: f64, max_width: f64) -> String {
    if text_width(text, font, size) <= max_width {
        return text.to_string();
    }
    let ellipsis = ELLIPSIS;
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
    fn widths_come_from_the_embedded_font() {
        // Liberation Sans has Helvetica's widths: H e l l o = 722 + 556 + 222 + 222 + 556.
        assert!((text_width("Hello", Font::Regular, 1000.0) - 2278.0).abs() < 1.0);
        assert!((text_width("WWW", Font::Regular, 12.0) - 33.984).abs() < 0.02);
        // Greek and Cyrillic are measured from their own glyphs, not guessed.
        assert!(
            text_width("Москва", Font::Regular, 10.0) > text_width("Mockba", Font::Regular, 9.0)
        );
    }

    #[test]
    fn truncates_with_ellipsis() {
        let t = truncate_to_width("Quarterly planogram reset", Font::Regular, 10.0, 60.0);
        assert!(t.ends_with(ELLIPSIS));
        assert!(text_width(&t, Font::Regular, 10.0) <= 60.0);
        assert_eq!(truncate_to_width("ok", Font::Regular, 10.0, 60.0), "ok");
        let greek = truncate_to_width("Αθήνα Αθήνα Αθήνα Αθήνα", Font::Bold, 10.0, 50.0);
        assert!(text_width(&greek, Font::Bold, 10.0) <= 50.0, "{greek}");
    }

    #[test]
    fn wraps_words_and_breaks_long_ones() {
        let lines = wrap_text("the quick brown fox jumps", Font::Regular, 10.0, 50.0);
        assert!(lines.len() > 1);
        for l in &lines {
            assert!(text_width(l, Font::Regular, 10.0) <= 50.0, "{l}");
        }
        assert_eq!(lines.join(" "), "the quick brown fox jumps");
        let long = wrap_text(&"x".repeat(40), Font::Regular, 10.0, 50.0);
        assert!(long.len() >= 3);
        assert_eq!(long.concat(), "x".repeat(40));
        assert_eq!(wrap_text("a\nb", Font::Regular, 10.0, 50.0), vec!["a", "b"]);
    }
}
