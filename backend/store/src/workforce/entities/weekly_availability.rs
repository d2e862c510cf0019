//! `employee_weekly_availability`: recurring weekly windows (Monday = 0), in force from `effective_date`.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "employee_weekly_availability")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub employee_id: String,
    pub day_of_week: i32,
    pub start_time: Time,
    pub end_time: Time,
    pub effective_date: Option<Date>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
