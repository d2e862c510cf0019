//! Workforce's persistence: its tables (`entities`) and its queries — loading the domain's
//! scheduling `Instance` from the database in the business time zone, an employee's week, the
//! data version its caches key on.

pub mod entities;

use crate::entities::{
    availability_override, date_availability, employee, event, event_override, rotation_assignment,
    schedule, time_off, weekly_availability,
};
use chrono::{DateTime, Datelike, Duration, NaiveDate, NaiveDateTime, NaiveTime, TimeZone, Utc};
use chrono_tz::Tz;
use kairos_domain::time::{ClockTime, LocalDateTime};
use kairos_domain::workforce::instance::{
    Assignment, AvailabilityOverride, DateAvailability, Employee, Event, EventTypeRule, Horizon,
    Instance, RotationAssignment, Settings, TimeOff, TimeOffStatus, WeeklyAvailability,
};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ColumnTrait, Condition, ConnectionTrait, DatabaseBackend, DbErr, EntityTrait, QueryFilter,
};
use std::collections::{BTreeMap, BTreeSet};

/// Schedule statuses that no longer hold their employee or event.
pub const CANCELLED: &str = kairos_domain::workforce::status::ScheduleStatus::Cancelled.as_str();

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
        name: Some(e.project_name.clone()),
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

/// The events with these `project_ref_num`s, by reference number (one query).
pub async fn events_by_ref<C: ConnectionTrait>(
    conn: &C,
    refs: impl IntoIterator<Item = i64>,
) -> Result<std::collections::HashMap<i64, event::Model>, DbErr> {
    Ok(event::Entity::find()
        .filter(event::Column::ProjectRefNum.is_in(refs.into_iter().collect::<Vec<_>>()))
        .all(conn)
        .await?
        .into_iter()
        .map(|e| (e.project_ref_num, e))
        .collect())
}

