//! Workforce use cases shared by the routes: the rules in force, checking a schedule against them,
//! and who may act on an employee's own records.

use crate::modules::workforce::permissions;
use crate::modules::workforce::state::Caches as _;
use crate::platform::auth::Caller;
use crate::platform::http::error::{ApiError, ApiResult};
use crate::platform::http::lookup::find_or_404;
use crate::platform::state::AppState;
use chrono::{DateTime, Utc};
use kairos_domain::time::LocalDateTime;
use kairos_domain::workforce::instance::{Assignment, Horizon, Instance};
use kairos_domain::workforce::rules::{Checker, RuleViolation, check_assignment};
use kairos_domain::workforce::status::EventCondition;
use kairos_store::entities::{employee, event, pending_schedule, schedule, scheduler_run};
use kairos_store::workforce::{RuleConfig, events_by_ref, load_instance};
use sea_orm::{ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter};
use serde_json::{Value, json};
use std::sync::Arc;

/// Event conditions (seed 000).
pub const CONDITIONS: &[&str] = &EventCondition::NAMES;
pub mod attendance;
pub mod availability_override_remove;
pub mod availability_overrides;
pub mod date_availability;
pub mod date_availability_remove;
pub mod employees;
pub mod event_changes;
pub mod events;
pub mod exceptions;
pub mod feeds;
pub mod lines;
pub mod notification_settings;
pub mod paperwork;
pub mod review;
pub mod review_all;
pub mod rotations;
pub mod runs;
pub mod schedules;
pub mod sync;
pub mod time_off;
pub mod weekly_availability;

pub const UNSTAFFED: &str = EventCondition::Unstaffed.as_str();
pub const SCHEDULED: &str = EventCondition::Scheduled.as_str();

pub async fn find_employee<C: ConnectionTrait>(conn: &C, id: &str) -> ApiResult<employee::Model> {
    find_or_404::<employee::Entity, _, _>(conn, "employee", id).await
}

/// 403 unless the caller manages the workforce, or is a member acting on their own employee record.
pub fn require_self_or_manager(caller: &Caller, employee: &employee::Model) -> ApiResult<()> {
    if caller.require(permissions::MANAGE_WORKFORCE).is_ok() {
        return Ok(());
    }
    caller.require(permissions::SELF_SERVICE)?;
    match (caller.user_id(), employee.user_id) {
        (Some(me), Some(owner)) if me == owner => Ok(()),
        _ => Err(ApiError::forbidden(
            "members may only act on their own employee record; a manager may act on anyone's",
        )),
    }
}

/// Every hard rule that scheduling `employee_id` on `event` at `start` would break, against the
/// data as it is now. `ignoring` leaves one existing schedule out (when moving it).
pub async fn check_schedule<C: ConnectionTrait>(
    conn: &C,
    cfg: &RuleConfig,
    event: &event::Model,
    employee_id: &str,
    start: DateTime<Utc>,
    ignoring: Option<i32>,
) -> Result<Vec<RuleViolation>, DbErr> {
    let day = day_of(cfg, start);
    verdict(conn, cfg, event, employee_id, start, day, &[], ignoring).await
}

/// What an edit of a proposal is checked beside: its run's range (rule 1's horizon) and the
/// run's other open proposals, `(employee, event, start)`, which count as though approved, since
/// approving the run takes them all.
#[derive(Default)]
pub struct ProposalContext {
    pub range: Option<Horizon>,
    pub others: Vec<(String, event::Model, DateTime<Utc>)>,
}

impl ProposalContext {
    /// The other proposals held by `employee_id`.
    fn of(&self, employee_id: &str) -> Vec<(event::Model, DateTime<Utc>)> {
        self.others
            .iter()
            .filter(|(e, _, _)| e == employee_id)
            .map(|(_, ev, at)| (ev.clone(), *at))
            .collect()
    }
}

