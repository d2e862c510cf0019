//! Documents over HTTP: the paperwork PDF prints any name in its embedded fonts on the paper the
//! setting asks for, CSV imports take semicolons and refuse other encodings clearly, calendar
//! feeds carry their time zone.
//!
//! The PDF checks run poppler's `pdffonts`, `pdftotext` and `pdfinfo` when they are installed
//! (Debian's `poppler-utils`); `scripts/test` installs them and sets `KAIROS_REQUIRE_POPPLER=1`,
//! which turns their absence into a failure.

use crate::helpers::{Db, TestApp, spawn_app};
use crate::on_both_databases;
use chrono::{Datelike, Duration, Utc, Weekday};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use std::io::Read as _;
use std::path::Path;
use std::process::Command;

on_both_databases!(
    the_paperwork_prints_names_in_any_european_script,
    exports_are_typed_spreadsheets,
    csv_imports_take_semicolons_and_refuse_other_encodings,
    calendar_feeds_carry_their_time_zone,
);

const NAME: &str = "Łódź · Ærøskøbing · Αθήνα · Москва";

async fn manager(app: &TestApp) -> String {
    app.user_with_role("manager").await.1
}

async fn setting(app: &TestApp, key: &str, value: Value) {
    let admin = app.admin_token().await;
    let a = app
        .send(
            Method::PUT,
            &format!("/api/v1/settings/{key}"),
            Some(&admin),
            Some(json!({ "value": value })),
        )
        .await;
    assert_eq!(a.status, StatusCode::OK, "{a:?}");
}

/// An employee available on weekdays, an event and a schedule for it at 10:15 local (in the
/// default business zone, America/Indiana/Indianapolis) on `date`.
async fn scheduled(app: &TestApp, t: &str, id: &str, name: &str, event_name: &str, date: &str) {
    let at = local_10_15(date).to_rfc3339();
    let a = app
        .post(
            "/api/v1/employees",
            t,
            json!({"id": id, "name": name, "skills": ["lead"]}),
        )
        .await;
    assert_eq!(a.status, StatusCode::CREATED, "{a:?}");
    crate::helpers::weekdays(app, t, id).await;
    let a = app
        .post(
            "/api/v1/events",
            t,
            json!({"project_name": event_name, "project_ref_num": 4711, "event_type": "Core",
                "start_datetime": format!("{date}T00:00:00-05:00"),
                "due_datetime": format!("{date}T23:59:00-05:00"),
                "store_number": 12, "store_name": "Улица Большая Дмитровка"}),
        )
        .await;
    assert_eq!(a.status, StatusCode::CREATED, "{a:?}");
    let a = app
        .post(
            "/api/v1/schedules",
            t,
            json!({"event_ref_num": 4711, "employee_id": id,
                "schedule_datetime": at}),
        )
        .await;
    assert_eq!(a.status, StatusCode::CREATED, "{a:?}");
}

/// Runs a poppler tool on `pdf`, or says why not: `None` when it is not installed (and not
/// required).
fn poppler(tool: &str, args: &[&str], pdf: &Path) -> Option<String> {
    let mut command = Command::new(tool);
    command.args(args).arg(pdf);
    if tool == "pdftotext" {
        command.arg("-");
    }
    let out = command.output();
    match out {
        Ok(out) => {
            assert!(out.status.success(), "{tool} failed: {out:?}");
            Some(String::from_utf8(out.stdout).expect("UTF-8 output"))
        }
        Err(e) => {
            assert!(
                std::env::var_os("KAIROS_REQUIRE_POPPLER").is_none(),
                "{tool} is required (poppler-utils): {e}"
            );
            eprintln!("{tool} is not installed; its check is skipped");
            None
        }
    }
}

