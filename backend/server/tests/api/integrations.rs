//! Integrations against real local servers that each test starts on 127.0.0.1: an event source
//! that answers and then fails in every way, the planning system with a session that expires
//! mid-sync, a webhook receiver that verifies signatures and fails the first attempts, an SMTP
//! sink; and the job runner with two app instances on one database.

use crate::helpers::{Db, TestApp, spawn_app, test_config};
use crate::on_both_databases;
use actix_web::{HttpRequest, HttpResponse, web};
use hmac::{Hmac, KeyInit, Mac};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use sha2::Sha256;
use std::sync::{Arc, Mutex};
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};

on_both_databases!(
    sync_saves_good_rows_and_loses_nothing_when_the_source_fails,
    the_planning_system_session_is_renewed_when_it_expires_mid_sync,
    webhooks_are_signed_retried_with_back_off_and_logged,
    notifications_go_by_email_and_in_app,
    each_due_job_runs_once_across_two_instances_and_failures_back_off,
    the_daily_audit_finds_and_resolves_issues,
);

/// A local HTTP server answering every request with `handler`; gives its base URL.
async fn stub<F>(handler: F) -> String
where
    F: Fn(HttpRequest, web::Bytes) -> HttpResponse + Clone + Send + Sync + 'static,
{
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let server = actix_web::HttpServer::new(move || {
        let h = handler.clone();
        actix_web::App::new().default_service(web::to(move |req: HttpRequest, body: web::Bytes| {
            let h = h.clone();
            async move {
                let res = h(req, body);
                // A handler asks for a slow answer with `x-delay-ms`; the wait does not block
                // the worker.
                if let Some(ms) = res
                    .headers()
                    .get("x-delay-ms")
                    .and_then(|v| v.to_str().ok())
                    .and_then(|v| v.parse().ok())
                {
                    tokio::time::sleep(std::time::Duration::from_millis(ms)).await;
                }
                res
            }
        }))
    })
    .workers(1)
    .listen(listener)
    .unwrap()
    .run();
    tokio::spawn(server);
    format!("http://127.0.0.1:{port}")
}

async fn set(app: &TestApp, admin: &str, key: &str, value: Value) {
    let a = app
        .send(
            Method::PUT,
            &format!("/api/v1/settings/{key}"),
            Some(admin),
            Some(json!({"value": value})),
        )
        .await;
    assert_eq!(a.status, StatusCode::OK, "{key}: {a:?}");
}

/// Every event as the API lists it, for before/after comparisons.
async fn all_events(app: &TestApp, t: &str) -> Vec<Value> {
    let a = app
        .get("/api/v1/events?per_page=200&sort=project_ref_num", t)
        .await;
    assert_eq!(a.status, StatusCode::OK);
    a.body["items"].as_array().unwrap().clone()
}

fn source_event(r: i64, name: &str) -> Value {
    json!({"project_name": name, "project_ref_num": r, "event_type": "Core", "store_number": 7,
        "store_name": "Harbor", "start_datetime": "2026-12-07T05:00:00Z", "due_datetime": "2026-12-11T23:00:00Z",
        "external_id": format!("ext-{r}")})
}

#[derive(Clone, Copy, PartialEq, Debug)]
enum Mode {
    Ok,
    Error,
    Slow,
    Empty,
    NotJson,
    NoList,
    BadRows,
}