pub fn domain_employee(e: &employee::Model) -> Employee {
    Employee {
        id: e.id.clone(),
        name: Some(e.name.clone()),
        skills: skills_of(&e.skills),
        active: e.active,
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
#[derive(Debug, Clone, Default)]
pub struct AvailabilityRows {
    pub weekly: Vec<WeeklyAvailability>,
    pub dates: Vec<DateAvailability>,
    pub overrides: Vec<AvailabilityOverride>,
    pub time_off: Vec<TimeOff>,
}

/// Reads the four availability layers in one statement (`UNION ALL` of the four tables in one
/// shape), since checking one schedule is on the hot path and every round trip counts.
pub async fn availability_rows<C: ConnectionTrait>(
    conn: &C,
    employee_ids: &[String],
    from: NaiveDate,
    to: NaiveDate,
) -> Result<AvailabilityRows, DbErr> {
    use sea_orm::sea_query::{
        Alias, ExprTrait, IntoTableRef, Query, SelectStatement, TableRef, UnionType,
    };
    const WEEKLY: i32 = 0;
    const DATE: i32 = 1;
    const OVERRIDE: i32 = 2;
    const TIME_OFF: i32 = 3;
    let null = |ty: &str| Expr::cust(format!("CAST(NULL AS {ty})"));
    // kind, employee_id, d1, d2, day_of_week, available, t1, t2, status
    let layer = |kind: i32,
                 table: TableRef,
                 d1: Expr,
                 d2: Expr,
                 dow: Expr,
                 available: Expr,
                 t1: Expr,
                 t2: Expr,
                 status: Expr|
     -> SelectStatement {
        Query::select()
            .expr_as(Expr::cust(kind.to_string()), Alias::new("kind"))
            .expr_as(
                Expr::col(Alias::new("employee_id")),
                Alias::new("employee_id"),
            )
            .expr_as(d1, Alias::new("d1"))
            .expr_as(d2, Alias::new("d2"))
            .expr_as(dow, Alias::new("dow"))
            .expr_as(available, Alias::new("available"))
            .expr_as(t1, Alias::new("t1"))
            .expr_as(t2, Alias::new("t2"))
            .expr_as(status, Alias::new("status"))
            .from(table)
            .and_where(Expr::col(Alias::new("employee_id")).is_in(employee_ids.iter().cloned()))
            .to_owned()
    };
    let col = |c: &str| Expr::col(Alias::new(c));
    let in_range = |c: &str| col(c).between(from, to);
    let mut stmt = layer(
        WEEKLY,
        weekly_availability::Entity.into_table_ref(),
        col("effective_date"),
        null("DATE"),
        col("day_of_week"),
        null("BOOLEAN"),
        col("start_time"),
        col("end_time"),
        null("VARCHAR"),
    );
    let mut dates = layer(
        DATE,
        date_availability::Entity.into_table_ref(),
        col("date"),
        null("DATE"),
        null("INTEGER"),
        col("available"),
        col("start_time"),
        col("end_time"),
        null("VARCHAR"),
    );
    dates.and_where(in_range("date"));
    let mut overrides = layer(
        OVERRIDE,
        availability_override::Entity.into_table_ref(),
        col("date"),
        null("DATE"),
        null("INTEGER"),
        col("available"),
        null("TIME"),
        null("TIME"),
        null("VARCHAR"),
    );
    overrides.and_where(in_range("date"));
    let mut time_off = layer(
        TIME_OFF,
        time_off::Entity.into_table_ref(),
        col("start_date"),
        col("end_date"),
        null("INTEGER"),
        null("BOOLEAN"),
        null("TIME"),
        null("TIME"),
        col("status"),
    );
    time_off
        .and_where(col("start_date").lte(to))
        .and_where(col("end_date").gte(from));
    stmt.union(UnionType::All, dates)
        .union(UnionType::All, overrides)
        .union(UnionType::All, time_off);
    let backend = conn.get_database_backend();
    let mut out = AvailabilityRows::default();
    for row in conn.query_all_raw(backend.build(&stmt)).await? {
        let kind: i32 = row.try_get("", "kind")?;
        let employee_id: String = row.try_get("", "employee_id")?;
        let d1: Option<NaiveDate> = row.try_get("", "d1")?;
        let t1: Option<NaiveTime> = row.try_get("", "t1")?;
        let t2: Option<NaiveTime> = row.try_get("", "t2")?;
        let missing = |what: &str| DbErr::Type(format!("availability row without {what}"));
        match kind {
            WEEKLY => out.weekly.push(WeeklyAvailability {
                employee_id,
                day_of_week: u8::try_from(row.try_get::<i32>("", "dow")?).unwrap_or(0),
                start_time: clock(t1.ok_or_else(|| missing("start_time"))?),
                end_time: clock(t2.ok_or_else(|| missing("end_time"))?),
                effective_date: d1,
            }),
            DATE => out.dates.push(DateAvailability {
                employee_id,
                date: d1.ok_or_else(|| missing("date"))?,
                available: row.try_get("", "available")?,
                start_time: t1.map(clock),
                end_time: t2.map(clock),
            }),
            OVERRIDE => out.overrides.push(AvailabilityOverride {
                employee_id,
                date: d1.ok_or_else(|| missing("date"))?,
                available: row.try_get("", "available")?,
            }),
            _ => out.time_off.push(TimeOff {
                employee_id,
                start_date: d1.ok_or_else(|| missing("start_date"))?,
                end_date: row
                    .try_get::<Option<NaiveDate>>("", "d2")?
                    .ok_or_else(|| missing("end_date"))?,
                status: TimeOffStatus::parse(&row.try_get::<String>("", "status")?),
            }),
        }
    }
    Ok(out)
}

/// Schedules that start on the local dates `[from, to]`.
fn scheduled_between(cfg: &RuleConfig, from: NaiveDate, to: NaiveDate) -> Condition {
    Condition::all()
        .add(schedule::Column::ScheduleDatetime.gte(cfg.day_start(from)))
        .add(schedule::Column::ScheduleDatetime.lt(cfg.day_start(to + Duration::days(1))))
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
        .iter()
        .map(domain_employee)
        .collect();
    let ids: Vec<String> = employees.iter().map(|e| e.id.clone()).collect();
    let rows = availability_rows(conn, &ids, from, to).await?;
    // Only a target of a type with a rotation consults the rotations (rule 4).
    let rotations_needed = targets.iter().any(|e| needs_rotations(cfg, e));
    let rotations = if rotations_needed {
        rotations_between(conn, from, to).await?
    } else {
        vec![]
    };
    let target_refs: Vec<i64> = targets.iter().map(|e| e.project_ref_num).collect();
    let window =
        scheduled_between(cfg, from, to).add(schedule::Column::EmployeeId.is_in(ids.clone()));
    // The schedules with their events, in one statement.
    let fixed_rows: Vec<(schedule::Model, Option<event::Model>)> = schedule::Entity::find()
        .find_also_related(event::Entity)
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
        .map(|(s, _)| s.employee_id.clone())
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
                .iter()
                .map(domain_employee),
        );
    }
    let fixed_events: BTreeMap<i64, &event::Model> = fixed_rows
        .iter()
        .filter_map(|(_, e)| e.as_ref())
        .filter(|e| !target_refs.contains(&e.project_ref_num))
        .map(|e| (e.project_ref_num, e))
        .collect();
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
    events.extend(fixed_events.values().map(|e| domain_event(cfg, e, None)));
    Ok(Instance {
        format: kairos_domain::workforce::instance::INSTANCE_FORMAT.to_owned(),
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
            .map(|(s, _)| domain_assignment(cfg, s))
            .collect(),
    })
}

