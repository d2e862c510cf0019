//! The one way a route finds a row by its key or answers 404 naming it.

use crate::platform::http::error::{ApiError, ApiResult};
use sea_orm::{ConnectionTrait, EntityTrait, PrimaryKeyTrait};
use std::fmt::Display;

/// The row of `E` whose primary key is `id`, or a 404 "`{what} {id}` was not found".
pub async fn find_or_404<E, C, K>(conn: &C, what: &str, id: K) -> ApiResult<E::Model>
where
    E: EntityTrait,
    C: ConnectionTrait,
    K: Into<<E::PrimaryKey as PrimaryKeyTrait>::ValueType> + Display,
{
    let shown = id.to_string();
    E::find_by_id(id)
        .one(conn)
        .await?
        .ok_or_else(|| ApiError::not_found(format!("{what} {shown}")))
}
