//! Kairos persistence: the connection, transactions and migrations here; the platform's and each
//! module's tables and queries in their folders (`platform/`, `workforce/`).

pub mod entities;
pub mod platform;
pub mod workforce;

use kairos_migrations::{Migrator, MigratorTrait};
use sea_orm::{ConnectOptions, Database, DatabaseConnection, DbErr};
use std::time::Duration;

pub use sea_orm;

/// Which database engine a URL points at.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Engine {
    Sqlite,
    Postgres,
}

impl Engine {
    pub fn of_url(url: &str) -> Option<Engine> {
        if url.starts_with("sqlite:") {
            Some(Engine::Sqlite)
        } else if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            Some(Engine::Postgres)
        } else {
            None
        }
    }
}

/// Opens a pool to `url`. SQLite gets one writer with WAL, foreign keys and a busy timeout, so
/// that concurrent requests queue instead of failing with "database is locked".
pub async fn connect(url: &str, max_connections: u32) -> Result<DatabaseConnection, DbErr> {
    let engine = Engine::of_url(url)
        .ok_or_else(|| DbErr::Custom(format!("unsupported database URL scheme: {url}")))?;
    let mut options = ConnectOptions::new(url.to_owned());
    options
        .connect_timeout(Duration::from_secs(10))
        .acquire_timeout(Duration::from_secs(30))
        .sqlx_logging(false);
    match engine {
        Engine::Sqlite => {
            // SQLite serialises writers anyway; a small pool avoids lock thrashing.
            options
                .max_connections(max_connections.min(8))
                .min_connections(1)
                .map_sqlx_sqlite_opts(sqlite_pragmas);
        }
        Engine::Postgres => {
            options.max_connections(max_connections).min_connections(1);
        }
    }
    Database::connect(options).await
}

/// Set on every SQLite connection as it opens: write-ahead logging, so readers never wait for
/// the writer nor the writer for readers; `synchronous = NORMAL`, which with WAL keeps the
/// file consistent and loses at most the last commits on a power cut; foreign keys; and a
/// busy timeout for the writers that queue behind one another.
fn sqlite_pragmas(
    options: sea_orm::sqlx::sqlite::SqliteConnectOptions,
) -> sea_orm::sqlx::sqlite::SqliteConnectOptions {
    use sea_orm::sqlx::sqlite::{SqliteJournalMode, SqliteSynchronous};
    options
        .journal_mode(SqliteJournalMode::Wal)
        .synchronous(SqliteSynchronous::Normal)
        .foreign_keys(true)
        .busy_timeout(Duration::from_secs(10))
}

/// Applies every pending migration.
pub async fn migrate_up(db: &DatabaseConnection) -> Result<(), DbErr> {
    Migrator::up(db, None).await
}

/// Rolls back `steps` migrations (all of them when `None`).
pub async fn migrate_down(db: &DatabaseConnection, steps: Option<u32>) -> Result<(), DbErr> {
    Migrator::down(db, steps).await
}

/// Names of applied and pending migrations, in order.
pub async fn migration_status(db: &DatabaseConnection) -> Result<Vec<(String, bool)>, DbErr> {
    let applied: Vec<String> = Migrator::get_applied_migrations(db)
        .await?
        .iter()
        .map(|m| m.name().to_owned())
        .collect();
    Ok(Migrator::migrations()
        .iter()
        .map(|m| {
            let name = m.name().to_owned();
            let done = applied.contains(&name);
            (name, done)
        })
        .collect())
}

/// Begins a transaction that will write. On SQLite it takes the write lock up front
/// (`BEGIN IMMEDIATE`), so that concurrent writers wait on the busy timeout instead of failing
/// when a read transaction cannot be upgraded; PostgreSQL ignores the mode.
pub async fn begin_write(db: &DatabaseConnection) -> Result<sea_orm::DatabaseTransaction, DbErr> {
    use sea_orm::{SqliteTransactionMode, TransactionOptions, TransactionTrait};
    db.begin_with_options(TransactionOptions {
        sqlite_transaction_mode: Some(SqliteTransactionMode::Immediate),
        ..Default::default()
    })
    .await
}

/// Locks the selected rows until the transaction ends (`FOR UPDATE`) on PostgreSQL. SQLite needs
/// no row locks: its write transactions (see [`begin_write`]) already run one at a time.
pub fn for_update<E: sea_orm::EntityTrait, C: sea_orm::ConnectionTrait>(
    select: sea_orm::Select<E>,
    conn: &C,
) -> sea_orm::Select<E> {
    use sea_orm::QuerySelect;
    if conn.get_database_backend() == sea_orm::DatabaseBackend::Postgres {
        select.lock_exclusive()
    } else {
        select
    }
}
