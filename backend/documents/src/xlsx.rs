//! Minimal Office Open XML (XLSX) workbook writer: inline strings, numbers, dates.

use chrono::{NaiveDate, NaiveDateTime, Timelike};

use crate::xml::escape;
use crate::zip::zip_store;

/// One spreadsheet cell.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Text(String),
    Number(f64),
    /// Stored as an Excel serial number with a `yyyy-mm-dd` format, so
    /// spreadsheets sort and filter it as a date.
    Date(NaiveDate),
    /// Stored as an Excel serial number with a `yyyy-mm-dd hh:mm` format.
    DateTime(NaiveDateTime),
    Empty,
}

impl From<&str> for Cell {
    fn from(s: &str) -> Self {
        Cell::Text(s.to_string())
    }
}

impl From<String> for Cell {
    fn from(s: String) -> Self {
        Cell::Text(s)
    }
}

impl From<f64> for Cell {
    fn from(n: f64) -> Self {
        Cell::Number(n)
    }
}

impl From<i64> for Cell {
    fn from(n: i64) -> Self {
        Cell::Number(n as f64)
    }
}

impl From<NaiveDate> for Cell {
    fn from(d: NaiveDate) -> Self {
        Cell::Date(d)
    }
}

impl From<NaiveDateTime> for Cell {
    fn from(d: NaiveDateTime) -> Self {
        Cell::DateTime(d)
    }
}

/// One worksheet: rows of cells plus presentation options.
#[derive(Debug, Clone, PartialEq)]
pub struct Sheet {
    name: String,
    rows: Vec<Vec<Cell>>,
    bold_header: bool,
    column_widths: Vec<f64>,
}

impl Sheet {
    /// The sanitised name the sheet is written under.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// Makes the first row bold and freezes it so it stays visible on scroll.
    pub fn bold_header(&mut self, on: bool) -> &mut Self {
        self.bold_header = on;
        self
    }

    /// Column widths in Excel character units, first column first.
    pub fn column_widths(&mut self, widths: &[f64]) -> &mut Self {
        self.column_widths = widths.to_vec();
        self
    }
}

/// An XLSX workbook under construction.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Workbook {
    sheets: Vec<Sheet>,
}

// Indices into `cellXfs` in styles.xml; keep in sync with STYLES_XML.
const STYLE_BOLD: u32 = 1;
const STYLE_DATE: u32 = 2;
const STYLE_DATETIME: u32 = 3;

