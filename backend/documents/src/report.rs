//! Report parts every printable document shares: a title block, headings, notes, tables (the
//! header repeated after a page break, wrapped cells, a totals row), checklists with a signature
//! line, and the footer "Page x / y" on every page. Workforce's daily paperwork is built from
//! them; the calendar's timesheets are meant to be.
//!
//! Everything is tagged: the title is a level-1 heading, sections level-2 headings, tables are
//! Table / THead / TBody / TFoot with TH and TD cells, checklists are lists. Repeated table
//! headers, rules, backgrounds and footers are artifacts.

use crate::pdf::{
    ELLIPSIS, Element, Mark, PageFlow, PaperSize, PdfDocument, PdfError, Role, TextStyle, ascent,
    line_height, truncate_to_width, wrap_text,
};

/// Margins on every side, in points (0.75 in).
pub const MARGIN: f64 = 54.0;

pub const TITLE: TextStyle = TextStyle::bold(18.0);
pub const SUBTITLE: TextStyle = TextStyle::bold(12.0);
pub const META: TextStyle = TextStyle::regular(9.0).with_gray(0.35);
pub const HEADING: TextStyle = TextStyle::bold(12.0);
pub const SECTION: TextStyle = TextStyle::bold(13.0);
pub const TABLE_HEADER: TextStyle = TextStyle::bold(8.5);
pub const CELL: TextStyle = TextStyle::regular(9.0);
pub const CELL_BOLD: TextStyle = TextStyle::bold(9.0);
pub const ITEM: TextStyle = TextStyle::regular(10.0);
pub const NOTE: TextStyle = TextStyle::regular(9.5).with_gray(0.35);

const CELL_PAD: f64 = 4.0;
const CELL_LINE: f64 = 11.0;
const HEADER_HEIGHT: f64 = 16.0;
/// The content width the column widths and signature fields are drawn for (Letter, 0.75 in
/// margins); on other paper they scale to the width there is.
pub const NOMINAL_WIDTH: f64 = 504.0;

/// How a column's text sits in its cell.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Align {
    Left,
    /// Numbers and durations, so they line up.
    Right,
}

/// One table column: its title, its width in points on a 504 pt wide page (scaled to the page
/// there is), alignment, and whether long text wraps (up to `max_lines`) or is cut with "…".
#[derive(Debug, Clone, PartialEq)]
pub struct Column {
    pub title: String,
    pub width: f64,
    pub align: Align,
    pub max_lines: usize,
}

impl Column {
    /// A column whose text is cut to one line.
    pub fn new(title: &str, width: f64) -> Self {
        Self {
            title: title.to_string(),
            width,
            align: Align::Left,
            max_lines: 1,
        }
    }

    pub fn right(mut self) -> Self {
        self.align = Align::Right;
        self
    }

    /// Long text wraps onto at most `lines` lines; the last one ends with "…" if it is cut.
    pub fn wrap(mut self, lines: usize) -> Self {
        self.max_lines = lines.max(1);
        self
    }
}

/// A table to draw: columns, rows of cell texts, an optional totals row, and what a page that
/// continues it says first (e.g. "Ana (continued)").
#[derive(Debug, Clone, PartialEq)]
pub struct Table<'a> {
    pub columns: &'a [Column],
    pub rows: Vec<Vec<String>>,
    pub totals: Option<Vec<String>>,
    pub continued: String,
}

/// A document being laid out from report parts.
#[derive(Debug, Clone)]
pub struct Report {
    flow: PageFlow,
}

impl Report {
    /// A report on `paper`; `footer_left` is printed at the bottom left of every page, "Page x /
    /// y" at the bottom right.
    pub fn new(title: &str, paper: PaperSize, footer_left: &str) -> Self {
        Self {
            flow: PageFlow::new(title, paper, MARGIN, footer_left),
        }
    }

    /// The page flow underneath, for parts of a report's own.
    pub fn flow(&mut self) -> &mut PageFlow {
        &mut self.flow
    }

