//! Integrations: the job runner's lease rows and run log, webhook endpoints, the outbox of
//! deliveries (webhooks and e-mail) with one row per attempt, in-app notifications, and the
//! daily audit's findings. Also an index that lets the event list read a date range in order.

use crate::{foreign_key, index};
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

const TABLES: &[&str] = &[
    "audit_findings",
    "notifications",
    "outbox_attempts",
    "outbox",
    "webhook_endpoints",
    "job_runs",
    "jobs",
];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // One row per periodic job. A process runs a job only after moving its lease forward in
        // one conditional UPDATE, so on a shared database each due run happens once.
        manager
            .create_table(
                Table::create()
                    .table("jobs")
                    .col(string_len("name", 64).primary_key())
                    .col(boolean("enabled").default(true))
                    .col(timestamp_with_time_zone("next_run_at"))
                    .col(string_null("lease_owner"))
                    .col(timestamp_with_time_zone_null("lease_until"))
                    .col(timestamp_with_time_zone_null("last_started_at"))
                    .col(timestamp_with_time_zone_null("last_finished_at"))
                    .col(string_null("last_status"))
                    .col(text_null("last_error"))
                    .col(integer("consecutive_failures").default(0))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table("job_runs")
                    .col(pk_auto("id"))
                    .col(string_len("job_name", 64))
                    .col(string("owner"))
                    .col(string("trigger"))
                    .col(timestamp_with_time_zone("started_at"))
                    .col(timestamp_with_time_zone_null("finished_at"))
                    .col(string("status"))
                    .col(text_null("error"))
                    .col(json_null("details"))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_job_runs_job_name")
                            .from("job_runs", "job_name")
                            .to("jobs", "name")
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index(
                "idx_job_runs_job_started",
                "job_runs",
                &["job_name", "started_at"],
            ))
            .await?;
        manager
            .create_table(
                Table::create()
                    .table("webhook_endpoints")
                    .col(pk_auto("id"))
                    .col(string("name"))
                    .col(text("url"))
                    .col(text("secret_sealed"))
                    .col(json("event_types"))
                    .col(boolean("active").default(true))
                    .col(timestamp_with_time_zone("created_at"))
                    .col(timestamp_with_time_zone("updated_at"))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table("outbox")
                    .col(pk_auto("id"))
                    .col(string("channel"))
                    .col(integer_null("endpoint_id"))
                    .col(text("target"))
                    .col(string("event_type"))
                    .col(text_null("subject"))
                    .col(text("payload"))
                    .col(string("status"))
                    .col(integer("attempts").default(0))
                    .col(timestamp_with_time_zone_null("next_attempt_at"))
                    .col(integer_null("last_status_code"))
                    .col(text_null("last_error"))
                    .col(timestamp_with_time_zone("created_at"))
                    .col(timestamp_with_time_zone_null("delivered_at"))
                    .foreign_key(&mut foreign_key(
                        "outbox",
                        "endpoint_id",
                        "webhook_endpoints",
                        ForeignKeyAction::Cascade,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index(
                "idx_outbox_due",
                "outbox",
                &["status", "next_attempt_at"],
            ))
            .await?;
        manager
            .create_index(index(
                "idx_outbox_endpoint",
                "outbox",
                &["endpoint_id", "id"],
            ))
            .await?;
        manager
            .create_table(
                Table::create()
                    .table("outbox_attempts")
                    .col(pk_auto("id"))
                    .col(integer("outbox_id"))
                    .col(timestamp_with_time_zone("attempted_at"))
                    .col(integer_null("status_code"))
                    .col(text_null("error"))
                    .col(integer("duration_ms"))
                    .foreign_key(&mut foreign_key(
                        "outbox_attempts",
                        "outbox_id",
                        "outbox",
                        ForeignKeyAction::Cascade,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index(
                "idx_outbox_attempts_outbox",
                "outbox_attempts",
                &["outbox_id"],
            ))
            .await?;
        manager
            .create_table(
                Table::create()
                    .table("notifications")
                    .col(pk_auto("id"))
                    .col(integer("user_id"))
                    .col(string("kind"))
                    .col(string("title"))
                    .col(text("body"))
                    .col(json_null("data"))
                    .col(timestamp_with_time_zone("created_at"))
                    .col(timestamp_with_time_zone_null("read_at"))
                    .foreign_key(&mut foreign_key(
                        "notifications",
                        "user_id",
                        "users",
                        ForeignKeyAction::Cascade,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index(
                "idx_notifications_user",
                "notifications",
                &["user_id", "id"],
            ))
            .await?;
        manager
            .create_table(
                Table::create()
                    .table("audit_findings")
                    .col(pk_auto("id"))
                    .col(string("kind"))
                    .col(string("subject_key"))
                    .col(text("message"))
                    .col(json_null("details"))
                    .col(timestamp_with_time_zone("found_at"))
                    .col(timestamp_with_time_zone("last_seen_at"))
                    .col(timestamp_with_time_zone_null("resolved_at"))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index(
                "idx_audit_findings_subject",
                "audit_findings",
                &["kind", "subject_key"],
            ))
            .await?;
        manager
            .create_index(index(
                "idx_events_start_id",
                "events",
                &["start_datetime", "id"],
            ))
            .await?;
        // The longest event window, read in one index probe, bounds date-range queries tightly.
        let window = match manager.get_database_backend() {
            sea_orm_migration::sea_orm::DatabaseBackend::Postgres => {
                "(due_datetime - start_datetime)"
            }
            _ => "(julianday(due_datetime) - julianday(start_datetime))",
        };
        manager
            .get_connection()
            .execute_unprepared(&format!(
                "CREATE INDEX idx_events_window ON events ({window})"
            ))
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_index(
                Index::drop()
                    .name("idx_events_window")
                    .table("events")
                    .to_owned(),
            )
            .await?;
        manager
            .drop_index(
                Index::drop()
                    .name("idx_events_start_id")
                    .table("events")
                    .to_owned(),
            )
            .await?;
        for table in TABLES {
            manager
                .drop_table(Table::drop().table(*table).to_owned())
                .await?;
        }
        Ok(())
    }
}
