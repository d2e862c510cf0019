//! RFC 4180 CSV writer (with spreadsheet formula-injection protection) and reader.

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
#[derive(Debug, Default, Clone)]
pub struct CsvWriter {
    out: String,
}

impl CsvWriter {
    pub fn new() -> Self {
        Self::default()
    }

    /// Starts the output with a UTF-8 byte-order mark. Excel needs it to
    /// read a double-clicked CSV as UTF-8 instead of the local ANSI code
    /// page (which garbles names like "Zoë"); `parse_csv` skips it.
    pub fn with_utf8_bom() -> Self {
        Self {
            out: "\u{feff}".to_string(),
        }
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
        for (i, cell) in cells.iter().enumerate() {
            if i > 0 {
                self.out.push(',');
            }
            match cell {
                Cell::Text(s) => push_field(&mut self.out, &protect_formula(s)),
                Cell::Number(n) => push_field(&mut self.out, &format_number(*n)),
                Cell::Integer(n) => self.out.push_str(&n.to_string()),
                Cell::Empty => {}
            }
        }
        self.out.push_str("\r\n");
        self
    }

    pub fn as_str(&self) -> &str {
        &self.out
    }

    pub fn finish(self) -> String {
        self.out
    }

    pub fn to_bytes(&self) -> Vec<u8> {
        self.out.as_bytes().to_vec()
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

/// Spreadsheets evaluate a cell starting with one of these as a formula
/// (OWASP "CSV injection"); a leading apostrophe makes them plain text.
fn protect_formula(s: &str) -> String {
    match s.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => format!("'{s}"),
        _ => s.to_string(),
    }
}

fn push_field(out: &mut String, s: &str) {
    if s.contains([',', '"', '\r', '\n']) {
        out.push('"');
        out.push_str(&s.replace('"', "\"\""));
        out.push('"');
    } else {
        out.push_str(s);
    }
}

/// A CSV input that cannot be parsed; `line` is 1-based and points at the
/// line where the offending quoted field started.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CsvError {
    UnterminatedQuote {
        line: usize,
    },
    /// Text after a closing quote and before the next separator, e.g. `"a"b`.
    UnexpectedCharAfterQuote {
        line: usize,
    },
}

impl fmt::Display for CsvError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CsvError::UnterminatedQuote { line } => {
                write!(f, "unterminated quoted field starting on line {line}")
            }
            CsvError::UnexpectedCharAfterQuote { line } => {
                write!(f, "unexpected character after closing quote on line {line}")
            }
        }
    }
}

impl std::error::Error for CsvError {}

/// Parses RFC 4180 CSV. Accepts CRLF or LF line ends, skips a leading UTF-8
/// BOM (Excel adds one on export), and drops blank lines (a trailing newline
/// must not produce an empty record). Fields are returned unmodified.
pub fn parse_csv(input: &str) -> Result<Vec<Vec<String>>, CsvError> {
    let input = input.strip_prefix('\u{feff}').unwrap_or(input);
    let mut records = Vec::new();
    let mut record: Vec<String> = Vec::new();
    let mut field = String::new();
    // Whether the current record has seen any content, to tell a blank line
    // from a record holding one empty quoted field (`""`).
    let mut record_started = false;
    let mut line = 1usize;
    let mut chars = input.chars().peekable();

    while let Some(c) = chars.next() {
        match c {
            '"' if field.is_empty() => {
                record_started = true;
                let start_line = line;
                loop {
                    match chars.next() {
                        None => return Err(CsvError::UnterminatedQuote { line: start_line }),
                        Some('"') => {
                            if chars.peek() == Some(&'"') {
                                chars.next();
                                field.push('"');
                            } else {
                                break;
                            }
                        }
                        Some(ch) => {
                            if ch == '\n' {
                                line += 1;
                            }
                            field.push(ch);
                        }
                    }
                }
                match chars.peek() {
                    None | Some(',' | '\r' | '\n') => {}
                    Some(_) => return Err(CsvError::UnexpectedCharAfterQuote { line }),
                }
            }
            ',' => {
                record_started = true;
                record.push(std::mem::take(&mut field));
            }
            '\r' if chars.peek() == Some(&'\n') => {}
            '\n' | '\r' => {
                line += 1;
                if record_started || !field.is_empty() {
                    record.push(std::mem::take(&mut field));
                    records.push(std::mem::take(&mut record));
                }
                record_started = false;
            }
            other => {
                record_started = true;
                field.push(other);
            }
        }
    }
    if record_started || !field.is_empty() {
        record.push(field);
        records.push(record);
    }
    Ok(records)
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
    fn unterminated_quote_reports_its_line() {
        let err = parse_csv("a,b\r\nc,\"open\r\nstill open").unwrap_err();
        assert_eq!(err, CsvError::UnterminatedQuote { line: 2 });
        assert!(err.to_string().contains("line 2"));
        assert_eq!(
            parse_csv("a\n\"x\"y").unwrap_err(),
            CsvError::UnexpectedCharAfterQuote { line: 2 }
        );
    }

    #[test]
    fn optional_bom_round_trips() {
        let mut w = CsvWriter::with_utf8_bom();
        w.write_text_row(&["Zoë"]);
        assert!(w.to_bytes().starts_with(&[0xEF, 0xBB, 0xBF]));
        assert_eq!(parse_csv(w.as_str()).unwrap(), vec![vec!["Zoë"]]);
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
