//! The job runner across processes: a job that outlives its lease is never run twice, and a job
//! is stopped at its timeout.

use crate::helpers::{Db, SECRET, TestDatabase, spawn_app_with, test_config};
use crate::on_both_databases;
use actix_web::{HttpResponse, web};
use reqwest::StatusCode;
use sea_orm::{ConnectionTrait, Database};
use serde_json::json;
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

on_both_databases!(
    a_job_that_outlives_its_lease_runs_once_across_two_processes,
    a_job_is_stopped_at_its_timeout_and_counted_failed,
);

/// An event source that answers an empty list after `delay`, counting its requests.
async fn slow_source(delay: Duration) -> (String, Arc<AtomicUsize>) {
    let hits = Arc::new(AtomicUsize::new(0));
    let counter = hits.clone();
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let server = actix_web::HttpServer::new(move || {
        let counter = counter.clone();
        actix_web::App::new().default_service(web::to(move || {
            let counter = counter.clone();
            async move {
                counter.fetch_add(1, Ordering::SeqCst);
                tokio::time::sleep(delay).await;
                HttpResponse::Ok().json(json!({"events": []}))
            }
        }))
    })
    .workers(2)
    .listen(listener)
    .unwrap()
    .run();
    tokio::spawn(server);
    (format!("http://127.0.0.1:{port}"), hits)
}

/// A `kairos serve` process on `database`, ticking every second with a two-second lease.
fn server_process(database: &TestDatabase, data_dir: &std::path::Path) -> Child {
    Command::new(env!("CARGO_BIN_EXE_kairos"))
        .arg("serve")
        .env_clear()
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .env("DATABASE_URL", &database.url)
        .env("KAIROS_SECRET_KEY", SECRET)
        .env("KAIROS_DATA_DIR", data_dir)
        .env("KAIROS_BIND", "127.0.0.1:0")
        .env("KAIROS_WORKERS", "1")
        .env("KAIROS_TICK_SECONDS", "1")
        .env("KAIROS_JOB_LEASE_SECONDS", "2")
        .env("RUST_LOG", "warn")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("the kairos binary starts")
}

async fn count(db: &sea_orm::DatabaseConnection, sql: &str) -> i64 {
    let row = db
        .query_one_raw(sea_orm::Statement::from_string(
            db.get_database_backend(),
            sql,
        ))
        .await
        .unwrap()
        .unwrap();
    row.try_get_by_index::<i64>(0).unwrap()
}

async fn a_job_that_outlives_its_lease_runs_once_across_two_processes(db: Db) {
    let database = TestDatabase::create(db).await;
    // Migrate and seed once, then point the sync at a source slower than the lease.
    let state = kairos_server::app::prepare_state(test_config(&database))
        .await
        .expect("state");
    let (source, hits) = slow_source(Duration::from_secs(6)).await;
    let conn = Database::connect(&database.url).await.unwrap();
    for sql in [
        format!("UPDATE system_settings SET value = '{source}' WHERE key = 'sync_source_url'"),
        "UPDATE jobs SET enabled = false WHERE name <> 'event_sync'".to_owned(),
        "UPDATE jobs SET next_run_at = '2000-01-01T00:00:00+00:00' WHERE name = 'event_sync'"
            .to_owned(),
    ] {
        conn.execute_unprepared(&sql).await.unwrap();
    }
    drop(state);
    let dirs: Vec<_> = (0..2)
        .map(|i| std::env::temp_dir().join(format!("kairos-proc-{i}-{}", uuid::Uuid::new_v4())))
        .collect();
    let mut processes: Vec<Child> = dirs.iter().map(|d| server_process(&database, d)).collect();
    // The sync takes 6 s, three leases; both processes tick every second meanwhile.
    let deadline = Instant::now() + Duration::from_secs(40);
    let mut finished = false;
    while Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(500)).await;
        if count(
            &conn,
            "SELECT COUNT(*) FROM job_runs WHERE job_name = 'event_sync'",
        )
        .await
            > 0
        {
            finished = true;
            break;
        }
    }
    // A few more ticks after the run, in case another process would take it up again.
    tokio::time::sleep(Duration::from_secs(4)).await;
    for p in &mut processes {
        assert!(
            p.try_wait().unwrap().is_none(),
            "both processes kept running (and ticking) throughout"
        );
    }
    let owners = count(
        &conn,
        "SELECT COUNT(DISTINCT owner) FROM job_runs WHERE job_name = 'event_sync'",
    )
    .await;
    assert_eq!(owners, 1);
    for p in &mut processes {
        let _ = p.kill();
        let _ = p.wait();
    }
    for d in &dirs {
        let _ = std::fs::remove_dir_all(d);
    }
    assert!(finished, "the sync never finished");
    assert_eq!(hits.load(Ordering::SeqCst), 1, "the source was asked once");
    assert_eq!(
        count(
            &conn,
            "SELECT COUNT(*) FROM job_runs WHERE job_name = 'event_sync'"
        )
        .await,
        1,
        "one run recorded"
    );
    assert_eq!(
        count(
            &conn,
            "SELECT COUNT(*) FROM job_runs WHERE job_name = 'event_sync' AND status = 'succeeded'"
        )
        .await,
        1
    );
    // The lease was dropped by the process that held it, and the job waits for its interval.
    assert_eq!(
        count(
            &conn,
            "SELECT COUNT(*) FROM jobs WHERE name = 'event_sync' AND lease_owner IS NULL AND lease_until IS NULL"
        )
        .await,
        1
    );
    conn.close().await.unwrap();
}

async fn a_job_is_stopped_at_its_timeout_and_counted_failed(db: Db) {
    let app = spawn_app_with(db, |c| c.job_timeout_seconds = 1).await;
    let admin = app.admin_token().await;
    let (source, _) = slow_source(Duration::from_secs(5)).await;
    let a = app
        .send(
            reqwest::Method::PUT,
            "/api/v1/settings/sync_source_url",
            Some(&admin),
            Some(json!({"value": source})),
        )
        .await;
    assert_eq!(a.status, StatusCode::OK, "{a:?}");
    let started = Instant::now();
    let a = app
        .post("/api/v1/jobs/event_sync/run", &admin, json!({}))
        .await;
    assert_eq!(a.status, StatusCode::OK, "{a:?}");
    assert!(
        started.elapsed() < Duration::from_secs(4),
        "stopped at 1 s, not after the 5 s answer"
    );
    assert_eq!(a.body["run"]["status"], "failed");
    assert!(
        a.body["run"]["error"]
            .as_str()
            .unwrap()
            .contains("timeout of 1 s"),
        "{a:?}"
    );
    let jobs = app.get("/api/v1/jobs", &admin).await;
    let sync = jobs
        .body
        .as_array()
        .unwrap()
        .iter()
        .find(|j| j["name"] == "event_sync")
        .unwrap()
        .clone();
    assert_eq!(sync["running"], false, "the lease is released: {sync}");
    assert_eq!(sync["consecutive_failures"], 1);
}
