//! `scheduler_run_history`: one auto-scheduler run: range, counts, timing, settings snapshot.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "scheduler_run_history")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub run_at: DateTimeUtc,
    pub date_range_start: Option<Date>,
    pub date_range_end: Option<Date>,
    pub events_processed: Option<i32>,
    pub events_assigned: Option<i32>,
    pub events_failed: Option<i32>,
    pub execution_time_seconds: Option<f64>,
    pub settings_snapshot: Option<Json>,
    pub error_log: Option<String>,
    pub status: String,
    pub started_by: Option<String>,
    pub finished_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