/// The [`ProposalContext`] of `proposal`; `employee_id` keeps only that employee's proposals.
pub async fn proposal_context<C: ConnectionTrait>(
    conn: &C,
    proposal: &pending_schedule::Model,
    employee_id: Option<&str>,
) -> Result<ProposalContext, DbErr> {
    let Some(run_id) = proposal.run_id else {
        return Ok(ProposalContext::default());
    };
    let range = scheduler_run::Entity::find_by_id(run_id)
        .one(conn)
        .await?
        .and_then(|r| Some((r.date_range_start?, r.date_range_end?)))
        .map(|(start, end)| Horizon { start, end });
    let mut others = pending_schedule::Entity::find()
        .filter(pending_schedule::Column::RunId.eq(run_id))
        .filter(pending_schedule::Column::Reviewed.eq(false))
        .filter(pending_schedule::Column::Id.ne(proposal.id));
    if let Some(id) = employee_id {
        others = others.filter(pending_schedule::Column::EmployeeId.eq(id));
    }
    let others = others.all(conn).await?;
    let mut events = events_by_ref(conn, others.iter().map(|o| o.event_ref_num)).await?;
    let others = others
        .into_iter()
        .filter_map(|o| {
            Some((
                o.employee_id,
                events.remove(&o.event_ref_num)?,
                o.schedule_datetime,
            ))
        })
        .collect();
    Ok(ProposalContext { range, others })
}

/// [`check_schedule`] for a proposal a manager edits: checked within and beside its
/// [`ProposalContext`].
pub async fn check_proposal<C: ConnectionTrait>(
    conn: &C,
    cfg: &RuleConfig,
    event: &event::Model,
    employee_id: &str,
    start: DateTime<Utc>,
    context: &ProposalContext,
) -> Result<Vec<RuleViolation>, DbErr> {
    let horizon = context.range.unwrap_or_else(|| day_of(cfg, start));
    let beside = context.of(employee_id);
    verdict(conn, cfg, event, employee_id, start, horizon, &beside, None).await
}

/// The body of [`check_schedule`] and [`check_proposal`].
#[allow(clippy::too_many_arguments)]
async fn verdict<C: ConnectionTrait>(
    conn: &C,
    cfg: &RuleConfig,
    event: &event::Model,
    employee_id: &str,
    start: DateTime<Utc>,
    horizon: Horizon,
    beside: &[(event::Model, DateTime<Utc>)],
    ignoring: Option<i32>,
) -> Result<Vec<RuleViolation>, DbErr> {
    let ids = [employee_id.to_owned()];
    let mut events = vec![event.clone()];
    events.extend(beside.iter().map(|(e, _)| e.clone()));
    let instance = instance_for_check(conn, cfg, &events, Some(&ids), horizon, ignoring).await?;
    let chosen: Vec<Assignment> = beside
        .iter()
        .map(|(e, at)| proposal(cfg, e, employee_id, *at))
        .collect();
    Ok(check_assignment(
        &instance,
        &chosen,
        &proposal(cfg, event, employee_id, start),
    ))
}

/// The local day of `start`, as a one-day horizon.
fn day_of(cfg: &RuleConfig, start: DateTime<Utc>) -> Horizon {
    let day = cfg.local(start).date();
    Horizon {
        start: day,
        end: day,
    }
}

/// One employee's verdict: their id, name and the rules they would break.
pub type EmployeeVerdict = (String, String, Vec<RuleViolation>);

/// The verdict of [`check_schedule`] for every active employee at once (one load of the data):
/// in roster order.
pub async fn check_candidates<C: ConnectionTrait>(
    conn: &C,
    cfg: &RuleConfig,
    event: &event::Model,
    start: DateTime<Utc>,
) -> Result<Vec<EmployeeVerdict>, DbErr> {
    let none = ProposalContext::default();
    verdicts(conn, cfg, event, start, day_of(cfg, start), &none).await
}

/// The verdict of [`check_proposal`] for every active employee at once: whom a manager could
/// move the proposal to, at `start`.
pub async fn check_proposal_candidates<C: ConnectionTrait>(
    conn: &C,
    cfg: &RuleConfig,
    event: &event::Model,
    start: DateTime<Utc>,
    context: &ProposalContext,
) -> Result<Vec<EmployeeVerdict>, DbErr> {
    let horizon = context.range.unwrap_or_else(|| day_of(cfg, start));
    verdicts(conn, cfg, event, start, horizon, context).await
}

