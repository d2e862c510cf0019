//! `audit_findings`: what the daily audit check found (an unstaffed event due soon, a schedule
//! that now breaks a rule, a rotation day with nobody, attendance not recorded). A finding stays
//! open while later checks still see it and is resolved when they no longer do.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "audit_findings")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub kind: String,
    /// What the finding is about, e.g. `event:1001` or `schedule:7`; one open finding per kind and subject.
    pub subject_key: String,
    pub message: String,
    pub details: Option<Json>,
    pub found_at: DateTimeUtc,
    pub last_seen_at: DateTimeUtc,
    pub resolved_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
