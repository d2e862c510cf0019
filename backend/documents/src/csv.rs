//! CSV: writing (RFC 4180, CRLF, with protection against spreadsheet formula injection) and
//! reading, both on the `csv` crate. Reading takes the bytes of an upload: a UTF-8 byte-order
//! mark is skipped, the separator is a comma or a semicolon (as spreadsheets in much of Europe
//! export), whichever the header line uses, and any other encoding is refused with an error
//! saying so (UTF-16, or bytes that are not UTF-8, such as a Windows-1252 export).

use std::fmt;

/// One CSV cell. The distinction matters only for formula-injection protection:
/// numbers are written verbatim (a negative number must stay a number), text is
/// neutralised when a spreadsheet would read it as a formula.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Text(String),
    Number(f64),
    Integer(i64),
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

impl From<i64> for Cell {
    fn from(n: i64) -> Self {
        Cell::Integer(n)
    }
}

impl From<f64> for Cell {
    fn from(n: f64) -> Self {
        Cell::Number(n)
    }
}

/// Builds a CSV document row by row; `finish`/`to_bytes` give the output.
#[derive(Debug)]
pub struct CsvWriter {
    out: csv::Writer<Vec<u8>>,
}

impl Default for CsvWriter {
    fn default() -> Self {
        Self::with_prefix(Vec::new())
    }
}

impl CsvWriter {
    pub fn new() -> Self {
        Self::default()
    }

    /// Starts the output with a UTF-8 byte-order mark. Excel needs it to read a double-clicked
    /// CSV as UTF-8 instead of the local ANSI code page (which garbles names like "Zoë");
    /// `read_csv` and `parse_csv` skip it.
    pub fn with_utf8_bom() -> Self {
        Self::with_prefix("\u{feff}".as_bytes().to_vec())
    }

    fn with_prefix(prefix: Vec<u8>) -> Self {
        let out = csv::WriterBuilder::new()
            .terminator(csv::Terminator::CRLF)
            .flexible(true)
            .from_writer(prefix);
        Self { out }
    }

    /// Writes a row of text cells (all protected against formula injection).
    pub fn write_text_row<S: AsRef<str>>(&mut self, fields: &[S]) -> &mut Self {
        let cells: Vec<Cell> = fields
            .iter()
            .map(|f| Cell::Text(f.as_ref().to_string()))
            .collect();
        self.write_row(&cells)
    }

    /// Writes one record terminated by CRLF, as RFC 4180 prescribes.
    pub fn write_row(&mut self, cells: &[Cell]) -> &mut Self {
        let fields: Vec<String> = cells
            .iter()
            .map(|cell| match cell {
                Cell::Text(s) => protect_formula(s),
                Cell::Number(n) => format_number(*n),
                Cell::Integer(n) => n.to_string(),
                Cell::Empty => String::new(),
            })
            .collect();
        // Writing into memory cannot fail; flushing moves the record into the buffer.
        let _ = self.out.write_record(&fields);
        let _ = self.out.flush();
        self
    }

    pub fn as_str(&self) -> &str {
        std::str::from_utf8(self.out.get_ref()).unwrap_or_default()
    }

    pub fn finish(self) -> String {
        self.as_str().to_string()
    }

    pub fn to_bytes(&self) -> Vec<u8> {
        self.out.get_ref().clone()
    }
}

/// Non-finite numbers have no CSV meaning; an empty field is the least surprising.
fn format_number(n: f64) -> String {
    if n.is_finite() {
        n.to_string()
    } else {
        String::new()
    }
}

/// Spreadsheets evaluate a cell starting with one of these as a formula (OWASP "CSV
/// injection"); a leading apostrophe makes them plain text.
fn protect_formula(s: &str) -> String {
    match s.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => format!("'{s}"),
        _ => s.to_string(),
    }
}

/// A CSV input that cannot be read; lines are 1-based.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CsvError {
    /// A quoted field that is never closed; `line` is where it starts.
    UnterminatedQuote { line: usize },
    /// The file starts with a UTF-16 byte-order mark.
    Utf16,
    /// Bytes that are not UTF-8, first at `line`.
    NotUtf8 { line: usize },
    /// What the `csv` crate reported.
    Malformed(String),
}

