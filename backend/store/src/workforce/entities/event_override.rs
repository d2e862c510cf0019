//! `event_scheduling_overrides`: a manager's constraints on one event: required or excluded employees, preferred time.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "event_scheduling_overrides")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub event_ref_num: i64,
    pub required_employee_id: Option<String>,
    pub excluded_employee_ids: Json,
    pub preferred_time: Option<Time>,
    pub notes: Option<String>,
    pub created_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
