//! `user_sessions`: the external planning system's session token, refreshed before it expires.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "user_sessions")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub session_token: String,
    pub created_at: Option<DateTimeUtc>,
    pub expires_at: Option<DateTimeUtc>,
    pub last_refreshed: Option<DateTimeUtc>,
    pub active: bool,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