    fn root(&self) -> Element {
        self.flow.doc().root()
    }

    fn element(&mut self, parent: Element, role: Role) -> Element {
        self.flow.doc_mut().element(parent, role)
    }

    /// Title (level-1 heading), a subtitle, a gray line of facts, and a rule under them.
    pub fn title_block(&mut self, title: &str, subtitle: &str, meta: &str) {
        let root = self.root();
        let h = self.element(root, Role::Heading(1, title.to_string()));
        let width = self.flow.width();
        for line in wrap_text(title, TITLE.font, TITLE.size, width) {
            self.flow.text_line(&TITLE, &line, h);
        }
        self.flow.advance(2.0);
        if !subtitle.is_empty() {
            let p = self.element(root, Role::Paragraph);
            self.flow.paragraph(&SUBTITLE, subtitle, p);
        }
        if !meta.is_empty() {
            let p = self.element(root, Role::Paragraph);
            self.flow.paragraph(&META, meta, p);
        }
        self.flow.advance(4.0);
        self.rule(1.0, 0.0);
        self.flow.advance(14.0);
    }

    /// A level-`level` heading, with an optional gray note at the right of the same line (the
    /// heading is cut with "…" to leave it room).
    pub fn heading(&mut self, level: u16, text: &str, aside: Option<&str>) {
        let style = if level <= 2 { HEADING } else { CELL_BOLD };
        let root = self.root();
        let h = self.element(root, Role::Heading(level, text.to_string()));
        self.flow.ensure_space(line_height(&style));
        let aside = aside.filter(|a| !a.is_empty());
        let aside_width = aside.map_or(0.0, |a| META.width(a) + 12.0);
        let shown = truncate_to_width(
            text,
            style.font,
            style.size,
            self.flow.width() - aside_width,
        );
        let baseline = self.flow.y() - ascent(&style);
        let (page, left, right) = (self.flow.page(), self.flow.left(), self.flow.right());
        self.flow
            .doc_mut()
            .text(page, left, baseline, &style, &shown, h);
        if let Some(a) = aside {
            let p = self.element(root, Role::Paragraph);
            let x = right - META.width(a);
            self.flow.doc_mut().text(page, x, baseline, &META, a, p);
        }
        self.flow.advance(line_height(&style) + 2.0);
    }

    /// A gray, wrapped paragraph.
    pub fn note(&mut self, text: &str) {
        let root = self.root();
        let p = self.element(root, Role::Paragraph);
        self.flow.paragraph(&NOTE, text, p);
    }

    /// A wrapped paragraph in `style`.
    pub fn paragraph(&mut self, style: &TextStyle, text: &str) {
        let root = self.root();
        let p = self.element(root, Role::Paragraph);
        self.flow.paragraph(style, text, p);
    }

    pub fn gap(&mut self, dy: f64) {
        self.flow.advance(dy);
    }

    /// Starts a new page unless `height` still fits (to keep a heading with what follows).
    pub fn keep_together(&mut self, height: f64) {
        self.flow.ensure_space(height);
    }

    /// A horizontal rule across the content width at the current position.
    pub fn rule(&mut self, width: f64, gray: f64) {
        let (page, left, right, y) = (
            self.flow.page(),
            self.flow.left(),
            self.flow.right(),
            self.flow.y(),
        );
        self.flow
            .doc_mut()
            .line(page, (left, y), (right, y), width, gray);
    }

    /// Column widths scaled to the page's content width.
    fn widths(&self, columns: &[Column]) -> Vec<f64> {
        let total: f64 = columns.iter().map(|c| c.width).sum();
        let scale = if total > 0.0 {
            self.flow.width() / total
        } else {
            1.0
        };
        columns.iter().map(|c| c.width * scale).collect()
    }

    /// Height of the header row plus `rows` one-line rows: what to keep together with a table's
    /// heading.
    pub fn table_start_height(rows: usize) -> f64 {
        HEADER_HEIGHT + rows as f64 * (CELL_LINE + 5.0)
    }

