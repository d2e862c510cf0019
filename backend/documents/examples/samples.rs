//! Writes sample documents to a folder for checking with external tools:
//! `cargo run -p kairos-documents --example samples -- /tmp/docs`.

use std::path::PathBuf;

use chrono::NaiveDate;
use kairos_documents::xlsx::{Cell, Workbook};

fn main() -> std::io::Result<()> {
    let dir = PathBuf::from(std::env::args().nth(1).unwrap_or_else(|| ".".into()));
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
                "Minutes".into(),
            ],
            vec![
                "Zoë <Ops> & Co".into(),
                Cell::Date(date),
                Cell::DateTime(date.and_hms_opt(10, 15, 0).expect("valid time")),
                Cell::Number(90.0),
            ],
            vec![
                "=cmd()".into(),
                Cell::Empty,
                Cell::Empty,
                Cell::Number(-2.5),
            ],
        ],
    )
    .bold_header(true)
    .column_widths(&[24.0, 12.0, 18.0, 10.0]);
    wb.add_sheet("Second", vec![vec!["only".into()]]);
    std::fs::write(dir.join("sample.xlsx"), wb.to_bytes())?;
    Ok(())
}