/// `start_datetime >= from − (the longest window, start to due, of any event)`, capped at
/// `cap`: no event that is still due at `from` can start earlier, so the bound is exact, and it
/// lets the start index read only the weeks that can match. The longest window is read from its
/// expression index inside the same statement, so the bound costs no round trip and always
/// sees the events as the statement does.
pub fn starts_within_longest_window_before(
    backend: DatabaseBackend,
    from: DateTime<Utc>,
    cap: Duration,
) -> Expr {
    let cap_days = cap.num_days().max(0);
    match backend {
        DatabaseBackend::Postgres => Expr::cust_with_values(
            format!(
                "\"events\".\"start_datetime\" >= CAST($1 AS timestamptz) - LEAST(COALESCE(\
                 (SELECT MAX(due_datetime - start_datetime) FROM events), INTERVAL '0 days'), \
                 INTERVAL '{cap_days} days')"
            ),
            [from],
        ),
        // Stored as RFC 3339 text in UTC (`2026-03-02T15:15:00+00:00`); the bound is written the
        // same way, to the second, rounded down, so it never excludes a matching event.
        _ => Expr::cust_with_values(
            format!(
                "\"events\".\"start_datetime\" >= strftime('%Y-%m-%dT%H:%M:%S+00:00', julianday(?) - \
                 min(coalesce((SELECT MAX(julianday(due_datetime) - julianday(start_datetime)) \
                 FROM events), 0), {cap_days}))"
            ),
            [from],
        ),
    }
}

/// The name workforce's data version is counted under.
pub const MODULE: &str = "workforce";

/// The workforce data version: moved forward by the database's own triggers (migration 000006)
/// with every committed write to a table that a rule check or the event list reads.
pub async fn workforce_version<C: ConnectionTrait>(conn: &C) -> Result<i64, DbErr> {
    crate::platform::data_version(conn, MODULE).await
}

fn version_query() -> sea_orm::sea_query::SelectStatement {
    crate::platform::version_query(MODULE)
}

