//! What workforce publishes: its event types in the platform's catalog, with how each is told to
//! people and whom it concerns, and the publishing of audited changes.

use crate::platform::audit::Change;
use crate::platform::auth::Caller;
use crate::platform::events::catalog::{EventType, Message, managers, nobody};
use crate::platform::events::outbox;
use futures_util::future::BoxFuture;
use kairos_store::entities::employee;
use sea_orm::{ConnectionTrait, DatabaseTransaction, DbErr, EntityTrait};
use serde_json::Value;

/// The events workforce publishes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Event {
    ScheduleCreated,
    ScheduleUpdated,
    ScheduleDeleted,
    SchedulerRunCompleted,
    TimeOffRequested,
    TimeOffApproved,
    TimeOffDenied,
    ScheduleExceptionCreated,
}

impl Event {
    pub const ALL: [Event; 8] = [
        Event::ScheduleCreated,
        Event::ScheduleUpdated,
        Event::ScheduleDeleted,
        Event::SchedulerRunCompleted,
        Event::TimeOffRequested,
        Event::TimeOffApproved,
        Event::TimeOffDenied,
        Event::ScheduleExceptionCreated,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Event::ScheduleCreated => "schedule.created",
            Event::ScheduleUpdated => "schedule.updated",
            Event::ScheduleDeleted => "schedule.deleted",
            Event::SchedulerRunCompleted => "scheduler_run.completed",
            Event::TimeOffRequested => "time_off.requested",
            Event::TimeOffApproved => "time_off.approved",
            Event::TimeOffDenied => "time_off.denied",
            Event::ScheduleExceptionCreated => "schedule_exception.created",
        }
    }
}

/// Publishes `event` with `data`, in the transaction of the change.
pub async fn publish(txn: &DatabaseTransaction, event: Event, data: Value) -> Result<(), DbErr> {
    outbox::publish(txn, event.as_str(), data).await
}

/// Publishes `event` for the audited `change` (call it beside the audit, in its transaction).
pub async fn publish_change(
    txn: &DatabaseTransaction,
    event: Event,
    change: &Change<'_>,
) -> Result<(), DbErr> {
    outbox::publish_change(txn, event.as_str(), change).await
}

/// Audits `change` as made by `caller` and publishes `event` for it, in `txn`.
pub async fn audit_and_publish(
    txn: &DatabaseTransaction,
    caller: &Caller,
    event: Event,
    change: Change<'_>,
) -> Result<(), DbErr> {
    let data = outbox::change_data(&change);
    caller.audit(txn, change).await?;
    outbox::publish(txn, event.as_str(), data).await
}

/// One catalog entry: told in [`words`], concerning `concerns`.
macro_rules! event_type {
    ($name:literal, $webhook:expr, $concerns:expr) => {
        EventType {
            name: $name,
            webhook: $webhook,
            describe: |txn, data| Box::pin(describe(txn, $name, data)),
            concerns: $concerns,
        }
    };
}

/// Workforce's entries in the event catalog: the integrators' events, then the daily audit's
/// findings (which notification settings can name).
pub const CATALOG: &[EventType] = &[
    event_type!("schedule.created", true, the_employee),
    event_type!("schedule.updated", true, the_employee),
    event_type!("schedule.deleted", true, the_employee),
    event_type!("scheduler_run.completed", true, managers),
    event_type!("time_off.requested", true, managers),
    event_type!("time_off.approved", true, the_employee),
    event_type!("time_off.denied", true, the_employee),
    event_type!("schedule_exception.created", true, nobody),
    // Findings reach managers as one summary per daily check, not one each.
    event_type!("audit.summary", false, managers),
    event_type!("audit.unstaffed_event", false, nobody),
    event_type!("audit.schedule_rule_broken", false, nobody),
    event_type!("audit.rotation_gap", false, nobody),
    event_type!("audit.attendance_missing", false, nobody),
];

async fn describe(
    txn: &DatabaseTransaction,
    event_type: &str,
    data: &Value,
) -> Result<Message, DbErr> {
    let names = Names::of(txn, data).await?;
    let (title, body) = words(event_type, data, &names);
    Ok(Message { title, body })
}

/// The employee's own account, for their schedules and time-off decisions.
fn the_employee<'a>(
    conn: &'a DatabaseTransaction,
    data: &'a Value,
) -> BoxFuture<'a, Result<Vec<i32>, DbErr>> {
    Box::pin(async move {
        let employee_id = ["after", "before"]
            .iter()
            .find_map(|k| data[k]["employee_id"].as_str().map(str::to_owned));
        let Some(id) = employee_id else {
            return Ok(vec![]);
        };
        Ok(employee::Entity::find_by_id(id)
            .one(conn)
            .await?
            .and_then(|e| e.user_id)
            .into_iter()
            .collect())
    })
}

/// How people read the employee and the event a change speaks of ("Aisha Johnson (E0004)",
/// "event 606007 “Core Reset - Main St”"); `None` when the data has none or they are gone.
#[derive(Default)]
pub struct Names {
    pub employee: Option<String>,
    pub event: Option<String>,
}

