//! The workforce module (seed 000): roster, availability, time off, events, schedules, rotations,
//! the auto-scheduler's tables, paperwork, notifications, attendance, calendar feeds.

use crate::{foreign_key, index};
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

const TABLES: &[&str] = &[
    "calendar_feed_tokens",
    "employee_attendance",
    "audit_notification_settings",
    "paperwork_templates",
    "user_sessions",
    "event_scheduling_overrides",
    "schedule_exceptions",
    "pending_schedules",
    "scheduler_run_history",
    "rotation_assignments",
    "employee_availability_overrides",
    "employee_time_off",
    "employee_availability",
    "employee_weekly_availability",
    "schedules",
    "events",
    "employees",
];

/// A foreign key to `events.project_ref_num` (the seed's business key), not to `events.id`.
fn event_fk(table: &'static str, on_delete: ForeignKeyAction) -> ForeignKeyCreateStatement {
    ForeignKey::create()
        .name(format!("fk_{table}_event_ref_num"))
        .from(table, "event_ref_num")
        .to("events", "project_ref_num")
        .on_delete(on_delete)
        .to_owned()
}

async fn create(manager: &SchemaManager<'_>, table: TableCreateStatement) -> Result<(), DbErr> {
    manager.create_table(table).await
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        create(
            manager,
            Table::create()
                .table("employees")
                .col(string_len("id", 64).primary_key())
                .col(string("name"))
                .col(string_null("email").unique_key())
                .col(string_null("phone"))
                .col(boolean("active").default(true))
                .col(date_null("hire_date"))
                .col(date_null("termination_date"))
                .col(json("skills"))
                .col(text_null("notes"))
                .col(integer_null("user_id").unique_key())
                .col(timestamp_with_time_zone("created_at"))
                .col(timestamp_with_time_zone("updated_at"))
                .foreign_key(&mut foreign_key(
                    "employees",
                    "user_id",
                    "users",
                    ForeignKeyAction::SetNull,
                ))
                .to_owned(),
        )
        .await?;
        create(
            manager,
            Table::create()
                .table("events")
                .col(pk_auto("id"))
                .col(text("project_name"))
                .col(big_integer_uniq("project_ref_num"))
                .col(text_null("location_mvid"))
                .col(integer_null("store_number"))
                .col(text_null("store_name"))
                .col(timestamp_with_time_zone("start_datetime"))
                .col(timestamp_with_time_zone("due_datetime"))
                .col(integer_null("estimated_time"))
                .col(string("event_type"))
                .col(string("condition"))
                .col(timestamp_with_time_zone_null("last_synced"))
                .col(string_null("sync_source"))
                .col(string_null("external_id"))
                .col(timestamp_with_time_zone("created_at"))
                .col(timestamp_with_time_zone("updated_at"))
                .to_owned(),
        )
        .await?;
        manager
            .create_index(index("idx_condition", "events", &["condition"]))
            .await?;
        manager
            .create_index(index("idx_event_type", "events", &["event_type"]))
            .await?;
        manager
            .create_index(index(
                "idx_dates",
                "events",
                &["start_datetime", "due_datetime"],
            ))
            .await?;
        manager
            .create_index(index("idx_events_store", "events", &["store_number"]))
            .await?;
        create(
            manager,
            Table::create()
                .table("schedules")
                .col(pk_auto("id"))
                .col(big_integer("event_ref_num"))
                .col(string_len("employee_id", 64))
                .col(timestamp_with_time_zone("schedule_datetime"))
                .col(timestamp_with_time_zone("created_at"))
                .col(string_null("created_by"))
                .col(timestamp_with_time_zone_null("modified_at"))
                .col(string("status"))
                .col(text_null("notes"))
                .col(text_null("override_reason"))
                .foreign_key(&mut event_fk("schedules", ForeignKeyAction::Cascade))
                .foreign_key(&mut foreign_key(
                    "schedules",
                    "employee_id",
                    "employees",
                    ForeignKeyAction::Cascade,
                ))
                .to_owned(),
        )
        .await?;
        manager
            .create_index(
                index(
                    "uq_schedules_event_datetime",
                    "schedules",
                    &["event_ref_num", "schedule_datetime"],
                )
                .unique()
                .to_owned(),
            )
            .await?;
        manager
            .create_index(index(
                "idx_schedules_employee_datetime",
                "schedules",
                &["employee_id", "schedule_datetime"],
            ))
            .await?;
        manager
            .create_index(index(
                "idx_schedules_datetime",
                "schedules",
                &["schedule_datetime"],
            ))
            .await?;
        // Each event is staffed at most once (docs/scheduling.md §2 rule 9); cancelled schedules free it.
        manager
            .get_connection()
            .execute_unprepared(
                "CREATE UNIQUE INDEX uq_schedules_active_event ON schedules (event_ref_num) WHERE status <> 'cancelled'",
            )
            .await?;
        create(
            manager,
            Table::create()
                .table("employee_weekly_availability")
                .col(pk_auto("id"))
                .col(string_len("employee_id", 64))
                .col(integer("day_of_week").check(Expr::col("day_of_week").between(0, 6)))
                .col(time("start_time"))
                .col(time("end_time"))
                .col(date_null("effective_date"))
                .foreign_key(&mut foreign_key(
                    "employee_weekly_availability",
                    "employee_id",
                    "employees",
                    ForeignKeyAction::Cascade,
                ))
                .to_owned(),
        )
        .await?;
        manager
            .create_index(index(
                "idx_weekly_employee",
                "employee_weekly_availability",
                &["employee_id"],
            ))
            .await?;
        create(
            manager,
            Table::create()
                .table("employee_availability")
                .col(pk_auto("id"))
                .col(string_len("employee_id", 64))
                .col(date("date"))
                .col(boolean("available"))
                .col(time_null("start_time"))
                .col(time_null("end_time"))
                .col(text_null("reason"))
                .foreign_key(&mut foreign_key(
                    "employee_availability",
                    "employee_id",
                    "employees",
                    ForeignKeyAction::Cascade,
                ))
                .to_owned(),
        )
        .await?;
        manager
            .create_index(
                index(
                    "idx_date_employee",
                    "employee_availability",
                    &["date", "employee_id"],
                )
                .unique()
                .to_owned(),
            )
            .await?;
        create(
            manager,
            Table::create()
                .table("employee_time_off")
                .col(pk_auto("id"))
                .col(string_len("employee_id", 64))
                .col(date("start_date"))
                .col(date("end_date"))
                .col(string_null("reason"))
                .col(string("status"))
                .col(timestamp_with_time_zone_null("requested_at"))
                .col(string_null("approved_by"))
                .col(timestamp_with_time_zone_null("approved_at"))
                .col(text_null("notes"))
                .foreign_key(&mut foreign_key(
                    "employee_time_off",
                    "employee_id",
                    "employees",
                    ForeignKeyAction::Cascade,
                ))
                .to_owned(),
        )
        .await?;
        manager
            .create_index(index(
                "idx_time_off_employee_dates",
                "employee_time_off",
                &["employee_id", "start_date", "end_date"],
            ))
            .await?;
        create(
            manager,
            Table::create()
                .table("employee_availability_overrides")
                .col(pk_auto("id"))
                .col(string_len("employee_id", 64))
                .col(date("date"))
                .col(boolean("available"))
                .col(text_null("reason"))
                .col(timestamp_with_time_zone_null("created_at"))
                .foreign_key(&mut foreign_key(
                    "employee_availability_overrides",
                    "employee_id",
                    "employees",
                    ForeignKeyAction::Cascade,
                ))
                .to_owned(),
        )
        .await?;
        manager
            .create_index(
                index(
                    "uq_override_employee_date",
                    "employee_availability_overrides",
                    &["employee_id", "date"],
                )
                .unique()
                .to_owned(),
            )
            .await?;
        create(
            manager,
            Table::create()
                .table("rotation_assignments")
                .col(pk_auto("id"))
                .col(string_len("employee_id", 64))
                .col(date("date"))
                .col(string("rotation_type"))
                .col(timestamp_with_time_zone_null("assigned_at"))
                .foreign_key(&mut foreign_key(
                    "rotation_assignments",
                    "employee_id",
                    "employees",
                    ForeignKeyAction::Cascade,
                ))
                .to_owned(),
        )
        .await?;
        manager
            .create_index(
                index(
                    "uq_rotation_date_type",
                    "rotation_assignments",
                    &["date", "rotation_type"],
                )
                .unique()
                .to_owned(),
            )
            .await?;
        create(
            manager,
            Table::create()
                .table("scheduler_run_history")
                .col(pk_auto("id"))
                .col(timestamp_with_time_zone("run_at"))
                .col(date_null("date_range_start"))
                .col(date_null("date_range_end"))
                .col(integer_null("events_processed"))
                .col(integer_null("events_assigned"))
                .col(integer_null("events_failed"))
                .col(double_null("execution_time_seconds"))
                .col(json_null("settings_snapshot"))
                .col(text_null("error_log"))
                .col(string("status"))
                .col(string_null("started_by"))
                .col(timestamp_with_time_zone_null("finished_at"))
                .to_owned(),
        )
        .await?;
        create(
            manager,
            Table::create()
                .table("pending_schedules")
                .col(pk_auto("id"))
                .col(integer_null("run_id"))
                .col(big_integer_uniq("event_ref_num"))
                .col(string_len("employee_id", 64))
                .col(timestamp_with_time_zone("schedule_datetime"))
                .col(double_null("confidence_score"))
                .col(text_null("reason"))
                .col(timestamp_with_time_zone_null("created_at"))
                .col(boolean("reviewed").default(false))
                .col(boolean_null("approved"))
                .foreign_key(&mut event_fk(
                    "pending_schedules",
                    ForeignKeyAction::Cascade,
                ))
                .foreign_key(&mut foreign_key(
                    "pending_schedules",
                    "employee_id",
                    "employees",
                    ForeignKeyAction::Cascade,
                ))
                .foreign_key(&mut foreign_key(
                    "pending_schedules",
                    "run_id",
                    "scheduler_run_history",
                    ForeignKeyAction::SetNull,
                ))
                .to_owned(),
        )
        .await?;
        create(
            manager,
            Table::create()
                .table("schedule_exceptions")
                .col(pk_auto("id"))
                .col(integer_null("run_id"))
                .col(integer_null("schedule_id"))
                .col(big_integer_null("event_ref_num"))
                .col(string("exception_type"))
                .col(string("severity"))
                .col(text("message"))
                .col(timestamp_with_time_zone("detected_at"))
                .col(boolean("resolved").default(false))
                .col(timestamp_with_time_zone_null("resolved_at"))
                .col(string_null("resolved_by"))
                .foreign_key(&mut foreign_key(
                    "schedule_exceptions",
                    "schedule_id",
                    "schedules",
                    ForeignKeyAction::SetNull,
                ))
                .foreign_key(&mut event_fk(
                    "schedule_exceptions",
                    ForeignKeyAction::Cascade,
                ))
                .foreign_key(&mut foreign_key(
                    "schedule_exceptions",
                    "run_id",
                    "scheduler_run_history",
                    ForeignKeyAction::SetNull,
                ))
                .to_owned(),
        )
        .await?;
        create(
            manager,
            Table::create()
                .table("event_scheduling_overrides")
                .col(pk_auto("id"))
                .col(big_integer_uniq("event_ref_num"))
                .col(string_len_null("required_employee_id", 64))
                .col(json("excluded_employee_ids"))
                .col(time_null("preferred_time"))
                .col(text_null("notes"))
                .col(timestamp_with_time_zone_null("created_at"))
                .foreign_key(&mut event_fk(
                    "event_scheduling_overrides",
                    ForeignKeyAction::Cascade,
                ))
                .foreign_key(&mut foreign_key(
                    "event_scheduling_overrides",
                    "required_employee_id",
                    "employees",
                    ForeignKeyAction::SetNull,
                ))
                .to_owned(),
        )
        .await?;
        create(
            manager,
            Table::create()
                .table("user_sessions")
                .col(pk_auto("id"))
                .col(string_uniq("session_token"))
                .col(timestamp_with_time_zone_null("created_at"))
                .col(timestamp_with_time_zone_null("expires_at"))
                .col(timestamp_with_time_zone_null("last_refreshed"))
                .col(boolean("active").default(true))
                .to_owned(),
        )
        .await?;
        create(
            manager,
            Table::create()
                .table("paperwork_templates")
                .col(pk_auto("id"))
                .col(string("name"))
                .col(text_null("description"))
                .col(string("template_type"))
                .col(json("template_data"))
                .col(boolean("active").default(true))
                .to_owned(),
        )
        .await?;
        create(
            manager,
            Table::create()
                .table("audit_notification_settings")
                .col(pk_auto("id"))
                .col(string("event_type"))
                .col(boolean("enabled").default(true))
                .col(string("notification_method"))
                .col(json("recipients"))
                .to_owned(),
        )
        .await?;
        create(
            manager,
            Table::create()
                .table("employee_attendance")
                .col(pk_auto("id"))
                .col(integer_uniq("schedule_id"))
                .col(string_len("employee_id", 64))
                .col(string("status"))
                .col(timestamp_with_time_zone_null("check_in_time"))
                .col(timestamp_with_time_zone_null("check_out_time"))
                .col(string_null("method"))
                .col(text_null("notes"))
                .col(string_null("recorded_by"))
                .col(timestamp_with_time_zone_null("recorded_at"))
                .foreign_key(&mut foreign_key(
                    "employee_attendance",
                    "schedule_id",
                    "schedules",
                    ForeignKeyAction::Cascade,
                ))
                .foreign_key(&mut foreign_key(
                    "employee_attendance",
                    "employee_id",
                    "employees",
                    ForeignKeyAction::Cascade,
                ))
                .to_owned(),
        )
        .await?;
        create(
            manager,
            Table::create()
                .table("calendar_feed_tokens")
                .col(pk_auto("id"))
                .col(string_len("employee_id", 64))
                .col(string_len_uniq("token_hash", 64))
                .col(timestamp_with_time_zone("created_at"))
                .col(timestamp_with_time_zone_null("revoked_at"))
                .foreign_key(&mut foreign_key(
                    "calendar_feed_tokens",
                    "employee_id",
                    "employees",
                    ForeignKeyAction::Cascade,
                ))
                .to_owned(),
        )
        .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in TABLES {
            manager
                .drop_table(Table::drop().table(*table).to_owned())
                .await?;
        }
        Ok(())
    }
}
