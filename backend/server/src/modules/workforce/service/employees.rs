//! The roster's use cases: add, edit and remove an employee, each in its own transaction,
//! audited.

use crate::modules::workforce::dto::employees::*;
use crate::modules::workforce::service::find_employee;
use crate::platform::audit::Change;
use crate::platform::auth::Caller;
use crate::platform::http::error::{ApiError, ApiResult};
use crate::platform::http::validation::{self, Checks};
use crate::platform::state::AppState;
use chrono::{NaiveDate, Utc};
use kairos_store::entities::{employee, schedule, user};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait,
    QueryFilter,
};
use serde_json::json;

/// Adds an employee with id `id`; `checks` holds the field checks, finished once the linked user is known.
pub async fn create(
    state: &AppState,
    caller: &Caller,
    input: EmployeeIn,
    id: String,
    mut checks: Checks,
) -> ApiResult<EmployeeOut> {
    let txn = kairos_store::begin_write(&state.db).await?;
    check_user_link(&txn, input.user_id, &mut checks).await?;
    checks.finish()?;
    if employee::Entity::find_by_id(id.clone())
        .one(&txn)
        .await?
        .is_some()
    {
        return Err(ApiError::conflict(format!(
            "an employee with id {id} exists"
        )));
    }
    let now = Utc::now();
    let created = employee::ActiveModel {
        id: Set(id),
        name: Set(input.name.trim().to_owned()),
        email: Set(input.email.map(|e| e.trim().to_lowercase())),
        phone: Set(input.phone),
        active: Set(input.active),
        hire_date: Set(input.hire_date),
        termination_date: Set(input.termination_date),
        skills: Set(normalise_skills(input.skills)),
        notes: Set(input.notes),
        user_id: Set(input.user_id),
        created_at: Set(now),
        updated_at: Set(now),
    }
    .insert(&txn)
    .await?;
    let out = EmployeeOut::from(created);
    caller
        .audit(&txn, Change::new("create", "employee", &out.id).after(&out))
        .await?;
    txn.commit().await?;
    Ok(out)
}

/// Changes an employee's given fields.
pub async fn update(
    state: &AppState,
    caller: &Caller,
    id: &str,
    p: EmployeePatch,
) -> ApiResult<EmployeeOut> {
    let txn = kairos_store::begin_write(&state.db).await?;
    let before = find_employee(&txn, id).await?;
    let hire = p.hire_date.unwrap_or(before.hire_date);
    let end = p.termination_date.unwrap_or(before.termination_date);
    let mut checks = Checks::new();
    checks
        .check("name", validation::optional_text(p.name.as_deref(), 1, 200))
        .check(
            "email",
            p.email
                .clone()
                .flatten()
                .as_deref()
                .and_then(validation::email),
        )
        .check("skills", p.skills.as_deref().and_then(skills_problem))
        .check("termination_date", dates_problem(hire, end));
    check_user_link(&txn, p.user_id.flatten(), &mut checks).await?;
    checks.finish()?;
    let mut active: employee::ActiveModel = before.clone().into();
    if let Some(v) = p.name {
        active.name = Set(v.trim().to_owned());
    }
    if let Some(v) = p.email {
        active.email = Set(v.map(|e| e.trim().to_lowercase()));
    }
    if let Some(v) = p.phone {
        active.phone = Set(v);
    }
    if let Some(v) = p.active {
        active.active = Set(v);
    }
    active.hire_date = Set(hire);
    active.termination_date = Set(end);
    if let Some(v) = p.skills {
        active.skills = Set(normalise_skills(v));
    }
    if let Some(v) = p.notes {
        active.notes = Set(v);
    }
    if let Some(v) = p.user_id {
        active.user_id = Set(v);
    }
    active.updated_at = Set(Utc::now());
    let after = EmployeeOut::from(active.update(&txn).await?);
    caller
        .audit(
            &txn,
            Change::new("update", "employee", &after.id)
                .before(EmployeeOut::from(before))
                .after(&after),
        )
        .await?;
    txn.commit().await?;
    Ok(after)
}

/// Removes an employee (refused while schedules are theirs).
pub async fn delete(state: &AppState, caller: &Caller, id: &str) -> ApiResult<()> {
    let txn = kairos_store::begin_write(&state.db).await?;
    let before = find_employee(&txn, id).await?;
    let scheduled = schedule::Entity::find()
        .filter(schedule::Column::EmployeeId.eq(before.id.clone()))
        .count(&txn)
        .await?;
    if scheduled > 0 {
        return Err(ApiError::conflict(format!(
            "employee {} has {scheduled} schedules; deactivate them with PATCH {{\"active\": false}} to keep the history",
            before.id
        )));
    }
    employee::Entity::delete_by_id(before.id.clone())
        .exec(&txn)
        .await?;
    caller
        .audit(
            &txn,
            Change::new("delete", "employee", &before.id).before(EmployeeOut::from(before)),
        )
        .await?;
    txn.commit().await?;
    Ok(())
}

pub async fn check_user_link<C: ConnectionTrait>(
    conn: &C,
    user_id: Option<i32>,
    checks: &mut Checks,
) -> ApiResult<()> {
    if let Some(uid) = user_id
        && user::Entity::find_by_id(uid).one(conn).await?.is_none()
    {
        checks.check("user_id", Some(format!("no user has id {uid}")));
    }
    Ok(())
}

pub fn normalise_skills(skills: Vec<String>) -> serde_json::Value {
    let mut out: Vec<String> = skills
        .into_iter()
        .map(|s| s.trim().to_lowercase())
        .collect();
    out.sort();
    out.dedup();
    json!(out)
}

pub fn skills_problem(skills: &[String]) -> Option<String> {
    (skills.len() > 50
        || skills
            .iter()
            .any(|s| s.trim().is_empty() || s.chars().count() > 50))
    .then(|| "must be at most 50 skill names of 1 to 50 characters".to_owned())
}

pub fn dates_problem(hire: Option<NaiveDate>, end: Option<NaiveDate>) -> Option<String> {
    match (hire, end) {
        (Some(h), Some(t)) if t < h => Some("must not be before hire_date".into()),
        _ => None,
    }
}
