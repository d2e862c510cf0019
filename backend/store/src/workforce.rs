//! Loading the domain's scheduling `Instance` from the database, in the business time zone.

use crate::entities::{
    availability_override, date_availability, employee, event, event_override, rotation_assignment,
    schedule, time_off, weekly_availability,
};
use chrono::{DateTime, Datelike, Duration, NaiveDate, NaiveDateTime, NaiveTime, TimeZone, Utc};
use chrono_tz::Tz;
use kairos_domain::instance::{
    Assignment, AvailabilityOverride, DateAvailability, Employee, Event, EventTypeRule, Horizon,
    Instance, RotationAssignment, Settings, TimeOff, TimeOffStatus, WeeklyAvailability,
};
use kairos_domain::time::{ClockTime, LocalDateTime};
use sea_orm::{ColumnTrait, Condition, ConnectionTrait, DbErr, EntityTrait, QueryFilter};
use std::collections::{BTreeMap, BTreeSet};

/// Schedule statuses that no longer hold their employee or event.
pub const CANCELLED: &str = "cancelled";

/// The rules in force: the business time zone, the limits and the event types.
#[derive(Debug, Clone)]
pub struct RuleConfig {
    pub tz: Tz,
    pub settings: Settings,
    pub event_types: BTreeMap<String, EventTypeRule>,
}

impl RuleConfig {
    /// The local wall-clock time of an instant.
    pub fn local(&self, t: DateTime<Utc>) -> NaiveDateTime {
        t.with_timezone(&self.tz).naive_local()
    }

    /// The instant of a local wall-clock time; in a DST gap the time is read as if the clock had
    /// not moved yet, in a fold the earlier of the two instants is taken.
    pub fn instant(&self, local: NaiveDateTime) -> DateTime<Utc> {
        match self.tz.from_local_datetime(&local) {
            chrono::LocalResult::Single(t) => t.with_timezone(&Utc),
            chrono::LocalResult::Ambiguous(a, _) => a.with_timezone(&Utc),
            chrono::LocalResult::None => self
                .tz
                .from_local_datetime(&(local + Duration::hours(1)))
                .earliest()
                .map(|t| t.with_timezone(&Utc))
                .unwrap_or_else(|| Utc.from_utc_datetime(&local)),
        }
    }

    /// The instant a local day starts.
    pub fn day_start(&self, date: NaiveDate) -> DateTime<Utc> {
        self.instant(date.and_time(NaiveTime::MIN))
    }

    /// Minutes an event takes: its estimate, or its type's default.
    pub fn minutes_of(&self, e: &event::Model) -> i64 {
        e.estimated_time.map(i64::from).unwrap_or_else(|| {
            self.event_types
                .get(&e.event_type)
                .map_or(60, |t| i64::from(t.default_minutes))
        })
    }
}

pub fn monday_of(d: NaiveDate) -> NaiveDate {
    d - Duration::days(i64::from(d.weekday().num_days_from_monday()))
}

fn clock(t: NaiveTime) -> ClockTime {
    ClockTime::from(t)
}

fn skills_of(json: &serde_json::Value) -> Vec<String> {
    json.as_array()
        .map(|a| {
            a.iter()
                .filter_map(|s| s.as_str().map(str::to_owned))
                .collect()
        })
        .unwrap_or_default()
}

/// An event in the instance's local terms, with its scheduling override if any.
pub fn domain_event(
    cfg: &RuleConfig,
    e: &event::Model,
    ov: Option<&event_override::Model>,
) -> Event {
    Event {
        event_ref: e.project_ref_num,
        event_type: e.event_type.clone(),
        start: LocalDateTime(cfg.local(e.start_datetime)),
        due: LocalDateTime(cfg.local(e.due_datetime)),
        minutes: e.estimated_time.and_then(|m| u32::try_from(m).ok()),
        condition: e.condition.clone(),
        required_employee_id: ov.and_then(|o| o.required_employee_id.clone()),
        excluded_employee_ids: ov
            .map(|o| skills_of(&o.excluded_employee_ids))
            .unwrap_or_default(),
        preferred_time: ov.and_then(|o| o.preferred_time).map(clock),
    }
}