impl fmt::Display for CsvError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CsvError::UnterminatedQuote { line } => {
                write!(f, "unterminated quoted field starting on line {line}")
            }
            CsvError::Utf16 => write!(
                f,
                "the file is UTF-16 text; save it as \"CSV UTF-8\" (comma or semicolon separated)"
            ),
            CsvError::NotUtf8 { line } => write!(
                f,
                "the file is not UTF-8 text (line {line} has bytes of another encoding, such as \
                 Windows-1252 or Latin-1); save it as \"CSV UTF-8\""
            ),
            CsvError::Malformed(e) => write!(f, "{e}"),
        }
    }
}

impl std::error::Error for CsvError {}

/// Reads an uploaded CSV file: checks the encoding (UTF-8, with or without a byte-order mark),
/// detects the separator and parses it. See [`parse_csv`].
pub fn read_csv(bytes: &[u8]) -> Result<Vec<Vec<String>>, CsvError> {
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        return Err(CsvError::Utf16);
    }
    let text = std::str::from_utf8(bytes).map_err(|e| CsvError::NotUtf8 {
        line: 1 + bytes[..e.valid_up_to()]
            .iter()
            .filter(|b| **b == b'\n')
            .count(),
    })?;
    parse_csv(text)
}

/// The separator the header line uses: a semicolon when it has more of them than commas (as
/// spreadsheets write CSV where the comma is the decimal mark), otherwise a comma.
pub fn detect_separator(text: &str) -> u8 {
    let (mut commas, mut semicolons, mut quoted) = (0, 0, false);
    for c in text.chars() {
        match c {
            '"' => quoted = !quoted,
            ',' if !quoted => commas += 1,
            ';' if !quoted => semicolons += 1,
            '\n' | '\r' if !quoted => break,
            _ => {}
        }
    }
    if semicolons > commas { b';' } else { b',' }
}

/// Parses CSV text with the `csv` crate: CRLF or LF line ends, a leading UTF-8 BOM skipped (Excel
/// adds one on export), a comma or semicolon separator (see [`detect_separator`]), rows of any
/// length, and blank lines dropped (a trailing newline must not produce an empty record).
/// Fields are returned unmodified.
pub fn parse_csv(input: &str) -> Result<Vec<Vec<String>>, CsvError> {
    let input = input.strip_prefix('\u{feff}').unwrap_or(input);
    let separator = detect_separator(input);
    check_quotes(input, separator)?;
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(separator)
        .from_reader(input.as_bytes());
    let mut rows = Vec::new();
    for record in reader.records() {
        let record = record.map_err(|e| CsvError::Malformed(e.to_string()))?;
        rows.push(record.iter().map(str::to_owned).collect());
    }
    Ok(rows)
}

