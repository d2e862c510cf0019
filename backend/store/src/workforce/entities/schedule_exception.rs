//! `schedule_exceptions`: an event the scheduler could not place, or a schedule that breaks a rule.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "schedule_exceptions")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub run_id: Option<i32>,
    pub schedule_id: Option<i32>,
    pub event_ref_num: Option<i64>,
    pub exception_type: String,
    pub severity: String,
    pub message: String,
    pub detected_at: DateTimeUtc,
    pub resolved: bool,
    pub resolved_at: Option<DateTimeUtc>,
    pub resolved_by: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
