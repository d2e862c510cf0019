//! `pending_schedules`: an auto-scheduler proposal awaiting a manager's review.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "pending_schedules")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub run_id: Option<i32>,
    pub event_ref_num: i64,
    pub employee_id: String,
    pub schedule_datetime: DateTimeUtc,
    pub confidence_score: Option<f64>,
    pub reason: Option<String>,
    pub created_at: Option<DateTimeUtc>,
    pub reviewed: bool,
    pub approved: Option<bool>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
