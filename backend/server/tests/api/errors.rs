//! Hostile and malformed input: always a clear 4xx problem, never a 500, nothing written.

use crate::helpers::{Db, spawn_app};
use crate::on_both_databases;
use reqwest::{Method, StatusCode};
use serde_json::json;

on_both_databases!(malformed_input_gets_a_clear_4xx_and_changes_nothing);

async fn malformed_input_gets_a_clear_4xx_and_changes_nothing(db: Db) {
    let app = spawn_app(db).await;
    let admin = app.admin_token().await;
    let users_before = app.get("/api/v1/users", &admin).await.body["total"].clone();
    let audit_before = app.audit_rows("resource_type=user").await.len();

    let cases: Vec<(&str, Vec<u8>, u16, &str)> = vec![
        ("malformed JSON", b"{\"email\": ".to_vec(), 400, "not valid JSON"),
        ("wrong types", br#"{"email": 5, "role": "viewer", "password": "long-password"}"#.to_vec(), 400, "email: invalid type"),
        ("unknown field", br#"{"email": "a@example.com", "role": "viewer", "password": "long-password", "is_admin": true}"#.to_vec(), 400, "unknown field `is_admin`"),
        ("unknown enum value", br#"{"email": "a@example.com", "role": "superuser", "password": "long-password"}"#.to_vec(), 400, "role: unknown variant"),
        ("not an object", b"[1, 2, 3]".to_vec(), 400, ""),
        ("huge body", format!("{{\"email\": \"{}\"}}", "x".repeat(2 * 1024 * 1024)).into_bytes(), 413, "bytes"),
    ];
    for (what, body, status, needle) in cases {
        let a = app
            .post_raw("/api/v1/users", Some(&admin), "application/json", body)
            .await;
        let detail = a.assert_problem(status);
        assert!(detail.contains(needle), "{what}: {detail}");
    }
    let wrong_type = app
        .post_raw(
            "/api/v1/users",
            Some(&admin),
            "text/plain",
            b"hello".to_vec(),
        )
        .await;
    wrong_type.assert_problem(415);
    // A date-time without its offset: the answer says what is expected.
    for at in ["2026-03-02T10:15:00", "2026-03-02 10:15"] {
        let naive = app
            .post(
                "/api/v1/scheduler/runs",
                &admin,
                json!({"date_range_start": "2026-03-02", "date_range_end": at}),
            )
            .await;
        let detail = naive.assert_problem(400);
        assert!(
            detail.contains("date_range_end") && detail.contains("dates are YYYY-MM-DD"),
            "{detail}"
        );
        let naive = app
            .post(
                "/api/v1/schedules",
                &admin,
                json!({"event_ref_num": 1, "employee_id": "E1", "schedule_datetime": at}),
            )
            .await;
        let detail = naive.assert_problem(400);
        assert!(
            detail.contains("schedule_datetime") && detail.contains("RFC 3339 with an offset"),
            "{detail}"
        );
    }
    let trailing = app
        .post_raw(
            "/api/v1/auth/refresh",
            None,
            "application/json",
            br#"{"refresh_token": "x"} junk"#.to_vec(),
        )
        .await;
    trailing.assert_problem(400);

    // Out-of-range numbers, bad paths, bad queries, unknown routes.
    app.get("/api/v1/users/99999999999999", &admin)
        .await
        .assert_problem(400);
    app.get("/api/v1/users/abc", &admin)
        .await
        .assert_problem(400);
    app.get("/api/v1/audit-logs?from=yesterday", &admin)
        .await
        .assert_problem(400);
    app.get("/api/v1/users?is_active=maybe", &admin)
        .await
        .assert_problem(400);
    app.get("/api/v1/no-such-thing", &admin)
        .await
        .assert_problem(404);
    let odd = app
        .send(Method::PUT, "/api/v1/auth/login", None, Some(json!({})))
        .await;
    assert!(odd.assert_problem(405).contains("takes POST"), "{odd:?}");
    // A known path with a method it does not take: 405 and the methods it does.
    let wrong = app
        .send(Method::DELETE, "/api/v1/employees", Some(&admin), None)
        .await;
    assert!(
        wrong
            .assert_problem(405)
            .contains("takes GET, POST, not DELETE"),
        "{wrong:?}"
    );
    assert_eq!(wrong.headers["allow"], "GET, POST");
    let wrong = app
        .send(Method::PUT, "/api/v1/employees/E1", Some(&admin), None)
        .await;
    assert_eq!(wrong.headers["allow"], "DELETE, GET, PATCH", "{wrong:?}");

    // A garbage Authorization header.
    let a = app
        .client
        .get(app.url("/api/v1/auth/me"))
        .header("authorization", "Basic Zm9vOmJhcg==")
        .send()
        .await
        .unwrap();
    assert_eq!(a.status(), StatusCode::UNAUTHORIZED);

    assert_eq!(
        app.get("/api/v1/users", &admin).await.body["total"],
        users_before
    );
    assert_eq!(
        app.audit_rows("resource_type=user").await.len(),
        audit_before
    );
}

on_both_databases!(the_server_enforces_what_the_document_says);

/// Edges the contract check (scripts/contract) found between the OpenAPI document and the server.
async fn the_server_enforces_what_the_document_says(db: Db) {
    let app = spawn_app(db).await;
    let admin = app.admin_token().await;

    // A PATCH or PUT without a body is refused (it asked for no change, or would clear all); a
    // decision's POST needs none.
    for (method, path) in [
        (Method::PATCH, "/api/v1/users/1"),
        (Method::PUT, "/api/v1/events/1/scheduling-override"),
    ] {
        let a = app.send(method, path, Some(&admin), None).await;
        a.assert_problem(400);
        assert_eq!(a.body["code"], "missing_body", "{path}: {a:?}");
    }
    let deny = app
        .send(
            Method::POST,
            "/api/v1/time-off/999999/deny",
            Some(&admin),
            None,
        )
        .await;
    deny.assert_problem(404);

    // A literal path is not its template sibling: 405 with its own methods.
    for (method, path, allow) in [
        (Method::PATCH, "/api/v1/events/import", "POST"),
        (Method::DELETE, "/api/v1/schedules/validate", "POST"),
        (
            Method::OPTIONS,
            "/api/v1/employees/E1/availability/dates",
            "GET",
        ),
        (Method::GET, "/api/v1/rotations/generate", "POST"),
    ] {
        let a = app.send(method.clone(), path, Some(&admin), None).await;
        a.assert_problem(405);
        assert_eq!(a.headers["allow"], allow, "{method} {path}");
    }

    // A whole number written 2.0 is the integer 2 (JSON Schema's `integer`); skills' 50
    // characters are characters, not bytes.
    let e = app
        .post(
            "/api/v1/employees",
            &admin,
            json!({"name": "Zoë Ærø", "skills": ["é".repeat(50)]}),
        )
        .await;
    assert_eq!(e.status, StatusCode::CREATED, "{e:?}");
    let id = e.body["id"].as_str().unwrap().to_owned();
    let w = app
        .send(
            Method::PUT,
            &format!("/api/v1/employees/{id}/weekly-availability"),
            Some(&admin),
            Some(json!({"windows": [{"day_of_week": 2.0, "start_time": "09:00", "end_time": "17:00"}]})),
        )
        .await;
    assert_eq!(w.status, StatusCode::OK, "{w:?}");
    assert_eq!(w.body["windows"][0]["day_of_week"], 2);
    let half = app
        .send(
            Method::PUT,
            &format!("/api/v1/employees/{id}/weekly-availability"),
            Some(&admin),
            Some(json!({"windows": [{"day_of_week": 2.5, "start_time": "09:00", "end_time": "17:00"}]})),
        )
        .await;
    half.assert_problem(400);

    // A control character anywhere in `q` is refused, at the edges too.
    app.get("/api/v1/users?q=%09admin", &admin)
        .await
        .assert_problem(400);

    // /schedules/validate checks the fields as POST /schedules does.
    let v = app
        .post(
            "/api/v1/schedules/validate",
            &admin,
            json!({"event_ref_num": 1, "employee_id": id, "schedule_datetime": "2026-03-02T10:15:00-05:00", "status": "AAA"}),
        )
        .await;
    v.assert_problem(422);
    assert_eq!(v.body["errors"][0]["field"], "status", "{v:?}");
}
