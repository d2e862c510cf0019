//! Top-to-bottom page flow over a `PdfDocument`: margins, page breaks and "Page x / y" footers.

use super::{Element, Mark, PaperSize, PdfDocument, TextStyle};

/// Gap between the last content line and the footer baseline.
const FOOTER_GAP: f64 = 18.0;
const FOOTER_STYLE: TextStyle = TextStyle::regular(8.0).with_gray(0.35);

/// Lays content out from the top margin down, starting a new page when the next block would run
/// into the footer. `y` is the top of the next block.
#[derive(Debug, Clone)]
pub struct PageFlow {
    doc: PdfDocument,
    margin: f64,
    page: usize,
    y: f64,
    footer_left: String,
}

impl PageFlow {
    /// Starts a document with one page and equal margins on all sides. `footer_left` is printed
    /// at the bottom left of every page.
    pub fn new(title: &str, paper: PaperSize, margin: f64, footer_left: &str) -> Self {
        let mut doc = PdfDocument::new(title, paper);
        let page = doc.add_page();
        Self {
            doc,
            margin,
            page,
            y: paper.height() - margin,
            footer_left: footer_left.to_string(),
        }
    }

    pub fn doc_mut(&mut self) -> &mut PdfDocument {
        &mut self.doc
    }

    pub fn doc(&self) -> &PdfDocument {
        &self.doc
    }

    /// Index of the page being filled.
    pub fn page(&self) -> usize {
        self.page
    }

    pub fn left(&self) -> f64 {
        self.margin
    }

    pub fn right(&self) -> f64 {
        self.doc.paper().width() - self.margin
    }

    pub fn width(&self) -> f64 {
        self.right() - self.left()
    }

    pub fn y(&self) -> f64 {
        self.y
    }

    fn top(&self) -> f64 {
        self.doc.paper().height() - self.margin
    }

    /// Lowest y content may reach; the footer lives below it.
    pub fn bottom(&self) -> f64 {
        self.margin
    }

    pub fn advance(&mut self, dy: f64) {
        self.y -= dy;
    }

    /// Space left on the current page.
    pub fn remaining(&self) -> f64 {
        self.y - self.bottom()
    }

    /// Starts a new page unless `height` still fits on this one. Returns whether a page was
    /// started, so callers can repeat table headers. A block taller than a whole page is placed
    /// at the top of a fresh page and allowed to overflow rather than looping forever.
    pub fn ensure_space(&mut self, height: f64) -> bool {
        let at_top = self.y >= self.top();
        if height > self.remaining() && !at_top {
            self.new_page();
            true
        } else {
            false
        }
    }

    pub fn new_page(&mut self) {
        self.page = self.doc.add_page();
        self.y = self.top();
    }

    /// Draws a line of text whose top is at the current y, then moves down by the line height
    /// (1.25 × size).
    pub fn text_line(&mut self, style: &TextStyle, text: &str, mark: impl Into<Mark>) {
        let height = line_height(style);
        self.ensure_space(height);
        let baseline = self.y - ascent(style);
        let (page, x) = (self.page, self.left());
        self.doc.text(page, x, baseline, style, text, mark);
        self.y -= height;
    }

    /// Word-wrapped paragraph across the full content width, tagged as one element.
    pub fn paragraph(&mut self, style: &TextStyle, text: &str, element: Element) {
        for line in super::wrap_text(text, style.font, style.size, self.width()) {
            self.text_line(style, &line, element);
        }
    }

    /// Adds the footer to every page and returns the document.
    pub fn into_document(mut self) -> PdfDocument {
        let total = self.doc.page_count();
        let baseline = self.margin - FOOTER_GAP;
        let left = super::truncate_to_width(
            &self.footer_left,
            FOOTER_STYLE.font,
            FOOTER_STYLE.size,
            self.width() - 90.0,
        );
        for page in 0..total {
            let label = format!("Page {} / {}", page + 1, total);
            let x = self.right() - FOOTER_STYLE.width(&label);
            self.doc
                .text(page, x, baseline, &FOOTER_STYLE, &label, Mark::Footer);
            self.doc.text(
                page,
                self.margin,
                baseline,
                &FOOTER_STYLE,
                &left,
                Mark::Footer,
            );
        }
        self.doc
    }
}

/// Distance from the top of a line to its baseline: 0.718 em, Helvetica's ascender, which the
/// layouts were drawn for; Liberation Sans' capitals (0.729 em) and ascenders sit within a line
/// of 1.25 em from there.
pub fn ascent(style: &TextStyle) -> f64 {
    style.size * 0.718
}

pub fn line_height(style: &TextStyle) -> f64 {
    style.size * 1.25
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn breaks_pages_and_numbers_them() {
        let mut flow = PageFlow::new("t", PaperSize::Letter, 54.0, "Kairos");
        let root = flow.doc().root();
        for i in 0..120 {
            flow.text_line(&TextStyle::regular(10.0), &format!("line {i}"), root);
        }
        assert!(flow.page() >= 1);
        let doc = flow.into_document();
        let pages = doc.page_count();
        assert!(pages >= 2);
        let texts: Vec<String> = doc.placed_texts().into_iter().map(|t| t.text).collect();
        assert!(texts.contains(&format!("Page {pages} / {pages}")));
        assert!(texts.contains(&format!("Page 1 / {pages}")) && texts.contains(&"Kairos".into()));
        assert_eq!(
            crate::pdf::tests::page_count(&doc.to_bytes().unwrap()),
            pages
        );
    }

    #[test]
    fn a4_holds_more_lines_than_letter() {
        let lines_on_first_page = |paper| {
            let mut flow = PageFlow::new("t", paper, 54.0, "");
            let root = flow.doc().root();
            let mut n = 0;
            while flow.page() == 0 {
                flow.text_line(&TextStyle::regular(10.0), "x", root);
                n += 1;
            }
            n - 1
        };
        assert!(lines_on_first_page(PaperSize::A4) > lines_on_first_page(PaperSize::Letter));
    }

    #[test]
    fn oversized_block_does_not_loop() {
        let mut flow = PageFlow::new("t", PaperSize::Letter, 54.0, "");
        assert!(!flow.ensure_space(5000.0));
        flow.advance(10.0);
        assert!(flow.ensure_space(5000.0));
        assert_eq!(flow.page(), 1);
    }
}
