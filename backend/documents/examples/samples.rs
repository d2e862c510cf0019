//! Writes sample documents to a folder for checking with external tools (pdffonts, pdftotext,
//! pdftoppm, openpyxl): `cargo run -p kairos-documents --example samples -- /tmp/docs [a4]`.

use std::path::PathBuf;

use chrono::{NaiveDate, TimeZone, Utc};
use kairos_documents::csv::{self, CsvWriter};
use kairos_documents::ical::{Calendar, CalendarEvent, EventStatus};
use kairos_documents::pdf::{
    Checklist, DailyPaperwork, DayAssignment, EmployeeDay, PaperSize, daily_paperwork,
};
use kairos_documents::xlsx::{Cell, Total, Workbook};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let dir = PathBuf::from(std::env::args().nth(1).unwrap_or_else(|| ".".into()));
    let paper = std::env::args()
        .nth(2)
        .and_then(|p| PaperSize::parse(&p))
        .unwrap_or_default();
    std::fs::create_dir_all(&dir)?;
    let date = NaiveDate::from_ymd_opt(2024, 1, 15).expect("valid date");

    let mut wb = Workbook::new();
    wb.add_sheet(
        "Schedules: Jan/2024",
        vec![
            vec![
                "Employee".into(),
                "Date".into(),
                "Start".into(),
                "Hours".into(),
                "Rate".into(),
            ],
            vec![
                "Zoë <Ops> & Co".into(),
                Cell::Date(date),
                Cell::DateTime(date.and_hms_opt(10, 15, 0).expect("valid time")),
                Cell::Minutes(90),
                Cell::Number(18.5),
            ],
            vec![
                "=cmd()".into(),
                Cell::Date(date.succ_opt().expect("a next day")),
                Cell::Time(chrono::NaiveTime::from_hms_opt(7, 30, 0).expect("valid time")),
                Cell::Minutes(1500),
                Cell::Number(-2.5),
            ],
        ],
    )
    .bold_header(true)
    .totals(&[(0, Total::Label("Total".into())), (3, Total::Sum)]);
    wb.add_sheet("Second", vec![vec!["only".into()]]);
    std::fs::write(dir.join("sample.xlsx"), wb.to_bytes()?)?;

    let mut w = CsvWriter::new();
    w.write_text_row(&["Employee", "Note", "Formula", "Minutes"]);
    w.write_row(&[
        "Zoë, \"Z\"".into(),
        "line one\r\nline two".into(),
        "=HYPERLINK(\"x\")".into(),
        csv::Cell::Integer(-15),
    ]);
    std::fs::write(dir.join("sample.csv"), w.to_bytes())?;

    let at = |h, m| {
        Utc.with_ymd_and_hms(2024, 1, 15, h, m, 0)
            .single()
            .expect("valid time")
    };
    let cal = Calendar {
        name: "Kairos, Store #1234".into(),
        time_zone: Some(chrono_tz::America::Chicago),
        events: vec![
            CalendarEvent {
                uid: "schedule-1@kairos".into(),
                summary: "Reset; aisle 5, Main\\North".into(),
                description: Some(format!("Line one\nLine two {}", "é".repeat(60))),
                location: Some("#1234 Main St, Springfield".into()),
                start: at(15, 15),
                end: at(17, 0),
                dtstamp: at(8, 0),
                last_modified: Some(at(7, 30)),
                status: EventStatus::Confirmed,
            },
            CalendarEvent {
                uid: "schedule-2@kairos".into(),
                summary: "Cancelled visit".into(),
                description: None,
                location: None,
                start: at(18, 0),
                end: at(19, 0),
                dtstamp: at(8, 0),
                last_modified: None,
                status: EventStatus::Cancelled,
            },
        ],
    };
    std::fs::write(dir.join("sample.ics"), cal.to_bytes())?;

    let assignment = |i: i64| DayAssignment {
        start: format!("{:02}:15", 6 + i % 12),
        end: format!("{:02}:45", 7 + i % 12),
        store: format!("#{} Main St (North side, by the pharmacy)", 1200 + i),
        event: format!("Quarterly planogram reset \u{2013} aisle {i} (REF-{i:05})"),
        event_type: if i % 3 == 0 { "Supervisor" } else { "Core" }.into(),
        duration_minutes: 30 + 15 * (i % 7),
    };
    let mut day = DailyPaperwork {
        title: "Daily Paperwork".into(),
        date,
        timezone: "America/Chicago".into(),
        generated_at: "2024-01-15 06:00 CST".into(),
        paper,
        employees: vec![
            EmployeeDay {
                name: "Zoë O\u{2019}Neil (Lead) \\ 漢字".into(),
                assignments: (1..4).map(assignment).collect(),
            },
            EmployeeDay {
                name: "Łódź · Ærøskøbing · Αθήνα · Москва".into(),
                assignments: vec![DayAssignment {
                    event: "Łódź · Ærøskøbing · Αθήνα · Москва (4711)".into(),
                    store: "#77 Улица Большая Дмитровка, Москва".into(),
                    ..assignment(5)
                }],
            },
            EmployeeDay {
                name: "Ben Idle".into(),
                assignments: vec![],
            },
        ],
        checklists: vec![Checklist {
            name: "End-of-day store walk".into(),
            description: Some("Complete before leaving the store; hand to the lead.".into()),
            items: vec![
                "Photos of every reset aisle uploaded".into(),
                "Backroom tidy, empty boxes broken down and taken to the compactor, \
                 shelf tags replaced where missing or damaged"
                    .into(),
                "Store manager informed".into(),
            ],
        }],
    };
    std::fs::write(dir.join("paperwork.pdf"), daily_paperwork(&day)?)?;
    day.employees = (0..8)
        .map(|e| EmployeeDay {
            name: format!("Employee {e}"),
            assignments: (0..12).map(assignment).collect(),
        })
        .collect();
    std::fs::write(dir.join("paperwork-long.pdf"), daily_paperwork(&day)?)?;
    day.employees.clear();
    day.checklists.clear();
    std::fs::write(dir.join("paperwork-empty.pdf"), daily_paperwork(&day)?)?;
    Ok(())
}