/// The body of [`check_candidates`] and [`check_proposal_candidates`]: one load of the data and
/// one compiled checker for everyone. Every other proposal is accepted into it at once: the load
/// rules are per employee, so another employee's proposals never change a verdict, and no other
/// proposal is for this event.
async fn verdicts<C: ConnectionTrait>(
    conn: &C,
    cfg: &RuleConfig,
    event: &event::Model,
    start: DateTime<Utc>,
    horizon: Horizon,
    context: &ProposalContext,
) -> Result<Vec<EmployeeVerdict>, DbErr> {
    let mut events = vec![event.clone()];
    events.extend(context.others.iter().map(|(_, e, _)| e.clone()));
    let instance = instance_for_check(conn, cfg, &events, None, horizon, None).await?;
    let mut checker = Checker::new(&instance);
    for (employee_id, ev, at) in &context.others {
        checker.accept(&proposal(cfg, ev, employee_id, *at));
    }
    Ok(instance
        .employees
        .iter()
        .filter(|e| e.active)
        .map(|e| {
            let verdict = checker.check(&proposal(cfg, event, &e.id, start));
            (e.id.clone(), e.name.clone().unwrap_or_default(), verdict)
        })
        .collect())
}

/// [`check_schedule`] for `/schedules/validate`, read through the versioned caches (see
/// `cache`): one statement reads the event, its override, who holds it and the data version;
/// the employee's week and the week's rotations are read again only when that version moves.
/// `None` when there is no such event.
pub async fn check_schedule_cached(
    state: &AppState,
    event_ref: i64,
    employee_id: &str,
    start: DateTime<Utc>,
) -> Result<Option<Vec<RuleViolation>>, DbErr> {
    use kairos_store::workforce::{
        check_instance, load_check_target, load_employee_week, load_week_rotations, monday_of,
        needs_rotations,
    };
    let Some(target) = load_check_target(&state.db, event_ref).await? else {
        return Ok(None);
    };
    let version = target.version;
    let cfg = state.rules_at(version).await?;
    let day = cfg.local(start).date();
    let monday = monday_of(day);
    let week = state
        .workforce()
        .employee_weeks
        .get_or_load(version, (employee_id.to_owned(), monday), async {
            Ok::<_, DbErr>(Arc::new(
                load_employee_week(&state.db, &cfg, employee_id, day).await?,
            ))
        })
        .await?;
    let rotations = if needs_rotations(&cfg, &target.event) {
        state
            .workforce()
            .week_rotations
            .get_or_load(version, monday, async {
                Ok::<_, DbErr>(Arc::new(load_week_rotations(&state.db, day).await?))
            })
            .await?
    } else {
        Arc::default()
    };
    let holder = match target.holder {
        Some(id) => match schedule::Entity::find_by_id(id).one(&state.db).await? {
            Some(s) => {
                let other = if s.employee_id == employee_id {
                    None
                } else {
                    employee::Entity::find_by_id(s.employee_id.clone())
                        .one(&state.db)
                        .await?
                };
                Some((s, other))
            }
            None => None,
        },
        None => None,
    };
    let mut instance = check_instance(
        &cfg,
        day,
        &target,
        &week,
        &rotations,
        holder.as_ref().map(|(s, e)| (s, e.as_ref())),
    );
    treat_scheduled_as_unstaffed(&mut instance, event_ref);
    Ok(Some(check_assignment(
        &instance,
        &[],
        &proposal(&cfg, &target.event, employee_id, start),
    )))
}

/// A manual schedule is checked as though a Scheduled event were still to be staffed, so that
/// rule 9 (one schedule per event) names the holder rather than a generic "not unstaffed".
fn treat_scheduled_as_unstaffed(instance: &mut Instance, event_ref: i64) {
    if let Some(e) = instance
        .events
        .iter_mut()
        .find(|e| e.event_ref == event_ref && e.condition == SCHEDULED)
    {
        e.condition = UNSTAFFED.to_owned();
    }
}

fn proposal(
    cfg: &RuleConfig,
    event: &event::Model,
    employee_id: &str,
    start: DateTime<Utc>,
) -> Assignment {
    Assignment {
        event_ref: event.project_ref_num,
        employee_id: employee_id.to_owned(),
        start: LocalDateTime(cfg.local(start)),
    }
}