async fn sync_saves_good_rows_and_loses_nothing_when_the_source_fails(db: Db) {
    let app = spawn_app(db).await;
    let admin = app.admin_token().await;
    let mode = Arc::new(Mutex::new(Mode::Ok));
    let seen: Requests = Arc::default();
    let (m, s) = (mode.clone(), seen.clone());
    let url = stub(move |req, _| {
        let auth = req.headers().get("authorization").and_then(|v| v.to_str().ok()).map(str::to_owned);
        s.lock().unwrap().push((req.query_string().to_owned(), auth.clone()));
        if auth.as_deref() != Some("Bearer source-secret") {
            return HttpResponse::Unauthorized().finish();
        }
        let page: i64 = req.query_string().split('&').find_map(|p| p.strip_prefix("page=")).and_then(|p| p.parse().ok()).unwrap_or(1);
        match *m.lock().unwrap() {
            Mode::Ok if page == 1 => HttpResponse::Ok().json(json!({"events": [source_event(501, "Dairy reset"), source_event(502, "Cooler demo")], "next_page": 2})),
            Mode::Ok => HttpResponse::Ok().json(json!({"events": [source_event(503, "Snack endcap")], "next_page": null})),
            Mode::Error => HttpResponse::ServiceUnavailable().body("maintenance"),
            Mode::Slow => HttpResponse::Ok().insert_header(("x-delay-ms", "3000")).json(json!({"events": []})),
            Mode::Empty => HttpResponse::Ok().json(json!({"events": [], "next_page": null})),
            Mode::NotJson => HttpResponse::Ok().content_type("text/html").body("<html>login</html>"),
            // A broken second page: the first page must not be saved either.
            Mode::NoList if page == 1 => HttpResponse::Ok().json(json!({"events": [source_event(501, "CHANGED")], "next_page": 2})),
            Mode::NoList => HttpResponse::Ok().json(json!({"items": "nope"})),
            Mode::BadRows => HttpResponse::Ok().json(json!({"events": [
                source_event(502, "Cooler demo, moved"),
                {"project_name": "no dates", "project_ref_num": 504, "event_type": "Core"},
                {"project_name": "bad ref", "project_ref_num": "abc"},
                source_event(505, "Bakery demo")]})),
        }
    })
    .await;
    let t = app.user_with_role("manager").await.1;
    // Not configured yet: a clear 409.
    app.post("/api/v1/sync/run", &t, json!({}))
        .await
        .assert_problem(409);
    set(&app, &admin, "sync_source_url", json!(url)).await;
    set(&app, &admin, "sync_source_token", json!("source-secret")).await;
    set(&app, &admin, "sync_timeout_seconds", json!(1)).await;

    let a = app.post("/api/v1/sync/run", &t, json!({})).await;
    assert_eq!(a.status, StatusCode::OK, "{a:?}");
    assert_eq!(a.body["status"], "succeeded");
    assert_eq!(a.body["details"]["created"], 3);
    assert_eq!(a.body["details"]["fetched"], 3);
    let events = all_events(&app, &t).await;
    assert_eq!(events.len(), 3);
    assert!(
        events
            .iter()
            .all(|e| e["sync_source"] == "generic" && !e["last_synced"].is_null()),
        "{events:?}"
    );
    assert_eq!(events[0]["external_id"], "ext-501");
    assert!(
        seen.lock()
            .unwrap()
            .iter()
            .all(|(_, auth)| auth.as_deref() == Some("Bearer source-secret"))
    );
    let before = all_events(&app, &t).await;

    for (bad, why) in [
        (Mode::Error, "503"),
        (Mode::Slow, "timed out"),
        (Mode::NotJson, "not JSON"),
        (Mode::NoList, "\"events\""),
    ] {
        *mode.lock().unwrap() = bad;
        let a = app.post("/api/v1/sync/run", &t, json!({})).await;
        let detail = a.assert_problem(502);
        assert!(detail.contains(why), "{bad:?}: {detail}");
        let after = all_events(&app, &t).await;
        assert_eq!(
            after, before,
            "{bad:?} changed nothing, not even last_synced"
        );
        let status = app.get("/api/v1/sync/status", &t).await;
        assert!(
            status.body["last_error"].as_str().unwrap().contains(why),
            "{status:?}"
        );
    }
    // A source that is down altogether.
    set(&app, &admin, "sync_source_url", json!("http://127.0.0.1:9")).await;
    let detail = app
        .post("/api/v1/sync/run", &t, json!({}))
        .await
        .assert_problem(502);
    assert!(detail.contains("connect"), "{detail}");
    set(&app, &admin, "sync_source_url", json!(url)).await;
    assert_eq!(all_events(&app, &t).await.len(), 3);

    *mode.lock().unwrap() = Mode::Empty;
    let a = app.post("/api/v1/sync/run", &t, json!({})).await;
    assert_eq!(a.status, StatusCode::OK, "{a:?}");
    assert_eq!(a.body["details"]["fetched"], 0);
    assert_eq!(
        all_events(&app, &t).await.len(),
        3,
        "an empty answer deletes nothing"
    );
    // The second sync asked only for what changed since the first.
    assert!(
        seen.lock()
            .unwrap()
            .last()
            .unwrap()
            .0
            .contains("updated_since=")
    );

    *mode.lock().unwrap() = Mode::BadRows;
    let a = app.post("/api/v1/sync/run", &t, json!({})).await;
    assert_eq!(a.status, StatusCode::OK, "{a:?}");
    let d = &a.body["details"];
    assert_eq!(
        (
            d["updated"].as_i64(),
            d["created"].as_i64(),
            d["rejected"].as_i64()
        ),
        (Some(1), Some(1), Some(2)),
        "{d}"
    );
    let rejected = d["rejected_rows"].as_array().unwrap();
    assert_eq!(rejected.len(), 2);
    assert!(
        rejected[0]["errors"][0]["message"]
            .as_str()
            .unwrap()
            .contains("start_datetime"),
        "{rejected:?}"
    );
    let events = all_events(&app, &t).await;
    assert_eq!(events.len(), 4);
    assert_eq!(events[1]["project_name"], "Cooler demo, moved");

    let status = app.get("/api/v1/sync/status", &t).await;
    assert_eq!(status.status, StatusCode::OK);
    assert_eq!(status.body["configured"], true);
    assert_eq!(status.body["last_counts"]["created"], 1);
    assert!(!status.body["last_success_at"].is_null());
    // Members may not run it.
    let member = app.user_with_role("member").await.1;
    app.post("/api/v1/sync/run", &member, json!({}))
        .await
        .assert_problem(403);
}

