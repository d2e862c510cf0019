//! Small PDF 1.4 writer: US Letter pages, standard Helvetica fonts, text, lines and rectangles.
//!
//! Uses only the standard 14 Type1 fonts, which every reader must provide, so
//! nothing is embedded and the files stay small. Content streams are left
//! uncompressed: there is no deflate implementation here, and reports are a
//! few kilobytes per page anyway.

mod layout;
mod metrics;
mod paperwork;

pub use layout::PageFlow;
pub use metrics::{text_width, truncate_to_width, wrap_text};
pub use paperwork::{Checklist, DailyPaperwork, DayAssignment, EmployeeDay, daily_paperwork};

/// US Letter, in points (1/72 inch).
pub const PAGE_WIDTH: f64 = 612.0;
pub const PAGE_HEIGHT: f64 = 792.0;

/// The two standard fonts the writer declares.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Font {
    Helvetica,
    HelveticaBold,
}

impl Font {
    fn resource_name(self) -> &'static str {
        match self {
            Font::Helvetica => "F1",
            Font::HelveticaBold => "F2",
        }
    }
}

/// How a piece of text is set: font, size in points, gray level (0 = black,
/// 1 = white).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TextStyle {
    pub font: Font,
    pub size: f64,
    pub gray: f64,
}

impl TextStyle {
    pub const fn regular(size: f64) -> Self {
        Self {
            font: Font::Helvetica,
            size,
            gray: 0.0,
        }
    }

    pub const fn bold(size: f64) -> Self {
        Self {
            font: Font::HelveticaBold,
            size,
            gray: 0.0,
        }
    }

    pub const fn with_gray(self, gray: f64) -> Self {
        Self { gray, ..self }
    }

    pub fn width(&self, text: &str) -> f64 {
        text_width(text, self.font, self.size)
    }
}

/// A PDF under construction: a list of pages, each a content stream of
/// drawing operators. Coordinates are PDF user space: origin at the bottom
/// left of the page, y growing upwards, in points.
///
/// Drawing methods take a page index from [`PdfDocument::add_page`] and
/// panic on an index that was never returned (a programming error).
#[derive(Debug, Clone, Default)]
pub struct PdfDocument {
    title: String,
    pages: Vec<String>,
}

impl PdfDocument {
    pub fn new(title: &str) -> Self {
        Self {
            title: title.to_string(),
            pages: Vec::new(),
        }
    }

    /// Appends an empty page and returns its index.
    pub fn add_page(&mut self) -> usize {
        self.pages.push(String::new());
        self.pages.len() - 1
    }

    pub fn page_count(&self) -> usize {
        self.pages.len()
    }

    /// Draws `text` with its baseline starting at (x, y).
    pub fn text(&mut self, page: usize, x: f64, y: f64, style: &TextStyle, text: &str) {
        let ops = format!(
            "BT /{} {} Tf {} g {} {} Td {} Tj ET\n",
            style.font.resource_name(),
            num(style.size),
            num(style.gray),
            num(x),
            num(y),
            pdf_string(&encode_text(text)),
        );
        self.pages[page].push_str(&ops);
    }

    /// Straight line from `from` to `to` with the given width and gray.
    pub fn line(&mut self, page: usize, from: (f64, f64), to: (f64, f64), width: f64, gray: f64) {
        let ops = format!(
            "q {} w {} G {} {} m {} {} l S Q\n",
            num(width),
            num(gray),
            num(from.0),
            num(from.1),
            num(to.0),
            num(to.1)
        );
        self.pages[page].push_str(&ops);
    }

    /// Outline of a rectangle whose lower-left corner is (x, y).
    pub fn stroke_rect(&mut self, page: usize, x: f64, y: f64, w: f64, h: f64, width: f64) {
        let ops = format!(
            "q {} w 0 G {} {} {} {} re S Q\n",
            num(width),
            num(x),
            num(y),
            num(w),
            num(h)
        );
        self.pages[page].push_str(&ops);
    }

    /// Filled rectangle (no outline) in the given gray.
    pub fn fill_rect(&mut self, page: usize, x: f64, y: f64, w: f64, h: f64, gray: f64) {
        let ops = format!(
            "q {} g {} {} {} {} re f Q\n",
            num(gray),
            num(x),
            num(y),
            num(w),
            num(h)
        );
        self.pages[page].push_str(&ops);
    }

