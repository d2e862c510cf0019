//! XML text escaping shared by the XLSX writer.

/// Escapes markup characters and drops characters XML 1.0 forbids (C0
/// controls other than tab/LF/CR, U+FFFE, U+FFFF): one stray control
/// character from imported data would otherwise make the whole file unreadable.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c if is_xml_char(c) => out.push(c),
            _ => {}
        }
    }
    out
}

fn is_xml_char(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..)
}

#[cfg(test)]
mod tests {
    use super::escape;

    #[test]
    fn escapes_markup_and_strips_invalid_chars() {
        assert_eq!(
            escape("a<b>&\"c'\u{1}\u{b}\tz\u{FFFF}é😀"),
            "a&lt;b&gt;&amp;&quot;c&apos;\tzé😀"
        );
    }
}
