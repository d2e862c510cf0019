//! Paperwork templates' use cases: create, edit and remove a template, each in its own
//! transaction, audited.

use crate::modules::workforce::dto::paperwork::*;
use crate::platform::audit::Change;
use crate::platform::audit::audited_update;
use crate::platform::auth::Caller;
use crate::platform::http::error::ApiResult;
use crate::platform::http::lookup::find_or_404;
use crate::platform::state::AppState;
use kairos_store::entities::paperwork_template;
use sea_orm::{ActiveModelTrait, ActiveValue::Set, ConnectionTrait, EntityTrait};

/// Creates a template from checked fields.
pub async fn create(state: &AppState, caller: &Caller, b: TemplateIn) -> ApiResult<TemplateOut> {
    let txn = kairos_store::begin_write(&state.db).await?;
    let created = paperwork_template::ActiveModel {
        name: Set(b.name.trim().to_owned()),
        description: Set(b.description),
        template_type: Set(b.template_type),
        template_data: Set(b.template_data),
        active: Set(b.active),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    let out = TemplateOut::from(created);
    caller
        .audit(
            &txn,
            Change::new("create", "paperwork_template", out.id).after(&out),
        )
        .await?;
    txn.commit().await?;
    Ok(out)
}

/// Changes a template's given fields.
pub async fn update(
    state: &AppState,
    caller: &Caller,
    id: i32,
    p: TemplatePatch,
) -> ApiResult<TemplateOut> {
    let txn = kairos_store::begin_write(&state.db).await?;
    let before = find(&txn, id).await?;
    let mut row: paperwork_template::ActiveModel = before.clone().into();
    if let Some(v) = p.name {
        row.name = Set(v.trim().to_owned());
    }
    if let Some(v) = p.description {
        row.description = Set(Some(v));
    }
    if let Some(v) = p.template_type {
        row.template_type = Set(v);
    }
    if let Some(v) = p.template_data {
        row.template_data = Set(v);
    }
    if let Some(v) = p.active {
        row.active = Set(v);
    }
    let after: TemplateOut = audited_update(
        &txn,
        caller,
        ("update", "paperwork_template", before.id),
        before,
        row,
    )
    .await?;
    txn.commit().await?;
    Ok(after)
}

/// Removes a template.
pub async fn delete(state: &AppState, caller: &Caller, id: i32) -> ApiResult<()> {
    let txn = kairos_store::begin_write(&state.db).await?;
    let before = find(&txn, id).await?;
    paperwork_template::Entity::delete_by_id(before.id)
        .exec(&txn)
        .await?;
    caller
        .audit(
            &txn,
            Change::new("delete", "paperwork_template", before.id)
                .before(TemplateOut::from(before)),
        )
        .await?;
    txn.commit().await?;
    Ok(())
}

pub async fn find<C: ConnectionTrait>(conn: &C, id: i32) -> ApiResult<paperwork_template::Model> {
    find_or_404::<paperwork_template::Entity, _, _>(conn, "paperwork template", id).await
}
