//! `rotation_assignments`: who holds a daily rotation (`juicer`, `primary_lead`); one per date and type.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "rotation_assignments")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub employee_id: String,
    pub date: Date,
    pub rotation_type: String,
    pub assigned_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