    /// Serialises the document. A document without pages gets one blank
    /// page, since a PDF must have at least one.
    pub fn to_bytes(&self) -> Vec<u8> {
        let blank = [String::new()];
        let pages: &[String] = if self.pages.is_empty() {
            &blank
        } else {
            &self.pages
        };
        // Object numbers: 1 catalog, 2 page tree, 3-4 fonts, 5 info, then a
        // (page, content stream) pair per page.
        let page_obj = |i: usize| 6 + 2 * i;
        let mut objects: Vec<Vec<u8>> = Vec::new();
        objects.push(b"<< /Type /Catalog /Pages 2 0 R >>".to_vec());
        let kids: Vec<String> = (0..pages.len())
            .map(|i| format!("{} 0 R", page_obj(i)))
            .collect();
        objects.push(
            format!(
                "<< /Type /Pages /Kids [{}] /Count {} /MediaBox [0 0 {} {}] >>",
                kids.join(" "),
                pages.len(),
                num(PAGE_WIDTH),
                num(PAGE_HEIGHT)
            )
            .into_bytes(),
        );
        for base in ["Helvetica", "Helvetica-Bold"] {
            objects.push(
                format!(
                    "<< /Type /Font /Subtype /Type1 /BaseFont /{base} /Encoding /WinAnsiEncoding >>"
                )
                .into_bytes(),
            );
        }
        objects.push(
            format!(
                "<< /Title {} /Producer (Kairos) >>",
                utf16_string(&self.title)
            )
            .into_bytes(),
        );
        for (i, content) in pages.iter().enumerate() {
            objects.push(
                format!(
                    "<< /Type /Page /Parent 2 0 R /Resources << /Font << /F1 3 0 R /F2 4 0 R >> >> \
                     /Contents {} 0 R >>",
                    page_obj(i) + 1
                )
                .into_bytes(),
            );
            let mut stream = format!("<< /Length {} >>\nstream\n", content.len()).into_bytes();
            stream.extend_from_slice(content.as_bytes());
            stream.extend_from_slice(b"\nendstream");
            objects.push(stream);
        }

        // The binary comment on line 2 tells transfer tools the file is binary.
        let mut out = b"%PDF-1.4\n%\xE2\xE3\xCF\xD3\n".to_vec();
        let mut offsets = Vec::with_capacity(objects.len());
        for (i, body) in objects.iter().enumerate() {
            offsets.push(out.len());
            out.extend_from_slice(format!("{} 0 obj\n", i + 1).as_bytes());
            out.extend_from_slice(body);
            out.extend_from_slice(b"\nendobj\n");
        }
        let xref_offset = out.len();
        // Each xref entry is exactly 20 bytes: "nnnnnnnnnn ggggg n \n".
        out.extend_from_slice(format!("xref\n0 {}\n", objects.len() + 1).as_bytes());
        out.extend_from_slice(b"0000000000 65535 f \n");
        for off in offsets {
            out.extend_from_slice(format!("{off:010} 00000 n \n").as_bytes());
        }
        out.extend_from_slice(
            format!(
                "trailer\n<< /Size {} /Root 1 0 R /Info 5 0 R >>\nstartxref\n{xref_offset}\n%%EOF\n",
                objects.len() + 1
            )
            .as_bytes(),
        );
        out
    }
}

/// Numbers in content streams: at most two decimals, no exponent (PDF has
/// no exponent syntax), no trailing zeros.
fn num(v: f64) -> String {
    let v = if v.is_finite() { v } else { 0.0 };
    let s = format!("{v:.2}");
    let s = s.trim_end_matches('0').trim_end_matches('.');
    if s == "-0" || s.is_empty() {
        "0".to_string()
    } else {
        s.to_string()
    }
}

/// Encodes text for a WinAnsiEncoding font: Latin-1 maps to itself, the
/// typographic punctuation WinAnsi keeps in 0x80-0x9F (smart quotes, dashes,
/// bullet, ellipsis, euro, trademark) to those codes, whitespace controls to
/// a space, and everything else to '?'.
pub(crate) fn encode_text(text: &str) -> Vec<u8> {
    text.chars()
        .filter_map(|c| match c {
            '\t' | '\n' | '\r' => Some(b' '),
            ' '..='~' => Some(c as u8),
            '\u{A0}'..='\u{FF}' => Some(c as u32 as u8),
            '\u{20AC}' => Some(0x80),
            '\u{2026}' => Some(0x85),
            '\u{2030}' => Some(0x89),
            '\u{2018}' => Some(0x91),
            '\u{2019}' => Some(0x92),
            '\u{201C}' => Some(0x93),
            '\u{201D}' => Some(0x94),
            '\u{2022}' => Some(0x95),
            '\u{2013}' => Some(0x96),
            '\u{2014}' => Some(0x97),
            '\u{2122}' => Some(0x99),
            c if c.is_control() => None,
            _ => Some(b'?'),
        })
        .collect()
}

/// A literal string `( ... )`: the delimiters and backslash are escaped, and
/// bytes outside printable ASCII are written as octal escapes so content
/// streams stay 7-bit text.
fn pdf_string(bytes: &[u8]) -> String {
    let mut s = String::with_capacity(bytes.len() + 2);
    s.push('(');
    for &b in bytes {
        match b {
            b'(' | b')' | b'\\' => {
                s.push('\\');
                s.push(b as char);
            }
            0x20..=0x7E => s.push(b as char),
            _ => s.push_str(&format!("\\{b:03o}")),
        }
    }
    s.push(')');
    s
}