/// An event to check a schedule against, read in one statement with its override, the id of the
/// schedule holding it (if any), and the data version that statement saw.
#[derive(Debug, Clone)]
pub struct CheckTarget {
    pub version: i64,
    pub event: event::Model,
    pub event_override: Option<event_override::Model>,
    pub holder: Option<i32>,
}

/// Reads [`CheckTarget`] for the event `project_ref_num`; `None` when there is no such event.
pub async fn load_check_target<C: ConnectionTrait>(
    conn: &C,
    project_ref_num: i64,
) -> Result<Option<CheckTarget>, DbErr> {
    use sea_orm::sea_query::{ExprTrait, Query, SelectStatement};
    use sea_orm::{FromQueryResult, IdenStatic, QuerySelect, QueryTrait, SelectA, SelectB};
    let holder = Query::select()
        .column((schedule::Entity, schedule::Column::Id))
        .from(schedule::Entity)
        .and_where(
            Expr::col((schedule::Entity, schedule::Column::EventRefNum))
                .equals((event::Entity, event::Column::ProjectRefNum)),
        )
        .and_where(Expr::col((schedule::Entity, schedule::Column::Status)).ne(CANCELLED))
        .order_by(
            (schedule::Entity, schedule::Column::Id),
            sea_orm::Order::Asc,
        )
        .limit(1)
        .to_owned();
    let sub = |q: SelectStatement| Expr::SubQuery(None, Box::new(q.into()));
    let backend = conn.get_database_backend();
    let stmt = event::Entity::find()
        .filter(event::Column::ProjectRefNum.eq(project_ref_num))
        .find_also_related(event_override::Entity)
        .column_as(sub(version_query()), "kairos_version")
        .column_as(sub(holder), "kairos_holder")
        .build(backend);
    let Some(row) = conn.query_one_raw(stmt).await? else {
        return Ok(None);
    };
    Ok(Some(CheckTarget {
        version: row.try_get("", "kairos_version")?,
        event: event::Model::from_query_result(&row, SelectA.as_str())?,
        event_override: event_override::Model::from_query_result_optional(&row, SelectB.as_str())?,
        holder: row.try_get("", "kairos_holder")?,
    }))
}

/// What checking a schedule of one employee reads besides the event and the rotations: the
/// employee, their availability and their active schedules (with those schedules' events) in
/// the ISO week of `day`. It depends only on the data version and the rules, so the hot path
/// can keep it under the version it was read at.
#[derive(Debug, Clone)]
pub struct EmployeeWeek {
    /// `None` when there is no such employee.
    pub employee: Option<Employee>,
    pub availability: AvailabilityRows,
    /// `(schedule id, assignment)` of the employee's active schedules that week.
    pub fixed: Vec<(i32, Assignment)>,
    /// The events of those schedules.
    pub fixed_events: Vec<Event>,
}

pub async fn load_employee_week<C: ConnectionTrait>(
    conn: &C,
    cfg: &RuleConfig,
    employee_id: &str,
    day: NaiveDate,
) -> Result<EmployeeWeek, DbErr> {
    let from = monday_of(day);
    let to = from + Duration::days(6);
    let Some(e) = employee::Entity::find_by_id(employee_id.to_owned())
        .one(conn)
        .await?
    else {
        return Ok(EmployeeWeek {
            employee: None,
            availability: AvailabilityRows::default(),
            fixed: vec![],
            fixed_events: vec![],
        });
    };
    let availability = availability_rows(conn, std::slice::from_ref(&e.id), from, to).await?;
    let rows: Vec<(schedule::Model, Option<event::Model>)> = schedule::Entity::find()
        .find_also_related(event::Entity)
        .filter(schedule::Column::Status.ne(CANCELLED))
        .filter(schedule::Column::EmployeeId.eq(employee_id))
        .filter(scheduled_between(cfg, from, to))
        .all(conn)
        .await?;
    let fixed_events: BTreeMap<i64, Event> = rows
        .iter()
        .filter_map(|(_, ev)| ev.as_ref())
        .map(|ev| (ev.project_ref_num, domain_event(cfg, ev, None)))
        .collect();
    Ok(EmployeeWeek {
        employee: Some(domain_employee(&e)),
        availability,
        fixed: rows
            .iter()
            .map(|(s, _)| (s.id, domain_assignment(cfg, s)))
            .collect(),
        fixed_events: fixed_events.into_values().collect(),
    })
}