pub fn domain_assignment(cfg: &RuleConfig, s: &schedule::Model) -> Assignment {
    Assignment {
        event_ref: s.event_ref_num,
        employee_id: s.employee_id.clone(),
        start: LocalDateTime(cfg.local(s.schedule_datetime)),
    }
}

/// The availability records of `employee_ids` around `[from, to]`.
pub struct AvailabilityRows {
    pub weekly: Vec<WeeklyAvailability>,
    pub dates: Vec<DateAvailability>,
    pub overrides: Vec<AvailabilityOverride>,
    pub time_off: Vec<TimeOff>,
}

pub async fn availability_rows<C: ConnectionTrait>(
    conn: &C,
    employee_ids: &[String],
    from: NaiveDate,
    to: NaiveDate,
) -> Result<AvailabilityRows, DbErr> {
    let ids = employee_ids.to_vec();
    let weekly = weekly_availability::Entity::find()
        .filter(weekly_availability::Column::EmployeeId.is_in(ids.clone()))
        .all(conn)
        .await?
        .into_iter()
        .map(|w| WeeklyAvailability {
            employee_id: w.employee_id,
            day_of_week: u8::try_from(w.day_of_week).unwrap_or(0),
            start_time: clock(w.start_time),
            end_time: clock(w.end_time),
            effective_date: w.effective_date,
        })
        .collect();
    let dates = date_availability::Entity::find()
        .filter(date_availability::Column::EmployeeId.is_in(ids.clone()))
        .filter(date_availability::Column::Date.between(from, to))
        .all(conn)
        .await?
        .into_iter()
        .map(|d| DateAvailability {
            employee_id: d.employee_id,
            date: d.date,
            available: d.available,
            start_time: d.start_time.map(clock),
            end_time: d.end_time.map(clock),
        })
        .collect();
    let overrides = availability_override::Entity::find()
        .filter(availability_override::Column::EmployeeId.is_in(ids.clone()))
        .filter(availability_override::Column::Date.between(from, to))
        .all(conn)
        .await?
        .into_iter()
        .map(|o| AvailabilityOverride {
            employee_id: o.employee_id,
            date: o.date,
            available: o.available,
        })
        .collect();
    let time_off = time_off::Entity::find()
        .filter(time_off::Column::EmployeeId.is_in(ids))
        .filter(time_off::Column::StartDate.lte(to))
        .filter(time_off::Column::EndDate.gte(from))
        .all(conn)
        .await?
        .into_iter()
        .map(|t| TimeOff {
            employee_id: t.employee_id,
            start_date: t.start_date,
            end_date: t.end_date,
            status: match t.status.as_str() {
                "approved" => TimeOffStatus::Approved,
                "pending" => TimeOffStatus::Pending,
                "denied" => TimeOffStatus::Denied,
                _ => TimeOffStatus::Other,
            },
        })
        .collect();
    Ok(AvailabilityRows {
        weekly,
        dates,
        overrides,
        time_off,
    })
}

