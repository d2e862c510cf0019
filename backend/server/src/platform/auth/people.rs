//! The people modules ask about (modules never read each other's people: they ask here).

use kairos_store::entities::user;
use sea_orm::{ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter};

/// The active managers and admins.
pub async fn managers<C: ConnectionTrait>(conn: &C) -> Result<Vec<i32>, DbErr> {
    Ok(user::Entity::find()
        .filter(user::Column::IsActive.eq(true))
        .filter(user::Column::Role.is_in(["manager", "admin"]))
        .all(conn)
        .await?
        .into_iter()
        .map(|u| u.id)
        .collect())
}
