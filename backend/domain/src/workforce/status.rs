//! The workforce vocabularies stored as text (seed 000): a schedule's status and an event's
//! condition, each one enum with its stored names.

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
    }
}
