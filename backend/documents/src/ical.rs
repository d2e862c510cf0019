//! iCalendar (RFC 5545) feeds and exports, written with `calcard`: escaping, line folding at 75
//! octets and the VTIMEZONE (built from chrono-tz's rules) are the library's.

use calcard::common::{CalendarScale, PartialDateTime};
use calcard::icalendar::{
    ICalendar, ICalendarComponent, ICalendarComponentType, ICalendarEntry, ICalendarMethod,
    ICalendarParameter, ICalendarProperty, ICalendarStatus, ICalendarValue,
};
use chrono::{DateTime, Datelike, LocalResult, NaiveDateTime, TimeZone, Timelike, Utc};
use chrono_tz::Tz;

pub const PRODID: &str = "-//Kairos//Kairos Scheduling//EN";

/// RFC 5545 §3.8.1.11 statuses valid on a VEVENT.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum EventStatus {
    Tentative,
    #[default]
    Confirmed,
    Cancelled,
}

impl EventStatus {
    fn value(self) -> ICalendarStatus {
        match self {
            EventStatus::Tentative => ICalendarStatus::Tentative,
            EventStatus::Confirmed => ICalendarStatus::Confirmed,
            EventStatus::Cancelled => ICalendarStatus::Cancelled,
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

/// A VCALENDAR with a display name (`X-WR-CALNAME`, understood by Google, Apple and Outlook)
/// and its events.
///
/// With a `time_zone`, times are written as local times with `TZID=<IANA name>`, the calendar
/// carries a VTIMEZONE for that zone (its standard and daylight rules over the years the events
/// span, with RRULEs, as Outlook needs) and `X-WR-TIMEZONE`; clients then show and move events
/// by the zone's own rules across DST. Without one, times are written in UTC (`…Z`), which
/// every client places correctly too but shows in the viewer's own zone.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Calendar {
    pub name: String,
    pub time_zone: Option<Tz>,
    pub events: Vec<CalendarEvent>,
}

impl Calendar {
    /// The calendar as iCalendar text with CRLF line ends and folded lines.
    pub fn to_ics(&self) -> String {
        let mut root = ICalendarComponent::new(ICalendarComponentType::VCalendar);
        root.add_property(ICalendarProperty::Version, text("2.0"));
        root.add_property(ICalendarProperty::Prodid, text(PRODID));
        root.add_property(
            ICalendarProperty::Calscale,
            ICalendarValue::CalendarScale(CalendarScale::Gregorian),
        );
        root.add_property(
            ICalendarProperty::Method,
            ICalendarValue::Method(ICalendarMethod::Publish),
        );
        root.add_property(
            ICalendarProperty::Other("X-WR-CALNAME".into()),
            text(&clean(&self.name)),
        );
        if let Some(tz) = self.time_zone {
            root.add_property(
                ICalendarProperty::Other("X-WR-TIMEZONE".into()),
                text(tz.name()),
            );
        }
        let mut components = vec![root];
        for e in &self.events {
            let mut event = ICalendarComponent::new(ICalendarComponentType::VEvent);
            event.add_uid(&clean(&e.uid));
            event.add_dtstamp(utc(&e.dtstamp));
            event
                .entries
                .push(self.time(ICalendarProperty::Dtstart, &e.start));
            event
                .entries
                .push(self.time(ICalendarProperty::Dtend, &e.end));
            event.add_property(ICalendarProperty::Summary, text(&clean(&e.summary)));
            if let Some(d) = e.description.as_deref().filter(|d| !d.is_empty()) {
                event.add_property(ICalendarProperty::Description, text(&clean(d)));
            }
            if let Some(l) = e.location.as_deref().filter(|l| !l.is_empty()) {
                event.add_property(ICalendarProperty::Location, text(&clean(l)));
            }
            if let Some(m) = &e.last_modified {
                event.add_property(ICalendarProperty::LastModified, utc(m));
            }
            event.add_property(
                ICalendarProperty::Status,
                ICalendarValue::Status(e.status.value()),
            );
            let id = components.len() as u32;
            components[0].component_ids.push(id);
            components.push(event);
        }
        let mut ical = ICalendar { components };
        ical.add_missing_timezones();
        ical.to_string()
    }

    pub fn to_bytes(&self) -> Vec<u8> {
        self.to_ics().into_bytes()
    }

    /// `DTSTART;TZID=…:local` in the calendar's zone, or UTC without one. An instant whose local
    /// time is ambiguous (the hour repeated when clocks go back) and is the second of the two is
    /// written in UTC, since a TZID time names the first.
    fn time(&self, name: ICalendarProperty, at: &DateTime<Utc>) -> ICalendarEntry {
        if let Some(tz) = self.time_zone {
            let local = at.with_timezone(&tz).naive_local();
            let names_it = match tz.from_local_datetime(&local) {
                LocalResult::Single(t) => t == *at,
                LocalResult::Ambiguous(first, _) => first == *at,
                LocalResult::None => false,
            };
            if names_it {
                return ICalendarEntry::new(name)
                    .with_param(ICalendarParameter::tzid(tz.name().to_string()))
                    .with_value(floating(&local));
            }
        }
        ICalendarEntry::new(name).with_value(utc(at))
    }
}

fn text(s: &str) -> ICalendarValue {
    ICalendarValue::Text(s.to_string())
}

/// TEXT may not hold control characters (RFC 5545 §3.3.11); newlines of any style stay (the
/// writer escapes them as `\n`), other controls are dropped.
fn clean(s: &str) -> String {
    let s = s.replace("\r\n", "\n").replace('\r', "\n");
    s.chars()
        .filter(|c| !c.is_control() || matches!(c, '\n' | '\t'))
        .collect()
}

fn utc(dt: &DateTime<Utc>) -> PartialDateTime {
    PartialDateTime {
        tz_hour: Some(0),
        tz_minute: Some(0),
        ..floating(&dt.naive_utc())
    }
}

fn floating(dt: &NaiveDateTime) -> PartialDateTime {
    PartialDateTime {
        year: u16::try_from(dt.year()).ok(),
        month: Some(dt.month() as u8),
        day: Some(dt.day() as u8),
        hour: Some(dt.hour() as u8),
        minute: Some(dt.minute() as u8),
        second: Some(dt.second() as u8),
        tz_hour: None,
        tz_minute: None,
        tz_minus: false,
    }
}

/// UTC date-time in the RFC 5545 "form #2" (`19980119T070000Z`).
pub fn format_utc(dt: &DateTime<Utc>) -> String {
    dt.format("%Y%m%dT%H%M%SZ").to_string()
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
            time_zone: None,
            events: vec![event()],
        };
        let ics = cal.to_ics();
        assert!(ics.starts_with("BEGIN:VCALENDAR\r\n"), "{ics}");
        for line in [
            "VERSION:2.0",
            "PRODID:-//Kairos//Kairos Scheduling//EN",
            "CALSCALE:GREGORIAN",
            "METHOD:PUBLISH",
            "X-WR-CALNAME:Kairos\\, Store 1234",
            "DTSTART:20240115T151500Z",
            "DTEND:20240115T170000Z",
            "DTSTAMP:20240110T080005Z",
            "LAST-MODIFIED:20240109T080000Z",
            "SUMMARY:Reset\\; aisle 5\\, Main\\\\North",
            "DESCRIPTION:Line one\\nLine two\\nLine three",
            "STATUS:CONFIRMED",
        ] {
            assert!(ics.contains(&format!("{line}\r\n")), "{line} in {ics}");
        }
        assert!(!ics.contains("VTIMEZONE"));
        assert!(ics.ends_with("END:VEVENT\r\nEND:VCALENDAR\r\n"));
        // Every newline is part of a CRLF.
        assert_eq!(ics.matches('\n').count(), ics.matches("\r\n").count());
        // It reads back.
        assert!(ICalendar::parse(&ics).is_ok());
    }

