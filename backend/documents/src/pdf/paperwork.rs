//! The printable daily paperwork: each employee's assignments for a day plus the active checklists.

use chrono::NaiveDate;

use super::layout::{PageFlow, ascent, line_height};
use super::{TextStyle, truncate_to_width, wrap_text};

/// Everything printed for one day.
#[derive(Debug, Clone, PartialEq)]
pub struct DailyPaperwork {
    pub title: String,
    pub date: NaiveDate,
    /// IANA name the times are expressed in, e.g. "America/Chicago".
    pub timezone: String,
    /// Preformatted by the caller in the site's timezone.
    pub generated_at: String,
    pub employees: Vec<EmployeeDay>,
    pub checklists: Vec<Checklist>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct EmployeeDay {
    pub name: String,
    pub assignments: Vec<DayAssignment>,
}

/// One scheduled event, already formatted for display by the caller.
#[derive(Debug, Clone, PartialEq)]
pub struct DayAssignment {
    /// Local time, e.g. "10:15".
    pub start: String,
    pub end: String,
    /// e.g. "#1234 Main St".
    pub store: String,
    /// Project name and reference.
    pub event: String,
    pub event_type: String,
    pub duration_minutes: i64,
}

/// A paperwork template: items to tick off, then initials and signature.
#[derive(Debug, Clone, PartialEq)]
pub struct Checklist {
    pub name: String,
    pub description: Option<String>,
    pub items: Vec<String>,
}

const MARGIN: f64 = 54.0;
const TITLE: TextStyle = TextStyle::bold(18.0);
const DATE: TextStyle = TextStyle::bold(12.0);
const META: TextStyle = TextStyle::regular(9.0).with_gray(0.35);
const EMPLOYEE: TextStyle = TextStyle::bold(12.0);
const HEADER: TextStyle = TextStyle::bold(8.5);
const CELL: TextStyle = TextStyle::regular(9.0);
const CELL_BOLD: TextStyle = TextStyle::bold(9.0);
const SECTION: TextStyle = TextStyle::bold(13.0);
const ITEM: TextStyle = TextStyle::regular(10.0);
const NOTE: TextStyle = TextStyle::regular(9.5).with_gray(0.35);

/// Column titles and widths in points; the widths add up to the 504 pt
/// content width of a Letter page with 0.75 in margins.
const COLUMNS: [(&str, f64); 6] = [
    ("Start", 46.0),
    ("End", 46.0),
    ("Store", 120.0),
    ("Event", 174.0),
    ("Type", 70.0),
    ("Duration", 48.0),
];
const CELL_PAD: f64 = 4.0;
const CELL_LINE: f64 = 11.0;
/// Long store and event names wrap, but no more than this many lines each,
/// so one bad record cannot take over the page.
const MAX_CELL_LINES: usize = 3;
const HEADER_HEIGHT: f64 = 16.0;

/// Renders the day's paperwork as a PDF.
pub fn daily_paperwork(day: &DailyPaperwork) -> Vec<u8> {
    let date_long = day.date.format("%A, %B %-d, %Y").to_string();
    let title = if day.title.trim().is_empty() {
        "Daily Paperwork"
    } else {
        day.title.trim()
    };
    let footer = format!("{title} - {}", day.date.format("%Y-%m-%d"));
    let mut flow = PageFlow::new(&format!("{title} {}", day.date), MARGIN, &footer);

    flow.text_line(&TITLE, title);
    flow.advance(2.0);
    flow.text_line(&DATE, &date_long);
    let count: usize = day.employees.iter().map(|e| e.assignments.len()).sum();
    flow.text_line(
        &META,
        &format!(
            "Timezone: {}    Generated: {}    {} employee(s), {} assignment(s)",
            day.timezone,
            day.generated_at,
            day.employees.len(),
            count
        ),
    );
    flow.advance(4.0);
    rule(&mut flow, 1.0, 0.0);
    flow.advance(14.0);

    if day.employees.is_empty() {
        flow.text_line(&ITEM, "No assignments for this day.");
        flow.advance(10.0);
    }
    for employee in &day.employees {
        employee_block(&mut flow, employee);
    }
    for checklist in &day.checklists {
        checklist_block(&mut flow, checklist);
    }
    flow.finish()
}

fn employee_block(flow: &mut PageFlow, employee: &EmployeeDay) {
    // Keep the name with the table header and at least one row.
    flow.ensure_space(line_height(&EMPLOYEE) + HEADER_HEIGHT + 2.0 * CELL_LINE + 8.0);
    let total: i64 = employee
        .assignments
        .iter()
        .map(|a| a.duration_minutes)
        .sum();
    let summary = format!(
        "{} assignment(s), {}",
        employee.assignments.len(),
        format_minutes(total)
    );
    let summary_width = META.width(&summary);
    let name = truncate_to_width(
        &employee.name,
        EMPLOYEE.font,
        EMPLOYEE.size,
        flow.width() - summary_width - 12.0,
    );
    let baseline = flow.y() - ascent(&EMPLOYEE);
    let (page, left, right) = (flow.page(), flow.left(), flow.right());
    flow.doc_mut().text(page, left, baseline, &EMPLOYEE, &name);
    if !employee.assignments.is_empty() {
        flow.doc_mut()
            .text(page, right - summary_width, baseline, &META, &summary);
    }
    flow.advance(line_height(&EMPLOYEE) + 2.0);

    if employee.assignments.is_empty() {
        flow.text_line(&NOTE, "No assignments");
        flow.advance(12.0);
        return;
    }

    table_header(flow);
    for a in &employee.assignments {
        let cells = [
            vec![truncate(&a.start, 0)],
            vec![truncate(&a.end, 1)],
            wrap_cell(&a.store, 2),
            wrap_cell(&a.event, 3),
            vec![truncate(&a.event_type, 4)],
            vec![format_minutes(a.duration_minutes)],
        ];
        let lines = cells.iter().map(Vec::len).max().unwrap_or(1);
        let height = lines as f64 * CELL_LINE + 5.0;
        if flow.ensure_space(height) {
            flow.text_line(&CELL_BOLD, &format!("{} (continued)", employee.name.trim()));
            flow.advance(2.0);
            table_header(flow);
        }
        draw_row(flow, &cells, &CELL, height);
    }
    // Totals row.
    let total_cells = [
        vec![String::new()],
        vec![String::new()],
        vec![String::new()],
        vec![String::new()],
        vec!["Total".to_string()],
        vec![format_minutes(total)],
    ];
    let height = CELL_LINE + 5.0;
    flow.ensure_space(height);
    draw_row(flow, &total_cells, &CELL_BOLD, height);
    flow.advance(16.0);
}

fn table_header(flow: &mut PageFlow) {
    let (page, left, width, top) = (flow.page(), flow.left(), flow.width(), flow.y());
    flow.doc_mut()
        .fill_rect(page, left, top - HEADER_HEIGHT, width, HEADER_HEIGHT, 0.88);
    let baseline = top - HEADER_HEIGHT + 5.0;
    let mut x = left;
    for (i, (label, w)) in COLUMNS.iter().enumerate() {
        let tx = if i == COLUMNS.len() - 1 {
            x + w - CELL_PAD - HEADER.width(label)
        } else {
            x + CELL_PAD
        };
        flow.doc_mut().text(page, tx, baseline, &HEADER, label);
        x += w;
    }
    flow.advance(HEADER_HEIGHT);
}

/// Draws one table row whose top is at the flow's y; the last column
/// (durations) is right-aligned so the numbers line up.
fn draw_row(flow: &mut PageFlow, cells: &[Vec<String>; 6], style: &TextStyle, height: f64) {
    let (page, left, right, top) = (flow.page(), flow.left(), flow.right(), flow.y());
    let mut x = left;
    for (i, lines) in cells.iter().enumerate() {
        let w = COLUMNS[i].1;
        for (k, line) in lines.iter().enumerate() {
            let baseline = top - 3.0 - ascent(style) - k as f64 * CELL_LINE;
            let tx = if i == cells.len() - 1 {
                x + w - CELL_PAD - style.width(line)
            } else {
                x + CELL_PAD
            };
            flow.doc_mut().text(page, tx, baseline, style, line);
        }
        x += w;
    }
    flow.doc_mut()
        .line(page, (left, top - height), (right, top - height), 0.5, 0.75);
    flow.advance(height);
}

fn cell_width(column: usize) -> f64 {
    COLUMNS[column].1 - 2.0 * CELL_PAD
}

fn truncate(text: &str, column: usize) -> String {
    truncate_to_width(text.trim(), CELL.font, CELL.size, cell_width(column))
}

fn wrap_cell(text: &str, column: usize) -> Vec<String> {
    let width = cell_width(column);
    let mut lines = wrap_text(text.trim(), CELL.font, CELL.size, width);
    if lines.len() > MAX_CELL_LINES {
        let rest = lines[MAX_CELL_LINES - 1..].join(" ");
        lines.truncate(MAX_CELL_LINES - 1);
        // Force the ellipsis: the joined rest may happen to fit exactly.
        let last = truncate_to_width(&format!("{rest} ..."), CELL.font, CELL.size, width);
        lines.push(last);
    }
    lines
}

fn checklist_block(flow: &mut PageFlow, checklist: &Checklist) {
    // Keep the title with its description and first item.
    flow.ensure_space(line_height(&SECTION) + 3.0 * line_height(&ITEM) + 8.0);
    rule(flow, 0.5, 0.6);
    flow.advance(8.0);
    flow.paragraph(&SECTION, checklist.name.trim());
    if let Some(desc) = checklist
        .description
        .as_deref()
        .map(str::trim)
        .filter(|d| !d.is_empty())
    {
        flow.advance(1.0);
        flow.paragraph(&NOTE, desc);
    }
    flow.advance(6.0);

    let box_size = 9.0;
    let indent = 18.0;
    for item in &checklist.items {
        let lines = wrap_text(item.trim(), ITEM.font, ITEM.size, flow.width() - indent);
        let height = lines.len() as f64 * line_height(&ITEM) + 5.0;
        flow.ensure_space(height);
        let (page, left, top) = (flow.page(), flow.left(), flow.y());
        let first_baseline = top - ascent(&ITEM);
        flow.doc_mut()
            .stroke_rect(page, left, first_baseline - 1.0, box_size, box_size, 0.8);
        for (k, line) in lines.iter().enumerate() {
            let baseline = first_baseline - k as f64 * line_height(&ITEM);
            flow.doc_mut()
                .text(page, left + indent, baseline, &ITEM, line);
        }
        flow.advance(height);
    }
    if checklist.items.is_empty() {
        flow.text_line(&NOTE, "No items");
    }

    // Initials, signature and date on one line, kept together.
    let sign_height = 34.0;
    flow.ensure_space(sign_height);
    flow.advance(sign_height - 8.0);
    let (page, left, right, baseline) = (flow.page(), flow.left(), flow.right(), flow.y());
    let fields = [
        ("Initials:", left, left + 110.0),
        ("Signature:", left + 130.0, left + 360.0),
        ("Date:", left + 380.0, right),
    ];
    for (label, start, end) in fields {
        flow.doc_mut().text(page, start, baseline, &CELL, label);
        let line_start = start + CELL.width(label) + 4.0;
        flow.doc_mut().line(
            page,
            (line_start, baseline - 2.0),
            (end, baseline - 2.0),
            0.6,
            0.0,
        );
    }
    flow.advance(8.0 + 16.0);
}

fn rule(flow: &mut PageFlow, width: f64, gray: f64) {
    let (page, left, right, y) = (flow.page(), flow.left(), flow.right(), flow.y());
    flow.doc_mut()
        .line(page, (left, y), (right, y), width, gray);
}

/// "1h 30m", "45m", "2h"; negative values keep their sign rather than being
/// hidden, since they point at bad data upstream.
fn format_minutes(minutes: i64) -> String {
    let sign = if minutes < 0 { "-" } else { "" };
    let m = minutes.unsigned_abs();
    match (m / 60, m % 60) {
        (0, r) => format!("{sign}{r}m"),
        (h, 0) => format!("{sign}{h}h"),
        (h, r) => format!("{sign}{h}h {r}m"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pdf::tests::{check_xref, page_count};

    fn assignment(i: usize) -> DayAssignment {
        DayAssignment {
            start: format!("{:02}:15", 6 + i % 12),
            end: format!("{:02}:45", 7 + i % 12),
            store: format!("#{} Main St (North)", 1000 + i),
            event: format!("Quarterly planogram reset, aisle {i} - REF-{i:05}"),
            event_type: "Core".into(),
            duration_minutes: 90,
        }
    }

    fn day(employees: Vec<EmployeeDay>, checklists: Vec<Checklist>) -> DailyPaperwork {
        DailyPaperwork {
            title: "Daily Paperwork".into(),
            date: NaiveDate::from_ymd_opt(2024, 1, 15).unwrap(),
            timezone: "America/Chicago".into(),
            generated_at: "2024-01-15 06:00".into(),
            employees,
            checklists,
        }
    }

    #[test]
    fn empty_day_says_no_assignments() {
        let pdf = daily_paperwork(&day(vec![], vec![]));
        assert!(pdf.starts_with(b"%PDF-1.4"));
        assert!(pdf.ends_with(b"%%EOF\n"));
        check_xref(&pdf);
        assert_eq!(page_count(&pdf), 1);
        let text = String::from_utf8_lossy(&pdf);
        assert!(text.contains("(No assignments for this day.) Tj"));
        assert!(text.contains("(Monday, January 15, 2024) Tj"));
        assert!(text.contains("(Page 1 of 1) Tj"));
    }

    #[test]
    fn employee_table_has_rows_and_totals() {
        let pdf = daily_paperwork(&day(
            vec![
                EmployeeDay {
                    name: "Ana (Lead) O\u{2019}Neil".into(),
                    assignments: vec![assignment(1), assignment(2)],
                },
                EmployeeDay {
                    name: "Ben".into(),
                    assignments: vec![],
                },
            ],
            vec![],
        ));
        check_xref(&pdf);
        let text = String::from_utf8_lossy(&pdf);
        assert!(text.contains("(Ana \\(Lead\\) O\\222Neil) Tj"));
        assert!(text.contains("(Duration) Tj"));
        assert!(text.contains("(07:15) Tj"));
        assert!(text.contains("(1h 30m) Tj"));
        assert!(text.contains("(Total) Tj"));
        assert!(text.contains("(3h) Tj"));
        assert!(text.contains("(No assignments) Tj"));
    }

    #[test]
    fn long_day_spans_several_pages() {
        let one = daily_paperwork(&day(
            vec![EmployeeDay {
                name: "A".into(),
                assignments: vec![assignment(0)],
            }],
            vec![],
        ));
        let employees = (0..8)
            .map(|e| EmployeeDay {
                name: format!("Employee {e}"),
                assignments: (0..12).map(assignment).collect(),
            })
            .collect();
        let long = daily_paperwork(&day(employees, vec![]));
        assert_eq!(page_count(&one), 1);
        let pages = page_count(&long);
        assert!(pages >= 3, "got {pages} pages");
        check_xref(&long);
        let text = String::from_utf8_lossy(&long);
        assert!(text.contains(&format!("(Page {pages} of {pages}) Tj")));
        assert!(text.contains("(Employee 1 \\(continued\\)) Tj"));
    }

    #[test]
    fn checklists_have_boxes_and_signature_line() {
        let pdf = daily_paperwork(&day(
            vec![],
            vec![Checklist {
                name: "Store walk".into(),
                description: Some("Before leaving the store".into()),
                items: vec!["Photos uploaded".into(), "Backroom tidy".into()],
            }],
        ));
        check_xref(&pdf);
        let text = String::from_utf8_lossy(&pdf);
        assert!(text.contains("(Store walk) Tj"));
        assert!(text.contains("(Photos uploaded) Tj"));
        assert_eq!(text.matches(" 9 9 re S").count(), 2);
        assert!(text.contains("(Signature:) Tj"));
        assert!(text.contains("(Initials:) Tj"));
    }

    #[test]
    fn cells_wrap_and_cap_lines() {
        let lines = wrap_cell(&"word ".repeat(80), 3);
        assert_eq!(lines.len(), MAX_CELL_LINES);
        assert!(lines[2].ends_with("..."));
        assert_eq!(format_minutes(45), "45m");
        assert_eq!(format_minutes(120), "2h");
        assert_eq!(format_minutes(-75), "-1h 15m");
    }
}
