//! `events`: work events to staff, upserted by `project_ref_num` from the external planning system.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "events")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub project_name: String,
    pub project_ref_num: i64,
    pub location_mvid: Option<String>,
    pub store_number: Option<i32>,
    pub store_name: Option<String>,
    pub start_datetime: DateTimeUtc,
    pub due_datetime: DateTimeUtc,
    pub estimated_time: Option<i32>,
    pub event_type: String,
    pub condition: String,
    pub last_synced: Option<DateTimeUtc>,
    pub sync_source: Option<String>,
    pub external_id: Option<String>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    /// The manager's scheduling override of this event, if any (one per event).
    #[sea_orm(
        belongs_to = "super::event_override::Entity",
        from = "Column::ProjectRefNum",
        to = "super::event_override::Column::EventRefNum"
    )]
    Override,
}

impl Related<super::event_override::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Override.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
