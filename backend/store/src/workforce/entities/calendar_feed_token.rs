//! `calendar_feed_tokens`: revocable tokens for an employee's subscribable iCalendar feed.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "calendar_feed_tokens")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub employee_id: String,
    pub token_hash: String,
    pub created_at: DateTimeUtc,
    pub revoked_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
