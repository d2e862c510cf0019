//! `job_runs`: one row per run of a job, with who ran it, how it ended and what it did.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "job_runs")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub job_name: String,
    /// The process that ran it (host and process id).
    pub owner: String,
    /// `schedule` or `manual`.
    pub trigger: String,
    pub started_at: DateTimeUtc,
    pub finished_at: Option<DateTimeUtc>,
    /// `running`, `succeeded` or `failed`.
    pub status: String,
    pub error: Option<String>,
    pub details: Option<Json>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