async fn the_planning_system_session_is_renewed_when_it_expires_mid_sync(db: Db) {
    let app = spawn_app(db).await;
    let admin = app.admin_token().await;
    // The planning system: logins hand out SID=<n>; the first session dies after one search.
    let state: Arc<Mutex<(u32, u32, Vec<String>)>> = Arc::default(); // (logins, searches with the live session, forms)
    let st = state.clone();
    let url = stub(move |req, body| {
        let mut s = st.lock().unwrap();
        match req.path() {
            "/login" => {
                s.2.push(String::from_utf8_lossy(&body).into_owned());
                if !String::from_utf8_lossy(&body).contains("password=pl%40n-pass") {
                    return HttpResponse::Unauthorized().finish();
                }
                s.0 += 1;
                HttpResponse::Ok()
                    .insert_header(("set-cookie", format!("SID=s{}; Path=/; Max-Age=3600; HttpOnly", s.0)))
                    .finish()
            }
            "/planning/events/search" => {
                let cookie = req.headers().get("cookie").and_then(|v| v.to_str().ok()).unwrap_or("");
                let live = format!("SID=s{}", s.0);
                if cookie != live {
                    return HttpResponse::Unauthorized().finish();
                }
                s.1 += 1;
                let q: Value = serde_json::from_slice(&body).unwrap_or(Value::Null);
                let page = q["page"].as_i64().unwrap_or(1);
                if s.0 == 1 && s.1 == 1 {
                    // The session expires right after this page.
                    s.0 = 100;
                }
                let rec = |r: i64| json!({"ID": format!("cm-{r}"), "ProjectRefNum": r, "ProjectName": format!("Crossmark {r}"),
                    "StoreNumber": "88", "StoreName": "Uptown", "StartDate": "12/07/2026 08:00:00 AM",
                    "DueDate": "12/11/2026", "EstimatedTime": "120", "EventType": "Core", "LocationMVID": "MV88"});
                let body = match page {
                    1 => json!({"records": [rec(701), rec(702)], "has_more": true}),
                    _ => json!({"records": [rec(703), {"ProjectName": "broken"}], "has_more": false}),
                };
                HttpResponse::Ok().json(body)
            }
            _ => HttpResponse::NotFound().finish(),
        }
    })
    .await;
    set(&app, &admin, "sync_source", json!("crossmark.mvretail.com")).await;
    set(&app, &admin, "sync_source_url", json!(url)).await;
    set(&app, &admin, "sync_username", json!("kairos-bot")).await;
    set(&app, &admin, "sync_source_token", json!("pl@n-pass")).await;
    let a = app.post("/api/v1/sync/run", &admin, json!({})).await;
    assert_eq!(a.status, StatusCode::OK, "{a:?}");
    let d = &a.body["details"];
    assert_eq!(d["source"], "crossmark.mvretail.com");
    assert_eq!(
        (d["created"].as_i64(), d["rejected"].as_i64()),
        (Some(3), Some(1)),
        "{d}"
    );
    {
        let s = state.lock().unwrap();
        assert_eq!(s.0, 101, "one login, then one renewal after the 401");
        assert!(s.2[0].contains("username=kairos-bot"));
    }
    let events = all_events(&app, &admin).await;
    assert_eq!(events.len(), 3);
    assert_eq!(events[0]["sync_source"], "crossmark.mvretail.com");
    assert_eq!(events[0]["external_id"], "cm-701");
    assert_eq!(events[0]["store_number"], 88);
    assert_eq!(
        events[0]["start_datetime"], "2026-12-07T13:00:00Z",
        "local 08:00 in Indianapolis"
    );
    let status = app.get("/api/v1/sync/status", &admin).await;
    assert_eq!(status.body["session"]["active"], true, "{status:?}");
    // The stored session is reused while it lasts: no new login.
    let a = app.post("/api/v1/sync/run", &admin, json!({})).await;
    assert_eq!(a.status, StatusCode::OK, "{a:?}");
    assert_eq!(state.lock().unwrap().0, 101);
    assert_eq!(a.body["details"]["unchanged"], 3);
}

type Received = Arc<Mutex<Vec<(bool, Value)>>>;
/// (recipients, message text) per e-mail.
type Mailbox = Arc<Mutex<Vec<(Vec<String>, String)>>>;
/// (query string, Authorization header) per request.
type Requests = Arc<Mutex<Vec<(String, Option<String>)>>>;

