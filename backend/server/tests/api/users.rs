use crate::helpers::{ADMIN_EMAIL, Db, spawn_app};
use crate::on_both_databases;
use reqwest::{Method, StatusCode};
use serde_json::json;

on_both_databases!(
    admins_create_list_filter_and_edit_users,
    invalid_fields_are_named_and_nothing_is_written,
    a_taken_email_is_a_409,
    the_last_active_admin_cannot_be_demoted_or_deactivated,
    lists_page_and_sort_and_refuse_bad_paging,
);

async fn admins_create_list_filter_and_edit_users(db: Db) {
    let app = spawn_app(db).await;
    let admin = app.admin_token().await;
    let c = app
        .post(
            "/api/v1/users",
            &admin,
            json!({"email": "Maria@Example.com", "username": "maria", "name": "Maria Lopez", "role": "manager", "password": "long-password"}),
        )
        .await;
    assert_eq!(c.status, StatusCode::CREATED, "{c:?}");
    assert_eq!(c.body["email"], "maria@example.com");
    let id = c.body["id"].as_i64().unwrap();

    let managers = app.get("/api/v1/users?role=manager", &admin).await;
    assert_eq!(managers.body["total"], 1);
    assert_eq!(managers.body["items"][0]["username"], "maria");
    let found = app.get("/api/v1/users?q=LOPEZ", &admin).await;
    assert_eq!(found.body["total"], 1);

    let p = app
        .send(
            Method::PATCH,
            &format!("/api/v1/users/{id}"),
            Some(&admin),
            Some(json!({"role": "viewer", "name": null})),
        )
        .await;
    assert_eq!(p.status, StatusCode::OK, "{p:?}");
    assert_eq!(p.body["role"], "viewer");
    assert!(p.body["name"].is_null(), "null clears a nullable field");
    assert_eq!(p.body["username"], "maria", "absent fields stay");

    let g = app.get(&format!("/api/v1/users/{id}"), &admin).await;
    assert_eq!(g.body["role"], "viewer");
    app.get("/api/v1/users/99999", &admin)
        .await
        .assert_problem(404);

    let d = app
        .send(
            Method::DELETE,
            &format!("/api/v1/users/{id}"),
            Some(&admin),
            None,
        )
        .await;
    assert_eq!(d.status, StatusCode::OK);
    assert_eq!(d.body["is_active"], false);
    let inactive = app.get("/api/v1/users?is_active=false", &admin).await;
    assert_eq!(inactive.body["total"], 1);
}

async fn invalid_fields_are_named_and_nothing_is_written(db: Db) {
    let app = spawn_app(db).await;
    let admin = app.admin_token().await;
    let before = app.get("/api/v1/users", &admin).await.body["total"].clone();
    let bad = app
        .post(
            "/api/v1/users",
            &admin,
            json!({"email": "not-an-email", "username": "a b", "role": "viewer", "password": "short"}),
        )
        .await;
    bad.assert_problem(422);
    let fields: Vec<&str> = bad.body["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["field"].as_str().unwrap())
        .collect();
    assert_eq!(fields, ["email", "username", "password"]);
    let unknown_role = app
        .post(
            "/api/v1/users",
            &admin,
            json!({"email": "x@example.com", "role": "root", "password": "long-password"}),
        )
        .await;
    assert!(unknown_role.assert_problem(400).contains("role"));
    assert_eq!(app.get("/api/v1/users", &admin).await.body["total"], before);
}

async fn a_taken_email_is_a_409(db: Db) {
    let app = spawn_app(db).await;
    let admin = app.admin_token().await;
    let dup = app
        .post("/api/v1/users", &admin, json!({"email": ADMIN_EMAIL.to_uppercase(), "role": "viewer", "password": "long-password"}))
        .await;
    assert!(dup.assert_problem(409).contains("already in use"));
}

async fn the_last_active_admin_cannot_be_demoted_or_deactivated(db: Db) {
    let app = spawn_app(db).await;
    let admin = app.admin_token().await;
    let me = app.get("/api/v1/auth/me", &admin).await.body["user"]["id"]
        .as_i64()
        .unwrap();
    let path = format!("/api/v1/users/{me}");
    app.send(
        Method::PATCH,
        &path,
        Some(&admin),
        Some(json!({"role": "manager"})),
    )
    .await
    .assert_problem(409);
    app.send(Method::DELETE, &path, Some(&admin), None)
        .await
        .assert_problem(409);
    // With a second admin, the first may step down.
    let (_, _) = app.user_with_role("admin").await;
    let ok = app
        .send(
            Method::PATCH,
            &path,
            Some(&admin),
            Some(json!({"role": "manager"})),
        )
        .await;
    assert_eq!(ok.status, StatusCode::OK);
}

async fn lists_page_and_sort_and_refuse_bad_paging(db: Db) {
    let app = spawn_app(db).await;
    let admin = app.admin_token().await;
    for i in 0..5 {
        let c = app
            .post("/api/v1/users", &admin, json!({"email": format!("u{i}@example.com"), "name": format!("User {i}"), "role": "viewer", "password": "long-password"}))
            .await;
        assert_eq!(c.status, StatusCode::CREATED);
    }
    let p = app
        .get("/api/v1/users?page=2&per_page=2&sort=-email", &admin)
        .await;
    assert_eq!(p.status, StatusCode::OK);
    assert_eq!(p.body["total"], 6);
    assert_eq!(p.body["page"], 2);
    assert_eq!(p.body["per_page"], 2);
    let emails: Vec<&str> = p.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|u| u["email"].as_str().unwrap())
        .collect();
    assert_eq!(emails, ["u2@example.com", "u1@example.com"]);
    app.get("/api/v1/users?per_page=201", &admin)
        .await
        .assert_problem(400);
    app.get("/api/v1/users?page=0", &admin)
        .await
        .assert_problem(400);
    // Past the largest offset the databases take: a clear 400, not a dropped connection.
    assert!(
        app.get("/api/v1/users?page=9223372036854775807", &admin)
            .await
            .assert_problem(400)
            .contains("between 1 and 1000000000")
    );
    let last = app
        .get("/api/v1/users?page=1000000000&per_page=200", &admin)
        .await;
    assert_eq!(last.status, StatusCode::OK);
    assert_eq!(last.body["items"], json!([]));
    assert!(
        app.get("/api/v1/users?sort=password_hash", &admin)
            .await
            .assert_problem(400)
            .contains("sortable")
    );
    app.get("/api/v1/users?page=abc", &admin)
        .await
        .assert_problem(400);
    // The search takes % and _ literally, and refuses a control character.
    let c = app
        .post("/api/v1/users", &admin, json!({"email": "under_score@example.com", "name": "Under Score", "role": "viewer", "password": "long-password"}))
        .await;
    assert_eq!(c.status, StatusCode::CREATED);
    let found = app.get("/api/v1/users?q=_", &admin).await;
    assert_eq!(found.body["total"], 1, "{found:?}");
    assert_eq!(found.body["items"][0]["email"], "under_score@example.com");
    assert_eq!(
        app.get("/api/v1/users?q=%25", &admin).await.body["total"],
        0
    );
    assert!(
        app.get("/api/v1/users?q=%00u", &admin)
            .await
            .assert_problem(400)
            .contains("control characters")
    );
}
