//! PDF documents written with [krilla]: A4 or US Letter pages, text in the embedded Liberation
//! Sans (subsetted, so a report carries only the glyphs it uses), lines and rectangles, and a
//! tag tree (headings, paragraphs, tables, lists) so screen readers and text extraction follow
//! the reading order.
//!
//! The layout is ours: [`PdfDocument`] is a display list in PDF coordinates (origin at the
//! bottom left, y upwards, points), filled page by page by [`PageFlow`] and the report parts in
//! [`crate::report`], and handed to krilla only in [`PdfDocument::to_bytes`]. That is what lets
//! a footer say "Page 1 / 3" once the last page is known. Text is measured with the same font
//! data it is drawn with (see [`font`](self::font) for what happens to characters the font
//! lacks).

mod font;
mod layout;
mod metrics;
mod paperwork;

use std::num::NonZeroU16;

use krilla::color::luma;
use krilla::configure::{ConfigurationBuilder, PdfVersion};
use krilla::geom::{PathBuilder, Point, Rect};
use krilla::metadata::Metadata;
use krilla::page::PageSettings;
use krilla::paint::{Fill, Stroke};
use krilla::tagging::{
    Artifact, ArtifactType, ContentTag, Identifier, ListNumbering, Node, SpanTag, TableHeaderScope,
    Tag, TagGroup, TagKind, TagTree,
};
use krilla::text::{GlyphId, KrillaGlyph};
use krilla::{Data, Document, SerializeSettings};

pub use font::{BOLD_TTF, REGULAR_TTF, REPLACEMENT, clean, missing_glyphs};
pub use layout::{PageFlow, ascent, line_height};
pub use metrics::{ELLIPSIS, text_width, truncate_to_width, wrap_text};
pub use paperwork::{Checklist, DailyPaperwork, DayAssignment, EmployeeDay, daily_paperwork};

/// The paper a document is laid out on (setting `paper_size`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum PaperSize {
    /// ISO A4, 210 × 297 mm.
    A4,
    /// US Letter, 8.5 × 11 in.
    #[default]
    Letter,
}

impl PaperSize {
    pub const ALL: [PaperSize; 2] = [PaperSize::A4, PaperSize::Letter];

    /// Width in points (1/72 inch).
    pub fn width(self) -> f64 {
        match self {
            PaperSize::A4 => 595.276,
            PaperSize::Letter => 612.0,
        }
    }

    /// Height in points.
    pub fn height(self) -> f64 {
        match self {
            PaperSize::A4 => 841.89,
            PaperSize::Letter => 792.0,
        }
    }

    /// The setting's value: `a4` or `letter`.
    pub fn as_str(self) -> &'static str {
        match self {
            PaperSize::A4 => "a4",
            PaperSize::Letter => "letter",
        }
    }

    /// Reads `a4` or `letter` (any case).
    pub fn parse(s: &str) -> Option<PaperSize> {
        Self::ALL
            .into_iter()
            .find(|p| p.as_str().eq_ignore_ascii_case(s.trim()))
    }
}

/// The two embedded faces.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Font {
    Regular,
    Bold,
}

/// How a piece of text is set: font, size in points, gray level (0 = black, 1 = white).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TextStyle {
    pub font: Font,
    pub size: f64,
    pub gray: f64,
}

impl TextStyle {
    pub const fn regular(size: f64) -> Self {
        Self {
            font: Font::Regular,
            size,
            gray: 0.0,
        }
    }

