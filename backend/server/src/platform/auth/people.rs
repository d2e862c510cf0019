//! The people modules ask about (modules never read each other's people: they ask here).

use crate::platform::installed::Installed;
use futures_util::future::BoxFuture;
use kairos_store::entities::user;
use sea_orm::{ColumnTrait, ConnectionTrait, DatabaseConnection, DbErr, EntityTrait, QueryFilter};

/// A module's record for a user account, by the account's id (for example the person record the
/// account is linked to), so that `/auth/me` can say whose data is the caller's own.
pub type UserLink =
    for<'a> fn(&'a DatabaseConnection, i32) -> BoxFuture<'a, Result<Option<String>, DbErr>>;

static LINKS: Installed<UserLink> = Installed::new();

/// Installs every module's user link; the first call wins.
pub fn install_links(links: Vec<UserLink>) {
    LINKS.install(links);
}

/// The first module record linked to user `user_id`, if any.
pub async fn linked_record(db: &DatabaseConnection, user_id: i32) -> Result<Option<String>, DbErr> {
    for link in LINKS.get_or(&[]) {
        if let Some(id) = link(db, user_id).await? {
            return Ok(Some(id));
        }
    }
    Ok(None)
}

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
