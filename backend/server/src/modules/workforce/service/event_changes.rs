//! Events' use cases: add, edit and remove an event and its scheduling override, each in its own
//! transaction, audited.

use crate::modules::workforce::dto::events::*;
use crate::modules::workforce::service::events::{EventIn, EventOut, EventPatch};
use crate::modules::workforce::service::{events as ev, find_employee};
use crate::platform::audit::Change;
use crate::platform::auth::Caller;
use crate::platform::http::error::{ApiError, ApiResult};
use crate::platform::http::lookup::find_or_404;
use crate::platform::http::validation::Checks;
use crate::platform::state::AppState;
use chrono::Utc;
use kairos_store::entities::{event, event_override, schedule};
use kairos_store::workforce::RuleConfig;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait,
    QueryFilter,
};

/// Adds an event whose fields were checked against the rules in force.
pub async fn create(state: &AppState, caller: &Caller, input: EventIn) -> ApiResult<EventOut> {
    let txn = kairos_store::begin_write(&state.db).await?;
    if ev::find_by_ref(&txn, input.project_ref_num)
        .await?
        .is_some()
    {
        return Err(ApiError::conflict(format!(
            "an event with project_ref_num {} exists",
            input.project_ref_num
        )));
    }
    let created = ev::insert(&txn, input).await?;
    let out = EventOut::from(created);
    caller
        .audit(&txn, Change::new("create", "event", out.id).after(&out))
        .await?;
    txn.commit().await?;
    Ok(out)
}

/// Changes an event's given fields, checked as a whole against the rules in force.
pub async fn update(
    state: &AppState,
    caller: &Caller,
    cfg: &RuleConfig,
    id: i32,
    patch: EventPatch,
) -> ApiResult<EventOut> {
    let txn = kairos_store::begin_write(&state.db).await?;
    let before = find(&txn, id).await?;
    let merged = patch.apply_to(&before);
    ev::validate(&merged, cfg).map_err(ApiError::validation)?;
    if merged.project_ref_num != before.project_ref_num
        && ev::find_by_ref(&txn, merged.project_ref_num)
            .await?
            .is_some()
    {
        return Err(ApiError::conflict(format!(
            "an event with project_ref_num {} exists",
            merged.project_ref_num
        )));
    }
    let after = EventOut::from(ev::update(&txn, before.clone(), merged).await?);
    caller
        .audit(
            &txn,
            Change::new("update", "event", after.id)
                .before(EventOut::from(before))
                .after(&after),
        )
        .await?;
    txn.commit().await?;
    Ok(after)
}

/// Removes an event (refused while it has schedules).
pub async fn delete(state: &AppState, caller: &Caller, id: i32) -> ApiResult<()> {
    let txn = kairos_store::begin_write(&state.db).await?;
    let before = find(&txn, id).await?;
    let held = schedule::Entity::find()
        .filter(schedule::Column::EventRefNum.eq(before.project_ref_num))
        .count(&txn)
        .await?;
    if held > 0 {
        return Err(ApiError::conflict(
            "the event has schedules; delete them first",
        ));
    }
    event::Entity::delete_by_id(before.id).exec(&txn).await?;
    caller
        .audit(
            &txn,
            Change::new("delete", "event", before.id).before(EventOut::from(before)),
        )
        .await?;
    txn.commit().await?;
    Ok(())
}

/// Sets an event's scheduling override.
pub async fn put_override(
    state: &AppState,
    caller: &Caller,
    id: i32,
    b: SchedulingOverride,
) -> ApiResult<SchedulingOverride> {
    let txn = kairos_store::begin_write(&state.db).await?;
    let e = find(&txn, id).await?;
    let mut checks = Checks::new();
    if let Some(r) = &b.required_employee_id
        && find_employee(&txn, r).await.is_err()
    {
        checks.check(
            "required_employee_id",
            Some(format!("no employee has id {r}")),
        );
    }
    for (i, x) in b.excluded_employee_ids.iter().enumerate() {
        if find_employee(&txn, x).await.is_err() {
            checks.check(
                &format!("excluded_employee_ids[{i}]"),
                Some(format!("no employee has id {x}")),
            );
        }
    }
    checks.finish()?;
    store_override(&txn, caller, e.project_ref_num, &b).await?;
    txn.commit().await?;
    Ok(b)
}

/// Removes an event's scheduling override.
pub async fn delete_override(state: &AppState, caller: &Caller, id: i32) -> ApiResult<()> {
    let txn = kairos_store::begin_write(&state.db).await?;
    let e = find(&txn, id).await?;
    let o = override_of(&txn, e.project_ref_num)
        .await?
        .ok_or_else(|| ApiError::not_found(format!("a scheduling override for event {id}")))?;
    event_override::Entity::delete_by_id(o.id)
        .exec(&txn)
        .await?;
    caller
        .audit(
            &txn,
            Change::new("delete", "scheduling_override", e.project_ref_num)
                .before(SchedulingOverride::from(o)),
        )
        .await?;
    txn.commit().await?;
    Ok(())
}

pub async fn find(db: &impl sea_orm::ConnectionTrait, id: i32) -> ApiResult<event::Model> {
    find_or_404::<event::Entity, _, _>(db, "event", id).await
}

/// Stores `next` as the override of the event `event_ref` (replacing any), audited with what
/// it replaces.
pub async fn store_override<C: ConnectionTrait>(
    conn: &C,
    caller: &Caller,
    event_ref: i64,
    next: &SchedulingOverride,
) -> ApiResult<()> {
    let existing = override_of(conn, event_ref).await?;
    let before = existing.clone().map(SchedulingOverride::from);
    let mut row: event_override::ActiveModel = match existing {
        Some(m) => m.into(),
        None => event_override::ActiveModel {
            event_ref_num: Set(event_ref),
            ..Default::default()
        },
    };
    row.required_employee_id = Set(next.required_employee_id.clone());
    row.excluded_employee_ids = Set(serde_json::json!(next.excluded_employee_ids));
    row.preferred_time = Set(next.preferred_time.map(|t| t.0));
    row.notes = Set(next.notes.clone());
    row.created_at = Set(Some(Utc::now()));
    row.save(conn).await?;
    caller
        .audit(
            conn,
            Change::new("update", "scheduling_override", event_ref)
                .after(next)
                .before_opt(before),
        )
        .await?;
    Ok(())
}

/// The scheduling override of the event `event_ref`, if it has one.
pub async fn override_of<C: ConnectionTrait>(
    conn: &C,
    event_ref: i64,
) -> ApiResult<Option<event_override::Model>> {
    Ok(event_override::Entity::find()
        .filter(event_override::Column::EventRefNum.eq(event_ref))
        .one(conn)
        .await?)
}
