//! The workforce vocabularies stored as text (seed 000): a schedule's status, an event's
//! condition, an attendance's status and an exception's severity, each one enum with its
//! stored names.

/// A schedule's status.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ScheduleStatus {
    Pending,
    Confirmed,
    Completed,
    Cancelled,
}

impl ScheduleStatus {
    pub const ALL: [ScheduleStatus; 4] = [
        ScheduleStatus::Pending,
        ScheduleStatus::Confirmed,
        ScheduleStatus::Completed,
        ScheduleStatus::Cancelled,
    ];
    /// The stored names, in the order of [`ScheduleStatus::ALL`].
    pub const NAMES: [&'static str; 4] = ["pending", "confirmed", "completed", "cancelled"];

    pub const fn as_str(self) -> &'static str {
        Self::NAMES[self as usize]
    }

    pub fn parse(name: &str) -> Option<ScheduleStatus> {
        Self::ALL.into_iter().find(|s| s.as_str() == name)
    }
}

/// An event's condition: whether it still needs staff, and what the planning system says of it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum EventCondition {
    Unstaffed,
    Scheduled,
    Submitted,
    Paused,
    Reissued,
}

impl EventCondition {
    pub const ALL: [EventCondition; 5] = [
        EventCondition::Unstaffed,
        EventCondition::Scheduled,
        EventCondition::Submitted,
        EventCondition::Paused,
        EventCondition::Reissued,
    ];
    /// The stored names, in the order of [`EventCondition::ALL`].
    pub const NAMES: [&'static str; 5] =
        ["Unstaffed", "Scheduled", "Submitted", "Paused", "Reissued"];

    pub const fn as_str(self) -> &'static str {
        Self::NAMES[self as usize]
    }

    pub fn parse(name: &str) -> Option<EventCondition> {
        Self::ALL.into_iter().find(|c| c.as_str() == name)
    }
}

/// What became of a schedule on the day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum AttendanceStatus {
    Present,
    Absent,
    Excused,
    Unreported,
}

impl AttendanceStatus {
    pub const ALL: [AttendanceStatus; 4] = [
        AttendanceStatus::Present,
        AttendanceStatus::Absent,
        AttendanceStatus::Excused,
        AttendanceStatus::Unreported,
    ];
    /// The stored names, in the order of [`AttendanceStatus::ALL`].
    pub const NAMES: [&'static str; 4] = ["present", "absent", "excused", "unreported"];

    pub const fn as_str(self) -> &'static str {
        Self::NAMES[self as usize]
    }

    /// The status a stored name stands for; anything else reads as unreported.
    pub fn parse(name: &str) -> AttendanceStatus {
        Self::ALL
            .into_iter()
            .find(|s| s.as_str() == name)
            .unwrap_or(AttendanceStatus::Unreported)
    }
}

/// How bad a schedule exception is: `error` when the event falls due inside the run's range.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Severity {
    Error,
    Warning,
}

impl Severity {
    /// The stored names.
    pub const NAMES: [&'static str; 2] = ["error", "warning"];

    pub const fn as_str(self) -> &'static str {
        Self::NAMES[self as usize]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_status_and_condition_round_trips_through_its_stored_name() {
        for s in ScheduleStatus::ALL {
            assert_eq!(ScheduleStatus::parse(s.as_str()), Some(s));
        }
        for c in EventCondition::ALL {
            assert_eq!(EventCondition::parse(c.as_str()), Some(c));
        }
        assert_eq!(ScheduleStatus::Cancelled.as_str(), "cancelled");
        assert_eq!(EventCondition::Unstaffed.as_str(), "Unstaffed");
        assert_eq!(ScheduleStatus::parse("Cancelled"), None);
        for a in AttendanceStatus::ALL {
            assert_eq!(AttendanceStatus::parse(a.as_str()), a);
        }
        assert_eq!(
            AttendanceStatus::parse("late"),
            AttendanceStatus::Unreported
        );
        assert_eq!(Severity::Error.as_str(), "error");
        assert_eq!(Severity::Warning.as_str(), "warning");
    }
}