    /// Draws a table; its header is repeated (as an artifact) after each page break, preceded by
    /// `table.continued` in bold.
    pub fn table(&mut self, table: &Table<'_>) {
        let widths = self.widths(table.columns);
        let root = self.root();
        let t = self.element(root, Role::Table);
        let head = self.element(t, Role::TableHead);
        let head_row = self.element(head, Role::Row);
        self.flow.ensure_space(HEADER_HEIGHT + CELL_LINE + 5.0);
        self.header_row(table.columns, &widths, Some(head_row));
        let body = self.element(t, Role::TableBody);
        for row in &table.rows {
            let cells = self.cell_lines(table.columns, &widths, row, &CELL);
            let height = row_height(&cells);
            if self.flow.ensure_space(height) {
                if !table.continued.is_empty() {
                    self.flow
                        .text_line(&CELL_BOLD, &table.continued, Mark::Layout);
                    self.flow.advance(2.0);
                }
                self.header_row(table.columns, &widths, None);
            }
            let r = self.element(body, Role::Row);
            self.draw_row(table.columns, &widths, &cells, &CELL, height, r, Role::Cell);
        }
        if let Some(totals) = &table.totals {
            let cells = self.cell_lines(table.columns, &widths, totals, &CELL_BOLD);
            let height = row_height(&cells);
            if self.flow.ensure_space(height) {
                self.header_row(table.columns, &widths, None);
            }
            let foot = self.element(t, Role::TableFoot);
            let r = self.element(foot, Role::Row);
            self.draw_row(
                table.columns,
                &widths,
                &cells,
                &CELL_BOLD,
                height,
                r,
                Role::Cell,
            );
        }
    }

    /// The header row at the current position; tagged under `row` the first time, an artifact
    /// when repeated.
    fn header_row(&mut self, columns: &[Column], widths: &[f64], row: Option<Element>) {
        let (page, left, width, top) = (
            self.flow.page(),
            self.flow.left(),
            self.flow.width(),
            self.flow.y(),
        );
        self.flow
            .doc_mut()
            .fill_rect(page, left, top - HEADER_HEIGHT, width, HEADER_HEIGHT, 0.88);
        let baseline = top - HEADER_HEIGHT + 5.0;
        let mut x = left;
        for (column, w) in columns.iter().zip(widths) {
            let label = truncate_to_width(
                &column.title,
                TABLE_HEADER.font,
                TABLE_HEADER.size,
                w - 2.0 * CELL_PAD,
            );
            let tx = match column.align {
                Align::Right => x + w - CELL_PAD - TABLE_HEADER.width(&label),
                Align::Left => x + CELL_PAD,
            };
            let mark = match row {
                Some(r) => Mark::In(self.element(r, Role::HeaderCell)),
                None => Mark::Layout,
            };
            self.flow
                .doc_mut()
                .text(page, tx, baseline, &TABLE_HEADER, &label, mark);
            x += w;
        }
        self.flow.advance(HEADER_HEIGHT);
    }

    /// Each cell's lines: wrapped to its column (at most its `max_lines`, the last cut with "…").
    fn cell_lines(
        &self,
        columns: &[Column],
        widths: &[f64],
        row: &[String],
        style: &TextStyle,
    ) -> Vec<Vec<String>> {
        columns
            .iter()
            .zip(widths)
            .enumerate()
            .map(|(i, (column, w))| {
                let text = row.get(i).map(|s| s.trim()).unwrap_or("");
                fit_lines(text, style, w - 2.0 * CELL_PAD, column.max_lines)
            })
            .collect()
    }