    pub const fn bold(size: f64) -> Self {
        Self {
            font: Font::Bold,
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

/// A structure element of the document's tag tree (see [`PdfDocument::element`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Element(usize);

/// What a structure element is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Role {
    /// A heading of level 1 (the title) to 6, with its text as the heading's title.
    Heading(u16, String),
    Paragraph,
    Section,
    Table,
    TableHead,
    TableBody,
    TableFoot,
    Row,
    /// A header cell of a column.
    HeaderCell,
    Cell,
    List,
    ListItem,
    /// A list item's label (a checkbox).
    Label,
    ListBody,
}

/// Where drawn content belongs: in a structure element, or outside the document's content (a
/// page footer, a rule, a cell background).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mark {
    In(Element),
    /// Running footer (page numbers).
    Footer,
    /// Lines, boxes and backgrounds.
    Layout,
}

impl From<Element> for Mark {
    fn from(e: Element) -> Self {
        Mark::In(e)
    }
}

#[derive(Debug, Clone, PartialEq)]
enum Op {
    Text {
        x: f64,
        y: f64,
        style: TextStyle,
        text: String,
        mark: Mark,
    },
    Line {
        from: (f64, f64),
        to: (f64, f64),
        width: f64,
        gray: f64,
    },
    StrokeRect {
        x: f64,
        y: f64,
        w: f64,
        h: f64,
        width: f64,
        mark: Mark,
    },
    FillRect {
        x: f64,
        y: f64,
        w: f64,
        h: f64,
        gray: f64,
    },
}

#[derive(Debug, Clone, PartialEq)]
enum Child {
    Element(usize),
    /// (page, op) of content drawn for this element.
    Content(usize, usize),
}

#[derive(Debug, Clone, PartialEq)]
struct ElementNode {
    role: Role,
    children: Vec<Child>,
    /// The element's text as one string (an item wrapped over several lines), for assistive
    /// technology and structure-aware extraction.
    actual_text: Option<String>,
}

/// Text as placed on a page, for checking a layout: where it starts, its baseline and width.
#[derive(Debug, Clone, PartialEq)]
pub struct PlacedText {
    pub page: usize,
    pub x: f64,
    pub baseline: f64,
    pub width: f64,
    pub size: f64,
    pub text: String,
}

/// A PDF could not be written (a bug rather than bad input: krilla refused the document).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PdfError(pub String);

impl std::fmt::Display for PdfError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "the PDF could not be written: {}", self.0)
    }
}

impl std::error::Error for PdfError {}

/// A PDF under construction: pages of drawing operations plus the tag tree. Coordinates are PDF
/// user space: origin at the bottom left of the page, y growing upwards, in points.
///
/// Drawing methods take a page index from [`PdfDocument::add_page`] and panic on an index that
/// was never returned (a programming error).
#[derive(Debug, Clone)]
pub struct PdfDocument {
    title: String,
    language: String,
    paper: PaperSize,
    pages: Vec<Vec<Op>>,
    /// Element 0 is the document itself (the tag tree's root).
    elements: Vec<ElementNode>,
}

impl PdfDocument {
    pub fn new(title: &str, paper: PaperSize) -> Self {
        Self {
            title: title.to_string(),
            language: "en".to_string(),
            paper,
            pages: Vec::new(),
            elements: vec![ElementNode {
                role: Role::Section,
                children: Vec::new(),
                actual_text: None,
            }],
        }
    }

    /// The document's language (BCP 47, `en` unless set), for screen readers.
    pub fn set_language(&mut self, language: &str) {
        self.language = language.to_string();
    }

    pub fn paper(&self) -> PaperSize {
        self.paper
    }

    /// The document as the root of its structure.
    pub fn root(&self) -> Element {
        Element(0)
    }

    /// A new structure element, the last child of `parent` so far (children are read in the
    /// order they are made).
    pub fn element(&mut self, parent: Element, role: Role) -> Element {
        let id = self.elements.len();
        self.elements.push(ElementNode {
            role,
            children: Vec::new(),
            actual_text: None,
        });
        self.elements[parent.0].children.push(Child::Element(id));
        Element(id)
    }

    /// Gives `element` its text as one string (`/ActualText`), e.g. a list item that wraps.
    pub fn set_actual_text(&mut self, element: Element, text: &str) {
        self.elements[element.0].actual_text = Some(text.to_string());
    }

    /// Appends an empty page and returns its index.
    pub fn add_page(&mut self) -> usize {
        self.pages.push(Vec::new());
        self.pages.len() - 1
    }

    pub fn page_count(&self) -> usize {
        self.pages.len()
    }

    fn push(&mut self, page: usize, op: Op) {
        let mark = match &op {
            Op::Text { mark, .. } | Op::StrokeRect { mark, .. } => Some(*mark),
            _ => None,
        };
        let index = self.pages[page].len();
        self.pages[page].push(op);
        if let Some(Mark::In(e)) = mark {
            self.elements[e.0]
                .children
                .push(Child::Content(page, index));
        }
    }

    /// Draws `text` with its baseline starting at (x, y), as part of `mark`.
    pub fn text(
        &mut self,
        page: usize,
        x: f64,
        y: f64,
        style: &TextStyle,
        text: &str,
        mark: impl Into<Mark>,
    ) {
        let op = Op::Text {
            x,
            y,
            style: *style,
            text: text.to_string(),
            mark: mark.into(),
        };
        self.push(page, op);
    }