/// Builds the instance for `horizon`: the `targets` to check or schedule, the employees (all, or
/// `employee_ids`), their availability, rotations, and the active schedules that use up their
/// time in the ISO weeks around the horizon (plus any schedule already held by a target event).
pub async fn load_instance<C: ConnectionTrait>(
    conn: &C,
    cfg: &RuleConfig,
    horizon: Horizon,
    employee_ids: Option<&[String]>,
    targets: &[event::Model],
) -> Result<Instance, DbErr> {
    let from = monday_of(horizon.start);
    let to = monday_of(horizon.end) + Duration::days(6);
    let mut emp_query = employee::Entity::find();
    if let Some(ids) = employee_ids {
        emp_query = emp_query.filter(employee::Column::Id.is_in(ids.to_vec()));
    }
    let employees: Vec<Employee> = emp_query
        .all(conn)
        .await?
        .into_iter()
        .map(|e| Employee {
            skills: skills_of(&e.skills),
            id: e.id,
            active: e.active,
        })
        .collect();
    let ids: Vec<String> = employees.iter().map(|e| e.id.clone()).collect();
    let rows = availability_rows(conn, &ids, from, to).await?;
    let rotations = rotation_assignment::Entity::find()
        .filter(rotation_assignment::Column::Date.between(from, to))
        .all(conn)
        .await?
        .into_iter()
        .map(|r| RotationAssignment {
            date: r.date,
            rotation_type: r.rotation_type,
            employee_id: r.employee_id,
        })
        .collect();
    let target_refs: Vec<i64> = targets.iter().map(|e| e.project_ref_num).collect();
    let window = Condition::all()
        .add(schedule::Column::ScheduleDatetime.gte(cfg.day_start(from)))
        .add(schedule::Column::ScheduleDatetime.lt(cfg.day_start(to + Duration::days(1))))
        .add(schedule::Column::EmployeeId.is_in(ids.clone()));
    let fixed_rows = schedule::Entity::find()
        .filter(schedule::Column::Status.ne(CANCELLED))
        .filter(
            Condition::any()
                .add(window)
                .add(schedule::Column::EventRefNum.is_in(target_refs.clone())),
        )
        .all(conn)
        .await?;
    // Whoever already holds a target event must be known to the checker, or rule 9 cannot see them.
    let holders: Vec<String> = fixed_rows
        .iter()
        .map(|s| s.employee_id.clone())
        .filter(|id| !ids.contains(id))
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    let mut employees = employees;
    if !holders.is_empty() {
        employees.extend(
            employee::Entity::find()
                .filter(employee::Column::Id.is_in(holders))
                .all(conn)
                .await?
                .into_iter()
                .map(|e| Employee {
                    skills: skills_of(&e.skills),
                    id: e.id,
                    active: e.active,
                }),
        );
    }
    let fixed_refs: BTreeSet<i64> = fixed_rows
        .iter()
        .map(|s| s.event_ref_num)
        .filter(|r| !target_refs.contains(r))
        .collect();
    let fixed_events = if fixed_refs.is_empty() {
        vec![]
    } else {
        event::Entity::find()
            .filter(event::Column::ProjectRefNum.is_in(fixed_refs))
            .all(conn)
            .await?
    };
    let overrides: BTreeMap<i64, event_override::Model> = event_override::Entity::find()
        .filter(event_override::Column::EventRefNum.is_in(target_refs))
        .all(conn)
        .await?
        .into_iter()
        .map(|o| (o.event_ref_num, o))
        .collect();
    let mut events: Vec<Event> = targets
        .iter()
        .map(|e| domain_event(cfg, e, overrides.get(&e.project_ref_num)))
        .collect();
    events.extend(fixed_events.iter().map(|e| domain_event(cfg, e, None)));
    Ok(Instance {
        format: kairos_domain::instance::INSTANCE_FORMAT.to_owned(),
        horizon,
        settings: cfg.settings,
        event_types: cfg.event_types.clone(),
        employees,
        weekly_availability: rows.weekly,
        availability: rows.dates,
        overrides: rows.overrides,
        time_off: rows.time_off,
        rotations,
        events,
        fixed: fixed_rows
            .iter()
            .map(|s| domain_assignment(cfg, s))
            .collect(),
    })
}

/// The longest window (start to due) of any event, read from its expression index; zero when
/// there are no events. Date-range queries use it as a tight bound on how early a matching event
/// can start.
pub async fn longest_event_window<C: ConnectionTrait>(conn: &C) -> Result<Duration, DbErr> {
    use sea_orm::{DatabaseBackend, Statement};
    let backend = conn.get_database_backend();
    let (sql, unit_seconds) = match backend {
        DatabaseBackend::Postgres => (
            "SELECT CAST(EXTRACT(EPOCH FROM MAX(due_datetime - start_datetime)) AS DOUBLE PRECISION) AS d FROM events",
            1.0,
        ),
        _ => (
            "SELECT MAX(julianday(due_datetime) - julianday(start_datetime)) AS d FROM events",
            86_400.0,
        ),
    };
    let row = conn
        .query_one_raw(Statement::from_string(backend, sql))
        .await?;
    let value: Option<f64> = match row {
        Some(r) => r.try_get("", "d")?,
        None => None,
    };
    let seconds = (value.unwrap_or(0.0) * unit_seconds).max(0.0).ceil() as i64;
    // A minute of slack for rounding in the database's arithmetic.
    Ok(Duration::seconds(seconds) + Duration::minutes(1))
}
