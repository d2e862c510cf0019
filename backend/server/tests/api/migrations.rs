use crate::helpers::{Db, TestDatabase};
use crate::on_both_databases;
use sea_orm::{ConnectionTrait, DatabaseConnection, Statement};

on_both_databases!(
    migrations_go_down_and_up_again,
    foreign_keys_are_enforced_on_every_connection
);

async fn table_names(db: &DatabaseConnection, kind: Db) -> Vec<String> {
    let sql = match kind {
        Db::Sqlite => {
            "SELECT name AS t FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> 'seaql_migrations' ORDER BY name"
        }
        Db::Postgres => {
            "SELECT table_name AS t FROM information_schema.tables WHERE table_schema = 'public' AND table_name <> 'seaql_migrations' ORDER BY table_name"
        }
    };
    let rows = db
        .query_all_raw(Statement::from_string(db.get_database_backend(), sql))
        .await
        .unwrap();
    rows.iter()
        .map(|r| r.try_get::<String>("", "t").unwrap())
        .collect()
}

async fn migrations_go_down_and_up_again(kind: Db) {
    let database = TestDatabase::create(kind).await;
    let db = kairos_store::connect(&database.url, 2).await.unwrap();
    kairos_store::migrate_up(&db).await.unwrap();
    let tables = table_names(&db, kind).await;
    for t in [
        "users",
        "auth_sessions",
        "refresh_tokens",
        "api_keys",
        "audit_logs",
        "system_settings",
    ] {
        assert!(
            tables.contains(&t.to_string()),
            "{t} missing from {tables:?}"
        );
    }
    assert!(
        kairos_store::migration_status(&db)
            .await
            .unwrap()
            .iter()
            .all(|(_, applied)| *applied)
    );
    kairos_store::migrate_down(&db, None).await.unwrap();
    assert!(table_names(&db, kind).await.is_empty());
    assert!(
        kairos_store::migration_status(&db)
            .await
            .unwrap()
            .iter()
            .all(|(_, applied)| !*applied)
    );
    // Up again on a fresh pool, as `kairos migrate` would run in a new process: a pooled SQLite
    // connection that has not read the schema since the drop may still see the dropped
    // indexes when it prepares the next CREATE INDEX ("index ... already exists").
    db.close().await.unwrap();
    let db = kairos_store::connect(&database.url, 2).await.unwrap();
    kairos_store::migrate_up(&db).await.unwrap();
    assert_eq!(table_names(&db, kind).await, tables);
    db.close().await.unwrap();
}

async fn foreign_keys_are_enforced_on_every_connection(kind: Db) {
    let database = TestDatabase::create(kind).await;
    let db = kairos_store::connect(&database.url, 4).await.unwrap();
    kairos_store::migrate_up(&db).await.unwrap();
    // Several attempts so that more than one pooled connection is used.
    let attempts = (0..8).map(|i| {
        let db = db.clone();
        async move {
            db.execute_unprepared(&format!(
                "INSERT INTO employee_time_off (employee_id, start_date, end_date, status) VALUES ('ghost{i}', '2026-03-02', '2026-03-02', 'pending')"
            ))
            .await
        }
    });
    for result in futures_util::future::join_all(attempts).await {
        assert!(
            result.is_err(),
            "a row pointing at no employee must be refused"
        );
    }
    db.close().await.unwrap();
}

/// Every pooled SQLite connection writes ahead (readers do not wait for the writer), syncs at
/// `NORMAL` and enforces foreign keys.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sqlite_connections_write_ahead() {
    use sea_orm::TransactionTrait;
    let database = TestDatabase::create(Db::Sqlite).await;
    let db = kairos_store::connect(&database.url, 4).await.unwrap();
    kairos_store::migrate_up(&db).await.unwrap();
    // Hold four connections at once so that each answers for itself.
    let txns = futures_util::future::join_all((0..4).map(|_| db.begin()))
        .await
        .into_iter()
        .collect::<Result<Vec<_>, _>>()
        .unwrap();
    for txn in &txns {
        let pragma = |name: &str| {
            let sql = format!("PRAGMA {name}");
            async move {
                txn.query_one_raw(Statement::from_string(txn.get_database_backend(), sql))
                    .await
                    .unwrap()
                    .unwrap()
            }
        };
        let journal = pragma("journal_mode").await;
        assert_eq!(journal.try_get_by_index::<String>(0).unwrap(), "wal");
        let synchronous = pragma("synchronous").await;
        assert_eq!(synchronous.try_get_by_index::<i64>(0).unwrap(), 1, "NORMAL");
        let foreign_keys = pragma("foreign_keys").await;
        assert_eq!(foreign_keys.try_get_by_index::<i64>(0).unwrap(), 1);
    }
    drop(txns);
    db.close().await.unwrap();
}