    /// Straight line from `from` to `to` with the given width and gray (a layout artifact).
    pub fn line(&mut self, page: usize, from: (f64, f64), to: (f64, f64), width: f64, gray: f64) {
        self.push(
            page,
            Op::Line {
                from,
                to,
                width,
                gray,
            },
        );
    }

    /// Outline of a rectangle whose lower-left corner is (x, y); `mark` says whether it is
    /// content (a checkbox is a list label) or decoration.
    #[allow(clippy::too_many_arguments)]
    pub fn stroke_rect(
        &mut self,
        page: usize,
        x: f64,
        y: f64,
        w: f64,
        h: f64,
        width: f64,
        mark: impl Into<Mark>,
    ) {
        let mark = mark.into();
        self.push(
            page,
            Op::StrokeRect {
                x,
                y,
                w,
                h,
                width,
                mark,
            },
        );
    }

    /// Filled rectangle (no outline) in the given gray (a layout artifact).
    pub fn fill_rect(&mut self, page: usize, x: f64, y: f64, w: f64, h: f64, gray: f64) {
        self.push(page, Op::FillRect { x, y, w, h, gray });
    }

    /// Every text drawn, page by page, with its extent.
    pub fn placed_texts(&self) -> Vec<PlacedText> {
        let mut out = Vec::new();
        for (page, ops) in self.pages.iter().enumerate() {
            for op in ops {
                if let Op::Text {
                    x, y, style, text, ..
                } = op
                {
                    out.push(PlacedText {
                        page,
                        x: *x,
                        baseline: *y,
                        width: style.width(text),
                        size: style.size,
                        text: text.clone(),
                    });
                }
            }
        }
        out
    }

    /// Serialises the document with krilla. A document without pages gets one blank page,
    /// since a PDF must have at least one.
    pub fn to_bytes(&self) -> Result<Vec<u8>, PdfError> {
        let regular = krilla::text::Font::new(Data::from(REGULAR_TTF), 0)
            .ok_or_else(|| PdfError("the regular font cannot be read".into()))?;
        let bold = krilla::text::Font::new(Data::from(BOLD_TTF), 0)
            .ok_or_else(|| PdfError("the bold font cannot be read".into()))?;
        // PDF 1.4, the version every reader opens (krilla leaves out what 1.4 lacks).
        let configuration = ConfigurationBuilder::new()
            .with_version(PdfVersion::Pdf14)
            .finish()
            .map_err(|e| PdfError(format!("{e:?}")))?;
        let mut document = Document::new_with(SerializeSettings {
            enable_tagging: true,
            configuration,
            ..SerializeSettings::default()
        });
        let (width, height) = (self.paper.width() as f32, self.paper.height() as f32);
        let blank = [Vec::new()];
        let pages: &[Vec<Op>] = if self.pages.is_empty() {
            &blank
        } else {
            &self.pages
        };
        // The identifier of each piece of tagged content, by (page, op).
        let mut ids: Vec<Vec<Option<Identifier>>> = Vec::with_capacity(pages.len());
        for ops in pages {
            let settings = PageSettings::from_wh(width, height)
                .ok_or_else(|| PdfError("bad page size".into()))?;
            let mut page = document.start_page_with(settings);
            let mut surface = page.surface();
            let mut page_ids = Vec::with_capacity(ops.len());
            // PDF space (y up) to krilla's (y down from the top).
            let flip = |y: f64| height - y as f32;
            for op in ops {
                let mut id = None;
                match op {
                    Op::Text {
                        x,
                        y,
                        style,
                        text,
                        mark,
                    } => {
                        let cleaned = clean(text);
                        if !cleaned.is_empty() {
                            id = start(&mut surface, *mark);
                            surface.set_fill(Some(fill(style.gray)));
                            let glyphs: Vec<KrillaGlyph> = font::run(&cleaned, style.font)
                                .into_iter()
                                .map(|g| {
                                    KrillaGlyph::new(
                                        GlyphId::new(g.glyph.to_u32()),
                                        g.advance,
                                        0.0,
                                        0.0,
                                        0.0,
                                        g.range,
                                        None,
                                    )
                                })
                                .collect();
                            let face = match style.font {
                                Font::Regular => regular.clone(),
                                Font::Bold => bold.clone(),
                            };
                            surface.draw_glyphs(
                                Point::from_xy(*x as f32, flip(*y)),
                                &glyphs,
                                face,
                                &cleaned,
                                style.size as f32,
                                false,
                            );
                            surface.end_tagged();
                        }
                    }
                    Op::Line {
                        from,
                        to,
                        width,
                        gray,
                    } => {
                        let mut pb = PathBuilder::new();
                        pb.move_to(from.0 as f32, flip(from.1));
                        pb.line_to(to.0 as f32, flip(to.1));
                        if let Some(path) = pb.finish() {
                            start(&mut surface, Mark::Layout);
                            surface.set_fill(None);
                            surface.set_stroke(Some(stroke(*width, *gray)));
                            surface.draw_path(&path);
                            surface.set_stroke(None);
                            surface.end_tagged();
                        }
                    }
                    Op::StrokeRect {
                        x,
                        y,
                        w,
                        h,
                        width,
                        mark,
                    } => {
                        if let Some(path) = rect_path(*x, flip(*y + *h) as f64, *w, *h) {
                            id = start(&mut surface, *mark);
                            surface.set_fill(None);
                            surface.set_stroke(Some(stroke(*width, 0.0)));
                            surface.draw_path(&path);
                            surface.set_stroke(None);
                            surface.end_tagged();
                        }
                    }
                    Op::FillRect { x, y, w, h, gray } => {
                        if let Some(path) = rect_path(*x, flip(*y + *h) as f64, *w, *h) {
                            start(&mut surface, Mark::Layout);
                            surface.set_stroke(None);
                            surface.set_fill(Some(fill(*gray)));
                            surface.draw_path(&path);
                            surface.end_tagged();
                        }
                    }
                }
                page_ids.push(id);
            }
            surface.finish();
            page.finish();
            ids.push(page_ids);
        }

        let mut tree = TagTree::new().with_lang(Some(self.language.clone()));
        for child in self.elements[0].children.clone() {
            if let Some(node) = self.tag_node(&child, &mut ids) {
                tree.push(node);
            }
        }
        document.set_tag_tree(tree);
        document.set_metadata(
            Metadata::new()
                .title(self.title.clone())
                .language(self.language.clone())
                .creator("Kairos".to_string())
                .producer(concat!("Kairos ", env!("CARGO_PKG_VERSION"), " (krilla)").to_string()),
        );
        document.finish().map_err(|e| PdfError(format!("{e:?}")))
    }