/// A receiver that checks each signature and answers 503 to the first `fail` deliveries.
async fn receiver(secret: &'static str, fail: usize) -> (String, Received) {
    let got: Received = Arc::default();
    let g = got.clone();
    let url = stub(move |req, body| {
        let header = |n: &str| {
            req.headers()
                .get(n)
                .and_then(|v| v.to_str().ok())
                .unwrap_or("")
                .to_owned()
        };
        let mut mac = <Hmac<Sha256> as KeyInit>::new_from_slice(secret.as_bytes()).unwrap();
        mac.update(format!("{}.", header("kairos-timestamp")).as_bytes());
        mac.update(&body);
        let expected = format!("v1={}", hex::encode(mac.finalize().into_bytes()));
        let valid = header("kairos-signature") == expected;
        let mut g = g.lock().unwrap();
        g.push((valid, serde_json::from_slice(&body).unwrap_or(Value::Null)));
        if !valid {
            return HttpResponse::Unauthorized().finish();
        }
        if g.len() <= fail {
            HttpResponse::ServiceUnavailable().finish()
        } else {
            HttpResponse::Ok().finish()
        }
    })
    .await;
    (format!("{url}/hooks"), got)
}

async fn employee_with_user(app: &TestApp, t: &str, id: &str, user_id: Option<i64>) {
    let a = app
        .post("/api/v1/employees", t, json!({"id": id, "name": format!("Employee {id}"), "skills": ["lead"], "user_id": user_id}))
        .await;
    assert_eq!(a.status, StatusCode::CREATED, "{a:?}");
}

/// Runs the delivery job until `done` holds (at most ~15 s).
async fn deliver_until(app: &TestApp, t: &str, done: impl Fn() -> bool) {
    for _ in 0..60 {
        let a = app.post("/api/v1/jobs/deliveries/run", t, json!({})).await;
        assert!(
            a.status == StatusCode::OK || a.status == StatusCode::CONFLICT,
            "{a:?}"
        );
        if done() {
            return;
        }
        tokio::time::sleep(std::time::Duration::from_millis(250)).await;
    }
    panic!("the deliveries did not finish");
}