impl Workbook {
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds a sheet. The name is sanitised (Excel rejects `[]:*?/\`, names
    /// over 31 characters and duplicates, ignoring case) and made unique.
    pub fn add_sheet(&mut self, name: &str, rows: Vec<Vec<Cell>>) -> &mut Sheet {
        let name = self.unique_name(&sanitize_sheet_name(name, self.sheets.len() + 1));
        self.sheets.push(Sheet {
            name,
            rows,
            bold_header: false,
            column_widths: Vec::new(),
        });
        self.sheets.last_mut().expect("just pushed")
    }

    pub fn sheets(&self) -> &[Sheet] {
        &self.sheets
    }

    fn unique_name(&self, base: &str) -> String {
        let taken = |n: &str| {
            self.sheets
                .iter()
                .any(|s| s.name.to_lowercase() == n.to_lowercase())
        };
        if !taken(base) {
            return base.to_string();
        }
        (2..)
            .map(|i| {
                let suffix = format!(" ({i})");
                let keep = 31 - suffix.chars().count();
                let stem: String = base.chars().take(keep).collect();
                format!("{stem}{suffix}")
            })
            .find(|n| !taken(n))
            .expect("unbounded search finds a free name")
    }

    /// Serialises the workbook as an XLSX (ZIP) file.
    pub fn to_bytes(&self) -> Vec<u8> {
        // A workbook without sheets is invalid; emit one empty sheet instead.
        let fallback;
        let sheets: &[Sheet] = if self.sheets.is_empty() {
            let mut wb = Workbook::new();
            wb.add_sheet("Sheet1", Vec::new());
            fallback = wb.sheets;
            &fallback
        } else {
            &self.sheets
        };

        let mut files: Vec<(String, Vec<u8>)> = vec![
            (
                "[Content_Types].xml".into(),
                content_types(sheets.len()).into_bytes(),
            ),
            ("_rels/.rels".into(), ROOT_RELS.as_bytes().to_vec()),
            ("xl/workbook.xml".into(), workbook_xml(sheets).into_bytes()),
            (
                "xl/_rels/workbook.xml.rels".into(),
                workbook_rels(sheets.len()).into_bytes(),
            ),
            ("xl/styles.xml".into(), STYLES_XML.as_bytes().to_vec()),
        ];
        for (i, sheet) in sheets.iter().enumerate() {
            files.push((
                format!("xl/worksheets/sheet{}.xml", i + 1),
                sheet_xml(sheet).into_bytes(),
            ));
        }
        zip_store(&files)
    }
}

fn sanitize_sheet_name(name: &str, index: usize) -> String {
    let cleaned: String = name
        .chars()
        .filter(|c| !matches!(c, '[' | ']' | ':' | '*' | '?' | '/' | '\\') && !c.is_control())
        .collect();
    // Excel also refuses a leading or trailing apostrophe.
    let cleaned = cleaned.trim().trim_matches('\'').trim();
    let truncated: String = cleaned.chars().take(31).collect();
    let truncated = truncated.trim_end().to_string();
    // "History" is reserved by Excel for change tracking.
    if truncated.is_empty() || truncated.eq_ignore_ascii_case("history") {
        format!("Sheet{index}")
    } else {
        truncated
    }
}

/// Excel serial day number: days since 1899-12-30. That epoch absorbs
/// Lotus 1-2-3's fictitious 1900-02-29, which Excel keeps for compatibility;
/// dates before 1900-03-01 are shifted by one to land on Excel's numbering.
/// Dates before 1900 cannot be represented (returns None).
pub fn excel_serial_date(date: NaiveDate) -> Option<f64> {
    let epoch = NaiveDate::from_ymd_opt(1899, 12, 30)?;
    let first = NaiveDate::from_ymd_opt(1900, 1, 1)?;
    let leap_bug = NaiveDate::from_ymd_opt(1900, 3, 1)?;
    if date < first {
        return None;
    }
    let mut days = (date - epoch).num_days();
    if date < leap_bug {
        days -= 1;
    }
    Some(days as f64)
}

/// Serial number with the time of day as the fractional part.
pub fn excel_serial_datetime(dt: NaiveDateTime) -> Option<f64> {
    let day = excel_serial_date(dt.date())?;
    let secs = dt.time().num_seconds_from_midnight() as f64;
    Some(day + secs / 86_400.0)
}

/// Column index (0-based) to letters: 0 → A, 25 → Z, 26 → AA.
fn column_letters(mut index: usize) -> String {
    let mut letters = Vec::new();
    loop {
        letters.push(b'A' + (index % 26) as u8);
        if index < 26 {
            break;
        }
        index = index / 26 - 1;
    }
    letters.reverse();
    String::from_utf8(letters).expect("ASCII letters")
}

fn sheet_xml(sheet: &Sheet) -> String {
    let mut x = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\r\n\
         <worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">",
    );
    if sheet.bold_header && !sheet.rows.is_empty() {
        x.push_str(
            "<sheetViews><sheetView workbookViewId=\"0\">\
             <pane ySplit=\"1\" topLeftCell=\"A2\" activePane=\"bottomLeft\" state=\"frozen\"/>\
             </sheetView></sheetViews>",
        );
    }
    let widths: Vec<(usize, f64)> = sheet
        .column_widths
        .iter()
        .enumerate()
        .filter(|(_, w)| w.is_finite() && **w > 0.0)
        .map(|(i, w)| (i, w.min(255.0)))
        .collect();
    if !widths.is_empty() {
        x.push_str("<cols>");
        for (i, w) in widths {
            x.push_str(&format!(
                "<col min=\"{n}\" max=\"{n}\" width=\"{w}\" customWidth=\"1\"/>",
                n = i + 1
            ));
        }
        x.push_str("</cols>");
    }
    x.push_str("<sheetData>");
    for (r, row) in sheet.rows.iter().enumerate() {
        let header = sheet.bold_header && r == 0;
        x.push_str(&format!("<row r=\"{}\">", r + 1));
        for (c, cell) in row.iter().enumerate() {
            let reference = format!("{}{}", column_letters(c), r + 1);
            write_cell(&mut x, &reference, cell, header);
        }
        x.push_str("</row>");
    }
    x.push_str("</sheetData></worksheet>");
    x
}

fn write_cell(x: &mut String, reference: &str, cell: &Cell, header: bool) {
    let style = |s: Option<u32>| match s {
        Some(s) => format!(" s=\"{s}\""),
        None => String::new(),
    };
    let bold = header.then_some(STYLE_BOLD);
    let text = |x: &mut String, s: &str| {
        x.push_str(&format!(
            "<c r=\"{reference}\" t=\"inlineStr\"{}><is><t xml:space=\"preserve\">{}</t></is></c>",
            style(bold),
            escape(s)
        ));
    };
    let number = |x: &mut String, n: f64, s: Option<u32>| {
        x.push_str(&format!("<c r=\"{reference}\"{}><v>{n}</v></c>", style(s)));
    };
    match cell {
        Cell::Text(s) => text(x, s),
        // NaN and infinities have no representation in a worksheet.
        Cell::Number(n) if n.is_finite() => number(x, *n, bold),
        Cell::Number(_) | Cell::Empty => {
            if header {
                x.push_str(&format!("<c r=\"{reference}\"{}/>", style(bold)));
            }
        }
        Cell::Date(d) => match excel_serial_date(*d) {
            Some(n) => number(x, n, Some(STYLE_DATE)),
            None => text(x, &d.format("%Y-%m-%d").to_string()),
        },
        Cell::DateTime(dt) => match excel_serial_datetime(*dt) {
            Some(n) => number(x, n, Some(STYLE_DATETIME)),
            None => text(x, &dt.format("%Y-%m-%d %H:%M:%S").to_string()),
        },
    }
}

fn content_types(sheet_count: usize) -> String {
    let mut x = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\r\n\
         <Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">\
         <Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>\
         <Default Extension=\"xml\" ContentType=\"application/xml\"/>\
         <Override PartName=\"/xl/workbook.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml\"/>\
         <Override PartName=\"/xl/styles.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml\"/>",
    );
    for i in 1..=sheet_count {
        x.push_str(&format!(
            "<Override PartName=\"/xl/worksheets/sheet{i}.xml\" \
             ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml\"/>"
        ));
    }
    x.push_str("</Types>");
    x
}

const ROOT_RELS: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\r\n\
<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">\
<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" Target=\"xl/workbook.xml\"/>\
</Relationships>";

fn workbook_xml(sheets: &[Sheet]) -> String {
    let mut x = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\r\n\
         <workbook xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" \
         xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\"><sheets>",
    );
    for (i, s) in sheets.iter().enumerate() {
        x.push_str(&format!(
            "<sheet name=\"{}\" sheetId=\"{n}\" r:id=\"rId{n}\"/>",
            escape(&s.name),
            n = i + 1
        ));
    }
    x.push_str("</sheets></workbook>");
    x
}

fn workbook_rels(sheet_count: usize) -> String {
    let mut x = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\r\n\
         <Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">",
    );
    for i in 1..=sheet_count {
        x.push_str(&format!(
            "<Relationship Id=\"rId{i}\" \
             Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet\" \
             Target=\"worksheets/sheet{i}.xml\"/>"
        ));
    }
    x.push_str(&format!(
        "<Relationship Id=\"rId{}\" \
         Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles\" \
         Target=\"styles.xml\"/></Relationships>",
        sheet_count + 1
    ));
    x
}

// cellXfs: 0 normal, 1 bold (header), 2 date, 3 date-time. 164+ are the first
// ids free for custom number formats.
const STYLES_XML: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\r\n\
<styleSheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">\
<numFmts count=\"2\"><numFmt numFmtId=\"164\" formatCode=\"yyyy-mm-dd\"/>\
<numFmt numFmtId=\"165\" formatCode=\"yyyy-mm-dd hh:mm\"/></numFmts>\
<fonts count=\"2\"><font><sz val=\"11\"/><name val=\"Calibri\"/><family val=\"2\"/></font>\
<font><b/><sz val=\"11\"/><name val=\"Calibri\"/><family val=\"2\"/></font></fonts>\
<fills count=\"2\"><fill><patternFill patternType=\"none\"/></fill>\
<fill><patternFill patternType=\"gray125\"/></fill></fills>\
<borders count=\"1\"><border><left/><right/><top/><bottom/><diagonal/></border></borders>\
<cellStyleXfs count=\"1\"><xf numFmtId=\"0\" fontId=\"0\" fillId=\"0\" borderId=\"0\"/></cellStyleXfs>\
<cellXfs count=\"4\">\
<xf numFmtId=\"0\" fontId=\"0\" fillId=\"0\" borderId=\"0\" xfId=\"0\"/>\
<xf numFmtId=\"0\" fontId=\"1\" fillId=\"0\" borderId=\"0\" xfId=\"0\" applyFont=\"1\"/>\
<xf numFmtId=\"164\" fontId=\"0\" fillId=\"0\" borderId=\"0\" xfId=\"0\" applyNumberFormat=\"1\"/>\
<xf numFmtId=\"165\" fontId=\"0\" fillId=\"0\" borderId=\"0\" xfId=\"0\" applyNumberFormat=\"1\"/>\
</cellXfs>\
<cellStyles count=\"1\"><cellStyle name=\"Normal\" xfId=\"0\" builtinId=\"0\"/></cellStyles>\
</styleSheet>";

#[cfg(test)]
mod tests {
    use super::*;

    fn member<'a>(zip: &'a [u8], name: &str) -> Option<&'a str> {
        // Walk local headers; STORE means the data is the raw XML.
        let mut pos = 0;
        while zip.len() >= pos + 30 && zip[pos..pos + 4] == [0x50, 0x4b, 0x03, 0x04] {
            let rd16 = |p: usize| u16::from_le_bytes([zip[p], zip[p + 1]]) as usize;
            let size =
                u32::from_le_bytes([zip[pos + 18], zip[pos + 19], zip[pos + 20], zip[pos + 21]])
                    as usize;
            let name_len = rd16(pos + 26);
            let extra = rd16(pos + 28);
            let n = std::str::from_utf8(&zip[pos + 30..pos + 30 + name_len]).ok()?;
            let start = pos + 30 + name_len + extra;
            if n == name {
                return std::str::from_utf8(&zip[start..start + size]).ok();
            }
            pos = start + size;
        }
        None
    }

    #[test]
    fn serial_numbers_match_excel() {
        let d = |y, m, dd| NaiveDate::from_ymd_opt(y, m, dd).unwrap();
        assert_eq!(excel_serial_date(d(1900, 1, 1)), Some(1.0));
        assert_eq!(excel_serial_date(d(1900, 2, 28)), Some(59.0));
        assert_eq!(excel_serial_date(d(1900, 3, 1)), Some(61.0));
        assert_eq!(excel_serial_date(d(2024, 1, 15)), Some(45306.0));
        assert_eq!(excel_serial_date(d(1899, 12, 31)), None);
        let dt = d(2024, 1, 15).and_hms_opt(18, 0, 0).unwrap();
        assert_eq!(excel_serial_datetime(dt), Some(45306.75));
    }

    #[test]
    fn column_letters_roll_over() {
        assert_eq!(column_letters(0), "A");
        assert_eq!(column_letters(25), "Z");
        assert_eq!(column_letters(26), "AA");
        assert_eq!(column_letters(701), "ZZ");
        assert_eq!(column_letters(702), "AAA");
    }

    #[test]
    fn sheet_names_are_sanitised_and_unique() {
        let mut wb = Workbook::new();
        assert_eq!(wb.add_sheet("a[b]:c*d?e/f\\g", vec![]).name(), "abcdefg");
        let long = "x".repeat(40);
        assert_eq!(wb.add_sheet(&long, vec![]).name().chars().count(), 31);
        assert_eq!(
            wb.add_sheet(&long, vec![]).name(),
            format!("{} (2)", "x".repeat(27))
        );
        assert_eq!(wb.add_sheet("???", vec![]).name(), "Sheet4");
        assert_eq!(wb.add_sheet("'Quoted'", vec![]).name(), "Quoted");
        assert_eq!(wb.add_sheet("QUOTED", vec![]).name(), "QUOTED (2)");
    }

    #[test]
    fn writes_all_parts_with_typed_cells() {
        let mut wb = Workbook::new();
        let date = NaiveDate::from_ymd_opt(2024, 1, 15).unwrap();
        wb.add_sheet(
            "Schedules",
            vec![
                vec!["Name".into(), "Date".into(), "Hours".into()],
                vec![
                    Cell::Text("A & <B>\u{1}".into()),
                    Cell::Date(date),
                    Cell::Number(7.5),
                ],
                vec![
                    Cell::Empty,
                    Cell::DateTime(date.and_hms_opt(6, 0, 0).unwrap()),
                    Cell::Number(f64::NAN),
                ],
            ],
        )
        .bold_header(true)
        .column_widths(&[20.0, 12.0]);
        let bytes = wb.to_bytes();
        for part in [
            "[Content_Types].xml",
            "_rels/.rels",
            "xl/workbook.xml",
            "xl/_rels/workbook.xml.rels",
            "xl/styles.xml",
        ] {
            assert!(member(&bytes, part).is_some(), "missing {part}");
        }
        let sheet = member(&bytes, "xl/worksheets/sheet1.xml").unwrap();
        assert!(sheet.contains(
            "<c r=\"A1\" t=\"inlineStr\" s=\"1\"><is><t xml:space=\"preserve\">Name</t></is></c>"
        ));
        assert!(sheet.contains("A &amp; &lt;B&gt;</t>"));
        assert!(sheet.contains("<c r=\"B2\" s=\"2\"><v>45306</v></c>"));
        assert!(sheet.contains("<c r=\"C2\"><v>7.5</v></c>"));
        assert!(sheet.contains("<c r=\"B3\" s=\"3\"><v>45306.25</v></c>"));
        assert!(!sheet.contains("C3"));
        assert!(sheet.contains("<col min=\"1\" max=\"1\" width=\"20\" customWidth=\"1\"/>"));
        assert!(
            member(&bytes, "xl/workbook.xml")
                .unwrap()
                .contains("name=\"Schedules\"")
        );
    }

    #[test]
    fn empty_workbook_still_has_a_sheet() {
        let bytes = Workbook::new().to_bytes();
        assert!(member(&bytes, "xl/worksheets/sheet1.xml").is_some());
        assert!(
            member(&bytes, "xl/workbook.xml")
                .unwrap()
                .contains("name=\"Sheet1\"")
        );
    }
}
