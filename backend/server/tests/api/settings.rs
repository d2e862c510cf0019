use crate::helpers::{Db, spawn_app};
use crate::on_both_databases;
use kairos_store::entities::system_setting;
use reqwest::{Method, StatusCode};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use serde_json::json;

on_both_databases!(
    known_settings_have_defaults_and_typed_values,
    encrypted_settings_are_sealed_at_rest_and_masked,
    values_that_do_not_fit_are_refused_by_field,
);

async fn known_settings_have_defaults_and_typed_values(db: Db) {
    let app = spawn_app(db).await;
    let admin = app.admin_token().await;
    let tz = app.get("/api/v1/settings/timezone", &admin).await;
    assert_eq!(tz.body["value"], "America/Indiana/Indianapolis");
    let max = app
        .get("/api/v1/settings/max_minutes_per_week", &admin)
        .await;
    assert_eq!(max.body["value"], 2400);
    assert_eq!(max.body["data_type"], "int");
    let put = app
        .send(
            Method::PUT,
            "/api/v1/settings/max_minutes_per_week",
            Some(&admin),
            Some(json!({"value": 1800})),
        )
        .await;
    assert_eq!(put.status, StatusCode::OK, "{put:?}");
    assert_eq!(
        app.get("/api/v1/settings/max_minutes_per_week", &admin)
            .await
            .body["value"],
        1800
    );
    // Every role reads the rules in force, as the checker and the next run apply them.
    let viewer = app.user_with_role("viewer").await.1;
    let rules = app.get("/api/v1/scheduling-rules", &viewer).await;
    assert_eq!(rules.status, StatusCode::OK, "{rules:?}");
    assert_eq!(rules.body["settings"]["max_minutes_per_week"], 1800);
    assert_eq!(rules.body["timezone"], "America/Indiana/Indianapolis");
    assert_eq!(rules.body["event_types"]["Core"]["default_minutes"], 390);
    assert_eq!(rules.body["event_types"]["Juicer"]["rotation"], "juicer");
    let custom = app
        .send(
            Method::PUT,
            "/api/v1/settings/store_motto",
            Some(&admin),
            Some(json!({"value": {"a": [1, 2]}, "data_type": "json", "category": "General"})),
        )
        .await;
    assert_eq!(custom.status, StatusCode::OK);
    assert_eq!(custom.body["value"]["a"][1], 2);
    let scheduler = app.get("/api/v1/settings?category=Scheduler", &admin).await;
    assert!(
        scheduler.body["items"]
            .as_array()
            .unwrap()
            .iter()
            .all(|s| s["category"] == "Scheduler")
    );
    app.get("/api/v1/settings/nope", &admin)
        .await
        .assert_problem(404);
    let rows = app
        .audit_rows("resource_type=setting&resource_id=max_minutes_per_week")
        .await;
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0]["changes"]["before"]["value"], 2400);
    assert_eq!(rows[0]["changes"]["after"]["value"], 1800);
}

async fn encrypted_settings_are_sealed_at_rest_and_masked(db: Db) {
    let app = spawn_app(db).await;
    let admin = app.admin_token().await;
    let put = app
        .send(
            Method::PUT,
            "/api/v1/settings/sync_source_token",
            Some(&admin),
            Some(json!({"value": "s3cret-token"})),
        )
        .await;
    assert_eq!(put.status, StatusCode::OK, "{put:?}");
    assert_eq!(put.body["value"], "********");
    assert_eq!(put.body["is_set"], true);
    assert_eq!(put.body["encrypted"], true);
    let get = app.get("/api/v1/settings/sync_source_token", &admin).await;
    assert_eq!(get.body["value"], "********");
    let listed = app
        .get("/api/v1/settings?per_page=200", &admin)
        .await
        .body
        .to_string();
    assert!(!listed.contains("s3cret-token"));
    // At rest: sealed, and it opens with the server's key.
    let row = system_setting::Entity::find()
        .filter(system_setting::Column::Key.eq("sync_source_token"))
        .one(&app.state.db)
        .await
        .unwrap()
        .unwrap();
    assert!(!row.value.clone().unwrap().contains("s3cret"));
    let clear = kairos_server::platform::settings::value_of(
        &app.state.db,
        &app.state.keys,
        "sync_source_token",
    )
    .await
    .unwrap();
    assert_eq!(clear, "s3cret-token");
    // Nor does the audit log hold it.
    let audit = app.audit_rows("resource_type=setting").await;
    assert!(!serde_json::to_string(&audit).unwrap().contains("s3cret"));
}

async fn values_that_do_not_fit_are_refused_by_field(db: Db) {
    let app = spawn_app(db).await;
    let admin = app.admin_token().await;
    let put = |key: &'static str, body: serde_json::Value| {
        let app = &app;
        let admin = admin.clone();
        async move {
            app.send(
                Method::PUT,
                &format!("/api/v1/settings/{key}"),
                Some(&admin),
                Some(body),
            )
            .await
        }
    };
    let a = put("max_minutes_per_week", json!({"value": "lots"})).await;
    a.assert_problem(422);
    assert_eq!(a.body["errors"][0]["field"], "value");
    // A week has 10,080 minutes: more is refused, with the range.
    let a = put("max_minutes_per_week", json!({"value": 99_999_999_999_i64})).await;
    a.assert_problem(422);
    assert!(
        a.body["errors"][0]["message"]
            .as_str()
            .unwrap()
            .contains("from 1 to 10080"),
        "{a:?}"
    );
    // An event type that events still have keeps its rule.
    let e = app
        .post("/api/v1/events", &admin, json!({"project_name": "A Core", "project_ref_num": 1, "event_type": "Core",
            "start_datetime": "2026-03-02T00:00:00-05:00", "due_datetime": "2026-03-02T23:59:00-05:00"}))
        .await;
    assert_eq!(e.status, StatusCode::CREATED, "{e:?}");
    let rules = app
        .get("/api/v1/settings/event_type_rules", &admin)
        .await
        .body["value"]
        .clone();
    let mut without_core = rules.clone();
    without_core.as_object_mut().unwrap().remove("Core");
    let a = put("event_type_rules", json!({ "value": without_core })).await;
    assert!(a.assert_problem(409).contains("Core (1 event)"), "{a:?}");
    let mut without_demo = rules.clone();
    without_demo.as_object_mut().unwrap().remove("Demo");
    let a = put("event_type_rules", json!({ "value": without_demo })).await;
    assert_eq!(a.status, StatusCode::OK, "an unused type may go: {a:?}");
    put("timezone", json!({"value": "Mars/Base"}))
        .await
        .assert_problem(422);
    put(
        "timezone",
        json!({"value": "Europe/Berlin", "data_type": "int"}),
    )
    .await
    .assert_problem(422);
    put("brand_new", json!({"value": 1}))
        .await
        .assert_problem(422);
    put("Bad Key!", json!({"value": 1, "data_type": "int"}))
        .await
        .assert_problem(422);
    put("event_type_rules", json!({"value": {"Core": {"skills_any": ["lead"], "start_times": [], "default_minutes": 60}}}))
        .await
        .assert_problem(422);
    assert_eq!(
        app.get("/api/v1/settings/timezone", &admin).await.body["value"],
        "America/Indiana/Indianapolis"
    );
    let (_, manager) = app.user_with_role("manager").await;
    app.get("/api/v1/settings", &manager)
        .await
        .assert_problem(403);
}
