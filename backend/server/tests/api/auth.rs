use crate::helpers::{ADMIN_EMAIL, ADMIN_PASSWORD, Db, SECRET, spawn_app, spawn_app_with};
use crate::on_both_databases;
use kairos_server::platform::auth::tokens::issue_access;
use kairos_server::platform::crypto::Keys;
use reqwest::{Method, StatusCode};
use serde_json::json;

on_both_databases!(
    login_returns_tokens_and_the_user,
    wrong_password_and_unknown_account_get_the_same_401,
    me_needs_a_valid_bearer_token,
    refresh_rotates_and_a_reused_token_ends_the_session,
    concurrent_refreshes_with_one_token_succeed_once,
    an_expired_access_token_is_refused,
    logout_ends_the_session_at_once,
    a_deactivated_users_tokens_stop_working,
    login_is_rate_limited_per_account_with_retry_after,
    login_is_rate_limited_per_ip,
    changing_the_password_ends_other_sessions,
);

async fn login_returns_tokens_and_the_user(db: Db) {
    let app = spawn_app(db).await;
    let a = app.login(ADMIN_EMAIL, ADMIN_PASSWORD).await;
    assert_eq!(a.status, StatusCode::OK, "{a:?}");
    assert_eq!(a.body["token_type"], "Bearer");
    assert!(a.body["expires_in"].as_i64().unwrap() > 0);
    assert!(a.body["refresh_token"].as_str().unwrap().len() > 30);
    assert_eq!(a.body["user"]["email"], ADMIN_EMAIL);
    assert_eq!(a.body["user"]["role"], "admin");
    assert!(a.body["user"].get("password_hash").is_none());
    // E-mail matching ignores case and surrounding blanks.
    let b = app.login("  ADMIN@test.example ", ADMIN_PASSWORD).await;
    assert_eq!(b.status, StatusCode::OK);
    let rows = app.audit_rows("action=login").await;
    assert_eq!(
        rows.len(),
        3,
        "two logins recorded, plus the one audit_rows made"
    );
}

async fn wrong_password_and_unknown_account_get_the_same_401(db: Db) {
    let app = spawn_app(db).await;
    let wrong = app.login(ADMIN_EMAIL, "not-the-password").await;
    let unknown = app.login("nobody@test.example", "whatever-password").await;
    let d1 = wrong.assert_problem(401);
    let d2 = unknown.assert_problem(401);
    assert_eq!(d1, d2, "the answer does not tell which accounts exist");
}

async fn me_needs_a_valid_bearer_token(db: Db) {
    let app = spawn_app(db).await;
    let none = app.send(Method::GET, "/api/v1/auth/me", None, None).await;
    none.assert_problem(401);
    assert_eq!(none.headers["www-authenticate"], "Bearer");
    app.get("/api/v1/auth/me", "not.a.jwt")
        .await
        .assert_problem(401);
    let forged = issue_access(
        &Keys::from_secret("some-other-secret-0123456789abcdef"),
        1,
        "x",
        600,
    );
    app.get("/api/v1/auth/me", &forged)
        .await
        .assert_problem(401);
    let token = app.admin_token().await;
    let me = app.get("/api/v1/auth/me", &token).await;
    assert_eq!(me.status, StatusCode::OK);
    assert_eq!(me.body["user"]["email"], ADMIN_EMAIL);
    assert_eq!(me.body["role"], "admin");
}

async fn refresh_rotates_and_a_reused_token_ends_the_session(db: Db) {
    let app = spawn_app(db).await;
    let first = app.admin_tokens().await;
    let rt1 = first["refresh_token"].as_str().unwrap();
    let r2 = app
        .send(
            Method::POST,
            "/api/v1/auth/refresh",
            None,
            Some(json!({"refresh_token": rt1})),
        )
        .await;
    assert_eq!(r2.status, StatusCode::OK, "{r2:?}");
    let rt2 = r2.body["refresh_token"].as_str().unwrap().to_owned();
    let at2 = r2.body["access_token"].as_str().unwrap().to_owned();
    assert_ne!(rt2, rt1);
    assert_eq!(
        app.get("/api/v1/auth/me", &at2).await.status,
        StatusCode::OK
    );

    // Presenting rt1 again is reuse: 401, and the whole session ends.
    let reuse = app
        .send(
            Method::POST,
            "/api/v1/auth/refresh",
            None,
            Some(json!({"refresh_token": rt1})),
        )
        .await;
    assert!(reuse.assert_problem(401).contains("already used"));
    let after = app
        .send(
            Method::POST,
            "/api/v1/auth/refresh",
            None,
            Some(json!({"refresh_token": rt2})),
        )
        .await;
    after.assert_problem(401);
    app.get("/api/v1/auth/me", &at2).await.assert_problem(401);
    // The revocation is audited; another login still works.
    assert_eq!(
        app.audit_rows("action=revoke&resource_type=session")
            .await
            .len(),
        1
    );
    app.admin_token().await;
    // Unknown tokens are refused.
    let unknown = app
        .send(
            Method::POST,
            "/api/v1/auth/refresh",
            None,
            Some(json!({"refresh_token": "rt_nope"})),
        )
        .await;
    unknown.assert_problem(401);
}

