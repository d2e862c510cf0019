//! `system_settings` (seed 000): typed key/value configuration; `encrypted` values are AES-GCM sealed.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "system_settings")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    #[sea_orm(unique)]
    pub key: String,
    pub value: Option<String>,
    pub data_type: String,
    pub description: Option<String>,
    pub category: Option<String>,
    pub encrypted: bool,
    pub modified_at: Option<DateTimeUtc>,
    pub modified_by: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
