//! iCalendar (RFC 5545) writer for publishing schedules as `.ics` feeds.

use chrono::{DateTime, Utc};

/// RFC 5545 §3.8.1.11 statuses valid on a VEVENT.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum EventStatus {
    Tentative,
    #[default]
    Confirmed,
    Cancelled,
}

impl EventStatus {
    fn as_str(self) -> &'static str {
        match self {
            EventStatus::Tentative => "TENTATIVE",
            EventStatus::Confirmed => "CONFIRMED",
            EventStatus::Cancelled => "CANCELLED",
        }
    }
}

/// One VEVENT. `uid` must be globally unique and stable across exports
/// (e.g. `schedule-42@kairos`) so calendar clients update instead of duplicating.
#[derive(Debug, Clone, PartialEq)]
pub struct CalendarEvent {
    pub uid: String,
    pub summary: String,
    pub description: Option<String>,
    pub location: Option<String>,
    pub start: DateTime<Utc>,
    pub end: DateTime<Utc>,
    /// When this export was produced (required by RFC 5545).
    pub dtstamp: DateTime<Utc>,
    /// When the underlying record last changed, if known.
    pub last_modified: Option<DateTime<Utc>>,
    pub status: EventStatus,
}

/// A VCALENDAR with a display name (`X-WR-CALNAME`, understood by Google,
/// Apple and Outlook) and its events.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Calendar {
    pub name: String,
    pub events: Vec<CalendarEvent>,
}

impl Calendar {
    /// The calendar as iCalendar text with CRLF line ends and folded lines.
    pub fn to_ics(&self) -> String {
        let mut out = String::new();
        line(&mut out, "BEGIN:VCALENDAR");
        line(&mut out, "VERSION:2.0");
        line(&mut out, "PRODID:-//Kairos//Kairos Scheduling//EN");
        line(&mut out, "CALSCALE:GREGORIAN");
        line(&mut out, "METHOD:PUBLISH");
        line(
            &mut out,
            &format!("X-WR-CALNAME:{}", escape_text(&self.name)),
        );
        for e in &self.events {
            line(&mut out, "BEGIN:VEVENT");
            line(&mut out, &format!("UID:{}", escape_text(&e.uid)));
            line(&mut out, &format!("DTSTAMP:{}", format_utc(&e.dtstamp)));
            line(&mut out, &format!("DTSTART:{}", format_utc(&e.start)));
            line(&mut out, &format!("DTEND:{}", format_utc(&e.end)));
            line(&mut out, &format!("SUMMARY:{}", escape_text(&e.summary)));
            if let Some(d) = e.description.as_deref().filter(|d| !d.is_empty()) {
                line(&mut out, &format!("DESCRIPTION:{}", escape_text(d)));
            }
            if let Some(l) = e.location.as_deref().filter(|l| !l.is_empty()) {
                line(&mut out, &format!("LOCATION:{}", escape_text(l)));
            }
            if let Some(m) = &e.last_modified {
                line(&mut out, &format!("LAST-MODIFIED:{}", format_utc(m)));
            }
            line(&mut out, &format!("STATUS:{}", e.status.as_str()));
            line(&mut out, "END:VEVENT");
        }
        line(&mut out, "END:VCALENDAR");
        out
    }

    pub fn to_bytes(&self) -> Vec<u8> {
        self.to_ics().into_bytes()
    }
}

/// UTC date-time in the RFC 5545 "form #2" (`19980119T070000Z`).
pub fn format_utc(dt: &DateTime<Utc>) -> String {
    dt.format("%Y%m%dT%H%M%SZ").to_string()
}

/// RFC 5545 §3.3.11 TEXT escaping. Newlines of any style become `\n`; other
/// control characters are not allowed in TEXT and are dropped.
pub fn escape_text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\r' => {
                if chars.peek() == Some(&'\n') {
                    chars.next();
                }
                out.push_str("\\n");
            }
            '\n' => out.push_str("\\n"),
            '\t' => out.push('\t'),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// Appends a content line folded at 75 octets (RFC 5545 §3.1): continuation