async fn webhooks_are_signed_retried_with_back_off_and_logged(db: Db) {
    let app = spawn_app(db).await;
    let admin = app.admin_token().await;
    set(&app, &admin, "delivery_retry_base_seconds", json!(1)).await;
    let secret = "a-very-long-shared-secret";
    let (url, got) = receiver(secret, 2).await;
    // Validation names each bad field.
    let bad = app
        .post(
            "/api/v1/webhooks",
            &admin,
            json!({"name": "", "url": "ftp://x", "event_types": ["schedule.exploded"]}),
        )
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(bad.body["errors"].as_array().unwrap().len(), 3, "{bad:?}");
    let created = app
        .post(
            "/api/v1/webhooks",
            &admin,
            json!({"name": "Payroll", "url": url, "secret": secret,
            "event_types": ["time_off.requested", "time_off.approved"]}),
        )
        .await;
    assert_eq!(created.status, StatusCode::CREATED, "{created:?}");
    assert_eq!(created.body["secret"], secret);
    let id = created.body["id"].as_i64().unwrap();
    assert!(
        app.get(&format!("/api/v1/webhooks/{id}"), &admin)
            .await
            .body["secret"]
            .is_null(),
        "shown once"
    );
    // Managers may not register endpoints.
    let manager = app.user_with_role("manager").await.1;
    app.post(
        "/api/v1/webhooks",
        &manager,
        json!({"name": "x", "url": url, "event_types": ["*"]}),
    )
    .await
    .assert_problem(403);

    employee_with_user(&app, &manager, "W1", None).await;
    let a = app
        .post(
            "/api/v1/employees/W1/time-off",
            &manager,
            json!({"start_date": "2026-12-01", "end_date": "2026-12-02", "reason": "family"}),
        )
        .await;
    assert_eq!(a.status, StatusCode::CREATED, "{a:?}");
    let started = std::time::Instant::now();
    let g = got.clone();
    deliver_until(&app, &admin, move || g.lock().unwrap().len() >= 3).await;
    // Two failures with back-off (1 s, then 2 s) before the success.
    assert!(
        started.elapsed() >= std::time::Duration::from_secs(3),
        "{:?}",
        started.elapsed()
    );
    let received = got.lock().unwrap().clone();
    assert_eq!(received.len(), 3);
    assert!(
        received.iter().all(|(valid, _)| *valid),
        "every delivery is signed"
    );
    assert_eq!(received[2].1["type"], "time_off.requested");
    assert_eq!(received[2].1["data"]["after"]["employee_id"], "W1");
    assert_eq!(
        received[0].1["id"], received[2].1["id"],
        "retries resend the same message"
    );
    let log = app
        .get(&format!("/api/v1/webhooks/{id}/deliveries"), &admin)
        .await;
    assert_eq!(log.status, StatusCode::OK, "{log:?}");
    let d = &log.body["items"][0];
    assert_eq!(d["status"], "delivered");
    assert_eq!(d["attempts"], 3);
    let attempts: Vec<Value> = d["attempt_log"].as_array().unwrap().clone();
    assert_eq!(
        attempts
            .iter()
            .map(|a| a["status_code"].as_i64().unwrap())
            .collect::<Vec<_>>(),
        [503, 503, 200]
    );

    // Send test: delivered at once (the receiver now accepts).
    let test = app
        .post(&format!("/api/v1/webhooks/{id}/test"), &admin, json!({}))
        .await;
    assert_eq!(test.status, StatusCode::OK, "{test:?}");
    assert_eq!(test.body["status"], "delivered");
    assert_eq!(
        got.lock().unwrap().last().unwrap().1["type"],
        "webhook.test"
    );

    // A receiver that never accepts: given up after delivery_max_attempts.
    set(&app, &admin, "delivery_max_attempts", json!(2)).await;
    let a = app
        .send(
            Method::PATCH,
            &format!("/api/v1/webhooks/{id}"),
            Some(&admin),
            Some(json!({"url": "http://127.0.0.1:9/hooks"})),
        )
        .await;
    assert_eq!(a.status, StatusCode::OK, "{a:?}");
    let tid = a.body["id"].as_i64().unwrap();
    let test = app
        .post(&format!("/api/v1/webhooks/{tid}/test"), &admin, json!({}))
        .await;
    assert_eq!(test.body["status"], "pending", "{test:?}");
    assert!(
        test.body["last_error"]
            .as_str()
            .unwrap()
            .contains("connect"),
        "{test:?}"
    );
    let failed = || async {
        app.get(
            &format!("/api/v1/webhooks/{id}/deliveries?status=failed"),
            &admin,
        )
        .await
        .body["total"]
            == 1
    };
    for _ in 0..40 {
        app.post("/api/v1/jobs/deliveries/run", &admin, json!({}))
            .await;
        if failed().await {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(250)).await;
    }
    assert!(failed().await, "given up after two attempts");

    // A deactivated endpoint gets no more retries: its pending delivery fails at once.
    set(&app, &admin, "delivery_max_attempts", json!(10)).await;
    let (url, got) = receiver(secret, usize::MAX).await;
    let created = app
        .post(
            "/api/v1/webhooks",
            &admin,
            json!({"name": "Old payroll", "url": url, "secret": secret,
            "event_types": ["time_off.requested"]}),
        )
        .await;
    assert_eq!(created.status, StatusCode::CREATED, "{created:?}");
    let old = created.body["id"].as_i64().unwrap();
    let a = app
        .post(
            "/api/v1/employees/W1/time-off",
            &manager,
            json!({"start_date": "2026-12-07", "end_date": "2026-12-07"}),
        )
        .await;
    assert_eq!(a.status, StatusCode::CREATED, "{a:?}");
    let g = got.clone();
    deliver_until(&app, &admin, move || !g.lock().unwrap().is_empty()).await;
    let off = app
        .send(
            Method::PATCH,
            &format!("/api/v1/webhooks/{old}"),
            Some(&admin),
            Some(json!({"active": false})),
        )
        .await;
    assert_eq!(off.status, StatusCode::OK, "{off:?}");
    let gave_up = || async {
        app.get(
            &format!("/api/v1/webhooks/{old}/deliveries?status=failed"),
            &admin,
        )
        .await
        .body["items"][0]["last_error"]
            .as_str()
            .is_some_and(|e| e.contains("deactivated"))
    };
    for _ in 0..40 {
        app.post("/api/v1/jobs/deliveries/run", &admin, json!({}))
            .await;
        if gave_up().await {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(250)).await;
    }
    assert!(gave_up().await, "the retry found the endpoint deactivated");
    assert_eq!(
        got.lock().unwrap().len(),
        1,
        "nothing sent after deactivation"
    );
}