/// Text strings outside content streams (document info) may be UTF-16BE
/// with a byte-order mark, which keeps any title readable.
fn utf16_string(text: &str) -> String {
    let mut s = String::from("<FEFF");
    for unit in text.encode_utf16() {
        s.push_str(&format!("{unit:04X}"));
    }
    s.push('>');
    s
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// Checks every xref entry points at its `N 0 obj` header and that
    /// startxref points at the xref table; returns the object count.
    pub(crate) fn check_xref(pdf: &[u8]) -> usize {
        let text = String::from_utf8_lossy(pdf);
        let startxref: usize = text
            .rsplit("startxref\n")
            .next()
            .and_then(|t| t.lines().next())
            .and_then(|n| n.trim().parse().ok())
            .expect("startxref");
        assert!(pdf[startxref..].starts_with(b"xref\n"));
        let table = std::str::from_utf8(&pdf[startxref..]).expect("ascii xref");
        let mut lines = table.lines().skip(1);
        let header = lines.next().expect("subsection header");
        let count: usize = header
            .split(' ')
            .nth(1)
            .and_then(|n| n.parse().ok())
            .expect("count");
        assert_eq!(lines.next(), Some("0000000000 65535 f "));
        for n in 1..count {
            let entry = lines.next().expect("entry");
            assert_eq!(entry.len(), 19, "entry {n} must be 20 bytes with LF");
            let off: usize = entry[..10].parse().expect("offset");
            let expected = format!("{n} 0 obj");
            assert!(
                pdf[off..].starts_with(expected.as_bytes()),
                "xref entry {n} points at {:?}",
                String::from_utf8_lossy(&pdf[off..off + 12])
            );
        }
        count - 1
    }

    pub(crate) fn page_count(pdf: &[u8]) -> usize {
        let text = String::from_utf8_lossy(pdf);
        let after = text.split("/Type /Pages").nth(1).expect("page tree");
        after
            .split("/Count ")
            .nth(1)
            .and_then(|t| t.split(' ').next())
            .and_then(|n| n.parse().ok())
            .expect("count")
    }

    #[test]
    fn document_structure_and_xref() {
        let mut doc = PdfDocument::new("Report (draft)");
        let p = doc.add_page();
        doc.text(p, 72.0, 700.0, &TextStyle::regular(12.0), "Hello");
        doc.line(p, (72.0, 690.0), (300.0, 690.0), 0.5, 0.0);
        let p2 = doc.add_page();
        doc.stroke_rect(p2, 72.0, 600.0, 9.0, 9.0, 0.75);
        doc.fill_rect(p2, 72.0, 500.0, 100.0, 10.0, 0.9);
        let pdf = doc.to_bytes();
        assert!(pdf.starts_with(b"%PDF-1.4\n"));
        assert!(pdf.ends_with(b"%%EOF\n"));
        assert_eq!(check_xref(&pdf), 5 + 2 * 2);
        assert_eq!(page_count(&pdf), 2);
        let text = String::from_utf8_lossy(&pdf);
        assert!(text.contains("/BaseFont /Helvetica-Bold /Encoding /WinAnsiEncoding"));
        assert!(text.contains("BT /F1 12 Tf 0 g 72 700 Td (Hello) Tj ET"));
        assert!(text.contains("72 600 9 9 re S"));
    }

    #[test]
    fn stream_lengths_match() {
        let mut doc = PdfDocument::new("t");
        let p = doc.add_page();
        doc.text(p, 1.0, 2.0, &TextStyle::bold(9.0), "caf\u{e9} (x)");
        let pdf = doc.to_bytes();
        let text = String::from_utf8_lossy(&pdf);
        for part in text.split("<< /Length ").skip(1) {
            let len: usize = part.split(' ').next().unwrap().parse().unwrap();
            let body = &part[part.find("stream\n").unwrap() + 7..];
            assert_eq!(&body[len..len + 10], "\nendstream");
        }
    }

    #[test]
    fn escapes_special_characters() {
        assert_eq!(pdf_string(&encode_text("a(b)c\\d")), "(a\\(b\\)c\\\\d)");
        assert_eq!(pdf_string(&encode_text("é€ 漢")), "(\\351\\200 ?)");
        assert_eq!(encode_text("a\tb\u{1}c\u{2019}"), b"a bc\x92");
        assert_eq!(utf16_string("Aé"), "<FEFF004100E9>");
    }

    #[test]
    fn numbers_have_no_exponent() {
        assert_eq!(num(1.0), "1");
        assert_eq!(num(12.345), "12.35");
        assert_eq!(num(-0.001), "0");
        assert_eq!(num(0.5), "0.5");
        assert_eq!(num(f64::NAN), "0");
    }

    #[test]
    fn empty_document_has_one_page() {
        let pdf = PdfDocument::new("empty").to_bytes();
        assert_eq!(page_count(&pdf), 1);
        check_xref(&pdf);
    }
}