/// lines start with a space, which counts toward their 75. Splits only on
/// character boundaries so multi-byte UTF-8 sequences stay whole.
fn line(out: &mut String, content: &str) {
    let mut width = 0;
    for c in content.chars() {
        let len = c.len_utf8();
        if width + len > 75 {
            out.push_str("\r\n ");
            width = 1;
        }
        out.push(c);
        width += len;
    }
    out.push_str("\r\n");
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn event() -> CalendarEvent {
        CalendarEvent {
            uid: "schedule-1@kairos".into(),
            summary: "Reset; aisle 5, Main\\North".into(),
            description: Some("Line one\r\nLine two\nLine three".into()),
            location: Some("#1234 Main St".into()),
            start: Utc.with_ymd_and_hms(2024, 1, 15, 15, 15, 0).unwrap(),
            end: Utc.with_ymd_and_hms(2024, 1, 15, 17, 0, 0).unwrap(),
            dtstamp: Utc.with_ymd_and_hms(2024, 1, 10, 8, 0, 5).unwrap(),
            last_modified: Some(Utc.with_ymd_and_hms(2024, 1, 9, 8, 0, 0).unwrap()),
            status: EventStatus::Confirmed,
        }
    }

    #[test]
    fn writes_calendar_header_and_event() {
        let cal = Calendar {
            name: "Kairos, Store 1234".into(),
            events: vec![event()],
        };
        let ics = cal.to_ics();
        assert!(ics.starts_with(
            "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Kairos//Kairos Scheduling//EN\r\n\
             CALSCALE:GREGORIAN\r\nMETHOD:PUBLISH\r\nX-WR-CALNAME:Kairos\\, Store 1234\r\n"
        ));
        assert!(ics.contains("DTSTART:20240115T151500Z\r\n"));
        assert!(ics.contains("DTEND:20240115T170000Z\r\n"));
        assert!(ics.contains("DTSTAMP:20240110T080005Z\r\n"));
        assert!(ics.contains("LAST-MODIFIED:20240109T080000Z\r\n"));
        assert!(ics.contains("SUMMARY:Reset\\; aisle 5\\, Main\\\\North\r\n"));
        assert!(ics.contains("DESCRIPTION:Line one\\nLine two\\nLine three\r\n"));
        assert!(ics.contains("STATUS:CONFIRMED\r\n"));
        assert!(ics.ends_with("END:VEVENT\r\nEND:VCALENDAR\r\n"));
        // Every newline is part of a CRLF.
        assert_eq!(ics.matches('\n').count(), ics.matches("\r\n").count());
    }

    #[test]
    fn omits_empty_optional_fields() {
        let mut e = event();
        e.description = None;
        e.location = Some(String::new());
        e.last_modified = None;
        e.status = EventStatus::Cancelled;
        let ics = Calendar {
            name: "x".into(),
            events: vec![e],
        }
        .to_ics();
        assert!(!ics.contains("DESCRIPTION"));
        assert!(!ics.contains("LOCATION"));
        assert!(!ics.contains("LAST-MODIFIED"));
        assert!(ics.contains("STATUS:CANCELLED"));
    }

    #[test]
    fn folds_long_lines_at_75_octets_on_char_boundaries() {
        let mut e = event();
        e.description = Some("é".repeat(100) + &"a".repeat(100) + "😀😀😀");
        let ics = Calendar {
            name: "n".into(),
            events: vec![e.clone()],
        }
        .to_ics();
        for l in ics.split("\r\n") {
            assert!(l.len() <= 75, "line too long: {} octets", l.len());
        }
        // Unfolding restores the original content line.
        let unfolded = ics.replace("\r\n ", "");
        assert!(unfolded.contains(&format!(
            "DESCRIPTION:{}\r\n",
            e.description.as_deref().unwrap()
        )));
    }

    #[test]
    fn escape_text_drops_controls() {
        assert_eq!(escape_text("a\u{7}b\rc"), "ab\\nc");
    }
}