async fn the_paperwork_prints_names_in_any_european_script(db: Db) {
    let app = spawn_app(db).await;
    let t = manager(&app).await;
    scheduled(&app, &t, "E1", NAME, NAME, "2026-03-02").await;
    let tpl = app
        .post(
            "/api/v1/paperwork-templates",
            &t,
            json!({"name": "Κατάλογος ελέγχου", "template_type": "daily",
        "template_data": {"items": ["Проверить витрину", "Zkontrolovat účtenky"]}}),
        )
        .await;
    assert_eq!(tpl.status, StatusCode::CREATED, "{tpl:?}");

    let fetch = |app: &TestApp| {
        let req = app
            .client
            .get(app.url("/api/v1/paperwork/daily?date=2026-03-02"))
            .bearer_auth(&t);
        async move {
            let res = req.send().await.unwrap();
            assert_eq!(res.status(), StatusCode::OK);
            assert_eq!(res.headers()["content-type"], "application/pdf");
            res.bytes().await.unwrap().to_vec()
        }
    };
    let letter = fetch(&app).await;
    assert!(letter.starts_with(b"%PDF-"));
    setting(&app, "paper_size", json!("a4")).await;
    let a4 = fetch(&app).await;
    let admin = app.admin_token().await;
    app.send(
        Method::PUT,
        "/api/v1/settings/paper_size",
        Some(&admin),
        Some(json!({"value": "legal"})),
    )
    .await
    .assert_problem(422);

    let dir = std::env::temp_dir().join(format!("kairos-pdf-{}", uuid::Uuid::new_v4().simple()));
    std::fs::create_dir_all(&dir).unwrap();
    let (letter_path, a4_path) = (dir.join("letter.pdf"), dir.join("a4.pdf"));
    std::fs::write(&letter_path, &letter).unwrap();
    std::fs::write(&a4_path, &a4).unwrap();

    if let Some(fonts) = poppler("pdffonts", &[], &letter_path) {
        let rows: Vec<&str> = fonts.lines().skip(2).collect();
        assert!(rows.len() >= 2, "{fonts}");
        for row in rows {
            // name, type (two words), encoding, emb, sub, uni, object, generation
            let cols: Vec<&str> = row.split_whitespace().collect();
            assert!(cols[0].contains("+LiberationSans"), "{row}");
            assert_eq!(
                &cols[4..7],
                ["yes", "yes", "yes"],
                "embedded, subset: {row}"
            );
        }
    }
    if let Some(text) = poppler("pdftotext", &["-raw"], &letter_path) {
        // Once as the employee's heading, once as the event in the table.
        assert!(text.matches(NAME).count() >= 2, "{text}");
        for expected in [
            "#12 Улица Большая",
            "Дмитровка",
            "Κατάλογος ελέγχου",
            "Проверить витрину",
            "Zkontrolovat účtenky",
            "Page 1 / 1",
        ] {
            assert!(text.contains(expected), "{expected} in {text}");
        }
    }
    if let Some(info) = poppler("pdfinfo", &[], &a4_path) {
        assert!(
            info.contains("Page size:       595.276 x 841.89 pts (A4)"),
            "{info}"
        );
        assert!(info.contains("Tagged:          yes"), "{info}");
    }
    if let Some(info) = poppler("pdfinfo", &[], &letter_path) {
        assert!(info.contains("612 x 792 pts (letter)"), "{info}");
    }
    keep("paperwork-letter.pdf", &letter);
    keep("paperwork-a4.pdf", &a4);
    std::fs::remove_dir_all(&dir).ok();
}

async fn csv_imports_take_semicolons_and_refuse_other_encodings(db: Db) {
    let app = spawn_app(db).await;
    let t = manager(&app).await;
    let header = "Project Name;Project Reference Number;Location MVID;Store Number;Store Name;Start Date/Time;Due Date/Time;Estimated Time";
    let csv = format!(
        "\u{feff}{header}\r\n\"Łódź; Regał 5\";800001;MV1;12;Ærøskøbing;03/02/2026 12:00 AM;03/06/2026 11:59 PM;390\r\n"
    );
    let a = app
        .post_raw(
            "/api/v1/events/import",
            Some(&t),
            "text/csv",
            csv.into_bytes(),
        )
        .await;
    assert_eq!(a.status, StatusCode::OK, "{a:?}");
    assert_eq!(a.body["created"], 1, "{a:?}");
    let event = app.get("/api/v1/events?q=800001", &t).await.body["items"][0].clone();
    assert_eq!(event["project_name"], "Łódź; Regał 5");

    // The same file saved as Windows-1252 ("Ærøskøbing" in single bytes).
    let mut latin1 = header.replace(';', ",").into_bytes();
    latin1.extend_from_slice(b"\r\nReset,800002,,,\xC6r\xF8sk\xF8bing,03/02/2026,03/03/2026,\r\n");
    let a = app
        .post_raw("/api/v1/events/import", Some(&t), "text/csv", latin1)
        .await;
    a.assert_problem(400);
    let detail = a.body["detail"].as_str().unwrap_or_default();
    assert!(
        detail.contains("not UTF-8") && detail.contains("line 2"),
        "{a:?}"
    );
    let a = app
        .post_raw(
            "/api/v1/events/import",
            Some(&t),
            "text/csv",
            vec![0xFF, 0xFE, b'P', 0],
        )
        .await;
    a.assert_problem(400);
    assert!(
        a.body["detail"]
            .as_str()
            .unwrap_or_default()
            .contains("UTF-16"),
        "{a:?}"
    );
}

