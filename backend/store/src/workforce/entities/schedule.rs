//! `schedules`: employee-event assignments; at most one active schedule per event.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "schedules")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub event_ref_num: i64,
    pub employee_id: String,
    pub schedule_datetime: DateTimeUtc,
    pub created_at: DateTimeUtc,
    pub created_by: Option<String>,
    pub modified_at: Option<DateTimeUtc>,
    pub status: String,
    pub notes: Option<String>,
    pub override_reason: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    /// The event staffed, by its `project_ref_num`.
    #[sea_orm(
        belongs_to = "super::event::Entity",
        from = "Column::EventRefNum",
        to = "super::event::Column::ProjectRefNum"
    )]
    Event,
}

impl Related<super::event::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Event.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