    #[allow(clippy::too_many_arguments)]
    fn draw_row(
        &mut self,
        columns: &[Column],
        widths: &[f64],
        cells: &[Vec<String>],
        style: &TextStyle,
        height: f64,
        row: Element,
        role: Role,
    ) {
        let (page, left, right, top) = (
            self.flow.page(),
            self.flow.left(),
            self.flow.right(),
            self.flow.y(),
        );
        let mut x = left;
        for ((column, w), lines) in columns.iter().zip(widths).zip(cells) {
            let cell = self.element(row, role.clone());
            for (k, line) in lines.iter().enumerate() {
                let baseline = top - 3.0 - ascent(style) - k as f64 * CELL_LINE;
                let tx = match column.align {
                    Align::Right => x + w - CELL_PAD - style.width(line),
                    Align::Left => x + CELL_PAD,
                };
                self.flow
                    .doc_mut()
                    .text(page, tx, baseline, style, line, cell);
            }
            x += w;
        }
        self.flow
            .doc_mut()
            .line(page, (left, top - height), (right, top - height), 0.5, 0.75);
        self.flow.advance(height);
    }

    /// A checklist: its name (level-2 heading), an optional description, one box per item, and a
    /// line for initials, signature and date, kept together.
    pub fn checklist(&mut self, name: &str, description: Option<&str>, items: &[String]) {
        // Keep the title with its description and first item.
        self.flow
            .ensure_space(line_height(&SECTION) + 3.0 * line_height(&ITEM) + 8.0);
        self.rule(0.5, 0.6);
        self.flow.advance(8.0);
        let root = self.root();
        let h = self.element(root, Role::Heading(2, name.trim().to_string()));
        self.flow.paragraph(&SECTION, name.trim(), h);
        if let Some(desc) = description.map(str::trim).filter(|d| !d.is_empty()) {
            self.flow.advance(1.0);
            self.note(desc);
        }
        self.flow.advance(6.0);

        let box_size = 9.0;
        let indent = 18.0;
        let list = self.element(root, Role::List);
        for item in items {
            let lines = wrap_text(
                item.trim(),
                ITEM.font,
                ITEM.size,
                self.flow.width() - indent,
            );
            let height = lines.len() as f64 * line_height(&ITEM) + 5.0;
            self.flow.ensure_space(height);
            let li = self.element(list, Role::ListItem);
            let label = self.element(li, Role::Label);
            let body = self.element(li, Role::ListBody);
            self.flow.doc_mut().set_actual_text(body, item.trim());
            let (page, left, top) = (self.flow.page(), self.flow.left(), self.flow.y());
            let first_baseline = top - ascent(&ITEM);
            self.flow.doc_mut().stroke_rect(
                page,
                left,
                first_baseline - 1.0,
                box_size,
                box_size,
                0.8,
                label,
            );
            for (k, line) in lines.iter().enumerate() {
                let baseline = first_baseline - k as f64 * line_height(&ITEM);
                self.flow
                    .doc_mut()
                    .text(page, left + indent, baseline, &ITEM, line, body);
            }
            self.flow.advance(height);
        }
        if items.is_empty() {
            self.note("No items");
        }

        // Initials, signature and date on one line, kept together.
        let sign_height = 34.0;
        self.flow.ensure_space(sign_height);
        self.flow.advance(sign_height - 8.0);
        let scale = self.flow.width() / NOMINAL_WIDTH;
        let (page, left, right, baseline) = (
            self.flow.page(),
            self.flow.left(),
            self.flow.right(),
            self.flow.y(),
        );
        let fields = [
            ("Initials:", left, left + 110.0 * scale),
            ("Signature:", left + 130.0 * scale, left + 360.0 * scale),
            ("Date:", left + 380.0 * scale, right),
        ];
        let p = self.element(root, Role::Paragraph);
        for (label, start, end) in fields {
            self.flow
                .doc_mut()
                .text(page, start, baseline, &CELL, label, p);
            let line_start = start + CELL.width(label) + 4.0;
            self.flow.doc_mut().line(
                page,
                (line_start, baseline - 2.0),
                (end, baseline - 2.0),
                0.6,
                0.0,
            );
        }
        self.flow.advance(8.0 + 16.0);
    }