fn local_10_15(date: &str) -> chrono::DateTime<chrono_tz::Tz> {
    let day = chrono::NaiveDate::parse_from_str(date, "%Y-%m-%d").unwrap();
    day.and_hms_opt(10, 15, 0)
        .unwrap()
        .and_local_timezone(chrono_tz::America::Indiana::Indianapolis)
        .single()
        .unwrap()
}

async fn calendar_feeds_carry_their_time_zone(db: Db) {
    let app = spawn_app(db).await;
    let t = manager(&app).await;
    // A Monday two to three weeks ahead, inside the feed's window.
    let mut day = (Utc::now() + Duration::days(14)).date_naive();
    while day.weekday() != Weekday::Mon {
        day += Duration::days(1);
    }
    let date = day.format("%Y-%m-%d").to_string();
    scheduled(&app, &t, "F1", NAME, "Inventory", &date).await;
    let feed = app
        .post("/api/v1/employees/F1/calendar-feed", &t, json!({}))
        .await;
    assert_eq!(feed.status, StatusCode::CREATED, "{feed:?}");
    let url = feed.body["url"].as_str().unwrap().to_owned();
    let ics = app
        .client
        .get(&url)
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let zone = "America/Indiana/Indianapolis";
    assert!(ics.contains(&format!("X-WR-TIMEZONE:{zone}\r\n")), "{ics}");
    assert!(
        ics.contains(&format!("BEGIN:VTIMEZONE\r\nTZID:{zone}\r\n")),
        "{ics}"
    );
    assert!(
        ics.contains("BEGIN:DAYLIGHT") && ics.contains("RRULE:FREQ=YEARLY"),
        "{ics}"
    );
    // The local time as written, whether that day is in standard or daylight time.
    let local = local_10_15(&date).format("%Y%m%dT%H%M%S").to_string();
    assert!(
        ics.contains(&format!("DTSTART;TZID={zone}:{local}\r\n")),
        "{ics}"
    );
    assert!(
        ics.contains(&format!("X-WR-CALNAME:Kairos — {}", "Łódź · Ærøskøbing")),
        "{ics}"
    );
}

/// With `KAIROS_KEEP_DOCUMENTS=<folder>`, keeps a document the tests fetched, to look at by hand
/// (pdftoppm, a browser, openpyxl).
fn keep(name: &str, bytes: &[u8]) {
    if let Some(dir) = std::env::var_os("KAIROS_KEEP_DOCUMENTS") {
        let dir = Path::new(&dir);
        std::fs::create_dir_all(dir).unwrap();
        std::fs::write(dir.join(name), bytes).unwrap();
    }
}

fn member(zip: &mut zip::ZipArchive<std::io::Cursor<Vec<u8>>>, name: &str) -> String {
    let mut text = String::new();
    zip.by_name(name)
        .unwrap_or_else(|e| panic!("{name}: {e}"))
        .read_to_string(&mut text)
        .unwrap();
    text
}

async fn exports_are_typed_spreadsheets(db: Db) {
    let app = spawn_app(db).await;
    let t = manager(&app).await;
    scheduled(&app, &t, "X1", NAME, "=HYPERLINK(\"x\")", "2026-03-02").await;
    let res = app
        .client
        .get(app.url("/api/v1/exports/schedules?format=xlsx&from=2026-03-01&to=2026-03-07"))
        .bearer_auth(&t)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let bytes = res.bytes().await.unwrap().to_vec();
    keep("schedules.xlsx", &bytes);
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("a zip");
    let sheet = member(&mut zip, "xl/worksheets/sheet1.xml");
    let styles = member(&mut zip, "xl/styles.xml");
    let strings = member(&mut zip, "xl/sharedStrings.xml");
    // The header stays in view and filters; the totals row is a formula over the hours.
    assert!(
        sheet.contains(r#"state="frozen""#) && sheet.contains(r#"ySplit="1""#),
        "{sheet}"
    );
    assert!(sheet.contains(r#"<autoFilter ref="A1:L2"/>"#), "{sheet}");
    assert!(sheet.contains("<f>SUBTOTAL(109,E2:E2)</f>"), "{sheet}");
    assert!(sheet.contains("<cols>"), "column widths: {sheet}");
    for format in ["yyyy-mm-dd", "yyyy-mm-dd hh:mm", "[h]:mm"] {
        assert!(
            styles.contains(&format!(r#"formatCode="{format}""#)),
            "{format}: {styles}"
        );
    }
    assert!(styles.contains("<b/>"), "a bold font: {styles}");
    // 390 minutes are 0.2708… of a day; the name and the would-be formula are plain strings.
    assert!(sheet.contains("<v>0.2708333333333333</v>"), "{sheet}");
    assert!(strings.contains(NAME), "{strings}");
    assert!(strings.contains("=HYPERLINK"), "{strings}");
    assert!(!sheet.contains("<f>HYPERLINK"), "{sheet}");
}
