//! `outbox`: messages to deliver (a webhook POST or an e-mail), written in the same transaction
//! as the change they report, then delivered with retries by the delivery job.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "outbox")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    /// `webhook` or `email`.
    pub channel: String,
    /// The registered endpoint for signed webhook deliveries.
    pub endpoint_id: Option<i32>,
    /// The URL, or the e-mail recipients separated by commas.
    pub target: String,
    pub event_type: String,
    pub subject: Option<String>,
    /// The exact body sent.
    pub payload: String,
    /// `pending`, `delivered` or `failed` (gave up).
    pub status: String,
    pub attempts: i32,
    pub next_attempt_at: Option<DateTimeUtc>,
    pub last_status_code: Option<i32>,
    pub last_error: Option<String>,
    pub created_at: DateTimeUtc,
    pub delivered_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
