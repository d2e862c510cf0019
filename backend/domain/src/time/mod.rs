//! The one interval algebra every module shares: local clock times, local datetimes, and
//! half-open intervals with their overlap groups (`interval`).

mod interval;

pub use interval::{Interval, merge, overlap_groups};

use std::fmt;
use std::str::FromStr;

use chrono::{Datelike, NaiveDate, NaiveDateTime, NaiveTime, Timelike};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// Minutes in a day; also the largest clock time (`24:00`, the end of a day).
pub const DAY_MINUTES: u16 = 24 * 60;

/// A time of day in whole minutes since local midnight, written `HH:MM`.
///
/// `24:00` is accepted so a window can end at the end of the day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ClockTime(u16);

impl ClockTime {
    pub const MIDNIGHT: ClockTime = ClockTime(0);
    pub const END_OF_DAY: ClockTime = ClockTime(DAY_MINUTES);

    /// `None` past `24:00`.
    pub fn from_minutes(minutes: u16) -> Option<Self> {
        (minutes <= DAY_MINUTES).then_some(Self(minutes))
    }

    pub fn hm(hour: u16, minute: u16) -> Option<Self> {
        if minute >= 60 {
            return None;
        }
        Self::from_minutes(hour.checked_mul(60)?.checked_add(minute)?)
    }

    pub fn minutes(self) -> u16 {
        self.0
    }
}

impl From<NaiveTime> for ClockTime {
    fn from(t: NaiveTime) -> Self {
        // A NaiveTime is below 24:00, so this cannot exceed the range.
        Self((t.hour() * 60 + t.minute()) as u16)
    }
}

impl fmt::Display for ClockTime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:02}:{:02}", self.0 / 60, self.0 % 60)
    }
}

/// Why a clock time or local datetime could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseTimeError(String);

impl fmt::Display for ParseTimeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for ParseTimeError {}

impl FromStr for ClockTime {
    type Err = ParseTimeError;

    /// Reads `HH:MM`, tolerating a `:SS` suffix of zero seconds (database time columns print it).
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let bad = || ParseTimeError(format!("expected a clock time HH:MM, got {s:?}"));
        let mut parts = s.split(':');
        let hour: u16 = parts.next().ok_or_else(bad)?.parse().map_err(|_| bad())?;
        let minute: u16 = parts.next().ok_or_else(bad)?.parse().map_err(|_| bad())?;
        match parts.next() {
            None => {}
            Some(sec) if sec.parse::<u16>().map_err(|_| bad())? == 0 => {}
            Some(_) => return Err(bad()),
        }
        if parts.next().is_some() {
            return Err(bad());
        }
        Self::hm(hour, minute).ok_or_else(bad)
    }
}

impl Serialize for ClockTime {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for ClockTime {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

/// A wall-clock datetime in the business time zone, written `YYYY-MM-DDTHH:MM`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct LocalDateTime(pub NaiveDateTime);

impl LocalDateTime {
    pub fn new(date: NaiveDate, clock: ClockTime) -> Self {
        let base = date.and_time(NaiveTime::MIN);
        Self(base + chrono::Duration::minutes(i64::from(clock.minutes())))
    }

    pub fn date(self) -> NaiveDate {
        self.0.date()
    }

    pub fn clock(self) -> ClockTime {
        ClockTime::from(self.0.time())
    }

    /// Minutes since 0001-01-01T00:00; a cheap total order for arithmetic on event windows.
    pub fn absolute_minutes(self) -> i64 {
        i64::from(self.date().num_days_from_ce()) * i64::from(DAY_MINUTES)
            + i64::from(self.clock().minutes())
    }
}

impl From<NaiveDateTime> for LocalDateTime {
    fn from(dt: NaiveDateTime) -> Self {
        Self(dt)
    }
}

impl fmt::Display for LocalDateTime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0.format("%Y-%m-%dT%H:%M"))
    }
}

impl FromStr for LocalDateTime {
    type Err = ParseTimeError;

    /// Reads `YYYY-MM-DDTHH:MM`; seconds and a space separator are tolerated, seconds are dropped.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        for fmt in [
            "%Y-%m-%dT%H:%M",
            "%Y-%m-%dT%H:%M:%S",
            "%Y-%m-%d %H:%M",
            "%Y-%m-%d %H:%M:%S",
        ] {
            if let Ok(dt) = NaiveDateTime::parse_from_str(s, fmt) {
                let minute = dt.with_second(0).unwrap_or(dt);
                return Ok(Self(minute));
            }
        }
        Err(ParseTimeError(format!(
            "expected a local datetime YYYY-MM-DDTHH:MM, got {s:?}"
        )))
    }
}

impl Serialize for LocalDateTime {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for LocalDateTime {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

/// Monday = 0 … Sunday = 6, the numbering of weekly availability rows.
pub fn weekday_index(date: NaiveDate) -> u8 {
    date.weekday().num_days_from_monday() as u8
}

/// A number shared by all dates of one ISO week (Monday–Sunday), increasing with time.
pub fn iso_week_number(date: NaiveDate) -> i32 {
    // 0001-01-01 is a Monday and has day number 1, so weeks line up on multiples of seven.
    (date.num_days_from_ce() - 1).div_euclid(7)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clock_times_read_and_print_as_hh_mm() {
        assert_eq!("10:15".parse::<ClockTime>().unwrap().minutes(), 615);
        assert_eq!("24:00".parse::<ClockTime>().unwrap(), ClockTime::END_OF_DAY);
        assert_eq!(
            "09:00:00".parse::<ClockTime>().unwrap().to_string(),
            "09:00"
        );
        assert!("24:01".parse::<ClockTime>().is_err());
        assert!("9h".parse::<ClockTime>().is_err());
    }

    #[test]
    fn local_datetimes_read_and_print_without_seconds() {
        let dt: LocalDateTime = "2026-03-02T10:15".parse().unwrap();
        assert_eq!(dt.to_string(), "2026-03-02T10:15");
        assert_eq!(dt.clock().minutes(), 615);
        assert_eq!("2026-03-02 10:15:00".parse::<LocalDateTime>().unwrap(), dt);
    }

    #[test]
    fn iso_weeks_run_monday_to_sunday() {
        let d = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
        assert_eq!(
            iso_week_number(d("2026-03-02")),
            iso_week_number(d("2026-03-08"))
        );
        assert_eq!(
            iso_week_number(d("2026-03-08")) + 1,
            iso_week_number(d("2026-03-09"))
        );
        assert_eq!(weekday_index(d("2026-03-02")), 0);
        assert_eq!(weekday_index(d("2026-03-08")), 6);
    }
}
