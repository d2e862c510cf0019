//! `employee_attendance`: attendance for one schedule: status, check-in and check-out.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "employee_attendance")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub schedule_id: i32,
    pub employee_id: String,
    pub status: String,
    pub check_in_time: Option<DateTimeUtc>,
    pub check_out_time: Option<DateTimeUtc>,
    pub method: Option<String>,
    pub notes: Option<String>,
    pub recorded_by: Option<String>,
    pub recorded_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
