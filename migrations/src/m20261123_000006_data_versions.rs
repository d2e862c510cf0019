//! A version number that every write to the workforce tables moves forward, kept by triggers in
//! the database itself, so that whatever writes (this app, another process, a script) is seen.
//! Hot read paths cache what they read under the version they saw, and a cached answer is used
//! only while the version is still the same: never stale, unlike a time-based cache.
//!
//! PostgreSQL moves it in a deferred constraint trigger, at commit, once per transaction: the
//! version row is the last lock a writer takes, so it cannot deadlock with row locks taken
//! earlier, and writers wait on it only while another transaction commits. SQLite runs one
//! writer at a time anyway; its row triggers move it in the same transaction.

use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::DatabaseBackend;

#[derive(DeriveMigrationName)]
pub struct Migration;

/// Every table whose rows a rule check, a scheduler run or the event list reads.
pub const TRACKED: &[&str] = &[
    "events",
    "event_scheduling_overrides",
    "schedules",
    "employees",
    "employee_weekly_availability",
    "employee_availability",
    "employee_availability_overrides",
    "employee_time_off",
    "rotation_assignments",
    "system_settings",
];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table("data_versions")
                    .col(
                        ColumnDef::new("name")
                            .string_len(32)
                            .not_null()
                            .primary_key(),
                    )
                    .col(ColumnDef::new("version").big_integer().not_null())
                    .to_owned(),
            )
            .await?;
        let conn = manager.get_connection();
        conn.execute_unprepared(
            "INSERT INTO data_versions (name, version) VALUES ('workforce', 1)",
        )
        .await?;
        match manager.get_database_backend() {
            DatabaseBackend::Postgres => {
                conn.execute_unprepared(
                    "CREATE FUNCTION kairos_bump_workforce_version() RETURNS trigger AS $$
                     BEGIN
                       IF current_setting('kairos.workforce_bumped', true) IS DISTINCT FROM txid_current()::text THEN
                         UPDATE data_versions SET version = version + 1 WHERE name = 'workforce';
                         PERFORM set_config('kairos.workforce_bumped', txid_current()::text, true);
                       END IF;
                       RETURN NULL;
                     END $$ LANGUAGE plpgsql",
                )
                .await?;
                for table in TRACKED {
                    conn.execute_unprepared(&format!(
                        "CREATE CONSTRAINT TRIGGER trg_{table}_version AFTER INSERT OR UPDATE OR DELETE ON {table} \
                         DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION kairos_bump_workforce_version()"
                    ))
                    .await?;
                }
            }
            _ => {
                for table in TRACKED {
                    for (op, when) in [
                        ("insert", "INSERT"),
                        ("update", "UPDATE"),
                        ("delete", "DELETE"),
                    ] {
                        conn.execute_unprepared(&format!(
                            "CREATE TRIGGER trg_{table}_version_{op} AFTER {when} ON {table} BEGIN \
                             UPDATE data_versions SET version = version + 1 WHERE name = 'workforce'; END"
                        ))
                        .await?;
                    }
                }
            }
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let conn = manager.get_connection();
        match manager.get_database_backend() {
            DatabaseBackend::Postgres => {
                for table in TRACKED {
                    conn.execute_unprepared(&format!(
                        "DROP TRIGGER IF EXISTS trg_{table}_version ON {table}"
                    ))
                    .await?;
                }
                conn.execute_unprepared("DROP FUNCTION IF EXISTS kairos_bump_workforce_version()")
                    .await?;
            }
            _ => {
                for table in TRACKED {
                    for op in ["insert", "update", "delete"] {
                        conn.execute_unprepared(&format!(
                            "DROP TRIGGER IF EXISTS trg_{table}_version_{op}"
                        ))
                        .await?;
                    }
                }
            }
        }
        manager
            .drop_table(Table::drop().table("data_versions").to_owned())
            .await
    }
}