    #[test]
    fn zoned_calendars_carry_tzid_and_a_vtimezone_across_dst() {
        let tz: Tz = "America/Chicago".parse().unwrap();
        let mut before = event();
        // 09:00 local on Friday 6 March 2026 (CST, UTC-6), and on Monday 9 March (CDT, UTC-5).
        before.start = Utc.with_ymd_and_hms(2026, 3, 6, 15, 0, 0).unwrap();
        before.end = Utc.with_ymd_and_hms(2026, 3, 6, 17, 0, 0).unwrap();
        let mut after = event();
        after.uid = "schedule-2@kairos".into();
        after.start = Utc.with_ymd_and_hms(2026, 3, 9, 14, 0, 0).unwrap();
        after.end = Utc.with_ymd_and_hms(2026, 3, 9, 16, 0, 0).unwrap();
        let ics = Calendar {
            name: "Kairos — Zoë".into(),
            time_zone: Some(tz),
            events: vec![before, after],
        }
        .to_ics();
        assert!(ics.contains("X-WR-TIMEZONE:America/Chicago\r\n"), "{ics}");
        assert!(
            ics.contains("DTSTART;TZID=America/Chicago:20260306T090000\r\n"),
            "{ics}"
        );
        assert!(
            ics.contains("DTSTART;TZID=America/Chicago:20260309T090000\r\n"),
            "{ics}"
        );
        assert!(ics.contains("DTSTAMP:20240110T080005Z"));
        let vtz = &ics[ics.find("BEGIN:VTIMEZONE").expect("a VTIMEZONE")..];
        assert!(ics.find("BEGIN:VTIMEZONE") < ics.find("BEGIN:VEVENT"));
        assert!(vtz.contains("TZID:America/Chicago\r\n"));
        assert!(vtz.contains("BEGIN:DAYLIGHT") && vtz.contains("BEGIN:STANDARD"));
        assert!(
            vtz.contains("TZOFFSETFROM:-0600\r\nTZOFFSETTO:-0500"),
            "{vtz}"
        );
        assert!(
            vtz.contains("RRULE:FREQ=YEARLY;BYDAY=2SU;BYMONTH=3"),
            "{vtz}"
        );
        assert!(ICalendar::parse(&ics).is_ok());
    }

    #[test]
    fn the_repeated_hour_is_written_in_utc() {
        let tz: Tz = "America/Chicago".parse().unwrap();
        let mut e = event();
        // 1 November 2026, 01:30 CST: the second 01:30 of the night.
        e.start = Utc.with_ymd_and_hms(2026, 11, 1, 7, 30, 0).unwrap();
        e.end = Utc.with_ymd_and_hms(2026, 11, 1, 6, 30, 0).unwrap();
        let ics = Calendar {
            name: "n".into(),
            time_zone: Some(tz),
            events: vec![e],
        }
        .to_ics();
        assert!(ics.contains("DTSTART:20261101T073000Z\r\n"), "{ics}");
        assert!(
            ics.contains("DTEND;TZID=America/Chicago:20261101T013000\r\n"),
            "{ics}"
        );
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
            time_zone: None,
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
            time_zone: None,
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
    fn control_characters_are_dropped() {
        assert_eq!(clean("a\u{7}b\rc"), "ab\nc");
    }
}
