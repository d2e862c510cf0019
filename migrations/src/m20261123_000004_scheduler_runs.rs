//! One auto-scheduler run at a time, held by the database.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        db.execute_unprepared(
            "CREATE UNIQUE INDEX uq_scheduler_run_in_progress ON scheduler_run_history (status) WHERE status = 'running'",
        )
        .await?;
        db.execute_unprepared("CREATE INDEX idx_pending_run ON pending_schedules (run_id)")
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        db.execute_unprepared("DROP INDEX idx_pending_run").await?;
        db.execute_unprepared("DROP INDEX uq_scheduler_run_in_progress")
            .await?;
        Ok(())
    }
}