/// The rotations of the ISO week of `day` (all employees).
pub async fn load_week_rotations<C: ConnectionTrait>(
    conn: &C,
    day: NaiveDate,
) -> Result<Vec<RotationAssignment>, DbErr> {
    let from = monday_of(day);
    rotations_between(conn, from, from + Duration::days(6)).await
}

/// The rotations of the dates `[from, to]` (all employees).
async fn rotations_between<C: ConnectionTrait>(
    conn: &C,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<Vec<RotationAssignment>, DbErr> {
    Ok(rotation_assignment::Entity::find()
        .filter(rotation_assignment::Column::Date.between(from, to))
        .all(conn)
        .await?
        .into_iter()
        .map(|r| RotationAssignment {
            date: r.date,
            rotation_type: r.rotation_type,
            employee_id: r.employee_id,
        })
        .collect())
}

/// Whether checking a schedule of `event` consults the rotations (rule 4).
pub fn needs_rotations(cfg: &RuleConfig, event: &event::Model) -> bool {
    cfg.event_types
        .get(&event.event_type)
        .is_some_and(|rule| rule.rotation.is_some())
}

/// The instance that checks one schedule of `week`'s employee on `target` on the local `day`:
/// the same data [`load_instance`] reads for that check. `holder` is the schedule holding the
/// target event with its employee, when [`CheckTarget::holder`] named one.
pub fn check_instance(
    cfg: &RuleConfig,
    day: NaiveDate,
    target: &CheckTarget,
    week: &EmployeeWeek,
    rotations: &[RotationAssignment],
    holder: Option<(&schedule::Model, Option<&employee::Model>)>,
) -> Instance {
    let target_ref = target.event.project_ref_num;
    let mut employees: Vec<Employee> = week.employee.iter().cloned().collect();
    let mut fixed: Vec<Assignment> = week.fixed.iter().map(|(_, a)| a.clone()).collect();
    let mut events = vec![domain_event(
        cfg,
        &target.event,
        target.event_override.as_ref(),
    )];
    events.extend(
        week.fixed_events
            .iter()
            .filter(|e| e.event_ref != target_ref)
            .cloned(),
    );
    if let Some((s, holder_employee)) = holder
        && !week.fixed.iter().any(|(id, _)| *id == s.id)
    {
        fixed.push(domain_assignment(cfg, s));
        if let Some(h) = holder_employee
            && !employees.iter().any(|e| e.id == h.id)
        {
            employees.push(domain_employee(h));
        }
    }
    let rows = &week.availability;
    Instance {
        format: kairos_domain::workforce::instance::INSTANCE_FORMAT.to_owned(),
        horizon: Horizon {
            start: day,
            end: day,
        },
        settings: cfg.settings,
        event_types: cfg.event_types.clone(),
        employees,
        weekly_availability: rows.weekly.clone(),
        availability: rows.dates.clone(),
        overrides: rows.overrides.clone(),
        time_off: rows.time_off.clone(),
        rotations: rotations.to_vec(),
        events,
        fixed,
    }
}

/// The event with reference number `r`, if any.
pub async fn event_by_ref<C: ConnectionTrait>(
    conn: &C,
    r: i64,
) -> Result<Option<event::Model>, DbErr> {
    event::Entity::find()
        .filter(event::Column::ProjectRefNum.eq(r))
        .one(conn)
        .await
}
