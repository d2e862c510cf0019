//! XLSX workbooks written with `rust_xlsxwriter`: typed cells (text, numbers, dates, date-times,
//! times of day, durations in hours), a bold header row that stays in view and carries an
//! autofilter, column widths that fit the data, and a totals row written as formulas.
//!
//! Excel's limits are checked before anything is written: a sheet holds at most 1,048,576 rows
//! and a cell at most 32,767 characters; a workbook past either is refused with an
//! [`XlsxError`] that says where, rather than written as a file Excel would repair or cut.

use chrono::{NaiveDate, NaiveDateTime, NaiveTime, Timelike};
use rust_xlsxwriter::{Format, FormatAlign, Formula, Workbook as Book, Worksheet};

/// Most rows on one sheet (Excel 2007 and later).
pub const MAX_ROWS: usize = 1_048_576;
/// Most characters in one cell.
pub const MAX_CELL_CHARS: usize = 32_767;
/// Most columns on one sheet (A to XFD).
pub const MAX_COLUMNS: usize = 16_384;

/// One spreadsheet cell.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    /// Always stored as text: a leading `=` is never read as a formula.
    Text(String),
    Number(f64),
    /// A calendar date, formatted `yyyy-mm-dd` (sorts and filters as a date).
    Date(NaiveDate),
    /// A date and time, formatted `yyyy-mm-dd hh:mm`.
    DateTime(NaiveDateTime),
    /// A time of day, formatted `hh:mm`.
    Time(NaiveTime),
    /// A duration in minutes, stored as Excel's fraction of a day and shown `[h]:mm` (so 390
    /// minutes reads 6:30 and sums past 24 hours).
    Minutes(i64),
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

impl From<NaiveTime> for Cell {
    fn from(t: NaiveTime) -> Self {
        Cell::Time(t)
    }
}

/// A workbook that Excel could not hold, or that the writer refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum XlsxError {
    /// More rows than a sheet holds (the count includes the header and totals rows).
    TooManyRows { sheet: String, rows: usize },
    /// More columns than a sheet holds.
    TooManyColumns { sheet: String, columns: usize },
    /// A cell longer than Excel allows; `cell` is its reference, e.g. `I7`.
    CellTooLong {
        sheet: String,
        cell: String,
        chars: usize,
    },
    /// The library refused the workbook (a bug here rather than bad data).
    Writer(String),
}

impl std::fmt::Display for XlsxError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            XlsxError::TooManyRows { sheet, rows } => write!(
                f,
                "sheet \"{sheet}\" would have {rows} rows; an XLSX sheet holds at most {MAX_ROWS}"
            ),
            XlsxError::TooManyColumns { sheet, columns } => write!(
                f,
                "sheet \"{sheet}\" would have {columns} columns; an XLSX sheet holds at most {MAX_COLUMNS}"
            ),
            XlsxError::CellTooLong { sheet, cell, chars } => write!(
                f,
                "cell {cell} of sheet \"{sheet}\" holds {chars} characters; an XLSX cell holds at most {MAX_CELL_CHARS}"
            ),
            XlsxError::Writer(e) => write!(f, "the XLSX file could not be written: {e}"),
        }
    }
}

impl std::error::Error for XlsxError {}

/// What the totals row shows under a column.
#[derive(Debug, Clone, PartialEq)]
pub enum Total {
    /// `=SUBTOTAL(109, …)`: the sum of the rows the autofilter shows.
    Sum,
    /// A fixed label, e.g. "Total".
    Label(String),
}

/// One worksheet: rows of cells plus presentation options.
#[derive(Debug, Clone, PartialEq)]
pub struct Sheet {
    name: String,
    rows: Vec<Vec<Cell>>,
    header: bool,
    column_widths: Vec<f64>,
    totals: Vec<(usize, Total)>,
}

impl Sheet {
    /// The sanitised name the sheet is written under.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// Treats the first row as the header: bold, frozen so it stays visible on scroll, and
    /// carrying an autofilter over the data.
    pub fn bold_header(&mut self, on: bool) -> &mut Self {
        self.header = on;
        self
    }

