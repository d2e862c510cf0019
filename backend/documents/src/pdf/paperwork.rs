//! The printable daily paperwork: each employee's assignments for a day plus the active
//! checklists, built from the shared report parts.

use chrono::NaiveDate;

use super::{PaperSize, PdfDocument, PdfError};
use crate::report::{Column, HEADING, Report, Table};

/// Everything printed for one day.
#[derive(Debug, Clone, PartialEq)]
pub struct DailyPaperwork {
    pub title: String,
    pub date: NaiveDate,
    /// IANA name the times are expressed in, e.g. "America/Chicago".
    pub timezone: String,
    /// Preformatted by the caller in the site's timezone.
    pub generated_at: String,
    /// A4 or Letter (setting `paper_size`).
    pub paper: PaperSize,
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

/// Long store and event names wrap, but no more than this many lines each, so one bad record
/// cannot take over the page.
const MAX_CELL_LINES: usize = 3;

/// Column titles and widths on a 504 pt wide page (Letter with 0.75 in margins); on A4 they
/// scale to its 487 pt.
fn columns() -> [Column; 6] {
    [
        Column::new("Start", 46.0),
        Column::new("End", 46.0),
        Column::new("Store", 120.0).wrap(MAX_CELL_LINES),
        Column::new("Event", 174.0).wrap(MAX_CELL_LINES),
        Column::new("Type", 70.0),
        Column::new("Duration", 48.0).right(),
    ]
}

/// Renders the day's paperwork as a PDF.
pub fn daily_paperwork(day: &DailyPaperwork) -> Result<Vec<u8>, PdfError> {
    daily_paperwork_document(day).to_bytes()
}

/// The day's paperwork laid out, before it is written (to check where text landed).
pub fn daily_paperwork_document(day: &DailyPaperwork) -> PdfDocument {
    let date_long = day.date.format("%A, %B %-d, %Y").to_string();
    let title = if day.title.trim().is_empty() {
        "Daily Paperwork"
    } else {
        day.title.trim()
    };
    let footer = format!("{title} - {}", day.date.format("%Y-%m-%d"));
    let mut report = Report::new(&format!("{title} {}", day.date), day.paper, &footer);
    let count: usize = day.employees.iter().map(|e| e.assignments.len()).sum();
    report.title_block(
        title,
        &date_long,
        &format!(
            "Timezone: {} · Generated: {} · {} employee(s), {} assignment(s)",
            day.timezone,
            day.generated_at,
            day.employees.len(),
            count
        ),
    );

    if day.employees.is_empty() {
        report.paragraph(&crate::report::ITEM, "No assignments for this day.");
        report.gap(10.0);
    }
    let columns = columns();
    for employee in &day.employees {
        // Keep the name with the table header and at least one row.
        report.keep_together(
            super::line_height(&HEADING) + 2.0 + Report::table_start_height(2) + 8.0,
        );
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
        let name = employee.name.trim();
        if employee.assignments.is_empty() {
            report.heading(2, name, None);
            report.note("No assignments");
            report.gap(12.0);
            continue;
        }
        report.heading(2, name, Some(&summary));
        report.table(&Table {
            columns: &columns,
            rows: employee
                .assignments
                .iter()
                .map(|a| {
                    vec![
                        a.start.clone(),
                        a.end.clone(),
                        a.store.clone(),
                        a.event.clone(),
                        a.event_type.clone(),
                        format_minutes(a.duration_minutes),
                    ]
                })
                .collect(),
            totals: Some(vec![
                String::new(),
                String::new(),
                String::new(),
                String::new(),
                "Total".to_string(),
                format_minutes(total),
            ]),
            continued: format!("{name} (continued)"),
        });
        report.gap(16.0);
    }
    for checklist in &day.checklists {
        report.checklist(
            &checklist.name,
            checklist.description.as_deref(),
            &checklist.items,
        );
    }
    report.into_document()
}

/// "1h 30m", "45m", "2h"; negative values keep their sign rather than being hidden, since they
/// point at bad data upstream.
pub fn format_minutes(minutes: i64) -> String {
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
    use crate::pdf::tests::page_count;
    use crate::pdf::{ELLIPSIS, PlacedText};

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
            paper: PaperSize::Letter,
            employees,
            checklists,
        }
    }

    fn texts(doc: &PdfDocument) -> Vec<String> {
        doc.placed_texts().into_iter().map(|t| t.text).collect()
    }

    #[test]
    fn empty_day_says_no_assignments() {
        let d = day(vec![], vec![]);
        let doc = daily_paperwork_document(&d);
        assert_eq!(doc.page_count(), 1);
        let t = texts(&doc);
        assert!(t.contains(&"No assignments for this day.".to_string()));
        assert!(t.contains(&"Monday, January 15, 2024".to_string()));
        assert!(t.contains(&"Page 1 / 1".to_string()));
        let pdf = daily_paperwork(&d).unwrap();
        assert!(pdf.starts_with(b"%PDF-"));
        assert_eq!(page_count(&pdf), 1);
    }

    #[test]
    fn employee_table_has_rows_and_totals() {
        let doc = daily_paperwork_document(&day(
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
        let t = texts(&doc);
        for expected in [
            "Ana (Lead) O\u{2019}Neil",
            "Duration",
            "07:15",
            "1h 30m",
            "Total",
            "3h",
            "No assignments",
            "2 assignment(s), 3h",
        ] {
            assert!(t.contains(&expected.to_string()), "{expected} in {t:?}");
        }
    }

    #[test]
    fn long_day_spans_several_pages() {
        let one = daily_paperwork_document(&day(
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
        let long = daily_paperwork_document(&day(employees, vec![]));
        assert_eq!(one.page_count(), 1);
        let pages = long.page_count();
        assert!(pages >= 3, "got {pages} pages");
        let t = texts(&long);
        assert!(t.contains(&format!("Page {pages} / {pages}")));
        assert!(t.contains(&"Employee 1 (continued)".to_string()));
        assert_eq!(page_count(&long.to_bytes().unwrap()), pages);
    }

    #[test]
    fn checklists_have_boxes_and_signature_line() {
        let doc = daily_paperwork_document(&day(
            vec![],
            vec![Checklist {
                name: "Store walk".into(),
                description: Some("Before leaving the store".into()),
                items: vec!["Photos uploaded".into(), "Backroom tidy".into()],
            }],
        ));
        let t = texts(&doc);
        for expected in [
            "Store walk",
            "Photos uploaded",
            "Signature:",
            "Initials:",
            "Date:",
        ] {
            assert!(t.contains(&expected.to_string()), "{expected}");
        }
        doc.to_bytes().unwrap();
    }

    /// No text runs past the margins, and table text stays in its column, on A4 and Letter,
    /// with names in Polish, Danish, Greek and Russian and overlong stores and events.
    #[test]
    fn text_stays_inside_columns_and_margins() {
        let names = [
            "Łódź · Ærøskøbing · Αθήνα · Москва",
            "Ζωή Παπαδοπούλου-Αλεξανδροπούλου",
        ];
        for paper in PaperSize::ALL {
            let mut d = day(
                names
                    .iter()
                    .map(|n| EmployeeDay {
                        name: (*n).into(),
                        assignments: (0..6)
                            .map(|i| DayAssignment {
                                store: format!("#{i} Улица Большая Дмитровка, дом {i}, Москва"),
                                event: format!(
                                    "Αθήνα: Łódź · Ærøskøbing inventory {} (#{i})",
                                    "WWWW ".repeat(i * 3)
                                ),
                                event_type: "Supervisor-Extended".into(),
                                ..assignment(i)
                            })
                            .collect(),
                    })
                    .collect(),
                vec![],
            );
            d.paper = paper;
            let doc = daily_paperwork_document(&d);
            let content = paper.width() - 2.0 * 54.0;
            let scale = content / 504.0;
            let mut edges = vec![54.0];
            for w in [46.0, 46.0, 120.0, 174.0, 70.0, 48.0] {
                edges.push(edges.last().unwrap() + w * scale);
            }
            let in_table = |t: &PlacedText| {
                t.size == 9.0
                    && !t.text.starts_with("Timezone:")
                    && !t.text.contains("assignment(s)")
            };
            for t in doc.placed_texts() {
                assert!(t.x >= 54.0 - 0.01, "{t:?}");
                assert!(t.x + t.width <= paper.width() - 54.0 + 0.01, "{t:?}");
                if in_table(&t) {
                    let col = edges
                        .windows(2)
                        .position(|e| t.x >= e[0] && t.x < e[1])
                        .unwrap();
                    assert!(
                        t.x + t.width <= edges[col + 1] - 4.0 + 0.01,
                        "{t:?} col {col}"
                    );
                }
            }
            let t = texts(&doc);
            assert!(t.contains(&names[0].to_string()));
            assert!(
                t.iter().any(|l| l.ends_with(ELLIPSIS)),
                "long events are cut"
            );
        }
    }

    #[test]
    fn minutes_read_as_hours_and_minutes() {
        assert_eq!(format_minutes(45), "45m");
        assert_eq!(format_minutes(120), "2h");
        assert_eq!(format_minutes(-75), "-1h 15m");
    }
}
