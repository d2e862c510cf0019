//! The role × endpoint matrix: 401 without credentials, 403 below the least role, allowed from it.

use crate::helpers::{Db, spawn_app};
use crate::on_both_databases;
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

on_both_databases!(every_endpoint_answers_each_role_as_the_permission_table_says);

struct Endpoint {
    method: Method,
    path: &'static str,
    body: Option<Value>,
    least: &'static str,
}

fn endpoints() -> Vec<Endpoint> {
    let e = |method, path, body, least| Endpoint {
        method,
        path,
        body,
        least,
    };
    vec![
        e(Method::GET, "/api/v1/auth/me", None, "viewer"),
        e(Method::GET, "/api/v1/audit-logs", None, "manager"),
        e(Method::GET, "/api/v1/users", None, "admin"),
        e(Method::GET, "/api/v1/users/1", None, "admin"),
        e(
            Method::POST,
            "/api/v1/users",
            Some(json!({"email": "m@example.com", "role": "viewer", "password": "long-password"})),
            "admin",
        ),
        e(
            Method::PATCH,
            "/api/v1/users/1",
            Some(json!({"name": "Renamed"})),
            "admin",
        ),
        e(Method::GET, "/api/v1/api-keys", None, "admin"),
        e(
            Method::POST,
            "/api/v1/api-keys",
            Some(json!({"name": "k", "role": "viewer"})),
            "admin",
        ),
        e(Method::GET, "/api/v1/settings", None, "admin"),
        e(Method::GET, "/api/v1/settings/timezone", None, "admin"),
        e(
            Method::PUT,
            "/api/v1/settings/timezone",
            Some(json!({"value": "America/Chicago"})),
            "admin",
        ),
        e(Method::GET, "/api/v1/jobs", None, "manager"),
        e(
            Method::GET,
            "/api/v1/jobs/daily_audit/runs",
            None,
            "manager",
        ),
        e(
            Method::POST,
            "/api/v1/jobs/daily_audit/run",
            None,
            "manager",
        ),
        e(
            Method::PATCH,
            "/api/v1/jobs/daily_audit",
            Some(json!({"enabled": true})),
            "admin",
        ),
        e(Method::GET, "/api/v1/sync/status", None, "manager"),
        e(Method::POST, "/api/v1/sync/run", None, "manager"),
        e(Method::GET, "/api/v1/deliveries", None, "manager"),
        e(Method::GET, "/api/v1/webhooks", None, "admin"),
        e(
            Method::POST,
            "/api/v1/webhooks",
            Some(json!({"name": "x", "url": "http://127.0.0.1:9/h", "event_types": ["*"]})),
            "admin",
        ),
        e(Method::GET, "/api/v1/notifications", None, "viewer"),
        e(
            Method::POST,
            "/api/v1/notifications/read-all",
            None,
            "viewer",
        ),
        e(Method::GET, "/api/v1/audit-findings", None, "viewer"),
        e(Method::GET, "/api/v1/events/1/candidates", None, "viewer"),
        e(Method::GET, "/api/v1/scheduler/runs", None, "viewer"),
        e(Method::GET, "/api/v1/scheduling-rules", None, "viewer"),
        e(Method::GET, "/api/v1/pending-schedules", None, "viewer"),
        e(
            Method::GET,
            "/api/v1/pending-schedules/1/candidates",
            None,
            "viewer",
        ),
        e(
            Method::PATCH,
            "/api/v1/pending-schedules/1",
            Some(json!({"employee_id": "E1"})),
            "manager",
        ),
        e(
            Method::POST,
            "/api/v1/pending-schedules/1/reject",
            None,
            "manager",
        ),
    ]
}

const RANK: [&str; 4] = ["viewer", "member", "manager", "admin"];

async fn every_endpoint_answers_each_role_as_the_permission_table_says(db: Db) {
    let app = spawn_app(db).await;
    let mut tokens = vec![];
    for role in RANK {
        tokens.push((role, app.user_with_role(role).await.1));
    }
    for ep in endpoints() {
        let none = app
            .send(ep.method.clone(), ep.path, None, ep.body.clone())
            .await;
        none.assert_problem(401);
        let least = RANK.iter().position(|r| *r == ep.least).unwrap();
        for (rank, (role, token)) in tokens.iter().enumerate() {
            let a = app
                .send(ep.method.clone(), ep.path, Some(token), ep.body.clone())
                .await;
            if rank < least {
                a.assert_problem(403);
            } else {
                assert!(
                    a.status != StatusCode::FORBIDDEN
                        && a.status != StatusCode::UNAUTHORIZED
                        && a.status.as_u16() < 500,
                    "{role} on {} {}: {a:?}",
                    ep.method,
                    ep.path
                );
            }
        }
    }
}