/// The `csv` crate reads an unclosed quote to the end of the file without complaint; this
/// finds one, so a stray quote cannot swallow the rest of an import silently.
fn check_quotes(input: &str, separator: u8) -> Result<(), CsvError> {
    let separator = char::from(separator);
    let (mut line, mut field_start, mut open_since) = (1usize, true, None::<usize>);
    let mut chars = input.chars().peekable();
    while let Some(c) = chars.next() {
        match open_since {
            Some(_) => {
                if c == '"' {
                    if chars.peek() == Some(&'"') {
                        chars.next();
                    } else {
                        open_since = None;
                        field_start = false;
                    }
                } else if c == '\n' {
                    line += 1;
                }
            }
            None => match c {
                '"' if field_start => open_since = Some(line),
                c if c == separator => field_start = true,
                '\n' => {
                    line += 1;
                    field_start = true;
                }
                '\r' => field_start = true,
                _ => field_start = false,
            },
        }
    }
    match open_since {
        Some(line) => Err(CsvError::UnterminatedQuote { line }),
        None => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_crlf_and_quotes_special_fields() {
        let mut w = CsvWriter::new();
        w.write_text_row(&["a", "b,c", "say \"hi\"", "two\nlines"]);
        w.write_row(&[Cell::Integer(3), Cell::Empty, Cell::Number(1.5)]);
        assert_eq!(
            w.as_str(),
            "a,\"b,c\",\"say \"\"hi\"\"\",\"two\nlines\"\r\n3,,1.5\r\n"
        );
    }

    #[test]
    fn text_formulas_are_neutralised_numbers_are_not() {
        let mut w = CsvWriter::new();
        w.write_row(&[
            Cell::from("=SUM(A1)"),
            Cell::from("+1"),
            Cell::from("-2"),
            Cell::from("@cmd"),
            Cell::from("\tx"),
            Cell::Number(-2.0),
            Cell::Integer(-7),
        ]);
        assert_eq!(w.as_str(), "'=SUM(A1),'+1,'-2,'@cmd,'\tx,-2,-7\r\n");
        let mut w = CsvWriter::new();
        w.write_row(&[Cell::from("\rx")]);
        assert_eq!(w.as_str(), "\"'\rx\"\r\n");
    }

    #[test]
    fn parses_quoted_fields_with_commas_quotes_newlines() {
        let rows = parse_csv("a,\"b,c\",\"d \"\"e\"\"\"\r\n\"multi\r\nline\",x,\r\n").unwrap();
        assert_eq!(
            rows,
            vec![vec!["a", "b,c", "d \"e\""], vec!["multi\r\nline", "x", ""],]
        );
    }

    #[test]
    fn parses_lf_bom_and_no_trailing_newline() {
        let rows = parse_csv("\u{feff}h1,h2\n1,2\n\n3,4").unwrap();
        assert_eq!(rows, vec![vec!["h1", "h2"], vec!["1", "2"], vec!["3", "4"]]);
        assert_eq!(parse_csv("").unwrap(), Vec::<Vec<String>>::new());
        assert_eq!(parse_csv("\"\"\n").unwrap(), vec![vec![""]]);
    }

    #[test]
    fn semicolons_are_detected_from_the_header() {
        let rows = parse_csv("Name;Amount;Note\r\nZoë;1,5;\"a;b\"\r\n").unwrap();
        assert_eq!(
            rows,
            vec![vec!["Name", "Amount", "Note"], vec!["Zoë", "1,5", "a;b"]]
        );
        // A comma inside a quoted header field does not count.
        assert_eq!(detect_separator("\"a,b,c\";d;e\n"), b';');
        assert_eq!(detect_separator("a,b;c,d\n"), b',');
        assert_eq!(detect_separator("single\n"), b',');
    }

    #[test]
    fn unterminated_quote_reports_its_line() {
        let err = parse_csv("a,b\r\nc,\"open\r\nstill open").unwrap_err();
        assert_eq!(err, CsvError::UnterminatedQuote { line: 2 });
        assert!(err.to_string().contains("line 2"));
        // A quote inside an unquoted field is taken as written.
        assert_eq!(
            parse_csv("5\" screen,x\n").unwrap(),
            vec![vec!["5\" screen", "x"]]
        );
    }

    #[test]
    fn other_encodings_are_refused_clearly() {
        assert_eq!(read_csv(b"\xFF\xFEa\x00").unwrap_err(), CsvError::Utf16);
        // "Zoë" in Windows-1252 on the second line.
        let err = read_csv(b"Name,City\nZo\xEB,Paris\n").unwrap_err();
        assert_eq!(err, CsvError::NotUtf8 { line: 2 });
        assert!(err.to_string().contains("UTF-8"), "{err}");
        assert_eq!(
            read_csv("\u{feff}Name;City\nZoë;Łódź\n".as_bytes()).unwrap(),
            vec![vec!["Name", "City"], vec!["Zoë", "Łódź"]]
        );
    }

    #[test]
    fn optional_bom_round_trips() {
        let mut w = CsvWriter::with_utf8_bom();
        w.write_text_row(&["Zoë"]);
        assert!(w.to_bytes().starts_with(&[0xEF, 0xBB, 0xBF]));
        assert_eq!(parse_csv(w.as_str()).unwrap(), vec![vec!["Zoë"]]);
        assert_eq!(read_csv(&w.to_bytes()).unwrap(), vec![vec!["Zoë"]]);
    }

    #[test]
    fn round_trips_writer_output() {
        let mut w = CsvWriter::new();
        let fields = ["Project Name", "x,y", "q\"q", "l1\r\nl2", "", "é ü"];
        w.write_text_row(&fields);
        w.write_text_row(&["only"]);
        let parsed = parse_csv(w.as_str()).unwrap();
        assert_eq!(parsed[0], fields);
        assert_eq!(parsed[1], vec!["only"]);
    }
}