    fn tag_node(&self, child: &Child, ids: &mut [Vec<Option<Identifier>>]) -> Option<Node> {
        match child {
            Child::Content(page, op) => ids[*page][*op].take().map(Node::from),
            Child::Element(e) => {
                let node = &self.elements[*e];
                let mut kind = tag_kind(&node.role);
                if let Some(text) = &node.actual_text {
                    kind = kind.with_actual_text(Some(text.clone()));
                }
                let mut group = TagGroup::new(kind);
                for c in &node.children {
                    if let Some(n) = self.tag_node(c, ids) {
                        group.push(n);
                    }
                }
                Some(Node::from(group))
            }
        }
    }
}

fn tag_kind(role: &Role) -> TagKind {
    match role {
        Role::Heading(level, title) => Tag::Hn(
            NonZeroU16::new((*level).clamp(1, 6)).unwrap_or(NonZeroU16::MIN),
            Some(title.clone()),
        )
        .into(),
        Role::Paragraph => Tag::P.into(),
        Role::Section => Tag::Section.into(),
        Role::Table => Tag::Table.into(),
        Role::TableHead => Tag::THead.into(),
        Role::TableBody => Tag::TBody.into(),
        Role::TableFoot => Tag::TFoot.into(),
        Role::Row => Tag::TR.into(),
        Role::HeaderCell => Tag::TH(TableHeaderScope::Column).into(),
        Role::Cell => Tag::TD.into(),
        Role::List => Tag::L(ListNumbering::None).into(),
        Role::ListItem => Tag::LI.into(),
        Role::Label => Tag::Lbl.into(),
        Role::ListBody => Tag::LBody.into(),
    }
}

/// Marks what follows: content gets an identifier for the tag tree, the rest is an artifact.
fn start(surface: &mut krilla::surface::Surface<'_>, mark: Mark) -> Option<Identifier> {
    match mark {
        Mark::In(_) => Some(surface.start_tagged(ContentTag::Span(SpanTag::empty()))),
        Mark::Footer => {
            surface.start_tagged(ContentTag::Artifact(Artifact::new(
                ArtifactType::Footer,
                None,
            )));
            None
        }
        Mark::Layout => {
            surface.start_tagged(ContentTag::Artifact(Artifact::new(
                ArtifactType::Layout,
                None,
            )));
            None
        }
    }
}

