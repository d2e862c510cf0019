use crate::helpers::{Db, spawn_app};
use crate::on_both_databases;
use reqwest::{Method, StatusCode};

on_both_databases!(
    health_and_readiness_answer,
    ready_answers_503_when_the_database_is_gone
);

async fn health_and_readiness_answer(db: Db) {
    let app = spawn_app(db).await;
    let h = app.send(Method::GET, "/api/v1/health", None, None).await;
    assert_eq!(h.status, StatusCode::OK);
    assert_eq!(h.body["status"], "ok");
    assert!(
        h.headers.contains_key("x-request-id"),
        "every answer carries its request id"
    );
    let r = app.send(Method::GET, "/api/v1/ready", None, None).await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(r.body["database"], "ok");
}

async fn ready_answers_503_when_the_database_is_gone(db: Db) {
    let app = spawn_app(db).await;
    match db {
        Db::Postgres => app.database.drop_now(),
        Db::Sqlite => app.state.db.clone().close().await.unwrap(),
    }
    let r = app.send(Method::GET, "/api/v1/ready", None, None).await;
    r.assert_problem(503);
    let h = app.send(Method::GET, "/api/v1/health", None, None).await;
    assert_eq!(
        h.status,
        StatusCode::OK,
        "liveness does not depend on the database"
    );
}
