use crate::helpers::{Db, spawn_app};
use crate::on_both_databases;
use reqwest::{Method, StatusCode};
use serde_json::json;

on_both_databases!(api_keys_are_shown_once_carry_their_role_and_can_be_revoked);

async fn api_keys_are_shown_once_carry_their_role_and_can_be_revoked(db: Db) {
    let app = spawn_app(db).await;
    let admin = app.admin_token().await;
    let c = app
        .post(
            "/api/v1/api-keys",
            &admin,
            json!({"name": "payroll", "role": "viewer"}),
        )
        .await;
    assert_eq!(c.status, StatusCode::CREATED, "{c:?}");
    let key = c.body["key"].as_str().unwrap().to_owned();
    assert!(key.starts_with("kairos_"));
    let id = c.body["api_key"]["id"].as_i64().unwrap();

    let me = app.get("/api/v1/auth/me", &key).await;
    assert_eq!(me.status, StatusCode::OK, "{me:?}");
    assert_eq!(me.body["role"], "viewer");
    assert_eq!(me.body["api_key"]["name"], "payroll");
    app.get("/api/v1/users", &key).await.assert_problem(403);

    let listed = app.get("/api/v1/api-keys", &admin).await;
    assert_eq!(listed.body["total"], 1);
    assert!(
        !listed.body.to_string().contains(&key),
        "the key is shown once only"
    );
    assert!(listed.body["items"][0]["last_used_at"].is_string());

    let admin_key = app
        .post(
            "/api/v1/api-keys",
            &admin,
            json!({"name": "ops", "role": "admin"}),
        )
        .await;
    let admin_key = admin_key.body["key"].as_str().unwrap().to_owned();
    assert_eq!(
        app.get("/api/v1/users", &admin_key).await.status,
        StatusCode::OK
    );
    app.send(Method::POST, "/api/v1/auth/logout", Some(&admin_key), None)
        .await
        .assert_problem(400);

    let r = app
        .send(
            Method::DELETE,
            &format!("/api/v1/api-keys/{id}"),
            Some(&admin),
            None,
        )
        .await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(
        app.get("/api/v1/auth/me", &key)
            .await
            .assert_problem(401)
            .contains("revoked")
    );
    app.send(
        Method::DELETE,
        &format!("/api/v1/api-keys/{id}"),
        Some(&admin),
        None,
    )
    .await
    .assert_problem(409);

    // A tampered key is refused.
    let mut tampered = admin_key.clone();
    tampered.pop();
    tampered.push('x');
    app.get("/api/v1/auth/me", &tampered)
        .await
        .assert_problem(401);
    app.post(
        "/api/v1/api-keys",
        &admin,
        json!({"name": "", "role": "viewer", "expires_at": "2000-01-01T00:00:00Z"}),
    )
    .await
    .assert_problem(422);
    assert_eq!(app.audit_rows("resource_type=api_key").await.len(), 3);
}