/// A local SMTP sink: accepts every message and keeps (recipients, text).
async fn smtp_sink() -> (u16, Mailbox) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    let mail: Mailbox = Arc::default();
    let m = mail.clone();
    tokio::spawn(async move {
        loop {
            let Ok((stream, _)) = listener.accept().await else {
                return;
            };
            let m = m.clone();
            tokio::spawn(async move {
                let (r, mut w) = stream.into_split();
                let mut lines = BufReader::new(r).lines();
                w.write_all(b"220 sink ESMTP\r\n").await.unwrap();
                let (mut rcpt, mut data, mut in_data) = (vec![], String::new(), false);
                while let Ok(Some(line)) = lines.next_line().await {
                    if in_data {
                        if line == "." {
                            in_data = false;
                            m.lock()
                                .unwrap()
                                .push((std::mem::take(&mut rcpt), std::mem::take(&mut data)));
                            w.write_all(b"250 queued\r\n").await.unwrap();
                        } else {
                            data.push_str(line.strip_prefix('.').unwrap_or(&line));
                            data.push('\n');
                        }
                        continue;
                    }
                    let upper = line.to_uppercase();
                    let reply: &[u8] = if upper.starts_with("EHLO") {
                        b"250-sink\r\n250 8BITMIME\r\n"
                    } else if upper.starts_with("RCPT TO:") {
                        rcpt.push(line[8..].trim_matches(['<', '>', ' ']).to_owned());
                        b"250 ok\r\n"
                    } else if upper.starts_with("DATA") {
                        in_data = true;
                        b"354 go ahead\r\n"
                    } else if upper.starts_with("QUIT") {
                        w.write_all(b"221 bye\r\n").await.unwrap();
                        break;
                    } else {
                        b"250 ok\r\n"
                    };
                    w.write_all(reply).await.unwrap();
                }
            });
        }
    });
    (port, mail)
}

async fn notifications_go_by_email_and_in_app(db: Db) {
    let app = spawn_app(db).await;
    let admin = app.admin_token().await;
    let (port, mail) = smtp_sink().await;
    set(&app, &admin, "smtp_host", json!("127.0.0.1")).await;
    set(&app, &admin, "smtp_port", json!(port)).await;
    set(&app, &admin, "smtp_from", json!("kairos@store.example")).await;
    let manager = app.user_with_role("manager").await.1;
    let a = app
        .post("/api/v1/audit-notification-settings", &manager, json!({"event_type": "time_off.requested",
            "notification_method": "email", "recipients": ["boss@store.example", "hr@store.example"]}))
        .await;
    assert_eq!(a.status, StatusCode::CREATED, "{a:?}");
    let (member_id, member) = app.user_with_role("member").await;
    employee_with_user(&app, &manager, "N1", Some(member_id)).await;
    let a = app
        .post(
            "/api/v1/employees/N1/time-off",
            &member,
            json!({"start_date": "2026-12-01", "end_date": "2026-12-03"}),
        )
        .await;
    assert_eq!(a.status, StatusCode::CREATED, "{a:?}");
    let time_off_id = a.body["id"].as_i64().unwrap();
    let m = mail.clone();
    deliver_until(&app, &admin, move || !m.lock().unwrap().is_empty()).await;
    let (to, text) = mail.lock().unwrap()[0].clone();
    assert_eq!(to, ["boss@store.example", "hr@store.example"]);
    assert!(text.contains("Subject: Time off requested"), "{text}");
    assert!(
        text.contains("Employee N1 (N1) asks for time off from Tue 1 Dec 2026 to Thu 3 Dec 2026."),
        "{text}"
    );
    let log = app.get("/api/v1/deliveries?channel=email", &manager).await;
    assert_eq!(log.body["items"][0]["status"], "delivered", "{log:?}");

    // In-app: managers hear of the request; the member hears of the decision.
    let n = app.get("/api/v1/notifications?unread=true", &manager).await;
    assert_eq!(n.status, StatusCode::OK);
    assert_eq!(n.body["items"][0]["kind"], "time_off.requested", "{n:?}");
    let a = app
        .post(
            &format!("/api/v1/time-off/{time_off_id}/approve"),
            &manager,
            json!({}),
        )
        .await;
    assert_eq!(a.status, StatusCode::OK, "{a:?}");
    let n = app.get("/api/v1/notifications", &member).await;
    assert_eq!(n.body["total"], 1, "{n:?}");
    assert_eq!(n.body["items"][0]["title"], "Time off approved");
    let nid = n.body["items"][0]["id"].as_i64().unwrap();
    // Nobody reads another's notification.
    app.post(
        &format!("/api/v1/notifications/{nid}/read"),
        &manager,
        json!({}),
    )
    .await
    .assert_problem(404);
    let r = app
        .post(
            &format!("/api/v1/notifications/{nid}/read"),
            &member,
            json!({}),
        )
        .await;
    assert!(!r.body["read_at"].is_null(), "{r:?}");
    assert_eq!(
        app.get("/api/v1/notifications?unread=true", &member)
            .await
            .body["total"],
        0
    );
}

