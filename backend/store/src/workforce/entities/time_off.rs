//! `employee_time_off`: time-off requests; only approved ones block scheduling.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "employee_time_off")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub employee_id: String,
    pub start_date: Date,
    pub end_date: Date,
    pub reason: Option<String>,
    pub status: String,
    pub requested_at: Option<DateTimeUtc>,
    pub approved_by: Option<String>,
    pub approved_at: Option<DateTimeUtc>,
    pub notes: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
