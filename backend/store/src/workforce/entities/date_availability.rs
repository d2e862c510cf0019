//! `employee_availability`: availability for one date, overriding the weekly pattern.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "employee_availability")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub employee_id: String,
    pub date: Date,
    pub available: bool,
    pub start_time: Option<Time>,
    pub end_time: Option<Time>,
    pub reason: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