async fn each_due_job_runs_once_across_two_instances_and_failures_back_off(db: Db) {
    let app = spawn_app(db).await;
    let admin = app.admin_token().await;
    // A second process on the same database.
    let other = kairos_server::app::prepare_state(test_config(&app.database))
        .await
        .expect("second instance");
    let jobs = app.get("/api/v1/jobs", &admin).await;
    assert_eq!(jobs.status, StatusCode::OK);
    let names: Vec<&str> = jobs
        .body
        .as_array()
        .unwrap()
        .iter()
        .map(|j| j["name"].as_str().unwrap())
        .collect();
    assert_eq!(
        names,
        ["auto_scheduler", "daily_audit", "deliveries", "event_sync"]
    );
    // Make the daily audit due now, then let both instances tick at once, many times.
    use sea_orm::ConnectionTrait;
    app.state
        .db
        .execute_unprepared(
            "UPDATE jobs SET next_run_at = '2000-01-01T00:00:00+00:00' WHERE name = 'daily_audit'",
        )
        .await
        .unwrap();
    let mut handles = Vec::new();
    for i in 0..8 {
        let s = if i % 2 == 0 {
            app.state.clone()
        } else {
            other.clone()
        };
        handles.push(tokio::spawn(async move {
            kairos_server::platform::jobs::tick(&s).await
        }));
    }
    let mut audit_runs = 0;
    for h in handles {
        audit_runs += h
            .await
            .unwrap()
            .iter()
            .filter(|r| r.job_name == "daily_audit")
            .count();
    }
    assert_eq!(audit_runs, 1, "the due run happened once");
    let runs = app.get("/api/v1/jobs/daily_audit/runs", &admin).await;
    assert_eq!(runs.body["total"], 1, "{runs:?}");
    let jobs = app.get("/api/v1/jobs", &admin).await;
    let audit = jobs
        .body
        .as_array()
        .unwrap()
        .iter()
        .find(|j| j["name"] == "daily_audit")
        .unwrap()
        .clone();
    assert_eq!(audit["last_status"], "succeeded");
    assert_eq!(audit["running"], false);

    // A failing job records its error and is retried after a back-off, not at its interval.
    set(&app, &admin, "sync_source_url", json!("http://127.0.0.1:9")).await;
    let a = app
        .post("/api/v1/jobs/event_sync/run", &admin, json!({}))
        .await;
    assert_eq!(a.status, StatusCode::OK, "{a:?}");
    assert_eq!(a.body["run"]["status"], "failed");
    let jobs = app.get("/api/v1/jobs", &admin).await;
    let sync = jobs
        .body
        .as_array()
        .unwrap()
        .iter()
        .find(|j| j["name"] == "event_sync")
        .unwrap()
        .clone();
    assert_eq!(sync["consecutive_failures"], 1);
    assert!(
        sync["last_error"].as_str().unwrap().contains("connect"),
        "{sync}"
    );
    let next: chrono::DateTime<chrono::Utc> =
        sync["next_run_at"].as_str().unwrap().parse().unwrap();
    let wait = next - chrono::Utc::now();
    assert!(
        wait > chrono::Duration::seconds(20) && wait <= chrono::Duration::seconds(31),
        "retry in ~30 s, not 60 min: {wait}"
    );
    // Switched off, it does not run.
    let a = app
        .send(
            Method::PATCH,
            "/api/v1/jobs/event_sync",
            Some(&admin),
            Some(json!({"enabled": false})),
        )
        .await;
    assert_eq!(a.body["enabled"], false, "{a:?}");
    app.post("/api/v1/jobs/event_sync/run", &admin, json!({}))
        .await
        .assert_problem(409);
    app.post("/api/v1/jobs/nonsense/run", &admin, json!({}))
        .await
        .assert_problem(404);
    let member = app.user_with_role("member").await.1;
    app.get("/api/v1/jobs", &member).await.assert_problem(403);
}