    /// Adds the footers and gives the document (to inspect its layout).
    pub fn into_document(self) -> PdfDocument {
        self.flow.into_document()
    }

    /// Adds the footers and writes the PDF.
    pub fn finish(self) -> Result<Vec<u8>, PdfError> {
        self.into_document().to_bytes()
    }
}

fn row_height(cells: &[Vec<String>]) -> f64 {
    let lines = cells.iter().map(Vec::len).max().unwrap_or(1).max(1);
    lines as f64 * CELL_LINE + 5.0
}

/// `text` wrapped to `width`, at most `max_lines` lines, the last one cut with "…" when text
/// remains.
pub fn fit_lines(text: &str, style: &TextStyle, width: f64, max_lines: usize) -> Vec<String> {
    if text.is_empty() {
        return vec![String::new()];
    }
    let mut lines = wrap_text(text, style.font, style.size, width);
    if lines.len() > max_lines {
        let rest = lines[max_lines - 1..].join(" ");
        lines.truncate(max_lines - 1);
        // Force the ellipsis: the joined rest may happen to fit exactly.
        let last = truncate_to_width(&format!("{rest} {ELLIPSIS}"), style.font, style.size, width);
        lines.push(last);
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    fn columns() -> Vec<Column> {
        vec![
            Column::new("Name", 200.0).wrap(3),
            Column::new("Where", 200.0),
            Column::new("Hours", 104.0).right(),
        ]
    }

    #[test]
    fn tables_fit_their_columns_on_both_papers() {
        for paper in PaperSize::ALL {
            let cols = columns();
            let mut r = Report::new("T", paper, "foot");
            r.title_block("Timesheet", "March 2026", "Generated today");
            r.table(&Table {
                columns: &cols,
                rows: (0..80)
                    .map(|i| {
                        vec![
                            format!("Łódź Αθήνα Москва {}", "long ".repeat(i % 30)),
                            "Ærøskøbing, a very long place name indeed that is cut".into(),
                            format!("{i}h"),
                        ]
                    })
                    .collect(),
                totals: Some(vec!["Total".into(), String::new(), "3160h".into()]),
                continued: "Timesheet (continued)".into(),
            });
            let doc = r.into_document();
            assert!(doc.page_count() >= 3);
            let scale = (paper.width() - 2.0 * MARGIN) / 504.0;
            let bounds = [
                (MARGIN, MARGIN + 200.0 * scale),
                (MARGIN + 200.0 * scale, MARGIN + 400.0 * scale),
                (MARGIN + 400.0 * scale, paper.width() - MARGIN),
            ];
            for t in doc.placed_texts() {
                assert!(t.x >= MARGIN - 0.01, "{t:?}");
                assert!(t.x + t.width <= paper.width() - MARGIN + 0.01, "{t:?}");
                assert!(t.baseline >= MARGIN - 20.0, "{t:?}");
                // Each cell's text stays inside its column.
                if let Some((lo, hi)) = bounds.iter().find(|(lo, hi)| t.x >= *lo && t.x < *hi)
                    && t.size == CELL.size
                {
                    assert!(
                        t.x + t.width <= hi - CELL_PAD + 0.01,
                        "{t:?} past {lo}..{hi}"
                    );
                }
            }
            let texts: Vec<String> = doc.placed_texts().into_iter().map(|t| t.text).collect();
            assert!(texts.contains(&"Timesheet (continued)".to_string()));
            assert!(texts.iter().any(|t| t.ends_with(ELLIPSIS)));
            assert!(texts.contains(&"3160h".to_string()));
            doc.to_bytes().unwrap();
        }
    }

    #[test]
    fn fit_lines_caps_and_marks_the_cut() {
        let lines = fit_lines(&"word ".repeat(80), &CELL, 100.0, 3);
        assert_eq!(lines.len(), 3);
        assert!(lines[2].ends_with(ELLIPSIS));
        assert_eq!(fit_lines("", &CELL, 100.0, 3), vec![String::new()]);
    }
}
