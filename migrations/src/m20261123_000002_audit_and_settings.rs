//! The audit trail and the typed system settings (seed 000).

use crate::index;
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table("audit_logs")
                    .col(big_pk_auto("id"))
                    .col(timestamp_with_time_zone("timestamp"))
                    .col(string_null("user_id"))
                    .col(string("action"))
                    .col(string("resource_type"))
                    .col(string_null("resource_id"))
                    .col(json_null("changes"))
                    .col(string_null("ip_address"))
                    .col(string_null("user_agent"))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index("idx_timestamp", "audit_logs", &["timestamp"]))
            .await?;
        manager
            .create_index(index(
                "idx_resource",
                "audit_logs",
                &["resource_type", "resource_id"],
            ))
            .await?;
        manager
            .create_table(
                Table::create()
                    .table("system_settings")
                    .col(pk_auto("id"))
                    .col(string_uniq("key"))
                    .col(text_null("value"))
                    .col(string("data_type"))
                    .col(text_null("description"))
                    .col(string_null("category"))
                    .col(boolean("encrypted").default(false))
                    .col(timestamp_with_time_zone_null("modified_at"))
                    .col(string_null("modified_by"))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in ["system_settings", "audit_logs"] {
            manager
                .drop_table(Table::drop().table(table).to_owned())
                .await?;
        }
        Ok(())
    }
}