    /// Column widths in Excel character units, first column first; columns not given (or given
    /// as 0) are sized to their content.
    pub fn column_widths(&mut self, widths: &[f64]) -> &mut Self {
        self.column_widths = widths.to_vec();
        self
    }

    /// Adds a totals row under the data: for each `(column, total)`, a sum formula or a label.
    pub fn totals(&mut self, totals: &[(usize, Total)]) -> &mut Self {
        self.totals = totals.to_vec();
        self
    }

    fn row_count(&self) -> usize {
        self.rows.len() + usize::from(!self.totals.is_empty())
    }
}

/// An XLSX workbook under construction.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Workbook {
    sheets: Vec<Sheet>,
}

impl Workbook {
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds a sheet. The name is sanitised (Excel rejects `[]:*?/\`, names over 31 characters
    /// and duplicates, ignoring case) and made unique.
    pub fn add_sheet(&mut self, name: &str, rows: Vec<Vec<Cell>>) -> &mut Sheet {
        let name = self.unique_name(&sanitize_sheet_name(name, self.sheets.len() + 1));
        self.sheets.push(Sheet {
            name,
            rows,
            header: false,
            column_widths: Vec::new(),
            totals: Vec::new(),
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

    /// Checks Excel's limits on every sheet.
    pub fn check_limits(&self) -> Result<(), XlsxError> {
        for sheet in &self.sheets {
            let rows = sheet.row_count();
            if rows > MAX_ROWS {
                return Err(XlsxError::TooManyRows {
                    sheet: sheet.name.clone(),
                    rows,
                });
            }
            let columns = sheet.rows.iter().map(Vec::len).max().unwrap_or(0);
            if columns > MAX_COLUMNS {
                return Err(XlsxError::TooManyColumns {
                    sheet: sheet.name.clone(),
                    columns,
                });
            }
            for (r, row) in sheet.rows.iter().enumerate() {
                for (c, cell) in row.iter().enumerate() {
                    if let Cell::Text(s) = cell {
                        // Excel counts UTF-16 code units.
                        let chars = s.encode_utf16().count();
                        if chars > MAX_CELL_CHARS {
                            return Err(XlsxError::CellTooLong {
                                sheet: sheet.name.clone(),
                                cell: format!("{}{}", column_letters(c), r + 1),
                                chars,
                            });
                        }
                    }
                }
            }
        }
        Ok(())
    }

    /// Serialises the workbook as an XLSX file, or says which of Excel's limits it breaks.
    pub fn to_bytes(&self) -> Result<Vec<u8>, XlsxError> {
        self.check_limits()?;
        let mut book = Book::new();
        let styles = Styles::new();
        if self.sheets.is_empty() {
            // A workbook without sheets is invalid; write one empty sheet instead.
            book.add_worksheet();
        }
        for sheet in &self.sheets {
            let ws = book.add_worksheet();
            write_sheet(ws, sheet, &styles).map_err(|e| XlsxError::Writer(e.to_string()))?;
        }
        book.save_to_buffer()
            .map_err(|e| XlsxError::Writer(e.to_string()))
    }
}

struct Styles {
    header: Format,
    header_right: Format,
    date: Format,
    datetime: Format,
    time: Format,
    hours: Format,
    total_label: Format,
    total_hours: Format,
    total_number: Format,
}

impl Styles {
    fn new() -> Self {
        Styles {
            header: Format::new().set_bold(),
            header_right: Format::new().set_bold().set_align(FormatAlign::Right),
            date: Format::new().set_num_format("yyyy-mm-dd"),
            datetime: Format::new().set_num_format("yyyy-mm-dd hh:mm"),
            time: Format::new().set_num_format("hh:mm"),
            hours: Format::new().set_num_format("[h]:mm"),
            total_label: Format::new().set_bold(),
            total_hours: Format::new().set_bold().set_num_format("[h]:mm"),
            total_number: Format::new().set_bold(),
        }
    }
}

fn write_sheet(
    ws: &mut Worksheet,
    sheet: &Sheet,
    styles: &Styles,
) -> Result<(), rust_xlsxwriter::XlsxError> {
    ws.set_name(&sheet.name)?;
    let columns = sheet.rows.iter().map(Vec::len).max().unwrap_or(0);
    // The type of each column's data (the first typed cell below the header), for the header's
    // alignment and the totals' format.
    let data_start = usize::from(sheet.header);
    let kind = |c: usize| {
        sheet.rows[data_start.min(sheet.rows.len())..]
            .iter()
            .filter_map(|r| r.get(c))
            .find(|cell| !matches!(cell, Cell::Empty))
    };
    for (r, row) in sheet.rows.iter().enumerate() {
        let r32 = r as u32;
        for (c, cell) in row.iter().enumerate() {
            let c16 = c as u16;
            if sheet.header && r == 0 {
                let right = matches!(kind(c), Some(Cell::Number(_) | Cell::Minutes(_)));
                let format = if right {
                    &styles.header_right
                } else {
                    &styles.header
                };
                match cell {
                    Cell::Text(s) => ws.write_string_with_format(r32, c16, s, format)?,
                    _ => ws.write_blank(r32, c16, format)?,
                };
                continue;
            }
            write_cell(ws, r32, c16, cell, styles)?;
        }
    }
    if sheet.header && !sheet.rows.is_empty() {
        ws.set_freeze_panes(1, 0)?;
        if columns > 0 {
            let last_row = (sheet.rows.len().max(2) - 1) as u32;
            ws.autofilter(0, 0, last_row, (columns - 1) as u16)?;
        }
    }
    if !sheet.totals.is_empty() {
        let row = sheet.rows.len() as u32;
        let (first, last) = (data_start + 1, sheet.rows.len());
        for (c, total) in &sheet.totals {
            let c16 = *c as u16;
            match total {
                Total::Label(text) => {
                    ws.write_string_with_format(row, c16, text, &styles.total_label)?;
                }
                Total::Sum => {
                    let letters = column_letters(*c);
                    let formula = if last >= first {
                        format!("=SUBTOTAL(109,{letters}{first}:{letters}{last})")
                    } else {
                        "=0".to_string()
                    };
                    let format = if matches!(kind(*c), Some(Cell::Minutes(_))) {
                        &styles.total_hours
                    } else {
                        &styles.total_number
                    };
                    ws.write_formula_with_format(row, c16, Formula::new(formula), format)?;
                }
            }
        }
    }
    for c in 0..columns {
        let given = sheet
            .column_widths
            .get(c)
            .copied()
            .filter(|w| w.is_finite() && *w > 0.0);
        let width = given.unwrap_or_else(|| fitted_width(sheet, c));
        ws.set_column_width(c as u16, width.min(255.0))?;
    }
    Ok(())
}

fn write_cell(
    ws: &mut Worksheet,
    row: u32,
    col: u16,
    cell: &Cell,
    styles: &Styles,
) -> Result<(), rust_xlsxwriter::XlsxError> {
    match cell {
        Cell::Text(s) => {
            ws.write_string(row, col, s)?;
        }
        // NaN and infinities have no representation in a worksheet.
        Cell::Number(n) if n.is_finite() => {
            ws.write_number(row, col, *n)?;
        }
        Cell::Number(_) | Cell::Empty => {}
        Cell::Date(d) => {
            if excel_serial_date(*d).is_some() {
                ws.write_datetime_with_format(row, col, d, &styles.date)?;
            } else {
                ws.write_string(row, col, d.format("%Y-%m-%d").to_string())?;
            }
        }
        Cell::DateTime(dt) => {
            if excel_serial_date(dt.date()).is_some() {
                ws.write_datetime_with_format(row, col, dt, &styles.datetime)?;
            } else {
                ws.write_string(row, col, dt.format("%Y-%m-%d %H:%M:%S").to_string())?;
            }
        }
        Cell::Time(t) => {
            ws.write_datetime_with_format(row, col, t, &styles.time)?;
        }
        Cell::Minutes(m) => {
            ws.write_number_with_format(row, col, *m as f64 / 1440.0, &styles.hours)?;
        }
    }
    Ok(())
}

/// A width in character units that shows the column's longest value (header included), between
/// 6 and 60.
fn fitted_width(sheet: &Sheet, column: usize) -> f64 {
    let longest = sheet
        .rows
        .iter()
        .filter_map(|r| r.get(column))
        .map(|cell| match cell {
            Cell::Text(s) => s.lines().map(|l| l.chars().count()).max().unwrap_or(0),
            Cell::Number(n) => format!("{n}").len(),
            Cell::Date(_) => 10,
            Cell::DateTime(_) => 16,
            Cell::Time(_) => 5,
            Cell::Minutes(m) => format!("{}:{:02}", m / 60, m.rem_euclid(60)).len(),
            Cell::Empty => 0,
        })
        .max()
        .unwrap_or(0);
    // Room for the autofilter's drop-down button on the header.
    let pad = if sheet.header { 4.0 } else { 2.0 };
    (longest as f64 + pad).clamp(6.0, 60.0)
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

/// Excel serial day number: days since 1899-12-30. That epoch absorbs Lotus 1-2-3's fictitious
/// 1900-02-29, which Excel keeps for compatibility; dates before 1900-03-01 are shifted by one to
/// land on Excel's numbering. Dates before 1900 cannot be represented (returns None).
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
pub fn column_letters(mut index: usize) -> String {
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

#[cfg(test)]
mod tests {
    use super::*;

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
        assert_eq!(column_letters(MAX_COLUMNS - 1), "XFD");
    }

    #[test]
    fn sheet_names_are_sanitised_and_unique() {
        let mut wb = Workbook::new();
        assert_eq!(
            wb.add_sheet("Jan/2024: [all]", vec![]).name(),
            "Jan2024 all"
        );
        assert_eq!(wb.add_sheet("history", vec![]).name(), "Sheet2");
        assert_eq!(
            wb.add_sheet("JAN2024 ALL", vec![]).name(),
            "JAN2024 ALL (2)"
        );
        let long = "x".repeat(40);
        assert_eq!(wb.add_sheet(&long, vec![]).name().chars().count(), 31);
        assert_eq!(wb.add_sheet(&long, vec![]).name().chars().count(), 31);
        assert_ne!(wb.sheets()[3].name(), wb.sheets()[4].name());
    }

    #[test]
    fn writes_a_zip_with_typed_cells() {
        let d = NaiveDate::from_ymd_opt(2024, 1, 15).unwrap();
        let mut wb = Workbook::new();
        wb.add_sheet(
            "S",
            vec![
                vec!["Name".into(), "Date".into(), "Minutes".into()],
                vec!["=cmd()".into(), Cell::Date(d), Cell::Minutes(90)],
            ],
        )
        .bold_header(true)
        .totals(&[(0, Total::Label("Total".into())), (2, Total::Sum)]);
        let bytes = wb.to_bytes().unwrap();
        assert_eq!(&bytes[..2], b"PK");
        assert!(Workbook::new().to_bytes().unwrap().starts_with(b"PK"));
    }

    #[test]
    fn excel_limits_are_refused_with_the_place() {
        let mut wb = Workbook::new();
        wb.add_sheet(
            "Long",
            vec![
                vec!["ok".into()],
                vec!["a".into(), "x".repeat(MAX_CELL_CHARS + 1).into()],
            ],
        );
        let err = wb.to_bytes().unwrap_err();
        assert_eq!(
            err,
            XlsxError::CellTooLong {
                sheet: "Long".into(),
                cell: "B2".into(),
                chars: MAX_CELL_CHARS + 1
            }
        );
        assert!(err.to_string().contains("32767"), "{err}");
        let mut ok = Workbook::new();
        ok.add_sheet("Edge", vec![vec!["é".repeat(MAX_CELL_CHARS).into()]]);
        assert!(ok.to_bytes().is_ok());

        let mut wb = Workbook::new();
        wb.add_sheet("Rows", vec![vec![Cell::Empty]; MAX_ROWS])
            .totals(&[(0, Total::Sum)]);
        assert_eq!(
            wb.to_bytes().unwrap_err(),
            XlsxError::TooManyRows {
                sheet: "Rows".into(),
                rows: MAX_ROWS + 1
            }
        );
    }
}