/// The data a manual schedule is checked against: the weeks around `horizon` for the given
/// employees (all when `None`), with the events to staff (the one checked first).
async fn instance_for_check<C: ConnectionTrait>(
    conn: &C,
    cfg: &RuleConfig,
    events: &[event::Model],
    employee_ids: Option<&[String]>,
    horizon: Horizon,
    ignoring: Option<i32>,
) -> Result<Instance, DbErr> {
    let event = &events[0];
    let mut instance = load_instance(conn, cfg, horizon, employee_ids, events).await?;
    if let Some(id) = ignoring {
        // The schedule being moved no longer holds its old place, nor its event.
        let moved = kairos_store::entities::schedule::Entity::find_by_id(id)
            .one(conn)
            .await?;
        if let Some(m) = moved {
            let old = kairos_store::workforce::domain_assignment(cfg, &m);
            instance.fixed.retain(|a| *a != old);
            if m.event_ref_num == event.project_ref_num
                && let Some(e) = instance
                    .events
                    .iter_mut()
                    .find(|e| e.event_ref == event.project_ref_num)
            {
                e.condition = UNSTAFFED.to_owned();
            }
        }
    }
    treat_scheduled_as_unstaffed(&mut instance, event.project_ref_num);
    Ok(instance)
}

/// A broken hard rule as answered to clients.
#[derive(Debug, serde::Serialize, utoipa::ToSchema)]
#[schema(example = json!({"code": "outside_availability", "message": "Aisha Johnson (E0004) is unavailable all day (approved time off) on 2026-03-03, so 10:15–16:45 does not fit"}))]
pub struct Violation {
    /// The rule's stable name (`missing_skill`, `overlaps_existing`, `daily_limit`, ...).
    #[schema(value_type = String)]
    pub code: kairos_domain::workforce::rules::RuleCode,
    pub message: String,
}

/// The violations as answered to clients.
pub fn violations(violations: &[RuleViolation]) -> Vec<Violation> {
    violations
        .iter()
        .map(|v| Violation {
            code: v.code,
            message: v.message.clone(),
        })
        .collect()
}

/// [`violations`] as JSON: `[{code, message}]`.
pub fn violations_json(v: &[RuleViolation]) -> Value {
    json!(violations(v))
}

/// 409: `what` (a schedule, a changed proposal) breaks `v`, each rule named in the detail and
/// listed in `violations`.
pub fn rules_broken(what: &str, v: &[RuleViolation]) -> ApiError {
    let names: Vec<&str> = v.iter().map(|v| v.message.as_str()).collect();
    ApiError::conflict(format!(
        "{what} breaks {} rule(s): {}",
        v.len(),
        names.join("; ")
    ))
    .with_violations(violations_json(v))
}

/// Makes room for a new schedule of `event_ref` at `at`: a cancelled schedule there is history
/// that would otherwise hold the slot (schedules are unique on event and time), so it is deleted,
/// audited with what it was. Called in the transaction that inserts the new one.
pub async fn clear_cancelled_slot(
    conn: &sea_orm::DatabaseTransaction,
    caller: &Caller,
    event_ref: i64,
    at: DateTime<Utc>,
) -> ApiResult<()> {
    let cancelled = schedule::Entity::find()
        .filter(schedule::Column::EventRefNum.eq(event_ref))
        .filter(schedule::Column::ScheduleDatetime.eq(at))
        .filter(schedule::Column::Status.eq(kairos_store::workforce::CANCELLED))
        .one(conn)
        .await?;
    if let Some(old) = cancelled {
        schedule::Entity::delete_by_id(old.id).exec(conn).await?;
        crate::modules::workforce::events::audit_and_publish(
            conn,
            caller,
            crate::modules::workforce::events::Event::ScheduleDeleted,
            crate::platform::audit::Change::new("delete", "schedule", old.id)
                .before(crate::modules::workforce::dto::schedules::ScheduleOut::from(old))
                .after(json!({"replaced_by_new_schedule_at_the_same_time": true})),
        )
        .await?;
    }
    Ok(())
}

pub use crate::modules::workforce::settings::rule_config;

/// The employee a user account is linked to (`employees.user_id`): a member's own data.
pub async fn employee_of_user(
    db: &sea_orm::DatabaseConnection,
    user_id: i32,
) -> Result<Option<String>, DbErr> {
    Ok(employee::Entity::find()
        .filter(employee::Column::UserId.eq(user_id))
        .one(db)
        .await?
        .map(|e| e.id))
}
