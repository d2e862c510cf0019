//! Kairos schema migrations; every migration runs on SQLite and PostgreSQL.

use sea_orm_migration::prelude::*;

mod m20261123_000001_accounts;
mod m20261123_000002_audit_and_settings;
mod m20261123_000003_workforce;
mod m20261123_000004_scheduler_runs;
mod m20261123_000005_integrations;
mod m20261123_000006_data_versions;

pub use sea_orm_migration::MigratorTrait;

/// The ordered list of Kairos migrations.
pub struct Migrator;

#[async_trait::async_trait]
impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![
            Box::new(m20261123_000001_accounts::Migration),
            Box::new(m20261123_000002_audit_and_settings::Migration),
            Box::new(m20261123_000003_workforce::Migration),
            Box::new(m20261123_000004_scheduler_runs::Migration),
            Box::new(m20261123_000005_integrations::Migration),
            Box::new(m20261123_000006_data_versions::Migration),
        ]
    }
}

/// A foreign key from `table.column` to `target(id)`.
pub(crate) fn foreign_key(
    table: &'static str,
    column: &'static str,
    target: &'static str,
    on_delete: ForeignKeyAction,
) -> ForeignKeyCreateStatement {
    ForeignKey::create()
        .name(format!("fk_{table}_{column}"))
        .from(table, column)
        .to(target, "id")
        .on_delete(on_delete)
        .to_owned()
}

/// A (possibly unique) index over `columns` of `table`, named `name`.
pub(crate) fn index(
    name: &str,
    table: &'static str,
    columns: &[&'static str],
) -> IndexCreateStatement {
    let mut stmt = Index::create();
    stmt.name(name).table(table);
    for c in columns {
        stmt.col(*c);
    }
    stmt.to_owned()
}
