//! Rotations' use cases: give a day's rotation to an employee, take it back, fill a range from a
//! weekly pattern — each in its own transaction, audited.

use crate::modules::workforce::dto::rotations::*;
use crate::modules::workforce::service::find_employee;
use crate::platform::audit::Change;
use crate::platform::auth::Caller;
use crate::platform::http::error::{ApiError, ApiResult};
use crate::platform::http::lookup::find_or_404;
use crate::platform::http::validation::Checks;
use crate::platform::state::AppState;
use chrono::{NaiveDate, Utc};
use kairos_domain::time::weekday_index;
use kairos_store::entities::rotation_assignment;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter,
};

/// Gives the rotation of `b.date` to `b.employee_id`, replacing whoever held it.
pub async fn assign(state: &AppState, caller: &Caller, b: RotationIn) -> ApiResult<RotationOut> {
    let txn = kairos_store::begin_write(&state.db).await?;
    find_employee(&txn, &b.employee_id).await.map_err(|_| {
        ApiError::invalid(
            "employee_id",
            format!("no employee has id {}", b.employee_id),
        )
    })?;
    let existing = holder(&txn, b.date, &b.rotation_type).await?;
    let out = set_holder(
        &txn,
        caller,
        existing,
        b.date,
        &b.rotation_type,
        &b.employee_id,
    )
    .await?;
    txn.commit().await?;
    Ok(out)
}

/// Removes a rotation assignment.
pub async fn unassign(state: &AppState, caller: &Caller, id: i32) -> ApiResult<()> {
    let txn = kairos_store::begin_write(&state.db).await?;
    let row =
        find_or_404::<rotation_assignment::Entity, _, _>(&txn, "rotation assignment", id).await?;
    rotation_assignment::Entity::delete_by_id(row.id)
        .exec(&txn)
        .await?;
    caller
        .audit(
            &txn,
            Change::new("delete", "rotation", row.id).before(RotationOut::from(row)),
        )
        .await?;
    txn.commit().await?;
    Ok(())
}

/// Fills `b.from`..=`b.to` from the weekly pattern (dates already set stay unless `overwrite`); `checks` holds the field checks made so far, finished once the pattern's employees are known.
pub async fn generate(
    state: &AppState,
    caller: &Caller,
    b: GenerateIn,
    mut checks: Checks,
) -> ApiResult<GenerateReport> {
    let txn = kairos_store::begin_write(&state.db).await?;
    for (day, emp) in &b.pattern {
        if find_employee(&txn, emp).await.is_err() {
            checks.check(
                &format!("pattern.{day}"),
                Some(format!("no employee has id {emp}")),
            );
        }
    }
    checks.finish()?;
    let mut report = GenerateReport {
        created: 0,
        replaced: 0,
        kept: 0,
        assignments: vec![],
    };
    for date in b.from.iter_days().take_while(|d| *d <= b.to) {
        let Some(emp) = b.pattern.get(&weekday_index(date)) else {
            continue;
        };
        let existing = holder(&txn, date, &b.rotation_type).await?;
        match &existing {
            Some(_) if !b.overwrite => {
                report.kept += 1;
                continue;
            }
            Some(e) if e.employee_id == *emp => {
                report.kept += 1;
                continue;
            }
            Some(_) => report.replaced += 1,
            None => report.created += 1,
        }
        report
            .assignments
            .push(set_holder(&txn, caller, existing, date, &b.rotation_type, emp).await?);
    }
    txn.commit().await?;
    Ok(report)
}

pub async fn holder<C: ConnectionTrait>(
    conn: &C,
    date: NaiveDate,
    t: &str,
) -> ApiResult<Option<rotation_assignment::Model>> {
    Ok(rotation_assignment::Entity::find()
        .filter(rotation_assignment::Column::Date.eq(date))
        .filter(rotation_assignment::Column::RotationType.eq(t))
        .one(conn)
        .await?)
}

pub async fn set_holder<C: ConnectionTrait>(
    conn: &C,
    caller: &Caller,
    existing: Option<rotation_assignment::Model>,
    date: NaiveDate,
    t: &str,
    employee_id: &str,
) -> ApiResult<RotationOut> {
    let before = existing.clone().map(RotationOut::from);
    let mut row: rotation_assignment::ActiveModel = match existing {
        Some(m) => m.into(),
        None => rotation_assignment::ActiveModel {
            date: Set(date),
            rotation_type: Set(t.to_owned()),
            ..Default::default()
        },
    };
    row.employee_id = Set(employee_id.to_owned());
    row.assigned_at = Set(Some(Utc::now()));
    let saved = RotationOut::from(sea_orm::TryIntoModel::try_into_model(
        row.save(conn).await?,
    )?);
    caller
        .audit(
            conn,
            Change::new("update", "rotation", saved.id)
                .after(&saved)
                .before_opt(before),
        )
        .await?;
    Ok(saved)
}
