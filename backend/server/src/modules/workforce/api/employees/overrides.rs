//! An employee's availability overrides over a range of days.

//! The roster: employees, their weekly and date availability, overrides, and resolved availability.

use crate::modules::workforce::dto::employees::*;
use crate::modules::workforce::permissions;
use crate::modules::workforce::service::find_employee;
use crate::platform::audit::Change;
use crate::platform::auth::Caller;
use crate::platform::http::body::Body;
use crate::platform::http::error::{ApiError, ApiResult};
use crate::platform::http::query::Query;
use crate::platform::http::validation::{self, Checks};
use crate::platform::http::wire::DateRange;
use crate::platform::state::AppState;
use actix_web::{HttpResponse, delete, get, post, web};
use chrono::Utc;
use kairos_store::entities::availability_override;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter, QueryOrder,
};
use utoipa_actix_web::service_config::ServiceConfig;

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(list_overrides)
        .service(put_override)
        .service(delete_override);
}

/// The employee's availability overrides in a range (at most 400 days).
#[utoipa::path(tag = "employees", security(("bearer" = [])),
    params(("id" = String, Path, description = "The employee's id"), DateRange),
    responses((status = 200, description = "The overrides", body = Vec<OverrideBody>), (status = 404, description = "No such employee"),
        (status = 400, description = "`to` before `from`, or a range over 400 days")))]
#[get("/employees/{id}/availability-overrides")]
async fn list_overrides(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<String>,
    range: Query<DateRange>,
) -> ApiResult<web::Json<Vec<OverrideBody>>> {
    caller.require(permissions::READ_WORKFORCE)?;
    let (from, to) = range.checked(400)?;
    let e = find_employee(&state.db, &id).await?;
    let rows = availability_override::Entity::find()
        .filter(availability_override::Column::EmployeeId.eq(e.id))
        .filter(availability_override::Column::Date.between(from, to))
        .order_by_asc(availability_override::Column::Date)
        .all(&state.db)
        .await?;
    Ok(web::Json(rows.into_iter().map(Into::into).collect()))
}

/// Sets a whole-day override for one date (replacing any for that date). Managers only: it
/// outranks what the employee said about that date.
#[utoipa::path(tag = "employees", security(("bearer" = [])), request_body = OverrideBody,
    params(("id" = String, Path, description = "The employee's id")),
    responses((status = 200, description = "Stored", body = OverrideBody), (status = 404, description = "No such employee"),
        (status = 422, description = "Invalid fields")))]
#[post("/employees/{id}/availability-overrides")]
async fn put_override(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<String>,
    body: Body<OverrideBody>,
) -> ApiResult<web::Json<OverrideBody>> {
    caller.require(permissions::MANAGE_WORKFORCE)?;
    let b = body.into_inner();
    Checks::new()
        .check(
            "reason",
            validation::optional_text(b.reason.as_deref(), 0, 1000),
        )
        .finish()?;
    let txn = kairos_store::begin_write(&state.db).await?;
    let e = find_employee(&txn, &id).await?;
    let existing = availability_override::Entity::find()
        .filter(availability_override::Column::EmployeeId.eq(e.id.clone()))
        .filter(availability_override::Column::Date.eq(b.date))
        .one(&txn)
        .await?;
    let before = existing.clone().map(OverrideBody::from);
    let mut row: availability_override::ActiveModel = match existing {
        Some(m) => m.into(),
        None => availability_override::ActiveModel {
            employee_id: Set(e.id.clone()),
            date: Set(b.date),
            ..Default::default()
        },
    };
    row.available = Set(b.available);
    row.reason = Set(b.reason);
    row.created_at = Set(Some(Utc::now()));
    let saved = OverrideBody::from(sea_orm::TryIntoModel::try_into_model(
        row.save(&txn).await?,
    )?);
    caller
        .audit(
            &txn,
            Change::new("update", "availability_override", saved.id)
                .after(&saved)
                .before_opt(before),
        )
        .await?;
    txn.commit().await?;
    Ok(web::Json(saved))
}

/// Removes an availability override.
#[utoipa::path(tag = "employees", security(("bearer" = [])),
    params(("id" = String, Path, description = "The employee's id"), ("override_id" = i32, Path, description = "The override's id")),
    responses((status = 204, description = "Removed"), (status = 404, description = "No such override")))]
#[delete("/employees/{id}/availability-overrides/{override_id}")]
async fn delete_override(
    state: web::Data<AppState>,
    caller: Caller,
    path: web::Path<(String, i32)>,
) -> ApiResult<HttpResponse> {
    caller.require(permissions::MANAGE_WORKFORCE)?;
    let (id, oid) = path.into_inner();
    let txn = kairos_store::begin_write(&state.db).await?;
    let row = availability_override::Entity::find_by_id(oid)
        .filter(availability_override::Column::EmployeeId.eq(id.clone()))
        .one(&txn)
        .await?
        .ok_or_else(|| ApiError::not_found(format!("override {oid} of employee {id}")))?;
    availability_override::Entity::delete_by_id(oid)
        .exec(&txn)
        .await?;
    caller
        .audit(
            &txn,
            Change::new("delete", "availability_override", oid).before(OverrideBody::from(row)),
        )
        .await?;
    txn.commit().await?;
    Ok(HttpResponse::NoContent().finish())
}