fn gray(level: f64) -> luma::Color {
    luma::Color::new((level.clamp(0.0, 1.0) * 255.0).round() as u8)
}

fn fill(level: f64) -> Fill {
    Fill {
        paint: gray(level).into(),
        ..Fill::default()
    }
}

fn stroke(width: f64, level: f64) -> Stroke {
    Stroke {
        paint: gray(level).into(),
        width: width as f32,
        ..Stroke::default()
    }
}

/// A rectangle path with its top-left corner at (x, top) in krilla's space.
fn rect_path(x: f64, top: f64, w: f64, h: f64) -> Option<krilla::geom::Path> {
    let rect = Rect::from_xywh(x as f32, top as f32, w as f32, h as f32)?;
    let mut pb = PathBuilder::new();
    pb.push_rect(rect);
    pb.finish()
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// Page count of a PDF written by krilla (its page tree's `/Count`).
    pub(crate) fn page_count(pdf: &[u8]) -> usize {
        let text = String::from_utf8_lossy(pdf);
        let after = text
            .split("/Type/Pages")
            .nth(1)
            .or_else(|| text.split("/Type /Pages").nth(1))
            .expect("page tree");
        after
            .split("/Count ")
            .nth(1)
            .and_then(|t| t.split(|c: char| !c.is_ascii_digit()).next())
            .and_then(|n| n.parse().ok())
            .expect("count")
    }

    #[test]
    fn writes_a_pdf_with_embedded_subset_fonts() {
        let mut doc = PdfDocument::new("Report (draft)", PaperSize::A4);
        let root = doc.root();
        let h = doc.element(root, Role::Heading(1, "Hello".into()));
        let p = doc.add_page();
        doc.text(p, 72.0, 700.0, &TextStyle::bold(12.0), "Hello", h);
        doc.text(
            p,
            72.0,
            680.0,
            &TextStyle::regular(10.0),
            "Łódź Αθήνα",
            Mark::Footer,
        );
        doc.line(p, (72.0, 690.0), (300.0, 690.0), 0.5, 0.0);
        let p2 = doc.add_page();
        let body = doc.element(root, Role::Paragraph);
        doc.stroke_rect(p2, 72.0, 600.0, 9.0, 9.0, 0.75, body);
        doc.fill_rect(p2, 72.0, 500.0, 100.0, 10.0, 0.9);
        let pdf = doc.to_bytes().unwrap();
        assert!(pdf.starts_with(b"%PDF-1.4"));
        assert_eq!(page_count(&pdf), 2);
        let text = String::from_utf8_lossy(&pdf);
        // TrueType outlines embedded as CID fonts, each a subset ("ABCDEF+").
        assert!(text.contains("/FontFile2"), "fonts are embedded");
        assert!(text.contains("/CIDFontType2"));
        let subsets = text.matches("+LiberationSans").count();
        assert!(subsets >= 2, "{subsets}");
        assert!(text.contains("/StructTreeRoot"), "the document is tagged");
        assert!(text.contains("/MarkInfo"));
        // A4: 595.276 × 841.89 pt.
        assert!(text.contains("595.27") && text.contains("841.89"));
    }

    #[test]
    fn letter_is_the_default_and_sizes_parse() {
        assert_eq!(PaperSize::default(), PaperSize::Letter);
        assert_eq!(PaperSize::parse("A4"), Some(PaperSize::A4));
        assert_eq!(PaperSize::parse(" letter "), Some(PaperSize::Letter));
        assert_eq!(PaperSize::parse("legal"), None);
        let pdf = PdfDocument::new("t", PaperSize::Letter).to_bytes().unwrap();
        assert!(String::from_utf8_lossy(&pdf).contains("612 792"));
    }

    #[test]
    fn empty_document_has_one_page() {
        let pdf = PdfDocument::new("empty", PaperSize::Letter)
            .to_bytes()
            .unwrap();
        assert_eq!(page_count(&pdf), 1);
    }

    #[test]
    fn placed_texts_report_extents() {
        let mut doc = PdfDocument::new("t", PaperSize::Letter);
        let p = doc.add_page();
        doc.text(
            p,
            10.0,
            20.0,
            &TextStyle::regular(10.0),
            "Hello",
            Mark::Layout,
        );
        let placed = doc.placed_texts();
        assert_eq!(placed.len(), 1);
        assert!((placed[0].width - 22.78).abs() < 0.01);
    }
}