impl Names {
    async fn of<C: ConnectionTrait>(conn: &C, data: &Value) -> Result<Names, DbErr> {
        let row = changed_row(data);
        let employee = match row.and_then(|a| a["employee_id"].as_str()) {
            Some(id) => employee::Entity::find_by_id(id.to_owned())
                .one(conn)
                .await?
                .map(|e| format!("{} ({id})", e.name)),
            None => None,
        };
        let event = match row.and_then(|a| a["event_ref_num"].as_i64()) {
            Some(r) => kairos_store::workforce::event_by_ref(conn, r)
                .await?
                .map(|e| format!("event {r} “{}”", e.project_name)),
            None => None,
        };
        Ok(Names { employee, event })
    }
}

/// The row a change's data describes: as it is after, or as it was before a deletion.
fn changed_row(data: &Value) -> Option<&Value> {
    data.get("after")
        .filter(|v| !v.is_null())
        .or(data.get("before"))
}

/// A date as people read it ("Tue 8 Dec 2026"), or the text as it came.
fn readable_date(text: &str) -> String {
    chrono::NaiveDate::parse_from_str(text, "%Y-%m-%d").map_or_else(
        |_| text.to_owned(),
        |d| d.format("%a %-d %b %Y").to_string(),
    )
}

/// A title and a sentence for people (e-mail subject and in-app notification).
fn words(event_type: &str, data: &Value, names: &Names) -> (String, String) {
    let after = changed_row(data);
    let field = |k: &str| {
        let text = after
            .and_then(|a| a.get(k))
            .map(|v| v.as_str().map_or_else(|| v.to_string(), str::to_owned))
            .unwrap_or_else(|| "?".into());
        match k {
            "employee_id" => names.employee.clone().unwrap_or(text),
            "event_ref_num" => names.event.clone().unwrap_or(format!("event {text}")),
            "start_date" | "end_date" => readable_date(&text),
            _ => text,
        }
    };
    let days = || {
        let (from, to) = (field("start_date"), field("end_date"));
        if from == to {
            format!("on {from}")
        } else {
            format!("from {from} to {to}")
        }
    };
    match event_type {
        "schedule.created" => (
            "New schedule".into(),
            format!(
                "{} is scheduled for {} at {}.",
                field("employee_id"),
                field("event_ref_num"),
                field("schedule_datetime")
            ),
        ),
        "schedule.updated" => (
            "Schedule changed".into(),
            format!(
                "The schedule of {} for {} now starts at {}.",
                field("employee_id"),
                field("event_ref_num"),
                field("schedule_datetime")
            ),
        ),
        "schedule.deleted" => (
            "Schedule removed".into(),
            format!(
                "{} is no longer scheduled for {}.",
                field("employee_id"),
                field("event_ref_num")
            ),
        ),
        "time_off.requested" => (
            "Time off requested".into(),
            format!("{} asks for time off {}.", field("employee_id"), days()),
        ),
        "time_off.approved" | "time_off.denied" => (
            if event_type.ends_with("approved") {
                "Time off approved".into()
            } else {
                "Time off denied".into()
            },
            format!(
                "The time off of {} {} was {}.",
                field("employee_id"),
                days(),
                field("status")
            ),
        ),
        "scheduler_run.completed" => (
            "Scheduler run completed".into(),
            format!(
                "Run {} proposed {} of {} events; {} could not be placed. Proposals wait for review.",
                data["run_id"],
                data["events_assigned"],
                data["events_processed"],
                data["events_failed"]
            ),
        ),
        "schedule_exception.created" => (
            "Event could not be scheduled".into(),
            data["message"]
                .as_str()
                .unwrap_or("An event could not be placed.")
                .to_owned(),
        ),
        t if t.starts_with("audit.") => (
            "Daily audit".into(),
            data["message"].as_str().unwrap_or(t).to_owned(),
        ),
        other => (other.to_owned(), data.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_event_workforce_publishes_is_in_its_catalog_for_webhooks() {
        for e in Event::ALL {
            let entry = CATALOG.iter().find(|t| t.name == e.as_str());
            assert!(
                entry.is_some_and(|t| t.webhook),
                "{e:?} is not a webhook event in CATALOG"
            );
        }
    }

    #[test]
    fn every_workforce_permission_has_its_row() {
        use crate::modules::workforce::permissions::*;
        for p in [READ_WORKFORCE, SELF_SERVICE, MANAGE_WORKFORCE] {
            assert!(TABLE.iter().any(|r| r.permission == p), "{p:?} has no row");
        }
        crate::app::registry();
        assert_eq!(
            MANAGE_WORKFORCE.least_role(),
            crate::platform::permissions::Role::Manager
        );
        assert_eq!(
            READ_WORKFORCE.least_role(),
            crate::platform::permissions::Role::Viewer
        );
    }
}