async fn concurrent_refreshes_with_one_token_succeed_once(db: Db) {
    let app = spawn_app(db).await;
    let rt = app.admin_tokens().await["refresh_token"]
        .as_str()
        .unwrap()
        .to_owned();
    let attempts = (0..8).map(|_| {
        app.send(
            Method::POST,
            "/api/v1/auth/refresh",
            None,
            Some(json!({"refresh_token": rt.clone()})),
        )
    });
    let answers = futures_util::future::join_all(attempts).await;
    let ok = answers
        .iter()
        .filter(|a| a.status == StatusCode::OK)
        .count();
    assert!(ok <= 1, "at most one rotation of one token: {answers:?}");
    assert!(
        answers
            .iter()
            .all(|a| a.status == StatusCode::OK || a.status == StatusCode::UNAUTHORIZED)
    );
}

async fn an_expired_access_token_is_refused(db: Db) {
    let app = spawn_app(db).await;
    let tokens = app.admin_tokens().await;
    let sid = {
        // The session id is in the token's claims.
        let claims = kairos_server::platform::auth::tokens::verify_access(
            &Keys::from_secret(SECRET),
            tokens["access_token"].as_str().unwrap(),
        )
        .unwrap();
        claims.sid
    };
    let expired = issue_access(&Keys::from_secret(SECRET), 1, &sid, -1);
    let a = app.get("/api/v1/auth/me", &expired).await;
    assert!(a.assert_problem(401).contains("expired"));
}

async fn logout_ends_the_session_at_once(db: Db) {
    let app = spawn_app(db).await;
    let tokens = app.admin_tokens().await;
    let at = tokens["access_token"].as_str().unwrap();
    let out = app
        .send(Method::POST, "/api/v1/auth/logout", Some(at), None)
        .await;
    assert_eq!(out.status, StatusCode::NO_CONTENT);
    app.get("/api/v1/auth/me", at).await.assert_problem(401);
    let r = app
        .send(
            Method::POST,
            "/api/v1/auth/refresh",
            None,
            Some(json!({"refresh_token": tokens["refresh_token"]})),
        )
        .await;
    r.assert_problem(401);
}

async fn a_deactivated_users_tokens_stop_working(db: Db) {
    let app = spawn_app(db).await;
    let (id, token) = app.user_with_role("manager").await;
    assert_eq!(
        app.get("/api/v1/auth/me", &token).await.status,
        StatusCode::OK
    );
    let admin = app.admin_token().await;
    let d = app
        .send(
            Method::PATCH,
            &format!("/api/v1/users/{id}"),
            Some(&admin),
            Some(json!({"is_active": false})),
        )
        .await;
    assert_eq!(d.status, StatusCode::OK, "{d:?}");
    assert_eq!(d.body["is_active"], false);
    app.get("/api/v1/auth/me", &token).await.assert_problem(401);
    let email = d.body["email"].as_str().unwrap();
    app.login(email, "password-123").await.assert_problem(401);
}

async fn login_is_rate_limited_per_account_with_retry_after(db: Db) {
    let app = spawn_app_with(db, |c| c.login_account_limit = 3).await;
    let admin = app.admin_token().await;
    let viewer = app
        .post(
            "/api/v1/users",
            &admin,
            json!({"email": "v@test.example", "role": "viewer", "password": "password-123"}),
        )
        .await;
    assert_eq!(viewer.status, StatusCode::CREATED);
    for _ in 0..3 {
        app.login(ADMIN_EMAIL, "wrong-password")
            .await
            .assert_problem(401);
    }
    let limited = app.login(ADMIN_EMAIL, ADMIN_PASSWORD).await;
    limited.assert_problem(429);
    let retry: u64 = limited.headers["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!(retry > 0);
    // Other accounts are not locked by it.
    assert_eq!(
        app.login("v@test.example", "password-123").await.status,
        StatusCode::OK
    );
}

async fn login_is_rate_limited_per_ip(db: Db) {
    let app = spawn_app_with(db, |c| c.login_ip_limit = 4).await;
    // A shared address may sign in as often as it likes.
    for _ in 0..6 {
        let ok = app.login(ADMIN_EMAIL, ADMIN_PASSWORD).await;
        assert_eq!(ok.status, reqwest::StatusCode::OK, "{ok:?}");
    }
    for i in 0..4 {
        app.login(&format!("user{i}@test.example"), "whatever-pass")
            .await
            .assert_problem(401);
    }
    let limited = app.login(ADMIN_EMAIL, ADMIN_PASSWORD).await;
    limited.assert_problem(429);
    assert!(limited.headers.contains_key("retry-after"));
}

async fn changing_the_password_ends_other_sessions(db: Db) {
    let app = spawn_app(db).await;
    let other = app.admin_token().await;
    let current = app.admin_token().await;
    let wrong = app
        .post(
            "/api/v1/auth/password",
            &current,
            json!({"current_password": "nope-nope", "new_password": "new-password-9"}),
        )
        .await;
    wrong.assert_problem(422);
    let ok = app
        .post(
            "/api/v1/auth/password",
            &current,
            json!({"current_password": ADMIN_PASSWORD, "new_password": "new-password-9"}),
        )
        .await;
    assert_eq!(ok.status, StatusCode::NO_CONTENT, "{ok:?}");
    assert_eq!(
        app.get("/api/v1/auth/me", &current).await.status,
        StatusCode::OK
    );
    app.get("/api/v1/auth/me", &other).await.assert_problem(401);
    app.login(ADMIN_EMAIL, ADMIN_PASSWORD)
        .await
        .assert_problem(401);
    assert_eq!(
        app.login(ADMIN_EMAIL, "new-password-9").await.status,
        StatusCode::OK
    );
}