async fn the_daily_audit_finds_and_resolves_issues(db: Db) {
    let app = spawn_app(db).await;
    let admin = app.admin_token().await;
    let manager = app.user_with_role("manager").await.1;
    let now = chrono::Utc::now();
    let ev = |r: i64, start: chrono::DateTime<chrono::Utc>, days: i64| {
        json!({"project_name": format!("Audit {r}"), "project_ref_num": r, "event_type": "Core",
            "start_datetime": start, "due_datetime": start + chrono::Duration::days(days)})
    };
    // Due within the default 3 days and unstaffed.
    let a = app
        .post(
            "/api/v1/events",
            &manager,
            ev(801, now - chrono::Duration::days(1), 2),
        )
        .await;
    assert_eq!(a.status, StatusCode::CREATED, "{a:?}");
    let run = app
        .post("/api/v1/jobs/daily_audit/run", &manager, json!({}))
        .await;
    assert_eq!(run.status, StatusCode::OK, "{run:?}");
    let d = &run.body["run"]["details"];
    assert_eq!(d["unstaffed_events"], 1, "{d}");
    assert!(
        d["rotation_gaps"].as_i64().unwrap() >= 7,
        "the juicer rotation is empty all week: {d}"
    );
    let open = app
        .get(
            "/api/v1/audit-findings?open=true&kind=audit.unstaffed_event",
            &manager,
        )
        .await;
    assert_eq!(open.body["total"], 1, "{open:?}");
    assert!(
        open.body["items"][0]["message"]
            .as_str()
            .unwrap()
            .contains("Audit 801")
    );
    let notes = app.get("/api/v1/notifications", &manager).await;
    assert_eq!(notes.body["items"][0]["kind"], "audit.summary", "{notes:?}");
    // A second check finds the same things: nothing new.
    let run = app
        .post("/api/v1/jobs/daily_audit/run", &manager, json!({}))
        .await;
    assert_eq!(run.body["run"]["details"]["new"], 0);
    // The event goes away (paused): its finding is resolved.
    let id = open.body["items"][0]["details"]["event_ref_num"]
        .as_i64()
        .unwrap();
    assert_eq!(id, 801);
    let list = app.get("/api/v1/events?q=801", &manager).await;
    let eid = list.body["items"][0]["id"].as_i64().unwrap();
    let a = app
        .send(
            Method::PATCH,
            &format!("/api/v1/events/{eid}"),
            Some(&manager),
            Some(json!({"condition": "Paused"})),
        )
        .await;
    assert_eq!(a.status, StatusCode::OK, "{a:?}");
    let run = app
        .post("/api/v1/jobs/daily_audit/run", &manager, json!({}))
        .await;
    assert_eq!(run.body["run"]["details"]["resolved"], 1, "{run:?}");
    let resolved = app.get("/api/v1/audit-findings?open=false", &manager).await;
    assert_eq!(resolved.body["items"][0]["subject_key"], "event:801");

    // A schedule for tomorrow whose employee is then deactivated, and one two days ago whose
    // attendance nobody recorded.
    use chrono::TimeZone;
    let tz: chrono_tz::Tz = "America/Indiana/Indianapolis".parse().unwrap();
    let today = now.with_timezone(&tz).date_naive();
    let at = |days: i64| {
        tz.from_local_datetime(
            &(today + chrono::Duration::days(days))
                .and_hms_opt(10, 15, 0)
                .unwrap(),
        )
        .unwrap()
        .to_rfc3339()
    };
    let a = app
        .post(
            "/api/v1/employees",
            &manager,
            json!({"id": "AU1", "name": "Audit One", "skills": ["lead", "specialist"]}),
        )
        .await;
    assert_eq!(a.status, StatusCode::CREATED, "{a:?}");
    let windows: Vec<Value> = (0..7)
        .map(|d| json!({"day_of_week": d, "start_time": "08:00", "end_time": "20:00"}))
        .collect();
    let a = app
        .send(
            Method::PUT,
            "/api/v1/employees/AU1/weekly-availability",
            Some(&manager),
            Some(json!({"windows": windows})),
        )
        .await;
    assert_eq!(a.status, StatusCode::OK, "{a:?}");
    for (r, days) in [(811, 1), (812, -2)] {
        let start = now + chrono::Duration::days(days) - chrono::Duration::days(1);
        let a = app.post("/api/v1/events", &manager, ev(r, start, 4)).await;
        assert_eq!(a.status, StatusCode::CREATED, "{a:?}");
        let a = app
            .post(
                "/api/v1/schedules",
                &manager,
                json!({"event_ref_num": r, "employee_id": "AU1",
                "schedule_datetime": at(days), "override_reason": "audit test"}),
            )
            .await;
        assert_eq!(a.status, StatusCode::CREATED, "{r}: {a:?}");
    }
    let a = app
        .send(
            Method::PATCH,
            "/api/v1/employees/AU1",
            Some(&manager),
            Some(json!({"active": false})),
        )
        .await;
    assert_eq!(a.status, StatusCode::OK, "{a:?}");
    let run = app
        .post("/api/v1/jobs/daily_audit/run", &manager, json!({}))
        .await;
    let d = &run.body["run"]["details"];
    assert_eq!(d["schedules_breaking_rules"], 1, "{d}");
    assert_eq!(d["attendance_missing"], 1, "{d}");
    let broken = app
        .get(
            "/api/v1/audit-findings?open=true&kind=audit.schedule_rule_broken",
            &manager,
        )
        .await;
    assert!(
        broken.body["items"][0]["message"]
            .as_str()
            .unwrap()
            .contains("AU1"),
        "{broken:?}"
    );
    let missing = app
        .get(
            "/api/v1/audit-findings?open=true&kind=audit.attendance_missing",
            &manager,
        )
        .await;
    assert_eq!(missing.body["total"], 1, "{missing:?}");
    let _ = admin;
}
