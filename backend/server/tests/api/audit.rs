use crate::helpers::{Db, spawn_app};
use crate::on_both_databases;
use reqwest::{Method, StatusCode};
use serde_json::json;

on_both_databases!(
    each_write_records_one_audit_row_with_before_and_after,
    audit_log_filters_and_access
);

async fn each_write_records_one_audit_row_with_before_and_after(db: Db) {
    let app = spawn_app(db).await;
    let admin = app.admin_token().await;
    let admin_id = app.get("/api/v1/auth/me", &admin).await.body["user"]["id"]
        .as_i64()
        .unwrap();
    let c = app
        .post(
            "/api/v1/users",
            &admin,
            json!({"email": "ann@example.com", "role": "member", "password": "long-password"}),
        )
        .await;
    let id = c.body["id"].as_i64().unwrap();
    let rows = app
        .audit_rows(&format!("resource_type=user&resource_id={id}"))
        .await;
    assert_eq!(rows.len(), 1);
    let row = &rows[0];
    assert_eq!(row["action"], "create");
    assert_eq!(row["user_id"], admin_id.to_string());
    assert_eq!(row["ip_address"], "127.0.0.1");
    assert_eq!(row["user_agent"], "kairos-tests/1.0");
    assert!(row["changes"]["before"].is_null());
    assert_eq!(row["changes"]["after"]["email"], "ann@example.com");
    assert!(
        row["changes"]["after"].get("password_hash").is_none(),
        "secrets never reach the audit log"
    );

    let p = app
        .send(
            Method::PATCH,
            &format!("/api/v1/users/{id}"),
            Some(&admin),
            Some(json!({"role": "manager"})),
        )
        .await;
    assert_eq!(p.status, StatusCode::OK);
    let rows = app
        .audit_rows(&format!(
            "resource_type=user&resource_id={id}&action=update"
        ))
        .await;
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0]["changes"]["before"]["role"], "member");
    assert_eq!(rows[0]["changes"]["after"]["role"], "manager");

    // A refused write leaves no row.
    app.send(
        Method::PATCH,
        &format!("/api/v1/users/{id}"),
        Some(&admin),
        Some(json!({"email": "bad"})),
    )
    .await
    .assert_problem(422);
    assert_eq!(
        app.audit_rows(&format!("resource_type=user&resource_id={id}"))
            .await
            .len(),
        2
    );
}

async fn audit_log_filters_and_access(db: Db) {
    let app = spawn_app(db).await;
    let (_, manager) = app.user_with_role("manager").await;
    let (_, member) = app.user_with_role("member").await;
    let list = app
        .get("/api/v1/audit-logs?action=create&sort=-timestamp", &manager)
        .await;
    assert_eq!(list.status, StatusCode::OK);
    assert_eq!(list.body["total"], 2, "two users created");
    app.get("/api/v1/audit-logs", &member)
        .await
        .assert_problem(403);
    let future = app
        .get("/api/v1/audit-logs?from=2999-01-01T00:00:00Z", &manager)
        .await;
    assert_eq!(future.body["total"], 0);
    let past = app
        .get("/api/v1/audit-logs?to=2000-01-01T00:00:00Z", &manager)
        .await;
    assert_eq!(past.body["total"], 0);
    let all = app
        .get(
            "/api/v1/audit-logs?from=2000-01-01T00:00:00Z&to=2999-01-01T00:00:00Z",
            &manager,
        )
        .await;
    assert!(all.body["total"].as_u64().unwrap() >= 4);
}
